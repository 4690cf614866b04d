"""The D-class list officials work from: search, filters, order, total and the Excel export,
scoped like the page (on SQLite and PostgreSQL).

The world (conftest ``seed_world``): three textile firms (C17 纺织业) per county; firm c of each
county has tax per mu 1 / 100 = 0.01 and scores 32.1071 → D, so the city's D-class list is
nanhu纺织c (南湖区 330402) and jiashan纺织c (嘉善县 330421); value added per mu 100 / 100 = 1,
energy per value added 50 / 100 = 0.5 tce, carbon per value added 140 / 100 = 1.4 tCO2e.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from shuangtan.accounts.models import Entity

from .conftest import GradingWorld


def _names(html: str) -> list[str]:
    table = html[html.index('data-testid="d-class-list"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<a href="/grading/entities/\d+">([^<]+)</a>', table)


def _total(html: str) -> str:
    found = re.search(r'data-testid="d-class-total">([^<]+)<', html)
    assert found is not None
    return found.group(1)


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _uscc(world: GradingWorld, key: str) -> str:
    with world.session() as session:
        entity = session.get(Entity, world.ids[key])
        assert entity is not None and entity.uscc is not None
        return entity.uscc


class TestPage:
    def test_the_city_sees_both_counties_with_the_total_and_industry_names(
        self, shared_world: GradingWorld
    ) -> None:
        shared_world.web_login("city")
        html = shared_world.client.get("/grading/2024").text
        # default order: county code, then score: 330402 南湖区 before 330421 嘉善县
        assert _names(html) == ["nanhu纺织c", "jiashan纺织c"]
        assert _total(html) == "2 家D类企业"
        assert '纺织业 <span class="muted">(C17)</span>' in html

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("county_code=330421", ["jiashan纺织c"]),
            ("q=nanhu", ["nanhu纺织c"]),
            ("q=纺织", ["nanhu纺织c", "jiashan纺织c"]),
            ("q=nothing", []),
            ("industry=C17", ["nanhu纺织c", "jiashan纺织c"]),
            ("industry=C26", []),
            ("sort=name", ["jiashan纺织c", "nanhu纺织c"]),
        ],
    )
    def test_search_filters_and_order(
        self, shared_world: GradingWorld, query: str, expected: list[str]
    ) -> None:
        shared_world.web_login("city")
        html = shared_world.client.get(f"/grading/2024?{query}").text
        assert _names(html) == expected
        assert _total(html) == f"{len(expected)} 家D类企业"

    def test_the_credit_code_finds_its_firm(self, shared_world: GradingWorld) -> None:
        uscc = _uscc(shared_world, "jiashan_c")
        shared_world.web_login("city")
        html = shared_world.client.get(f"/grading/2024?q={uscc.lower()}").text
        assert _names(html) == ["jiashan纺织c"]

    def test_an_unknown_order_is_refused(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("city")
        assert shared_world.client.get("/grading/2024?sort=evil").status_code == 422


class TestExport:
    def test_the_workbook_holds_the_listed_rows_with_both_headers(
        self, shared_world: GradingWorld
    ) -> None:
        shared_world.web_login("city")
        response = shared_world.client.get("/grading/2024/d-class.xlsx")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        assert 'filename="d-class-2024.xlsx"' in response.headers["content-disposition"]
        rows = _sheet(response.content)
        assert rows[0][:3] == ("区县代码", "区县", "企业名称")
        assert rows[1][:3] == ("County code", "County", "Enterprise")
        nanhu, jiashan = _uscc(shared_world, "nanhu_c"), _uscc(shared_world, "jiashan_c")
        assert rows[2:] == [
            (
                "330402",
                "南湖区",
                "nanhu纺织c",
                nanhu,
                "C17",
                "纺织业",
                32.1071,
                1.0,
                0.01,
                0.5,
                1.4,
            ),
            (
                "330421",
                "嘉善县",
                "jiashan纺织c",
                jiashan,
                "C17",
                "纺织业",
                32.1071,
                1.0,
                0.01,
                0.5,
                1.4,
            ),
        ]

    def test_it_follows_the_page_filters(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("city")
        content = shared_world.client.get("/grading/2024/d-class.xlsx?q=jiashan").content
        assert [row[2] for row in _sheet(content)[2:]] == ["jiashan纺织c"]

    def test_a_county_official_exports_only_its_county(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("jiashan")
        content = shared_world.client.get("/grading/2024/d-class.xlsx").content
        assert [row[:3] for row in _sheet(content)[2:]] == [("330421", "嘉善县", "jiashan纺织c")]
        other = shared_world.client.get("/grading/2024/d-class.xlsx?county_code=330402")
        assert other.status_code == 403

    def test_an_enterprise_is_refused(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("firm-a")
        assert shared_world.client.get("/grading/2024/d-class.xlsx").status_code == 403
