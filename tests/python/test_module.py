# The parley Python module against the parley command: the same tables for the same scenario and
# seed, the same diagnostics as `parley validate`, overrides, Ctrl-C, the GIL, bargaining.
# Run by ctest (label `python`) with PYTHONPATH=<build>/python, PARLEY_BINARY and PARLEY_SOURCE_DIR;
# by hand: PYTHONPATH=build/release/python PARLEY_BINARY=build/release/parley \
#          PARLEY_SOURCE_DIR=. /usr/bin/python3 -m unittest -v tests/python/test_module.py
import json
import math
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import pandas as pd

import parley

SOURCE = os.environ.get("PARLEY_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("PARLEY_BINARY", os.path.join(SOURCE, "build", "release", "parley"))
PATRON = os.path.join(SOURCE, "scenarios", "patron", "scenario.yaml")
FLAGSHIP = os.path.join(SOURCE, "scenarios", "afghanistan-2015", "scenario.yaml")
BAD = os.path.join(SOURCE, "tests", "data", "scenarios")
TABLES = ("runs", "monthly", "monthly_control", "yearly_deaths", "region_control", "survival",
          "run_tracks", "run_inputs", "monthly_agenda", "monthly_victory", "run_yearly_deaths", "run_observations",
          "observations")
# The frames with other names than their tables (schema version 6).
ATTRIBUTES = {"run_tracks": "tracks", "run_inputs": "inputs", "monthly_agenda": "agenda",
              "monthly_victory": "victory"}
# Two tracks with agendas and an uncertain input: every new table has rows.
RECORDS = """format: 2
meta:
  name: Records
  start: 2020-01
  months: 48
  parameters: {engagement_rate: 6, open_rate: 0.3, formal_rate: 0.3, derail_rate: 0.02, concession_rate: 0.3}
issues:
  - {id: power, label: Power}
  - {id: troops, label: Troops}
camps:
  - {id: gov, name: Government, victory_terms: {power: 0, troops: 100}}
  - {id: ins, name: Insurgents, victory_terms: {power: 100, troops: 0}}
actors:
  - {id: g, role: belligerent, camp: gov, veto: true, positions: {power: 20, troops: 60},
     salience: {power: 1, troops: 0.5}, cost_of_war: 0.004, belief: {mean: 0.55, strength: 10}}
  - {id: r, role: belligerent, camp: ins, veto: true, positions: {power: 70, troops: 30},
     salience: {power: 1, troops: 0.5}, cost_of_war: {uniform: [0.002, 0.008]}, belief: {mean: 0.55, strength: 10}}
regions:
  - {id: north, population: 1000, control: {gov: 0.5, ins: 0.5}, forces: {g: 300, r: 250}}
tracks:
  - {id: main, participants: [g, r], agenda: [power, troops]}
  - {id: side, participants: [g, r]}
"""


def cli(*args, check=True):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, check=check)


def sqlite_table(path, table):
    """(columns, rows) read with sqlite3 alone: the expected values, independent of the module."""
    con = sqlite3.connect(path)
    try:
        cursor = con.execute(f"SELECT * FROM {table}")
        return [c[0] for c in cursor.description], cursor.fetchall()
    finally:
        con.close()


def frame_rows(frame):
    """A frame's rows as plain Python values, missing values as None."""
    rows = []
    for record in frame.itertuples(index=False, name=None):
        rows.append(tuple(None if (v is pd.NA or (isinstance(v, float) and math.isnan(v))) else
                          (v.item() if hasattr(v, "item") else v) for v in record))
    return rows


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="parley-python-test-")
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def db(self, name):
        return os.path.join(self.dir, name)

    def assertFramesEqualDatabase(self, results, db_path, tables=TABLES, ignore=(), may_be_empty=("run_inputs", "run_observations", "observations")):
        for table in tables:
            columns, rows = sqlite_table(db_path, table)
            frame = getattr(results, ATTRIBUTES.get(table, table))
            self.assertTrue(frame.equals(results.table(table)), table)
            self.assertEqual([c for c in frame.columns if c not in ignore], [c for c in columns if c not in ignore],
                             table)
            keep = [i for i, c in enumerate(columns) if c not in ignore]
            got = [tuple(r[i] for i in keep) for r in frame_rows(frame)]
            want = [tuple(r[i] for i in keep) for r in rows]
            if table not in may_be_empty:
                self.assertGreater(len(want), 0, f"{table} is empty in {db_path}")
            self.assertEqual(len(got), len(want), table)
            for n, (g, w) in enumerate(zip(got, want)):
                self.assertEqual(g, w, f"{table} row {n}")


class FramesEqualTheCommandsTables(Base):
    def test_flagship_two_variants(self):
        cli_db = self.db("cli.db")
        cli("run", FLAGSHIP, "--variant", "two_track", "--variant", "ceasefire_in_talks", "--runs", "40",
            "--seed", "2015", "--threads", "2", "--quiet", "--out", cli_db)
        # A different thread count, a temporary database: the same numbers.
        r = parley.run(FLAGSHIP, runs=40, seed=2015, variants=["two_track", "ceasefire_in_talks"], threads=1)
        self.assertTrue(r.complete)
        self.assertFramesEqualDatabase(r, cli_db)
        self.assertEqual(r.runs["run"].dtype, "int64")
        self.assertEqual(str(r.runs["first_agreement"].dtype), "Int64")  # NULL where none came

    def test_every_variant_into_out_and_open(self):
        cli_db, py_db = self.db("cli.db"), self.db("py.db")
        cli("run", PATRON, "--all-variants", "--runs", "150", "--seed", "7", "--quiet", "--out", cli_db)
        r = parley.run(PATRON, runs=150, seed=7, variants="all", out=py_db, threads=2)
        self.assertFramesEqualDatabase(r, cli_db)
        self.assertFramesEqualDatabase(parley.open(cli_db), cli_db)
        self.assertFramesEqualDatabase(parley.open(py_db), cli_db)
        self.assertEqual(list(r.variants.variant), parley.load(PATRON).variants)
        # The Python database is one the command reads too.
        self.assertEqual(cli("summary", py_db).stdout.splitlines()[1:], cli("summary", cli_db).stdout.splitlines()[1:])

    def test_yearly_deaths_and_observation_frames(self):
        # tests/data/calibrate: 2020-01 to 2024-12 (five whole calendar years), three observation rows.
        scenario = os.path.join(SOURCE, "tests", "data", "calibrate", "scenario.yaml")
        cli_db = self.db("cli.db")
        cli("run", scenario, "--runs", "30", "--seed", "5", "--quiet", "--out", cli_db)
        r = parley.run(scenario, runs=30, seed=5, threads=2)
        self.assertFramesEqualDatabase(r, cli_db, may_be_empty=())
        self.assertEqual(list(r.run_yearly_deaths.columns), ["variant", "run", "year", "deaths"])
        self.assertEqual(len(r.run_yearly_deaths), 30 * 5)
        self.assertEqual(sorted(set(r.run_yearly_deaths.year)), [2020, 2021, 2022, 2023, 2024])
        # A run's calendar years add up to its battle deaths.
        total = r.run_yearly_deaths.groupby("run").deaths.sum()
        for run, deaths in r.runs.set_index("run").battle_deaths.items():
            self.assertAlmostEqual(total[run], deaths, delta=1e-6 * max(1.0, deaths))
        self.assertEqual(list(r.observations.quantity), ["battle_deaths"] * 3)
        self.assertEqual(list(r.observations.period), ["2020-01..2020-12", "2021-01..2021-12", "2023-01..2023-12"])
        self.assertEqual(list(r.observations.use), ["calibrate", "calibrate", "score"])
        self.assertEqual(len(r.run_observations), 30 * 3)
        # The 2021 row's value in each run is that run's 2021 deaths.
        y2021 = r.run_yearly_deaths[r.run_yearly_deaths.year == 2021].set_index("run").deaths
        o2021 = r.run_observations[r.run_observations.observation == 1].set_index("run").value
        for run in range(30):
            self.assertAlmostEqual(o2021[run], y2021[run], delta=1e-6 * max(1.0, y2021[run]))
        self.assertEqual(list(r.table("calendar_years").months), [12] * 5)

    def test_tracks_inputs_agenda_and_victory_frames(self):
        scenario = os.path.join(self.dir, "records.yaml")
        with open(scenario, "w") as f:
            f.write(RECORDS)
        cli_db = self.db("cli.db")
        cli("run", scenario, "--runs", "60", "--seed", "3", "--quiet", "--out", cli_db)
        r = parley.run(scenario, runs=60, seed=3, threads=2)
        self.assertFramesEqualDatabase(r, cli_db, may_be_empty=("run_observations", "observations"))
        self.assertEqual(list(r.tracks.columns),
                         ["variant", "run", "track", "months_formal", "first_formal", "first_agreement",
                          "last_agreement", "agreements", "items_closed", "items_reopened", "rejections",
                          "derailments"])
        self.assertEqual(list(r.inputs.columns), ["variant", "run", "input", "value"])
        self.assertEqual(list(r.agenda.columns), ["variant", "month", "date", "track", "item", "share_closed"])
        self.assertEqual(list(r.victory.columns), ["variant", "month", "date", "camp", "victory_by", "probability"])
        self.assertEqual(len(r.tracks), 2 * 60)
        self.assertEqual(set(r.inputs.input), {"actors.r.cost_of_war"})
        self.assertTrue(r.inputs.value.between(0.002, 0.008).all())
        self.assertEqual(list(r.table("tracks").track), ["main", "side"])
        # The victory frame's last month is the share of runs won, by camp and how.
        last = r.victory[r.victory.month == 47]
        won = r.runs[r.runs.outcome == "victory"]
        for (camp, how), p in last.set_index(["camp", "victory_by"]).probability.items():
            self.assertAlmostEqual(p, ((won.victor == camp) & (won.victory_by == how)).sum() / 60)
        # Each run's months in formal talks on the first track match the runs' first_formal.
        first = r.tracks[r.tracks.track == "main"].set_index("run")
        self.assertTrue(((first.months_formal > 0) <= first.first_formal.notna()).all())

    def test_open_refuses_what_is_not_a_results_database(self):
        path = self.db("not.db")
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
        with self.assertRaises(parley.StoreError):
            parley.open(path)


class ScenarioErrors(Base):
    def test_diagnostics_are_those_of_parley_validate(self):
        files = sorted(f for f in os.listdir(BAD) if f.startswith("bad-") and f.endswith(".yaml"))
        self.assertGreater(len(files), 5)
        for name in files:
            path = os.path.join(BAD, name)
            shown = cli("validate", "--quiet", path, check=False)
            self.assertEqual(shown.returncode, 2, name)
            located = re.compile(r"^[^:]+:\d+:\d+: (error|warning|note): ")
            expected = [line for line in (shown.stdout + shown.stderr).splitlines() if located.match(line)]
            self.assertTrue(expected, name)
            with self.assertRaises(parley.ScenarioError) as caught:
                parley.load(path)
            got = caught.exception.diagnostics
            self.assertEqual([str(d) for d in got], expected, name)
            for d in got:
                self.assertEqual(d.text, f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message}")
            with self.assertRaises(parley.ScenarioError):
                parley.run(path, runs=1)

    def test_a_bad_override_is_located_in_the_overrides(self):
        with self.assertRaises(parley.ScenarioError) as caught:
            parley.load(PATRON, overrides={"actors.nobody.clout": 2})
        self.assertTrue(any(d.file == "overrides" and "nobody" in d.message for d in caught.exception.diagnostics),
                        caught.exception.diagnostics)
        with self.assertRaises(parley.ScenarioError) as caught:
            parley.load(PATRON, overrides={"open_rate": -1})
        self.assertTrue(any(d.file == "overrides" and "open_rate" in d.message for d in caught.exception.diagnostics),
                        caught.exception.diagnostics)


class Overrides(Base):
    def test_an_override_equals_the_variant_that_makes_the_same_change(self):
        cli_db = self.db("cli.db")
        cli("run", PATRON, "--variant", "strong_pressure", "--runs", "120", "--seed", "3", "--quiet", "--out", cli_db)
        r = parley.run(PATRON, runs=120, seed=3, overrides={"patrons.patron>rebels.pressure": 0.9})
        self.assertEqual(list(r.variants.variant), ["base"])
        self.assertFramesEqualDatabase(r, cli_db, ignore=("variant",))
        plain = parley.run(PATRON, runs=120, seed=3)
        self.assertNotEqual(frame_rows(plain.runs), frame_rows(r.runs))

    def test_parameter_overrides_reach_every_variant(self):
        s = parley.load(PATRON, overrides={"open_rate": 0.123, "meta.months": 80})
        self.assertEqual(s.parameters["open_rate"], 0.123)
        for v in s.variants:
            self.assertEqual(s.variant(v)["parameters"]["open_rate"], 0.123, v)
            self.assertEqual(s.variant(v)["months"], 80, v)
        self.assertNotEqual(parley.load(PATRON).parameters["open_rate"], 0.123)
        out = os.path.join(tempfile.mkdtemp(), "overrides.db")
        r = parley.run(s, runs=5, seed=1, variants="all", out=out)
        self.assertTrue(set(r.runs.months_simulated.unique()) <= set(range(81)))
        self.assertEqual(set(r.monthly.month), set(range(80)))
        with sqlite3.connect(out) as con:
            roles = [row[0] for row in con.execute("SELECT role FROM files ORDER BY position")]
        self.assertIn("overrides", roles)


class Interrupts(Base):
    def test_ctrl_c_stops_the_runs_and_keeps_a_resumable_database(self):
        db = self.db("interrupted.db")
        script = (
            "import parley, sys\n"
            "print('running', flush=True)\n"
            "try:\n"
            f"    parley.run({FLAGSHIP!r}, runs=100000, seed=9, out={db!r}, threads=2, progress=False)\n"
            "except KeyboardInterrupt:\n"
            "    print('interrupted', flush=True); sys.exit(5)\n")
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        self.assertEqual(child.stdout.readline().strip(), "running")
        time.sleep(3)
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
        self.assertLess(time.monotonic() - started, 5, "Ctrl-C took too long to stop the runs")
        self.assertEqual(child.returncode, 5, out)
        self.assertIn("interrupted", out)
        con = sqlite3.connect(db)
        status, done = con.execute("SELECT status, items_done FROM experiment").fetchone()
        stored = con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        con.close()
        self.assertEqual(status, "incomplete")
        self.assertGreater(done, 0)
        self.assertLess(done, 100000)
        self.assertEqual(stored, done)
        # The stored runs are the first ones, the same as the command's for the same seed.
        reference = self.db("reference.db")
        cli("run", FLAGSHIP, "--runs", str(done), "--seed", "9", "--quiet", "--out", reference)
        self.assertEqual(sqlite_table(db, "runs"), sqlite_table(reference, "runs"))
        r = parley.open(db)
        self.assertFalse(r.complete)
        self.assertEqual(len(r.runs), done)
        self.assertEqual(len(r.monthly), 0)

    def test_the_gil_is_released_while_simulating(self):
        wakeups = []
        worker = threading.Thread(target=lambda: parley.run(FLAGSHIP, runs=3000, seed=1, threads=1, progress=False))
        started = time.monotonic()
        worker.start()
        while worker.is_alive():
            wakeups.append(time.monotonic())
            time.sleep(0.01)
        seconds = time.monotonic() - started
        self.assertGreater(seconds, 1.0, "the run was too short to tell")
        # Holding the GIL would let this thread in only at the 5 progress ticks a second.
        self.assertGreater(len(wakeups) / seconds, 25)


class Scenarios(Base):
    def test_what_a_scenario_holds(self):
        s = parley.load(FLAGSHIP)
        self.assertEqual(s.name, "Afghanistan, May 2015")
        self.assertEqual(s.start, "2012-01")  # the history from January 2012; the forecast from May 2015
        self.assertEqual(s.months, 160)
        self.assertEqual(len(s.regions), 34)
        self.assertEqual(s.variants[0], "base")
        self.assertIn("ceasefire_in_talks", s.variants)
        self.assertIn("open_rate", s.parameters.index)
        self.assertIn("ansf", list(s.actors.actor))
        db = self.db("all.db")
        cli("run", FLAGSHIP, "--all-variants", "--runs", "1", "--quiet", "--out", db)
        self.assertEqual(s.variants, [row[0] for row in sqlite_table(db, "variants")[1]])
        self.assertEqual(list(s.issues.issue), [row[0] for row in sqlite_table(db, "issues")[1]])
        self.assertEqual(list(s.regions.population), [row[3] for row in sqlite_table(db, "regions")[1]])


class Bargain(Base):
    def test_forecasts_equal_the_commands(self):
        for table in ("two_actors.csv", "multi_issue.csv"):
            path = os.path.join(SOURCE, "tests", "data", "bargaining", table)
            for model in ("compromise", "median", "nash", "eum"):
                shown = json.loads(cli("bargain", path, "--model", model, "--format", "json").stdout)
                want = {i["name"]: i["forecast"] for i in shown["issues"]}
                got = parley.bargain(path, model=model)
                self.assertEqual(dict(zip(got.issue, got.forecast)), want, f"{table} {model}")
                frame = pd.read_csv(path, comment="#")
                again = parley.bargain(frame, model=model)
                self.assertEqual(list(again.forecast), list(got.forecast), f"{table} {model} from a DataFrame")

    def test_a_bad_table_raises_with_located_errors(self):
        path = os.path.join(SOURCE, "tests", "data", "bargaining", "negative_capability.csv")
        with self.assertRaises(parley.TableError) as caught:
            parley.bargain(path)
        self.assertTrue(all(d.file == path and d.line > 0 for d in caught.exception.diagnostics))


if __name__ == "__main__":
    unittest.main()
