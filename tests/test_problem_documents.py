"""Problem documents (web.problems, issue 9 points 10 and 11): the database's last word as a
409 or 422 instead of a 500, a year refused with its own code, and an API document that says
every operation's problem answers and writes every time with its offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.requests import Request

import testkit
from shuangtan.kit.schemas import IsoTime, UtcTime
from shuangtan.web.problems import _database_problem

PATH = "/api/v1/admin/users"


def _request() -> Request:
    return Request({"type": "http", "method": "POST", "path": PATH, "headers": []})


def _user(username: str, **columns: Any) -> Any:
    import shuangtan.app  # noqa: F401 - every room's tables, for the relations between them
    from shuangtan.auth.models import User

    return User(
        username=username, display_name=username, role="resident", password_hash="x", **columns
    )


def _refusal(session: Session, *rows: Any) -> Exception:
    """The database's refusal of ``rows`` (rolled back)."""
    session.add_all(rows)
    with pytest.raises((IntegrityError, OperationalError)) as caught:
        session.flush()
    session.rollback()
    return caught.value


class TestTheDatabasesLastWord:
    """What a room did not refuse first is refused by the database: the same answer on SQLite
    and PostgreSQL, never a 500, and the transaction rolled back."""

    def test_a_unique_violation_is_a_duplicate(self, session: Session) -> None:
        error = _refusal(session, _user("twin"), _user("twin"))
        problem = _database_problem(_request(), error)
        assert (problem["status"], problem["code"]) == (409, "conflict.duplicate")
        assert problem["message_zh"] and problem["message_en"] and problem["instance"] == PATH

    def test_a_missing_reference(self, session: Session) -> None:
        error = _refusal(session, _user("lost", county_code="999999"))
        problem = _database_problem(_request(), error)
        assert (problem["status"], problem["code"]) == (409, "conflict.reference")

    def test_anything_else_the_columns_refuse_is_not_storable(self) -> None:
        error = IntegrityError("INSERT", {}, Exception('null value in column "role"'))
        problem = _database_problem(_request(), error)
        assert (problem["status"], problem["code"]) == (422, "input.not_storable")

    def test_a_lock_not_had_in_time_is_a_concurrent_change(self) -> None:
        error = OperationalError("UPDATE", {}, Exception("database is locked"))
        problem = _database_problem(_request(), error)
        assert (problem["status"], problem["code"]) == (409, "conflict.concurrent")


class TestYears:
    """A year out of range keeps its documented code, in the path and in the query."""

    @pytest.mark.parametrize("year", [1989, 2101])
    def test_in_the_path(self, anonymous_client: Any, year: int) -> None:
        response = anonymous_client.get(f"/api/v1/grading/public/disclosure/{year}")
        body = testkit.problem(response, 422, "input.invalid_year")
        assert body["message_zh"] == f"年份 {year} 无效(应在 1990–2100 之间)。"
        assert body["message_en"] == f"Year {year} is not valid (1990-2100)."
        assert body["errors"][0]["pointer"] == "/year"

    def test_the_range_is_published(self, openapi: dict[str, Any]) -> None:
        operation = openapi["paths"]["/api/v1/grading/public/disclosure/{year}"]["get"]
        (year,) = [p for p in operation["parameters"] if p["name"] == "year"]
        assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (1990, 2100)

    def test_not_a_number_is_plain_invalid_input(self, anonymous_client: Any) -> None:
        response = anonymous_client.get("/api/v1/grading/public/disclosure/abc")
        testkit.problem(response, 422, "input.invalid")


class TestTheApiDocument:
    def test_every_operation_documents_its_problems(self, openapi: dict[str, Any]) -> None:
        missing = []
        for path, operations in openapi["paths"].items():
            for method, operation in operations.items():
                expected = {"422", "default"}
                if operation.get("security"):
                    expected |= {"401", "403"}
                    if method in ("post", "put", "patch", "delete"):
                        expected.add("409")
                if "{" in path:
                    expected.add("404")
                for status in expected:
                    answer = operation["responses"].get(status, {})
                    content = answer.get("content", {}).get("application/problem+json", {})
                    if content.get("schema") != {"$ref": "#/components/schemas/Problem"}:
                        missing.append(f"{method.upper()} {path} {status}")
        assert missing == []

    def test_the_problem_schema_names_the_code_and_both_messages(
        self, openapi: dict[str, Any]
    ) -> None:
        problem = openapi["components"]["schemas"]["Problem"]
        required = {"type", "title", "status", "detail", "code", "message_zh", "message_en"}
        assert required <= set(problem["required"])

    def test_every_time_is_documented_as_a_date_time(self, openapi: dict[str, Any]) -> None:
        loose = [
            f"{name}.{field}"
            for name, schema in openapi["components"]["schemas"].items()
            for field, spec in schema.get("properties", {}).items()
            if field.endswith("_at") and "format" not in str(spec)
        ]
        assert loose == []


class Stamped(BaseModel):
    utc: UtcTime
    iso: IsoTime


class TestTimesCarryTheirOffset:
    """SQLite hands stored times back naive: they are UTC, and are written as such."""

    def test_a_naive_time_is_written_as_utc(self) -> None:
        naive = datetime(2024, 5, 6, 7, 8, 9, 123456)
        written = Stamped(utc=naive, iso=naive).model_dump(mode="json")
        assert written == {
            "utc": "2024-05-06T07:08:09.123456Z",
            "iso": "2024-05-06T07:08:09.123456+00:00",
        }

    def test_an_aware_time_keeps_its_instant(self) -> None:
        beijing = datetime(2024, 5, 6, 15, 8, 9, tzinfo=timezone(timedelta(hours=8)))
        written = Stamped(utc=beijing, iso=beijing.astimezone(UTC)).model_dump(mode="json")
        assert written == {"utc": "2024-05-06T07:08:09.000000Z", "iso": "2024-05-06T07:08:09+00:00"}

    def test_both_are_documented_as_date_times(self) -> None:
        properties = Stamped.model_json_schema(mode="serialization")["properties"]
        assert properties["utc"]["format"] == properties["iso"]["format"] == "date-time"
