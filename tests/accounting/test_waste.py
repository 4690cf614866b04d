"""The waste methods: each against a hand derivation from the cited factor values.

Factor values (data/factors/waste.csv): landfill MCF 1.0 (2006 IPCC Vol.5 Table 3.1), DOC 0.15
t C/t wet (assumption), DOCf 0.5 and F 0.5 (Vol.5 section 3.2.3), OX 0.1 (Table 3.2);
composting 4 g CH4 and 0.3 g N2O per kg wet waste (Vol.5 Table 4.1); incineration carbon
content 0.20 t C/t wet, fossil fraction 0.39, burn-out 0.95 (provincial guideline ch.5) and
50 g N2O/t wet (Vol.5 Table 5.6); wastewater Bo 0.25 kg CH4/kg COD (Vol.5 Table 6.2), MCF 0.165
(provincial guideline ch.5, East China), effluent EF 0.005 kg N2O-N/kg N (Vol.5 Table 6.11).
"""

from __future__ import annotations

import pytest

from shuangtan.accounting import (
    AccountingError,
    CalculationContext,
    Factor,
    calculate,
    library,
    quantity,
    waste,
)


def factor(factor_id: str) -> Factor:
    return library().factor(factor_id)


def landfill_factors() -> dict[str, Factor]:
    return {
        p: factor(f"waste.landfill_mass_balance.{p}") for p in ("mcf", "doc", "docf", "f", "ox")
    }


class TestLandfillMassBalanceCh4:
    def test_recovery_is_subtracted_before_oxidation(self) -> None:
        result = waste.landfill_mass_balance_ch4(
            waste=quantity(1000, "t"), recovered=quantity(10, "t CH4"), **landfill_factors()
        )
        # generated: 1000 t × 1.0 × 0.15 × 0.5 × 0.5 × 16/12 = 50 t CH4
        # emitted: (50 − 10) × (1 − 0.1) = 36 t CH4
        assert result.gas == "CH4"
        assert result.tonnes == pytest.approx(36.0, rel=1e-12)
        assert str(result.mass.units) == "metric_ton"

    def test_without_recovery_the_whole_generation_is_oxidised_by_ox(self) -> None:
        result = waste.landfill_mass_balance_ch4(waste=quantity(1000, "t"), **landfill_factors())
        assert result.tonnes == pytest.approx(45.0, rel=1e-12)  # 50 × 0.9

    def test_waste_in_kilograms_gives_the_same_methane(self) -> None:
        result = waste.landfill_mass_balance_ch4(
            waste=quantity(1_000_000, "kg"), recovered=quantity(10, "t CH4"), **landfill_factors()
        )
        assert result.tonnes == pytest.approx(36.0, rel=1e-12)

    def test_recovery_above_generation_is_zero_with_a_note(self) -> None:
        result = waste.landfill_mass_balance_ch4(
            waste=quantity(1000, "t"), recovered=quantity(60, "t CH4"), **landfill_factors()
        )
        assert result.tonnes == 0.0
        assert "exceeds" in result.notes[0].en

    def test_the_method_is_named_as_the_1996_mass_balance_not_2006_tier_1(self) -> None:
        result = waste.landfill_mass_balance_ch4(waste=quantity(1, "t"), **landfill_factors())
        assert "mass-balance" in result.method and "IPCC 1996" in result.method
        assert "Tier 1" not in result.method

    def test_the_result_carries_every_factor_with_its_source_and_status(self) -> None:
        result = waste.landfill_mass_balance_ch4(waste=quantity(1, "t"), **landfill_factors())
        assert [f.id for f in result.factors] == [
            "waste.landfill_mass_balance.mcf",
            "waste.landfill_mass_balance.doc",
            "waste.landfill_mass_balance.docf",
            "waste.landfill_mass_balance.f",
            "waste.landfill_mass_balance.ox",
        ]
        doc = result.as_dict()["factors"][1]
        assert (doc["value"], doc["unit"], doc["status"]) == (
            0.15,
            "t C/t waste (wet)",
            "assumption",
        )
        assert "Vol.5 Ch.2" in doc["source"]

    def test_waste_in_an_energy_unit_is_refused_naming_the_line(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.landfill_mass_balance_ch4(
                waste=quantity(1000, "MWh"), line="landfill_msw", **landfill_factors()
            )
        assert caught.value.code == "accounting.unit_dimension"
        assert caught.value.line_id == "landfill_msw"
        assert "landfill_msw" in caught.value.message_zh and "waste" in caught.value.message_en

    def test_a_number_without_a_unit_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.landfill_mass_balance_ch4(waste=1000.0, **landfill_factors())
        assert caught.value.code == "accounting.unit_unknown"

    def test_a_negative_quantity_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.landfill_mass_balance_ch4(waste=quantity(-1, "t"), **landfill_factors())
        assert caught.value.code == "accounting.invalid_quantity"

    def test_a_factor_counting_something_else_is_refused(self) -> None:
        factors = landfill_factors()
        factors["mcf"] = factors["doc"]  # t C/t waste where a fraction is expected
        with pytest.raises(AccountingError) as caught:
            waste.landfill_mass_balance_ch4(waste=quantity(1, "t"), **factors)
        assert caught.value.code == "accounting.factor_unit"

    def test_a_fraction_above_one_is_refused(self) -> None:
        factors = landfill_factors()
        factors["ox"] = Factor("test.ox", 1.5, "fraction", "test")
        with pytest.raises(AccountingError) as caught:
            waste.landfill_mass_balance_ch4(waste=quantity(1, "t"), **factors)
        assert caught.value.code == "accounting.invalid_value"

    def test_the_core_turns_the_methane_into_co2e_with_the_ar5_gwp(self) -> None:
        result = waste.landfill_mass_balance_ch4(
            waste=quantity(1000, "t"), recovered=quantity(10, "t CH4"), **landfill_factors()
        )
        context = CalculationContext(year=2022, region="CN-ZJ")
        line = calculate([result.as_line()], context=context).lines[0]
        # 36 t CH4 × 28 (AR5 WG1 Ch.8 Table 8.A.1) = 1008 t CO2e
        assert line.tco2e == pytest.approx(1008.0, rel=1e-12)
        assert line.factors[0].id == "gwp.AR5.CH4"


class TestComposting:
    def test_methane_is_waste_times_four_grams_per_kilogram(self) -> None:
        result = waste.composting_ch4(
            waste=quantity(1000, "t"), factor=factor("waste.composting.ch4")
        )
        # 1000 t × 4 g CH4/kg = 4 000 000 g = 4 t CH4
        assert (result.gas, result.tonnes) == ("CH4", pytest.approx(4.0, rel=1e-12))

    def test_nitrous_oxide_is_waste_times_point_three_grams_per_kilogram(self) -> None:
        result = waste.composting_n2o(
            waste=quantity(1000, "t"), factor=factor("waste.composting.n2o")
        )
        # 1000 t × 0.3 g N2O/kg = 0.3 t N2O
        assert (result.gas, result.tonnes) == ("N2O", pytest.approx(0.3, rel=1e-12))
        assert [f.id for f in result.factors] == ["waste.composting.n2o"]

    def test_the_methane_factor_is_refused_for_nitrous_oxide(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.composting_n2o(waste=quantity(1, "t"), factor=factor("waste.composting.ch4"))
        assert caught.value.code == "accounting.factor_unit"


class TestIncineration:
    def test_fossil_co2_is_carbon_times_fossil_share_times_burn_out(self) -> None:
        result = waste.incineration_fossil_co2(
            waste=quantity(1000, "t"),
            carbon_content=factor("waste.incineration.carbon_content"),
            fossil_fraction=factor("waste.incineration.fossil_fraction"),
            burnout=factor("waste.incineration.burnout"),
        )
        # 1000 t × 0.20 × 0.39 × 0.95 = 74.1 t fossil C × 44/12 = 271.7 t CO2
        assert (result.gas, result.tonnes) == ("CO2", pytest.approx(271.7, rel=1e-12))
        assert all(f.status == "assumption" for f in result.factors)

    def test_n2o_is_fifty_grams_per_tonne(self) -> None:
        result = waste.incineration_n2o(
            waste=quantity(1000, "t"), factor=factor("waste.incineration.n2o")
        )
        # 1000 t × 50 g N2O/t = 50 000 g = 0.05 t N2O
        assert (result.gas, result.tonnes) == ("N2O", pytest.approx(0.05, rel=1e-12))

    def test_waste_in_hectares_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.incineration_n2o(
                waste=quantity(1, "ha"), factor=factor("waste.incineration.n2o"), line="msw"
            )
        assert (caught.value.code, caught.value.line_id) == ("accounting.unit_dimension", "msw")


class TestWastewater:
    def test_methane_is_cod_times_bo_times_mcf(self) -> None:
        result = waste.wastewater_ch4(
            cod=quantity(100, "t COD"),
            bo=factor("waste.wastewater.bo"),
            mcf=factor("waste.wastewater.mcf"),
        )
        # 100 t COD × 0.25 t CH4/t COD × 0.165 = 4.125 t CH4
        assert (result.gas, result.tonnes) == ("CH4", pytest.approx(4.125, rel=1e-12))
        assert [f.id for f in result.factors] == ["waste.wastewater.bo", "waste.wastewater.mcf"]

    def test_effluent_n2o_is_nitrogen_times_ef_times_44_over_28(self) -> None:
        result = waste.wastewater_n2o(
            nitrogen=quantity(10, "t N"), factor=factor("waste.wastewater.n2o")
        )
        # 10 t N × 0.005 = 0.05 t N2O-N × 44/28 = 11/140 t N2O = 0.0785714…
        assert (result.gas, result.tonnes) == ("N2O", pytest.approx(11 / 140, rel=1e-12))

    def test_the_ch4_capacity_is_refused_as_an_n2o_factor(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.wastewater_n2o(nitrogen=quantity(1, "t N"), factor=factor("waste.wastewater.bo"))
        assert caught.value.code == "accounting.factor_unit"

    def test_cod_in_cubic_metres_is_refused(self) -> None:
        with pytest.raises(AccountingError) as caught:
            waste.wastewater_ch4(
                cod=quantity(100, "m3"),
                bo=factor("waste.wastewater.bo"),
                mcf=factor("waste.wastewater.mcf"),
            )
        assert caught.value.code == "accounting.unit_dimension"
