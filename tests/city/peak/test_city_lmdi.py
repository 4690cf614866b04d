"""LMDI of the city's own data (city_lmdi.decompose_city) against a hand-derived small case."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from shuangtan.city.peak.city_lmdi import decompose_city


@dataclass(frozen=True)
class Totals:
    """The attributes of the inventory's CityTotals that the decomposition reads (test data)."""

    year: int
    gdp_2015_prices_10k_cny: Decimal | None
    population_10k: Decimal | None
    value_added_10k_cny: Mapping[str, Decimal] = field(default_factory=dict)
    energy_tce_by_sector: Mapping[str, Decimal] = field(default_factory=dict)
    energy_co2_t_by_sector: Mapping[str, Decimal] = field(default_factory=dict)
    gdp_2020_prices_10k_cny: Decimal | None = None


def _d(values: dict[str, float]) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in values.items()}


SECTORS = ("primary", "industry", "construction", "transport", "services", "residential")


def _by_sector(*values: float) -> dict[str, Decimal]:
    """Values of the six energy sectors in the order of ``SECTORS``."""
    return _d(dict(zip(SECTORS, values, strict=True)))


# 2020: GDP 1000; VA primary 100, secondary 500 (industry 400 → construction 100), tertiary 400.
# Energy (tce) primary 10, industry 200, construction 10, transport 30, services 20, households 40;
# CO2 = 2 × energy everywhere.
Y2020 = Totals(
    year=2020,
    gdp_2015_prices_10k_cny=Decimal(1000),
    population_10k=Decimal(100),
    value_added_10k_cny=_d({"primary": 100, "secondary": 500, "industry": 400, "tertiary": 400}),
    energy_tce_by_sector=_by_sector(10, 200, 10, 30, 20, 40),
    energy_co2_t_by_sector=_by_sector(20, 400, 20, 60, 40, 80),
)
# 2021: GDP +10 %, every value added +10 % (structure unchanged), every sector's energy +10 %
# except industry: 200 × 1.1 × 0.9 = 198 (its intensity falls 10 %); CO2 = 2 × energy, except
# households: energy 40 → 40, CO2 80 → 84 (carbon intensity 2 → 2.1).
Y2021 = Totals(
    year=2021,
    gdp_2015_prices_10k_cny=Decimal(1100),
    population_10k=Decimal(100),
    value_added_10k_cny=_d({"primary": 110, "secondary": 550, "industry": 440, "tertiary": 440}),
    energy_tce_by_sector=_by_sector(11, 198, 11, 33, 22, 40),
    energy_co2_t_by_sector=_by_sector(22, 396, 22, 66, 44, 84),
)


class TestDecomposeCity:
    def test_activity_intensity_and_household_effects_match_the_hand_derivation(self) -> None:
        result = decompose_city([Y2021, Y2020])  # order of the input does not matter
        (period,) = result.periods
        effects = period["effects"]
        # Activity: Σ_i L(C_i^T, C_i^0) × ln(1100/1000).
        #   primary L(22, 20) ln 1.1 = 22 − 20 = 2 (its C grows by exactly 1.1), construction 2,
        #   tertiary (transport + services) L(110, 100) ln 1.1 = 10,
        #   industry L(396, 400) ln 1.1 = (−4 / ln 0.99) × 0.0953102 = 397.9933 × 0.0953102
        #            = 37.9331.  Sum = 2 + 2 + 10 + 37.9331 = 51.9331.
        assert effects["activity"] == pytest.approx(51.9331, abs=1e-4)
        # Energy intensity: only industry, (198/440) / (200/400) = 0.45 / 0.5 = 0.9:
        #   397.9933 × ln 0.9 = 397.9933 × (−0.1053605) = −41.9331.
        assert effects["energy_intensity"] == pytest.approx(-41.9331, abs=1e-4)
        # Structure and the production carbon intensity did not change.
        assert effects["structure"] == pytest.approx(0.0, abs=1e-12)
        assert effects["carbon_intensity"] == pytest.approx(0.0, abs=1e-12)
        # Households: L(84, 80) × ln(2.1 / 2) = 84 − 80 = 4; population and per-capita 0.
        assert effects["residential_carbon_intensity"] == pytest.approx(4.0)
        assert effects["residential_population"] == 0.0
        assert effects["residential_energy_per_capita"] == 0.0
        # Total: 2 + (396 − 400) + 2 + 10 + 4 = 14 t.
        assert period["total_change"] == pytest.approx(14.0)
        assert period["by_sector"]["industry"] == pytest.approx(-4.0)
        # Levels: 20 + 400 + 20 + 60 + 40 + 80 = 620; 22 + 396 + 22 + 66 + 44 + 84 = 634.
        assert result.levels == {2020: pytest.approx(620.0), 2021: pytest.approx(634.0)}

    def test_a_year_without_sector_data_is_skipped_with_its_reason(self) -> None:
        bare = Totals(year=2022, gdp_2015_prices_10k_cny=Decimal(1200), population_10k=None)
        result = decompose_city([Y2020, Y2021, bare])
        assert result.years == (2020, 2021)
        assert "missing" in result.skipped[2022]
        assert len(result.periods) == 1

    def test_one_usable_year_gives_no_period(self) -> None:
        result = decompose_city([Y2020])
        assert result.periods == () and result.years == (2020,)

    def test_secondary_below_industry_is_refused_as_inconsistent(self) -> None:
        va = dict(Y2021.value_added_10k_cny)
        va["secondary"] = Decimal(300)  # below industry 440: construction would be negative
        broken = Totals(**{**Y2021.__dict__, "value_added_10k_cny": va})
        result = decompose_city([Y2020, broken])
        assert "inconsistent" in result.skipped[2021]
        assert not math.isnan(result.levels[2020])
