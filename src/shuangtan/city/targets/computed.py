"""Indicators the platform computes itself (平台自动计算的指标), from the inventory's totals.

Each reads :func:`shuangtan.city.inventory.service.city_totals` (the statistical energy
balance, GDP at constant prices, fleet and generation data); a year without the inputs has no
value (``None``), never a guess. Officials cannot type these (see ``service.enter_value``).

- ``energy_intensity`` 单位GDP能耗 = energy_tce / GDP at 2015 prices (tce per 10^4 CNY);
- ``energy_consumption_total`` 能源消费量 = energy_tce / 10^4 (10^4 tce);
- ``carbon_intensity_reduction`` 单位GDP二氧化碳排放降低 = (1 − I_y / I_base) × 100 %,
  I = energy-related CO2 / GDP at 2020 prices, base = the indicator's baseline year (2020);
- ``renewable_generation_share`` 可再生能源发电量占比, as the inventory computes it;
- ``nev_share_*`` 新能源化比例 of buses, taxis, coaches and new private cars, where fed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.city.inventory import service as inventory_service

__all__ = [
    "COMPUTED",
    "COUNTY_KIND_UNITS",
    "computed_series",
    "county_series",
    "intensity",
]

_NEV = {
    "nev_share_bus": "bus",
    "nev_share_taxi": "taxi",
    "nev_share_coach": "coach",
    "nev_share_new_private_cars": "new_private_cars",
}
COMPUTED = frozenset(
    {
        "energy_intensity",
        "energy_consumption_total",
        "carbon_intensity_reduction",
        "renewable_generation_share",
        *_NEV,
    }
)
COUNTY_KIND_UNITS = {
    "energy_intensity_reduction": "%",
    "energy_total_cap": "10^4 tce",
    "carbon_intensity_reduction": "%",
    "carbon_total_cap": "10^4 t CO2",
}
_TEN_THOUSAND = Decimal(10_000)

Totals = inventory_service.CityTotals


def intensity(numerator: Decimal | None, gdp: Decimal | None) -> float | None:
    """``numerator / gdp`` as a float, or ``None`` if either is missing or GDP is zero."""
    if numerator is None or gdp is None or gdp == 0:
        return None
    return float(numerator / gdp)


def _energy_intensity(t: Totals) -> float | None:
    return intensity(t.energy_tce, t.gdp_2015_prices_10k_cny)


def _carbon_intensity(t: Totals) -> float | None:
    return intensity(t.energy_co2_t, t.gdp_2020_prices_10k_cny)


def _reduction_pct(now: float | None, base: float | None) -> float | None:
    if now is None or base is None or base == 0:
        return None
    return (1.0 - now / base) * 100.0


def _per_10k(value: Decimal | None) -> float | None:
    return None if value is None else float(value / _TEN_THOUSAND)


def _opt(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _direct(indicator_id: str) -> Callable[[Totals], float | None] | None:
    if indicator_id == "energy_intensity":
        return _energy_intensity
    if indicator_id == "energy_consumption_total":
        return lambda t: _per_10k(t.energy_tce)
    if indicator_id == "renewable_generation_share":
        return lambda t: _opt(t.renewable_generation_share_pct)
    if indicator_id in _NEV:
        key = _NEV[indicator_id]
        return lambda t: _opt(t.nev_share_pct.get(key))
    return None


def _totals(
    session: Session,
    years: Iterable[int],
    county_code: str | None,
    cache: dict[tuple[str | None, int], Totals] | None = None,
) -> dict[int, Totals]:
    """The inventory's totals of each year, read once per (area, year) when ``cache`` is given."""
    memo = cache if cache is not None else {}
    for y in years:
        if (county_code, y) not in memo:
            memo[(county_code, y)] = inventory_service.city_totals(
                session=session, year=y, county_code=county_code, with_inventory=False
            )
    return {y: memo[(county_code, y)] for y in years}


def computed_series(
    *,
    session: Session,
    indicator_ids: Iterable[str],
    years: Iterable[int],
    base_years: dict[str, int | None],
) -> dict[str, dict[int, float]]:
    """The computed values by indicator and year (years without inputs are left out)."""
    wanted = [i for i in indicator_ids if i in COMPUTED]
    year_list = sorted(set(years) | {b for b in base_years.values() if b is not None})
    totals = _totals(session, year_list, None) if wanted else {}
    result: dict[str, dict[int, float]] = {}
    for indicator_id in wanted:
        series: dict[int, float] = {}
        direct = _direct(indicator_id)
        base_year = base_years.get(indicator_id)
        for year in years:
            if direct is not None:
                value = direct(totals[year])
            else:  # carbon_intensity_reduction
                base = _carbon_intensity(totals[base_year]) if base_year is not None else None
                value = _reduction_pct(_carbon_intensity(totals[year]), base)
            if value is not None:
                series[year] = value
        result[indicator_id] = series
    return result


def county_series(
    *,
    session: Session,
    county_code: str,
    kind: str,
    base_year: int,
    years: Iterable[int],
    cache: dict[tuple[str | None, int], Totals] | None = None,
) -> dict[int, float]:
    """A county's tracked quantity of a target ``kind`` by year (only years with inputs).

    Reductions are % below the base year's intensity (energy per GDP at 2015 prices, CO2 per
    GDP at 2020 prices); caps compare totals in 10^4 tce or 10^4 t CO2.
    """
    year_list = sorted(set(years) | {base_year})
    totals = _totals(session, year_list, county_code, cache)
    series: dict[int, float] = {}
    for year in years:
        t = totals[year]
        value: float | None
        if kind == "energy_intensity_reduction":
            value = _reduction_pct(_energy_intensity(t), _energy_intensity(totals[base_year]))
        elif kind == "carbon_intensity_reduction":
            value = _reduction_pct(_carbon_intensity(t), _carbon_intensity(totals[base_year]))
        elif kind == "energy_total_cap":
            value = _per_10k(t.energy_tce)
        else:
            value = _per_10k(t.energy_co2_t)
        if value is not None:
            series[year] = value
    return series
