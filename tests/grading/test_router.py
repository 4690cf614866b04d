"""The grading API: who may compute and read, scopes, and the public views without raw data."""

from __future__ import annotations

from fastapi.testclient import TestClient

import testkit

from .conftest import JIASHAN, NANHU, ApiWorld


class TestCompute:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:
        testkit.problem(
            shared_world.client.post("/api/v1/grading/years/2024/compute"),
            401,
            "auth.not_authenticated",
        )

    def test_an_enterprise_is_refused(self, shared_world: ApiWorld) -> None:
        response = shared_world.client.post(
            "/api/v1/grading/years/2024/compute", headers=shared_world.login("firm-a")
        )
        testkit.problem(response, 403, "auth.permission_denied")

    def test_a_county_official_may_not_recompute_the_city(self, shared_world: ApiWorld) -> None:
        response = shared_world.client.post(
            "/api/v1/grading/years/2024/compute", headers=shared_world.login("jiashan")
        )
        testkit.problem(response, 403, "grading.permission_denied")

    def test_a_city_official_computes_the_year(self, shared_world: ApiWorld) -> None:
        response = shared_world.client.post(
            "/api/v1/grading/years/2024/compute", headers=shared_world.login("city")
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["grades"] == 6 and body["per_mu_evaluated"] == 6
        assert [
            (b["industry_code"], float(b["intensity_t_per_10k_cny"])) for b in body["benchmarks"]
        ] == [("C17", 1.0)]


class TestBenchmarks:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:
        testkit.problem(
            shared_world.client.get("/api/v1/grading/years/2024/benchmarks"),
            401,
            "auth.not_authenticated",
        )

    def test_an_enterprise_is_refused(self, shared_world: ApiWorld) -> None:
        response = shared_world.client.get(
            "/api/v1/grading/years/2024/benchmarks", headers=shared_world.login("firm-a")
        )
        testkit.problem(response, 403, "auth.permission_denied")

    def test_an_official_reads_the_computed_benchmark_with_its_count(
        self, shared_world: ApiWorld
    ) -> None:
        body = shared_world.client.get(
            "/api/v1/grading/years/2024/benchmarks", headers=shared_world.login("jiashan")
        ).json()
        # (60 + 100 + 140) × 2 / (6 × 100) = 1.0 from six textile firms
        assert [
            (b["industry_code"], float(b["intensity_t_per_10k_cny"]), b["method"], b["enterprises"])
            for b in body
        ] == [("C17", 1.0, "computed", 6)]


class TestEntityGrades:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:
        url = f"/api/v1/grading/entities/{shared_world.ids['nanhu_a']}/grades"
        testkit.problem(shared_world.client.get(url), 401, "auth.not_authenticated")

    def test_the_enterprise_reads_its_own_grade(self, shared_world: ApiWorld) -> None:
        url = f"/api/v1/grading/entities/{shared_world.ids['nanhu_a']}/grades"
        body = shared_world.client.get(url, headers=shared_world.login("firm-a")).json()
        assert [(g["year"], g["grade"], g["level"]) for g in body] == [(2024, 1, "low")]
        # C17's benchmark is computed city-wide from the six textile firms (three per county),
        # nanhu_a among them: the peer count beside the grade says so
        assert body[0]["benchmark_enterprises"] == 2 * 3

    def test_another_tenant_is_refused(self, shared_world: ApiWorld) -> None:
        url = f"/api/v1/grading/entities/{shared_world.ids['nanhu_a']}/grades"
        testkit.problem(
            shared_world.client.get(url, headers=shared_world.login("firm-b")),
            404,
            "grading.not_found",
        )

    def test_a_county_official_does_not_see_another_county(self, shared_world: ApiWorld) -> None:
        url = f"/api/v1/grading/entities/{shared_world.ids['nanhu_a']}/grades"
        testkit.problem(
            shared_world.client.get(url, headers=shared_world.login("jiashan")),
            404,
            "grading.not_found",
        )


class TestDClass:
    def test_anonymous_is_refused(self, shared_world: ApiWorld) -> None:
        testkit.problem(
            shared_world.client.get("/api/v1/grading/years/2024/d-class"),
            401,
            "auth.not_authenticated",
        )

    def test_a_city_official_sees_both_counties(self, shared_world: ApiWorld) -> None:
        body = shared_world.client.get(
            "/api/v1/grading/years/2024/d-class", headers=shared_world.login("city")
        ).json()
        assert [(r["county_code"], r["entity_id"]) for r in body] == [
            (NANHU, shared_world.ids["nanhu_c"]),
            (JIASHAN, shared_world.ids["jiashan_c"]),
        ]
        assert float(body[0]["score"]) == 32.1071

    def test_a_county_official_sees_its_own_county(self, shared_world: ApiWorld) -> None:
        body = shared_world.client.get(
            "/api/v1/grading/years/2024/d-class", headers=shared_world.login("jiashan")
        ).json()
        assert [r["entity_id"] for r in body] == [shared_world.ids["jiashan_c"]]

    def test_another_county_is_refused_to_a_county_official(self, shared_world: ApiWorld) -> None:
        response = shared_world.client.get(
            f"/api/v1/grading/years/2024/d-class?county_code={NANHU}",
            headers=shared_world.login("jiashan"),
        )
        testkit.problem(response, 403, "grading.out_of_scope")


class TestPublicGrade:
    def test_anyone_sees_the_grade_but_not_the_data(self, shared_world: ApiWorld) -> None:
        url = f"/api/v1/grading/entities/{shared_world.ids['nanhu_c']}/grades"
        token = shared_world.client.get(url, headers=shared_world.login("city")).json()[0][
            "public_token"
        ]
        body = shared_world.client.get(f"/api/v1/grading/public/grades/{token}").json()
        assert (body["name"], body["year"], body["grade"]) == ("nanhu纺织c", 2024, 4)
        assert not {"tco2e", "intensity_t_per_10k_cny", "explanation"} & body.keys()

    def test_an_unknown_token_is_not_found(self, shared_world: ApiWorld) -> None:
        testkit.problem(
            shared_world.client.get("/api/v1/grading/public/grades/nope"), 404, "grading.not_found"
        )


class TestDisclosure:
    def test_key_enterprises_are_listed_without_login(self, shared_world: ApiWorld) -> None:
        body = shared_world.client.get("/api/v1/grading/public/disclosure/2024").json()
        assert len(body) == 6
        assert [float(r["tco2e"]) for r in body[:2]] == [140.0, 140.0]


class TestOpenApiAnswers:
    def test_every_operation_declares_what_it_answers(self, anonymous_client: TestClient) -> None:
        spec = anonymous_client.get("/api/v1/openapi.json").json()
        assert testkit.openapi_answers(spec, "/grading/") == {
            "GET /grading/public/grades/{token}": "200 PublicGradeRead",
            "GET /grading/public/disclosure/{year}": "200 [DisclosureRead]",
            "POST /grading/years/{year}/compute": "200 YearRunRead",
            "GET /grading/years/{year}/benchmarks": "200 [BenchmarkRead]",
            "GET /grading/years/{year}/d-class": "200 [DClassRead]",
            "GET /grading/entities/{entity_id}/grades": "200 [GradeRead]",
        }
