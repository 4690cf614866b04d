"""LMDI on the city's own data (城市能源碳排放 LMDI 分解): what drove energy CO2 each year.

Pure (no database): it takes the inventory's yearly totals (``CityTotals`` of
:mod:`shuangtan.city.inventory.service`, or anything with the same attributes) and calls the
LMDI-I core :func:`shuangtan.city.lmdi.decompose`.

Production sectors i (生产部门) follow the four-factor identity

    C_i = G × S_i × I_i × F_i

* G, activity (经济规模): GDP at constant 2015 prices (2020 prices if 2015 is missing), 10^4 CNY;
* S_i = VA_i / Σ VA, structure (产业结构): the sector's share of value added (current prices);
* I_i = E_i / (G × S_i), energy intensity (能耗强度): tce per 10^4 CNY of real value added;
* F_i = C_i / E_i, carbon intensity of energy (能源碳强度): tCO2/tce.

The inventory's sector keys are matched to value added this way: ``primary`` ↔ primary,
``industry`` ↔ industry, ``construction`` ↔ secondary − industry, and ``transport`` +
``services`` ↔ tertiary (the statistics give no separate value added for transport).
Households (``residential``) have no value added; their CO2 is decomposed on its own as
population × energy per person × carbon intensity (人口 × 人均生活能耗 × 碳强度). The seven
additive effects add up exactly to the change of total energy CO2 (all six sector keys).

A year missing any of these numbers is left out and listed in ``skipped`` with the reason;
consecutive usable years are chained (2021→2022, …; a gap chains across it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from shuangtan.city import lmdi

__all__ = [
    "PRODUCTION_FACTORS",
    "RESIDENTIAL_FACTORS",
    "CityDecomposition",
    "TotalsLike",
    "decompose_city",
]

PRODUCTION_FACTORS = ("activity", "structure", "energy_intensity", "carbon_intensity")
RESIDENTIAL_FACTORS = (
    "residential_population",
    "residential_energy_per_capita",
    "residential_carbon_intensity",
)
EFFECTS = PRODUCTION_FACTORS + RESIDENTIAL_FACTORS
SECTOR_KEYS = ("primary", "industry", "construction", "transport", "services", "residential")
PRODUCTION_SECTORS = ("primary", "industry", "construction", "tertiary")


class TotalsLike(Protocol):
    """What the decomposition reads of one year's city totals (the inventory's CityTotals)."""

    @property
    def year(self) -> int: ...
    @property
    def gdp_2015_prices_10k_cny(self) -> Decimal | None: ...
    @property
    def gdp_2020_prices_10k_cny(self) -> Decimal | None: ...
    @property
    def population_10k(self) -> Decimal | None: ...
    @property
    def value_added_10k_cny(self) -> Mapping[str, Decimal]: ...
    @property
    def energy_tce_by_sector(self) -> Mapping[str, Decimal]: ...
    @property
    def energy_co2_t_by_sector(self) -> Mapping[str, Decimal]: ...


@dataclass(frozen=True)
class CityDecomposition:
    """城市年度分解 yearly LMDI-I of the city's (or a county's) energy CO2, tCO2.

    ``periods``: one dict a pair of consecutive usable years with ``from``, ``to``,
    ``total_change`` (t), ``effects`` (additive, t; the seven names of ``EFFECTS``),
    ``multiplicative`` (production sectors only) and ``by_sector`` (additive, t).
    """

    years: tuple[int, ...]
    skipped: Mapping[int, str]
    periods: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    levels: Mapping[int, float] = field(default_factory=dict)
    """Total energy CO2 (t) of each usable year: the six sector keys summed."""


def _gdp(totals: TotalsLike) -> float | None:
    for value in (totals.gdp_2015_prices_10k_cny, totals.gdp_2020_prices_10k_cny):
        if value is not None and value > 0:
            return float(value)
    return None


def _sector_rows(totals: TotalsLike) -> tuple[dict[str, list[float]], list[float]] | str:
    """The factor rows of one year, or the reason the year cannot be used."""
    gdp = _gdp(totals)
    if gdp is None:
        return "no GDP at constant prices"
    va = totals.value_added_10k_cny
    energy = totals.energy_tce_by_sector
    co2 = totals.energy_co2_t_by_sector
    missing = [k for k in ("primary", "secondary", "tertiary", "industry") if k not in va]
    missing += [f"energy.{k}" for k in SECTOR_KEYS if k not in energy]
    missing += [f"co2.{k}" for k in SECTOR_KEYS if k not in co2]
    if missing:
        return "missing " + ", ".join(missing)
    if totals.population_10k is None or totals.population_10k <= 0:
        return "no population"
    value_added = {
        "primary": float(va["primary"]),
        "industry": float(va["industry"]),
        "construction": float(va["secondary"]) - float(va["industry"]),
        "tertiary": float(va["tertiary"]),
    }
    sector_energy = {
        "primary": float(energy["primary"]),
        "industry": float(energy["industry"]),
        "construction": float(energy["construction"]),
        "tertiary": float(energy["transport"]) + float(energy["services"]),
    }
    sector_co2 = {
        "primary": float(co2["primary"]),
        "industry": float(co2["industry"]),
        "construction": float(co2["construction"]),
        "tertiary": float(co2["transport"]) + float(co2["services"]),
    }
    total_va = sum(value_added.values())
    if min(value_added.values()) < 0 or total_va <= 0:
        return "value added inconsistent (secondary below industry, or no value added)"
    rows: dict[str, list[float]] = {}
    for sector in PRODUCTION_SECTORS:
        share = value_added[sector] / total_va
        e, c = sector_energy[sector], sector_co2[sector]
        if (share == 0 and e > 0) or (e == 0 and c > 0) or e < 0 or c < 0:
            return f"sector {sector}: energy or CO2 without value added or energy"
        intensity = e / (gdp * share) if share > 0 else 0.0
        rows[sector] = [gdp, share, intensity, c / e if e > 0 else 0.0]
    population = float(totals.population_10k)
    e_res, c_res = float(energy["residential"]), float(co2["residential"])
    if e_res < 0 or c_res < 0 or (e_res == 0 and c_res > 0):
        return "residential energy or CO2 inconsistent"
    residential = [population, e_res / population, c_res / e_res if e_res > 0 else 0.0]
    return rows, residential


def decompose_city(totals: Sequence[TotalsLike]) -> CityDecomposition:
    """Decompose the change of energy CO2 between consecutive usable years (LMDI-I)."""
    production: dict[str, dict[str, list[float]]] = {}
    residential: dict[str, dict[str, list[float]]] = {}
    skipped: dict[int, str] = {}
    for item in sorted(totals, key=lambda t: t.year):
        result = _sector_rows(item)
        if isinstance(result, str):
            skipped[item.year] = result
            continue
        production[str(item.year)], residential[str(item.year)] = (
            result[0],
            {"residential": result[1]},
        )
    years = tuple(int(y) for y in production)
    levels = {
        int(y): math.fsum(math.prod(v) for v in production[y].values())
        + math.prod(residential[y]["residential"])
        for y in production
    }
    if len(years) < 2:
        return CityDecomposition(years=years, skipped=skipped, levels=levels)
    prod = lmdi.decompose(list(PRODUCTION_FACTORS), production)["periods"]
    res = lmdi.decompose(list(RESIDENTIAL_FACTORS), residential)["periods"]
    periods = []
    for p, r in zip(prod, res, strict=True):
        effects = {**p["additive"], **r["additive"]}
        by_sector = {sector: sum(values.values()) for sector, values in p["by_subcategory"].items()}
        by_sector["residential"] = r["total_change"]
        periods.append(
            {
                "from": int(p["from"]),
                "to": int(p["to"]),
                "total_change": p["total_change"] + r["total_change"],
                "effects": effects,
                "multiplicative": p["multiplicative"],
                "by_sector": by_sector,
            }
        )
    return CityDecomposition(years=years, skipped=skipped, periods=tuple(periods), levels=levels)
