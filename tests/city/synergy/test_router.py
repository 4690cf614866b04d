"""The synergy API: who may read and write, Idempotency-Key replay, the year and drill-down."""

from __future__ import annotations

from typing import Any

import testkit

from .conftest import JIASHAN, NANHU, V1, V2, XIUZHOU, YEAR, World

PM25 = f"/api/v1/synergy/inputs/{YEAR}/{JIASHAN}/pm25_concentration"
BODY = {"value": "26.5", "source_note": "嘉善县2024年环境状况公报"}


def _problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


class TestPutInput:
    def test_anonymous_is_refused(self, world: World) -> None:
        _problem(world.client.put(PM25, json=BODY), 401, "auth.not_authenticated")

    def test_a_resident_is_refused(self, world: World) -> None:
        _problem(
            world.client.put(PM25, json=BODY, headers=world.login("resident")),
            403,
            "auth.permission_denied",
        )

    def test_another_countys_official_is_refused(self, world: World) -> None:
        url = f"/api/v1/synergy/inputs/{YEAR}/{NANHU}/pm25_concentration"
        _problem(
            world.client.put(url, json=BODY, headers=world.login("jiashan")),
            403,
            "synergy.out_of_scope",
        )

    def test_a_retry_with_the_same_key_gets_the_first_answer_without_running_again(
        self, world: World
    ) -> None:
        login = world.login("jiashan")
        keyed = login | {"Idempotency-Key": "pm25-2024-1"}
        first = world.client.put(PM25, json=BODY, headers=keyed)
        assert first.status_code == 200, first.text
        assert (first.json()["value"], first.json()["origin"]) == ("26.500000", "entered")
        changed = world.client.put(PM25, json=BODY | {"value": "27"}, headers=login)  # no key
        assert changed.json()["value"] == "27.000000"
        again = world.client.put(PM25, json=BODY, headers=keyed)
        assert again.json() == first.json()  # the stored answer ...
        stored = world.client.get(f"/api/v1/synergy/inputs/{YEAR}/{JIASHAN}", headers=login)
        pm25 = [r["value"] for r in stored.json() if r["indicator_id"] == "pm25_concentration"]
        assert pm25 == ["27.000000"]  # ... and it did not run again
        other = world.client.put(PM25, json=BODY | {"value": "28"}, headers=keyed)
        _problem(other, 409, "idempotency.key_reused")

    def test_a_value_that_is_not_a_number_is_a_422_problem(self, world: World) -> None:
        response = world.client.put(
            PM25, json=BODY | {"value": "n/a"}, headers=world.login("jiashan")
        )
        assert response.status_code == 422


class TestWeightSets:
    def test_anonymous_is_refused(self, world: World) -> None:
        _problem(world.client.get("/api/v1/synergy/weight-sets"), 401, "auth.not_authenticated")

    def test_weights_not_summing_to_one_are_refused_in_two_languages(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/synergy/weight-sets",
            headers=world.login("city"),
            json={"name": "x", "weights": {"pm25_concentration": 1, "co2_per_gdp": 1}},
        )
        _problem(response, 422, "synergy.weights_invalid")
        assert (
            "missing" in response.json()["message_en"] and "缺少" in response.json()["message_zh"]
        )

    def test_a_county_official_is_refused(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/synergy/weight-sets",
            headers=world.login("jiashan"),
            json={"name": "x", "weights": {}},
        )
        _problem(response, 403, "synergy.out_of_scope")


class TestComputeAndRead:
    def test_anonymous_is_refused(self, world: World) -> None:
        _problem(
            world.client.post(f"/api/v1/synergy/years/{YEAR}/compute"),
            401,
            "auth.not_authenticated",
        )

    def test_the_city_computes_and_officials_read_within_scope(self, world: World) -> None:
        city = world.login("city")
        response = world.client.post(
            f"/api/v1/synergy/years/{YEAR}/compute", headers=city, json={"version": V1}
        )
        assert response.status_code == 201, response.text
        assert response.json()["weighting"] == "entropy"
        assert (response.json()["definition_version"], response.json()["anchored"]) == (V1, False)
        year = world.client.get(f"/api/v1/synergy/years/{YEAR}", headers=city).json()
        # equal weights 1/11, x' = 0, 0.5, 1 → indices 0, 50, 100 (tests/.../test_service.py)
        assert [(s["county_code"], s["index"]) for s in year["scores"]] == [
            (JIASHAN, "100.0000"),
            (XIUZHOU, "50.0000"),
            (NANHU, "0.0000"),
        ]
        county = world.client.get(f"/api/v1/synergy/years/{YEAR}/{XIUZHOU}", headers=city).json()
        assert county["score"]["coordination_d"] == "0.707107"  # √0.5
        assert len(county["score"]["indicators"]) == 11
        jiashan = world.login("jiashan")
        own = world.client.get(f"/api/v1/synergy/years/{YEAR}", headers=jiashan).json()
        assert [s["county_code"] for s in own["scores"]] == [JIASHAN]
        _problem(
            world.client.get(f"/api/v1/synergy/years/{YEAR}/{NANHU}", headers=jiashan),
            403,
            "synergy.out_of_scope",
        )

    def test_the_default_version_is_anchored_and_either_version_can_be_read(
        self, world: World
    ) -> None:
        city = world.login("city")
        url = f"/api/v1/synergy/years/{YEAR}"
        v1 = world.client.post(f"{url}/compute", headers=city, json={"version": V1})
        v2 = world.client.post(f"{url}/compute", headers=city)
        assert (v2.json()["definition_version"], v2.json()["anchored"]) == (V2, True)
        # the newest run is 2026.1's: Jiashan 100 × (9 × 2/3 + 2)/11 = 72.7273 (test_service)
        newest = world.client.get(url, headers=city).json()
        assert newest["scores"][0]["index"] == "72.7273"
        older = world.client.get(url, headers=city, params={"version": V1}).json()
        assert older["run"]["run_id"] == v1.json()["run_id"]
        assert older["scores"][0]["index"] == "100.0000"
        county = world.client.get(f"{url}/{XIUZHOU}", headers=city).json()
        gdp = next(
            i for i in county["score"]["indicators"] if i["indicator_id"] == "gdp_per_capita"
        )
        assert (gdp["bounds"], gdp["normalised"]) == ([-1.0, 5.0], 0.5)  # (2 + 1)/6
        _problem(
            world.client.get(url, headers=city, params={"version": "1999.9"}),
            404,
            "synergy.unknown_definition",
        )

    def test_a_county_official_may_not_compute(self, world: World) -> None:
        response = world.client.post(
            f"/api/v1/synergy/years/{YEAR}/compute", headers=world.login("jiashan")
        )
        _problem(response, 403, "synergy.out_of_scope")


class TestDefinitions:
    def test_the_shipped_versions_are_listed_with_the_newest_as_default(self, world: World) -> None:
        body = world.client.get("/api/v1/synergy/definitions", headers=world.login("city")).json()
        assert body["versions"][:2] == [V1, V2] and body["default"] == body["versions"][-1]

    def test_an_official_reads_the_definition_with_its_sources(self, world: World) -> None:
        body = world.client.get(
            "/api/v1/synergy/definitions/2025.1", headers=world.login("jiashan")
        ).json()
        assert body["version"] == "2025.1" and len(body["indicators"]) == 11
        assert all(i["source"] for i in body["indicators"])
        assert (body["anchored"], body["coupling_model"], body["reference_year"]) == (
            False,
            "traditional",
            None,
        )
        new = world.client.get(
            f"/api/v1/synergy/definitions/{V2}", headers=world.login("jiashan")
        ).json()
        assert (new["anchored"], new["coupling_model"], new["weighting_basis"]) == (
            True,
            "modified",
            "reference",
        )
        assert (new["reference_year"], new["reference_margin"]) == (2020, 1.0)

    def test_an_unknown_version_is_404(self, world: World) -> None:
        _problem(
            world.client.get("/api/v1/synergy/definitions/1999.9", headers=world.login("city")),
            404,
            "synergy.unknown_definition",
        )


# ------------------------------------------------------------------- the OpenAPI document


class TestOpenApi:
    def test_every_operation_declares_the_shape_of_its_success_answer(
        self, openapi: dict[str, Any]
    ) -> None:
        assert len(testkit.success_answers(openapi, "/api/v1/synergy/")) == 9
        assert testkit.undeclared(openapi, "/api/v1/synergy/") == []
