"""The ``shuangtan`` command: ``calc`` gives the API's answer; a bad line exits non-zero."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

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


class TestDemoToday:
    """``shuangtan demo`` / ``load-demo`` generate the city as on the Beijing date, or
    ``--today``; the reports run to the last complete month before it."""

    def _loaded(
        self, migrated_url: str, monkeypatch: pytest.MonkeyPatch, args: list[str]
    ) -> tuple[Any, dict[str, Any]]:
        from shuangtan import demo
        from shuangtan.config import get_settings

        seen: dict[str, Any] = {}

        def fake_load_demo(**kwargs: Any) -> demo.DemoResult:
            seen.update(kwargs)
            return demo.DemoResult(logins=(), changes=0)

        monkeypatch.setattr(demo, "load_demo", fake_load_demo)
        monkeypatch.setenv("SHUANGTAN_DATABASE_URL", migrated_url)
        get_settings.cache_clear()
        try:
            return runner.invoke(app, ["load-demo", *args]), seen
        finally:
            get_settings.cache_clear()

    def test_today_is_the_beijing_date_by_default(
        self, migrated_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from shuangtan.kit import beijing

        monkeypatch.setattr(beijing, "today_in_beijing", lambda _now: date(2026, 12, 4))
        result, seen = self._loaded(migrated_url, monkeypatch, [])
        assert result.exit_code == 0, result.output
        assert seen["today"] == date(2026, 12, 4) and seen["synthetic"] is True
        assert "reports through 2026-11" in result.stdout

    def test_a_given_day_in_february_shows_data_through_january(
        self, migrated_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        result, seen = self._loaded(migrated_url, monkeypatch, ["--today", "2027-02-03"])
        assert result.exit_code == 0, result.output
        assert seen["today"] == date(2027, 2, 3)
        assert "月报截至 reports through 2027-01" in result.stdout

    @pytest.mark.parametrize("text", ["2026-13-01", "04/12/2026", "2020-01-31"])
    def test_a_bad_day_is_refused_in_both_languages(self, text: str) -> None:
        result = runner.invoke(app, ["load-demo", "--today", text])
        assert result.exit_code == 2
        assert "--today 须为 YYYY-MM-DD 格式、不早于 2020-02-01 的日期" in result.stderr
        assert "must be a date YYYY-MM-DD, 2020-02-01 or later" in result.stderr
        assert text in result.stderr
