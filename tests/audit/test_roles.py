"""The application's role on PostgreSQL (issue 9, point 8): connected as a role that
``grant_app_role`` set up, the application appends to the audit log and the ledger, and every
way to rewrite them is refused. SQLite has no roles: there the triggers are the guard
(``test_heads.py``) and the anchors the proof (``test_forgery.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from approles import drop_role, ensure_role
from shuangtan import audit, ledger
from shuangtan.audit.roles import (
    AUDIT_TABLES,
    AppRoleRefused,
    Finding,
    check_app_role,
    grant_app_role,
)
from shuangtan.db import make_session_factory, session_scope
from shuangtan.ledger.command import LEDGER_TABLES

from .conftest import ACTOR, forge_audit, forge_ledger, write_audit, write_ledger

GUARDED = (AUDIT_TABLES, LEDGER_TABLES)
NO_ROLES = "SQLite has no roles: its triggers are the guard and anchors the proof"

NOT_ALLOWED = "permission denied"
NOT_OWNER = "must be owner"


@dataclass(frozen=True)
class AppRole:
    """The application's role of the test (``approles``), what a check of it found, and a
    connection as it."""

    name: str
    engine: Engine
    factory: sessionmaker[Session]
    findings: list[Finding]


@pytest.fixture(autouse=True)
def _postgresql_only(owner: Engine) -> None:
    if owner.dialect.name != "postgresql":
        pytest.skip(NO_ROLES)


@pytest.fixture
def app_role(
    owner: Engine, engine: Engine, session_factory: sessionmaker[Session], app_role_name: str
) -> AppRole:
    """The application's role, as granted by the owner, having written three records on each
    chain."""
    write_audit(session_factory, 1, 3)
    write_ledger(session_factory, 1, 3)
    with owner.begin() as conn:
        findings = check_app_role(conn, app_role_name, GUARDED)
    return AppRole(app_role_name, engine, session_factory, findings)


def _as(role: AppRole, statement: str) -> None:
    with role.engine.begin() as conn:
        conn.execute(text(statement))


def _hashes(engine: Engine) -> tuple[list[str], list[str]]:
    with engine.connect() as conn:
        return (
            list(conn.execute(text("SELECT hash FROM audit_log ORDER BY seq")).scalars()),
            list(conn.execute(text("SELECT hash FROM ledger_transactions ORDER BY seq")).scalars()),
        )


REWRITES = [
    # the audit log
    ("UPDATE audit_log SET after = NULL WHERE seq = 2", NOT_ALLOWED),
    ("DELETE FROM audit_log WHERE seq = 3", NOT_ALLOWED),
    ("TRUNCATE audit_log", NOT_ALLOWED),
    ("ALTER TABLE audit_log DISABLE TRIGGER USER", NOT_OWNER),
    ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update", NOT_OWNER),
    ("DROP TRIGGER audit_log_no_update ON audit_log", NOT_OWNER),
    ("ALTER TABLE audit_log OWNER TO CURRENT_USER", NOT_OWNER),
    ("DROP TABLE audit_log", NOT_OWNER),
    ("SET session_replication_role = replica", NOT_ALLOWED),
    (
        "CREATE TRIGGER mine BEFORE UPDATE ON audit_log FOR EACH ROW "
        "EXECUTE FUNCTION audit_log_refuse_change()",
        NOT_ALLOWED,
    ),
    # its head: moved back over a cut tail, or removed
    (
        "UPDATE audit_chain_head SET last_seq = 2, entry_count = 2, "
        "last_hash = (SELECT hash FROM audit_log WHERE seq = 2)",
        "moves only onto the entry just appended",
    ),
    ("DELETE FROM audit_chain_head", NOT_ALLOWED),
    ("TRUNCATE audit_chain_head", NOT_ALLOWED),
    ("ALTER TABLE audit_chain_head DISABLE TRIGGER USER", NOT_OWNER),
    # the ledger
    ("UPDATE ledger_transactions SET area_code = '330411' WHERE seq = 2", NOT_ALLOWED),
    ("DELETE FROM ledger_transactions WHERE seq = 3", NOT_ALLOWED),
    ("TRUNCATE ledger_transactions CASCADE", NOT_ALLOWED),
    ("ALTER TABLE ledger_transactions DISABLE TRIGGER USER", NOT_OWNER),
    ("UPDATE ledger_postings SET amount = amount * 10", NOT_ALLOWED),
    ("DELETE FROM ledger_postings WHERE transaction_seq = 3", NOT_ALLOWED),
    ("UPDATE ledger_accounts SET owner_id = 'x' WHERE kind = 'retirement'", NOT_ALLOWED),
    ("UPDATE ledger_assets SET scale = 2 WHERE code = 'ccer'", NOT_ALLOWED),
    ("UPDATE ledger_balances SET balance = 0", "moved by postings only"),
    ("DELETE FROM ledger_balances", NOT_ALLOWED),
    ("ALTER TABLE ledger_balances DISABLE TRIGGER USER", NOT_OWNER),
    (
        "UPDATE ledger_chain_head SET last_seq = 2, entry_count = 2, "
        "last_hash = (SELECT hash FROM ledger_transactions WHERE seq = 2)",
        "moves only onto the entry just appended",
    ),
    ("DELETE FROM ledger_chain_head", NOT_ALLOWED),
]


class TestTheRoleAppendsOnly:
    def test_the_grant_checks_out(self, app_role: AppRole) -> None:
        assert [f for f in app_role.findings if not f.ok] == []
        allowed = {f.subject: f.allowed for f in app_role.findings}
        assert allowed["audit_log"] == "SELECT, INSERT"
        assert allowed["ledger_transactions"] == "SELECT, INSERT"
        assert allowed["audit_chain_head"] == "SELECT, UPDATE"
        assert allowed["users"] == "SELECT, INSERT, UPDATE, DELETE"

    def test_normal_writes_work(self, app_role: AppRole) -> None:
        write_audit(app_role.factory, 4, 5)
        write_ledger(app_role.factory, 4, 5)
        with session_scope(app_role.factory) as session:
            points = ledger.open_account(
                session=session,
                owner_type="resident",
                owner_id="user:9",
                kind="holding",
                asset="points",
            )
            issuance = ledger.open_account(
                session=session, owner_type="platform", kind="issuance", asset="points"
            )
            ledger.post(
                session=session,
                key="trip-1",
                kind="points.earn",
                postings=ledger.transfer(source=issuance.id, destination=points.id, amount=12),
                actor=ACTOR,
            )
            audit.record(
                session=session,
                actor=ACTOR,
                action="points.earn",
                entity_type="account",
                entity_id=str(points.id),
                before=None,
                after={"points": 12},
            )
        with session_scope(app_role.factory) as session:
            assert audit.verify_chain(session=session).checked == 6
            report = ledger.verify(session=session)
            assert (report.ok, report.transactions) == (True, 6)
            assert ledger.balance(session=session, account_id=points.id).units == 12

    def test_every_rewrite_is_refused(self, app_role: AppRole, owner: Engine) -> None:
        before = _hashes(owner)
        outcomes = {}
        for statement, refusal in REWRITES:  # each in a transaction of its own
            try:
                _as(app_role, statement)
                outcomes[statement] = "ACCEPTED"
            except DBAPIError as error:
                outcomes[statement] = refusal if refusal in str(error.orig) else str(error.orig)
        assert outcomes == dict(REWRITES)
        assert _hashes(owner) == before

    def test_the_forgery_of_the_issue_is_refused_at_its_first_step(
        self, app_role: AppRole, owner: Engine
    ) -> None:
        before = _hashes(owner)
        with pytest.raises(DBAPIError, match=NOT_OWNER):
            forge_audit(app_role.factory, 2, {"status": "verified", "tco2e": "1"})
        with pytest.raises(DBAPIError, match=NOT_OWNER):
            forge_ledger(app_role.factory, 2, "330411")
        assert _hashes(owner) == before

    def test_a_temporary_table_cannot_stand_in_for_the_log_in_the_head_trigger(
        self, app_role: AppRole, owner: Engine
    ) -> None:
        """A temporary table is searched first by default; the trigger's fixed search_path
        makes it look at the real audit log, so the head cannot be moved onto a fake entry."""
        with pytest.raises(DBAPIError, match="moves only onto"), app_role.engine.begin() as conn:
            conn.execute(text("CREATE TEMP TABLE audit_log AS SELECT * FROM public.audit_log"))
            conn.execute(
                text(
                    "INSERT INTO pg_temp.audit_log (seq, created_at, action, entity_type, "
                    "entity_id, prev_hash, hash) SELECT 4, now(), 'x', 'x', 'x', last_hash, "
                    f"'{'e' * 64}' FROM audit_chain_head"
                )
            )
            conn.execute(
                text(
                    "UPDATE audit_chain_head SET last_seq = 4, entry_count = 4, "
                    f"last_hash = '{'e' * 64}'"
                )
            )
        with session_scope(make_session_factory(owner)) as session:
            assert audit.verify_chain(session=session).checked == 3


class TestGrant:
    def test_the_check_finds_a_privilege_given_back(self, app_role: AppRole, owner: Engine) -> None:
        with owner.begin() as conn:
            conn.execute(text(f'GRANT UPDATE, DELETE ON audit_log TO "{app_role.name}"'))
            conn.execute(
                text("ALTER TABLE ledger_postings DISABLE TRIGGER ledger_postings_no_update")
            )
        try:
            with owner.begin() as conn:
                bad = {
                    f.subject: f for f in check_app_role(conn, app_role.name, GUARDED) if not f.ok
                }
        finally:
            with owner.begin() as conn:
                conn.execute(
                    text("ALTER TABLE ledger_postings ENABLE TRIGGER ledger_postings_no_update")
                )
        assert set(bad) == {"audit_log", "trigger ledger_postings_no_update"}
        assert "DELETE, UPDATE" in bad["audit_log"].note_en
        with owner.begin() as conn:  # granting again takes the privileges away
            assert all(f.ok for f in grant_app_role(conn, app_role.name, GUARDED))

    def test_the_check_finds_rights_the_role_inherits(self, owner: Engine) -> None:
        """PostgreSQL 14+ has a predefined role that may write every table: a role made a
        member of it can rewrite history whatever its own grants say, and the check says so
        (it asks what the role may effectively do, not what was granted to it)."""
        name = f"shuangtan_app_{uuid.uuid4().hex[:10]}"  # one test's own role
        ensure_role(owner, name)
        try:
            with owner.begin() as conn:
                assert all(f.ok for f in grant_app_role(conn, name, GUARDED))
                conn.execute(text(f'GRANT pg_write_all_data TO "{name}"'))
                bad = {f.subject: f for f in check_app_role(conn, name, GUARDED) if not f.ok}
            # every table granted less than all: the five append-only tables and the two heads
            # gain DELETE (and UPDATE where it was not granted), ledger_balances DELETE,
            # alembic_version INSERT, UPDATE, DELETE — 9 tables in all
            assert set(bad) == {
                "alembic_version",
                "audit_log",
                "audit_chain_head",
                "ledger_assets",
                "ledger_accounts",
                "ledger_transactions",
                "ledger_postings",
                "ledger_chain_head",
                "ledger_balances",
            }
            assert "DELETE, UPDATE" in bad["audit_log"].note_en
        finally:
            drop_role(owner, name)

    def test_a_superuser_is_refused(self, owner: Engine) -> None:
        with pytest.raises(AppRoleRefused, match="superuser"), owner.begin() as conn:
            grant_app_role(conn, "postgres", GUARDED)

    def test_a_member_of_the_owner_is_refused(self, owner: Engine) -> None:
        with owner.connect() as conn:
            table_owner = conn.execute(
                text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_log'")
            ).scalar_one()
        name = f"shuangtan_owner_{uuid.uuid4().hex[:10]}"  # one test's own role
        ensure_role(owner, name)
        try:
            with owner.begin() as conn:
                conn.execute(text(f'GRANT "{table_owner}" TO "{name}"'))
            with (
                pytest.raises(AppRoleRefused, match="member of\\) the owner"),
                owner.begin() as conn,
            ):
                grant_app_role(conn, name, GUARDED)
        finally:
            drop_role(owner, name)

    def test_a_missing_role_is_refused(self, owner: Engine) -> None:
        with (
            pytest.raises(AppRoleRefused, match="does not exist") as refused,
            owner.begin() as conn,
        ):
            grant_app_role(conn, "no_such_role_here", GUARDED)
        assert refused.value.code == "db.app_role_refused"
        assert "不存在" in refused.value.message_zh
