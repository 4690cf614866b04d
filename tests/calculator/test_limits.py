"""The public calculator's limits (issue 9, point 7): the attack sent 110,000 lines (9.7 MB,
6.7 s, +600 MB). The door refuses such a body by its size (413, tests/test_protection.py);
a document under the size cap may hold at most 2,000 lines (the core's ``MAX_LINES``), in the
API and on the page alike, refused before any line is computed.
"""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi.testclient import TestClient

import testkit
from shuangtan.calculator.schemas import EXAMPLE_DOCUMENT

CALCULATE = "/api/v1/accounting/calculate"
LINE = {"id": "x", "activity": "purchased_electricity", "quantity": 1, "unit": "MWh"}
LIMIT = 2000


def _document(lines: int) -> dict[str, Any]:
    return {**EXAMPLE_DOCUMENT, "lines": [{**LINE, "id": str(i)} for i in range(lines)]}


class TestLineLimit:
    def test_2001_lines_are_refused_whole_in_chinese_and_english(
        self, anonymous_client: TestClient
    ) -> None:
        body = json.dumps(_document(LIMIT + 1))
        assert len(body) < 1024 * 1024  # under the door's cap: the calculator itself refuses
        began = time.perf_counter()
        response = anonymous_client.post(
            CALCULATE, content=body, headers={"content-type": "application/json"}
        )
        seconds = time.perf_counter() - began
        assert response.status_code == 422, response.text
        problem = response.json()
        (error,) = problem["errors"]
        assert error["code"] == "accounting.too_many_lines"
        assert "2000" in error["message_zh"] and "2001" in error["message_en"]
        assert seconds < 5  # nothing was computed

    def test_2000_lines_are_computed(self, anonymous_client: TestClient) -> None:
        response = anonymous_client.post(CALCULATE, json=_document(LIMIT))
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["lines"]) == LIMIT
        # 2,000 × 1 MWh at Zhejiang's 2023 grid factor 0.4974 tCO2/MWh (MEE & NBS 2025 No. 47)
        assert abs(body["total_tco2e"] - 2000 * 0.4974) < 1e-6

    def test_the_page_refuses_a_form_of_more_than_a_thousand_fields(
        self, anonymous_client: TestClient
    ) -> None:
        """The page's form has five fields a line: its parser takes 1,000 fields (199 lines
        and the form's own), so 2,001 lines never reach the calculator."""
        token = testkit.csrf(anonymous_client, "/calculator")
        rows = LIMIT + 1
        form = {
            "csrf_token": token,
            "year": "2023",
            "region": "CN-ZJ",
            "factor_set": "cn-default",
            "gwp": "AR5",
            "line_id": [str(i) for i in range(rows)],
            "activity": ["purchased_electricity"] * rows,
            "item": [""] * rows,
            "quantity": ["1"] * rows,
            "unit": ["MWh"] * rows,
        }
        response = anonymous_client.post("/calculator", data=form)
        assert response.status_code == 400
        problem = response.json()
        assert problem["message_zh"] and "1000" in problem["message_en"]
