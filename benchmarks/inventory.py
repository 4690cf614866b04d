"""Benchmark: the inventory's demo load, city_totals and the GPC inventory on SQLite.

Run: ``.venv/bin/python benchmarks/inventory.py``. Builds a throwaway SQLite database with the
Jiaxing configuration and the demo inventory (2020–2025, seven counties), then times
``city_totals`` and ``gpc.inventory`` for every year and area (the city and its seven counties,
48 calls each), best and worst of 3; never fails for speed.
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from machine import cpu
from rich.console import Console
from rich.table import Table

from shuangtan.city.inventory import gpc, service
from shuangtan.city.inventory.demo import load_demo_inventory
from shuangtan.db import make_engine, make_session_factory, session_scope
from shuangtan.migrations import upgrade
from shuangtan.place.configuration import load_city, sync_city

RUNS = 3
AREAS = (None, "330402", "330411", "330421", "330424", "330481", "330482", "330483")


def main() -> None:
    console = Console()
    console.print(f"{cpu()}; Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        factory = make_session_factory(make_engine(url))
        started = time.perf_counter()
        with session_scope(factory) as session:
            sync_city(session=session, config=load_city("jiaxing"))
            session.flush()
            rows = load_demo_inventory(session=session)
        load_seconds = time.perf_counter() - started
        table = Table(title="inventory on SQLite")
        table.add_column("step")
        table.add_column("seconds (best / worst)", justify="right")
        table.add_row(f"demo load ({rows} rows, audited)", f"{load_seconds:.2f}")
        for name, call in (
            ("city_totals × 48", service.city_totals),
            ("gpc.inventory × 48", gpc.inventory),
        ):
            times = []
            for _ in range(RUNS):
                with factory() as session:
                    start = time.perf_counter()
                    for year in range(2020, 2026):
                        for area in AREAS:
                            call(session=session, year=year, county_code=area)
                    times.append(time.perf_counter() - start)
            table.add_row(name, f"{min(times):.2f} / {max(times):.2f}")
        console.print(table)


if __name__ == "__main__":
    main()
