"""Benchmark: scoring a year of the synergy index (normalisation, entropy weights, index,
subsystems, coupling coordination) for 7 counties and for larger synthetic sets of areas.

Run: ``.venv/bin/python benchmarks/synergy.py``. Prints the time of one ``score_year`` call
(best and worst of 5 after a warm-up) with the shipped definition 2025.1; never fails for speed.
"""

from __future__ import annotations

import platform
import time

import numpy as np
from machine import cpu
from rich.console import Console
from rich.table import Table

from shuangtan.city.synergy.computation import score_year
from shuangtan.city.synergy.definition import load_definition

RUNS = 5
SIZES = (7, 100, 1_000, 10_000)


def _inputs(n: int, seed: int = 2025) -> dict[str, dict[str, float]]:
    """``n`` areas with random positive values for every indicator (synthetic)."""
    spec = load_definition("2025.1")
    rng = np.random.default_rng(seed)
    values = rng.uniform(1.0, 100.0, size=(n, len(spec.indicator_ids)))
    return {
        f"area-{i:05d}": dict(zip(spec.indicator_ids, map(float, row), strict=True))
        for i, row in enumerate(values)
    }


def main() -> None:
    console = Console()
    console.print(f"{cpu()}; Python {platform.python_version()}; NumPy {np.__version__}")
    spec = load_definition("2025.1")
    table = Table("areas", "seconds (best / worst of 5)")
    for n in SIZES:
        inputs = _inputs(n)
        score_year(spec, inputs)  # warm-up
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            score_year(spec, inputs)
            times.append(time.perf_counter() - start)
        table.add_row(f"{n:,}", f"{min(times):.4f} / {max(times):.4f}")
    console.print(table)


if __name__ == "__main__":
    main()
