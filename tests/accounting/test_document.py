"""The JSON contract used by the web API and the CLI: answers and every refusal."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from shuangtan.accounting import (
    CONTRACT_EXAMPLE,
    AccountingError,
    calculate_document,
    list_factor_sets,
    list_fuels,
)


def document(*lines: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"year": 2023, "region": "CN-ZJ", **top, "lines": list(lines)}


def refusal(doc: Any) -> AccountingError:
    with pytest.raises(AccountingError) as caught:
        calculate_document(doc)
    return caught.value


GAS = {
    "id": "g",
    "activity": "fuel_combustion",
    "fuel": "natural_gas",
    "quantity": 1,
    "unit": "10^4 Nm3",
}


class TestCalculateDocument:
    def test_the_contract_example_with_totals_derived_by_hand(self) -> None:
        answer = calculate_document(CONTRACT_EXAMPLE)
        # a: GB/T 32151.22-2024 Table C.1 natural gas 389.31 GJ/10^4 Nm3, 15.3 tC/TJ, 0.99
        a = 120.5 * 389.31 * 0.0153 * 0.99 * 44 / 12
        # b: MEE/NBS 公告2025年第47号 Zhejiang 2023 0.4974 tCO2/MWh
        b = 8000 * 0.4974
        # c: purchased heat 0.11 tCO2/GJ
        c = 3000 * 0.11
        # d: limestone 0.440 tCO2/t (NDRC steel guideline 2013)
        d = 1000 * 0.440
        # e: CH4 AR5 GWP100 28 (AR5 WG1 Table 8.A.1)
        e = 2 * 28
        by_id = {line["id"]: line for line in answer["lines"]}
        for line_id, expected in zip("abcde", (a, b, c, d, e), strict=True):
            assert by_id[line_id]["tco2e"] == pytest.approx(expected, rel=1e-12)
        assert answer["scope1_tco2e"] == pytest.approx(a + d + e, rel=1e-12)
        assert answer["scope2_tco2e"] == pytest.approx(b + c, rel=1e-12)
        assert answer["total_tco2e"] == pytest.approx(a + b + c + d + e, rel=1e-12)
        # market-based: national residual 2023 0.6096 (公告2025年第47号), heat unchanged
        assert answer["scope2_market_tco2e"] == pytest.approx(8000 * 0.6096 + c, rel=1e-12)
        assert by_id["b"]["tco2e_market"] == pytest.approx(8000 * 0.6096, rel=1e-12)
        # tce: gas 1.2143 kgce/m3, electricity 0.1229 kgce/kWh, heat 0.03412 kgce/MJ
        tce = 120.5 * 1.2143 * 10**4 / 1000 + 8000 * 0.1229 + 3000 * 0.03412
        assert answer["energy_tce"] == pytest.approx(tce, rel=1e-12)
        assert [by_id[i]["scope"] for i in "abcde"] == [1, 2, 2, 1, 1]
        assert by_id["d"]["tce"] == 0.0 and by_id["e"]["tce"] == 0.0
        assert answer["factor_set"] == "cn-default"
        assert answer["gwp"] == "AR5" and answer["year"] == 2023 and answer["region"] == "CN-ZJ"
        assert answer["factor_set_version"]

    def test_every_line_carries_its_factors_with_sources(self) -> None:
        answer = calculate_document(CONTRACT_EXAMPLE)
        for line in answer["lines"]:
            assert line["factors"], line["id"]
            for factor in line["factors"]:
                assert set(factor) >= {"id", "value", "unit", "source"}
                assert factor["source"]

    def test_the_answer_is_json_serialisable(self) -> None:
        text = json.dumps(calculate_document(CONTRACT_EXAMPLE), ensure_ascii=False)
        assert "tco2e" in text

    def test_factor_set_and_gwp_default_to_cn_default_and_ar5(self) -> None:
        answer = calculate_document(
            document({"id": "e", "activity": "non_co2", "gas": "CH4", "quantity": 1, "unit": "t"})
        )
        assert answer["factor_set"] == "cn-default" and answer["gwp"] == "AR5"
        assert answer["total_tco2e"] == 28.0

    def test_certificates_with_a_unit(self) -> None:
        answer = calculate_document(
            document(
                {
                    "id": "b",
                    "activity": "purchased_electricity",
                    "quantity": 1_000_000,
                    "unit": "kWh",
                    "certificates": 600_000,
                    "certificates_unit": "kWh",
                }
            )
        )
        line = answer["lines"][0]
        assert line["tco2e"] == pytest.approx(1000 * 0.4974, rel=1e-12)
        assert line["tco2e_market"] == pytest.approx(400 * 0.6096, rel=1e-12)

    def test_measured_values_are_flagged_in_the_answer(self) -> None:
        answer = calculate_document(document({**GAS, "carbon_content": 15.0}))
        line = answer["lines"][0]
        assert line["overridden"] == ["carbon_content"]
        assert line["factors"][1]["source"] == "measured (enterprise-supplied)"

    def test_equal_value_option(self) -> None:
        answer = calculate_document(
            document(
                {"id": "b", "activity": "purchased_electricity", "quantity": 1000, "unit": "MWh"},
                electricity_tce_basis="equal",
                electricity_equal_value_kgce_per_kwh=0.29,
            )
        )
        assert answer["energy_tce"] == pytest.approx(1000 * 0.29, rel=1e-12)


class TestCalculateDocumentRefusals:
    def test_natural_gas_in_mwh_names_line_unit_and_expected(self) -> None:
        error = refusal(document({**GAS, "id": "gas-1", "unit": "MWh"}))
        assert error.code == "accounting.unit_dimension"
        assert error.line_id == "gas-1"
        assert error.pointer == "/lines/0/unit"
        for text in (error.message_en, error.message_zh):
            assert "gas-1" in text and "MWh" in text
        assert "volume" in error.message_en and "体积" in error.message_zh

    def test_electricity_in_tonnes_names_line_unit_and_expected(self) -> None:
        error = refusal(
            document({"id": "el", "activity": "purchased_electricity", "quantity": 5, "unit": "吨"})
        )
        assert error.code == "accounting.unit_dimension"
        assert "el" in error.message_en and "吨" in error.message_en
        assert "energy" in error.message_en and "能量" in error.message_zh

    def test_every_bad_line_is_reported_and_nothing_is_computed(self) -> None:
        error = refusal(
            document(
                {**GAS, "id": "ok"},
                {**GAS, "id": "x1", "unit": "MWh"},
                {**GAS, "id": "x2", "fuel": "unobtainium"},
                {**GAS, "id": "x3", "quantity": -1},
            )
        )
        assert [e["line_id"] for e in error.errors] == ["x1", "x2", "x3"]
        assert [e["code"] for e in error.errors] == [
            "accounting.unit_dimension",
            "accounting.unknown_fuel",
            "accounting.invalid_quantity",
        ]
        assert all(
            set(e) == {"line_id", "pointer", "code", "message_zh", "message_en"}
            for e in error.errors
        )
        assert "3" in error.message_en

    @pytest.mark.parametrize(
        ("doc", "code", "pointer"),
        [
            (document({**GAS, "unit": "no-such-unit"}), "accounting.unit_unknown", "/lines/0/unit"),
            (document({**GAS, "fuel": "unobtainium"}), "accounting.unknown_fuel", "/lines/0/fuel"),
            (
                document(
                    {
                        "id": "p",
                        "activity": "process",
                        "material": "granite",
                        "quantity": 1,
                        "unit": "t",
                    }
                ),
                "accounting.unknown_material",
                "/lines/0/material",
            ),
            (
                document(
                    {"id": "n", "activity": "non_co2", "gas": "XeF2", "quantity": 1, "unit": "t"}
                ),
                "accounting.unknown_gas",
                "/lines/0/gas",
            ),
            (
                document({**GAS, "activity": "teleport"}),
                "accounting.unknown_activity",
                "/lines/0/activity",
            ),
            (document(GAS, region="CN-XX"), "accounting.unknown_region", "/region"),
            (
                document(GAS, factor_set="cn-wishful"),
                "accounting.unknown_factor_set",
                "/factor_set",
            ),
            (document(GAS, gwp="AR9"), "accounting.unknown_gwp", "/gwp"),
            (
                document(
                    {"id": "b", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"},
                    year=2020,
                ),
                "accounting.no_factor_for_year",
                "/year",
            ),
            (document(GAS, GAS), "accounting.duplicate_line_id", "/lines/1/id"),
            (document({**GAS, "quantity": -5}), "accounting.invalid_quantity", "/lines/0/quantity"),
            (
                document({**GAS, "quantity": math.nan}),
                "accounting.invalid_quantity",
                "/lines/0/quantity",
            ),
            (
                document({**GAS, "quantity": math.inf}),
                "accounting.invalid_quantity",
                "/lines/0/quantity",
            ),
            (
                document({**GAS, "quantity": True}),
                "accounting.invalid_quantity",
                "/lines/0/quantity",
            ),
            (
                document({**GAS, "quantity": "12"}),
                "accounting.invalid_quantity",
                "/lines/0/quantity",
            ),
            (
                document({**GAS, "oxidation_rate": 1.5}),
                "accounting.invalid_value",
                "/lines/0/oxidation_rate",
            ),
            (
                document({**GAS, "fuel": "raw_coal", "unit": "t"}),
                "accounting.measured_value_required",
                "/lines/0/carbon_content",
            ),
            (
                document(
                    {"id": "n", "activity": "non_co2", "gas": "NF3", "quantity": 1, "unit": "t"},
                    gwp="SAR",
                ),
                "accounting.no_factor",
                "/lines/0/gas",
            ),
            (
                document({**GAS, "carbon_content": 15.0}, factor_set="ipcc-2006"),
                "accounting.override_not_applicable",
                "/lines/0/carbon_content",
            ),
            (
                document(GAS, electricity_tce_basis="sideways"),
                "accounting.invalid_option",
                "/electricity_tce_basis",
            ),
            (document(), "accounting.invalid_document", "/lines"),
            ({"region": "CN-ZJ", "lines": [GAS]}, "accounting.invalid_document", "/year"),
            ({"year": 2023, "lines": [GAS]}, "accounting.invalid_document", "/region"),
            (document(GAS, year=True), "accounting.invalid_document", "/year"),
            (document(GAS, year="2023"), "accounting.invalid_document", "/year"),
            (document({**GAS, "quantiy": 1}), "accounting.invalid_document", "/lines/0/quantiy"),
            (
                document({k: v for k, v in GAS.items() if k != "unit"}),
                "accounting.invalid_document",
                "/lines/0/unit",
            ),
            (document(GAS, colour="blue"), "accounting.invalid_document", "/colour"),
            (["not", "an", "object"], "accounting.invalid_document", ""),
        ],
    )
    def test_each_refusal_has_its_code_and_pointer(self, doc: Any, code: str, pointer: str) -> None:
        error = refusal(doc)
        assert error.code == code
        assert error.pointer == pointer
        assert error.message_zh and error.message_en
        assert error.errors[0]["code"] == code

    def test_missing_year_says_it_is_required(self) -> None:
        error = refusal({"region": "CN-ZJ", "lines": [GAS]})
        assert "required" in error.message_en and "必填" in error.message_zh

    def test_the_error_is_json_serialisable(self) -> None:
        error = refusal(document({**GAS, "unit": "MWh"}, {**GAS, "id": "h", "fuel": "x"}))
        assert json.loads(json.dumps(error.as_dict(), ensure_ascii=False))["errors"]

    def test_a_region_problem_is_reported_once_for_many_lines(self) -> None:
        lines = [
            {"id": str(i), "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
            for i in range(5)
        ]
        error = refusal(document(*lines, year=2019))
        assert len(error.errors) == 1


class TestListFuels:
    def test_every_reference_fuel_is_listed_with_its_ncv_and_source(self) -> None:
        fuels = {fuel["code"]: fuel for fuel in list_fuels()}
        for code in (
            "raw_coal",
            "washed_coal",
            "coke",
            "crude_oil",
            "fuel_oil",
            "gasoline",
            "kerosene",
            "diesel",
            "lpg",
            "refinery_gas",
            "natural_gas",
            "lng",
            "coke_oven_gas",
            "anthracite",
            "bituminous_coal",
            "lignite",
            "blast_furnace_gas",
            "converter_gas",
            "other_gas",
            "petroleum_coke",
        ):
            assert code in fuels
            assert fuels[code]["ncv"]["source"]
        assert fuels["natural_gas"]["ncv"]["value"] == 389.31
        assert fuels["natural_gas"]["ncv"]["unit"] == "GJ/10^4 Nm3"
        assert fuels["natural_gas"]["default_unit"] == "10^4 Nm3"
        assert fuels["natural_gas"]["name_zh"] == "天然气"
        assert fuels["raw_coal"]["requires_measured"] == ["carbon_content", "oxidation_rate"]


class TestListFactorSets:
    def test_the_three_factor_sets_are_named_and_versioned(self) -> None:
        sets = {fs["id"]: fs for fs in list_factor_sets()}
        assert set(sets) == {"cn-default", "cn-ets-reporting", "ipcc-2006"}
        assert all(fs["version"] and fs["source"] for fs in sets.values())
        assert sets["cn-ets-reporting"]["electricity_family"] == "cn-ets-reporting"
