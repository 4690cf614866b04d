"""The door (issue 9, point 10): what an attack run answered with 500 is refused with a 4xx
problem document in Chinese and English, on SQLite and PostgreSQL alike, and writes nothing.

Each class is one attack of the run: ids beyond 2^31, lone surrogates, NUL bytes, numbers that
overflow (as inputs, and as results that would have come back as 200 with ``null``), over-long
text, and twenty identical requests (or one Idempotency-Key) at once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

import testkit
from shuangtan.kit.params import MAX_ID

CITY = "330400"
JIASHAN = "330421"
PROBLEM_JSON = "application/problem+json"
BEYOND = [MAX_ID + 1, 2**63, 2**64]  # int4's end, SQLite's int64 end, beyond any integer column
STRONG = "Door-test-Passphrase-2026"  # passes the password policy (not common, not trivial)


def seed(session: Any) -> dict[str, Any]:
    """The city, an official of it and an administrator."""
    testkit.city(session)
    testkit.make_users(
        session, [("door-city", "official", CITY, None), ("door-admin", "admin", None, None)]
    )
    return {}


@pytest.fixture(scope="module")
def world(module_worlds: Any) -> Iterator[testkit.World]:
    with module_worlds(seed, live=True) as made:
        yield made


@pytest.fixture(scope="module")
def official(world: testkit.World) -> dict[str, str]:
    return world.login("door-city")


def scenario(**changes: Any) -> dict[str, Any]:
    """A valid county scenario (Jiashan, 2020 base), with ``changes``."""
    body: dict[str, Any] = {
        "name": "门测试情景",
        "scope_kind": "county",
        "scope_code": JIASHAN,
        "base_year": 2020,
        "base": {
            "population": "60",
            "gdp_per_capita": "10",
            "energy_intensity": "0.5",
            "carbon_intensity": "2",
        },
        "base_source": "test data",
        "rates": [
            {
                "first_year": 2021,
                "last_year": 2060,
                "population": 0.0,
                "gdp_per_capita": 0.05,
                "energy_intensity": -0.04,
                "carbon_intensity": -0.02,
            }
        ],
    }
    body.update(changes)
    return body


def scenarios(world: testkit.World) -> int:
    from shuangtan.city.peak.models import PeakScenario

    with world.session() as session:
        return int(session.scalar(select(func.count()).select_from(PeakScenario)) or 0)


def refused(response: httpx.Response, status: int = 422, code: str = "input.invalid") -> Any:
    """The problem document of a refusal: ``status``, ``code``, both languages."""
    return testkit.problem(response, status, code)


def raw_json(text: str, headers: dict[str, str]) -> dict[str, Any]:
    """Keyword arguments posting ``text`` as it is (escapes a JSON encoder would not write)."""
    return {"content": text.encode(), "headers": headers | {"Content-Type": "application/json"}}


# --------------------------------------------------------------------------------- ids


class TestIdsBeyondTheColumns:
    """An id no INTEGER column can hold was a 500 on 13 operations (and on PostgreSQL on any
    id ≥ 2^31); it is refused at the door, naming the parameter."""

    @pytest.mark.parametrize("value", BEYOND)
    def test_a_path_id_is_refused(
        self, world: testkit.World, official: dict[str, str], value: int
    ) -> None:
        response = world.client.get(f"/api/v1/peak/scenarios/{value}", headers=official)
        body = refused(response)
        assert body["errors"][0]["location"] == "path"
        assert body["errors"][0]["pointer"] == "/scenario_id"

    def test_the_largest_id_is_taken_and_not_found(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        response = world.client.get(f"/api/v1/peak/scenarios/{MAX_ID}", headers=official)
        assert response.status_code == 404

    def test_ids_in_the_query_are_refused(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        response = world.client.get(f"/api/v1/peak/compare?ids=1&ids={2**31}", headers=official)
        assert refused(response)["errors"][0]["pointer"] == "/ids/1"

    def test_an_id_in_a_body_is_refused(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        body = {"value": "1", "source_note": "test", "attachment_id": 2**31}
        response = world.client.put(
            "/api/v1/targets/2024/indicators/energy-intensity/value", json=body, headers=official
        )
        assert refused(response)["errors"][0]["pointer"] == "/attachment_id"

    def test_a_page_refuses_it_with_its_error_page(self, world: testkit.World) -> None:
        world.web_login("door-city")
        try:
            response = world.client.get(f"/peak/scenarios/{2**31}", headers={"Accept": "text/html"})
            assert response.status_code == 422
            assert response.headers["content-type"].startswith("text/html")
        finally:
            world.client.cookies.clear()

    def test_no_operation_answers_an_id_beyond_with_500(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        """Every operation with an integer in its path, as an official and as an administrator
        (the roles that reach the most of them), with each id beyond."""
        document = world.client.get("/api/v1/openapi.json").json()
        admin = world.login("door-admin")
        tried = 0
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                params = [p for p in operation.get("parameters", []) if p["in"] == "path"]
                ints = [p["name"] for p in params if p["schema"].get("type") == "integer"]
                if not ints:
                    continue
                for value in BEYOND:
                    url = path
                    for p in params:
                        fill = value if p["name"] in ints else "x"
                        fill = 2024 if "year" in p["name"] and p["name"] not in ints else fill
                        url = url.replace("{" + p["name"] + "}", str(fill))
                    for headers in (official, admin):
                        response = world.client.request(method, url, headers=headers, json={})
                        assert response.status_code in (401, 403, 404, 422), (method, url)
                        assert response.headers["content-type"].startswith(PROBLEM_JSON)
                        tried += 1
        assert tried >= 2 * 3 * 20  # every room's rows: scenarios, entities, reports, users, …


# ----------------------------------------------------------------------- text the stores differ on


class TestLoneSurrogates:
    """``"\\ud800"`` in a JSON string was a 500 (no database can encode it)."""

    def test_in_a_value(self, world: testkit.World, official: dict[str, str]) -> None:
        before = scenarios(world)
        text = json.dumps(scenario(), ensure_ascii=False).replace("门测试情景", "\\ud800")
        response = world.client.post("/api/v1/peak/scenarios", **raw_json(text, official))
        body = refused(response)
        assert body["errors"][0] == {
            "location": "body",
            "pointer": "/name",
            "message_zh": "含有孤立的代理字符(\\ud800–\\udfff)",
            "message_en": "holds a lone surrogate (\\ud800-\\udfff)",
        }
        assert scenarios(world) == before

    def test_in_a_key_deep_in_the_body(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        text = json.dumps(scenario(spread={"x": 0.1})).replace('"x"', '"\\udfff"')
        response = world.client.post("/api/v1/peak/scenarios", **raw_json(text, official))
        assert refused(response)["errors"][0]["pointer"] == "/spread/\\udfff"


class TestNulBytes:
    """A NUL character was stored by SQLite and refused by PostgreSQL with a 500."""

    def test_in_a_json_string(self, world: testkit.World, official: dict[str, str]) -> None:
        before = scenarios(world)
        body = scenario(base_source="来源\x00")
        response = world.client.post("/api/v1/peak/scenarios", headers=official, json=body)
        problem = refused(response)
        assert problem["errors"][0]["pointer"] == "/base_source"
        assert "NUL" in problem["message_zh"] and "NUL" in problem["message_en"]
        assert scenarios(world) == before

    def test_in_the_query(self, world: testkit.World, official: dict[str, str]) -> None:
        response = world.client.get("/api/v1/dashboard/2024?county_code=33%00", headers=official)
        problem = refused(response)
        assert problem["errors"][0]["location"] == "query"
        assert problem["errors"][0]["pointer"] == "/county_code"

    def test_in_the_path(self, world: testkit.World, official: dict[str, str]) -> None:
        response = world.client.get("/api/v1/synergy/inputs/2024/33%00", headers=official)
        assert refused(response)["errors"][0]["location"] == "path"

    def test_in_a_form_field(self, world: testkit.World) -> None:
        response = world.client.post(
            "/api/v1/auth/token", data={"username": "door\x00city", "password": "x"}
        )
        assert refused(response)["errors"][0] == {
            "location": "form",
            "pointer": "/username",
            "message_zh": "含有NUL 字符(\\u0000)",
            "message_en": "holds a NUL character (\\u0000)",
        }

    def test_in_a_multipart_text_field_but_not_in_a_file(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        files = {"file": ("a.pdf", b"%PDF-1.4\n\x00binary\x00", "application/pdf")}
        response = world.client.post(
            "/api/v1/targets/attachments", headers=official, files=files, data={"note": "a\x00"}
        )
        assert refused(response)["errors"][0] == {
            "location": "form",
            "pointer": "/note",
            "message_zh": "含有NUL 字符(\\u0000)",
            "message_en": "holds a NUL character (\\u0000)",
        }
        # the same file without the text field passes the door (what follows is the room's)
        response = world.client.post("/api/v1/targets/attachments", headers=official, files=files)
        assert response.status_code != 500 and "NUL" not in response.text


class TestOverLongText:
    """Over-long text was stored by SQLite and refused by PostgreSQL with a 500: the schemas
    bound it as the columns do, so both refuse it the same way."""

    def test_a_name_one_past_its_column(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        before = scenarios(world)
        response = world.client.post(
            "/api/v1/peak/scenarios", headers=official, json=scenario(name="名" * 121)
        )
        assert refused(response)["errors"][0]["pointer"] == "/name"
        assert scenarios(world) == before

    def test_a_name_at_its_column_is_stored_whole(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        response = world.client.post(
            "/api/v1/peak/scenarios", headers=official, json=scenario(name="名" * 120)
        )
        assert response.status_code == 201, response.text
        assert response.json()["name"] == "名" * 120

    def test_a_version_past_its_column(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        body = {"value": "1", "source_note": "test", "version": "v" * 17}
        response = world.client.put(
            f"/api/v1/synergy/inputs/2024/{JIASHAN}/x", headers=official, json=body
        )
        assert refused(response)["errors"][0]["pointer"] == "/version"


# ----------------------------------------------------------------------------- numbers


class TestNumbersThatDoNotFit:
    """Floats that overflow were a 500, and results that overflowed were answered 200 with
    ``null``: both are refused, the inputs at the door and the results by the core."""

    @pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e309"])
    def test_a_number_json_cannot_carry_back(
        self, world: testkit.World, official: dict[str, str], literal: str
    ) -> None:
        text = json.dumps(scenario()).replace(
            '"gdp_per_capita": 0.05', f'"gdp_per_capita": {literal}'
        )
        response = world.client.post("/api/v1/peak/scenarios", **raw_json(text, official))
        problem = refused(response)
        assert problem["errors"][0]["pointer"] == "/rates/0/gdp_per_capita"
        assert "非有限数" in problem["message_zh"]

    def test_a_growth_rate_that_would_overflow_the_projection(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        # 1e308 a year compounds to inf within two years: at most +100 %/yr is taken
        body = scenario()
        body["rates"][0]["gdp_per_capita"] = 1e308
        response = world.client.post("/api/v1/peak/scenarios", headers=official, json=body)
        assert refused(response)["errors"][0]["pointer"] == "/rates/0/gdp_per_capita"

    def test_a_value_beyond_its_numeric_column(
        self, world: testkit.World, official: dict[str, str]
    ) -> None:
        # NUMERIC(20, 6) holds less than 10^14
        for value in ("1e14", "1e308", "-1e14"):
            response = world.client.put(
                "/api/v1/targets/2024/indicators/energy-intensity/value",
                headers=official,
                json={"value": value, "source_note": "test"},
            )
            assert refused(response)["errors"][0]["pointer"] == "/value"

    def test_a_quantity_of_1e308_mwh(self, world: testkit.World) -> None:
        line = {"id": "e", "activity": "purchased_electricity", "quantity": 1e308, "unit": "MWh"}
        document = {"year": 2023, "region": "CN-ZJ", "lines": [line]}
        response = world.client.post("/api/v1/accounting/calculate", json=document)
        problem = refused(response, 422, "accounting.calculation_refused")
        assert problem["errors"][0]["code"] == "accounting.invalid_quantity"
        assert problem["errors"][0]["pointer"] == "/lines/0/quantity"

    def test_a_result_past_the_limit_is_refused_not_answered_null(
        self, world: testkit.World
    ) -> None:
        # MEE and NBS announcement 2025 No. 47: Zhejiang's 2023 grid factor 0.4974 tCO2/MWh, the
        # national residual (market-based) 0.6096: 2.1e12 MWh (a quantity below 10^14) gives
        # 1.04454e12 t and 1.28016e12 t, past the 10^12 t a result holds
        line = {"id": "e", "activity": "purchased_electricity", "quantity": 2.1e12, "unit": "MWh"}
        document = {"year": 2023, "region": "CN-ZJ", "lines": [line]}
        response = world.client.post("/api/v1/accounting/calculate", json=document)
        problem = refused(response, 422, "accounting.calculation_refused")
        assert problem["errors"][0]["code"] == "accounting.result_out_of_range"
        assert problem["errors"][0]["pointer"] == "/lines/0/quantity"
        assert "null" not in response.text

    def test_a_result_below_the_limit_is_answered_in_full(self, world: testkit.World) -> None:
        # 1.5e12 MWh × 0.4974 tCO2/MWh = 7.461e11 t; × 0.6096 = 9.144e11 t: below 10^12 t
        line = {"id": "e", "activity": "purchased_electricity", "quantity": 1.5e12, "unit": "MWh"}
        document = {"year": 2023, "region": "CN-ZJ", "lines": [line]}
        response = world.client.post("/api/v1/accounting/calculate", json=document)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["total_tco2e"] == pytest.approx(7.461e11, rel=1e-12)
        assert answer["scope2_market_tco2e"] == pytest.approx(9.144e11, rel=1e-12)


# ------------------------------------------------------------------------ at the same time


def _at_once(url: str, count: int, send: Any) -> list[httpx.Response]:
    """``count`` requests released together on the live server at ``url``."""
    barrier = threading.Barrier(count)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def one() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            barrier.wait()
            response = send(client)
            with lock:
                answers.append(response)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _users_named(world: testkit.World, username: str) -> int:
    from shuangtan.auth.models import User

    with world.session() as session:
        found = select(func.count()).select_from(User).where(User.username == username)
        return int(session.scalar(found) or 0)


class TestTwentyAtOnce:
    """Twenty identical requests at once were 500s: now one succeeds, the others get a 409
    problem (or, with one Idempotency-Key, the first answer)."""

    def test_twenty_identical_creations(self, world: testkit.World) -> None:
        admin = world.login("door-admin")
        user = {"username": "door-twin", "password": STRONG, "role": "resident"}
        user["display_name"] = "孪生"
        answers = _at_once(
            world.url, 20, lambda c: c.post("/api/v1/admin/users", json=user, headers=admin)
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201] + [409] * 19, [a.text for a in answers if a.status_code >= 500]
        for answer in answers[1:] if answers[0].status_code == 201 else answers:
            if answer.status_code == 409:
                assert answer.headers["content-type"].startswith(PROBLEM_JSON)
                assert answer.json()["message_zh"] and answer.json()["message_en"]
        assert _users_named(world, "door-twin") == 1

    def test_twenty_with_one_idempotency_key(self, world: testkit.World) -> None:
        admin = world.login("door-admin") | {"Idempotency-Key": "door-key-1"}
        user = {"username": "door-once", "password": STRONG, "role": "resident"}
        user["display_name"] = "一次"
        answers = _at_once(
            world.url, 20, lambda c: c.post("/api/v1/admin/users", json=user, headers=admin)
        )
        created = [a.json() for a in answers if a.status_code == 201]
        others = [a for a in answers if a.status_code != 201]
        assert created and len({a["id"] for a in created}) == 1  # one user, the answer replayed
        for answer in others:
            refused(answer, 409, "idempotency.in_progress")
        assert _users_named(world, "door-once") == 1


PAGES = [
    "/dashboard?year={n}",
    "/disclosure/{n}",
    "/progress/{n}",
    "/admin/users?user={n}",
    "/admin/audit?page={n}",
    "/accounts/entities?year={n}&page={n}",
    "/accounts/entities/{n}",
    "/accounts/entities/1?year={n}",
    "/accounts/entities/1/reports/{n}/{n}",
    "/accounts/verifiers?year={n}",
    "/grading/{n}",
    "/grading/entities/{n}",
    "/grading/entities/1/account-grade?year={n}",
    "/targets/{n}",
    "/targets/{n}/counties",
    "/inventory/{n}",
    "/inventory/{n}/reconciliation",
    "/inventory/{n}/entries",
    "/inventory/{n}/template.xlsx",
    "/synergy/{n}",
    "/synergy/{n}/inputs",
    "/synergy/{n}/330421",
    "/peak/scenarios/{n}",
    "/peak/compare?ids={n}",
]
"""Every page that takes a number in its path or query (ids, years, months, page numbers)."""


class TestPagesTakeNoNumberTheyCannotHold:
    """The pages share the API's types: a number beyond is a 4xx page, never a 500."""

    @pytest.mark.parametrize("username", ["door-city", "door-admin"])
    def test_every_page_with_a_number(self, world: testkit.World, username: str) -> None:
        world.web_login(username)
        try:
            for page in PAGES:
                for value in BEYOND:
                    url = page.format(n=value)
                    response = world.client.get(url, headers={"Accept": "text/html"})
                    assert response.status_code < 500, url
        finally:
            world.client.cookies.clear()


class TestMalformedRequests:
    """What is not JSON, not UTF-8 or too deep to read is a 4xx problem, never a 500."""

    @pytest.mark.parametrize(
        "body",
        [
            b'{"year": 1' + b"0" * 5000 + b"}",  # past Python's 4300-digit integer limit
            b"[" * 100_000 + b"]" * 100_000,  # deeper than any parser recurses
            b'{"year": "\xff\xfe"}',  # not UTF-8
        ],
        ids=["huge-integer", "deep", "not-utf8"],
    )
    def test_a_json_body(self, world: testkit.World, body: bytes) -> None:
        response = world.client.post(
            "/api/v1/accounting/calculate",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"].startswith(PROBLEM_JSON)

    def test_a_form_that_is_not_utf8(self, world: testkit.World) -> None:
        response = world.client.post(
            "/api/v1/auth/token",
            content=b"username=%ff%fe&password=x",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"].startswith(PROBLEM_JSON)

    def test_a_path_that_is_not_utf8(self, world: testkit.World) -> None:
        response = world.client.get("/api/v1/dashboard/public/2024/counties/%ff")
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
