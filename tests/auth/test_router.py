from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient

NEW_USER = {
    "username": "zhang",
    "password": "a-good-password",
    "role": "resident",
    "display_name": "张三",
}


def _login(client: TestClient, username: str, password: str | None = None) -> dict[str, str]:
    password = password or f"demo-{username.replace('_', '-')}-2025"
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert body["message_zh"] and body["message_en"]


class TestToken:
    def test_the_password_flow_gives_a_bearer_token(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/auth/token", data={"username": "admin", "password": "demo-admin-2025"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 30 * 60

    def test_a_wrong_password_is_a_401_problem(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/token", data={"username": "admin", "password": "x"})
        _problem(response, 401, "auth.invalid_credentials")

    def test_an_unknown_user_gets_the_same_401(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/token", data={"username": "ghost", "password": "x"})
        _problem(response, 401, "auth.invalid_credentials")


class TestMe:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        _problem(client.get("/api/v1/auth/me"), 401, "auth.not_authenticated")

    def test_a_forged_token_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not.a.jwt"})
        _problem(response, 401, "auth.invalid_token")

    def test_the_token_names_the_principal(self, client: TestClient) -> None:
        body = client.get("/api/v1/auth/me", headers=_login(client, "official_jiashan")).json()
        assert (body["username"], body["role"], body["county_code"]) == (
            "official_jiashan",
            "official",
            "330421",
        )
        assert body["role_label_zh"] == "政府官员"


class TestAdminUsers:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        _problem(client.get("/api/v1/admin/users"), 401, "auth.not_authenticated")

    def test_another_role_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/admin/users", headers=_login(client, "official"))
        _problem(response, 403, "auth.permission_denied")

    def test_the_admin_lists_the_users(self, client: TestClient) -> None:
        body = client.get("/api/v1/admin/users?page_size=5", headers=_login(client, "admin")).json()
        assert body["total"] == 9
        assert len(body["items"]) == 5
        assert "password_hash" not in body["items"][0]

    def test_another_role_cannot_create_a_user(self, client: TestClient) -> None:
        response = client.post("/api/v1/admin/users", json=NEW_USER, headers=_login(client, "bank"))
        _problem(response, 403, "auth.permission_denied")

    def test_the_admin_creates_a_user_who_can_log_in(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/admin/users", json=NEW_USER, headers=_login(client, "admin")
        )
        assert response.status_code == 201, response.text
        assert response.json()["role"] == "resident"
        assert _login(client, "zhang", "a-good-password")

    def test_a_retry_with_the_same_key_returns_the_first_result(self, client: TestClient) -> None:
        headers = {**_login(client, "admin"), "Idempotency-Key": "create-zhang-1"}
        first = client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        again = client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json() == first.json()
        users = client.get("/api/v1/admin/users", headers=headers).json()
        assert users["total"] == 10

    def test_the_same_key_with_another_body_is_a_conflict(self, client: TestClient) -> None:
        headers = {**_login(client, "admin"), "Idempotency-Key": "create-zhang-1"}
        client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        other = {**NEW_USER, "username": "lisi"}
        response = client.post("/api/v1/admin/users", json=other, headers=headers)
        _problem(response, 409, "idempotency.key_reused")

    def test_a_retry_without_a_key_is_refused_as_a_duplicate(self, client: TestClient) -> None:
        headers = _login(client, "admin")
        client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        response = client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        _problem(response, 409, "auth.username_taken")

    def test_an_official_without_scope_is_refused(self, client: TestClient) -> None:
        body = {**NEW_USER, "role": "official"}
        response = client.post("/api/v1/admin/users", json=body, headers=_login(client, "admin"))
        _problem(response, 422, "auth.invalid_scope")


class TestAudit:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        _problem(client.get("/api/v1/audit"), 401, "auth.not_authenticated")

    def test_another_role_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/audit", headers=_login(client, "verifier"))
        _problem(response, 403, "auth.permission_denied")

    def test_the_admin_pages_through_the_log_newest_first(self, client: TestClient) -> None:
        headers = _login(client, "admin")
        body = client.get("/api/v1/audit?page=2&page_size=10", headers=headers).json()
        assert body["total"] == 79  # 70 city rows + 9 demo users, see tests/city/test_demo.py
        assert [e["seq"] for e in body["items"]] == list(range(69, 59, -1))

    def test_the_admin_verifies_the_chain(self, client: TestClient) -> None:
        body = client.get("/api/v1/audit/verify", headers=_login(client, "admin")).json()
        assert (body["ok"], body["checked"], body["first_bad_seq"]) == (True, 79, None)


class TestOpenApiAnswers:
    def test_every_operation_declares_what_it_answers(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert openapi_answers(spec, "/auth/", "/admin/", "/audit") == {
            "POST /auth/token": "200 TokenRead",
            "GET /auth/me": "200 PrincipalRead",
            "GET /admin/users": "200 Page_UserRead_",
            "POST /admin/users": "201 UserRead",
            "GET /audit": "200 Page_AuditEntryRead_",
            "GET /audit/verify": "200 ChainReportRead",
        }


def openapi_answers(spec: dict[str, Any], *rooms: str) -> dict[str, str]:
    """``"METHOD /path"`` → ``"status answer"`` of every operation under ``/api/v1`` + a room:
    the schema its JSON answer names (``[X]`` for a list of X), or ``binary <media type>`` for
    a file. Every schema named must describe its fields (no field without a type)."""
    prefixes = tuple(f"/api/v1{room}" for room in rooms)
    answers = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items() if path.startswith(prefixes) else ():
            status = next(code for code in operation["responses"] if code.startswith("2"))
            ((media_type, content),) = operation["responses"][status]["content"].items()
            schema = content["schema"]
            if schema.get("format") == "binary":
                answer = f"binary {media_type}"
            else:
                assert media_type == "application/json", (path, media_type)
                listed = schema.get("type") == "array"
                name = (schema["items"] if listed else schema)["$ref"].rsplit("/", 1)[1]
                _assert_described(spec, name)
                answer = f"[{name}]" if listed else name
            answers[f"{method.upper()} {path.removeprefix('/api/v1')}"] = f"{status} {answer}"
    return answers


def _assert_described(spec: dict[str, Any], name: str) -> None:
    component = spec["components"]["schemas"][name]
    if "enum" in component:
        return
    fields = component["properties"]
    assert fields, name
    for field, schema in fields.items():
        assert schema.keys() & {"type", "$ref", "anyOf", "allOf"}, (name, field)
        for ref in re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(schema)):
            _assert_described(spec, ref)
