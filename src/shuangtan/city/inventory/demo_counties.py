"""The demo's seven counties (演示区县画像): each its own size, sector mix, fuels and growth path.

The counties of the inventory demo (:mod:`.demo`) differ as Jiaxing's do. Published where
``data/cities/jiaxing/statistics.csv`` has a figure (2020 GDP of Haining, Tongxiang, Jiashan;
2021 management-scope GDP and growth of all seven; 2021 resident population of all seven);
everything else is a **demo assumption**, stated here and in docs/inventory.md:

- **Industry.** Haining (warp knitting, leather, dyeing: steam from local CHP), Tongxiang
  (chemical fibres, glass fibre: coal and gas), Pinghu (the Jiaxing port chemical zone: coal, gas,
  fuel oil) are the heavy, fuel-burning ones; Jiashan (electronics, precision machinery) and
  Nanhu (the city centre: services) burn less and use more electricity; Haiyan's nuclear plants
  (Qinshan) are province-dispatched and therefore outside the local generation, as in the plan's
  renewable indicator.
- **Energy shares of 2020** (of the city's 2181 ×10^4 tce) follow each county's GDP times its
  industrial intensity: :data:`ENERGY_SHARE_2020`.
- **Growth.** Each county's energy grows at the city's rate plus its own drift and a yearly swing
  (:data:`ENERGY_DRIFT`), and the seven are then scaled so that they sum exactly to the city's
  total of the year: their year-on-year changes differ from each other and from the city's.
- **Sector mix** of each county (:data:`SECTOR_MIX_2020`) moves each year from industry to
  services and residential by the county's :data:`INDUSTRY_SHIFT`.

Deterministic: no random draw.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

__all__ = [
    "CODES",
    "ENERGY_DRIFT",
    "ENERGY_SHARE_2020",
    "GDP_2020",
    "GDP_GROWTH_2021",
    "INDUSTRY_CARRIERS",
    "INDUSTRY_SHIFT",
    "POPULATION_2021",
    "PUBLISHED_GDP_2020",
    "SECONDARY_SHARE_2020",
    "SECTOR_MIX_2020",
    "activity_weights",
    "carrier_mix",
    "energy_weights",
    "gdp_weights",
    "generation_weights",
    "item_weights",
    "sector_mix",
    "split",
]

CODES = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")
"""南湖区, 秀洲区, 嘉善县, 海盐县, 海宁市, 平湖市, 桐乡市."""

PUBLISHED_GDP_2020 = {  # ×10^8 CNY, 2020 county figures (statistics.csv)
    "330481": Decimal("1030.78"),  # 海宁市
    "330483": Decimal("1002.98"),  # 桐乡市
    "330421": Decimal("655.77"),  # 嘉善县
}
GDP_2020 = {  # ×10^8 CNY: published three, the other four a demo assumption summing to 5563.58
    **PUBLISHED_GDP_2020,
    # the rest, 5563.58 − 2689.53 = 2874.05, split in proportion to the 2021 management-scope
    # GDP (statistics.csv) plus the development zones' GDP they host (经开区 395.02: 60 % Nanhu,
    # 40 % Xiuzhou; 港区 209.01: 80 % Pinghu, 20 % Haiyan — assumed), each deflated by its 2021
    # growth: Nanhu 966.92/1.088, Xiuzhou 730.96/1.085, Pinghu 865.69/1.101, Haiyan 663.36/1.083
    "330402": Decimal("862.56"),
    "330411": Decimal("653.87"),
    "330482": Decimal("763.13"),
    "330424": Decimal("594.49"),
}
GDP_GROWTH_2021 = {  # % real, 2021 management-scope growth of each county (statistics.csv)
    "330402": Decimal("8.8"),
    "330411": Decimal("8.5"),
    "330421": Decimal("10.3"),
    "330424": Decimal("8.3"),
    "330481": Decimal("7.0"),
    "330482": Decimal("10.1"),
    "330483": Decimal("8.5"),
}
GDP_DRIFT = {  # points a year above (below) the city's real growth after 2021 (assumption)
    "330402": Decimal("0.3"),
    "330411": Decimal("0.0"),
    "330421": Decimal("1.0"),
    "330424": Decimal("-0.2"),
    "330481": Decimal("-0.3"),
    "330482": Decimal("0.5"),
    "330483": Decimal("-0.4"),
}
POPULATION_2021 = {  # ×10^4 residents at the end of 2021 (statistics.csv; sum 551.59)
    "330402": Decimal("86.27"),
    "330411": Decimal("69.57"),
    "330421": Decimal("65.90"),
    "330424": Decimal("46.57"),
    "330481": Decimal("109.94"),
    "330482": Decimal("68.35"),
    "330483": Decimal("104.99"),
}
SECONDARY_SHARE_2020 = {  # secondary industry's share of county GDP (assumption; city 51.9 %)
    "330402": Decimal("0.420"),
    "330411": Decimal("0.530"),
    "330421": Decimal("0.560"),
    "330424": Decimal("0.550"),
    "330481": Decimal("0.520"),
    "330482": Decimal("0.570"),
    "330483": Decimal("0.540"),
}
ENERGY_SHARE_2020 = {  # of the city's 2020 energy (assumption: GDP × industrial intensity)
    "330402": Decimal("0.095"),
    "330411": Decimal("0.115"),
    "330421": Decimal("0.105"),
    "330424": Decimal("0.090"),
    "330481": Decimal("0.200"),
    "330482": Decimal("0.180"),
    "330483": Decimal("0.215"),
}
ENERGY_DRIFT = {  # (points a year above the city's growth, swing alternating by year)
    "330402": (Decimal("0.8"), Decimal("0.6")),
    "330411": (Decimal("0.3"), Decimal("-0.9")),
    "330421": (Decimal("1.6"), Decimal("0.4")),
    "330424": (Decimal("-0.6"), Decimal("1.1")),
    "330481": (Decimal("-0.4"), Decimal("-0.5")),
    "330482": (Decimal("0.5"), Decimal("0.8")),
    "330483": (Decimal("-0.7"), Decimal("-0.7")),
}
SECTORS = ("industry", "construction", "transport", "services", "residential", "primary")
SECTOR_MIX_2020 = {  # county energy by sector, in SECTORS order (assumption; each sums to 1)
    "330402": ("0.55", "0.015", "0.12", "0.15", "0.15", "0.015"),  # 南湖: the city centre
    "330411": ("0.70", "0.01", "0.08", "0.08", "0.10", "0.03"),  # 秀洲
    "330421": ("0.72", "0.01", "0.09", "0.08", "0.08", "0.02"),  # 嘉善
    "330424": ("0.68", "0.01", "0.09", "0.07", "0.12", "0.03"),  # 海盐
    "330481": ("0.76", "0.01", "0.08", "0.07", "0.06", "0.02"),  # 海宁
    "330482": ("0.77", "0.01", "0.10", "0.05", "0.05", "0.02"),  # 平湖: port logistics
    "330483": ("0.79", "0.01", "0.07", "0.06", "0.05", "0.02"),  # 桐乡
}
INDUSTRY_SHIFT = {  # points of county energy moving from industry a year (60 % to services)
    "330402": Decimal("0.006"),
    "330411": Decimal("0.004"),
    "330421": Decimal("0.003"),
    "330424": Decimal("0.004"),
    "330481": Decimal("0.003"),
    "330482": Decimal("0.002"),
    "330483": Decimal("0.002"),
}
PRIMARY_SHARE_2020 = {  # primary industry's share of county GDP (assumption; city 2.3 %)
    "330402": Decimal("0.012"),
    "330411": Decimal("0.030"),
    "330421": Decimal("0.024"),
    "330424": Decimal("0.035"),
    "330481": Decimal("0.020"),
    "330482": Decimal("0.028"),
    "330483": Decimal("0.025"),
}
GENERATION_WEIGHTS = {  # local generation by county, in CODES order (assumption)
    # coal: the dyeing and chemical-fibre clusters' CHP plants (province-dispatched 嘉兴发电厂
    # and the Qinshan nuclear plants in Haiyan are outside local generation, as in the plan)
    "coal": ("0.03", "0.10", "0.10", "0.05", "0.25", "0.22", "0.25"),
    "gas": ("0.15", "0.05", "0.20", "0.02", "0.10", "0.38", "0.10"),
    "solar_pv": ("0.08", "0.16", "0.12", "0.18", "0.14", "0.18", "0.14"),
    "wind": ("0.01", "0.01", "0.01", "0.50", "0.05", "0.40", "0.02"),
    "biomass": ("0.05", "0.20", "0.15", "0.15", "0.15", "0.10", "0.20"),
    "waste_to_energy": ("0.25", "0.05", "0.10", "0.10", "0.20", "0.10", "0.20"),
}
FARMING = ("dairy_cattle", "other_cattle", "sheep", "goats", "swine", "poultry")
FARMING_WEIGHTS = ("0.04", "0.20", "0.16", "0.18", "0.14", "0.16", "0.12")
"""Livestock, rice and fertiliser by county, in CODES order (assumption)."""
_INDUSTRY_FUELS = ("bituminous_coal", "coke", "natural_gas", "fuel_oil", "diesel", "lpg", "heat")
INDUSTRY_CARRIERS = {  # industry's carriers, in _INDUSTRY_FUELS order + electricity (assumption)
    "330402": ("0.10", "0.01", "0.14", "0.01", "0.03", "0.01", "0.08", "0.62"),
    "330411": ("0.20", "0.02", "0.12", "0.01", "0.03", "0.01", "0.10", "0.51"),
    "330421": ("0.14", "0.02", "0.10", "0.01", "0.03", "0.01", "0.07", "0.62"),
    "330424": ("0.18", "0.08", "0.10", "0.02", "0.03", "0.01", "0.05", "0.53"),
    "330481": ("0.22", "0.01", "0.10", "0.01", "0.03", "0.01", "0.16", "0.46"),
    "330482": ("0.32", "0.03", "0.16", "0.04", "0.03", "0.01", "0.06", "0.35"),
    "330483": ("0.30", "0.02", "0.14", "0.02", "0.02", "0.01", "0.12", "0.37"),
}


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


K = TypeVar("K", bound=Hashable)


def split(total: Decimal, weights: Mapping[K, Decimal], places: str) -> dict[K, Decimal]:
    """``total`` split by ``weights``, rounded, the last key taking the rounding remainder."""
    whole = sum(weights.values(), Decimal(0))
    keys = list(weights)
    out = {k: _q(total * weights[k] / whole, places) for k in keys[:-1]}
    out[keys[-1]] = total - sum(out.values(), Decimal(0))
    return out


def energy_weights(year: int, city_growth: dict[int, Decimal]) -> dict[str, Decimal]:
    """Each county's unscaled energy of ``year``: its 2020 share grown at the city's yearly rate
    (``city_growth[y]`` = energy y / energy y−1) plus its drift and alternating swing."""
    out = {}
    for code in CODES:
        drift, swing = ENERGY_DRIFT[code]
        value = ENERGY_SHARE_2020[code]
        for y in range(2021, year + 1):
            points = drift + (swing if y % 2 else -swing)
            value *= city_growth[y] + points / 100
        out[code] = value
    return out


def gdp_weights(year: int, city_volume: dict[int, Decimal]) -> dict[str, Decimal]:
    """Each county's unscaled GDP of ``year``: 2020 GDP, the published 2021 growth, then the
    city's volume index (``city_volume[y]``) plus the county's drift."""
    out = {}
    for code in CODES:
        value = GDP_2020[code]
        for y in range(2021, year + 1):
            rate = 1 + GDP_GROWTH_2021[code] / 100 if y == 2021 else city_volume[y]
            value *= rate + (GDP_DRIFT[code] / 100 if y > 2021 else 0)
        out[code] = value
    return out


def item_weights(item: str, gdp: dict[str, Decimal]) -> tuple[dict[str, Decimal], str]:
    """The county weights of an economic item (and what they are): GDP items by county GDP,
    population by the 2021 residents, value added by each county's industry structure."""
    if item == "population":
        return dict(POPULATION_2021), "2021 county residents"
    if item in ("va_secondary", "va_industry"):
        return {c: gdp[c] * SECONDARY_SHARE_2020[c] for c in CODES}, "county GDP × secondary share"
    if item == "va_primary":
        return {c: gdp[c] * PRIMARY_SHARE_2020[c] for c in CODES}, "county GDP × primary share"
    if item == "va_tertiary":
        shares = {c: 1 - SECONDARY_SHARE_2020[c] - PRIMARY_SHARE_2020[c] for c in CODES}
        return {c: gdp[c] * shares[c] for c in CODES}, "county GDP × tertiary share"
    return dict(gdp), "county GDP"


def generation_weights(source: str) -> dict[str, Decimal]:
    """Local generation of a source by county (weights)."""
    return dict(zip(CODES, (Decimal(v) for v in GENERATION_WEIGHTS[source]), strict=True))


def activity_weights(activity: str) -> dict[str, Decimal]:
    """Activity data by county: farming by :data:`FARMING_WEIGHTS`, the rest by residents."""
    if activity in FARMING or activity in ("rice_single", "fertiliser_n"):
        return dict(zip(CODES, (Decimal(v) for v in FARMING_WEIGHTS), strict=True))
    return dict(POPULATION_2021)


def sector_mix(code: str, year: int) -> dict[str, Decimal]:
    """The county's energy by sector in ``year`` (shares summing to 1)."""
    mix = dict(zip(SECTORS, (Decimal(v) for v in SECTOR_MIX_2020[code]), strict=True))
    moved = INDUSTRY_SHIFT[code] * (year - 2020)
    mix["industry"] -= moved
    mix["services"] += moved * Decimal("0.6")
    mix["residential"] += moved * Decimal("0.4")
    return mix


def carrier_mix(code: str, sector: str, base: dict[str, Decimal]) -> dict[str, Decimal]:
    """Carrier shares of a sector in a county: industry's are the county's own; the other
    sectors' are the city's ``base``."""
    if sector != "industry":
        return dict(base)
    values = (Decimal(v) for v in INDUSTRY_CARRIERS[code])
    return dict(zip((*_INDUSTRY_FUELS, "electricity"), values, strict=True))
