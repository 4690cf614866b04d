"""The home page: each role lands on its own work (issue 11, "Landing where the work is").

A hand-built world (on SQLite and PostgreSQL), "today" 1 June 2026 by the app's clock:

- entities: A and B in 嘉善县 (330421), C in 南湖区 (330402);
- A's reports: 2025-01 submitted (flagged), 2025-02 under verification, 2025-03 drawn for
  re-check (flagged: a flag on a report no longer waiting does not count), 2026-04 draft,
  2026-05 returned; B: none; C: 2025-01 submitted (flagged), 2025-02 re-check, 2025-03
  returned.

The counts, by hand:

- waiting for verification (submitted, under verification): 嘉善 A01, A02 = 2; 南湖 C01 = 1;
  the city 3. Waiting for re-check: 嘉善 A03 = 1, 南湖 C02 = 1, the city 2. Flagged and
  waiting: 嘉善 A01 = 1, 南湖 C01 = 1, the city 2.
- overdue months (deadlines: since January of last year, due 40 days after month end,
  overdue when the due date is before today; a draft or a returned report is still due):
  2025-01 … 2026-03 are overdue on 2026-06-01 (March's due date is 10 May; April's, 9 June,
  is not yet), 15 months. A has 2025-01/02/03 done → 12; B → 15; C has 2025-01/02 done,
  2025-03 returned → 13. 嘉善 27 months of 2 entities, 南湖 13 of 1, the city 40 of 3.
- A's due months: every month 2025-01 … 2026-05 that has ended (17), less 2025-01/02/03 → 14,
  of which the 12 with a due date before 2026-06-01 (2025-04 … 2026-03) are overdue; the
  returned one: 2026-05.
- plan indicators in 2025 (the last complete year): 规上工业绿色工厂 (green_factories, target
  300 in 2025, no baseline) 290 in 2024 and 295 in 2025: 295 / 300 = 98.3 % (or the straight
  line through both read at 2025: 295) → between 90 % and 100 % → at risk; 嘉善县率先达峰
  (jiashan_peak, target 1 in 2025) 0 in 2025 → completion 0 % → off track (the rules of
  docs/targets.md); nothing else has a value → not assessed. So 1 off track, 1 at risk.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts import worklist
from shuangtan.accounts.models import ActivityReport, AnomalyFlag, Entity
from shuangtan.auth.service import principal_of
from shuangtan.city.targets import service as targets_service
from shuangtan.kit.beijing import today_in_beijing
from testkit import World

CITY = "330400"
JIASHAN = "330421"
NANHU = "330402"
TODAY = date(2026, 6, 1)
NOON = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


def _entity(session: Session, name: str, county: str, number: int) -> Entity:
    entity = Entity(
        kind="industrial",
        name=name,
        uscc=f"TESTHOME{number:010d}",
        county_code=county,
        industry_code="C17",
        is_active=True,
    )
    session.add(entity)
    session.flush()
    return entity


def _report(
    session: Session, entity: Entity, year: int, month: int, status: str, *, flag: bool = False
) -> None:
    report = ActivityReport(entity_id=entity.id, year=year, month=month, status=status)
    session.add(report)
    session.flush()
    if flag:
        session.add(
            AnomalyFlag(
                report_id=report.id,
                rule="mom_jump",
                score=3,
                reason_zh=f"本月排放为上月的3倍({entity.name})",
                reason_en=f"This month is 3 times last month ({entity.id})",
            )
        )
        session.flush()


def seed_home(session: Session) -> dict[str, Any]:
    """The hand-built world of the module docstring, its users and the plan values."""
    testkit.city(session)
    a = _entity(session, "嘉善甲纺织", JIASHAN, 1)
    b = _entity(session, "嘉善乙印染", JIASHAN, 2)
    c = _entity(session, "南湖丙造纸", NANHU, 3)
    _report(session, a, 2025, 1, "submitted", flag=True)
    _report(session, a, 2025, 2, "under_verification")
    _report(session, a, 2025, 3, "recheck", flag=True)
    _report(session, a, 2026, 4, "draft")
    _report(session, a, 2026, 5, "returned")
    _report(session, c, 2025, 1, "submitted", flag=True)
    _report(session, c, 2025, 2, "recheck")
    _report(session, c, 2025, 3, "returned")
    users = testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("firm", "enterprise", None, a.id),
            ("firm-b", "enterprise", None, b.id),
            ("verifier", "verifier", None, None),
            ("bank", "bank", None, None),
            ("admin", "admin", None, None),
            ("resident", "resident", None, None),
            ("ghost", "enterprise", None, 999),  # its entity is not registered
        ],
    )
    city = principal_of(users["city"])
    for indicator, year, value in (
        ("green_factories", 2024, 290),
        ("green_factories", 2025, 295),
        ("jiashan_peak", 2025, 0),
    ):
        targets_service.enter_value(
            session=session,
            actor=city,
            indicator_id=indicator,
            year=year,
            value=value,
            source_note="测试数据",
        )
    return {"ids": {name: user.id for name, user in users.items()} | {"a": a.id, "b": b.id}}


@pytest.fixture
def home_world(worlds: Any) -> Any:
    with worlds(seed_home) as world:
        world.app.state.clock = lambda: NOON
        yield world


def _principal(world: World, username: str) -> Any:
    from shuangtan.auth.service import get_principal

    with world.session() as session:
        return get_principal(session=session, user_id=world.ids[username])


class TestOfficialCounts:
    def test_the_city_official_counts_the_whole_city(self, home_world: World) -> None:
        with home_world.session() as session:
            work = worklist.official_work(
                session=session, actor=_principal(home_world, "city"), today=TODAY
            )
        assert (work.waiting_verification, work.waiting_recheck, work.flagged) == (3, 2, 2)
        assert (work.overdue_months, work.overdue_entities) == (40, 3)
        assert [(r.entity_name, r.year, r.month) for r in work.flagged_first] == [
            ("嘉善甲纺织", 2025, 1),
            ("南湖丙造纸", 2025, 1),
        ]

    def test_a_county_official_counts_only_its_county(self, home_world: World) -> None:
        with home_world.session() as session:
            work = worklist.official_work(
                session=session, actor=_principal(home_world, "jiashan"), today=TODAY
            )
        assert (work.waiting_verification, work.waiting_recheck, work.flagged) == (2, 1, 1)
        assert (work.overdue_months, work.overdue_entities) == (27, 2)
        assert [r.entity_name for r in work.flagged_first] == ["嘉善甲纺织"]

    def test_an_enterprise_has_no_official_summary(self, home_world: World) -> None:
        from shuangtan.errors import PermissionDenied

        with home_world.session() as session, pytest.raises(PermissionDenied):
            worklist.official_work(
                session=session, actor=_principal(home_world, "firm"), today=TODAY
            )

    def test_today_is_the_day_in_beijing(self) -> None:
        # 16:30 UTC on 31 May is 00:30 on 1 June in Beijing (UTC+8)
        assert today_in_beijing(datetime(2026, 5, 31, 16, 30, tzinfo=UTC)) == TODAY


class TestEnterpriseDue:
    def test_the_months_to_submit_and_the_returned_report(self, home_world: World) -> None:
        with home_world.session() as session:
            due = worklist.enterprise_due(
                session=session, actor=_principal(home_world, "firm"), today=TODAY
            )
        assert len(due.due) == 14 and due.overdue == 12
        assert (due.due[0].year, due.due[0].month) == (2025, 4)
        assert [(d.year, d.month, d.status) for d in due.returned] == [(2026, 5, "returned")]
        assert [(d.year, d.month, d.overdue) for d in due.due[-2:]] == [
            (2026, 4, False),
            (2026, 5, False),
        ]


def _login(world: World, username: str) -> str:
    """Log in through the form; where the login sends the browser."""
    world.client.cookies.clear()
    response = world.client.post(
        "/login",
        data={
            "username": username,
            "password": testkit.PASSWORD,
            "csrf_token": testkit.csrf(world.client, "/login"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _count(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">\s*<span class="count">([^<]+)', html)
    assert found is not None, testid
    return found[1].strip()


class TestLanding:
    @pytest.mark.parametrize(
        ("username", "target"),
        [("verifier", "/accounts/queue"), ("bank", "/finance"), ("city", "/"), ("firm", "/")],
    )
    def test_the_login_sends_each_role_to_its_work(
        self, home_world: World, username: str, target: str
    ) -> None:
        assert _login(home_world, username) == target

    def test_a_page_asked_for_wins_over_the_landing(self, home_world: World) -> None:
        home_world.client.cookies.clear()
        response = home_world.client.post(
            "/login",
            data={
                "username": "verifier",
                "password": testkit.PASSWORD,
                "next": "/calculator",
                "csrf_token": testkit.csrf(home_world.client, "/login"),
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == "/calculator"

    @pytest.mark.parametrize(
        ("username", "target"), [("verifier", "/accounts/queue"), ("bank", "/finance")]
    )
    def test_home_sends_a_verifier_and_a_bank_on(
        self, home_world: World, username: str, target: str
    ) -> None:
        _login(home_world, username)
        response = home_world.client.get("/", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, target)

    def test_the_city_official_sees_the_city_s_counts_under_its_name(
        self, home_world: World
    ) -> None:
        _login(home_world, "city")
        html = home_world.client.get("/").text
        assert re.search(r'data-testid="scope-name">嘉兴市<', html)
        assert "330400" not in html
        assert _count(html, "todo-waiting") == "3"
        assert _count(html, "todo-recheck") == "2"
        assert _count(html, "todo-flagged") == "2"
        assert _count(html, "todo-overdue") == "40"
        # plan indicators: 1 off track / 1 at risk
        assert re.search(
            r'data-testid="todo-plan">\s*<span class="count">1 <small>/ 1</small>', html
        )
        assert 'href="/accounts/overdue"' in html and 'href="/targets/2025"' in html

    def test_the_county_official_sees_its_county_by_name(self, home_world: World) -> None:
        _login(home_world, "jiashan")
        html = home_world.client.get("/?lang=en").text
        assert re.search(r'data-testid="scope-name">Jiashan County<', html)
        assert "330421" not in html
        assert _count(html, "todo-waiting") == "2"
        assert _count(html, "todo-overdue") == "27"
        assert 'data-testid="todo-plan"' not in html  # the city's plan is not the county's
        assert "南湖丙造纸" not in html

    def test_the_enterprise_sees_what_is_due(self, home_world: World) -> None:
        _login(home_world, "firm")
        html = home_world.client.get("/").text
        assert "嘉善甲纺织" in html
        assert _count(html, "todo-due") == "14"
        assert _count(html, "todo-returned") == "1"
        assert html.count('data-testid="due-row"') == 14
        assert f'href="/accounts/entities/{home_world.ids["a"]}"' in html

    def test_the_administrator_sees_users_and_the_audit_log(self, home_world: World) -> None:
        _login(home_world, "admin")
        html = home_world.client.get("/").text
        assert _count(html, "todo-users") == "9"  # the nine users of the seed
        assert 'href="/admin/audit"' in html

    def test_a_resident_and_a_visitor_see_the_general_home(self, home_world: World) -> None:
        home_world.client.cookies.clear()
        assert 'href="/calculator"' in home_world.client.get("/").text
        _login(home_world, "resident")
        html = home_world.client.get("/").text
        assert 'data-testid="welcome"' in html and 'data-testid="todo"' not in html

    def test_an_enterprise_without_its_entity_sees_the_general_home(
        self, home_world: World
    ) -> None:
        _login(home_world, "ghost")
        response = home_world.client.get("/")
        assert response.status_code == 200 and 'data-testid="welcome"' in response.text
