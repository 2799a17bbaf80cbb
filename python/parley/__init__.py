"""parley from Python: load a scenario, run it, and get the results as pandas frames.

    import parley
    s = parley.load("scenarios/afghanistan-2015/scenario.yaml")
    r = parley.run(s, runs=1000, seed=1, variants=["two_track", "ceasefire_in_talks"])
    r.runs, r.monthly, r.yearly_deaths, r.region_control, r.survival   # pandas DataFrames

The frames are the tables of the results database (docs/results-format.md), column for column
and value for value: `parley.run` writes one (to `out`, or to a temporary file) exactly as
`parley run --out` does, and reads it back as `parley.open` does.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import pandas as pd

from . import _parley

__all__ = ["load", "run", "open", "bargain", "Scenario", "Results", "Diagnostic", "InputError",
           "ScenarioError", "TableError", "StoreError", "__version__"]
__version__ = _parley.version

StoreError = _parley.StoreError  # a results database that cannot be created, read or written


@dataclass(frozen=True)
class Diagnostic:
    """One located problem in an input file, as `parley validate` prints it (`str(d)`)."""
    file: str
    line: int      # 1-based; 0 when unknown
    column: int    # 1-based; 0 when unknown
    severity: str  # "error", "warning" or "note"
    message: str
    text: str      # "file:line:column: error: message"

    def __str__(self) -> str:
        return self.text


class InputError(ValueError):
    """Invalid input; `.diagnostics` lists every problem found, in file order."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ScenarioError(InputError):
    """A scenario file (or its overrides) is invalid."""


class TableError(InputError):
    """A table of actors given to `bargain` is invalid."""


def _diagnostics(raw) -> list:
    return [Diagnostic(*d) for d in raw]


# ---------------------------------------------------------------- scenarios and overrides

def _overrides_text(overrides: Optional[Mapping[str, Any]]) -> str:
    """Overrides as the YAML text the loader merges like a variant (JSON is YAML).

    Keys are parameter names (`open_rate`), dotted paths into the scenario
    (`actors.gov.cost_of_war`, `patrons.pakistan>taliban.pressure`, `meta.months`), or
    top-level keys with nested mappings, merged by the rules of docs/scenario-format.md.
    """
    if not overrides:
        return ""
    parameters = set(_parley.parameter_names())
    tree: dict = {}
    for key, value in overrides.items():
        path = ["meta", "parameters", key] if key in parameters else key.split(".")
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"overrides: '{key}' goes inside a value that another override sets")
        node[path[-1]] = value
    return json.dumps(tree, default=_plain)


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"overrides: {value!r} is not a number, a string, a list or a mapping")


class Scenario:
    """A valid scenario file with its variants (`parley.load`)."""

    def __init__(self, loaded, warnings: Sequence[Diagnostic]):
        self._loaded = loaded
        self.warnings = list(warnings)
        self._base = _parley.describe(loaded, "base")

    path = property(lambda self: self._loaded.path, doc="the scenario file")
    overrides = property(lambda self: self._loaded.overrides, doc="the overrides, as YAML text ('' for none)")
    name = property(lambda self: self._base["name"])
    description = property(lambda self: self._base["description"])
    start = property(lambda self: self._base["start"], doc="the first month, YYYY-MM")
    months = property(lambda self: self._base["months"], doc="the horizon in months")

    @property
    def variants(self) -> list:
        """Variant names, "base" (the base scenario) first."""
        return list(_parley.variant_names(self._loaded))

    def variant(self, name: str = "base") -> dict:
        """One variant as plain data: name, months, issues, camps, actors, regions, parameters."""
        return _parley.describe(self._loaded, name)

    @property
    def issues(self) -> pd.DataFrame:
        return pd.DataFrame(self._base["issues"])

    @property
    def camps(self) -> pd.DataFrame:
        return pd.DataFrame(self._base["camps"])

    @property
    def actors(self) -> pd.DataFrame:
        return pd.DataFrame(self._base["actors"])

    @property
    def regions(self) -> pd.DataFrame:
        return pd.DataFrame(self._base["regions"])

    @property
    def parameters(self) -> pd.Series:
        """The model parameters of the base scenario, by name."""
        return pd.Series(self._base["parameters"], name="value")

    def __repr__(self) -> str:
        extra = " with overrides" if self.overrides else ""
        return f"<parley.Scenario {self.name!r} from {self.path}{extra}: {len(self.variants)} variants>"


def load(path: Union[str, os.PathLike], overrides: Optional[Mapping[str, Any]] = None) -> Scenario:
    """Loads and checks a scenario file; raises ScenarioError with every located error."""
    loaded, raw = _parley.load(os.fspath(path), _overrides_text(overrides))
    diagnostics = _diagnostics(raw)
    if loaded is None:
        raise ScenarioError(diagnostics)
    return Scenario(loaded, diagnostics)


# ---------------------------------------------------------------- results

_TABLES = ("runs", "monthly", "monthly_control", "yearly_deaths", "region_control", "survival")
# Attributes named for what they hold, and the tables (or views) they are (schema version 6).
_NAMED_TABLES = {"tracks": "run_tracks", "inputs": "run_inputs", "agenda": "monthly_agenda",
                 "victory": "monthly_victory", "run_yearly_deaths": "run_yearly_deaths",
                 "run_observations": "run_observations", "observations": "observations"}
# The dimension tables, read by Results.table(name).
_OTHER_TABLES = ("experiment", "files", "variants", "issues", "camps", "actors", "regions", "tracks", "agenda_items",
                 "inputs", "calendar_years", "region_shapes", "questions", "question_variants")


def _read_table(con: sqlite3.Connection, table: str) -> pd.DataFrame:
    """A table in stored order; INTEGER columns as int64 (nullable Int64 when they hold NULL)."""
    types = {row[1]: (row[2] or "").upper() for row in con.execute(f"PRAGMA table_info({table})")}
    cursor = con.execute(f"SELECT * FROM {table}")
    columns = [c[0] for c in cursor.description]
    frame = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for column in columns:
        kind = types.get(column, "")
        if kind == "INTEGER":
            frame[column] = frame[column].astype("Int64" if frame[column].isna().any() else "int64")
        elif kind == "REAL":
            frame[column] = frame[column].astype("float64")
    return frame


class Results:
    """An experiment's results: its metadata and its tables as pandas DataFrames.

    `runs` (one row per run and variant), `monthly`, `monthly_control`, `yearly_deaths`,
    `region_control` and `survival` are the database tables of docs/results-format.md, and so
    are `tracks` (the table run_tracks: each run's results per talks track), `inputs`
    (run_inputs: each run's draws of the uncertain inputs), `agenda` (monthly_agenda: the
    share of runs with each agenda item closed) and `victory` (monthly_victory: the share of
    runs won by each camp so far, by how), `run_yearly_deaths` (each run's battle deaths per
    calendar year; the years' months are in `table("calendar_years")`), `observations` (the
    rows of the scenario's observations file) and `run_observations` (each run's simulated
    value of each of those rows). `table(name)` reads any other table (`tracks`,
    `agenda_items`, `inputs`, `calendar_years`, `actors`, ...).
    An incomplete database (an interrupted run) has every run row stored so far and empty
    aggregate tables; `complete` says which.
    """

    def __init__(self, path: str):
        self.path = path
        # TODO(ResultsReader): check and read through the library's public results reader.
        self._check = _parley.check_database(path)
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT * FROM experiment").fetchone()
            names = [c[0] for c in con.execute("SELECT * FROM experiment").description]
            self.experiment = dict(zip(names, row))
            self.variants = _read_table(con, "variants")
            for table in _TABLES:
                setattr(self, table, _read_table(con, table))
            for name, table in _NAMED_TABLES.items():
                setattr(self, name, _read_table(con, table))
            self._other = {table: _read_table(con, table) for table in _OTHER_TABLES}
        finally:
            con.close()

    def table(self, name: str) -> pd.DataFrame:
        """Any table of the database by its name, as stored (e.g. "tracks", "inputs", "run_tracks")."""
        for attribute, table in _NAMED_TABLES.items():
            if name == table:
                return getattr(self, attribute)
        if name in _TABLES:
            return getattr(self, name)
        if name in self._other:
            return self._other[name]
        raise KeyError(f"no table {name!r} (tables: {', '.join(_TABLES + tuple(_NAMED_TABLES.values()) + _OTHER_TABLES)})")

    @property
    def complete(self) -> bool:
        return self.experiment["status"] == "complete"

    def __repr__(self) -> str:
        e = self.experiment
        return (f"<parley.Results {e['status']}: {e['items_done']} runs of {', '.join(self.variants.variant)}"
                f" (seed {e['seed']})" + (f" from {self.path}>" if self.path else ">"))


def open(db_path: Union[str, os.PathLike]) -> Results:  # noqa: A001 (parley.open, as the issue names it)
    """The results of an experiment from its database (written by `parley run --out` or `run`)."""
    return Results(os.fspath(db_path))


class _TextProgress:
    """A one-line progress report on a terminal's stderr (when tqdm is not installed)."""

    def __init__(self, total: int):
        self.total, self.start, self.drawn = total, time.monotonic(), False

    def __call__(self, done: int, total: int) -> None:
        rate = done / max(time.monotonic() - self.start, 1e-9)
        sys.stderr.write(f"\r  {done} / {total} runs ({100 * done / max(total, 1):.0f}%), {rate:.0f} runs/s   ")
        sys.stderr.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


class _TqdmProgress:
    def __init__(self, total: int):
        from tqdm.auto import tqdm
        self.bar = tqdm(total=total, unit="runs")

    def __call__(self, done: int, total: int) -> None:
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def _progress(enabled: Optional[bool], total: int):
    """In a notebook or on a terminal: tqdm (a widget in notebooks, a bar in terminals) when it
    is installed, else a line of text on stderr; nothing otherwise (logs, pipes, CI).
    progress=False turns it off, True turns it on anywhere."""
    if enabled is False:
        return None
    if not (enabled or sys.stderr.isatty() or "ipykernel" in sys.modules):
        return None
    try:
        return _TqdmProgress(total)
    except ImportError:
        return _TextProgress(total)


def run(scenario: Union[str, os.PathLike, Scenario], runs: int = 1000, seed: int = 1,
        variants: Union[None, str, Iterable[str]] = None, threads: Optional[int] = None,
        out: Union[None, str, os.PathLike] = None, overrides: Optional[Mapping[str, Any]] = None,
        progress: Optional[bool] = None) -> Results:
    """Runs `runs` Monte Carlo runs of each variant with `seed`, as `parley run` does.

    variants: None for the base scenario, "all" for the base and every variant, or names.
    threads: None for every core. The results do not depend on it.
    out: the results database to write (it must not exist); None for a temporary one.
    overrides: a what-if without editing the file, merged onto the base and every variant:
        {"open_rate": 0.1, "actors.gov.cost_of_war": 0.004, "patrons.pakistan>taliban.pressure": 0.9}.
    Ctrl-C (or interrupting the notebook kernel) stops the runs and raises KeyboardInterrupt;
    with `out`, the database then holds every run so far and `parley run --resume` finishes it
    (without overrides).
    """
    if isinstance(scenario, Scenario):
        if overrides:
            scenario = load(scenario.path, _merge_overrides(scenario.overrides, overrides))
    else:
        scenario = load(scenario, overrides)
    if variants is None:
        names = ["base"]
    elif isinstance(variants, str):
        names = scenario.variants if variants == "all" else [variants]
    else:
        names = list(variants)
    if runs < 1:
        raise ValueError("runs must be at least 1")
    call = (f"parley.run({scenario.path!r}, runs={runs}, seed={seed}, variants={names!r}"
            + (f", overrides={scenario.overrides}" if scenario.overrides else "") + ")")
    temporary = None
    if out is None:
        temporary = tempfile.TemporaryDirectory(prefix="parley-")
        path = os.path.join(temporary.name, "results.db")
    else:
        path = os.fspath(out)
    bar = _progress(progress, runs * len(names))
    try:
        _parley.run(scenario._loaded, names, runs, seed, threads or 0, path, call, bar)
        results = Results(path)
        if temporary is not None:
            results.path = None  # read into memory; the temporary file is gone
        return results
    finally:
        if bar is not None:
            bar.close()
        if temporary is not None:
            temporary.cleanup()


def _merge_overrides(previous: str, more: Mapping[str, Any]) -> dict:
    """A scenario loaded with overrides, run with more: both apply, the later ones winning."""
    merged: dict = {}
    if previous:
        def flatten(prefix, node):
            for k, v in node.items():
                if isinstance(v, dict):
                    flatten(prefix + [k], v)
                else:
                    merged[".".join(prefix + [k])] = v
        flatten([], json.loads(previous))
    merged.update(more)
    return merged


# ---------------------------------------------------------------- bargaining

def bargain(table, model: str = "eum", preset: str = "scholz", rounds: Optional[int] = None,
            eum_options: Union[None, Mapping[str, Any], Iterable[str]] = None, q: Optional[float] = None,
            tolerance: Optional[float] = None, stable_rounds: int = 3, loss: str = "linear",
            status_quo: Optional[float] = None, span: Optional[float] = None, joint: bool = False,
            salience_scale: str = "auto", rounds_frame: bool = False):
    """Forecasts a negotiated outcome from a table of actors, as `parley bargain` does.

    table: a CSV file (plain or KTAB, docs/bargaining.md) or a DataFrame with the same columns
    (actor, capability, position, salience, or position:<issue> / salience:<issue>).
    Returns a DataFrame with one row per issue (issue, forecast, status, converged); with
    rounds_frame=True, also a second frame of every round (issue, round, median, mean, and one
    column per actor).
    """
    if isinstance(eum_options, Mapping):
        eum_options = [f"{k}={v}" for k, v in eum_options.items()]
    options = dict(model=model, preset=preset, rounds=rounds, eum_options=list(eum_options or []), q=q,
                   tolerance=tolerance, stable_rounds=stable_rounds, loss=loss, status_quo=status_quo,
                   span=span, joint=joint, salience_scale=salience_scale)
    if isinstance(table, pd.DataFrame):
        result, raw = _parley.bargain(table.to_csv(index=False), True, "<DataFrame>", options)
    else:
        path = os.fspath(table)
        result, raw = _parley.bargain(path, False, path, options)
    if result is None:
        raise TableError(_diagnostics(raw))
    frame = pd.DataFrame([{k: i[k] for k in ("issue", "forecast", "status", "converged")} for i in result["issues"]])
    frame.attrs.update(model=result["model"], salience_note=result["salience_note"],
                       eum_options=result["eum_options"])
    if not rounds_frame:
        return frame
    rows = []
    for i in result["issues"]:
        for r in i["rounds"]:
            row = {"issue": i["issue"], "round": r["round"], "median": r["median"], "mean": r["mean"]}
            row.update(zip(result["actors"], r["positions"]))
            rows.append(row)
    return frame, pd.DataFrame(rows)
