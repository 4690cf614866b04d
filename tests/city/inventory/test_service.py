"""city_totals / years_with_data: figures read from entered data, hand-derived here."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from shuangtan.city.inventory import entries
from shuangtan.city.inventory import service as inventory_service

from .conftest import CITY, COUNTIES, JIASHAN, NANHU


def enter(session: Session, kind: str, **data: Any) -> None:
    data.setdefault("source_note", "test")
    entries.record(session=session, actor=None, kind=kind, data=data)


def energy(
    session: Session,
    area_code: str,
    sector: str,
    carrier: str,
    quantity: str,
    unit: str,
    *,
    year: int = 2022,
    month: int | None = None,
) -> None:
    """An energy-balance row (能源平衡表) of ``area_code`` (of 2022 unless told)."""
    data = {"year": year, "area_code": area_code, "sector": sector, "carrier": carrier}
    if month is not None:
        data["month"] = month
    enter(session, "energy", **data, quantity=quantity, unit=unit)


class TestCityTotals:
    def test_nothing_entered_gives_none_and_empty_mappings(self, city: Session) -> None:
        totals = inventory_service.city_totals(session=city, year=2022)
        assert totals.energy_tce is None
        assert totals.energy_co2_t is None
        assert totals.gdp_current_10k_cny is None
        assert totals.population_10k is None
        assert totals.renewable_generation_share_pct is None
        assert totals.inventory_basic_tco2e is None
        assert totals.sinks_tco2 is None
        assert dict(totals.energy_tce_by_sector) == {}
        assert dict(totals.nev_share_pct) == {}
        assert dict(totals.value_added_10k_cny) == {}

    def test_a_county_energy_is_the_core_result_of_its_entries(self, city: Session) -> None:
        energy(city, JIASHAN, "industry", "electricity", "1000", "MWh")
        energy(city, JIASHAN, "transport", "diesel", "100", "t")
        totals = inventory_service.city_totals(session=city, year=2022, county_code=JIASHAN)
        # electricity: 1000 MWh × 0.1229 tce/MWh (GB/T 2589-2020, equivalent value) = 122.9 tce
        #              1000 MWh × 0.5153 tCO2/MWh (MEE/NBS 2024 No.33, Zhejiang 2022) = 515.3 t
        # diesel: 100 t × 1.4571 tce/t (GB/T 2589-2020 Table A.1) = 145.71 tce
        #         100 t × 42.652 GJ/t × 20.2 tC/TJ × 0.98 × 44/12 / 1000 (GB/T 32151.22 C.1)
        #         = 100 × 3.095909637333 = 309.590964 t
        assert totals.energy_tce_by_sector == {
            "industry": Decimal("122.9"),
            "transport": Decimal("145.71"),
        }
        assert totals.energy_tce == Decimal("268.61")
        assert totals.energy_co2_t_by_sector["industry"] == Decimal("515.3")
        assert totals.energy_co2_t_by_sector["transport"] == Decimal("309.590964")
        assert totals.energy_co2_t == Decimal("824.890964")

    def test_without_the_inventory_the_energy_is_the_same_and_the_gpc_fields_are_none(
        self, city: Session
    ) -> None:
        energy(city, JIASHAN, "industry", "electricity", "1000", "MWh")
        full = inventory_service.city_totals(session=city, year=2022, county_code=JIASHAN)
        light = inventory_service.city_totals(
            session=city, year=2022, county_code=JIASHAN, with_inventory=False
        )
        # 1000 MWh × 0.1229 tce/MWh = 122.9 tce; × 0.5153 tCO2/MWh = 515.3 t (as above)
        assert light.energy_tce == full.energy_tce == Decimal("122.9")
        assert light.energy_co2_t == full.energy_co2_t == Decimal("515.3")
        # the GPC BASIC total holds at least the grid electricity's scope-2 515.3 t
        assert full.inventory_basic_tco2e is not None
        assert full.inventory_basic_tco2e >= Decimal("515.3")
        assert light.inventory_basic_tco2e is None
        assert light.inventory_basic_plus_tco2e is None and light.sinks_tco2 is None

    def test_2020_electricity_is_recalculated_with_the_2021_zhejiang_factor(
        self, city: Session
    ) -> None:
        energy(city, JIASHAN, "services", "electricity", "1000", "MWh", year=2020)
        totals = inventory_service.city_totals(session=city, year=2020, county_code=JIASHAN)
        # no MEE/NBS Zhejiang factor for 2020: the series' earliest, 2021's 0.5422 tCO2/MWh
        # (MEE and NBS 公告2024年第12号), not the national ETS 0.6101 of another method:
        # 1000 MWh × 0.5422 = 542.2 t
        assert totals.energy_co2_t == Decimal("542.2")

    def test_the_city_is_none_while_some_counties_have_not_entered(self, city: Session) -> None:
        energy(city, JIASHAN, "industry", "electricity", "1000", "MWh")
        assert inventory_service.city_totals(session=city, year=2022).energy_tce is None

    def test_the_city_is_the_sum_of_all_seven_counties(self, city: Session) -> None:
        for code in COUNTIES:
            energy(city, code, "residential", "electricity", "100", "MWh")
        # 7 counties × 100 MWh × 0.1229 tce/MWh = 86.03 tce
        totals = inventory_service.city_totals(session=city, year=2022)
        assert totals.energy_tce == Decimal("86.03")
        assert totals.energy_tce_by_sector == {"residential": Decimal("86.03")}

    def test_rows_entered_for_the_city_itself_take_precedence(self, city: Session) -> None:
        for code in COUNTIES:
            energy(city, code, "residential", "electricity", "100", "MWh")
        energy(city, CITY, "residential", "electricity", "1000", "MWh")
        # the city's own row: 1000 MWh × 0.1229 = 122.9 tce (not 7 × 12.29)
        assert inventory_service.city_totals(session=city, year=2022).energy_tce == Decimal("122.9")

    def test_months_are_summed_when_no_annual_row_exists(self, city: Session) -> None:
        for month in (1, 2, 3):
            energy(city, NANHU, "services", "electricity", "10", "MWh", month=month)
        totals = inventory_service.city_totals(session=city, year=2022, county_code=NANHU)
        # 3 × 10 MWh × 0.1229 = 3.687 tce
        assert totals.energy_tce == Decimal("3.687")

    def test_the_annual_row_wins_over_months_of_the_same_cell(self, city: Session) -> None:
        energy(city, NANHU, "services", "electricity", "10", "MWh", month=1)
        energy(city, NANHU, "services", "electricity", "200", "MWh")
        totals = inventory_service.city_totals(session=city, year=2022, county_code=NANHU)
        assert totals.energy_tce == Decimal("24.58")  # 200 × 0.1229

    def test_economic_statistics_are_read_by_item(self, city: Session) -> None:
        values = {
            "gdp_current": "6557700",
            "gdp_2015_prices": "6020395",
            "gdp_2020_prices": "6557700",
            "population": "63.66",
            "va_primary": "150827",
            "va_industry": "3017901",
        }
        for item, value in values.items():
            enter(city, "economic", year=2020, area_code=JIASHAN, item=item, value=value)
        totals = inventory_service.city_totals(session=city, year=2020, county_code=JIASHAN)
        assert totals.gdp_current_10k_cny == Decimal("6557700")
        assert totals.gdp_2015_prices_10k_cny == Decimal("6020395")
        assert totals.gdp_2020_prices_10k_cny == Decimal("6557700")
        assert totals.population_10k == Decimal("63.66")
        assert totals.value_added_10k_cny == {
            "primary": Decimal("150827"),
            "industry": Decimal("3017901"),
        }

    def test_renewable_share_is_renewable_over_all_local_generation(self, city: Session) -> None:
        for source, mwh in (("coal", 600), ("solar_pv", 300), ("wind", 100)):
            enter(
                city,
                "generation",
                year=2023,
                area_code=NANHU,
                source=source,
                generation_mwh=str(mwh),
            )
        totals = inventory_service.city_totals(session=city, year=2023, county_code=NANHU)
        # (300 + 100) / (600 + 300 + 100) = 40.00 %
        assert totals.renewable_generation_share_pct == Decimal("40.00")

    def test_nev_share_counts_battery_plug_in_and_fuel_cell(self, city: Session) -> None:
        for power, n in (("battery_electric", 5), ("plug_in_hybrid", 1), ("diesel", 3)):
            enter(
                city,
                "fleet",
                year=2023,
                area_code=NANHU,
                vehicle_type="bus",
                power=power,
                vehicles=n,
            )
        totals = inventory_service.city_totals(session=city, year=2023, county_code=NANHU)
        # (5 + 1) / 9 = 66.666… % → 66.67
        assert totals.nev_share_pct == {"bus": Decimal("66.67")}


class TestYearsWithData:
    def test_years_are_those_with_any_entry_ascending(self, city: Session) -> None:
        enter(city, "economic", year=2023, area_code=NANHU, item="population", value="1")
        enter(city, "economic", year=2021, area_code=JIASHAN, item="population", value="1")
        assert inventory_service.years_with_data(session=city) == [2021, 2023]
        assert inventory_service.years_with_data(session=city, county_code=NANHU) == [2023]

    def test_no_entries_means_no_years(self, city: Session) -> None:
        assert inventory_service.years_with_data(session=city) == []


@pytest.mark.parametrize("year", [2020])
class TestDemoInventory:
    def test_2020_matches_the_plan_and_counties_sum_to_the_city(
        self, city: Session, year: int
    ) -> None:
        from shuangtan.city.inventory.demo import load_demo_inventory

        assert load_demo_inventory(session=city) > 0
        totals = inventory_service.city_totals(session=city, year=year)
        assert totals.energy_tce == Decimal("21810000")  # 2181 ×10^4 tce, the plan §1.(1).2
        # 21,810,000 / 0.427 = 51,077,283.37 → 51,077,283 ×10^4 CNY
        assert totals.gdp_2015_prices_10k_cny == Decimal("51077283")
        assert totals.gdp_current_10k_cny == Decimal("55635800")  # 5563.58 ×10^8 CNY
        assert totals.energy_tce is not None and totals.gdp_2015_prices_10k_cny is not None
        intensity = totals.energy_tce / totals.gdp_2015_prices_10k_cny
        assert intensity.quantize(Decimal("0.001")) == Decimal("0.427")
        counties = [
            inventory_service.city_totals(session=city, year=year, county_code=c) for c in COUNTIES
        ]
        assert sum(c.energy_tce or 0 for c in counties) == totals.energy_tce
        assert sum(c.gdp_current_10k_cny or 0 for c in counties) == totals.gdp_current_10k_cny
        # the published county GDP of 2020: Jiashan 655.77 ×10^8 CNY
        assert counties[2].gdp_current_10k_cny == Decimal("6557700")
        assert inventory_service.years_with_data(session=city) == list(range(2020, 2026))
        assert load_demo_inventory(session=city) == 0
