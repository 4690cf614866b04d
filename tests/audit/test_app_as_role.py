"""The whole platform served as the application's role (PostgreSQL): what ``grant-app-role``
gives is enough to log in and to make an audited write through the API, and the entries it
appends keep the chain intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

import testkit
from approles import role_url
from shuangtan import audit
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.roles import Role
from shuangtan.db import session_scope

NEW_USER = {
    "username": "li-county",
    "password": "qiantang-river-2025",
    "role": "official",
    "display_name": "李",
    "county_code": "330402",
}


def test_the_app_logs_in_and_audits_a_write_as_the_role(
    owner: Engine,
    owner_factory: sessionmaker[Session],
    engine: Engine,  # the role, granted
    migrated_url: str,
    app_role_name: str,
    tmp_path: Path,
) -> None:
    if owner.dialect.name != "postgresql":
        pytest.skip("SQLite has no roles: its triggers are the guard and anchors the proof")
    with session_scope(owner_factory) as session:
        testkit.city(session)
        testkit.make_users(session, [("root-admin", Role.admin, None, None)])
    url = role_url(migrated_url, app_role_name)
    with testkit.app(testkit.settings(url, tmp_path)) as app:
        assert app.state.engine.url.username == app_role_name
        client = TestClient(app)
        headers = testkit.bearer(client, "root-admin")
        created = client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        assert created.status_code == 201, created.text
        user_id = created.json()["id"]
        with app.state.engine.connect() as conn:  # and it really is not the owner
            assert conn.execute(text("SELECT current_user")).scalar_one() == app_role_name
    with session_scope(owner_factory) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        assert (last.entity_type, last.entity_id, last.actor_username) == (
            "user",
            str(user_id),
            "root-admin",
        )
        report = audit.verify_chain(session=session)
        assert report.ok and report.checked == last.seq
