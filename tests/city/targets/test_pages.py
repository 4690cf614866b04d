"""The targets pages as HTML: the officials' page and its forms, the county page, the public
page (the browser tests look at them in Chromium)."""

from __future__ import annotations

from testkit import World


class TestTargetsPage:
    def test_anonymous_is_sent_to_log_in(self, api_world: World) -> None:
        client = api_world.client
        client.cookies.clear()
        response = client.get(
            "/targets/2022", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert response.status_code == 303 and "/login" in response.headers["location"]

    def test_a_resident_is_refused(self, api_world: World) -> None:
        api_world.web_login("resident")
        client = api_world.client
        assert client.get("/targets/2022", headers={"accept": "text/html"}).status_code == 403

    def test_an_official_enters_a_value_with_an_attachment_and_sees_it(
        self, api_world: World
    ) -> None:
        api_world.web_login("city")
        client = api_world.client
        token = api_world.csrf("/targets/2023")
        response = client.post(
            "/targets/2023/indicators/public_chargers/value",
            data={"value": "2400", "source_note": "市能源局充电设施统计", "csrf_token": token},
            files={"attachment": ("统计.pdf", b"%PDF-1.4\n%x\n", "application/pdf")},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        html = client.get("/targets/2023").text
        # completion 2400 / 4800 = 50.0 %; one value only → insufficient data for a forecast
        assert 'data-testid="value-public_chargers">2,400<' in html
        assert "50.0%" in html and "市能源局充电设施统计" in html
        assert "/api/v1/targets/attachments/" in html

    def test_a_refused_value_shows_the_reason_and_keeps_nothing(self, api_world: World) -> None:
        api_world.web_login("city")
        client = api_world.client
        token = api_world.csrf("/targets/2023")
        response = client.post(
            "/targets/2023/indicators/forest_coverage/value",
            data={"value": "130", "source_note": "林业局", "csrf_token": token},
            files={"attachment": ("a.pdf", b"%PDF-1.4\n", "application/pdf")},
        )
        assert response.status_code == 422
        assert "百分比应在" in response.text
        body = client.get("/api/v1/targets/2023").json()
        forest = next(r for r in body["indicators"] if r["id"] == "forest_coverage")
        assert forest["assessment"]["actual"] is None

    def test_a_form_without_the_csrf_token_is_refused(self, api_world: World) -> None:
        api_world.web_login("city")
        client = api_world.client
        response = client.post(
            "/targets/2023/indicators/green_factories/value",
            data={"value": "1", "source_note": "x"},
        )
        assert response.status_code == 403


class TestCountiesPage:
    def test_the_city_sets_a_county_cap_and_both_dual_controls_show(self, api_world: World) -> None:
        api_world.web_login("city")
        client = api_world.client
        token = api_world.csrf("/targets/2022/counties")
        response = client.post(
            "/targets/2022/counties",
            data={
                "county_code": "330424",
                "kind": "energy_total_cap",
                "target_value": "900",
                "source_note": "示例分解",
                "csrf_token": token,
            },
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        html = client.get("/targets/2022/counties").text
        assert "能耗双控" in html or "Energy dual control" in html
        assert "示例分解" in html and "900.00" in html

    def test_a_county_official_sees_only_its_row_filled(self, api_world: World) -> None:
        api_world.web_login("jiashan")
        client = api_world.client
        html = client.get("/targets/2022/counties").text
        assert "示例分解" not in html  # 海盐县's cap is not the Jiashan official's to see
        assert 'data-testid="county-form"' not in html


class TestPublicPage:
    def test_an_unpublished_year_is_not_found(self, api_world: World) -> None:
        client = api_world.client
        client.cookies.clear()
        assert client.get("/progress/2021", headers={"accept": "text/html"}).status_code == 404

    def test_a_published_year_shows_without_login(self, api_world: World) -> None:
        api_world.web_login("city")
        client = api_world.client
        token = api_world.csrf("/targets/2021")
        response = client.post(
            "/targets/2021/publication",
            data={"published": "1", "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
        client.cookies.clear()
        html = client.get("/progress/2021").text
        # demo 2021 energy 23,010,000 tce → 2,301.00 ×10^4 tce (two decimals, the unit's)
        assert 'data-testid="value-energy_consumption_total">2,301.00<' in html
        assert "市能源局" not in html  # no source notes on the public page
