"""Officials see overdue monthly reports by county, each within its own scope."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shuangtan.app import create_app
from shuangtan.config import Settings
from shuangtan.db import make_engine, make_session_factory, session_scope


def _expected_overdue_months(today: date) -> int:
    """Months from January of last year whose last day + 40 days is before today (by hand)."""
    count, year, month = 0, today.year - 1, 1
    while True:
        due = date(year, month, calendar.monthrange(year, month)[1]) + timedelta(days=40)
        if due >= today:
            return count
        count += 1
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)


@pytest.fixture
def client(migrated_url: str, tmp_path: Path) -> tuple[TestClient, dict[str, str]]:
    from shuangtan.accounts import service
    from shuangtan.accounts.models import EntityKind
    from shuangtan.accounts.schemas import EntityCreate
    from shuangtan.auth.models import User
    from shuangtan.auth.service import principal_of
    from shuangtan.demo import load_demo

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        result = load_demo(session=session)
        admin = principal_of(session.scalars(select(User).where(User.username == "admin")).one())
        for name, county in (("嘉善示范机关", "330421"), ("南湖示范机关", "330402")):
            service.create_entity(
                session=session,
                actor=admin,
                data=EntityCreate(kind=EntityKind.public_building, name=name, county_code=county),
            )
    engine.dispose()
    app = create_app(Settings(database_url=migrated_url, secret_key="t", var_dir=tmp_path))
    return TestClient(app), {u: p for u, p, _ in result.logins}


def _log_in(client: TestClient, logins: dict[str, str], username: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post(
        "/login",
        data={"username": username, "password": logins[username], "csrf_token": token.group(1)},
    )


class TestOverduePage:
    def test_a_county_official_sees_only_its_county(
        self, client: tuple[TestClient, dict[str, str]]
    ) -> None:
        http, logins = client
        _log_in(http, logins, "official_jiashan")
        page = http.get("/accounts/overdue").text
        months = _expected_overdue_months(date.today())
        assert 'data-testid="overdue-330421"' in page
        assert 'data-testid="overdue-330402"' not in page
        assert f"逾期 {months} 个月次" in page

    def test_the_city_official_sees_every_county(
        self, client: tuple[TestClient, dict[str, str]]
    ) -> None:
        http, logins = client
        _log_in(http, logins, "official")
        page = http.get("/accounts/overdue").text
        assert 'data-testid="overdue-330421"' in page
        assert 'data-testid="overdue-330402"' in page

    def test_a_resident_is_refused(self, client: tuple[TestClient, dict[str, str]]) -> None:
        http, logins = client
        _log_in(http, logins, "resident")
        assert http.get("/accounts/overdue").status_code == 403


class TestVerifierRecordsPage:
    def test_an_official_sees_the_records_and_a_resident_is_refused(
        self, client: tuple[TestClient, dict[str, str]]
    ) -> None:
        http, logins = client
        _log_in(http, logins, "official")
        page = http.get("/accounts/verifiers?year=2025")
        assert page.status_code == 200
        assert "核查机构" in page.text and 'data-testid="verifier-records"' in page.text
        http.post("/logout", data={"csrf_token": _token(http)})
        _log_in(http, logins, "resident")
        assert http.get("/accounts/verifiers").status_code == 403


def _token(http: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/").text)
    assert found
    return found.group(1)


class TestDrawsPage:
    def test_an_official_draws_verifiers_and_the_same_seed_draws_nothing_new(
        self, client: tuple[TestClient, dict[str, str]], migrated_url: str
    ) -> None:
        from shuangtan.accounts.models import VerifierAssignment, VerifierBody

        engine = make_engine(migrated_url)
        with session_scope(make_session_factory(engine)) as session:
            session.add(VerifierBody(name="浙江甲碳核查技术有限公司", is_active=True))
        http, logins = client
        _log_in(http, logins, "official")
        form = {"what": "verifiers", "year": "2025", "seed": "7", "csrf_token": _token(http)}
        first = http.post("/accounts/verifiers/draw", data=form)
        assert first.status_code == 200
        # two entities in scope (the fixture's), one eligible body: both get it
        assert "为 2 个主体年度分配了核查机构" in first.text
        again = http.post("/accounts/verifiers/draw", data=form)
        assert "为 0 个主体年度分配了核查机构" in again.text  # already assigned: nothing new
        with session_scope(make_session_factory(engine)) as session:
            assert len(session.scalars(select(VerifierAssignment)).all()) == 2
        engine.dispose()

    def test_a_resident_may_not_draw(self, client: tuple[TestClient, dict[str, str]]) -> None:
        http, logins = client
        _log_in(http, logins, "resident")
        form = {"what": "rechecks", "year": "2025", "seed": "7", "csrf_token": _token(http)}
        assert http.post("/accounts/verifiers/draw", data=form).status_code == 403
