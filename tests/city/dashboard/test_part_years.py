"""Part-years on the dashboard (部分年度): 2025 holds 1–8月 and is compared with 2024's 1–8月.

The world and every number below are derived by hand in ``part_year_world.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import query
from shuangtan.auth.roles import Role
from shuangtan.city.dashboard import charts, service
from shuangtan.city.dashboard.reader import TrendPoint
from testkit import World

from .conftest import principal
from .part_year_world import JIASHAN, NANHU, seed_part_year

EIGHT = (1, 2, 3, 4, 5, 6, 7, 8)


def _point(trend: list[TrendPoint], year: int) -> TrendPoint:
    return next(p for p in trend if p.year == year)


def _pct(value: Decimal | None) -> float:
    assert value is not None
    return round(float(value), 3)


@pytest.fixture
def part_year(session: Session) -> dict[str, int]:
    return dict(seed_part_year(session)["ids"])


class TestCoverage:
    def test_2025_holds_months_1_to_8_and_2024_all_twelve(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        # months 1–6: 8 of 8 entities; 7–8: 7 of 8; 9: 1 of 8 (half is 4)
        coverage = query.year_coverage(session, 2025)
        assert (coverage.entities, coverage.months, coverage.complete) == (8, EIGHT, False)
        assert query.year_coverage(session, 2024).complete
        # in 嘉善 alone: 1–6 by 4 of 4, 7–8 by 3 of 4
        assert query.year_coverage(session, 2025, county_codes=[JIASHAN]).months == EIGHT
        assert query.year_coverage(session, 2019).months == ()

    def test_an_entitys_own_months(self, session: Session, part_year: dict[str, int]) -> None:
        months = query.verified_months(session, part_year[f"{JIASHAN}-4"])
        assert months == {2024: tuple(range(1, 13)), 2025: (1, 2, 3, 4, 5, 6)}

    def test_months_are_written_as_runs(self) -> None:
        assert query.months_text(EIGHT, zh=True) == "1–8月"
        assert query.months_text((1, 2, 3, 5, 7, 8), zh=True) == "1–3、5、7–8月"
        assert query.months_text(EIGHT, zh=False) == "Jan–Aug"
        assert query.months_text((), zh=True) == ""

    def test_a_period_is_the_year_and_its_months_only_when_part_of_a_year(self) -> None:
        assert query.period_text(2025, EIGHT, zh=True) == "2025年1–8月"
        assert query.period_text(2025, EIGHT, zh=False) == "2025 Jan–Aug"
        assert query.period_text(2024, tuple(range(1, 13)), zh=True) == "2024"
        assert query.period_text(2024, (), zh=False) == "2024"


class TestTrend:
    def test_the_city_compares_1_to_8_with_1_to_8(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        view = service.public_overview(session=session, year=2025)
        assert view.months == EIGHT
        point = _point(view.trend, 2025)
        assert point.months == EIGHT and not point.complete
        assert point.accounts is not None and point.accounts.tco2e == Decimal(1590)
        assert point.same_period_previous is not None
        assert point.same_period_previous.tco2e == Decimal(1760)
        # 1590 / 1760 − 1 = −9.659 % (not 1599 / 2640 − 1 = −39.4 %)
        assert _pct(point.change_pct) == -9.659
        full = _point(view.trend, 2024)
        assert full.complete and full.accounts is not None and full.accounts.tco2e == 2640
        assert full.same_period_previous is None and full.change_pct is None  # no 2023
        # the year's tables sum 1–8月 too: 南湖 720, 嘉善 870, city 1590
        counties = {c.code: c.accounts.tco2e for c in view.counties if c.accounts}
        assert counties == {NANHU: Decimal(720), JIASHAN: Decimal(870)}
        assert view.total is not None and view.total.tco2e == Decimal(1590)

    def test_a_county_compares_its_own_same_months(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        nanhu = _point(
            service.public_county_view(session=session, year=2025, county_code=NANHU).trend, 2025
        )
        assert nanhu.accounts is not None and nanhu.same_period_previous is not None
        assert (nanhu.accounts.tco2e, nanhu.same_period_previous.tco2e) == (720, 800)
        assert _pct(nanhu.change_pct) == -10.0
        jiashan = service.public_county_view(session=session, year=2025, county_code=JIASHAN)
        assert _pct(_point(jiashan.trend, 2025).change_pct) == -9.375

    def test_an_official_reads_the_same_like_for_like_change(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        view = service.official_overview(
            session=session, actor=principal(Role.official, county="330400"), year=2025
        )
        assert _pct(_point(view.trend, 2025).change_pct) == -9.659

    def test_the_chart_draws_the_part_year_apart_with_its_same_period(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        view = service.public_overview(session=session, year=2025)
        chart = charts.trend_chart(view.trend, lambda m: m, zh=True)
        assert chart["xAxis"]["data"][-1] == "2025\n1–8月"
        bars = {s["name"]: s["data"] for s in chart["series"] if s["type"] == "bar"}
        full = bars["Verified emissions of reporting entities (万吨二氧化碳当量)"]
        assert full[-1] is None and full[-2] == 0.26  # 2640 t; 2025 is not drawn as a year
        assert bars["Part year 2025 (1–8月)"][-1] == 0.16  # 1590 t
        assert bars["Same period of the previous year 2024 (1–8月)"][-2] == 0.18  # 1760 t


class TestRestOfTheYearProtected:
    def test_a_same_period_whose_rest_would_reveal_an_entity_is_withheld(
        self, session: Session, part_year: dict[str, int]
    ) -> None:
        # 2024's September–December of 嘉善 #2–#4 are removed: the rest of 2024 in 嘉善 is one
        # entity (#1), so 嘉善's 2024 total minus its 1–8月 would be that entity's four months.
        # 2024 stays complete (months 9–12: 4 + 1 = 5 of 8 entities ≥ half).
        from shuangtan.accounts import annual
        from shuangtan.accounts.models import ActivityReport

        for number in (2, 3, 4):
            for report in session.query(ActivityReport).filter(
                ActivityReport.entity_id == part_year[f"{JIASHAN}-{number}"],
                ActivityReport.year == 2024,
                ActivityReport.month > 8,
            ):
                session.delete(report)
        session.flush()
        annual.recompute_year(session=session, year=2024)
        assert query.year_coverage(session, 2024).complete
        public = _point(service.public_overview(session=session, year=2025).trend, 2025)
        assert public.same_period_previous is not None
        assert public.same_period_previous.suppressed is not None
        assert public.same_period_previous.tco2e is None and public.change_pct is None
        # a city official sees everything: 1590 / 1760 − 1 as before
        official = service.official_overview(
            session=session, actor=principal(Role.official, county="330400"), year=2025
        )
        assert _pct(_point(official.trend, 2025).change_pct) == -9.659


@pytest.fixture
def api(worlds: Any) -> Iterator[World]:
    with worlds(seed_part_year) as made:
        yield made


class TestApi:
    def test_the_public_api_says_which_months_a_year_holds(self, api: World) -> None:
        body = api.client.get("/api/v1/dashboard/public/2025").json()
        assert body["months"] == list(EIGHT)
        trend = {t["year"]: t for t in body["trend"]}
        assert trend[2025]["months"] == list(EIGHT)
        assert trend[2024]["months"] == list(range(1, 13))
        assert float(trend[2025]["accounts"]["tco2e"]) == 1590
        assert float(trend[2025]["same_period_previous"]["tco2e"]) == 1760
        assert round(float(trend[2025]["change_pct"]), 3) == -9.659
        county = api.client.get(f"/api/v1/dashboard/public/2025/counties/{NANHU}").json()
        assert county["months"] == list(EIGHT)
        industry = api.client.get(
            f"/api/v1/dashboard/public/2025/counties/{NANHU}/industries/C17"
        ).json()
        assert industry["months"] == list(EIGHT)
        assert industry["trend_months"][-2:] == [list(range(1, 13)), list(EIGHT)]

    def test_the_page_says_part_year_and_same_period(self, api: World) -> None:
        text = api.client.get("/dashboard?year=2025").text
        assert "2025年的核查账户目前只含1–8月(部分年度)" in text
        assert "部分年度 2025年1–8月" in text and "上年同期 2024年1–8月" in text
        assert "9.7%" in text  # ▼ 9.659 % to one decimal
        english = api.client.get("/dashboard?year=2025&lang=en").text
        assert "Part year 2025 Jan–Aug" in english
        county = api.client.get(f"/dashboard/county/{NANHU}?year=2025&lang=zh-CN").text
        assert "部分年度 2025年1–8月" in county and "10.0%" in county  # 720 / 800 − 1
        industry = api.client.get(f"/dashboard/county/{NANHU}/industry/C17?year=2025").text
        assert '<th class="num">2025年1–8月</th>' in industry
        assert '<th class="num">2024</th>' in industry
