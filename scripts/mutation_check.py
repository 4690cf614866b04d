"""Data-mutation check of the factor tables: does some test fail when one factor changes?

For every number of every shipped factor table (``src/shuangtan/data/factors/*.csv``: each
``value``, and the ``lower``/``upper`` bounds of IPCC Table 2.2) the check writes a copy of the
folder with that one number times 1.01 (0 becomes 1), points the accounting core at the copy and
runs a fast selection of tests: the transcription test first, then the core's tests
(``tests/accounting``), stopping at the first failure. A mutation that no test notices is a
survivor. The tests are imported once; each mutation runs in a forked child, so one mutation
takes a fraction of a second and the whole check about a minute or two on one core.

Tests that already fail on the unchanged tables (someone's half-done work) are run once first,
reported and left out, so that they cannot be mistaken for a kill.

    .venv/bin/python scripts/mutation_check.py            # the check; exit 1 on a survivor
    .venv/bin/python scripts/mutation_check.py --write    # and write docs/factor-mutation.md
    .venv/bin/python scripts/mutation_check.py --behaviour  # without the transcription test:
                                                          # what the behavioural tests catch
    .venv/bin/python scripts/mutation_check.py --behaviour --write  # and add that as a section
                                                                    # of docs/factor-mutation.md
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "shuangtan" / "data" / "factors"
REPORT = ROOT / "docs" / "factor-mutation.md"
TRANSCRIPTION_TEST = "tests/accounting/test_transcriptions.py"
CORE_TESTS = "tests/accounting"
NUMBER_COLUMNS = ("value", "lower", "upper")


@dataclass(frozen=True)
class Mutation:
    """One number of one row of one table, changed."""

    table: str
    row: int
    factor_id: str
    column: str
    old: str
    new: str

    @property
    def name(self) -> str:
        return f"{self.table}:{self.factor_id}.{self.column} {self.old} -> {self.new}"


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    killed_by: str | None
    seconds: float
    flaky: str | None = None  # a test that failed but fails on the unchanged tables too


class _Failures:
    """A pytest plugin that keeps the node ids of failed tests."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed:
            self.failed.append(report.nodeid)


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def mutations() -> list[Mutation]:
    """Every number of every shipped table, each times 1.01 (0 becomes 1)."""
    found: list[Mutation] = []
    for path in sorted(DATA.glob("*.csv")):
        fields, rows = _rows(path)
        for index, row in enumerate(rows):
            for column in NUMBER_COLUMNS:
                text = row.get(column, "")
                if column not in fields or not text.strip():
                    continue
                old = float(text)
                new = repr(old * 1.01) if old != 0 else "1.0"
                found.append(Mutation(path.name, index, row["id"], column, text, new))
    return found


def _point_core_at(folder: Path) -> None:
    """Make the accounting core read its tables from ``folder`` (in this process only)."""
    module = importlib.import_module("shuangtan.accounting.library")
    module._TABLES = folder  # type: ignore[attr-defined]
    module.library.cache_clear()


def _steady_hypothesis() -> None:
    """Property tests that fail only for the factor, never for how the check runs them.

    No deadline and no example database (a deadline missed on a loaded machine would fail a test
    for the clock); and no ``differing_executors`` health check, which fires because each child
    runs a test class a second time in the process that collected it (a new instance calls the
    same method), an artefact of the check and not of the factor.
    """
    from hypothesis import HealthCheck, settings

    settings.register_profile(
        "mutation-check",
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.differing_executors],
    )
    settings.load_profile("mutation-check")


def _pytest(args: list[str]) -> list[str]:
    """The failed node ids of one quiet pytest run; an error when pytest itself could not run."""
    plugin = _Failures()
    saved = os.dup(1), os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        quiet = ["-q", "-p", "no:cacheprovider", "-p", "no:unraisableexception"]
        code = pytest.main([*args, *quiet], plugins=[plugin])
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(devnull)
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise RuntimeError(f"pytest could not run the selection {args}: exit {code!r}")
    return plugin.failed


def _in_child(folder: Path, args: list[str]) -> list[str]:
    """Run the tests against ``folder`` in a forked child; the failed node ids."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            _point_core_at(folder)
            failed = _pytest(args)
            with os.fdopen(write, "w") as pipe:
                json.dump(failed, pipe)
        except BaseException:  # a child must always exit here, whatever happened
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    if not text:
        raise RuntimeError("the forked test run failed before it could report")
    return list(json.loads(text))


def _stages(behaviour: bool) -> list[list[str]]:
    """The selection in the order it runs: the transcription test, then the core's other tests.

    Each stage runs only when the one before noticed nothing (a run stops at its first failure),
    so most mutations cost one short run of the transcription test.
    """
    core = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / CORE_TESTS).glob("test_*.py")
        if str(path.relative_to(ROOT)) != TRANSCRIPTION_TEST
    )
    return [core] if behaviour else [[TRANSCRIPTION_TEST], core]


def _first_failure(folder: Path, stages: list[list[str]]) -> str | None:
    for stage in stages:
        failed = _in_child(folder, [*stage, "-x"])
        if failed:
            return failed[0]
    return None


def _passes_unchanged(folder: Path, node: str, deselect: list[str]) -> bool:
    """Does ``node`` pass on the unchanged tables? A kill counts only if it does, so that a
    test failing for another reason (a flaky one, a clock) is never taken for a kill."""
    return not _in_child(folder, [node, *deselect])


def run(*, behaviour: bool, only: str | None) -> tuple[list[Outcome], list[str], float]:
    """Every mutation through the selection; the outcomes and the tests failing at baseline."""
    os.chdir(ROOT)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="factor-mutation-") as tmp:
        copy = Path(tmp) / "factors"
        shutil.copytree(DATA, copy)
        # imports every test once (so children only run them) and finds what fails already
        _point_core_at(copy)
        _steady_hypothesis()
        stages = _stages(behaviour)
        baseline = _pytest([path for stage in stages for path in stage])
        deselect = [arg for node in baseline for arg in ("--deselect", node)]
        stages = [[*stage, *deselect] for stage in stages]
        outcomes: list[Outcome] = []
        for mutation in mutations():
            if only and only not in mutation.name:
                continue
            target = copy / mutation.table
            fields, rows = _rows(target)
            original = target.read_text(encoding="utf-8")
            rows[mutation.row][mutation.column] = mutation.new
            _write(target, fields, rows)
            begun = time.monotonic()
            try:
                killer = _first_failure(copy, stages)
            finally:
                target.write_text(original, encoding="utf-8")
            flaky = None
            if killer is not None and not _passes_unchanged(copy, killer, deselect):
                flaky, killer = killer, None
            outcomes.append(Outcome(mutation, killer, time.monotonic() - begun, flaky))
    return outcomes, baseline, time.monotonic() - started


def report(outcomes: list[Outcome], baseline: list[str], seconds: float, *, behaviour: bool) -> str:
    """The result as Markdown (docs/factor-mutation.md)."""
    survivors = [o for o in outcomes if o.killed_by is None]
    tables: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        tables.setdefault(outcome.mutation.table, []).append(outcome)
    selection = (
        "tests/accounting without the transcription test"
        if behaviour
        else ("tests/accounting/test_transcriptions.py, then tests/accounting")
    )
    lines = [
        "# Factor mutation check",
        "",
        "Written by `scripts/mutation_check.py --write"
        + (" --behaviour" if behaviour else "")
        + "`. Every number of every shipped factor table"
        " (`src/shuangtan/data/factors/*.csv`: each `value`, and the `lower`/`upper` bounds of"
        " IPCC Table 2.2) is changed in turn, times 1.01, in a copy of the folder; the accounting"
        f" core reads the copy and the selection ({selection}) runs until a test fails."
        " A mutation no test notices is a survivor.",
        "",
        f"- run on {date.today().isoformat()}, {seconds:.0f} s in all"
        f" ({seconds / max(len(outcomes), 1):.2f} s a mutation)",
        f"- mutations: **{len(outcomes)}**; killed: **{len(outcomes) - len(survivors)}**;"
        f" survivors: **{len(survivors)}**",
        "- tests failing before any mutation (left out, not counted as kills): "
        + (", ".join(f"`{node}`" for node in baseline) if baseline else "none"),
        "",
        "| table | mutations | killed | survivors |",
        "|---|---:|---:|---:|",
    ]
    for table, rows in sorted(tables.items()):
        alive = sum(1 for o in rows if o.killed_by is None)
        lines.append(f"| `{table}` | {len(rows)} | {len(rows) - alive} | {alive} |")
    lines += ["", "## Survivors", ""]
    if survivors:
        lines += [
            f"- `{o.mutation.name}`"
            + (f" (`{o.flaky}` failed, but fails unchanged too: not a kill)" if o.flaky else "")
            for o in survivors
        ]
    else:
        lines.append("None: every mutation made at least one test fail.")
    killers: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.killed_by:
            module = outcome.killed_by.split("::")[0]
            killers[module] = killers.get(module, 0) + 1
    lines += ["", "## First failing test, by module", ""]
    lines += [f"- `{module}`: {count}" for module, count in sorted(killers.items())]
    return "\n".join(lines) + "\n"


BEHAVIOUR_HEADING = "## Without the transcription test"


def _with_behaviour_section(text: str) -> str:
    """docs/factor-mutation.md with its behavioural section replaced by ``text`` (the report of
    a ``--behaviour`` run, its headings one level down)."""
    current = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    kept = current.split("\n" + BEHAVIOUR_HEADING)[0].rstrip("\n")
    body = text.split("\n", 1)[1].replace("\n## ", "\n### ").strip("\n")
    return f"{kept}\n\n{BEHAVIOUR_HEADING}\n\n{body}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write docs/factor-mutation.md")
    parser.add_argument(
        "--behaviour",
        action="store_true",
        help="leave out the transcription test: what the behavioural tests alone catch",
    )
    parser.add_argument("--only", help="mutations whose name contains this text")
    options = parser.parse_args()
    outcomes, baseline, seconds = run(behaviour=options.behaviour, only=options.only)
    text = report(outcomes, baseline, seconds, behaviour=options.behaviour)
    print(text)
    if options.write and not options.behaviour:
        REPORT.write_text(text, encoding="utf-8")
    elif options.write:
        REPORT.write_text(_with_behaviour_section(text), encoding="utf-8")
    survivors = [o for o in outcomes if o.killed_by is None]
    return 1 if survivors and not options.behaviour else 0


if __name__ == "__main__":
    sys.exit(main())
