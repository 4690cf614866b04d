"""``/api/v1/dashboard``: public aggregates without login, the officials' view by scope."""

from __future__ import annotations

from typing import Any

import testkit

from .conftest import JIASHAN, NANHU, YEAR, ApiWorld, DashboardWorld, seed_world

PUBLIC = f"/api/v1/dashboard/public/{YEAR}"
PRIVATE = f"/api/v1/dashboard/{YEAR}"


class TestPublicOverview:
    def test_anyone_reads_the_protected_aggregates(self, api_world: ApiWorld) -> None:
        response = api_world.client.get(PUBLIC)
        assert response.status_code == 200
        body = response.json()
        groups = {g["key"]: g for g in body["groups"]}
        # every industry total is withheld (conftest.py derives it), one mark for all; the
        # city total 1980 t of 13 entities is shown
        suppressed = {k: g["suppressed"] for k, g in groups.items()}
        assert suppressed == {"C17": "confidential", "C26": "confidential", "C28": "confidential"}
        assert (body["total"]["entities"], float(body["total"]["tco2e"])) == (13, 1980)
        c17 = groups["C17"]
        shown = (c17["suppressed"], c17["entities"], c17["tco2e"], c17["energy_tce"])
        assert shown == ("confidential", None, None, None)

    def test_no_entity_name_is_in_any_public_document(self, api_world: ApiWorld) -> None:
        urls = [PUBLIC, f"{PUBLIC}/counties/{NANHU}", f"{PUBLIC}/counties/{JIASHAN}"]
        urls += [
            f"{PUBLIC}/counties/{c}/industries/{i}"
            for c in (NANHU, JIASHAN)
            for i in ("C17", "C26", "C28")
        ]
        for url in urls:
            response = api_world.client.get(url)
            assert response.status_code == 200, url
            assert 'entities":[' not in response.text.replace(" ", "")
            assert not [n for n in api_world.world.names if n in response.text], url

    def test_a_client_past_the_limit_is_refused(self, api_world: ApiWorld) -> None:
        # the fixture sets 30 requests a minute
        statuses = [api_world.client.get(PUBLIC).status_code for _ in range(31)]
        assert statuses[:30] == [200] * 30
        assert statuses[30] == 429

    def test_a_bad_year_is_refused_in_two_languages(self, api_world: ApiWorld) -> None:
        body = api_world.client.get("/api/v1/dashboard/public/1900").json()
        assert body["code"] == "input.invalid_year"
        assert "年份" in body["message_zh"] and "Year" in body["message_en"]


class TestRulesFromSettings:
    def test_a_deployment_sets_the_dominance_and_p_rules(self, worlds: Any) -> None:
        # k = 95, p = 5: 嘉善·C26 (900 + 50 + 50) is no longer sensitive (90 % ≤ 95 %;
        # 1000 − 900 − 50 = 50 ≥ 5 % of 900 = 45). 南湖·C26 (one entity) still is: level
        # max(10 % of 500, 100/95·500 − 500 = 26.3, 5 % of 500 = 25) = 50 t. Row 南湖 hides
        # its cheapest cell with room ≥ 50, C28 (120), and with it T·C28 (= 南湖·C28); T·C26
        # goes too (T·C26 − 嘉善·C26 would be 南湖·C26). The public reads 南湖·C26 + 南湖·C28
        # = 620: 南湖·C26 ∈ [0, 620]. C17's total 360 t of 6 entities is shown.
        with worlds(
            seed_world, kind=DashboardWorld, disclosure_dominance_k=95, disclosure_p_percent=5
        ) as made:
            body = made.client.get(PUBLIC).json()
            groups = {
                g["key"]: (g["suppressed"], g["entities"], g["tco2e"]) for g in body["groups"]
            }
            assert groups["C17"][:2] == (None, 6) and float(groups["C17"][2]) == 360
            assert groups["C26"] == groups["C28"] == ("confidential", None, None)
            county = made.client.get(f"{PUBLIC}/counties/{JIASHAN}").json()
            shown = {g["key"]: (g["entities"], float(g["tco2e"])) for g in county["groups"]}
            assert shown == {"C17": (3, 60.0), "C26": (3, 1000.0)}


class TestOfficialOverview:
    def test_anonymous_is_refused(self, api_world: ApiWorld) -> None:
        assert api_world.client.get(PRIVATE).status_code == 401

    def test_an_enterprise_is_refused(self, api_world: ApiWorld) -> None:
        response = api_world.client.get(PRIVATE, headers=api_world.login("firm"))
        assert response.status_code == 403

    def test_a_city_official_sees_every_cell(self, api_world: ApiWorld) -> None:
        body = api_world.client.get(PRIVATE, headers=api_world.login("city")).json()
        suppressed = {g["key"]: g["suppressed"] for g in body["groups"]}
        assert suppressed == {"C17": None, "C26": None, "C28": None}


class TestIndustryEntities:
    URL = f"{PRIVATE}/counties/{{county}}/industries/{{industry}}"

    def test_a_county_official_lists_its_own_countys_entities(self, api_world: ApiWorld) -> None:
        response = api_world.client.get(
            self.URL.format(county=JIASHAN, industry="C26"), headers=api_world.login("jiashan")
        )
        assert response.status_code == 200
        names = [e["name"] for e in response.json()["entities"]]
        assert names == ["测试21C26企业1号", "测试21C26企业2号", "测试21C26企业3号"]

    def test_a_county_official_is_refused_another_countys_entities(
        self, api_world: ApiWorld
    ) -> None:
        response = api_world.client.get(
            self.URL.format(county=NANHU, industry="C17"), headers=api_world.login("jiashan")
        )
        assert response.status_code == 403
        assert response.json()["code"] == "dashboard.out_of_scope"

    def test_a_city_official_lists_any_county(self, api_world: ApiWorld) -> None:
        response = api_world.client.get(
            self.URL.format(county=NANHU, industry="C26"), headers=api_world.login("city")
        )
        assert [e["name"] for e in response.json()["entities"]] == ["测试02C26企业1号"]

    def test_anonymous_is_refused(self, api_world: ApiWorld) -> None:
        url = self.URL.format(county=NANHU, industry="C26")
        assert api_world.client.get(url).status_code == 401


# ------------------------------------------------------------------- the OpenAPI document


class TestOpenApi:
    def test_every_operation_declares_the_shape_of_its_success_answer(
        self, openapi: dict[str, Any]
    ) -> None:
        assert len(testkit.success_answers(openapi, "/api/v1/dashboard/")) == 6
        assert testkit.undeclared(openapi, "/api/v1/dashboard/") == []
