from __future__ import annotations

from fastapi.testclient import TestClient

import testkit

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
        testkit.problem(response, 401, "auth.invalid_credentials")

    def test_an_unknown_user_gets_the_same_401(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/token", data={"username": "ghost", "password": "x"})
        testkit.problem(response, 401, "auth.invalid_credentials")


class TestMe:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        testkit.problem(client.get("/api/v1/auth/me"), 401, "auth.not_authenticated")

    def test_a_forged_token_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not.a.jwt"})
        testkit.problem(response, 401, "auth.invalid_token")

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
        testkit.problem(client.get("/api/v1/admin/users"), 401, "auth.not_authenticated")

    def test_another_role_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/admin/users", headers=_login(client, "official"))
        testkit.problem(response, 403, "auth.permission_denied")

    def test_the_admin_lists_the_users(self, client: TestClient) -> None:
        body = client.get("/api/v1/admin/users?page_size=5", headers=_login(client, "admin")).json()
        assert body["total"] == 9
        assert len(body["items"]) == 5
        assert "password_hash" not in body["items"][0]

    def test_another_role_cannot_create_a_user(self, client: TestClient) -> None:
        response = client.post("/api/v1/admin/users", json=NEW_USER, headers=_login(client, "bank"))
        testkit.problem(response, 403, "auth.permission_denied")

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
        testkit.problem(response, 409, "idempotency.key_reused")

    def test_a_retry_without_a_key_is_refused_as_a_duplicate(self, client: TestClient) -> None:
        headers = _login(client, "admin")
        client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        response = client.post("/api/v1/admin/users", json=NEW_USER, headers=headers)
        testkit.problem(response, 409, "auth.username_taken")

    def test_an_official_without_scope_is_refused(self, client: TestClient) -> None:
        body = {**NEW_USER, "role": "official"}
        response = client.post("/api/v1/admin/users", json=body, headers=_login(client, "admin"))
        testkit.problem(response, 422, "auth.invalid_scope")


class TestAudit:
    def test_anonymous_is_refused(self, client: TestClient) -> None:
        testkit.problem(client.get("/api/v1/audit"), 401, "auth.not_authenticated")

    def test_another_role_is_refused(self, client: TestClient) -> None:
        response = client.get("/api/v1/audit", headers=_login(client, "verifier"))
        testkit.problem(response, 403, "auth.permission_denied")

    def test_the_admin_pages_through_the_log_newest_first(self, client: TestClient) -> None:
        headers = _login(client, "admin")
        body = client.get("/api/v1/audit?page=2&page_size=10", headers=headers).json()
        # 70 city rows + 9 demo users (see tests/city/test_demo.py) + the admin's login
        assert body["total"] == 80
        assert [e["seq"] for e in body["items"]] == list(range(70, 60, -1))

    def test_the_admin_verifies_the_chain(self, client: TestClient) -> None:
        body = client.get("/api/v1/audit/verify", headers=_login(client, "admin")).json()
        assert (body["ok"], body["checked"], body["first_bad_seq"]) == (True, 80, None)


class TestOpenApiAnswers:
    def test_every_operation_declares_what_it_answers(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert testkit.openapi_answers(spec, "/auth/", "/admin/", "/audit") == {
            "POST /auth/token": "200 TokenRead",
            "POST /auth/logout": "200 LogoutRead",
            "POST /auth/password": "200 LogoutRead",
            "GET /auth/me": "200 PrincipalRead",
            "GET /admin/users": "200 Page_UserRead_",
            "POST /admin/users": "201 UserRead",
            "POST /admin/users/{user_id}/deactivate": "200 UserRead",
            "POST /admin/users/{user_id}/reactivate": "200 UserRead",
            "POST /admin/users/{user_id}/unlock": "200 UserRead",
            "GET /audit": "200 Page_AuditEntryRead_",
            "GET /audit/verify": "200 ChainReportRead",
        }
