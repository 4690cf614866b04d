"""Units of Chinese energy statistics: every spelling parses to the right magnitude."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuangtan.accounting.units import (
    Dimension,
    UnitProblem,
    conversion_factor,
    dimension_of,
    labelled_unit,
    quantity,
    scale_between,
    ureg,
)

# (unit as written, canonical unit, magnitude of 1 unit in the canonical unit) — by definition:
# 1 t = 1000 kg; 万 = 10^4; 1 MWh = 1000 kWh = 3.6 GJ; 1 tce = 1000 kgce.
SPELLINGS = [
    ("t", "t", 1.0),
    ("吨", "t", 1.0),
    ("kg", "t", 1e-3),
    ("千克", "t", 1e-3),
    ("公斤", "t", 1e-3),
    ("10^4 t", "t", 1e4),
    ("10⁴ t", "t", 1e4),
    ("万吨", "t", 1e4),
    ("万 t", "t", 1e4),
    ("Nm3", "10^4 Nm3", 1e-4),
    ("Nm³", "10^4 Nm3", 1e-4),
    ("m3", "10^4 Nm3", 1e-4),
    ("立方米", "10^4 Nm3", 1e-4),
    ("10^4 Nm3", "10^4 Nm3", 1.0),
    ("10⁴ Nm³", "10^4 Nm3", 1.0),
    ("万立方米", "10^4 Nm3", 1.0),
    ("万Nm3", "10^4 Nm3", 1.0),
    ("kWh", "MWh", 1e-3),
    ("kW·h", "MWh", 1e-3),
    ("千瓦时", "MWh", 1e-3),
    ("度", "MWh", 1e-3),
    ("MWh", "MWh", 1.0),
    ("10^4 kWh", "MWh", 10.0),
    ("万千瓦时", "MWh", 10.0),
    ("MJ", "GJ", 1e-3),
    ("GJ", "GJ", 1.0),
    ("吉焦", "GJ", 1.0),
    ("TJ", "GJ", 1e3),
    ("MWh", "GJ", 3.6),
    ("tce", "tce", 1.0),
    ("吨标准煤", "tce", 1.0),
    ("kgce", "tce", 1e-3),
    ("千克标准煤", "tce", 1e-3),
    ("万吨标准煤", "tce", 1e4),
    ("10^4 CNY", "10^4 CNY", 1.0),
    ("万元", "10^4 CNY", 1.0),
    ("元", "10^4 CNY", 1e-4),
]


class TestConversionFactor:
    @pytest.mark.parametrize(("unit", "canonical", "magnitude"), SPELLINGS)
    def test_every_spelling_parses_to_the_right_magnitude(
        self, unit: str, canonical: str, magnitude: float
    ) -> None:
        assert conversion_factor(unit, canonical) == pytest.approx(magnitude, rel=1e-15)

    def test_ncv_units_convert_between_table_and_laboratory_spellings(self) -> None:
        # 1 MJ/m3 = 10^-3 GJ per 10^-4 (10^4 Nm3) = 10 GJ/10^4 Nm3; 1 kJ/kg = 10^-3 GJ/t
        assert conversion_factor("MJ/m3", "GJ/10^4 Nm3") == pytest.approx(10.0)
        assert conversion_factor("kJ/kg", "GJ/t") == pytest.approx(1e-3)
        assert conversion_factor("GJ/(10^4 Nm3)", "GJ/10^4 Nm3") == 1.0

    def test_a_unit_of_another_dimension_is_refused(self) -> None:
        with pytest.raises(UnitProblem) as caught:
            conversion_factor("MWh", "t")
        assert caught.value.code == "accounting.unit_dimension"

    def test_standard_coal_is_not_energy(self) -> None:
        with pytest.raises(UnitProblem):
            conversion_factor("tce", "GJ")

    @pytest.mark.parametrize("text", ["no-such-unit", "", "10^5 t", "2 t", "t/kg/m"])
    def test_a_string_that_is_not_a_unit_is_refused(self, text: str) -> None:
        with pytest.raises(UnitProblem) as caught:
            conversion_factor(text, "t")
        assert caught.value.code == "accounting.unit_unknown"

    @given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False))
    def test_wan_kwh_and_mwh_round_trip(self, value: float) -> None:
        mwh = value * conversion_factor("万千瓦时", "MWh")
        assert mwh == pytest.approx(value * 10.0, rel=1e-15)
        assert mwh * conversion_factor("MWh", "万千瓦时") == pytest.approx(value, rel=1e-14)

    @given(
        st.floats(min_value=1e-6, max_value=1e12, allow_nan=False, allow_infinity=False),
        st.sampled_from([(u, c) for u, c, _ in SPELLINGS]),
    )
    def test_every_spelling_round_trips_through_its_canonical_unit(
        self, value: float, pair: tuple[str, str]
    ) -> None:
        unit, canonical = pair
        there = value * conversion_factor(unit, canonical)
        assert there * conversion_factor(canonical, unit) == pytest.approx(value, rel=1e-14)


class TestDimensionOf:
    @pytest.mark.parametrize(
        ("unit", "dimension"),
        [
            ("万吨", Dimension.MASS),
            ("万立方米", Dimension.VOLUME),
            ("万千瓦时", Dimension.ENERGY),
            ("吨标准煤", Dimension.STANDARD_COAL),
            ("万元", Dimension.CURRENCY),
            ("GJ/t", None),
        ],
    )
    def test_each_unit_has_its_dimension(self, unit: str, dimension: Dimension | None) -> None:
        assert dimension_of(unit) == dimension

    def test_the_registry_is_one_pint_registry(self) -> None:
        assert ureg.Quantity(1, "万吨").to("t").magnitude == pytest.approx(1e4)


class TestLabelledUnit:
    @pytest.mark.parametrize(
        ("unit", "canonical", "labels", "magnitude"),
        [
            # by definition: 1 kg = 10^-3 t, 1 g = 10^-6 t, 1 g/kg = 10^-3
            ("kg CH4/head/yr", "t/head/yr", ("CH4", "", ""), 1e-3),
            ("g N2O/t waste (wet)", "fraction", ("N2O", "waste (wet)"), 1e-6),
            ("g CH4/kg waste (wet)", "fraction", ("CH4", "waste (wet)"), 1e-3),
            ("kg N2O-N/kg N leached", "fraction", ("N2O-N", "N leached"), 1.0),
            ("t CO2/ha/yr", "t/ha/yr", ("CO2", "", ""), 1.0),
            ("fraction", "fraction", ("",), 1.0),
            ("10^4 t N", "t", ("N",), 1e4),
            ("万吨", "t", ("",), 1e4),
            ("头", "head", ("",), 1.0),
        ],
    )
    def test_the_labels_are_read_apart_from_the_units(
        self, unit: str, canonical: str, labels: tuple[str, ...], magnitude: float
    ) -> None:
        read = labelled_unit(unit)
        assert read.labels == labels
        assert scale_between(read.scale, labelled_unit(canonical).scale) == magnitude

    def test_t_n_is_tonnes_of_nitrogen_not_tonne_newtons(self) -> None:
        assert quantity(100, "t N") == ureg.Quantity(100, "t")

    def test_head_is_a_dimension_of_its_own(self) -> None:
        with pytest.raises(UnitProblem) as caught:
            scale_between(labelled_unit("head").scale, labelled_unit("t").scale)
        assert caught.value.code == "accounting.unit_dimension"

    @pytest.mark.parametrize("text", ["", "kgg CH4", "t/", "2 t"])
    def test_a_string_that_is_not_a_unit_is_refused(self, text: str) -> None:
        with pytest.raises(UnitProblem) as caught:
            labelled_unit(text)
        assert caught.value.code == "accounting.unit_unknown"
