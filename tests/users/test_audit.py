"""Every login, failure, lockout, logout, password change, deactivation and unlock is in the
audit log (issue 9, point 6: "logins are not in the audit log"), with the username tried and
the address, never a password."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

import testkit
from shuangtan.audit.models import AuditEntry

WRONG = "not-the-password-7"
NEW_PASSWORD = "lake-willow-bridge-42"
ADDRESS = "198.51.100.23"


def _last_seq(world: testkit.World) -> int:
    with world.session() as session:
        return int(session.execute(select(func.coalesce(func.max(AuditEntry.seq), 0))).scalar())


def _entries_after(world: testkit.World, seq: int) -> list[AuditEntry]:
    with world.session() as session:
        rows = list(
            session.execute(
                select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
            ).scalars()
        )
        session.expunge_all()
        return rows


class TestLoginAudit:
    def test_each_step_of_logging_in_and_out_is_recorded(self, world: testkit.World) -> None:
        start = _last_seq(world)
        client = TestClient(world.app, client=(ADDRESS, 50000))

        def token(username: str, password: str) -> Any:
            return client.post(
                "/api/v1/auth/token", data={"username": username, "password": password}
            )

        zhang = {
            "Authorization": f"Bearer {token('zhang', testkit.PASSWORD).json()['access_token']}"
        }
        token("zhang", WRONG)
        token("ghost", WRONG)
        for _ in range(5):
            token("wang", WRONG)  # the 5th locks the account
        token("wang", testkit.PASSWORD)  # refused while locked: not checked, not recorded
        client.post("/api/v1/auth/logout", headers=zhang)
        zhang = {
            "Authorization": f"Bearer {token('zhang', testkit.PASSWORD).json()['access_token']}"
        }
        body = {"current_password": testkit.PASSWORD, "new_password": NEW_PASSWORD}
        client.post("/api/v1/auth/password", json=body, headers=zhang)
        admin = testkit.bearer(client, "root")
        wang = world.ids["wang"]
        client.post(f"/api/v1/admin/users/{wang}/unlock", headers=admin)
        client.post(f"/api/v1/admin/users/{wang}/deactivate", headers=admin)

        entries = _entries_after(world, start)
        assert [(e.action, e.entity_type, e.entity_id, e.actor_username) for e in entries] == [
            ("auth.login", "login", "zhang", "zhang"),
            ("auth.login_failed", "login", "zhang", None),
            ("auth.login_failed", "login", "ghost", None),
            *[("auth.login_failed", "login", "wang", None)] * 5,
            ("auth.lockout", "login", "wang", None),
            ("auth.logout", "login", "zhang", "zhang"),
            ("auth.login", "login", "zhang", "zhang"),
            ("user.password_change", "user", str(world.ids["zhang"]), "zhang"),
            ("auth.login", "login", "root", "root"),
            ("user.unlock", "user", str(wang), "root"),
            ("user.deactivate", "user", str(wang), "root"),
        ]
        failed = [e.after for e in entries if e.action == "auth.login_failed"]
        assert [(a["reason"], a["client"], a["via"]) for a in failed if a] == [
            ("wrong_password", ADDRESS, "api"),
            ("unknown_user", ADDRESS, "api"),
        ] + [("wrong_password", ADDRESS, "api")] * 5
        assert entries[0].after == {"via": "api", "client": ADDRESS}
        # two logins of zhang (ended by the logout, the password change) and their tokens
        assert entries[-4].after == {"logins_ended": 1}
        assert entries[-1].after == {"is_active": False, "logins_ended": 0}
        written = json.dumps([(e.before, e.after) for e in entries], default=str)
        assert WRONG not in written and testkit.PASSWORD not in written
        assert NEW_PASSWORD not in written

    def test_the_login_page_records_the_web_login_and_logout(self, world: testkit.World) -> None:
        start = _last_seq(world)
        csrf = world.web_login("zhang")
        world.client.post("/logout", data={"csrf_token": csrf})
        entries = _entries_after(world, start)
        assert [(e.action, (e.after or {}).get("via")) for e in entries] == [
            ("auth.login", "web"),
            ("auth.logout", "web"),
        ]

    def test_the_chain_stays_intact(self, world: testkit.World) -> None:
        client = TestClient(world.app, client=(ADDRESS, 50000))
        for _ in range(6):
            client.post("/api/v1/auth/token", data={"username": "zhang", "password": WRONG})
        admin = testkit.bearer(TestClient(world.app), "root")
        report = world.client.get("/api/v1/audit/verify", headers=admin).json()
        assert (report["ok"], report["first_bad_seq"]) == (True, None)
