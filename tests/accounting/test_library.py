"""The factor library: every shipped row has its source, status and a sensible value."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from shuangtan.accounting import AccountingError, library
from shuangtan.accounting.library import Factor

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
    "sinks.csv",
]


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("shuangtan").joinpath("data", "factors", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


class TestShippedTables:
    @pytest.mark.parametrize("name", TABLES)
    def test_every_row_has_id_value_unit_source_and_status(self, name: str) -> None:
        table = rows(name)
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


# The inventory's factors, typed by hand from the cited tables (id, value, unit, status, the
# document, the table): 2006 IPCC Guidelines (Vol.4 agriculture, Vol.5 waste), the provincial
# guideline 省级温室气体清单编制指南（试行） (NDRC 2011), and the demo sink rates.
INVENTORY_FACTORS = [
    (
        "agriculture.enteric.dairy_cattle",
        68,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.11 (Asia)",
    ),
    (
        "agriculture.enteric.other_cattle",
        47,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.11 (Asia)",
    ),
    (
        "agriculture.enteric.buffalo",
        55,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.10",
    ),
    (
        "agriculture.enteric.sheep",
        5,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.10",
    ),
    (
        "agriculture.enteric.goats",
        5,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.10",
    ),
    (
        "agriculture.enteric.swine",
        1.0,
        "kg CH4/head/yr",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.10 Table 10.10",
    ),
    (
        "agriculture.manure_ch4.dairy_cattle",
        8.33,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.other_cattle",
        3.31,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.buffalo",
        5.55,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.sheep",
        0.26,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.goats",
        0.28,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.swine",
        5.08,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_ch4.poultry",
        0.02,
        "kg CH4/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure CH4 regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.dairy_cattle",
        1.00,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.other_cattle",
        0.913,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.buffalo",
        0.875,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.sheep",
        0.093,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.goats",
        0.093,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.swine",
        0.175,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.manure_n2o.poultry",
        0.007,
        "kg N2O/head/yr",
        "assumption",
        "NDRC 2011",
        "ch.3 animal manure N2O regional factors (East China 华东)",
    ),
    (
        "agriculture.rice.single",
        215.5,
        "kg CH4/ha",
        "assumption",
        "NDRC 2011",
        "ch.3 rice CH4 regional factors (East China 华东; single rice)",
    ),
    (
        "agriculture.rice.early",
        211.4,
        "kg CH4/ha",
        "assumption",
        "NDRC 2011",
        "ch.3 rice CH4 regional factors (East China 华东; double early rice)",
    ),
    (
        "agriculture.rice.late",
        224.0,
        "kg CH4/ha",
        "assumption",
        "NDRC 2011",
        "ch.3 rice CH4 regional factors (East China 华东; double late rice)",
    ),
    (
        "agriculture.fertiliser.ef1",
        0.01,
        "kg N2O-N/kg N",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.11 Table 11.1 (EF1)",
    ),
    (
        "agriculture.fertiliser.frac_gasf",
        0.10,
        "kg N volatilised/kg N",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.11 Table 11.3 (FracGASF)",
    ),
    (
        "agriculture.fertiliser.ef4",
        0.01,
        "kg N2O-N/kg N volatilised",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.11 Table 11.3 (EF4)",
    ),
    (
        "agriculture.fertiliser.frac_leach",
        0.30,
        "kg N leached/kg N",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.11 Table 11.3 (FracLEACH-(H))",
    ),
    (
        "agriculture.fertiliser.ef5",
        0.0075,
        "kg N2O-N/kg N leached",
        "confirmed",
        "IPCC 2006",
        "Vol.4 Ch.11 Table 11.3 (EF5)",
    ),
    (
        "waste.landfill_mass_balance.mcf",
        1.0,
        "fraction",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.3 Table 3.1 (managed anaerobic)",
    ),
    (
        "waste.landfill_mass_balance.doc",
        0.15,
        "t C/t waste (wet)",
        "assumption",
        "IPCC 2006",
        "Vol.5 Ch.2 Table 2.3/2.4 (bulk MSW)",
    ),
    (
        "waste.landfill_mass_balance.docf",
        0.5,
        "fraction",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.3 section 3.2.3 (DOCf default)",
    ),
    (
        "waste.landfill_mass_balance.f",
        0.5,
        "fraction",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.3 section 3.2.3 (F default)",
    ),
    (
        "waste.landfill_mass_balance.ox",
        0.1,
        "fraction",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.3 Table 3.2 (managed covered)",
    ),
    (
        "waste.incineration.carbon_content",
        0.20,
        "t C/t waste (wet)",
        "assumption",
        "NDRC 2011",
        "ch.5 waste incineration defaults",
    ),
    (
        "waste.incineration.fossil_fraction",
        0.39,
        "fraction",
        "assumption",
        "NDRC 2011",
        "ch.5 waste incineration defaults",
    ),
    (
        "waste.incineration.burnout",
        0.95,
        "fraction",
        "assumption",
        "NDRC 2011",
        "ch.5 waste incineration defaults",
    ),
    (
        "waste.incineration.n2o",
        50,
        "g N2O/t waste (wet)",
        "assumption",
        "IPCC 2006",
        "Vol.5 Ch.5 Table 5.6 (MSW continuous incineration)",
    ),
    (
        "waste.composting.ch4",
        4,
        "g CH4/kg waste (wet)",
        "assumption",
        "IPCC 2006",
        "Vol.5 Ch.4 Table 4.1 (composting)",
    ),
    (
        "waste.composting.n2o",
        0.3,
        "g N2O/kg waste (wet)",
        "assumption",
        "IPCC 2006",
        "Vol.5 Ch.4 Table 4.1 (composting)",
    ),
    (
        "waste.wastewater.bo",
        0.25,
        "kg CH4/kg COD",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.6 Table 6.2 (COD-based Bo)",
    ),
    (
        "waste.wastewater.mcf",
        0.165,
        "fraction",
        "assumption",
        "NDRC 2011",
        "ch.5 domestic wastewater MCF (East China 华东)",
    ),
    (
        "waste.wastewater.n2o",
        0.005,
        "kg N2O-N/kg N",
        "confirmed",
        "IPCC 2006",
        "Vol.5 Ch.6 Table 6.11 (EF effluent)",
    ),
    (
        "sink.forest",
        4.0,
        "t CO2/ha/yr",
        "assumption",
        "demo",
        "subtropical plantation forest: about 1.1 t C/ha/yr",
    ),
    (
        "sink.wetland",
        1.5,
        "t CO2/ha/yr",
        "assumption",
        "demo",
        "inland wetland carbon burial: about 0.4 t C/ha/yr",
    ),
    (
        "sink.urban_green",
        3.0,
        "t CO2/ha/yr",
        "assumption",
        "demo",
        "urban green space (trees and lawn mixed): about 0.8 t C/ha/yr",
    ),
]
DOCUMENTS = {
    "IPCC 2006": "2006 IPCC Guidelines for National GHG Inventories",
    "NDRC 2011": "省级温室气体清单编制指南（试行） NDRC",
    "demo": "demo assumption (docs/inventory.md)",
}


class TestInventoryFactors:
    @pytest.mark.parametrize(
        ("factor_id", "value", "unit", "status", "document", "table"), INVENTORY_FACTORS
    )
    def test_every_moved_factor_keeps_its_value_unit_status_and_source(
        self, factor_id: str, value: float, unit: str, status: str, document: str, table: str
    ) -> None:
        factor = library().factor(factor_id)
        assert (factor.value, factor.unit, factor.status) == (value, unit, status)
        assert (factor.document, factor.table) == (DOCUMENTS[document], table)

    def test_the_three_inventory_tables_hold_exactly_the_pinned_factors(self) -> None:
        shipped = [
            row["id"]
            for name in ("agriculture.csv", "waste.csv", "sinks.csv")
            for row in rows(name)
        ]
        assert sorted(shipped) == sorted(pin[0] for pin in INVENTORY_FACTORS)
        assert len(shipped) == 45

    def test_an_unknown_id_is_the_cores_error(self) -> None:
        with pytest.raises(AccountingError) as caught:
            library().factor("waste.landfill.unknown")
        assert caught.value.code == "accounting.unknown_factor"

    def test_every_table_is_found_by_id(self) -> None:
        lib = library()
        assert lib.factor("gwp.AR5.CH4").value == 28
        assert lib.factor("ncv.natural_gas") is lib.fuels["natural_gas"].ncv
