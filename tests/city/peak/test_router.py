"""The peak API (/api/v1/peak): saved scenarios, versions, audit, permissions, compare, export."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

import testkit
from shuangtan.audit.models import AuditEntry
from shuangtan.city.peak.models import PeakScenario, PeakScenarioVersion

from .conftest import JIASHAN, NANHU, PeakWorld, hand_scenario

# Hand computation of hand_scenario() (×10^4 tCO2):
#   C2020 = 60 × 10 × 0.5 × 2 = 600
#   2021–25 yearly multiplier m1 = 1.01 × 1.05 × 0.96 × 0.98 = 0.9977184
#   2026–30                   m2 = 1.00 × 1.06 × 0.98 × 0.99 = 1.028412
#   2031–60                   m3 = 1.00 × 1.01 × 0.97 × 0.97 = 0.950309
#   C2025 = 600 × m1^5 = 600 × 0.988644 = 593.186
#   C2030 = C2025 × m2^5 = 593.186 × 1.150366 = 682.381  ← the peak (m2 > 1, m3 < 1)
#   C2035 = C2030 × m3^5 = 682.381 × 0.775050 = 528.873
#   C2060 = C2030 × m3^30 = 147.901
C2020, C2025, C2030, C2035, C2060 = 600.0, 593.1864, 682.3809, 528.8726, 147.9013


def _count(world: PeakWorld, model: Any) -> int:
    with world.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _audits(world: PeakWorld) -> int:
    """The audit entries of scenarios (``peak.scenario.*``; the logins are audited too)."""
    with world.session() as session:
        statement = select(func.count()).where(AuditEntry.action.like("peak.scenario.%"))
        return int(session.scalar(statement) or 0)


def _create(world: PeakWorld, user: str, body: dict[str, Any], **headers: str) -> Any:
    return world.client.post(
        "/api/v1/peak/scenarios", json=body, headers={**world.login(user), **headers}
    )


class TestCreateScenario:
    def test_anonymous_is_refused(self, world: PeakWorld) -> None:
        response = world.client.post("/api/v1/peak/scenarios", json=hand_scenario())
        assert response.status_code == 401
        assert _count(world, PeakScenario) == 0

    def test_an_enterprise_is_refused(self, world: PeakWorld) -> None:
        response = _create(world, "firm", hand_scenario())
        assert response.status_code == 403
        assert _count(world, PeakScenario) == 0

    def test_a_county_official_may_not_write_another_county(self, world: PeakWorld) -> None:
        response = _create(world, "nanhu", hand_scenario(scope_code=JIASHAN))
        assert response.status_code == 403
        assert response.json()["code"] == "peak.out_of_scope"
        assert _count(world, PeakScenario) == 0

    def test_a_county_official_may_not_write_a_city_scenario(self, world: PeakWorld) -> None:
        response = _create(world, "jiashan", hand_scenario(scope_kind="city", scope_code=None))
        assert response.status_code == 403

    def test_a_county_official_saves_their_county_with_version_one_and_an_audit_entry(
        self, world: PeakWorld
    ) -> None:
        audits = _audits(world)
        response = _create(world, "jiashan", hand_scenario())
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["version"], body["scope_code"], body["owner_name"]) == (1, JIASHAN, "jiashan")
        assert body["base"]["population"].startswith("60")
        assert _count(world, PeakScenarioVersion) == 1
        assert _audits(world) == audits + 1

    def test_a_retry_with_the_same_idempotency_key_saves_once(self, world: PeakWorld) -> None:
        first = _create(world, "city", hand_scenario(), **{"Idempotency-Key": "k-1"})
        again = _create(world, "city", hand_scenario(), **{"Idempotency-Key": "k-1"})
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        assert _count(world, PeakScenario) == 1

    @pytest.mark.parametrize(
        ("change", "fragment_en"),
        [
            ({"rates": hand_scenario()["rates"][:2]}, "no period covering the year 2031"),
            ({"spread": {"population": 0.5}}, "between 0 and 0.2"),
            ({"spread": {"wind": 0.01}}, "Unknown factors"),
            ({"scope_code": "999999"}, "Unknown county code"),
            ({"scope_kind": "industry", "scope_code": "C17"}, "population must be 1"),
        ],
    )
    def test_a_refused_scenario_says_why_in_both_languages_and_writes_nothing(
        self, world: PeakWorld, change: dict[str, Any], fragment_en: str
    ) -> None:
        audits = _audits(world)
        response = _create(world, "city", hand_scenario(**change))
        assert response.status_code == 422, response.text
        problem = response.json()
        assert fragment_en in problem["message_en"] and problem["message_zh"]
        assert _count(world, PeakScenario) == 0 and _audits(world) == audits

    def test_a_negative_base_value_is_refused_by_shape(self, world: PeakWorld) -> None:
        body = hand_scenario()
        body["base"]["population"] = "-1"
        response = _create(world, "city", body)
        assert response.status_code == 422 and response.json()["code"] == "input.invalid"
        assert _count(world, PeakScenario) == 0


class TestGetScenario:
    def test_the_county_projection_matches_the_hand_computation(self, world: PeakWorld) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        response = world.client.get(
            f"/api/v1/peak/scenarios/{created['id']}", headers=world.login("jiashan")
        )
        assert response.status_code == 200
        body = response.json()
        summary = body["summary"]
        assert summary["peak_year"] == 2030
        assert summary["peak_value_10k_tco2"] == pytest.approx(C2030, abs=1e-3)
        assert summary["base_value_10k_tco2"] == pytest.approx(C2020)
        assert summary["value_2030_10k_tco2"] == pytest.approx(C2030, abs=1e-3)
        assert summary["value_2035_10k_tco2"] == pytest.approx(C2035, abs=1e-3)
        assert summary["value_2060_10k_tco2"] == pytest.approx(C2060, abs=1e-3)
        years = body["years"]
        assert years[0] == 2020 and years[-1] == 2060
        assert body["emissions_10k_tco2"][years.index(2025)] == pytest.approx(C2025, abs=1e-3)
        # No spread: the Monte Carlo is the deterministic path, P = 0 before 2030 and 1 from it.
        assert summary["p_peak_by_2025"] == 0.0 and summary["p_peak_by_2030"] == 1.0

    def test_another_county_official_is_refused(self, world: PeakWorld) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        response = world.client.get(
            f"/api/v1/peak/scenarios/{created['id']}", headers=world.login("nanhu")
        )
        assert response.status_code == 403


class TestListScenarios:
    def test_a_county_official_sees_only_their_county(self, world: PeakWorld) -> None:
        _create(world, "city", hand_scenario(name="嘉善"))
        _create(world, "city", hand_scenario(name="南湖", scope_code=NANHU))
        _create(world, "city", hand_scenario(name="全市", scope_kind="city", scope_code=None))
        names = [
            s["name"]
            for s in world.client.get("/api/v1/peak/scenarios", headers=world.login("nanhu")).json()
        ]
        assert names == ["南湖"]
        everything = world.client.get("/api/v1/peak/scenarios", headers=world.login("city"))
        assert sorted(s["name"] for s in everything.json()) == ["全市", "南湖", "嘉善"]

    def test_anonymous_is_refused(self, world: PeakWorld) -> None:
        assert world.client.get("/api/v1/peak/scenarios").status_code == 401


class TestUpdateScenario:
    def test_an_edit_saves_version_two_and_keeps_version_one(self, world: PeakWorld) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        audits = _audits(world)
        body = hand_scenario(name="改后", version=1)
        del body["scope_kind"], body["scope_code"]
        body["base"]["carbon_intensity"] = "1"  # C2020 = 60 × 10 × 0.5 × 1 = 300
        response = world.client.put(
            f"/api/v1/peak/scenarios/{created['id']}", json=body, headers=world.login("jiashan")
        )
        assert response.status_code == 200, response.text
        assert response.json()["version"] == 2
        versions = world.client.get(
            f"/api/v1/peak/scenarios/{created['id']}/versions", headers=world.login("jiashan")
        ).json()
        assert [(v["version"], v["content"]["name"]) for v in versions] == [
            (1, "手算情景 hand"),
            (2, "改后"),
        ]
        assert _audits(world) == audits + 1
        result = world.client.get(
            f"/api/v1/peak/scenarios/{created['id']}", headers=world.login("jiashan")
        ).json()
        assert result["summary"]["base_value_10k_tco2"] == pytest.approx(300.0)

    def test_an_edit_of_a_stale_version_is_refused(self, world: PeakWorld) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        body = hand_scenario(version=1)
        del body["scope_kind"], body["scope_code"]
        url = f"/api/v1/peak/scenarios/{created['id']}"
        assert world.client.put(url, json=body, headers=world.login("jiashan")).status_code == 200
        stale = world.client.put(url, json=body, headers=world.login("jiashan"))
        assert stale.status_code == 409 and stale.json()["code"] == "peak.stale_version"
        assert _count(world, PeakScenarioVersion) == 2

    def test_another_county_official_is_refused(self, world: PeakWorld) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        body = hand_scenario(version=1)
        del body["scope_kind"], body["scope_code"]
        response = world.client.put(
            f"/api/v1/peak/scenarios/{created['id']}", json=body, headers=world.login("nanhu")
        )
        assert response.status_code == 403
        assert _count(world, PeakScenarioVersion) == 1


class TestDeleteScenario:
    def test_a_deleted_scenario_leaves_the_lists_and_keeps_its_history_and_audit(
        self, world: PeakWorld
    ) -> None:
        created = _create(world, "jiashan", hand_scenario()).json()
        url = f"/api/v1/peak/scenarios/{created['id']}"
        assert world.client.delete(url, headers=world.login("jiashan")).status_code == 204
        assert world.client.get("/api/v1/peak/scenarios", headers=world.login("city")).json() == []
        assert world.client.get(url, headers=world.login("city")).status_code == 404
        with world.session() as session:
            entry = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "peak.scenario.delete")
            ).one()
            assert entry.before is not None and entry.before["name"] == "手算情景 hand"
            assert entry.after is None
        assert _count(world, PeakScenarioVersion) == 1

    def test_an_enterprise_is_refused(self, world: PeakWorld) -> None:
        created = _create(world, "city", hand_scenario()).json()
        url = f"/api/v1/peak/scenarios/{created['id']}"
        assert world.client.delete(url, headers=world.login("firm")).status_code == 403


def _two(world: PeakWorld) -> tuple[int, int]:
    a = _create(world, "city", hand_scenario()).json()["id"]
    # b: the same base, every rate of 2026–30 flat except E/G −2 % → falls from 2026 on:
    rates = hand_scenario()["rates"]
    rates[1] = {**rates[1], "gdp_per_capita": 0.0}
    b = _create(world, "city", hand_scenario(name="平台 flat", rates=rates)).json()["id"]
    return a, b


class TestCompare:
    def test_two_scenarios_side_by_side(self, world: PeakWorld) -> None:
        a, b = _two(world)
        response = world.client.get(
            f"/api/v1/peak/compare?ids={a}&ids={b}", headers=world.login("city")
        )
        assert response.status_code == 200
        first, second = response.json()
        assert (first["scenario_id"], first["peak_year"]) == (a, 2030)
        assert first["peak_value_10k_tco2"] == pytest.approx(C2030, abs=1e-3)
        # b: m1 < 1 in 2021–25 and 2026–30 (1.0 × 1.0 × 0.98 × 0.99 = 0.9702), so the path
        # only falls: it peaks in the base year at 600.
        assert (second["peak_year"], second["peak_value_10k_tco2"]) == (2020, 600.0)
        assert second["p_peak_by_2025"] == 1.0

    def test_a_county_official_may_not_compare_a_city_scenario(self, world: PeakWorld) -> None:
        a, _ = _two(world)
        response = world.client.get(f"/api/v1/peak/compare?ids={a}", headers=world.login("nanhu"))
        assert response.status_code == 403

    def test_anonymous_is_refused(self, world: PeakWorld) -> None:
        assert world.client.get("/api/v1/peak/compare?ids=1").status_code == 401


class TestExport:
    def test_the_csv_holds_one_row_per_scenario(self, world: PeakWorld) -> None:
        a, b = _two(world)
        response = world.client.get(
            f"/api/v1/peak/compare/export?ids={a}&ids={b}&format=csv", headers=world.login("city")
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [r["scenario_id"] for r in rows] == [str(a), str(b)]
        assert rows[0]["peak_year"] == "2030"
        assert float(rows[0]["value_2035_10k_tco2"]) == pytest.approx(C2035, abs=1e-3)
        assert rows[0]["p_peak_by_2030"] == "1.0"

    def test_the_workbook_has_the_summary_the_paths_and_the_inputs(self, world: PeakWorld) -> None:
        a, b = _two(world)
        response = world.client.get(
            f"/api/v1/peak/compare/export?ids={a}&ids={b}&format=xlsx", headers=world.login("city")
        )
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["比较 compare", "年度路径 paths", "输入 inputs"]
        paths = list(book["年度路径 paths"].iter_rows(values_only=True))
        assert len(paths) == 1 + 41  # header + 2020…2060
        row_2030 = next(r for r in paths if r[0] == 2030)
        assert row_2030[1] == pytest.approx(C2030, abs=1e-3)
        assert book["比较 compare"].cell(row=2, column=8).value == 2030  # peak_year column

    def test_the_json_holds_the_full_path_the_inputs_and_the_provenance(
        self, world: PeakWorld
    ) -> None:
        a, _ = _two(world)
        response = world.client.get(
            f"/api/v1/peak/compare/export?ids={a}&format=json", headers=world.login("city")
        )
        document = json.loads(response.content)
        scenario = document["scenarios"][0]
        assert len(scenario["path"]) == 41
        assert scenario["path"][5]["year"] == 2025
        assert scenario["path"][5]["emissions_10k_tco2"] == pytest.approx(C2025, abs=1e-3)
        assert scenario["inputs"]["rates"][0]["gdp_per_capita"] == 0.05
        assert scenario["provenance"]["base_source"] == "test data"
        assert scenario["monte_carlo"]["draws"] == 10_000

    def test_an_enterprise_is_refused(self, world: PeakWorld) -> None:
        a, _ = _two(world)
        response = world.client.get(
            f"/api/v1/peak/compare/export?ids={a}&format=csv", headers=world.login("firm")
        )
        assert response.status_code == 403


# ------------------------------------------------------------------- the OpenAPI document


class TestOpenApi:
    def test_every_operation_declares_the_shape_of_its_success_answer(
        self, openapi: dict[str, Any]
    ) -> None:
        assert len(testkit.success_answers(openapi, "/api/v1/peak/")) == 11
        assert testkit.undeclared(openapi, "/api/v1/peak/") == []

    def test_the_export_is_a_download_in_three_formats(self, openapi: dict[str, Any]) -> None:
        [content] = testkit.success_answers(openapi, "/api/v1/peak/compare/export").values()
        assert set(content) == {
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/json",
        }
        assert all(c == {"schema": testkit.BINARY} for c in content.values())
