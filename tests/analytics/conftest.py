"""Fixtures of the meter pipeline tests: one small month-boundary data set, one Spark session.

The data set (hand-checkable): three electricity meters of two entities, hourly readings (each
timestamp is the start of its hour) on 31 January and 1 February 2023.

- M1 (entity A): 1.5 kWh every hour of both days → 36 kWh a day;
- M2 (entity A): 2.5 kWh every hour of both days → 60 kWh a day;
- M3 (entity B): 4.0 kWh every hour of 31 January (96 kWh) and of 1 February 00:00–11:00 only
  (12 readings, 48 kWh): a gap of twelve hours.

Entity A is in industry C17 and B in C22; both in Jiashan (330421).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from shuangtan.analytics import backends

JIASHAN = "330421"
ENTITY_A, ENTITY_B = 101, 202


def hourly(meter: str, first: str, hours: int, kwh: float, unit: str = "kWh") -> list[Any]:
    start = pd.Timestamp(first)
    return [(meter, start + pd.Timedelta(hours=h), kwh, unit) for h in range(hours)]


def base_readings() -> list[Any]:
    return (
        hourly("M1", "2023-01-31 00:00", 48, 1.5)
        + hourly("M2", "2023-01-31 00:00", 48, 2.5)
        + hourly("M3", "2023-01-31 00:00", 36, 4.0)
    )


def write_readings(path: Path, rows: list[Any]) -> Path:
    frame = pd.DataFrame(rows, columns=["meter_id", "timestamp", "quantity", "unit"])
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return path


def map_rows(a: int = ENTITY_A, b: int = ENTITY_B, places: bool = True) -> list[dict[str, Any]]:
    rows = [
        {"meter_id": "M1", "entity_id": a, "carrier": "electricity", "unit": "kWh"},
        {"meter_id": "M2", "entity_id": a, "carrier": "electricity", "unit": "kWh"},
        {"meter_id": "M3", "entity_id": b, "carrier": "electricity", "unit": "kWh"},
    ]
    if places:
        for row, industry in zip(rows, ("C17", "C17", "C22"), strict=True):
            row.update(industry_code=industry, county_code=JIASHAN)
    return rows


def write_map(path: Path, rows: list[dict[str, Any]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@dataclass
class Files:
    readings: Path
    meter_map: Path
    out: Path


@pytest.fixture
def files(tmp_path: Path) -> Files:
    return Files(
        readings=write_readings(tmp_path / "readings.parquet", base_readings()),
        meter_map=write_map(tmp_path / "meters.csv", map_rows()),
        out=tmp_path / "out",
    )


@pytest.fixture(scope="session")
def spark_con() -> Iterator[Any]:
    """One local Spark session for every Spark test (it takes seconds to start)."""
    import ibis

    session = backends.spark_session(
        master="local[2]",
        conf={
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.ui.enabled": "false",
            "spark.driver.memory": "1g",
        },
        log_level="ERROR",
    )
    yield ibis.pyspark.connect(session)
    session.stop()
