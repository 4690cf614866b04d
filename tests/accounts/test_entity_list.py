"""The entity list page (/accounts/entities) and its Excel export: names beside codes, the
latest report's state, search, filters, orders, pages with a total, and the caller's scope
(on SQLite and PostgreSQL).

The world, in the order the entities are registered (ids ascending):

    Bravo纺织    南湖区 330402  C17 纺织业  industrial  2024: 300 t, 100 tce  1 verified 2 submitted
    Alpha纺织    嘉善县 330421  C17 纺织业  industrial  2024: 500 t, 200 tce  report 3 draft
    Delta化工    嘉善县 330421  C26 化学    industrial  no account, no report
    Charlie医院  南湖区 330402  —          building    2024:  50 t,  20 tce  no report

So the city lists 4; by verified emissions 500, 300, 50, then none: Alpha, Bravo, Charlie,
Delta; the export's total row is 300 + 500 + 50 = 850 t and 100 + 200 + 20 = 320 tce; the
嘉善县 official lists Alpha and Delta only, total 500 t and 200 tce.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts.models import ActivityReport, AnnualAccount, Entity
from testkit import World

ENTITIES = (
    (
        "Bravo纺织",
        "330402",
        "C17",
        "industrial",
        ("300", "100"),
        ((1, "verified"), (2, "submitted")),
    ),
    ("Alpha纺织", "330421", "C17", "industrial", ("500", "200"), ((3, "draft"),)),
    ("Delta化工", "330421", "C26", "industrial", None, ()),
    ("Charlie医院", "330402", None, "public_building", ("50", "20"), ()),
)


def seed(session: Session) -> dict[str, Any]:
    testkit.city(session)
    ids = {}
    for number, (name, county, industry, kind, account, reports) in enumerate(ENTITIES, 1):
        entity = Entity(
            kind=kind,
            name=name,
            uscc=f"91330400MA{number:08d}",
            county_code=county,
            industry_code=industry,
        )
        session.add(entity)
        session.flush()
        ids[name] = entity.id
        if account is not None:
            tco2e, tce = (Decimal(v) for v in account)
            session.add(
                AnnualAccount(
                    entity_id=entity.id,
                    year=2024,
                    months_verified=1,
                    tco2e=tco2e,
                    scope1_tco2e=tco2e,
                    scope2_tco2e=Decimal(0),
                    energy_tce=tce,
                    reported_tco2e=tco2e,
                )
            )
        for month, status in reports:
            session.add(ActivityReport(entity_id=entity.id, year=2024, month=month, status=status))
    session.flush()
    testkit.make_users(
        session, [("city", "official", "330400", None), ("jiashan", "official", "330421", None)]
    )
    return {"ids": ids}


@pytest.fixture(scope="module")
def listed(module_worlds: Any) -> Iterator[World]:
    with module_worlds(seed) as world:
        yield world


def _names(html: str) -> list[str]:
    table = html[html.index('data-testid="entities"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<a href="/accounts/entities/\d+\?year=2024">([^<]+)</a>', table)


def _total(html: str) -> str:
    found = re.search(r'data-testid="entities-total">([^<]+)<', html)
    assert found is not None
    return found.group(1)


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


class TestPage:
    def test_rows_carry_names_beside_codes_and_the_latest_report(self, listed: World) -> None:
        listed.web_login("city")
        html = listed.client.get("/accounts/entities?year=2024").text
        assert _names(html) == ["Bravo纺织", "Alpha纺织", "Delta化工", "Charlie医院"]
        assert _total(html) == "共 4 家排放主体"
        assert '纺织业 <span class="muted">(C17)</span>' in html
        assert "南湖区" in html and "嘉善县" in html
        states = re.findall(
            r'data-testid="latest-report">([^<]*)<span[^>]*data-status="(\w+)"', html
        )
        assert states == [("2月 ", "submitted"), ("3月 ", "draft")]
        assert html.count("未填报") == 2  # Delta and Charlie have no report of 2024

    def test_a_part_year_says_its_months(self, listed: World) -> None:
        """2024's accounts each hold one verified month (January: Bravo's verified report,
        Alpha's and Charlie's accounts of one month), so the column says 2024年1月 and each
        total says it is one month, not a year."""
        listed.web_login("city")
        html = listed.client.get("/accounts/entities?year=2024").text
        header = re.search(r'data-testid="entities-period">([^<]*)<', html)
        assert header is not None and header.group(1) == "核查值 tCO2e 2024年1月"
        months = re.findall(r'data-testid="months-verified">([^<]*)<', html)
        assert months == ["(1/12个月)"] * 3  # Bravo, Alpha, Charlie; Delta has no account
        english = listed.client.get("/accounts/entities?year=2024&lang=en").text
        assert 'data-testid="entities-period">Verified tCO2e 2024 Jan<' in english
        assert 'data-testid="months-verified">(1 of 12 months)<' in english

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("county=330421", ["Alpha纺织", "Delta化工"]),
            ("industry=C17", ["Bravo纺织", "Alpha纺织"]),
            ("kind=public_building", ["Charlie医院"]),
            ("q=化工", ["Delta化工"]),
            ("q=91330400ma00000004", ["Charlie医院"]),
            ("sort=name", ["Alpha纺织", "Bravo纺织", "Charlie医院", "Delta化工"]),
            ("sort=-tco2e", ["Alpha纺织", "Bravo纺织", "Charlie医院", "Delta化工"]),
            ("sort=county", ["Bravo纺织", "Charlie医院", "Alpha纺织", "Delta化工"]),
        ],
    )
    def test_search_filters_and_orders(
        self, listed: World, query: str, expected: list[str]
    ) -> None:
        listed.web_login("city")
        html = listed.client.get(f"/accounts/entities?year=2024&{query}").text
        assert _names(html) == expected
        assert _total(html) == f"共 {len(expected)} 家排放主体"

    def test_pages_hold_the_rest_and_number_themselves(self, listed: World) -> None:
        listed.web_login("city")
        html = listed.client.get("/accounts/entities?year=2024&page_size=3&page=2").text
        assert _names(html) == ["Charlie医院"]
        assert "第 2 / 2 页,共 4 条" in html
        assert 'aria-current="page">2<' in html and "page=1" in html

    def test_a_county_official_lists_only_its_county(self, listed: World) -> None:
        listed.web_login("jiashan")
        html = listed.client.get("/accounts/entities?year=2024").text
        assert _names(html) == ["Alpha纺织", "Delta化工"]
        other = listed.client.get("/accounts/entities?year=2024&county=330402").text
        assert _names(other) == []

    def test_an_unknown_order_is_refused(self, listed: World) -> None:
        listed.web_login("city")
        assert listed.client.get("/accounts/entities?sort=evil").status_code == 422


class TestExport:
    def test_every_listed_row_with_names_and_a_total(self, listed: World) -> None:
        listed.web_login("city")
        response = listed.client.get("/accounts/entities.xlsx?year=2024&page_size=1")
        assert response.status_code == 200
        assert 'filename="entities-2024.xlsx"' in response.headers["content-disposition"]
        rows = _sheet(response.content)
        assert rows[0][:3] == ("名称", "统一社会信用代码", "类型")
        assert rows[1][:3] == ("Name", "Credit code", "Kind")
        assert rows[2:6] == [
            (
                "Bravo纺织",
                "91330400MA00000001",
                "工业企业",
                "330402",
                "南湖区",
                "C17",
                "纺织业",
                300.0,
                100.0,
                2,
                "已提交",
                1,  # the account holds one verified month
            ),
            (
                "Alpha纺织",
                "91330400MA00000002",
                "工业企业",
                "330421",
                "嘉善县",
                "C17",
                "纺织业",
                500.0,
                200.0,
                3,
                "草稿",
                1,
            ),
            (
                "Delta化工",
                "91330400MA00000003",
                "工业企业",
                "330421",
                "嘉善县",
                "C26",
                rows[4][6],
                None,
                None,
                None,
                "未填报",
                None,
            ),
            (
                "Charlie医院",
                "91330400MA00000004",
                "公共机构/公共建筑",
                "330402",
                "南湖区",
                None,
                None,
                50.0,
                20.0,
                None,
                "未填报",
                1,
            ),
        ]
        assert rows[4][6] and rows[4][6] != "C26"  # C26's Chinese name, whatever its wording
        assert rows[6][0] == "合计 Total" and rows[6][7:9] == (850.0, 320.0)

    def test_a_county_official_exports_only_its_county(self, listed: World) -> None:
        listed.web_login("jiashan")
        rows = _sheet(listed.client.get("/accounts/entities.xlsx?year=2024").content)
        assert [row[0] for row in rows[2:-1]] == ["Alpha纺织", "Delta化工"]
        assert rows[-1][7:9] == (500.0, 200.0)

    def test_the_export_follows_the_filters(self, listed: World) -> None:
        listed.web_login("city")
        rows = _sheet(listed.client.get("/accounts/entities.xlsx?year=2024&kind=farm").content)
        assert rows[2:] == [("合计 Total", *[None] * 6, 0, 0, None, None, None)]
