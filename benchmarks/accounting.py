"""Benchmark of the accounting core: the NumPy batch path against the line path.

Builds 1,000,000 mixed activity lines (seeded: fuels in mass and volume units, electricity in
MWh/万千瓦时/kWh with certificates, heat, carbonates, non-CO2 gases; four regions, four years),
times ``calculate_batch`` on all of them, and times the line path (``calculate``) on a sample of
20,000 lines, extrapolated to 1,000,000 (said so in the output). Prints lines per second and the
machine. Never fails for speed.

    .venv/bin/python benchmarks/accounting.py [--lines 1000000] [--scalar-lines 20000]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from shuangtan.accounting import ActivityLine, CalculationContext, calculate, calculate_batch
from shuangtan.accounting.batch import Categorical

KINDS = [
    ("fuel_combustion", "natural_gas", "10^4 Nm3"),
    ("fuel_combustion", "natural_gas", "万立方米"),
    ("fuel_combustion", "diesel", "t"),
    ("fuel_combustion", "gasoline", "t"),
    ("fuel_combustion", "bituminous_coal", "万吨"),
    ("fuel_combustion", "lpg", "kg"),
    ("fuel_combustion", "coke_oven_gas", "10^4 Nm3"),
    ("purchased_electricity", "", "MWh"),
    ("purchased_electricity", "", "万千瓦时"),
    ("purchased_electricity", "", "kWh"),
    ("purchased_heat", "", "GJ"),
    ("process", "limestone", "t"),
    ("non_co2", "CH4", "t"),
    ("non_co2", "N2O", "kg"),
]
REGIONS = ("CN-ZJ", "CN-SH", "CN-JS", "east_china_grid")
YEARS = (2021, 2022, 2023, 2024)


def build(n: int, seed: int = 20260701) -> dict[str, Any]:
    """n mixed lines as categorical columns (categories + integer codes)."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, len(KINDS), n)
    activities = sorted({k[0] for k in KINDS})
    codes = sorted({k[1] for k in KINDS})
    units = sorted({k[2] for k in KINDS})
    act_of = np.array([activities.index(k[0]) for k in KINDS], dtype=np.intp)
    code_of = np.array([codes.index(k[1]) for k in KINDS], dtype=np.intp)
    unit_of = np.array([units.index(k[2]) for k in KINDS], dtype=np.intp)
    is_elec = act_of[kind] == activities.index("purchased_electricity")
    return {
        "activity": Categorical(tuple(activities), act_of[kind]),
        "code": Categorical(tuple(codes), code_of[kind]),
        "unit": Categorical(tuple(units), unit_of[kind]),
        "quantity": rng.uniform(0.0, 1e4, n),
        "region": Categorical(REGIONS, rng.integers(0, len(REGIONS), n).astype(np.intp)),
        "year": np.array(YEARS)[rng.integers(0, len(YEARS), n)],
        "certificates_mwh": np.where(is_elec, rng.uniform(0.0, 5e3, n), 0.0),
    }


def run_batch(columns: dict[str, Any]) -> Any:
    return calculate_batch(
        columns["activity"],
        columns["code"],
        columns["quantity"],
        unit=columns["unit"],
        region=columns["region"],
        year=columns["year"],
        certificates_mwh=columns["certificates_mwh"],
    )


def as_lines(columns: dict[str, Any], count: int) -> dict[tuple[str, int], list[ActivityLine]]:
    """The first ``count`` lines as ActivityLines grouped by (region, year)."""
    act, code, unit = columns["activity"], columns["code"], columns["unit"]
    groups: dict[tuple[str, int], list[ActivityLine]] = defaultdict(list)
    for i in range(count):
        activity = act.categories[act.codes[i]]
        c = code.categories[code.codes[i]] or None
        groups[
            (columns["region"].categories[columns["region"].codes[i]], int(columns["year"][i]))
        ].append(
            ActivityLine(
                id=str(i),
                activity=activity,
                quantity=float(columns["quantity"][i]),
                unit=unit.categories[unit.codes[i]],
                fuel=c if activity == "fuel_combustion" else None,
                material=c if activity == "process" else None,
                gas=c if activity == "non_co2" else None,
                green_certificates=(
                    float(columns["certificates_mwh"][i])
                    if activity == "purchased_electricity"
                    else None
                ),
            )
        )
    return groups


def best_of(repeats: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for row in handle:
                if row.startswith("model name"):
                    cpu = row.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "CPU": cpu,
        "cores (os.cpu_count)": str(os.cpu_count()),
        "cores usable (affinity)": str(len(os.sched_getaffinity(0))),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "platform": platform.platform(),
        "date (UTC)": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--scalar-lines", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    console = Console(width=120)
    info = machine()
    table = Table(title="machine")
    table.add_column("item")
    table.add_column("value")
    for key, value in info.items():
        table.add_row(key, value)
    console.print(table)

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"building {args.lines:,} lines", total=None)
        columns = build(args.lines)
        progress.update(task, completed=1, total=1)
    run_batch(build(1000))  # warm the factor library and the unit cache
    batch_seconds = best_of(args.repeats, lambda: run_batch(columns))
    result = run_batch(columns)
    plain = {
        key: (np.array(value.categories)[value.codes] if isinstance(value, Categorical) else value)
        for key, value in columns.items()
    }
    plain_seconds = best_of(max(1, args.repeats // 2), lambda: run_batch(plain))

    groups = as_lines(columns, args.scalar_lines)
    start = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("line path, one line per call", total=args.scalar_lines)
        for (region, year), lines in groups.items():
            context = CalculationContext(year=year, region=region)
            for line in lines:
                calculate([line], context=context)
                progress.advance(task)
    per_line_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for (region, year), lines in groups.items():
        calculate(lines, context=CalculationContext(year=year, region=region))
    grouped_seconds = time.perf_counter() - start

    scale = args.lines / args.scalar_lines
    rows = [
        ("batch, categorical columns", args.lines, batch_seconds, batch_seconds),
        ("batch, plain string columns", args.lines, plain_seconds, plain_seconds),
        (
            "line path, one call per line",
            args.scalar_lines,
            per_line_seconds,
            per_line_seconds * scale,
        ),
        (
            "line path, one call per (region, year)",
            args.scalar_lines,
            grouped_seconds,
            grouped_seconds * scale,
        ),
    ]
    out = Table(
        title=f"{args.lines:,} mixed lines (batch: best of {args.repeats}, "
        f"{max(1, args.repeats // 2)} with strings)"
    )
    for column in ("path", "lines timed", "seconds", f"seconds for {args.lines:,}", "lines/second"):
        out.add_column(column, justify="right")
    for name, timed, seconds, full in rows:
        out.add_row(
            name,
            f"{timed:,}",
            f"{seconds:.3f}",
            f"{full:.2f}" + ("" if timed == args.lines else " (extrapolated)"),
            f"{timed / seconds:,.0f}",
        )
    console.print(out)
    console.print(
        f"batch speed-up over one call per line: {per_line_seconds * scale / batch_seconds:,.0f}×"
    )
    console.print(
        f"totals: {result.total_tco2e:,.1f} tCO2e, scope 1 {result.scope1_tco2e:,.1f}, "
        f"scope 2 {result.scope2_tco2e:,.1f} (market {result.scope2_market_tco2e:,.1f}), "
        f"{result.energy_tce:,.1f} tce"
    )


if __name__ == "__main__":
    main()
