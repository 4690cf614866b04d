"""The public calculation contract: ``POST /api/v1/accounting/calculate`` and the fuels list.

Every expected figure is derived by hand here from the cited factor tables.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

import testkit
from shuangtan.calculator.schemas import EXAMPLE_DOCUMENT

# Factors of the example (year 2023, region CN-ZJ, factor set cn-default, GWP AR5):
NG_NCV = 389.31  # GJ per 10^4 Nm3, GB/T 32151.22-2024 Table C.1
NG_CC = 15.3 / 1000  # tC per GJ (15.3 tC/TJ), same table
NG_OX = 0.99  # oxidation rate, same table
ZJ_GRID_2023 = 0.4974  # tCO2/MWh, MEE & NBS announcement 2025 No. 47 (Zhejiang, 2023)
HEAT = 0.11  # tCO2/GJ, GB/T 32151 series Table C.3
LIMESTONE = 0.440  # tCO2/t, NDRC steel guideline (2013)
CH4_AR5 = 28  # IPCC AR5 WG1 Table 8.A.1
ELEC_KGCE_PER_KWH = 0.1229  # GB/T 2589-2020 Table A.1, equivalent value
HEAT_KGCE_PER_MJ = 0.03412  # GB/T 2589-2020 Table A.1
NG_KGCE_PER_M3 = 1.2143  # GB/T 2589-2020 Table A.1, gas-field natural gas

LINE_A = 120.5 * NG_NCV * NG_CC * NG_OX * 44 / 12  # ≈ 2,605.44 tCO2
LINE_B = 8000 * ZJ_GRID_2023  # 3,979.2 tCO2
LINE_C = 3000 * HEAT  # 330 tCO2
LINE_D = 1000 * LIMESTONE  # 440 tCO2
LINE_E = 2 * CH4_AR5  # 56 tCO2e


class TestCalculate:
    def test_the_contract_example_is_computed_line_by_line_from_the_cited_factors(
        self, anonymous_client: TestClient
    ) -> None:
        response = anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT)
        assert response.status_code == 200, response.text
        body = response.json()
        lines = {line["id"]: line for line in body["lines"]}
        assert lines["a"]["tco2e"] == pytest.approx(LINE_A, rel=1e-9)
        assert lines["b"]["tco2e"] == pytest.approx(LINE_B, rel=1e-9)
        assert lines["c"]["tco2e"] == pytest.approx(LINE_C, rel=1e-9)
        assert lines["d"]["tco2e"] == pytest.approx(LINE_D, rel=1e-9)
        assert lines["e"]["tco2e"] == pytest.approx(LINE_E, rel=1e-9)
        assert body["scope1_tco2e"] == pytest.approx(LINE_A + LINE_D + LINE_E, rel=1e-9)
        assert body["scope2_tco2e"] == pytest.approx(LINE_B + LINE_C, rel=1e-9)
        assert body["total_tco2e"] == pytest.approx(
            LINE_A + LINE_B + LINE_C + LINE_D + LINE_E, rel=1e-9
        )
        assert [lines[k]["scope"] for k in "abcde"] == [1, 2, 2, 1, 1]
        assert body["factor_set"] == "cn-default"

    def test_the_energy_of_electricity_and_heat_is_in_standard_coal(
        self, anonymous_client: TestClient
    ) -> None:
        body = anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT).json()
        lines = {line["id"]: line for line in body["lines"]}
        assert lines["a"]["tce"] == pytest.approx(120.5e4 * NG_KGCE_PER_M3 / 1000)  # 1,463.23
        assert lines["b"]["tce"] == pytest.approx(8000 * 1000 * ELEC_KGCE_PER_KWH / 1000)  # 983.2
        assert lines["c"]["tce"] == pytest.approx(3000 * 1000 * HEAT_KGCE_PER_MJ / 1000)  # 102.36
        assert lines["d"]["tce"] == 0
        assert lines["e"]["tce"] == 0
        assert body["energy_tce"] == pytest.approx(sum(line["tce"] for line in body["lines"]))

    def test_every_line_names_its_factors_with_value_unit_and_source(
        self, anonymous_client: TestClient
    ) -> None:
        body = anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT).json()
        for line in body["lines"]:
            assert line["factors"], line["id"]
            for factor in line["factors"]:
                assert set(factor) >= {"id", "value", "unit", "source"}
                assert factor["source"]
        grid = [f for f in body["lines"][1]["factors"] if f["value"] == pytest.approx(ZJ_GRID_2023)]
        assert grid and "2025" in grid[0]["source"] and "47" in grid[0]["source"]

    def test_the_ets_reporting_set_uses_the_national_reporting_factor(
        self, anonymous_client: TestClient
    ) -> None:
        document = {
            "year": 2023,
            "region": "CN-ZJ",
            "factor_set": "cn-ets-reporting",
            "lines": [
                {"id": "b", "activity": "purchased_electricity", "quantity": 8000, "unit": "MWh"}
            ],
        }
        body = anonymous_client.post("/api/v1/accounting/calculate", json=document).json()
        assert body["lines"][0]["tco2e"] == pytest.approx(
            8000 * 0.5703
        )  # MEE 环办气候函〔2023〕43号

    def test_a_bad_line_fails_the_whole_request_with_a_problem_naming_it(
        self, anonymous_client: TestClient
    ) -> None:
        document = copy.deepcopy(EXAMPLE_DOCUMENT)
        document["lines"][1]["unit"] = "t"  # electricity given in tonnes
        response = anonymous_client.post("/api/v1/accounting/calculate", json=document)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["status"] == 422
        assert problem["type"].endswith(problem["code"])
        assert problem["message_zh"] and problem["message_en"]
        assert [e["line_id"] for e in problem["errors"]] == ["b"]
        assert "t" in problem["errors"][0]["message_en"]
        assert "lines" not in problem

    def test_an_unknown_fuel_is_refused_and_named(self, anonymous_client: TestClient) -> None:
        document = copy.deepcopy(EXAMPLE_DOCUMENT)
        document["lines"][0]["fuel"] = "unobtainium"
        problem = anonymous_client.post("/api/v1/accounting/calculate", json=document).json()
        assert problem["status"] == 422
        assert problem["errors"][0]["line_id"] == "a"
        assert "unobtainium" in problem["errors"][0]["message_en"]

    def test_a_body_that_is_not_an_object_is_refused(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.post("/api/v1/accounting/calculate", json=[1, 2])
        assert response.status_code == 422
        assert response.json()["code"] == "input.invalid"

    def test_the_public_tool_stores_nothing_and_needs_no_login(
        self, app_client: TestClient, row_counts: Any
    ) -> None:
        before = row_counts()
        assert (
            app_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT).status_code
            == 200
        )
        assert row_counts() == before

    def test_a_client_past_the_limit_is_told_to_wait(self, anonymous_client: TestClient) -> None:
        from shuangtan.ratelimit import WindowCounter

        limiter = WindowCounter(3, clock=lambda: 600.0 + 45)  # 15 s left in the window
        anonymous_client.app.state.public_rate_limiter = limiter  # type: ignore[attr-defined]
        statuses = [
            anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT).status_code
            for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]
        last = anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT)
        assert last.json()["code"] == "rate_limited"
        assert last.headers["retry-after"] == "15"


class TestFuels:
    def test_the_required_fuels_are_listed_with_chinese_and_english_names(
        self, anonymous_client: TestClient
    ) -> None:
        fuels = {f["code"]: f for f in anonymous_client.get("/api/v1/accounting/fuels").json()}
        required = [
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
        ]
        assert set(required) <= set(fuels)
        assert fuels["natural_gas"]["name_zh"] == "天然气"
        assert fuels["diesel"]["name_zh"] == "柴油"
        assert fuels["diesel"]["name_en"].lower() == "diesel"


class TestOpenApi:
    def test_the_api_docs_are_served_without_a_cdn(self, anonymous_client: TestClient) -> None:
        page = anonymous_client.get("/docs").text
        assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
        assert "cdn" not in page.lower()
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert "/api/v1/accounting/calculate" in spec["paths"]


class TestOpenApiAnswers:
    def test_every_operation_declares_what_it_answers(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert testkit.openapi_answers(spec, "/accounting/", "/analysis/") == {
            "POST /accounting/calculate": "200 CalculationRead",
            "GET /accounting/fuels": "200 [FuelRead]",
            "POST /analysis/lmdi": "200 LmdiRead",
        }


class TestPageYears:
    def test_the_years_run_from_2019_to_this_year_by_the_apps_clock(
        self, anonymous_client: TestClient
    ) -> None:
        import re
        from datetime import UTC, datetime

        app = anonymous_client.app
        # 2028-01-01 00:30 in Beijing is 2027-12-31 16:30 UTC: this year is 2028
        app.state.clock = lambda: datetime(2027, 12, 31, 16, 30, tzinfo=UTC)  # type: ignore[attr-defined]
        try:
            html = anonymous_client.get("/calculator").text
        finally:
            del app.state.clock  # type: ignore[attr-defined]
        years = re.findall(r'<option value="(\d{4})"', html)
        assert years == [str(y) for y in range(2019, 2029)]
