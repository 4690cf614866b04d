"""The years a page offers come from the data, not from the code (issue 11: honest part-years).

The small demo city (60 enterprises) is loaded as ``shuangtan demo`` would load it on
4 December 2026 (:class:`~shuangtan.demodata.clock.DemoClock`): the last complete month is
November 2026, so the monthly reports run from January 2020 to November 2026 and 2026 is the
year in progress; the annual statistics (inventory, plan indicators) run to 2025, the last
complete year. Each entity lags 0–4 months behind November: a month is verified when it lies
lag + 2 or more months back, so at most January–September 2026 is verified (lag 0), and the
enterprise's own entity (lag 1) at most January–August. Re-checks are drawn in May of the year
after: by November 2026 those of 2025 are drawn and still pending, those of 2021–2024 decided.

Pages that were written with 2020–2025 in their code must show 2026 with its months, and open
on the latest year with data; the verifiers' page opens on the latest year whose re-checks are
decided (2024) and says why. The same holds at the tests' reference date (the last complete
month December 2025): the verifiers' page opens on 2023 (2024's re-checks pending).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from testkit import World

LATER_TODAY = date(2026, 12, 4)


def later_demo(session: Session) -> dict[str, Any]:
    """The small demo city as loaded on :data:`LATER_TODAY`; ``logins`` its passwords."""
    return testkit.small_demo_on(session, LATER_TODAY)


@pytest.fixture(scope="module")
def later(module_worlds: Any) -> Iterator[World]:
    """The later demo; the app's clock on the same day (09:00 in Beijing)."""
    with module_worlds(later_demo) as made:
        made.app.state.clock = lambda: datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
        yield made


@pytest.fixture(scope="module")
def reference(module_worlds: Any) -> Iterator[World]:
    """The small demo at the tests' reference date (last complete month December 2025), the
    app's clock on that day."""
    with module_worlds(testkit.small_demo) as made:
        made.app.state.clock = lambda: datetime(2026, 1, 10, 1, 0, tzinfo=UTC)
        yield made


def _options(html: str) -> tuple[list[int], int | None]:
    """The year select's options and the selected one."""
    select = re.search(r'<select name="year"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, "no year select on the page"
    options = re.findall(r'<option value="(\d+)"( selected)?', select.group(1))
    chosen = [int(y) for y, mark in options if mark]
    return [int(y) for y, _ in options], (chosen[0] if chosen else None)


def _testid(html: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}"[^>]*>(.*?)</', html, re.S)
    assert match is not None, f"no {name} on the page"
    return re.sub(r"\s+", " ", match.group(1)).strip()


def _chart(html: str, name: str) -> dict[str, Any]:
    match = re.search(rf"data-testid=\"{name}\" data-chart='([^']*)'", html)
    assert match is not None, f"no {name} on the page"
    return dict(json.loads(match.group(1).replace("&#39;", "'").replace("&#34;", '"')))


class TestTheYearInProgress:
    def test_the_account_page_offers_2026_and_opens_on_it_with_its_months(
        self, later: World
    ) -> None:
        later.web_login("enterprise")
        html = later.client.get("/accounts/entities/1").text
        years, chosen = _options(html)
        assert years == [2020, 2021, 2022, 2023, 2024, 2025, 2026]  # reports 2020-01..2026-11
        assert chosen == 2026
        period = _testid(html, "account-period")
        match = re.fullmatch(r"2026年1–(\d)月", period)
        assert match is not None, period
        assert 1 <= int(match.group(1)) <= 8  # lag 1: August is the newest month verified
        assert "部分年度" in _testid(html, "part-year-note")

    def test_the_entity_list_opens_on_2026_labelled_with_its_months(self, later: World) -> None:
        later.web_login("official")
        html = later.client.get("/accounts/entities").text
        heading = _testid(html, "entities-period")
        assert re.search(r"2026年1–[1-9]月", heading), heading

    @pytest.mark.parametrize("role", ["official", "anonymous"])
    def test_the_dashboard_trend_runs_to_2026_as_a_part_year(self, later: World, role: str) -> None:
        later.client.cookies.clear()
        if role != "anonymous":
            later.web_login(role)
        html = later.client.get("/dashboard").text
        axis = _chart(html, "trend-chart")["xAxis"]["data"]
        assert axis[:6] == ["2020", "2021", "2022", "2023", "2024", "2025"]
        assert re.fullmatch(r"2026\n1–[1-9]月", axis[6]), axis  # at most Jan–Sep verified
        assert len(axis) == 7
        assert "2020–2026年趋势" in html
        years, chosen = _options(html)
        # it opens on the inventory's latest year (statistics to 2025), 2026 is offered
        assert years[-1] == 2026 and chosen == 2025
        assert 'data-year="2026"' in html  # the part-year note beside the trend
        # the peak pathways: observed to the inventory's last year (2025), projected after it
        pathway = _chart(html, "pathway-chart")
        assert pathway["xAxis"]["data"][:7] == [str(y) for y in range(2020, 2027)]
        assert "2025年及以前为清单观测的二氧化碳排放,其后为自2025年起的卡亚恒等式预测" in html

    def test_the_verifiers_page_opens_on_the_latest_decided_year_and_says_why(
        self, later: World
    ) -> None:
        later.web_login("official")
        html = later.client.get("/accounts/verifiers").text
        years, chosen = _options(html)
        assert chosen == 2024  # 2025's re-checks drawn in May 2026, still pending
        assert years == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
        assert "显示2024年:最近一个复查已有结论的年份" in _testid(html, "year-note")
        # the draws are for the newest year with reports, not the records' year
        draw = re.search(r'data-testid="draw-year">(.*?)</select>', html, re.S)
        assert draw is not None
        assert re.findall(r'<option value="(\d+)" selected', draw.group(1)) == ["2026"]
        pending = later.client.get("/accounts/verifiers?year=2025").text
        assert "2025年的复查尚无结论" in _testid(pending, "year-note")
        current = later.client.get("/accounts/verifiers?year=2026&lang=en").text
        assert "2026 is a part year" in _testid(current, "year-note")
        assert re.fullmatch(
            r"2026 Jan–(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep)", _testid(current, "records-period")
        )

    def test_the_plan_pages_open_on_the_latest_year_of_statistics(self, later: World) -> None:
        later.web_login("official")
        response = later.client.get("/targets", follow_redirects=False)
        assert response.headers["location"] == "/targets/2025"  # statistics to 2025
        links = re.search(
            r'data-testid="years">(.*?)</nav>', later.client.get("/targets/2025").text, re.S
        )
        assert links is not None
        offered = re.sub(r"<[^>]+>", "", links.group(1)).split(" · ")
        years = [y.strip() for y in offered if y.strip().isdigit()]
        assert years == ["2021", "2022", "2023", "2024", "2025"]  # the plan's period


class TestTheReferenceDate:
    def test_the_verifiers_page_opens_on_2023(self, reference: World) -> None:
        reference.web_login("official")
        html = reference.client.get("/accounts/verifiers").text
        _, chosen = _options(html)
        assert chosen == 2023  # December 2025: 2024's re-checks drawn, pending
        assert "显示2023年" in _testid(html, "year-note")

    def test_the_account_page_opens_on_2025_and_offers_the_new_year(self, reference: World) -> None:
        reference.web_login("enterprise")
        html = reference.client.get("/accounts/entities/1").text
        years, chosen = _options(html)
        assert chosen == 2025  # the latest year with reports
        # 2026 holds no report yet, but its January is due from the enterprise
        assert years == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
