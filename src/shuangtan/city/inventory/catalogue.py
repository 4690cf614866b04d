"""Reference data of the inventory (清单参考数据), parsed once per process into frozen objects.

``data/inventory/``: the GPC rows (``gpc-structure.csv``), the kinds of activity data and the
core method each is computed with (``activities.csv``), the notation keys the city sets
(``notation-defaults.csv``) and the energy carriers of the statistical energy balance with the
accounting-core activity of each (``carriers.csv``). No factor lives here: the agriculture,
waste and sink factors are rows of the accounting core's one library
(``shuangtan/data/factors/``), named by id in ``activities.csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

__all__ = [
    "ActivityKind",
    "Carrier",
    "GpcRow",
    "NotationDefault",
    "activity_kinds",
    "carriers",
    "data_dir",
    "gpc_rows",
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
class ActivityKind:
    """清单活动数据类别 a kind of activity data and the core method that computes it.

    ``method`` names the computation (``fuel``, ``electricity``, ``livestock``, ``rice``,
    ``fertiliser``, ``landfill_mass_balance``, ``composting``, ``incineration``,
    ``wastewater_ch4``, ``wastewater_n2o``, ``sink``; ``recovered`` and ``loss_rate`` are read
    by other rows); ``factors`` maps each factor parameter of the method to the id of a factor
    of the core's library (``{"bo": "waste.wastewater.bo", ...}``).
    """

    key: str
    name_zh: str
    name_en: str
    gpc_ref: str
    unit: str
    method: str
    item: str | None
    factors: Mapping[str, str]
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


def _parameters(text: str) -> Mapping[str, str]:
    """``"bo=waste.wastewater.bo;mcf=waste.wastewater.mcf"`` as parameter → factor id."""
    pairs = (item.split("=", 1) for item in text.split(";") if item.strip())
    return MappingProxyType({name.strip(): factor_id.strip() for name, factor_id in pairs})


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
            factors=_parameters(row["factors"]),
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
