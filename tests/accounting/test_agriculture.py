"""The agriculture and sink methods: each against a hand derivation from the cited factors.

Factor values (data/factors/agriculture.csv): enteric CH4 of swine 1.0 and dairy
cattle 68 kg/head/yr (2006 IPCC Vol.4 Tables 10.10, 10.11); manure CH4 5.08 and N2O 0.175
kg/head/yr for swine (provincial guideline ch.3, East China; assumption); single rice 215.5
kg CH4/ha (provincial guideline ch.3; assumption); fertiliser EF1 0.01, FracGASF 0.10, EF4
0.01, FracLEACH 0.30, EF5 0.0075 (Vol.4 Tables 11.1, 11.3). No sink rate is shipped: the
sink test passes one as an official would, with its source.
"""

from __future__ import annotations

import pytest

from shuangtan.accounting import (
    AccountingError,
    CalculationContext,
    Factor,
    agriculture,
    calculate,
    library,
    quantity,
    ureg,
)


def factor(factor_id: str) -> Factor:
    return library().factor(factor_id)


def fertiliser_factors() -> dict[str, Factor]:
    names = ("ef1", "frac_gasf", "ef4", "frac_leach", "ef5")
    return {name: factor(f"agriculture.fertiliser.{name}") for name in names}


class TestEntericCh4:
    def test_swine_are_one_kilogram_a_head(self) -> None:
        result = agriculture.enteric_ch4(
            population=quantity(1000, "head"), factor=factor("agriculture.enteric.swine")
        )
        # 1000 head × 1.0 kg CH4/head/yr = 1 t CH4
        assert (result.gas, result.tonnes) == ("CH4", pytest.approx(1.0, rel=1e-12))

    def test_dairy_cattle_are_sixty_eight_kilograms_a_head(self) -> None:
        result = agriculture.enteric_ch4(
            population=quantity(100, "头"), factor=factor("agriculture.enteric.dairy_cattle")
        )
        # 100 head × 68 kg = 6.8 t CH4
        assert result.tonnes == pytest.approx(6.8, rel=1e-12)

    def test_the_result_carries_the_factor_with_its_table(self) -> None:
        result = agriculture.enteric_ch4(
            population=quantity(1, "head"), factor=factor("agriculture.enteric.swine")
        )
        (used,) = result.factors
        assert (used.id, used.value, used.unit, used.status) == (
            "agriculture.enteric.swine",
            1.0,
            "kg CH4/head/yr",
            "confirmed",
        )
        assert "Vol.4 Ch.10 Table 10.10" in used.source

    def test_a_population_in_tonnes_is_refused_naming_the_line(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.enteric_ch4(
                population=quantity(1000, "t"),
                factor=factor("agriculture.enteric.swine"),
                line="swine",
            )
        assert (caught.value.code, caught.value.line_id) == ("accounting.unit_dimension", "swine")
        assert "population" in caught.value.message_en

    def test_a_nitrous_oxide_factor_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.enteric_ch4(
                population=quantity(1, "head"), factor=factor("agriculture.manure_n2o.swine")
            )
        assert caught.value.code == "accounting.factor_unit"


class TestManure:
    def test_swine_manure_methane(self) -> None:
        result = agriculture.manure_ch4(
            population=quantity(1000, "head"), factor=factor("agriculture.manure_ch4.swine")
        )
        # 1000 head × 5.08 kg = 5.08 t CH4
        assert result.tonnes == pytest.approx(5.08, rel=1e-12)
        assert result.factors[0].status == "assumption"

    def test_swine_manure_nitrous_oxide(self) -> None:
        result = agriculture.manure_n2o(
            population=quantity(1000, "head"), factor=factor("agriculture.manure_n2o.swine")
        )
        # 1000 head × 0.175 kg = 0.175 t N2O
        assert (result.gas, result.tonnes) == ("N2O", pytest.approx(0.175, rel=1e-12))

    def test_the_core_turns_both_gases_into_co2e(self) -> None:
        population = quantity(1000, "head")
        lines = [
            agriculture.enteric_ch4(
                population=population, factor=factor("agriculture.enteric.swine")
            ).as_line("enteric"),
            agriculture.manure_ch4(
                population=population, factor=factor("agriculture.manure_ch4.swine")
            ).as_line("manure_ch4"),
            agriculture.manure_n2o(
                population=population, factor=factor("agriculture.manure_n2o.swine")
            ).as_line("manure_n2o"),
        ]
        result = calculate(lines, context=CalculationContext(year=2022, region="CN-ZJ"))
        # CH4 (1 + 5.08) t × 28 = 170.24; N2O 0.175 t × 265 = 46.375 (AR5 Table 8.A.1)
        assert result.by_gas() == {
            "CH4": pytest.approx(170.24, rel=1e-12),
            "N2O": pytest.approx(46.375, rel=1e-12),
        }


class TestRiceCh4:
    def test_single_rice_is_215_5_kilograms_a_hectare(self) -> None:
        result = agriculture.rice_ch4(
            area=quantity(100, "ha"), factor=factor("agriculture.rice.single")
        )
        # 100 ha × 215.5 kg = 21.55 t CH4
        assert result.tonnes == pytest.approx(21.55, rel=1e-12)

    def test_an_area_in_square_kilometres_is_converted(self) -> None:
        result = agriculture.rice_ch4(
            area=ureg.Quantity(1, "km**2"), factor=factor("agriculture.rice.single")
        )
        # 1 km² = 100 ha
        assert result.tonnes == pytest.approx(21.55, rel=1e-12)

    def test_an_area_in_head_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.rice_ch4(
                area=quantity(100, "head"), factor=factor("agriculture.rice.single")
            )
        assert caught.value.code == "accounting.unit_dimension"


class TestFertiliserN2o:
    def test_direct_and_indirect_n2o_of_synthetic_nitrogen(self) -> None:
        result = agriculture.fertiliser_n2o(nitrogen=quantity(100, "t N"), **fertiliser_factors())
        # 100 t N × (0.01 + 0.10 × 0.01 + 0.30 × 0.0075) = 100 × 0.01325 = 1.325 t N2O-N
        # × 44/28 = 2.0821428… t N2O
        assert (result.gas, result.tonnes) == ("N2O", pytest.approx(1.325 * 44 / 28, rel=1e-12))
        assert [f.id for f in result.factors] == [
            "agriculture.fertiliser.ef1",
            "agriculture.fertiliser.frac_gasf",
            "agriculture.fertiliser.ef4",
            "agriculture.fertiliser.frac_leach",
            "agriculture.fertiliser.ef5",
        ]

    def test_nitrogen_in_kilograms_gives_the_same_n2o(self) -> None:
        result = agriculture.fertiliser_n2o(
            nitrogen=quantity(100_000, "kg N"), **fertiliser_factors()
        )
        assert result.tonnes == pytest.approx(1.325 * 44 / 28, rel=1e-12)

    def test_swapped_leaching_and_volatilisation_factors_are_refused(self) -> None:
        factors = fertiliser_factors()
        factors["ef4"], factors["ef5"] = factors["ef5"], factors["ef4"]
        with pytest.raises(AccountingError) as caught:
            agriculture.fertiliser_n2o(nitrogen=quantity(1, "t N"), **factors)
        assert caught.value.code == "accounting.factor_unit"

    def test_nitrogen_as_an_area_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.fertiliser_n2o(
                nitrogen=quantity(1, "ha"), line="fertiliser_n", **fertiliser_factors()
            )
        assert (caught.value.code, caught.value.line_id) == (
            "accounting.unit_dimension",
            "fertiliser_n",
        )


def entered_sink_factor(value: float, unit: str = "t CO2/ha/yr") -> Factor:
    """A sequestration factor as an official enters it: value, unit and its source."""
    return Factor(
        id="sink.forest.entered",
        value=value,
        unit=unit,
        document="林业局森林资源年度监测（测试）",
        edition="2022",
        table="entered",
        status="entered",
    )


class TestSinkRemovalCo2:
    def test_no_sink_factor_is_shipped(self) -> None:
        ids = [i for i in library().factors if i.startswith("sink.")]
        assert ids == []
        with pytest.raises(AccountingError) as caught:
            library().factor("sink.forest")
        assert caught.value.code == "accounting.unknown_factor"

    def test_an_entered_factor_removes_area_times_rate(self) -> None:
        result = agriculture.sink_removal_co2(
            area=quantity(100, "ha"), factor=entered_sink_factor(4.0)
        )
        # 100 ha × 4.0 t CO2/ha/yr = 400 t CO2
        assert (result.gas, result.tonnes) == ("CO2", pytest.approx(400.0, rel=1e-12))
        assert result.factors[0].document == "林业局森林资源年度监测（测试）"

    def test_an_entered_factor_in_carbon_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.sink_removal_co2(
                area=quantity(1, "ha"), factor=entered_sink_factor(1.1, "t CH4/ha/yr")
            )
        assert caught.value.code == "accounting.factor_unit"

    def test_a_methane_factor_is_refused_as_a_sink_rate(self) -> None:
        with pytest.raises(AccountingError) as caught:
            agriculture.sink_removal_co2(
                area=quantity(1, "ha"), factor=factor("agriculture.rice.single")
            )
        assert caught.value.code == "accounting.factor_unit"
