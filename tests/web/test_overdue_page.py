"""Officials see overdue monthly reports by county, each within its own scope."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import testkit
from testkit import World


def _expected_overdue_months(today: date) -> int:
    """Months from January of last year whose last day + 40 days is before today (by hand)."""
    count, year, month = 0, today.year - 1, 1
    while True:
        due = date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=40)
        if due >= today:
            return count
        count += 1
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


def seed_two_offices(session: Session) -> dict[str, Any]:
    """The demo and one public building (机关) in Jiashan and one in Nanhu, none reporting."""
    from shuangtan.accounts import service
    from shuangtan.accounts.models import EntityKind
    from shuangtan.accounts.schemas import EntityCreate
    from shuangtan.auth.models import User
    from shuangtan.auth.service import principal_of

    fields = testkit.demo(session)
    admin = principal_of(session.scalars(select(User).where(User.username == "admin")).one())
    for name, county in (("嘉善示范机关", "330421"), ("南湖示范机关", "330402")):
        service.create_entity(
            session=session,
            actor=admin,
            data=EntityCreate(kind=EntityKind.public_building, name=name, county_code=county),
        )
    return fields


@pytest.fixture
def world(worlds: Any) -> Iterator[World]:
    with worlds(seed_two_offices) as made:
        yield made


class TestOverduePage:
    def test_a_county_official_sees_only_its_county(self, world: World) -> None:
        http = world.client
        world.web_login("official_jiashan")
        page = http.get("/accounts/overdue").text
        months = _expected_overdue_months(date.today())
        assert 'data-testid="overdue-330421"' in page
        assert 'data-testid="overdue-330402"' not in page
        assert f"逾期 {months} 个月次" in page

    def test_the_city_official_sees_every_county(self, world: World) -> None:
        http = world.client
        world.web_login("official")
        page = http.get("/accounts/overdue").text
        assert 'data-testid="overdue-330421"' in page
        assert 'data-testid="overdue-330402"' in page

    def test_a_resident_is_refused(self, world: World) -> None:
        http = world.client
        world.web_login("resident")
        assert http.get("/accounts/overdue").status_code == 403


class TestVerifierRecordsPage:
    def test_an_official_sees_the_records_and_a_resident_is_refused(self, world: World) -> None:
        http = world.client
        world.web_login("official")
        page = http.get("/accounts/verifiers?year=2025")
        assert page.status_code == 200
        assert "核查机构" in page.text and 'data-testid="verifier-records"' in page.text
        http.post("/logout", data={"csrf_token": world.csrf()})
        world.web_login("resident")
        assert http.get("/accounts/verifiers").status_code == 403


class TestDrawsPage:
    def test_an_official_draws_verifiers_and_the_same_seed_draws_nothing_new(
        self, world: World
    ) -> None:
        from shuangtan.accounts.models import VerifierAssignment, VerifierBody

        with world.session() as session:
            session.add(VerifierBody(name="浙江甲碳核查技术有限公司", is_active=True))
        http = world.client
        world.web_login("official")
        form = {"what": "verifiers", "year": "2025", "seed": "7", "csrf_token": world.csrf()}
        first = http.post("/accounts/verifiers/draw", data=form)
        assert first.status_code == 200
        # two entities in scope (the fixture's), one eligible body: both get it
        assert "为 2 个主体年度分配了核查机构" in first.text
        again = http.post("/accounts/verifiers/draw", data=form)
        assert "为 0 个主体年度分配了核查机构" in again.text  # already assigned: nothing new
        with world.session() as session:
            assert len(session.scalars(select(VerifierAssignment)).all()) == 2

    def test_a_resident_may_not_draw(self, world: World) -> None:
        http = world.client
        world.web_login("resident")
        form = {"what": "rechecks", "year": "2025", "seed": "7", "csrf_token": world.csrf()}
        assert http.post("/accounts/verifiers/draw", data=form).status_code == 403
