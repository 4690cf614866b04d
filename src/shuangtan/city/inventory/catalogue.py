"""Reference data of the inventory (清单参考数据), parsed once per process into frozen objects.

``data/inventory/carriers.csv``: the energy carriers of the statistical energy balance and the
accounting-core activity each is computed with.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Carrier", "carriers", "data_dir"]


def data_dir() -> Path:
    """The folder of the inventory's shipped data files."""
    return Path(__file__).resolve().parents[2] / "data" / "inventory"


@dataclass(frozen=True, slots=True)
class Carrier:
    """能源品种 an energy carrier of the energy balance and how the core computes it."""

    key: str
    name_zh: str
    name_en: str
    activity: str
    fuel: str | None
    default_unit: str
    statistical_group: str
    source: str


@cache
def carriers() -> dict[str, Carrier]:
    """Every carrier by key, in file order."""
    with (data_dir() / "carriers.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["key"]: Carrier(
                key=row["key"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                activity=row["activity"],
                fuel=row["fuel"] or None,
                default_unit=row["default_unit"],
                statistical_group=row["statistical_group"],
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        }
