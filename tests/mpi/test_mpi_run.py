# parley run under mpirun: the database is the single process's, row for row and aggregate for
# aggregate, for 1, 2 and 3 processes; an interrupted database resumes under mpirun; a rank that
# dies ends the job with a message and an incomplete database that is valid and resumes.
# Run by ctest (label `mpi`) with PARLEY_BINARY, PARLEY_SOURCE_DIR and MPIRUN set; the command
# it runs is, as root (CI): mpirun --allow-run-as-root --oversubscribe -n N parley run ...
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

SOURCE = os.environ["PARLEY_SOURCE_DIR"]
BINARY = os.environ["PARLEY_BINARY"]
MPIRUN = os.environ.get("MPIRUN", "mpirun")
FLAGSHIP = os.path.join(SOURCE, "scenarios", "afghanistan-2015", "scenario.yaml")
PATRON = os.path.join(SOURCE, "scenarios", "patron", "scenario.yaml")
# Columns that say when and how a database was made, not what it holds.
CIRCUMSTANCES = {"started_at", "finished_at", "command_line"}


def launcher(n):
    root = ["--allow-run-as-root"] if os.geteuid() == 0 else []
    return [MPIRUN, *root, "--oversubscribe", "-n", str(n)]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def runs_in_item_order(path):
    """The runs table in the experiment's fixed item order (run, then the variant's position):
    the table is keyed (WITHOUT ROWID), so its stored order is by key, not by item."""
    con = sqlite3.connect(path)
    try:
        cursor = con.execute("SELECT r.* FROM runs r JOIN variants v ON v.variant = r.variant ORDER BY r.run, v.position")
        columns = [c[0] for c in cursor.description]
        keep = [i for i, c in enumerate(columns) if c not in CIRCUMSTANCES]
        return [tuple(r[i] for i in keep) for r in cursor.fetchall()]
    finally:
        con.close()


def dump(path):
    """Every table of a database, read with sqlite3 alone, in stored order."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for t in tables:
            cursor = con.execute(f"SELECT * FROM {t}")
            columns = [c[0] for c in cursor.description]
            keep = [i for i, c in enumerate(columns) if c not in CIRCUMSTANCES]
            out[t] = ([columns[i] for i in keep], [tuple(r[i] for i in keep) for r in cursor.fetchall()])
        pragmas = ("application_id", "user_version")
        out["pragmas"] = (list(pragmas), [tuple(con.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas)])
        return out
    finally:
        con.close()


def experiment(path):
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        status, done = con.execute("SELECT status, items_done FROM experiment").fetchone()
        stored = con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        return ok, status, done, stored
    finally:
        con.close()


class MpiRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="parley-mpi-test-")
        cls.dir = cls.tmp.name
        # The reference for the resume tests: one process, two threads.
        cls.long_args = [FLAGSHIP, "--all-variants", "--runs", "1500", "--seed", "11", "--quiet"]
        cls.reference = os.path.join(cls.dir, "reference.db")
        r = run([BINARY, "run", *cls.long_args, "--threads", "2", "--out", cls.reference])
        assert r.returncode == 0, r.stderr
        cls.reference_dump = dump(cls.reference)
        cls.items = len(cls.reference_dump["runs"][1])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertSameDatabase(self, got, want):
        a, b = dump(got), dump(want) if isinstance(want, str) else want
        self.assertEqual(sorted(a), sorted(b))
        for table in b:
            self.assertEqual(a[table][0], b[table][0], table)
            self.assertEqual(len(a[table][1]), len(b[table][1]), table)
            self.assertTrue(a[table][1] == b[table][1], f"{table} differs")

    def test_the_same_database_for_1_2_and_3_processes(self):
        for name, args in (("patron", [PATRON, "--all-variants", "--runs", "300", "--seed", "4"]),
                           ("flagship", [FLAGSHIP, "--variant", "two_track", "--variant", "ceasefire_in_talks",
                                         "--runs", "150", "--seed", "2015"])):
            single = self.path(f"{name}-single.db")
            r = run([BINARY, "run", *args, "--threads", "2", "--quiet", "--out", single])
            self.assertEqual(r.returncode, 0, r.stderr)
            for n in (1, 2, 3):
                db = self.path(f"{name}-mpi{n}.db")
                r = run([*launcher(n), BINARY, "run", *args, "--quiet", "--out", db])
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertSameDatabase(db, single)
            # The summary is printed once, by rank 0.
            r = run([*launcher(2), BINARY, "run", *args, "--out", self.path(f"{name}-summary.db")])
            self.assertEqual(r.stdout.count("results written to"), 1, r.stdout)

    def check_incomplete(self, db):
        ok, status, done, stored = experiment(db)
        self.assertEqual(ok, "ok")
        self.assertEqual(status, "incomplete")
        self.assertGreater(done, 0, "nothing was committed before the interruption")
        self.assertLess(done, self.items, "the run finished before it was interrupted")
        self.assertEqual(stored, done)
        # The stored runs are the first ones of the fixed order, as in the reference.
        self.assertEqual(runs_in_item_order(db), runs_in_item_order(self.reference)[:done])
        return done

    def test_an_interrupted_database_resumes_under_mpirun(self):
        db = self.path("interrupted.db")
        child = subprocess.Popen([BINARY, "run", *self.long_args, "--threads", "2", "--out", db],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(2.5)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        self.assertEqual(child.returncode, 130, err)
        self.check_incomplete(db)
        r = run([*launcher(3), BINARY, "run", *self.long_args, "--out", db, "--resume"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertSameDatabase(db, self.reference_dump)

    def test_a_rank_that_dies_leaves_a_valid_database_that_resumes(self):
        db = self.path("killed.db")
        # Rank 1 is killed (SIGKILL, as by the kernel's OOM killer or a failed node) after 2.5 s.
        die = 'if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then (sleep 2.5; kill -9 $$) & fi; exec "$0" "$@"'
        r = run([*launcher(2), "sh", "-c", die, BINARY, "run", *self.long_args, "--out", db])
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        message = r.stdout + r.stderr
        self.assertIn("interrupted after", message)
        self.assertIn("--resume", message)
        done = self.check_incomplete(db)
        self.assertIn(f"interrupted after {done} of {self.items} runs", message)
        r = run([*launcher(2), BINARY, "run", *self.long_args, "--out", db, "--resume"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertSameDatabase(db, self.reference_dump)

    def test_trace_is_refused_under_mpirun(self):
        r = run([*launcher(2), BINARY, "run", PATRON, "--runs", "3", "--trace", "1", "--quiet"])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertEqual(r.stderr.count("--trace narrates runs in one process"), 1, r.stderr)


if __name__ == "__main__":
    unittest.main()
