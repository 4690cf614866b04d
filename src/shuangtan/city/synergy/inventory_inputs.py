"""Inputs computed from the city inventory (由清单计算的输入): pure arithmetic on its totals.

Each function takes one county-year's totals (the inventory's ``CityTotals``, or anything with
the same fields) and returns the value and a source note naming the fields and their values,
or ``None`` when a field it needs was not entered (nothing is invented).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Protocol

__all__ = ["COMPUTERS", "Totals", "computed_inputs"]

TEN_THOUSAND = Decimal(10_000)
HUNDRED = Decimal(100)


class Totals(Protocol):
    """The fields of ``shuangtan.city.inventory.service.CityTotals`` read here."""

    @property
    def year(self) -> int: ...
    @property
    def county_code(self) -> str | None: ...
    @property
    def energy_tce(self) -> Decimal | None: ...
    @property
    def energy_co2_t(self) -> Decimal | None: ...
    @property
    def gdp_current_10k_cny(self) -> Decimal | None: ...
    @property
    def gdp_2020_prices_10k_cny(self) -> Decimal | None: ...
    @property
    def population_10k(self) -> Decimal | None: ...
    @property
    def value_added_10k_cny(self) -> Mapping[str, Decimal]: ...
    @property
    def renewable_generation_share_pct(self) -> Decimal | None: ...


Computed = tuple[Decimal, str] | None


def _f(value: Decimal | None) -> str:
    """A figure for a source note: thousands separators, at most four decimals."""
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4f}".rstrip("0").rstrip(".")


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def gdp_per_capita(t: Totals) -> Computed:
    """CNY per person = GDP (10^4 CNY) / population (10^4 persons)."""
    value = _ratio(t.gdp_current_10k_cny, t.population_10k)
    if value is None:
        return None
    return (
        value,
        f"GDP {_f(t.gdp_current_10k_cny)} ×10^4 CNY / population {_f(t.population_10k)} ×10^4",
    )


def services_share(t: Totals) -> Computed:
    """% = tertiary value added / GDP at current prices × 100."""
    tertiary = t.value_added_10k_cny.get("tertiary")
    value = _ratio(tertiary, t.gdp_current_10k_cny)
    if value is None:
        return None
    return value * HUNDRED, (
        f"tertiary value added {_f(tertiary)} / GDP {_f(t.gdp_current_10k_cny)} ×10^4 CNY × 100"
    )


def energy_per_gdp(t: Totals) -> Computed:
    """tce per 10^4 CNY = energy (tce) / GDP at 2020 prices (10^4 CNY)."""
    value = _ratio(t.energy_tce, t.gdp_2020_prices_10k_cny)
    if value is None:
        return None
    return (
        value,
        f"energy {_f(t.energy_tce)} tce / GDP (2020 prices) {_f(t.gdp_2020_prices_10k_cny)}",
    )


def renewable_generation_share(t: Totals) -> Computed:
    """% as stored in the inventory."""
    if t.renewable_generation_share_pct is None:
        return None
    return t.renewable_generation_share_pct, "inventory renewable_generation_share_pct"


def co2_per_gdp(t: Totals) -> Computed:
    """t CO2 per 10^4 CNY = energy CO2 (t) / GDP at 2020 prices (10^4 CNY)."""
    value = _ratio(t.energy_co2_t, t.gdp_2020_prices_10k_cny)
    if value is None:
        return None
    return (
        value,
        f"energy CO2 {_f(t.energy_co2_t)} t / GDP (2020 prices) {_f(t.gdp_2020_prices_10k_cny)}",
    )


def co2_per_capita(t: Totals) -> Computed:
    """t per person = energy CO2 (t) / (population (10^4 persons) × 10^4)."""
    population = None if t.population_10k is None else t.population_10k * TEN_THOUSAND
    value = _ratio(t.energy_co2_t, population)
    if value is None:
        return None
    return value, f"energy CO2 {_f(t.energy_co2_t)} t / population {_f(t.population_10k)} ×10^4"


COMPUTERS: dict[str, Callable[[Totals], Computed]] = {
    "gdp_per_capita": gdp_per_capita,
    "services_share": services_share,
    "energy_per_gdp": energy_per_gdp,
    "renewable_generation_share": renewable_generation_share,
    "co2_per_gdp": co2_per_gdp,
    "co2_per_capita": co2_per_capita,
}
"""Indicator id → its computation from the inventory totals."""


def computed_inputs(totals: Totals, indicator_ids: tuple[str, ...]) -> dict[str, Computed]:
    """``{indicator id: (value, note) or None}`` for the computable ids of ``indicator_ids``."""
    return {i: COMPUTERS[i](totals) for i in indicator_ids if i in COMPUTERS}
