"""The factor library: every shipped row has its source, status and a sensible value."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from shuangtan.accounting import library
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
