"""The ``shuangtan`` command: ``calc`` gives the API's answer; a bad line exits non-zero."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shuangtan.calculator.schemas import EXAMPLE_DOCUMENT
from shuangtan.cli import app

runner = CliRunner()

# Hand derivation of the example's total (sources in tests/calculator/test_router.py).
TOTAL = 120.5 * 389.31 * 0.0153 * 0.99 * 44 / 12 + 8000 * 0.4974 + 3000 * 0.11 + 440 + 56


class TestCalc:
    def test_the_json_answer_is_the_apis_answer(
        self, tmp_path: Path, anonymous_client: TestClient
    ) -> None:
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(EXAMPLE_DOCUMENT), encoding="utf-8")
        result = runner.invoke(app, ["calc", str(path), "--format", "json"])
        assert result.exit_code == 0, result.output
        answer = json.loads(result.stdout)
        assert answer["total_tco2e"] == pytest.approx(TOTAL, rel=1e-9)
        api = anonymous_client.post("/api/v1/accounting/calculate", json=EXAMPLE_DOCUMENT)
        assert api.json() == answer

    def test_a_bad_line_exits_non_zero_with_the_apis_message(self, tmp_path: Path) -> None:
        document = copy.deepcopy(EXAMPLE_DOCUMENT)
        document["lines"][2]["unit"] = "t"  # heat given in tonnes: not an energy
        path = tmp_path / "doc.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        result = runner.invoke(app, ["calc", str(path), "--format", "json"])
        assert result.exit_code == 1
        problem = json.loads(result.stdout)
        assert problem["status"] == 422
        assert [e["line_id"] for e in problem["errors"]] == ["c"]
        assert problem["errors"][0]["message_zh"] in result.stderr

    def test_a_file_that_is_not_json_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "doc.json"
        path.write_text("{not json", encoding="utf-8")
        result = runner.invoke(app, ["calc", str(path)])
        assert result.exit_code == 2


class TestAuditVerify:
    def test_an_intact_log_passes_and_an_edited_row_fails(
        self, migrated_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from sqlalchemy import text

        from shuangtan.config import get_settings
        from shuangtan.db import make_engine, make_session_factory, session_scope
        from shuangtan.demo import load_demo

        engine = make_engine(migrated_url)
        with session_scope(make_session_factory(engine)) as session:
            load_demo(session=session)
        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
        get_settings.cache_clear()
        try:
            intact = runner.invoke(app, ["audit", "verify"])
            assert intact.exit_code == 0, intact.output
            with engine.begin() as conn:  # a superuser edits row 5 behind the guard's back
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SET LOCAL session_replication_role = replica"))
                    conn.execute(
                        text("""UPDATE audit_log SET after = '{"x": 1}'::json WHERE seq = 5""")
                    )
                else:
                    conn.execute(text("DROP TRIGGER audit_log_no_update"))
                    conn.execute(text("""UPDATE audit_log SET after = '{"x": 1}' WHERE seq = 5"""))
            broken = runner.invoke(app, ["audit", "verify"])
            assert broken.exit_code == 1
            assert "5" in broken.stderr
        finally:
            get_settings.cache_clear()
            engine.dispose()
