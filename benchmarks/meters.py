"""Benchmark of the meter pipeline: the Ibis pipeline against hand-written DuckDB SQL and pandas.

Generates hourly electricity readings of 20,000 meters (4 meters per entity, 5,000 entities in 7
counties and 30 industries) as Parquet files, one per week, in a temporary directory: 1,000 hours
(20,000,000 rows) and, with ``--full``, the year 2023 (8,760 hours, 175,200,000 rows). On each
data set, in the same run, three peers compute the same outputs (daily and monthly energy, tce
and CO2 by entity, industry and county, the month-to-date table; the checks for unknown meters,
wrong units, invalid quantities and duplicates) and write them as Parquet:

- ``ibis``: ``shuangtan.analytics.service.aggregate`` on embedded DuckDB, as shipped;
- ``sql``: the same steps written by hand as DuckDB SQL on a connection with the same settings;
- ``pandas``: the same steps in pandas (read every file, group, merge).

Each peer runs in its own subprocess: the parent measures wall time of the work (the child
reports it, excluding the interpreter start) and the child's peak resident memory (``wait4``).
pandas is stopped when its resident memory passes ``--pandas-cap-gb`` (default 12), and the
run records that it was stopped. Never fails for speed.

    nice .venv/bin/python benchmarks/meters.py [--full] [--pandas-cap-gb 12] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

METERS = 20_000
METERS_PER_ENTITY = 4
COUNTIES = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")
INDUSTRIES = tuple(f"C{n}" for n in range(13, 43))
START = np.datetime64("2023-01-01T00:00:00", "us")
HOURS_PER_FILE = 24 * 7
REGION = "CN-ZJ"

console = Console()


# ---------------------------------------------------------------- data


def write_map(path: Path) -> None:
    """20,000 meters → 5,000 entities, each with an industry and a county (CSV)."""
    entity = np.arange(METERS) // METERS_PER_ENTITY + 1
    lines = ["meter_id,entity_id,carrier,unit,industry_code,county_code"]
    lines += [
        f"M{m:06d},{e},electricity,kWh,{INDUSTRIES[e % len(INDUSTRIES)]},{COUNTIES[e % 7]}"
        for m, e in enumerate(entity)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_readings(folder: Path, hours: int, seed: int = 20231) -> int:
    """Hourly readings of every meter for ``hours`` hours, one Parquet file per week."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    ids = pa.array([f"M{m:06d}" for m in range(METERS)])
    units = pa.array(["kWh"])
    base = rng.gamma(2.0, 15.0, METERS)  # each meter's typical hourly kWh
    rows = 0
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"生成 Generating {hours * METERS:,} readings", total=hours)
        for first in range(0, hours, HOURS_PER_FILE):
            last = min(hours, first + HOURS_PER_FILE)
            span = last - first
            hour = np.repeat(np.arange(first, last), METERS)
            meter = np.tile(np.arange(METERS, dtype=np.int32), span)
            daily_shape = 0.6 + 0.8 * np.sin(np.pi * (hour % 24) / 24.0) ** 2
            quantity = np.round(base[meter] * daily_shape * rng.uniform(0.8, 1.2, len(hour)), 3)
            table = pa.table(
                {
                    "meter_id": pa.DictionaryArray.from_arrays(pa.array(meter), ids),
                    "timestamp": pa.array(START + hour.astype("timedelta64[h]")),
                    "quantity": quantity,
                    "unit": pa.DictionaryArray.from_arrays(
                        pa.array(np.zeros(len(hour), dtype=np.int32)), units
                    ),
                }
            )
            pq.write_table(table, folder / f"week-{first // HOURS_PER_FILE:02d}.parquet")
            rows += table.num_rows
            bar.update(task, completed=last)
    return rows


# ---------------------------------------------------------------- the three peers


def run_ibis(data: Path, meter_map: Path, out: Path) -> dict[str, Any]:
    from shuangtan.analytics import service

    result = service.aggregate(readings=data, meter_map=meter_map, out=out, region=REGION)
    return {"rows": result.quality.readings, "outputs": result.rows}


def _factor_rows() -> list[tuple[str, str, int, float, float, str]]:
    """The same factor table as the pipeline, from the accounting core."""
    from shuangtan.analytics.factors import resolve_factors

    return [
        (f.carrier, f.unit, f.year, f.tce_per_unit, f.tco2_per_unit, f.factor_ids)
        for f in resolve_factors([("electricity", "kWh")], [2023], region=REGION)
    ]


HAND_SQL = """
CREATE TEMP TABLE meter_day AS
SELECT meter_id, unit, CAST("timestamp" AS DATE) AS day,
       SUM(quantity) AS quantity, COUNT(*) AS readings,
       SUM(CASE WHEN quantity IS NULL OR isnan(quantity) OR isinf(quantity) OR quantity < 0
                THEN 1 ELSE 0 END) AS invalid,
       SUM(lo) AS low_sum, bit_or(lo) AS low_or, SUM(hi) AS high_sum, bit_or(hi) AS high_or
FROM (
  SELECT *, (hour("timestamp") * 60 + minute("timestamp")) // 15 AS slot,
         CASE WHEN slot < 48 THEN CAST(2.0 ** slot AS BIGINT) ELSE 0 END AS lo,
         CASE WHEN slot >= 48 THEN CAST(2.0 ** (slot - 48) AS BIGINT) ELSE 0 END AS hi
  FROM read_parquet('{data}/*.parquet')
) GROUP BY ALL;
CREATE TEMP TABLE checks AS
SELECT (SELECT SUM(readings) FROM meter_day) AS readings,
       (SELECT SUM(invalid) FROM meter_day) AS invalid,
       (SELECT SUM(readings) FROM meter_day WHERE day IS NULL) AS undated,
       (SELECT COUNT(DISTINCT meter_id) FROM meter_day d ANTI JOIN meters m USING (meter_id))
         AS unknown_meters,
       (SELECT COUNT(*) FROM meter_day d JOIN meters m
          ON d.meter_id = m.meter_id AND d.unit <> m.unit) AS wrong_units,
       (SELECT COUNT(*) FROM meter_day WHERE low_sum <> low_or OR high_sum <> high_or)
         AS duplicate_days;
CREATE TEMP TABLE daily_entity AS
SELECT d.day, m.entity_id, m.industry_code, m.county_code, m.carrier, m.unit,
       SUM(d.quantity) AS quantity, SUM(d.quantity * f.tce_per_unit) AS tce,
       SUM(d.quantity * f.tco2_per_unit) AS tco2, SUM(d.readings) AS readings,
       COUNT(*) AS meter_days
FROM meter_day d JOIN meters m USING (meter_id)
JOIN factors f ON f.carrier = m.carrier AND f.unit = d.unit AND f.year = year(d.day)
GROUP BY ALL;
CREATE TEMP TABLE monthly_entity AS
SELECT year(day) AS year, month(day) AS month, entity_id, industry_code, county_code, carrier,
       unit, SUM(quantity) AS quantity, SUM(tce) AS tce, SUM(tco2) AS tco2,
       SUM(readings) AS readings, SUM(meter_days) AS meter_days, COUNT(*) AS days_with_data,
       MIN(day) AS first_day, MAX(day) AS last_day
FROM daily_entity GROUP BY ALL;
"""

HAND_OUTPUTS = {
    "daily_entity": "SELECT e.*, f.factor_ids FROM daily_entity e JOIN factors f "
    "ON f.carrier = e.carrier AND f.unit = e.unit AND f.year = year(e.day) "
    "ORDER BY day, entity_id, carrier, unit",
    **{
        f"daily_{by.split('_')[0]}": f"SELECT day, {by}, e.carrier, e.unit, SUM(quantity) AS "
        "quantity, SUM(tce) AS tce, SUM(tco2) AS tco2, SUM(readings) AS readings, "
        "SUM(meter_days) AS meter_days, COUNT(DISTINCT entity_id) AS entities, "
        "ANY_VALUE(f.factor_ids) AS factor_ids FROM daily_entity e JOIN factors f "
        "ON f.carrier = e.carrier AND f.unit = e.unit AND f.year = year(e.day) "
        f"GROUP BY day, {by}, e.carrier, e.unit ORDER BY day, {by}, carrier, unit"
        for by in ("industry_code", "county_code")
    },
    "monthly_entity": "SELECT e.*, f.factor_ids FROM monthly_entity e JOIN factors f "
    "USING (carrier, unit, year) ORDER BY year, month, entity_id, carrier, unit",
    **{
        f"monthly_{by.split('_')[0]}": f"SELECT year, month, {by}, carrier, unit, "
        "SUM(quantity) AS quantity, SUM(tce) AS tce, SUM(tco2) AS tco2, "
        "SUM(readings) AS readings, SUM(meter_days) AS meter_days, "
        "COUNT(DISTINCT entity_id) AS entities, ANY_VALUE(f.factor_ids) AS factor_ids "
        "FROM monthly_entity e JOIN factors f USING (carrier, unit, year) "
        f"GROUP BY year, month, {by}, carrier, unit ORDER BY year, month, {by}, carrier, unit"
        for by in ("industry_code", "county_code")
    },
    "month_to_date": """
SELECT entity_id, industry_code, county_code, year, month, carrier, unit, days_in_month,
       days_with_data, last_day, days_with_data >= days_in_month AS complete,
       quantity AS metered_quantity, tce AS metered_tce, tco2 AS metered_tco2,
       quantity * days_in_month / days_with_data AS projected_quantity,
       tce * days_in_month / days_with_data AS projected_tce,
       tco2 * days_in_month / days_with_data AS projected_tco2,
       CAST(NULL AS DOUBLE) AS reported_quantity, CAST(NULL AS VARCHAR) AS report_status,
       CAST(NULL AS DOUBLE) AS gap_pct
FROM (SELECT *, day(last_day(make_date(year, month, 1))) AS days_in_month FROM monthly_entity)
ORDER BY year, month, entity_id, carrier, unit""",
}


def run_sql(data: Path, meter_map: Path, out: Path) -> dict[str, Any]:
    import duckdb

    from shuangtan.analytics.backends import AnalyticsSettings

    settings = AnalyticsSettings()
    con = duckdb.connect(config={"memory_limit": settings.duckdb_memory_limit})
    con.execute(
        "CREATE TEMP TABLE meters AS SELECT * FROM read_csv(?, all_varchar = true)",
        [str(meter_map)],
    )
    con.execute("ALTER TABLE meters ALTER entity_id TYPE BIGINT")
    con.execute(
        "CREATE TEMP TABLE factors (carrier VARCHAR, unit VARCHAR, year BIGINT, "
        "tce_per_unit DOUBLE, tco2_per_unit DOUBLE, factor_ids VARCHAR)"
    )
    con.executemany("INSERT INTO factors VALUES (?, ?, ?, ?, ?, ?)", _factor_rows())
    con.execute(HAND_SQL.format(data=data))
    checks = con.execute("SELECT * FROM checks").fetchone()
    assert checks is not None
    if any(checks[1:]):
        raise SystemExit(f"the hand-written checks refused the data: {checks}")
    out.mkdir(parents=True, exist_ok=True)
    rows = {}
    for name, sql in HAND_OUTPUTS.items():
        con.execute(f"COPY ({sql}) TO '{out / name}.parquet' (FORMAT parquet)")
        rows[name] = con.execute(f"SELECT COUNT(*) FROM '{out / name}.parquet'").fetchone()[0]  # type: ignore[index]
    return {"rows": int(checks[0]), "outputs": rows}


def run_pandas(data: Path, meter_map: Path, out: Path) -> dict[str, Any]:
    import pandas as pd

    frame = pd.read_parquet(data)  # every weekly file of the folder
    factors = pd.DataFrame(
        _factor_rows(),
        columns=["carrier", "unit", "year", "tce_per_unit", "tco2_per_unit", "factor_ids"],
    )
    meters = pd.read_csv(meter_map, dtype={"industry_code": str, "county_code": str})
    q = frame["quantity"]
    frame["invalid"] = (q.isna() | ~np.isfinite(q) | (q < 0)).astype("int64")
    frame["day"] = frame["timestamp"].dt.floor("D")
    if frame["timestamp"].isna().any():
        raise SystemExit("readings without timestamp")
    duplicates = int(frame.duplicated(["meter_id", "timestamp"]).sum())
    if duplicates:
        raise SystemExit(f"{duplicates} duplicate readings")
    days = (
        frame.groupby(["meter_id", "unit", "day"], observed=True)
        .agg(
            quantity=("quantity", "sum"), readings=("quantity", "size"), invalid=("invalid", "sum")
        )
        .reset_index()
    )
    del frame
    days["meter_id"] = days["meter_id"].astype(str)
    days["unit"] = days["unit"].astype(str)
    if int(days["invalid"].sum()):
        raise SystemExit("invalid quantities")
    joined = days.merge(meters, on="meter_id", how="left", suffixes=("", "_map"))
    if joined["entity_id"].isna().any() or (joined["unit"] != joined["unit_map"]).any():
        raise SystemExit("unknown meters or wrong units")
    joined["year"] = joined["day"].dt.year
    joined = joined.merge(factors, on=["carrier", "unit", "year"])
    joined["tce"] = joined["quantity"] * joined["tce_per_unit"]
    joined["tco2"] = joined["quantity"] * joined["tco2_per_unit"]
    keys = ["day", "entity_id", "industry_code", "county_code", "carrier", "unit"]
    daily = (
        joined.groupby(keys)
        .agg(
            quantity=("quantity", "sum"),
            tce=("tce", "sum"),
            tco2=("tco2", "sum"),
            readings=("readings", "sum"),
            meter_days=("quantity", "size"),
        )
        .reset_index()
    )
    daily["year"], daily["month"] = daily["day"].dt.year, daily["day"].dt.month
    summed = {c: (c, "sum") for c in ("quantity", "tce", "tco2", "readings", "meter_days")}
    month_keys = ["year", "month", "entity_id", "industry_code", "county_code", "carrier", "unit"]
    monthly = (
        daily.groupby(month_keys)
        .agg(
            **summed,
            days_with_data=("day", "size"),
            first_day=("day", "min"),
            last_day=("day", "max"),
        )
        .reset_index()
    )
    ids = factors[["carrier", "unit", "year", "factor_ids"]]
    out.mkdir(parents=True, exist_ok=True)
    outputs: dict[str, Any] = {
        "daily_entity": daily.merge(ids, on=["carrier", "unit", "year"]).drop(
            columns=["year", "month"]
        ),
        "monthly_entity": monthly.merge(ids, on=["carrier", "unit", "year"]),
    }
    for by in ("industry_code", "county_code"):
        for name, table, period in (
            ("daily", daily, ["day", "year"]),
            ("monthly", monthly, ["year", "month"]),
        ):
            rolled = (
                table.groupby([*period, by, "carrier", "unit"])
                .agg(**summed, entities=("entity_id", "nunique"))
                .reset_index()
                .merge(ids, on=["carrier", "unit", "year"])
            )
            outputs[f"{name}_{by.split('_')[0]}"] = rolled
    mtd = monthly.copy()
    mtd["days_in_month"] = pd.to_datetime(
        dict(year=mtd["year"], month=mtd["month"], day=1)
    ).dt.days_in_month
    scale = mtd["days_in_month"] / mtd["days_with_data"]
    for c in ("quantity", "tce", "tco2"):
        mtd[f"projected_{c}"] = mtd[c] * scale
    outputs["month_to_date"] = mtd
    rows = {}
    for name, table in outputs.items():
        table.to_parquet(out / f"{name}.parquet", index=False)
        rows[name] = len(table)
    return {"rows": int(days["readings"].sum()), "outputs": rows}


PEERS = {"ibis": run_ibis, "sql": run_sql, "pandas": run_pandas}


def child(peer: str, data: Path, meter_map: Path, out: Path) -> None:
    """Run one peer and print its figures as JSON (this process is measured by the parent).

    The libraries of all three peers are imported before the clock starts (and timed apart):
    the figures compare the work, not the loading of Ibis, DuckDB or pandas.
    """
    started = time.perf_counter()
    import duckdb  # noqa: F401
    import pandas  # noqa: F401

    from shuangtan.analytics import factors, service  # noqa: F401

    imported = time.perf_counter() - started
    started = time.perf_counter()
    figures = PEERS[peer](data, meter_map, out)
    figures["seconds"] = time.perf_counter() - started
    figures["import_seconds"] = imported
    print(json.dumps(figures))


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(
    peer: str, data: Path, meter_map: Path, out: Path, cap_gb: float | None
) -> dict[str, Any]:
    """Run a peer in a subprocess; its seconds, peak RSS, and whether the cap stopped it."""
    command = [sys.executable, __file__, "--child", peer, str(data), str(meter_map), str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    stopped: list[float] = []
    finished = threading.Event()

    def watch() -> None:  # never polls the child: wait4 below must be the one to reap it
        while not finished.is_set():
            rss_gb = _rss_kib(process.pid) / 2**20
            if cap_gb is not None and rss_gb > cap_gb:
                stopped.append(rss_gb)
                os.kill(process.pid, signal.SIGKILL)
                return
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    finished.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    watcher.join()
    wall = time.perf_counter() - started
    peak_gb = usage.ru_maxrss / 2**20  # KiB on Linux
    figures: dict[str, Any] = {"peer": peer, "peak_rss_gb": peak_gb, "wall_seconds": wall}
    if stopped:
        figures["stopped"] = (
            f"stopped at {stopped[0]:.1f} GB RSS after {wall:.0f} s (cap {cap_gb} GB)"
        )
        return figures
    if process.returncode != 0:
        figures["stopped"] = f"exited with status {process.returncode} after {wall:.0f} s"
        return figures
    figures.update(json.loads(output.strip().splitlines()[-1]))
    figures["rows_per_second"] = figures["rows"] / figures["seconds"]
    return figures


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import duckdb
    import ibis
    import pandas

    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} cores visible, {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, Ibis {ibis.__version__}, "
        f"DuckDB {duckdb.__version__}, pandas {pandas.__version__}; "
        f"load average at start {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also the whole year (175 M rows)")
    parser.add_argument("--hours", type=int, default=1000, help="hours of the small data set")
    parser.add_argument("--pandas-cap-gb", type=float, default=12.0)
    parser.add_argument("--keep", type=Path, help="keep the data and outputs in this folder")
    parser.add_argument("--peers", default="ibis,sql,pandas")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of the peers on the small set (best kept)"
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="shuangtan-meters-"))
    root.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]Meter pipeline benchmark[/] {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    console.print(machine())
    meter_map = root / "meters.csv"
    write_map(meter_map)
    sets = [("small", args.hours)] + ([("year", 8760)] if args.full else [])
    results: list[dict[str, Any]] = []
    try:
        for label, hours in sets:
            data = root / f"readings-{label}"
            if not data.exists():
                write_readings(data, hours)
            size = sum(f.stat().st_size for f in data.glob("*.parquet")) / 2**30
            console.print(f"{label}: {hours * METERS:,} readings, {size:.2f} GiB of Parquet")
            rounds = args.repeat if label == "small" else 1
            best: dict[str, dict[str, Any]] = {}
            for round_ in range(rounds):  # round-robin, so that a busy spell hits every peer
                for peer in args.peers.split(","):
                    cap = args.pandas_cap_gb if peer == "pandas" else None
                    figures = measure(peer, data, meter_map, root / f"out-{label}-{peer}", cap)
                    figures.update(data=label, input_rows=hours * METERS, round=round_ + 1)
                    figures["load_average"] = os.getloadavg()[0]
                    console.print(json.dumps(figures))
                    kept = best.get(peer)
                    if kept is None or figures.get("seconds", 1e18) < kept.get("seconds", 1e18):
                        best[peer] = figures
            results.extend(best.values())
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    table = Table(title="Meter pipeline")
    for column in ("data", "peer", "rows", "seconds", "rows/s", "× sql", "peak RSS GB", "note"):
        table.add_column(column)
    for r in results:
        sql = next(
            (
                x
                for x in results
                if x["data"] == r["data"] and x["peer"] == "sql" and "seconds" in x
            ),
            None,
        )
        ratio = f"{r['seconds'] / sql['seconds']:.2f}" if sql and "seconds" in r else "—"
        table.add_row(
            r["data"],
            r["peer"],
            f"{r['input_rows']:,}",
            f"{r['seconds']:.1f}" if "seconds" in r else "—",
            f"{r['rows_per_second']:,.0f}" if "rows_per_second" in r else "—",
            ratio,
            f"{r['peak_rss_gb']:.2f}",
            r.get("stopped", ""),
        )
    console.print(table)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))
    else:
        main()
