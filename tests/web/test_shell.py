"""The web shell without a browser: CSRF, error pages, navigation by role, language cookie."""

from __future__ import annotations

from testkit import World


class TestLogin:
    def test_a_login_form_without_the_csrf_token_is_refused(self, demo_world: World) -> None:
        client = demo_world.client
        client.get("/login")
        response = client.post(
            "/login",
            data={"username": "admin", "password": demo_world.password("admin")},
            headers={"accept": "application/json"},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert response.json()["code"] == "auth.csrf_failed"

    def test_a_login_redirects_only_to_a_path_of_this_site(self, demo_world: World) -> None:
        client = demo_world.client
        response = client.post(
            "/login",
            data={
                "username": "admin",
                "password": demo_world.password("admin"),
                "next": "https://evil.example/",
                "csrf_token": demo_world.csrf("/login"),
            },
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/"

    def test_a_cookie_authenticated_api_write_needs_the_csrf_header(
        self, demo_world: World
    ) -> None:
        client = demo_world.client
        demo_world.web_login("admin")
        body = {
            "username": "new_official",
            "password": "a-long-password-1",
            "role": "official",
            "display_name": "新官员",
            "county_code": "330421",
        }
        refused = client.post("/api/v1/admin/users", json=body)
        assert refused.status_code == 403
        assert refused.json()["code"] == "auth.csrf_failed"
        token = demo_world.csrf()
        accepted = client.post("/api/v1/admin/users", json=body, headers={"X-CSRF-Token": token})
        assert accepted.status_code == 201, accepted.text


class TestNavigation:
    def test_the_audit_log_is_in_the_admins_navigation_only(self, demo_world: World) -> None:
        client = demo_world.client
        assert 'href="/admin/audit"' not in client.get("/").text
        demo_world.web_login("admin")
        assert 'href="/admin/audit"' in client.get("/").text

    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, demo_world: World) -> None:
        client = demo_world.client
        response = client.get(
            "/admin/audit", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=/admin/audit"


class TestErrorPages:
    def test_an_unknown_page_is_a_chinese_404_page_for_people(self, demo_world: World) -> None:
        client = demo_world.client
        response = client.get("/no-such-page", headers={"accept": "text/html"})
        assert response.status_code == 404
        assert "您访问的页面或资源不存在" in response.text

    def test_an_unknown_api_path_is_a_problem_document(self, demo_world: World) -> None:
        client = demo_world.client
        response = client.get("/api/v1/no-such-thing")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["message_en"] == "No such page or resource."

    def test_the_english_choice_is_kept_in_a_cookie(self, demo_world: World) -> None:
        client = demo_world.client
        assert "Carbon calculator" in client.get("/?lang=en").text
        assert "<h1>Carbon calculator</h1>" in client.get("/calculator").text
