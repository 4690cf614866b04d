"""The inventory's read contract (清单综合数): :class:`CityTotals` of one year and area.

Other parts call ``city_totals(session=..., year=..., county_code=...,
with_inventory=False)`` (they need no GPC figures) and
``years_with_data(session=...)``. Both are read-only and check no permission (the callers
check theirs). Every figure is read from what officials entered; where nothing was entered the
figure is ``None`` (or the mapping is empty) — never invented.

Rules (docs/inventory.md):

- **Area.** ``county_code`` picks one county-level division. ``None`` is the whole city: rows
  entered for the city itself (``area_code`` = the city's code) are used where there are any
  for the year (per dataset; per item for economic statistics); otherwise the counties' rows are
  summed, but only when every county of the city has entered that dataset (item) for the year —
  a sum over some of the counties would be a partial city, so it stays ``None``.
- **Months.** A year's figure is the annual row (``month`` 0) where there is one, else the sum
  of the monthly rows of that cell.
- **Shares** are percentages rounded half-up to 0.01.
- **One series.** Energy CO2 is read under the series rule of :mod:`.series` (one method, the
  year's grid-factor vintage): a row stored under an older rule is recomputed on the way, so
  every year the other rooms read is on the same method (``CityTotals.vintage`` names it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.place import repository as place_repository

from . import repository, series
from .models import (
    NEV_POWER_TYPES,
    RENEWABLE_SOURCES,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
)
from .selection import for_area, pick_months

__all__ = ["CityTotals", "city_totals", "years_with_data"]

_CENT = Decimal("0.01")
_VALUE_ADDED_KEYS = {
    "va_primary": "primary",
    "va_secondary": "secondary",
    "va_tertiary": "tertiary",
    "va_industry": "industry",
}


@dataclass(frozen=True)
class CityTotals:
    """一年一地的综合数 city (or county) totals of one year, read from the stored data."""

    year: int
    county_code: str | None  # None = the whole city
    energy_tce: Decimal | None  # 综合能源消费量, statistical energy balance, tce
    energy_co2_t: Decimal | None  # energy CO2 (combustion + net purchased electricity/heat), t
    inventory_basic_tco2e: Decimal | None  # GPC BASIC total, tCO2e
    inventory_basic_plus_tco2e: Decimal | None
    sinks_tco2: Decimal | None  # forest + wetland + urban green removals, t CO2 (positive)
    gdp_current_10k_cny: Decimal | None  # GDP at current prices, 10^4 CNY
    gdp_2015_prices_10k_cny: Decimal | None  # GDP at 2015 constant prices
    gdp_2020_prices_10k_cny: Decimal | None  # GDP at 2020 constant prices
    population_10k: Decimal | None  # resident population, 10^4 persons
    value_added_10k_cny: Mapping[str, Decimal] = field(default_factory=dict)
    energy_tce_by_sector: Mapping[str, Decimal] = field(default_factory=dict)
    energy_co2_t_by_sector: Mapping[str, Decimal] = field(default_factory=dict)
    renewable_generation_share_pct: Decimal | None = None
    nev_share_pct: Mapping[str, Decimal] = field(default_factory=dict)
    vintage: series.Vintage | None = None  # the year's grid factor and its note


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(_CENT, rounding=ROUND_HALF_UP)


def _energy(
    session: Session, year: int, area: tuple[str, Sequence[str], str | None]
) -> tuple[Decimal | None, Decimal | None, dict[str, Decimal], dict[str, Decimal]]:
    city_code, counties, county_code = area
    rows = session.scalars(select(EnergyBalanceEntry).where(EnergyBalanceEntry.year == year)).all()
    chosen = pick_months(
        for_area(rows, city_code=city_code, counties=counties, county_code=county_code),
        ("sector", "carrier"),
    )
    if not chosen:
        return None, None, {}, {}
    figures = series.current(session, chosen)  # a stale row is recomputed (one method)
    tce: dict[str, Decimal] = defaultdict(Decimal)
    co2: dict[str, Decimal] = defaultdict(Decimal)
    for row in chosen:
        tce[row.sector] += figures[row.id].tce
        co2[row.sector] += figures[row.id].co2_t
    return sum(tce.values(), Decimal(0)), sum(co2.values(), Decimal(0)), dict(tce), dict(co2)


def _economics(
    session: Session, year: int, area: tuple[str, Sequence[str], str | None]
) -> dict[str, Decimal]:
    city_code, counties, county_code = area
    rows = session.scalars(select(EconomicStatistic).where(EconomicStatistic.year == year)).all()
    by_item: dict[str, list[EconomicStatistic]] = defaultdict(list)
    for row in rows:
        by_item[row.item].append(row)
    values: dict[str, Decimal] = {}
    for item, members in by_item.items():
        chosen = pick_months(
            for_area(members, city_code=city_code, counties=counties, county_code=county_code),
            ("item",),
        )
        if chosen:
            values[item] = sum((Decimal(r.value) for r in chosen), Decimal(0))
    return values


def _renewable_share(
    session: Session, year: int, area: tuple[str, Sequence[str], str | None]
) -> Decimal | None:
    city_code, counties, county_code = area
    rows = session.scalars(select(GenerationEntry).where(GenerationEntry.year == year)).all()
    chosen = pick_months(
        for_area(rows, city_code=city_code, counties=counties, county_code=county_code),
        ("source",),
    )
    if not chosen:
        return None
    total = sum((Decimal(r.generation_mwh) for r in chosen), Decimal(0))
    renewable = sum(
        (Decimal(r.generation_mwh) for r in chosen if r.source in RENEWABLE_SOURCES), Decimal(0)
    )
    return _pct(renewable, total)


def _nev_shares(
    session: Session, year: int, area: tuple[str, Sequence[str], str | None]
) -> dict[str, Decimal]:
    city_code, counties, county_code = area
    rows = session.scalars(select(FleetEntry).where(FleetEntry.year == year)).all()
    by_type: dict[str, list[FleetEntry]] = defaultdict(list)
    for row in rows:
        by_type[row.vehicle_type].append(row)
    shares: dict[str, Decimal] = {}
    for vehicle_type, members in by_type.items():
        chosen = pick_months(
            for_area(members, city_code=city_code, counties=counties, county_code=county_code),
            ("vehicle_type", "power"),
        )
        total = Decimal(sum(r.vehicles for r in chosen))
        nev = Decimal(sum(r.vehicles for r in chosen if r.power in NEV_POWER_TYPES))
        share = _pct(nev, total)
        if share is not None:
            shares[vehicle_type] = share
    return shares


def city_totals(
    *,
    session: Session,
    year: int,
    county_code: str | None = None,
    with_inventory: bool = True,
) -> CityTotals:
    """The totals of ``year`` for the whole city (``county_code`` None) or one county.

    ``with_inventory=False`` skips the GPC inventory (most of a call's time): the BASIC,
    BASIC+ and sink fields are then ``None``. The other rooms read only the energy, economic,
    generation and fleet figures and pass it.
    """
    city_code, counties = place_repository.city_and_counties(session)
    area = (city_code, counties, county_code)
    energy_tce, energy_co2, tce_by_sector, co2_by_sector = _energy(session, year, area)
    economics = _economics(session, year, area)
    from . import gpc  # the GPC inventory reads this module's area rule

    inventory = (
        gpc.inventory(session=session, year=year, county_code=county_code)
        if with_inventory
        else None
    )
    return CityTotals(
        year=year,
        county_code=county_code,
        energy_tce=energy_tce,
        energy_co2_t=energy_co2,
        inventory_basic_tco2e=inventory.basic_tco2e if inventory else None,
        inventory_basic_plus_tco2e=inventory.basic_plus_tco2e if inventory else None,
        sinks_tco2=inventory.sinks_tco2 if inventory else None,
        gdp_current_10k_cny=economics.get("gdp_current"),
        gdp_2015_prices_10k_cny=economics.get("gdp_2015_prices"),
        gdp_2020_prices_10k_cny=economics.get("gdp_2020_prices"),
        population_10k=economics.get("population"),
        value_added_10k_cny={
            key: economics[item] for item, key in _VALUE_ADDED_KEYS.items() if item in economics
        },
        energy_tce_by_sector=tce_by_sector,
        energy_co2_t_by_sector=co2_by_sector,
        renewable_generation_share_pct=_renewable_share(session, year, area),
        nev_share_pct=_nev_shares(session, year, area),
        vintage=series.vintage(session, year),
    )


def years_with_data(*, session: Session, county_code: str | None = None) -> list[int]:
    """The years for which anything was entered (for the city: in any area), ascending."""
    return repository.years_with_data(session, county_code=county_code)
