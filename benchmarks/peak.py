"""Benchmark: Monte Carlo peak probabilities (10,000 draws, 2020–2060) for each demo scenario.

Run: ``.venv/bin/python benchmarks/peak.py``. Prints the time of one call (best and worst of
5 after a warm-up) and the probabilities it gives; never fails for speed.
"""

from __future__ import annotations

import platform
import time

import numpy as np
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


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    console = Console()
    console.print(f"{_cpu()}; Python {platform.python_version()}; NumPy {np.__version__}")
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


if __name__ == "__main__":
    main()
