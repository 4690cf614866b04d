"""The public LMDI tool: ``POST /api/v1/analysis/lmdi`` (no login, rate-limited, stores nothing)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient

# Xu & Ang (2014, Energy Economics) example of /work/shared/reference/methods.md, E = Q × (E/Q):
# sub-sectors (1,1) E 20→30 Q 5→12; (1,2) E 10→10 Q 5→8; (2,1) E 8→15 Q 10→30; (2,2) E 12→9 Q 30→30.
BODY = {
    "factors": ["activity", "intensity"],
    "data": {
        "2019": {"11": [5, 4], "12": [5, 2], "21": [10, 0.8], "22": [30, 0.4]},
        "2020": {"11": [12, 2.5], "12": [8, 1.25], "21": [30, 0.5], "22": [30, 0.3]},
    },
}
L11 = 10 / math.log(1.5)  # L(30, 20) = 24.663035
L12 = 10.0  # L(10, 10)
L21 = 7 / math.log(15 / 8)  # L(15, 8) = 11.135704
L22 = 3 / math.log(12 / 9)  # L(9, 12) = 10.428178
L_TOTAL = 14 / math.log(1.28)  # L(64, 50) = 56.712289
ACTIVITY = L11 * math.log(12 / 5) + L12 * math.log(8 / 5) + L21 * math.log(3)  # 38.525573
INTENSITY = (L11 + L12 + L21) * math.log(0.625) + L22 * math.log(0.75)  # −24.525573


class TestLmdi:
    def test_the_published_example_is_decomposed_without_login(
        self, anonymous_client: TestClient
    ) -> None:
        response = anonymous_client.post("/api/v1/analysis/lmdi", json=BODY)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"periods"}
        (period,) = body["periods"]
        assert set(period) == {
            "from",
            "to",
            "total_change",
            "total_ratio",
            "additive",
            "multiplicative",
            "by_subcategory",
        }
        assert (period["from"], period["to"]) == ("2019", "2020")
        assert period["total_change"] == pytest.approx(14)  # 64 − 50
        assert period["total_ratio"] == pytest.approx(1.28)
        assert period["additive"]["activity"] == pytest.approx(ACTIVITY, rel=1e-12)
        assert period["additive"]["intensity"] == pytest.approx(INTENSITY, rel=1e-12)
        assert period["multiplicative"]["activity"] == pytest.approx(
            math.exp(ACTIVITY / L_TOTAL), rel=1e-12
        )  # 1.972528
        assert period["multiplicative"]["intensity"] == pytest.approx(
            math.exp(INTENSITY / L_TOTAL), rel=1e-12
        )  # 0.648913
        assert set(period["by_subcategory"]) == {"11", "12", "21", "22"}

    def test_a_negative_value_is_refused_with_a_problem_in_both_languages(
        self, anonymous_client: TestClient
    ) -> None:
        body = {"factors": ["a", "b"], "data": {"2019": {"s": [1, -1]}, "2020": {"s": [1, 1]}}}
        response = anonymous_client.post("/api/v1/analysis/lmdi", json=body)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["code"] == "analysis.invalid_input"
        assert "负" in problem["message_zh"] and "2019" in problem["message_zh"]
        assert "negative" in problem["message_en"]

    def test_a_body_without_data_is_refused(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.post("/api/v1/analysis/lmdi", json={"factors": ["a"]})
        assert response.status_code == 422
        assert response.json()["code"] == "analysis.invalid_input"

    def test_the_public_tool_stores_nothing(self, app_client: TestClient, row_counts: Any) -> None:
        before = row_counts()
        assert app_client.post("/api/v1/analysis/lmdi", json=BODY).status_code == 200
        assert row_counts() == before

    def test_a_client_past_the_limit_is_told_to_wait(self, anonymous_client: TestClient) -> None:
        from shuangtan.ratelimit import WindowCounter

        app: Any = anonymous_client.app
        app.state.public_rate_limiter = WindowCounter(2, clock=lambda: 600.0)
        statuses = [
            anonymous_client.post("/api/v1/analysis/lmdi", json=BODY).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 429]
