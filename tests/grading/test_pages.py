"""The grading and finance pages as HTML (the browser tests look at them in Chromium)."""

from __future__ import annotations

from .conftest import GradingWorld


class TestPublicGradePage:
    def test_it_shows_the_grade_but_not_the_emissions(self, shared_world: GradingWorld) -> None:
        html = shared_world.client.get(f"/grades/{shared_world.tokens['nanhu_c']}").text
        assert 'data-grade="4"' in html and "nanhu纺织c" in html and "纺织业" in html
        assert "tCO2" not in html and "140" not in html  # neither unit nor the verified 140 t


class TestDisclosurePage:
    def test_anyone_sees_key_enterprises_and_a_chart(self, shared_world: GradingWorld) -> None:
        html = shared_world.client.get("/disclosure/2024").text
        assert 'data-testid="disclosure-count">6<' in html
        assert "data-chart=" in html and "echarts.min.js" in html

    def test_the_menus_link_opens_the_latest_year_graded(self, shared_world: GradingWorld) -> None:
        # the world grades 2024 only (conftest.seed_world), so /disclosure opens 2024
        response = shared_world.client.get("/disclosure", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/disclosure/2024"


class TestEntityPage:
    def test_the_enterprise_sees_its_grade_with_a_qr_code_and_the_way_up(
        self, shared_world: GradingWorld
    ) -> None:
        token = shared_world.tokens["nanhu_b"]
        shared_world.web_login("firm-b")
        html = shared_world.client.get(f"/grading/entities/{shared_world.ids['nanhu_b']}").text
        assert 'data-grade="3"' in html and "<svg" in html
        assert f"/grades/{token}" in html
        # grade 3 → 2 needs K ≤ 0.8: L ≤ 0.8, i.e. 100 − 0.8 × 100 = 20 t less
        assert "20.00" in html
        # the benchmark's peers: six C17 firms (three per county), nanhu_b included
        assert 'data-testid="peers">由本行业 6 家企业(含本企业)算得<' in html

    def test_another_enterprise_is_refused(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("firm-a")
        response = shared_world.client.get(f"/grading/entities/{shared_world.ids['nanhu_b']}")
        assert response.status_code == 404


class TestOverviewPage:
    def test_a_county_official_sees_its_d_class_list_only(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("jiashan")
        html = shared_world.client.get("/grading/2024").text
        assert "jiashan纺织c" in html and "nanhu纺织c" not in html

    def test_the_menus_link_opens_the_latest_year_graded(self, shared_world: GradingWorld) -> None:
        shared_world.web_login("jiashan")
        response = shared_world.client.get("/grading", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/grading/2024"
        shared_world.web_login("firm-a")
        assert shared_world.client.get("/grading", follow_redirects=False).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, shared_world: GradingWorld) -> None:
        shared_world.client.cookies.clear()
        response = shared_world.client.get(
            "/grading/2024", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303 and "/login" in response.headers["location"]


class TestFinancePages:
    def test_an_enterprise_grants_on_the_page_and_the_bank_then_sees_it(
        self, shared_world: GradingWorld
    ) -> None:
        shared_world.web_login("firm-a")
        token = shared_world.csrf("/finance")
        response = shared_world.client.post(
            "/finance/consents",
            data={"bank_id": str(shared_world.bank_ids["a"]), "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
        shared_world.web_login("bank-a")
        assert "nanhu纺织a" in shared_world.client.get("/finance").text
        html = shared_world.client.get(f"/finance/enterprises/{shared_world.ids['nanhu_a']}").text
        assert "60.00" in html  # the verified 60 tCO2e
        report = f"/api/v1/finance/enterprises/{shared_world.ids['nanhu_a']}/annual/2024/report"
        assert f'href="{report}.pdf"' in html and f'href="{report}.xlsx"' in html
