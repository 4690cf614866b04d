"""The administrator's audit log and users pages: filters, totals, Beijing time, names beside
codes, the Excel export, and only an administrator (on SQLite and PostgreSQL).

The world's log, written at fixed moments (the audit log's clock is patched while it is made):

    seq  UTC               Beijing (UTC+8)   who              action           object
    1-4  2026-03-01 15:30  2026-03-01 23:30  system           user.create      the 4 users
    5    2026-03-01 16:30  2026-03-02 00:30  liwei (李科长)    report.save      report 7
    6    2026-03-03 02:00  2026-03-03 10:00  root (管理员甲)  user.deactivate  user <wang>

(sequence numbers after the city's own entries, which are written at today's date, as are the
logins of the tests: every query here ends on 2026-03-03 to read the seeded entries alone).
So the Beijing day 2026-03-02 holds entry 5 alone although its UTC day is 1 March.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import testkit
from shuangtan import audit
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.roles import Role
from testkit import World

CREATED = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
SAVED = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
DEACTIVATED = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def seed(session: Session) -> dict[str, Any]:
    testkit.city(session)
    base = session.scalar(select(func.max(AuditEntry.seq))) or 0
    with mock.patch("shuangtan.audit.log.utcnow", return_value=CREATED):
        users = testkit.make_users(
            session,
            [
                ("root", Role.admin, None, None),
                ("liwei", Role.official, "330421", None),
                ("zhang", Role.resident, None, None),
                ("wang", Role.resident, None, None),
            ],
        )
    users["root"].display_name = "管理员甲"
    users["liwei"].display_name = "李科长"
    li = testkit.principal(Role.official, "330421", user_id=users["liwei"].id, username="liwei")
    root = testkit.principal(Role.admin, user_id=users["root"].id, username="root")
    with mock.patch("shuangtan.audit.log.utcnow", return_value=SAVED):
        audit.record(
            session=session,
            actor=li,
            action="report.save",
            entity_type="report",
            entity_id="7",
            before={"status": "draft"},
            after={"status": "submitted"},
        )
    wang = users["wang"]
    wang.is_active = False
    with mock.patch("shuangtan.audit.log.utcnow", return_value=DEACTIVATED):
        audit.record(
            session=session,
            actor=root,
            action="user.deactivate",
            entity_type="user",
            entity_id=str(wang.id),
            before={"is_active": True},
            after={"is_active": False},
        )
    session.flush()
    return {"ids": {"base": base, **{name: user.id for name, user in users.items()}}}


@pytest.fixture(scope="module")
def admin_world(module_worlds: Any) -> Iterator[World]:
    with module_worlds(seed) as world:
        yield world


def _seqs(world: World, html: str) -> list[int]:
    """The entries listed, numbered as in the module's table (1-6)."""
    found = re.findall(r'<tr data-testid="audit-row">\s*<td class="num"[^>]*>(\d+)<', html)
    return [int(seq) - world.ids["base"] for seq in found]


def _total(html: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]+)<', html)
    assert found is not None
    return found.group(1)


class TestAuditPage:
    def test_the_log_reads_newest_first_in_beijing_time_with_names(
        self, admin_world: World
    ) -> None:
        admin_world.web_login("root")
        html = admin_world.client.get("/admin/audit").text
        seeded = admin_world.client.get("/admin/audit?since=2026-03-01&until=2026-03-03").text
        assert _seqs(admin_world, seeded) == [6, 5, 4, 3, 2, 1]
        assert _total(seeded, "audit-total") == "共 6 条记录"
        assert "2026-03-02 00:30:00" in seeded and "2026-03-03 10:00:00" in seeded
        assert "李科长 <code>liwei</code>" in seeded and "管理员甲 <code>root</code>" in seeded
        assert "保存月度报告 <code>report.save</code>" in seeded
        assert "停用用户 <code>user.deactivate</code>" in seeded
        assert "<details><summary>详情</summary>" in seeded
        assert '"status": "submitted"' in seeded
        assert 'data-testid="audit-total"' in html

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("action=user.", [6, 4, 3, 2, 1]),
            ("action=report.", [5]),
            ("actor=root", [6]),
            ("actor=liwei", [5]),
            ("entity_type=report", [5]),
            ("since=2026-03-02&until=2026-03-02", [5]),  # the Beijing day, not the UTC one
            ("since=2026-03-01&until=2026-03-01", [4, 3, 2, 1]),
            ("action=user.&page_size=2&page=2", [3, 2]),  # page 1 holds 6 and 4
        ],
    )
    def test_filters_and_pages(self, admin_world: World, query: str, expected: list[int]) -> None:
        admin_world.web_login("root")
        until = "" if "until=" in query else "&until=2026-03-03"
        html = admin_world.client.get(f"/admin/audit?{query}{until}").text
        assert _seqs(admin_world, html) == expected

    def test_the_export_holds_the_filtered_entries(self, admin_world: World) -> None:
        admin_world.web_login("root")
        response = admin_world.client.get("/admin/audit.xlsx?action=report.&until=2026-03-03")
        assert response.status_code == 200
        assert 'filename="audit-log.xlsx"' in response.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[0][:3] == ("序号", "时间 (北京时间)", "账号")
        assert rows[1][:3] == ("Seq", "Time (Beijing)", "Username")
        assert rows[2:] == [
            (
                admin_world.ids["base"] + 5,
                "2026-03-02 00:30:00",
                "liwei",
                "李科长",
                "政府官员",
                "report.save",
                "保存月度报告",
                "report",
                "7",
            ),
        ]

    def test_only_an_administrator_reads_the_log(self, admin_world: World) -> None:
        admin_world.web_login("liwei")
        assert admin_world.client.get("/admin/audit").status_code == 403
        assert admin_world.client.get("/admin/audit.xlsx").status_code == 403


class TestUsersPage:
    def _names(self, html: str) -> list[str]:
        return re.findall(r'<tr data-testid="user-(\w+)">', html)

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", ["root", "liwei", "zhang", "wang"]),
            ("role=official", ["liwei"]),
            ("active=0", ["wang"]),
            ("role=resident&active=1", ["zhang"]),
            ("role=&active=", ["root", "liwei", "zhang", "wang"]),
        ],
    )
    def test_role_and_state_filters(
        self, admin_world: World, query: str, expected: list[str]
    ) -> None:
        admin_world.web_login("root")
        html = admin_world.client.get(f"/admin/users?{query}").text
        assert self._names(html) == expected
        assert _total(html, "users-total") == f"共 {len(expected)} 个用户"

    def test_roles_are_named_in_chinese(self, admin_world: World) -> None:
        admin_world.web_login("root")
        html = admin_world.client.get("/admin/users").text
        assert '<span class="badge">政府官员</span>' in html
        assert '<option value="official" >政府官员</option>' in html or ">政府官员</option>" in html
