"""``/api/v1/targets``: who may read and write, idempotent writes, refusals as problems."""

from __future__ import annotations

from typing import Any

import pytest

import testkit

from .conftest import ApiWorld

VALUE = {"value": "120", "source_note": "市经信局绿色工厂名单"}


class TestProgress:
    def test_anonymous_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        client.cookies.clear()
        assert client.get("/api/v1/targets/2022").status_code == 401

    def test_a_resident_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.get("/api/v1/targets/2022", headers=api_world.login("resident"))
        assert response.status_code == 403

    def test_an_official_reads_the_computed_2020_baselines(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        body = client.get("/api/v1/targets/2020", headers=api_world.login("city")).json()
        rows = {r["id"]: r for r in body["indicators"]}
        assert len(rows) == 45
        # the plan's 2020 figures: 0.427 tce/10^4 CNY, 2181 × 10^4 tce
        assert rows["energy_intensity"]["assessment"]["actual"] == pytest.approx(0.427, abs=1e-6)
        assert rows["energy_consumption_total"]["assessment"]["actual"] == pytest.approx(2181)


class TestEnterValue:
    def test_a_retry_with_the_same_key_writes_once(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        headers = {**api_world.login("city"), "Idempotency-Key": "green-2022"}
        url = "/api/v1/targets/2022/indicators/green_factories/value"
        first = client.put(url, json=VALUE, headers=headers)
        second = client.put(url, json=VALUE, headers=headers)
        assert first.status_code == second.status_code == 200
        assert first.json() == second.json()
        audit = client.get("/api/v1/audit", headers=api_world.login("admin")).json()
        entries = audit["items"] if isinstance(audit, dict) else audit
        writes = [e for e in entries if e.get("action", "").startswith("indicator_value.")]
        assert len(writes) == 1

    def test_a_computed_indicator_is_refused_with_a_problem(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.put(
            "/api/v1/targets/2022/indicators/energy_intensity/value",
            json={"value": "0.4", "source_note": "x公报"},
            headers=api_world.login("city"),
        )
        assert response.status_code == 409
        assert response.json()["code"] == "targets.computed_indicator"
        assert "自动计算" in response.json()["message_zh"]

    def test_a_county_official_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.put(
            "/api/v1/targets/2022/indicators/green_factories/value",
            json=VALUE,
            headers=api_world.login("jiashan"),
        )
        assert response.status_code == 403
        assert response.json()["code"] == "targets.out_of_scope"

    def test_anonymous_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        client.cookies.clear()
        response = client.put("/api/v1/targets/2022/indicators/green_factories/value", json=VALUE)
        assert response.status_code == 401


class TestAttachments:
    def test_an_upload_is_stored_and_downloaded_as_an_attachment(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        headers = api_world.login("city")
        pdf = b"%PDF-1.4\n%test\n"
        response = client.post(
            "/api/v1/targets/attachments",
            files={"file": ("../公报.pdf", pdf, "text/html")},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["filename"], body["media_type"]) == ("公报.pdf", "application/pdf")
        download = client.get(f"/api/v1/targets/attachments/{body['id']}", headers=headers)
        assert download.content == pdf
        assert download.headers["content-disposition"].startswith("attachment;")
        assert download.headers["x-content-type-options"] == "nosniff"

    def test_an_html_file_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.post(
            "/api/v1/targets/attachments",
            files={"file": ("x.html", b"<script>", "text/html")},
            headers=api_world.login("city"),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "targets.attachment_refused"


class TestCountyTargets:
    def test_a_county_official_sees_only_its_county(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        city = api_world.login("city")
        for county in ("330421", "330402"):
            response = client.put(
                f"/api/v1/targets/counties/{county}/carbon_intensity_reduction/2025",
                json={"target_value": "18", "source_note": "示例"},
                headers=city,
            )
            assert response.status_code == 200, response.text
        body = client.get("/api/v1/targets/2022/counties", headers=api_world.login("jiashan"))
        assert [t["county_code"] for t in body.json()["targets"]] == ["330421"]


class TestIndicatorSetting:
    def test_a_provincial_quota_is_answered_back_as_set(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        setting = {
            "source_note": "省下达指标文件",
            "target_value": "19.5",
            "target_year": 2025,
            "responsible_department": "市发改委",
        }
        response = client.put(
            "/api/v1/targets/indicators/carbon_intensity_reduction/setting",
            json=setting,
            headers=api_world.login("city"),
        )
        assert response.status_code == 200, response.text
        assert response.json() == {
            "indicator_id": "carbon_intensity_reduction",
            "target_year": 2025,
            "target_value": "19.5",
            "reduction_pct": None,
            "responsible_department": "市发改委",
            "source_note": "省下达指标文件",
        }

    def test_a_resident_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.put(
            "/api/v1/targets/indicators/carbon_intensity_reduction/setting",
            json={"source_note": "x", "responsible_department": "y"},
            headers=api_world.login("resident"),
        )
        assert response.status_code == 403


class TestNotes:
    def test_the_officials_text_is_answered_back(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        text = {"problems": "光伏装机进度偏慢", "next_steps": "推进整县光伏"}
        response = client.put(
            "/api/v1/targets/2022/notes/midterm", json=text, headers=api_world.login("city")
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"year": 2022, "kind": "midterm", **text}

    def test_an_unknown_report_kind_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.put(
            "/api/v1/targets/2022/notes/weekly",
            json={"problems": "p"},
            headers=api_world.login("city"),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "targets.invalid_value"


class TestPublicProgress:
    def test_nothing_is_public_before_publication(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        client.cookies.clear()
        assert client.get("/api/v1/targets/public/2022").status_code == 404

    def test_a_published_year_is_public_without_login(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.put(
            "/api/v1/targets/2022/publication",
            json={"published": True},
            headers=api_world.login("city"),
        )
        assert response.status_code == 200
        client.cookies.clear()
        body = client.get("/api/v1/targets/public/2022").json()
        rows = {r["id"]: r for r in body["indicators"]}
        assert rows["energy_consumption_total"]["baseline_value"] == 2181
        assert "source_note" not in rows["energy_consumption_total"]


class TestReports:
    def test_an_official_downloads_the_annual_word_report(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.get(
            "/api/v1/targets/2022/reports/annual.docx", headers=api_world.login("city")
        )
        assert response.status_code == 200
        assert response.content[:2] == b"PK"

    def test_a_resident_is_refused(self, api_world: ApiWorld) -> None:
        client: Any = api_world.client
        response = client.get(
            "/api/v1/targets/2022/reports/annual.pdf", headers=api_world.login("resident")
        )
        assert response.status_code == 403


# ------------------------------------------------------------------- the OpenAPI document


class TestOpenApi:
    def test_every_operation_declares_the_shape_of_its_success_answer(
        self, openapi: dict[str, Any]
    ) -> None:
        assert len(testkit.success_answers(openapi, "/api/v1/targets/")) == 12
        assert testkit.undeclared(openapi, "/api/v1/targets/") == []

    def test_the_reports_and_attachments_are_binary_downloads(
        self, openapi: dict[str, Any]
    ) -> None:
        answers = testkit.success_answers(openapi, "/api/v1/targets/")
        assert answers["GET /api/v1/targets/{year}/reports/{kind}.pdf 200"] == {
            "application/pdf": {"schema": testkit.BINARY}
        }
        attachment = answers["GET /api/v1/targets/attachments/{attachment_id} 200"]
        assert {"application/pdf", "image/png", "image/jpeg"} <= set(attachment)
        assert all(c == {"schema": testkit.BINARY} for c in attachment.values())
