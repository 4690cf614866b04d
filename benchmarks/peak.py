"""Benchmark: Monte Carlo peak probabilities (10,000 draws, 2020–2060) for each demo scenario.

Run: ``.venv/bin/python benchmarks/peak.py``. Prints the time of one call (best and worst of
5 after a warm-up) and the probabilities it gives; never fails for speed.
"""

from __future__ import annotations

import platform
import time

import numpy as np
from machine import cpu
from rich.console import Console
from rich.table import Table

from shuangtan.city.kaya import SCENARIOS, jiaxing_base_2020, peak_probabilities

SPREAD = {
    "population": 0.003,
    "gdp_per_capita": 0.01,
    "energy_intensity": 0.008,
    "carbon_intensity": 0.008,
}
RUNS = 5


def main() -> None:
    console = Console()
    console.print(f"{cpu()}; Python {platform.python_version()}; NumPy {np.__version__}")
    base = jiaxing_base_2020()
    table = Table(title="Monte Carlo peak probabilities, n = 10,000, 2020–2060, seed 2026")
    for column in ("scenario", "seconds (best / worst)", "P(≤2025)", "P(≤2030)", "P(≤2035)"):
        table.add_column(column)
    for name, scenario in SCENARIOS.items():
        peak_probabilities(base, scenario, spread=SPREAD, n=100, seed=0)  # warm-up
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            result = peak_probabilities(base, scenario, spread=SPREAD, n=10_000, seed=2026)
            times.append(time.perf_counter() - start)
        table.add_row(
            name,
            f"{min(times):.3f} / {max(times):.3f}",
            *(f"{result.probability_peaked_by(year):.3f}" for year in (2025, 2030, 2035)),
        )
    console.print(table)


def compare_and_export(console: Console) -> None:
    """Time a comparison of 8 saved scenarios (each projected and drawn 10,000 times) and its
    three exports, on a throwaway SQLite database with the shipped city scenarios."""
    import tempfile
    from datetime import UTC, datetime
    from pathlib import Path

    from shuangtan.city.peak import export, service
    from shuangtan.city.peak.demo import load_demo_peak
    from shuangtan.city.peak.schemas import ScenarioIn
    from shuangtan.db import make_engine, make_session_factory, session_scope
    from shuangtan.migrations import load_metadata, upgrade
    from shuangtan.place.configuration import load_city, sync_city

    load_metadata()  # every table, so that the scenarios' foreign keys to users resolve
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        with session_scope(make_session_factory(engine)) as session:
            sync_city(session=session, config=load_city("jiaxing"))
            session.flush()
            load_demo_peak(session=session)
            shipped = service.list_scenarios(session=session, actor=None)
            content = service.content_of(shipped[0])
            keep = ("name", "scope_kind", "base_year", "base", "base_source", "rates", "spread")
            for seed in range(5):  # 3 shipped + 5 copies = 8 (the most one comparison takes);
                # each copy has its own seed, so none shares a cached result with another
                data = ScenarioIn.model_validate({**{k: content[k] for k in keep}, "mc_seed": seed})
                service.create_scenario(session=session, actor=None, data=data)
            ids = [row.id for row in service.list_scenarios(session=session, actor=None)]

            def cold() -> object:
                service._evaluate_content.cache_clear()
                return service.compare(session=session, actor=None, scenario_ids=ids)

            steps = {
                "compare 8, first time (projection + Monte Carlo)": cold,
                "compare 8 again (results cached by content)": lambda: service.compare(
                    session=session, actor=None, scenario_ids=ids
                ),
            }
            results = service.compare(session=session, actor=None, scenario_ids=ids)
            steps["CSV of 8"] = lambda: export.to_csv(results)
            steps["Excel of 8"] = lambda: export.to_xlsx(results)
            steps["JSON of 8"] = lambda: export.to_json(results, exported_at=datetime.now(UTC))
            table = Table(title="Saved scenarios: comparison and exports (SQLite)")
            table.add_column("step")
            table.add_column("seconds (best / worst of 5)")
            for name, step in steps.items():
                times = []
                for _ in range(RUNS):
                    start = time.perf_counter()
                    step()
                    times.append(time.perf_counter() - start)
                table.add_row(name, f"{min(times):.3f} / {max(times):.3f}")
        engine.dispose()
    console.print(table)


if __name__ == "__main__":
    main()
    compare_and_export(Console())
