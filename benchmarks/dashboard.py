"""Benchmark: the dashboard's views over the synthetic Jiaxing on SQLite.

Run: ``.venv/bin/python benchmarks/dashboard.py [entities]`` (default 2,000, the demo scale).
Builds a throwaway SQLite database with the demo logins, the synthetic city (verified annual
accounts 2020–2025) and the demo inventory, then times, best and worst of 3: the county ×
industry aggregate of one year (one SQL query), the public suppression pattern of that table
(the network method the pages use, and the exact integer model), a county official's overview
with every year's pattern computed anew, and the public and officials' overview, a county view
and a county × industry view as the pages call them. Never fails for speed.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import cpu
from rich.console import Console
from rich.table import Table

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.dashboard import repository, service, tables
from shuangtan.city.dashboard.suppression import protect_table, solve
from shuangtan.city.inventory.demo import load_demo_inventory
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.demo import load_demo
from shuangtan.demodata.load import load_synthetic_city
from shuangtan.migrations import upgrade
from shuangtan.place.scope import Scope

RUNS = 3
YEAR = 2024
COUNTY_OFFICIAL = Principal(
    user_id=0,
    username="bench-county",
    display_name="bench-county",
    role=Role.official,
    scope=Scope.county("330421"),
)
CITY_OFFICIAL = Principal(
    user_id=0,
    username="bench",
    display_name="bench",
    role=Role.official,
    scope=Scope.city("330400"),
)


def _uncached(call: Callable[[], object]) -> object:
    """``call`` with the suppression patterns computed anew (not from ``tables``' memory)."""
    tables.clear_patterns()
    return call()


def _time(factory: Any, call: Callable[[Any], object]) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        with factory() as session:
            start = time.perf_counter()
            call(session)
            times.append(time.perf_counter() - start)
    return min(times), max(times)


def main() -> None:
    entities = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    console = Console()
    console.print(f"{cpu()}; Python {platform.python_version()}; {entities} entities")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        factory = make_session_factory(make_engine(url))
        started = time.perf_counter()
        with session_scope(factory) as session:
            load_demo(session=session)
            load_synthetic_city(session=session, entities=entities)
            load_demo_inventory(session=session)
        load_seconds = time.perf_counter() - started
        with factory() as session:
            cells = repository.cells_of_year(session, YEAR)
        n_cells = sum(len(row) for row in cells.values())
        table = Table(title=f"dashboard on SQLite, year {YEAR}")
        table.add_column("step")
        table.add_column("seconds (best / worst)", justify="right")
        table.add_row("load: demo, synthetic city, inventory", f"{load_seconds:.1f}")
        steps: list[tuple[str, Callable[[Any], object]]] = [
            (
                f"county × industry aggregate ({n_cells} cells)",
                lambda s: repository.cells_of_year(s, YEAR),
            ),
            (
                "public suppression pattern (7 insiders)",
                lambda s: protect_table(cells, insiders=cells.keys()),
            ),
            (
                "public suppression pattern, exact integer model (HiGHS)",
                lambda s: solve(cells, insiders=cells.keys(), method="milp"),
            ),
            (
                "county official's overview (six years' patterns computed)",
                lambda s: _uncached(
                    lambda: service.official_overview(session=s, actor=COUNTY_OFFICIAL, year=YEAR)
                ),
            ),
            ("public overview", lambda s: service.public_overview(session=s, year=YEAR)),
            (
                "officials' overview (city)",
                lambda s: service.official_overview(session=s, actor=CITY_OFFICIAL, year=YEAR),
            ),
            (
                "county view (public)",
                lambda s: service.public_county_view(session=s, year=YEAR, county_code="330421"),
            ),
            (
                "county × industry with entities (city official)",
                lambda s: service.official_industry_view(
                    session=s, actor=CITY_OFFICIAL, year=YEAR, county_code="330483", key="C17"
                ),
            ),
        ]
        for name, call in steps:
            best, worst = _time(factory, call)
            table.add_row(name, f"{best:.3f} / {worst:.3f}")
        console.print(table)


if __name__ == "__main__":
    main()
