"""The typed line path: hand derivations from the shipped (cited) factors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangtan.accounting import (
    AccountingError,
    ActivityLine,
    CalculationContext,
    LineResult,
    calculate,
)

ZJ_2023 = CalculationContext(year=2023, region="CN-ZJ")


def one(line: ActivityLine, context: CalculationContext = ZJ_2023) -> LineResult:
    return calculate([line], context=context).lines[0]


def factor_ids(result: LineResult) -> list[str]:
    return [factor.id for factor in result.factors]


class TestCalculateFuelCombustion:
    def test_natural_gas_uses_table_c1_defaults(self) -> None:
        result = one(ActivityLine("a", "fuel_combustion", 100, "10^4 Nm3", fuel="natural_gas"))
        # GB/T 32151.22-2024 Table C.1: 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, 0.99
        assert result.tco2e == pytest.approx(100 * 389.31 * 0.0153 * 0.99 * 44 / 12, rel=1e-12)
        assert round(result.tco2e, 2) == 2162.19
        assert result.scope == 1
        assert result.gas == "CO2"
        assert factor_ids(result)[:3] == [
            "ncv.natural_gas",
            "carbon_content.natural_gas",
            "oxidation_rate.natural_gas",
        ]
        assert result.factors[0].source == "GB/T 32151.22-2024, Table C.1"

    def test_diesel_in_tonnes(self) -> None:
        result = one(ActivityLine("d", "fuel_combustion", 1000, "t", fuel="diesel"))
        assert round(result.tco2e, 2) == 3095.91  # methods.md check

    def test_the_same_gas_in_cubic_metres_gives_the_same_result(self) -> None:
        result = one(ActivityLine("a", "fuel_combustion", 1_000_000, "m3", fuel="natural_gas"))
        assert result.tco2e == pytest.approx(100 * 389.31 * 0.0153 * 0.99 * 44 / 12, rel=1e-12)

    def test_chinese_units_are_accepted(self) -> None:
        result = one(ActivityLine("a", "fuel_combustion", 100, "万立方米", fuel="natural_gas"))
        assert round(result.tco2e, 2) == 2162.19


class TestCalculateMeasuredOverrides:
    def test_measured_values_replace_the_defaults_of_that_line_only(self) -> None:
        calc = calculate(
            [
                ActivityLine(
                    "m",
                    "fuel_combustion",
                    100,
                    "10^4 Nm3",
                    fuel="natural_gas",
                    ncv=380.0,
                    carbon_content=15.0,
                    oxidation_rate=0.98,
                ),
                ActivityLine("n", "fuel_combustion", 100, "10^4 Nm3", fuel="natural_gas"),
            ],
            context=ZJ_2023,
        )
        measured, default = calc.lines
        # enterprise-supplied: 380 GJ/10^4 Nm3, 15.0 tC/TJ, 0.98
        assert measured.tco2e == pytest.approx(100 * 380 * 0.015 * 0.98 * 44 / 12, rel=1e-12)
        assert measured.overridden == ("ncv", "carbon_content", "oxidation_rate")
        assert {f.source for f in measured.factors[:3]} == {"measured (enterprise-supplied)"}
        # tce from the measured heat: 100 × 380 GJ / 29.3076 GJ/tce (GB/T 2589-2020)
        assert measured.tce == pytest.approx(100 * 380 / 29.3076, rel=1e-12)
        assert default.overridden == ()
        assert round(default.tco2e, 2) == 2162.19

    def test_a_measured_ncv_in_laboratory_units_is_converted(self) -> None:
        # 38.0 MJ/m3 = 380 GJ/10^4 Nm3
        result = one(
            ActivityLine(
                "m",
                "fuel_combustion",
                100,
                "10^4 Nm3",
                fuel="natural_gas",
                ncv=38.0,
                ncv_unit="MJ/m3",
            )
        )
        assert result.tco2e == pytest.approx(100 * 380 * 0.0153 * 0.99 * 44 / 12, rel=1e-12)
        assert result.factors[0].unit == "MJ/m3"

    def test_raw_coal_needs_measured_carbon_content_and_oxidation(self) -> None:
        with pytest.raises(AccountingError) as caught:
            one(ActivityLine("r", "fuel_combustion", 1000, "t", fuel="raw_coal"))
        assert caught.value.code == "accounting.measured_value_required"
        assert caught.value.line_id == "r"

    def test_raw_coal_with_measured_values_uses_the_gbt_2589_ncv(self) -> None:
        result = one(
            ActivityLine(
                "r",
                "fuel_combustion",
                1000,
                "t",
                fuel="raw_coal",
                carbon_content=26.0,
                oxidation_rate=0.94,
            )
        )
        # NCV 20.908 GJ/t (GB/T 2589-2020 Table A.1); measured 26.0 tC/TJ and 0.94
        assert result.tco2e == pytest.approx(1000 * 20.908 * 0.026 * 0.94 * 44 / 12, rel=1e-12)
        # raw coal 0.7143 kgce/kg (GB/T 2589-2020 Table A.1)
        assert result.tce == pytest.approx(1000 * 0.7143, rel=1e-12)


class TestCalculateElectricity:
    def test_location_and_market_based_side_by_side(self) -> None:
        result = one(
            ActivityLine("b", "purchased_electricity", 8000, "MWh", green_certificates=3000)
        )
        # MEE/NBS 公告2025年第47号: Zhejiang 2023 0.4974; national excl. market-traded
        # non-fossil 2023 0.6096 (kgCO2/kWh = tCO2/MWh)
        assert result.tco2e == pytest.approx(8000 * 0.4974, rel=1e-12)
        assert result.tco2e_market == pytest.approx((8000 - 3000) * 0.6096, rel=1e-12)
        assert result.scope == 2
        assert "instrument.green_certificate" in factor_ids(result)

    def test_certificates_in_wan_kwh_are_converted(self) -> None:
        result = one(
            ActivityLine(
                "b",
                "purchased_electricity",
                800,
                "万千瓦时",
                green_certificates=300,
                green_certificates_unit="万千瓦时",
            )
        )
        assert result.tco2e == pytest.approx(8000 * 0.4974, rel=1e-12)
        assert result.tco2e_market == pytest.approx(5000 * 0.6096, rel=1e-12)

    def test_a_year_without_its_own_factor_uses_the_latest_before_and_says_so(self) -> None:
        context = CalculationContext(year=2023, region="east_china_grid")
        result = one(ActivityLine("b", "purchased_electricity", 1000, "MWh"), context)
        # east China grid: 2022 0.5617 (公告2024年第33号); no 2023 regional value
        assert result.tco2e == pytest.approx(1000 * 0.5617, rel=1e-12)
        notes = " ".join(note.en for note in result.notes)
        assert "no 2023 mee-nbs factor" in notes and "(2022" in notes
        assert any("2022年" in note.zh for note in result.notes)

    def test_a_later_year_falls_back_to_the_latest_published(self) -> None:
        result = one(
            ActivityLine("b", "purchased_electricity", 1000, "MWh"),
            CalculationContext(year=2026, region="浙江省"),
        )
        assert result.tco2e == pytest.approx(1000 * 0.4974, rel=1e-12)
        assert result.notes

    def test_a_year_before_any_published_factor_is_an_error(self) -> None:
        with pytest.raises(AccountingError) as caught:
            one(
                ActivityLine("b", "purchased_electricity", 1000, "MWh"),
                CalculationContext(year=2020, region="CN-ZJ"),
            )
        assert caught.value.code == "accounting.no_factor_for_year"
        assert caught.value.pointer == "/year"

    def test_ets_reporting_set_uses_the_national_reporting_factor(self) -> None:
        line = ActivityLine("b", "purchased_electricity", 1000, "MWh")
        default = one(line, ZJ_2023)
        ets = one(
            line, CalculationContext(year=2023, region="CN-ZJ", factor_set="cn-ets-reporting")
        )
        assert default.tco2e == pytest.approx(1000 * 0.4974, rel=1e-12)  # 公告2025年第47号
        assert ets.tco2e == pytest.approx(1000 * 0.5703, rel=1e-12)  # 环办气候函〔2023〕43号
        assert factor_ids(ets)[0] == "grid.cn-ets-reporting.CN.2023-2025"

    @pytest.mark.parametrize(
        ("year", "factor"),
        [(2019, 0.6101), (2020, 0.6101), (2021, 0.5810), (2022, 0.5810), (2025, 0.5703)],
    )
    def test_ets_reporting_factor_is_mapped_by_reporting_year(
        self, year: int, factor: float
    ) -> None:
        result = one(
            ActivityLine("b", "purchased_electricity", 1000, "MWh"),
            CalculationContext(year=year, region="CN", factor_set="cn-ets-reporting"),
        )
        assert result.tco2e == pytest.approx(1000 * factor, rel=1e-12)

    def test_ets_reporting_before_2019_is_an_error(self) -> None:
        with pytest.raises(AccountingError) as caught:
            one(
                ActivityLine("b", "purchased_electricity", 1000, "MWh"),
                CalculationContext(year=2018, region="CN", factor_set="cn-ets-reporting"),
            )
        assert caught.value.code == "accounting.no_factor_for_year"


class TestCalculateStandardCoal:
    def test_fuel_tce_by_gbt_2589_coefficient(self) -> None:
        result = one(ActivityLine("d", "fuel_combustion", 1000, "t", fuel="diesel"))
        assert result.tce == pytest.approx(1000 * 1.4571, rel=1e-12)  # Table A.1 1.4571 kgce/kg

    def test_natural_gas_tce_by_its_volume_coefficient(self) -> None:
        result = one(ActivityLine("a", "fuel_combustion", 120.5, "10^4 Nm3", fuel="natural_gas"))
        # 1.2143 kgce/m3 (GB/T 2589 gas-field natural gas, an assumption row) × 10^4 m3 / 1000
        assert result.tce == pytest.approx(120.5 * 1.2143 * 10**4 / 1000, rel=1e-12)

    def test_fuel_without_coefficient_uses_its_heat(self) -> None:
        result = one(ActivityLine("x", "fuel_combustion", 100, "t", fuel="anthracite"))
        # 26.7 GJ/t (Table C.1) / 29.3076 GJ/tce (GB/T 2589-2020)
        assert result.tce == pytest.approx(100 * 26.7 / 29.3076, rel=1e-12)
        assert result.notes

    def test_electricity_equivalent_value_by_default(self) -> None:
        result = one(ActivityLine("b", "purchased_electricity", 8000, "MWh"))
        assert result.tce == pytest.approx(8000 * 0.1229, rel=1e-12)  # 0.1229 kgce/kWh

    def test_electricity_equal_value_on_request(self) -> None:
        context = CalculationContext(year=2022, region="CN-ZJ", electricity_tce_basis="equal")
        result = one(ActivityLine("b", "purchased_electricity", 8000, "MWh"), context)
        # assumption row for 2022: 300.7 gce/kWh = 0.3007 kgce/kWh (docs/data-sources.md)
        assert result.tce == pytest.approx(8000 * 0.3007, rel=1e-12)
        assert result.factors[-1].status == "assumption"

    def test_equal_value_falls_back_to_the_latest_shipped_year(self) -> None:
        context = CalculationContext(year=2023, region="CN-ZJ", electricity_tce_basis="equal")
        result = one(ActivityLine("b", "purchased_electricity", 8000, "MWh"), context)
        assert result.tce == pytest.approx(8000 * 0.3007, rel=1e-12)
        assert any("2022" in note.en for note in result.notes)

    def test_equal_value_given_by_the_caller(self) -> None:
        context = CalculationContext(
            year=2023,
            region="CN-ZJ",
            electricity_tce_basis="equal",
            electricity_equal_value_kgce_per_kwh=0.300,
        )
        result = one(ActivityLine("b", "purchased_electricity", 8000, "MWh"), context)
        assert result.tce == pytest.approx(8000 * 0.300, rel=1e-12)

    def test_heat_tce(self) -> None:
        result = one(ActivityLine("c", "purchased_heat", 3000, "GJ"))
        assert result.tce == pytest.approx(3000 * 0.03412, rel=1e-12)  # 0.03412 kgce/MJ

    def test_process_and_non_co2_lines_have_no_energy(self) -> None:
        calc = calculate(
            [
                ActivityLine("d", "process", 1000, "t", material="limestone"),
                ActivityLine("e", "non_co2", 2, "t", gas="CH4"),
            ],
            context=ZJ_2023,
        )
        assert [line.tce for line in calc.lines] == [0.0, 0.0]


class TestCalculateHeatProcessNonCo2:
    def test_heat(self) -> None:
        result = one(ActivityLine("c", "purchased_heat", 3000, "吉焦"))
        assert result.tco2e == pytest.approx(3000 * 0.11, rel=1e-12)  # 0.11 tCO2/GJ
        assert result.scope == 2

    def test_heat_in_tj(self) -> None:
        result = one(ActivityLine("c", "purchased_heat", 3, "TJ"))
        assert result.tco2e == pytest.approx(3000 * 0.11, rel=1e-12)

    def test_limestone(self) -> None:
        result = one(ActivityLine("d", "process", 1000, "t", material="limestone"))
        assert result.tco2e == pytest.approx(1000 * 0.440, rel=1e-12)  # NDRC steel guideline
        assert result.scope == 1

    @pytest.mark.parametrize(("gwp", "value"), [("AR4", 25), ("AR5", 28), ("AR6", 27.0)])
    def test_methane_with_each_assessment_report(self, gwp: str, value: float) -> None:
        # AR4 WG1 Table 2.14: 25; AR5 Table 8.A.1: 28; AR6 Table 7.15 (non-fossil): 27.0
        context = CalculationContext(year=2023, region="CN-ZJ", gwp=gwp)
        result = one(ActivityLine("e", "non_co2", 2, "t", gas="CH4"), context)
        assert result.tco2e == pytest.approx(2 * value, rel=1e-12)
        assert result.gas == "CH4"

    def test_nitrous_oxide_in_kilograms(self) -> None:
        result = one(ActivityLine("e", "non_co2", 500, "kg", gas="N2O"))
        assert result.tco2e == pytest.approx(0.5 * 265, rel=1e-12)  # AR5 N2O 265

    def test_gas_names_are_matched_loosely(self) -> None:
        result = one(ActivityLine("e", "non_co2", 1, "t", gas="hfc134a"))
        assert result.tco2e == pytest.approx(1300, rel=1e-12)  # AR5 HFC-134a 1300


class TestCalculateTotals:
    def test_totals_add_up_by_scope(self) -> None:
        calc = calculate(
            [
                ActivityLine("a", "fuel_combustion", 1000, "t", fuel="diesel"),
                ActivityLine("b", "purchased_electricity", 1000, "MWh"),
            ],
            context=ZJ_2023,
        )
        diesel = 1000 * 42.652 * 0.0202 * 0.98 * 44 / 12
        assert calc.scope1_tco2e == pytest.approx(diesel, rel=1e-12)
        assert calc.scope2_tco2e == pytest.approx(1000 * 0.4974, rel=1e-12)
        assert calc.scope2_market_tco2e == pytest.approx(1000 * 0.6096, rel=1e-12)
        assert calc.total_tco2e == pytest.approx(diesel + 497.4, rel=1e-12)
        assert calc.energy_tce == pytest.approx(1457.1 + 122.9, rel=1e-12)

    def test_ipcc_2006_set_uses_table_2_2(self) -> None:
        context = CalculationContext(year=2023, region="CN-ZJ", factor_set="ipcc-2006")
        result = one(ActivityLine("d", "fuel_combustion", 1000, "t", fuel="diesel"), context)
        # 42.652 GJ/t (GB/T 32151.22 C.1) × 74,100 kgCO2/TJ (IPCC 2006 Table 2.2) / 10^6
        assert result.tco2e == pytest.approx(1000 * 42.652 * 74100 / 1e6, rel=1e-12)

    def test_ipcc_2006_set_refuses_a_fuel_without_default(self) -> None:
        context = CalculationContext(year=2023, region="CN-ZJ", factor_set="ipcc-2006")
        with pytest.raises(AccountingError) as caught:
            one(ActivityLine("w", "fuel_combustion", 1, "t", fuel="washed_coal"), context)
        assert caught.value.code == "accounting.no_factor"


class TestCalculateUnitsOnTheLinePath:
    @given(st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False))
    def test_wan_kwh_and_mwh_give_the_same_emissions(self, value: float) -> None:
        in_wan = one(ActivityLine("b", "purchased_electricity", value, "万千瓦时"))
        in_mwh = one(ActivityLine("b", "purchased_electricity", value * 10, "MWh"))
        assert in_wan.tco2e == pytest.approx(in_mwh.tco2e, rel=1e-14, abs=1e-300)

    @given(st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False))
    def test_wan_tonnes_and_tonnes_give_the_same_emissions(self, value: float) -> None:
        in_wan = one(ActivityLine("d", "fuel_combustion", value, "万吨", fuel="diesel"))
        in_t = one(ActivityLine("d", "fuel_combustion", value * 1e4, "吨", fuel="diesel"))
        assert in_wan.tco2e == pytest.approx(in_t.tco2e, rel=1e-14, abs=1e-300)

    def test_negative_certificates_are_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            one(ActivityLine("b", "purchased_electricity", 1, "MWh", green_certificates=-1.0))
        assert caught.value.code == "accounting.invalid_quantity"

    def test_certificates_in_tonnes_are_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            one(
                ActivityLine(
                    "b",
                    "purchased_electricity",
                    1,
                    "MWh",
                    green_certificates=1.0,
                    green_certificates_unit="t",
                )
            )
        assert caught.value.code == "accounting.unit_dimension"
        assert caught.value.pointer == "/lines/0/green_certificates_unit"
