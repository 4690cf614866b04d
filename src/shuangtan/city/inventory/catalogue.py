"""Reference data of the inventory (清单参考数据), parsed once per process into frozen objects.

``data/inventory/carriers.csv``: the energy carriers of the statistical energy balance and the
accounting-core activity each is computed with.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "ActivityKind",
    "Carrier",
    "GpcRow",
    "InventoryFactor",
    "NotationDefault",
    "activity_kinds",
    "carriers",
    "data_dir",
    "gpc_rows",
    "inventory_factors",
    "notation_defaults",
]


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


@dataclass(frozen=True, slots=True)
class GpcRow:
    """GPC参考编号 one reference number of the GPC v1.1 with its China inventory category."""

    ref: str
    sector: str
    sector_zh: str
    subsector: str
    subsector_zh: str
    description: str
    scope: int
    level: str  # basic, basic+, territorial, other
    china_sector: str
    china_category_zh: str
    china_category_en: str
    source: str
    china_source: str


@dataclass(frozen=True, slots=True)
class InventoryFactor:
    """清单因子 a factor of the agriculture, waste or sink methods, with its source."""

    id: str
    gas: str
    value: float
    unit: str
    document: str
    edition: str
    table: str
    status: str
    note: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "gas": self.gas,
            "value": self.value,
            "unit": self.unit,
            "document": self.document,
            "edition": self.edition,
            "table": self.table,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ActivityKind:
    """清单活动数据类别 a kind of activity data and how the inventory computes it."""

    key: str
    name_zh: str
    name_en: str
    gpc_ref: str
    unit: str
    method: str
    item: str | None
    factors: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class NotationDefault:
    """默认注释键 a notation key the city configuration sets for a GPC row without data."""

    city_code: str
    gpc_ref: str
    notation_key: str
    reason_zh: str
    reason_en: str
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    with (data_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def gpc_rows() -> dict[str, GpcRow]:
    """Every GPC reference number by ref, in the order of the GPC tables."""
    return {
        row["ref"]: GpcRow(
            ref=row["ref"],
            sector=row["sector"],
            sector_zh=row["sector_zh"],
            subsector=row["subsector"],
            subsector_zh=row["subsector_zh"],
            description=row["description"],
            scope=int(row["scope"]),
            level=row["reporting_level"],
            china_sector=row["china_sector"],
            china_category_zh=row["china_category_zh"],
            china_category_en=row["china_category_en"],
            source=row["source"],
            china_source=row["china_source"],
        )
        for row in _rows("gpc-structure.csv")
    }


@cache
def inventory_factors() -> dict[str, InventoryFactor]:
    """The agriculture, waste and sink factors by id."""
    return {
        row["id"]: InventoryFactor(
            id=row["id"],
            gas=row["gas"],
            value=float(row["value"]),
            unit=row["unit"],
            document=row["document"],
            edition=row["edition"],
            table=row["table"],
            status=row["status"],
            note=row["note"],
        )
        for row in _rows("factors.csv")
    }


@cache
def activity_kinds() -> dict[str, ActivityKind]:
    """The kinds of activity data by key."""
    return {
        row["key"]: ActivityKind(
            key=row["key"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            gpc_ref=row["gpc_ref"],
            unit=row["unit"],
            method=row["method"],
            item=row["item"] or None,
            factors=tuple(f for f in row["factors"].split(";") if f),
            note=row["note"],
        )
        for row in _rows("activities.csv")
    }


@cache
def notation_defaults() -> tuple[NotationDefault, ...]:
    """The configured notation keys of GPC rows without data."""
    return tuple(
        NotationDefault(
            city_code=row["city_code"],
            gpc_ref=row["gpc_ref"],
            notation_key=row["notation_key"],
            reason_zh=row["reason_zh"],
            reason_en=row["reason_en"],
            source=row["source"],
        )
        for row in _rows("notation-defaults.csv")
    )
