"""``shuangtan audit|ledger anchor`` and ``verify --anchors``, and ``db grant-app-role``, as an
operator runs them: exit 0 intact, 1 history changed (nothing anchored), 2 an unreadable
anchor file."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from approles import drop_role, ensure_role

from .conftest import forge_audit, forge_ledger, write_audit, write_ledger

Shuangtan = Callable[..., Result]


@pytest.fixture
def shuangtan(migrated_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shuangtan]:
    """The command on the test's database, with no anchor file in the environment."""
    from shuangtan.cli import app
    from shuangtan.config import get_settings

    monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
    monkeypatch.delenv("SHUANGTAN_ANCHOR_FILE", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str, env: dict[str, Any] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    try:
        yield run
    finally:
        get_settings.cache_clear()


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class TestAudit:
    def test_anchor_verify_and_a_forgery_found(
        self,
        shuangtan: Shuangtan,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
        tmp_path: Path,
    ) -> None:
        anchors = tmp_path / "anchors.jsonl"
        write_audit(session_factory, 1, 3)
        first = shuangtan("audit", "anchor", "--anchors", str(anchors))
        assert first.exit_code == 0, first.output
        printed = json.loads(first.stdout.strip())
        assert (printed["chain"], printed["seq"], printed["count"]) == ("audit", 3, 3)
        write_audit(session_factory, 4, 5)
        # the file named by the environment, as cron would run it
        second = shuangtan("audit", "anchor", env={"SHUANGTAN_ANCHOR_FILE": str(anchors)})
        assert second.exit_code == 0, second.output
        assert [a["seq"] for a in _lines(anchors)] == [3, 5]
        intact = shuangtan("audit", "verify", "--anchors", str(anchors))
        assert intact.exit_code == 0, intact.output
        assert "2/2" in intact.stdout

        forge_audit(owner_factory, 2, {"status": "verified", "tco2e": "1"})
        fooled = shuangtan("audit", "verify")
        assert fooled.exit_code == 0  # the chain and its head agree: only anchors can tell
        found = shuangtan("audit", "verify", "--anchors", str(anchors))
        assert found.exit_code == 1
        assert "Audit entry 3 disagrees with the anchor" in found.stderr
        assert "entries 1-3" in found.stderr
        through_env = shuangtan("audit", "verify", env={"SHUANGTAN_ANCHOR_FILE": str(anchors)})
        assert through_env.exit_code == 1

        before = anchors.read_text(encoding="utf-8")
        refused = shuangtan("audit", "anchor", "--anchors", str(anchors))
        assert refused.exit_code == 1
        assert "No anchor written" in refused.stderr
        assert anchors.read_text(encoding="utf-8") == before  # the forged head is not anchored

    def test_anchor_without_a_file_prints_the_line_and_says_it_was_not_saved(
        self, shuangtan: Shuangtan, session_factory: sessionmaker[Session]
    ) -> None:
        write_audit(session_factory, 1, 2)
        result = shuangtan("audit", "anchor")
        assert result.exit_code == 0
        assert json.loads(result.stdout.strip())["seq"] == 2
        assert "not saved" in result.stderr

    def test_a_missing_anchor_file_is_exit_2(self, shuangtan: Shuangtan, tmp_path: Path) -> None:
        result = shuangtan("audit", "verify", "--anchors", str(tmp_path / "none.jsonl"))
        assert result.exit_code == 2
        assert "does not exist" in result.stderr

    def test_a_malformed_anchor_file_is_exit_2_and_nothing_is_appended(
        self, shuangtan: Shuangtan, tmp_path: Path
    ) -> None:
        anchors = tmp_path / "anchors.jsonl"
        anchors.write_text('{"chain": "audit", "seq": "three"}\n', encoding="utf-8")
        assert shuangtan("audit", "verify", "--anchors", str(anchors)).exit_code == 2
        result = shuangtan("audit", "anchor", "--anchors", str(anchors))
        assert result.exit_code == 2
        assert f"{anchors}:1" in result.stderr
        assert anchors.read_text(encoding="utf-8").count("\n") == 1


class TestLedger:
    def test_anchor_verify_and_a_forgery_found(
        self,
        shuangtan: Shuangtan,
        session_factory: sessionmaker[Session],
        owner_factory: sessionmaker[Session],
        tmp_path: Path,
    ) -> None:
        anchors = tmp_path / "anchors.jsonl"
        write_ledger(session_factory, 1, 3)
        write_audit(session_factory, 1, 1)
        for chain in ("ledger", "audit"):  # one file holds both chains
            result = shuangtan(chain, "anchor", "--anchors", str(anchors))
            assert result.exit_code == 0, result.output
        assert [(a["chain"], a["seq"]) for a in _lines(anchors)] == [("ledger", 3), ("audit", 1)]
        intact = shuangtan("ledger", "verify", "--anchors", str(anchors))
        assert intact.exit_code == 0, intact.output
        assert "1/1" in intact.stdout

        forge_ledger(owner_factory, 2, "330411")
        assert shuangtan("ledger", "verify").exit_code == 0  # fooled
        found = shuangtan("ledger", "verify", "--anchors", str(anchors))
        assert found.exit_code == 1
        assert "Ledger transaction 3 disagrees with the anchor" in found.stderr
        assert shuangtan("audit", "verify", "--anchors", str(anchors)).exit_code == 0
        refused = shuangtan("ledger", "anchor", "--anchors", str(anchors))
        assert refused.exit_code == 1
        assert len(_lines(anchors)) == 2


class TestGrantAppRole:
    def test_sqlite_has_no_roles(self, shuangtan: Shuangtan, owner: Engine) -> None:
        if owner.dialect.name != "sqlite":
            pytest.skip("PostgreSQL has roles: see test_grant_then_check_a_drifted_role")
        result = shuangtan("db", "grant-app-role", "shuangtan_app")
        assert result.exit_code == 1
        assert "SQLite has no database roles" in result.stderr

    def test_grant_then_check_a_drifted_role(self, shuangtan: Shuangtan, owner: Engine) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite has no roles: its triggers are the guard and anchors the proof")
        name = f"shuangtan_app_{uuid.uuid4().hex[:10]}"
        ensure_role(owner, name)
        try:
            granted = shuangtan("db", "grant-app-role", name)
            assert granted.exit_code == 0, granted.output
            assert "audit_log" in granted.stdout and "✗" not in granted.stdout
            with owner.begin() as conn:
                conn.execute(text(f'GRANT TRUNCATE ON audit_log TO "{name}"'))
            drifted = shuangtan("db", "grant-app-role", "--check-only", name)
            assert drifted.exit_code == 1
            assert "✗" in drifted.stdout and "TRUNCATE" in drifted.stdout
            assert shuangtan("db", "grant-app-role", name).exit_code == 0  # taken back
        finally:
            drop_role(owner, name)
        missing = shuangtan("db", "grant-app-role", name)
        assert missing.exit_code == 1
        assert "does not exist" in missing.stderr

    def test_create_makes_the_role_once_then_grants_it(
        self, shuangtan: Shuangtan, owner: Engine
    ) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite has no roles: its triggers are the guard and anchors the proof")
        name = f"shuangtan_app_{uuid.uuid4().hex[:10]}"
        try:
            first = shuangtan("db", "grant-app-role", "--create", name)
            assert first.exit_code == 0, first.output
            assert "Role created" in first.stderr and "✗" not in first.stdout
            again = shuangtan("db", "grant-app-role", "--create", name)  # idempotent
            assert again.exit_code == 0, again.output
            assert "Role created" not in again.stderr
            with owner.connect() as conn:
                attributes = conn.execute(
                    text(
                        "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb "
                        "FROM pg_roles WHERE rolname = :r"
                    ),
                    {"r": name},
                ).one()
            assert tuple(attributes) == (True, False, False, False)
        finally:
            drop_role(owner, name)

    def test_create_refuses_a_name_that_is_not_plain(
        self, shuangtan: Shuangtan, owner: Engine
    ) -> None:
        if owner.dialect.name != "postgresql":
            pytest.skip("SQLite has no roles: its triggers are the guard and anchors the proof")
        result = shuangtan("db", "grant-app-role", "--create", 'x"; DROP TABLE audit_log; --')
        assert result.exit_code == 1
        assert "lower-case letters, digits and _ only" in result.stderr
        with owner.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one() == 0
