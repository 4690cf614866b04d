"""The factor library: every shipped row has its source, status and a sensible value."""

from __future__ import annotations

import pytest

from shuangtan.accounting import AccountingError, calculate_document, library
from shuangtan.accounting.library import Factor, table_names, table_rows

TABLES = [
    "fuel-properties.csv",
    "standard-coal.csv",
    "electricity.csv",
    "electricity-equal-value.csv",
    "heat.csv",
    "gwp.csv",
    "process.csv",
    "ipcc-2006-stationary.csv",
    "agriculture.csv",
    "waste.csv",
]


class TestShippedTables:
    @pytest.mark.parametrize("name", TABLES)
    def test_every_row_has_id_value_unit_source_and_status(self, name: str) -> None:
        table = table_rows(name)
        assert table
        ids = [row["id"] for row in table]
        assert len(ids) == len(set(ids)), "ids are unique"
        for row in table:
            assert float(row["value"]) >= 0
            assert row["unit"] and row["document"]
            assert row["status"] in {"confirmed", "assumption"}

    def test_the_natural_gas_row_reproduces_table_c1(self) -> None:
        fuel = library().fuels["natural_gas"]
        assert fuel.ncv is not None and fuel.carbon_content and fuel.oxidation_rate
        # GB/T 32151.22-2024 Table C.1: 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, 0.99
        assert (fuel.ncv.value, fuel.carbon_content.value, fuel.oxidation_rate.value) == (
            389.31,
            15.3,
            0.99,
        )

    def test_values_the_reference_marks_confirm_ship_as_assumptions(self) -> None:
        lib = library()
        assert lib.gwp[("AR6", "SF6")].status == "assumption"
        assert lib.standard_coal["natural_gas"].status == "assumption"
        assert all(f.status == "assumption" for f in lib.electricity_equal_value)
        assert lib.fuels["raw_coal"].carbon_content is None

    def test_the_relabelled_values_of_issue_10_are_assumptions(self) -> None:
        # the reference and the audit grade these medium: one source, no second copy read
        lib = library()
        for factor_id in (
            "grid.mee-nbs-fossil.CN.2021",
            "gwp.AR6.CH4",
            "gwp.SAR.CF4",
            "tce.steam_low_pressure",
            "tce.fresh_water",
        ):
            assert lib.factor(factor_id).status == "assumption", factor_id
            assert "confirm" in lib.factor(factor_id).note, factor_id

    def test_no_sink_factor_is_shipped(self) -> None:
        assert "sinks.csv" not in table_names()
        assert not [f for f in library().factors if f.startswith("sink.")]

    def test_the_library_is_one_frozen_object_per_process(self) -> None:
        assert library() is library()
        with pytest.raises(TypeError):
            library().fuels["x"] = library().fuels["diesel"]  # type: ignore[index]


class TestGridFactor:
    def test_the_year_asked_for_when_published(self) -> None:
        choice = library().grid_factor("mee-nbs", "CN-ZJ", 2022)
        assert choice is not None
        assert choice.factor.value == 0.5153 and choice.fallback_from_year is None

    def test_the_latest_before_when_not_yet_published(self) -> None:
        choice = library().grid_factor("mee-nbs", "east_china_grid", 2023)
        assert choice is not None
        assert choice.factor.value == 0.5617 and choice.fallback_from_year == 2023

    def test_none_before_the_first_published_year(self) -> None:
        assert library().grid_factor("mee-nbs", "CN", 2020) is None


class TestResolveRegion:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("CN-ZJ", "CN-ZJ"),
            ("cn-zj", "CN-ZJ"),
            ("浙江", "CN-ZJ"),
            ("浙江省", "CN-ZJ"),
            ("上海市", "CN-SH"),
            ("华东电网", "east_china_grid"),
            ("全国", "CN"),
            ("CN", "CN"),
        ],
    )
    def test_codes_grid_names_and_chinese_names(self, text: str, code: str) -> None:
        assert library().resolve_region(text) == code

    def test_an_unknown_region_is_none(self) -> None:
        assert library().resolve_region("Atlantis") is None


class TestFactorSource:
    def test_source_joins_document_edition_and_table(self) -> None:
        factor = Factor("x", 1.0, "t", "GB/T 2589", "2020", "Table A.1")
        assert factor.source == "GB/T 2589 (2020), Table A.1"


class TestCarbonatesCiteTheTableThatPrintsThem:
    @pytest.mark.parametrize(
        ("material", "table"),
        [
            ("magnesite", "Vol.3 Ch.2 Table 2.1"),
            ("soda_ash", "Vol.3 Ch.2 Table 2.1"),
            ("siderite", "Vol.3 Ch.2 Table 2.1"),
        ],
    )
    def test_ipcc_table_2_1_not_the_steel_guideline(self, material: str, table: str) -> None:
        factor = library().materials[material].factor
        assert factor.document.startswith("2006 IPCC Guidelines") and table in factor.table
        assert factor.status == "confirmed"

    @pytest.mark.parametrize("material", ["limestone", "dolomite", "electrode"])
    def test_the_steel_guideline_values(self, material: str) -> None:
        factor = library().materials[material].factor
        assert "iron and steel" in factor.document and factor.status == "confirmed"


class TestIpccTable22:
    def test_converter_gas_is_oxygen_steel_furnace_gas(self) -> None:
        line = {"id": "bof", "activity": "fuel_combustion", "fuel": "converter_gas"}
        line |= {"quantity": 1, "unit": "10^4 Nm3"}
        answer = calculate_document(
            {"year": 2023, "region": "CN-ZJ", "factor_set": "ipcc-2006", "lines": [line]}
        )
        # 1 ×10^4 Nm3 × 84.00 GJ/10^4 Nm3 (Table C.1) = 0.084 TJ × 182 000 kg/TJ = 15.288 t
        assert answer["lines"][0]["tco2e"] == pytest.approx(15.288, rel=1e-12)
        factor = library().fuels["converter_gas"].ipcc_co2
        assert factor is not None and factor.status == "confirmed"

    def test_kerosene_carries_its_bounds(self) -> None:
        row = next(r for r in table_rows("ipcc-2006-stationary.csv") if r["fuel"] == "kerosene")
        assert (row["lower"], row["value"], row["upper"]) == ("70800", "71900", "73700")


def _fuel_line(fuel: str) -> dict[str, object]:
    unit = "t" if library().fuels[fuel].quantity_dimension.name == "MASS" else "10^4 Nm3"
    line: dict[str, object] = {"id": fuel, "activity": "fuel_combustion", "fuel": fuel}
    line |= {"quantity": 1, "unit": unit}
    if fuel == "raw_coal":
        line |= {"carbon_content": 26.0, "oxidation_rate": 0.94}
    return line


def _documents() -> list[tuple[str, dict[str, object]]]:
    """One calculation for each factor the calculator can use, named by what it exercises."""
    lib = library()
    docs: list[tuple[str, dict[str, object]]] = []
    for fuel in lib.fuels:
        docs.append((f"fuel {fuel}", {"lines": [_fuel_line(fuel)]}))
        if lib.fuels[fuel].ipcc_co2 is not None:
            ipcc = {"factor_set": "ipcc-2006", "lines": [_fuel_line(fuel)]}
            docs.append((f"fuel {fuel} (ipcc-2006)", ipcc))
    for material in lib.materials:
        line = {"id": material, "activity": "process", "material": material}
        docs.append((f"process {material}", {"lines": [line | {"quantity": 1, "unit": "t"}]}))
    for report, gas in lib.gwp:
        line = {"id": gas, "activity": "non_co2", "gas": gas, "quantity": 1, "unit": "t"}
        docs.append((f"gwp {report} {gas}", {"gwp": report, "lines": [line]}))
    electricity = {"id": "e", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
    for family, region in lib.grid:
        for factor in lib.grid[(family, region)]:
            year = factor.valid_from or 2023
            for set_id, factor_set in lib.factor_sets.items():
                if family in (factor_set.electricity_family, factor_set.residual_family):
                    doc = {"region": region, "year": year, "factor_set": set_id}
                    docs.append((f"grid {factor.id} ({set_id})", doc | {"lines": [electricity]}))
    for factor in lib.electricity_equal_value:
        # cn-ets-reporting has a grid factor for every year the equal values cover (2019-)
        doc = {"year": factor.valid_from, "factor_set": "cn-ets-reporting"}
        doc |= {"electricity_tce_basis": "equal"}
        docs.append((f"equal value {factor.id}", doc | {"lines": [electricity]}))
    heat = {"id": "h", "activity": "purchased_heat", "quantity": 1, "unit": "GJ"}
    docs.append(("heat", {"lines": [heat]}))
    return docs


class TestTheAnswerSaysWhichFactorsAreAssumptions:
    """docs/data-sources.md: a calculation that used an assumption row says so in its notes."""

    @pytest.mark.parametrize(("what", "document"), _documents(), ids=lambda x: str(x)[:60])
    def test_the_note_names_exactly_the_assumption_rows_used(
        self, what: str, document: dict[str, object]
    ) -> None:
        answer = calculate_document({"year": 2023, "region": "CN-ZJ"} | document)
        used = {f["id"]: f["status"] for line in answer["lines"] for f in line["factors"]}
        for factor_id, status in used.items():
            if factor_id in library().factors:
                assert status == library().factor(factor_id).status, factor_id
        assumed = sorted(f for f, status in used.items() if status == "assumption")
        notes = [note["en"] for note in answer["notes"] if "assumption" in note["en"]]
        if assumed:
            assert notes == [f"factors marked as assumptions were used: {', '.join(assumed)}"]
        else:
            assert notes == [], what

    def test_every_assumption_the_calculator_can_use_is_reached_above(self) -> None:
        reached: set[str] = set()
        for _, document in _documents():
            answer = calculate_document({"year": 2023, "region": "CN-ZJ"} | document)
            reached |= {f["id"] for line in answer["lines"] for f in line["factors"]}
        lib = library()
        inventory = {
            row["id"] for name in ("agriculture.csv", "waste.csv") for row in table_rows(name)
        }
        reference_only = {
            # shipped for reference, used by no method or factor set (the test says so)
            "tce.steam_low_pressure",
            "tce.fresh_water",
            "tce.middlings",
            *(
                f.id
                for (family, _), rows in lib.grid.items()
                for f in rows
                if family == "mee-nbs-fossil"
            ),
        }
        unreached = set(lib.factors) - reached - inventory - reference_only
        assert unreached == set()
        assert not reference_only & reached


class TestTheLineSaysWhy:
    def test_natural_gas_says_its_two_heat_values_are_the_standards_own(self) -> None:
        answer = calculate_document(
            {"year": 2023, "region": "CN-ZJ", "lines": [_fuel_line("natural_gas")]}
        )
        notes = [note["en"] for note in answer["lines"][0]["notes"]]
        # CO2: 389.31 GJ/10^4 Nm3 (GB/T 32151.22-2024 Table C.1); tce: 1.2143 kgce/m3 × 10
        # × 29.3076 GJ/tce = 355.88 GJ/10^4 Nm3 (GB/T 2589): 8.6 % apart, both as printed
        assert len(notes) == 1
        # the units as people read them (accounting/unit_names.py), not as stored
        assert "389.31 GJ per 10⁴ Nm³ (GB/T 32151.22-2024, Table C.1)" in notes[0]
        assert "1.2143 kgce per m³" in notes[0] and "355.88 GJ per 10⁴ Nm³" in notes[0]
        assert "8.6% apart" in notes[0]

    def test_a_fuel_whose_two_values_agree_carries_no_such_note(self) -> None:
        answer = calculate_document(
            {"year": 2023, "region": "CN-ZJ", "lines": [_fuel_line("diesel")]}
        )
        assert answer["lines"][0]["notes"] == []

    def test_a_measured_ncv_replaces_the_table_value_and_the_note(self) -> None:
        line = _fuel_line("natural_gas") | {"ncv": 36.0, "ncv_unit": "MJ/m3"}
        answer = calculate_document({"year": 2023, "region": "CN-ZJ", "lines": [line]})
        assert not [n for n in answer["lines"][0]["notes"] if "own value" in n["en"]]

    def test_the_equal_value_line_says_it_is_recalled_coal_per_kwh_supplied(self) -> None:
        line = {"id": "e", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
        answer = calculate_document(
            {"year": 2022, "region": "CN-ZJ", "electricity_tce_basis": "equal", "lines": [line]}
        )
        (note,) = [n for n in answer["lines"][0]["notes"] if "equal-value" in n["en"]]
        assert "0.3007 kgce/kWh" in note["en"]
        assert "per kWh supplied (not generated)" in note["en"]
        assert "recalled and not read" in note["en"]
        assert "供电" in note["zh"] and "假设值" in note["zh"]
        # 1 MWh × 0.3007 kgce/kWh = 0.3007 tce
        assert answer["lines"][0]["tce"] == pytest.approx(0.3007, rel=1e-12)


class TestInventoryFactors:
    def test_an_unknown_id_is_the_cores_error(self) -> None:
        with pytest.raises(AccountingError) as caught:
            library().factor("waste.landfill.unknown")
        assert caught.value.code == "accounting.unknown_factor"

    def test_every_table_is_found_by_id(self) -> None:
        lib = library()
        assert lib.factor("gwp.AR5.CH4").value == 28
        assert lib.factor("ncv.natural_gas") is lib.fuels["natural_gas"].ncv
