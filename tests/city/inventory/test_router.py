"""The inventory API: who may read and write, bad input writes nothing, idempotent writes,
the Excel template and its all-or-nothing import."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select

import testkit
from shuangtan.audit.models import AuditEntry
from shuangtan.city.inventory.excel import SHEETS

from .conftest import JIASHAN, NANHU, World, inventory_rows

ENERGY = {
    "year": 2022,
    "area_code": JIASHAN,
    "sector": "industry",
    "carrier": "electricity",
    "quantity": "1000",
    "unit": "MWh",
    "source_note": "2022年嘉善县能源平衡表",
}


def _audits(world: World) -> int:
    """The audit entries of inventory writes (``inventory.*``; the logins are audited too)."""
    with world.session() as session:
        statement = select(func.count()).where(AuditEntry.action.like("inventory.%"))
        return int(session.scalar(statement) or 0)


class TestReadInventory:
    def test_anonymous_is_refused(self, world: World) -> None:
        assert world.client.get("/api/v1/inventory/2022").status_code == 401

    def test_another_role_is_refused(self, world: World) -> None:
        response = world.client.get("/api/v1/inventory/2022", headers=world.login("resident"))
        assert response.status_code == 403

    def test_a_county_official_is_refused_the_whole_city(self, world: World) -> None:
        response = world.client.get("/api/v1/inventory/2022", headers=world.login("jiashan"))
        assert response.status_code == 403
        assert response.json()["code"] == "inventory.outside_scope"

    def test_a_county_official_reads_its_own_county(self, world: World) -> None:
        headers = world.login("jiashan")
        world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        response = world.client.get(
            "/api/v1/inventory/2022/totals", params={"county_code": JIASHAN}, headers=headers
        )
        assert response.status_code == 200
        # 1000 MWh × 0.1229 tce/MWh = 122.9 tce; × 0.5153 tCO2/MWh (Zhejiang 2022) = 515.3 t
        assert response.json()["energy_tce"] == "122.900000"
        assert response.json()["energy_co2_t"] == "515.300000"
        gpc = world.client.get(
            "/api/v1/inventory/2022", params={"county_code": JIASHAN}, headers=headers
        ).json()
        assert gpc["basic_tco2e"] == "515.300000"

    def test_a_month_outside_1_to_12_is_refused(self, world: World) -> None:
        response = world.client.get(
            "/api/v1/inventory/2022",
            params={"county_code": JIASHAN, "month": 13},
            headers=world.login("jiashan"),
        )
        assert response.status_code == 422


class TestWriteEntry:
    def test_anonymous_is_refused(self, world: World, row_counts: Any) -> None:
        response = world.client.post("/api/v1/inventory/entries/energy", json=ENERGY)
        assert response.status_code == 401
        assert inventory_rows(row_counts) == 0

    def test_another_role_is_refused(self, world: World, row_counts: Any) -> None:
        response = world.client.post(
            "/api/v1/inventory/entries/energy", json=ENERGY, headers=world.login("resident")
        )
        assert response.status_code == 403
        assert inventory_rows(row_counts) == 0

    def test_a_county_official_cannot_write_another_county(
        self, world: World, row_counts: Any
    ) -> None:
        response = world.client.post(
            "/api/v1/inventory/entries/energy",
            json={**ENERGY, "area_code": NANHU},
            headers=world.login("jiashan"),
        )
        assert response.status_code == 403
        assert inventory_rows(row_counts) == 0

    def test_a_county_official_writes_its_county_and_it_is_audited(
        self, world: World, row_counts: Any
    ) -> None:
        before = _audits(world)
        response = world.client.post(
            "/api/v1/inventory/entries/energy", json=ENERGY, headers=world.login("jiashan")
        )
        assert response.status_code == 201
        assert response.json()["entered_by"] == "jiashan"
        assert row_counts()["inventory_energy_balance"] == 1
        assert _audits(world) == before + 1

    def test_the_city_official_writes_any_area(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/inventory/entries/energy",
            json={**ENERGY, "area_code": NANHU},
            headers=world.login("city"),
        )
        assert response.status_code == 201

    def test_bad_input_lists_every_problem_and_writes_nothing(
        self, world: World, row_counts: Any
    ) -> None:
        bad = {**ENERGY, "quantity": "-5", "unit": "t", "source_note": ""}
        response = world.client.post(
            "/api/v1/inventory/entries/energy", json=bad, headers=world.login("city")
        )
        assert response.status_code == 422
        body = response.json()
        assert body["code"] == "inventory.invalid_entry"
        assert {e["field"] for e in body["errors"]} == {"quantity", "source_note"}
        assert body["message_zh"] and body["message_en"]
        assert inventory_rows(row_counts) == 0

    def test_a_unit_of_the_wrong_dimension_is_refused(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/inventory/entries/energy",
            json={**ENERGY, "unit": "t"},
            headers=world.login("city"),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "unit"

    def test_the_same_idempotency_key_writes_once(self, world: World, row_counts: Any) -> None:
        headers = {**world.login("city"), "Idempotency-Key": "inv-1"}
        first = world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        audits = _audits(world)
        again = world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        assert first.status_code == 201 and again.status_code == 201
        assert again.json() == first.json()
        assert _audits(world) == audits  # the replay wrote nothing

    def test_a_reused_key_with_another_body_is_refused(self, world: World) -> None:
        headers = {**world.login("city"), "Idempotency-Key": "inv-2"}
        world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        response = world.client.post(
            "/api/v1/inventory/entries/energy",
            json={**ENERGY, "quantity": "2000"},
            headers=headers,
        )
        assert response.status_code == 409


class TestListEntries:
    def test_an_entered_row_is_listed_with_its_provenance_and_exact_decimals(
        self, world: World
    ) -> None:
        headers = world.login("jiashan")
        world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        response = world.client.get(
            "/api/v1/inventory/entries/energy/2022",
            params={"county_code": JIASHAN},
            headers=headers,
        )
        assert response.status_code == 200
        [row] = response.json()
        # 1000 MWh × 0.1229 tce/MWh = 122.9 tce; × 0.5153 tCO2/MWh (Zhejiang 2022) = 515.3 t
        exact = (row["quantity"], row["unit"], row["tce"], row["co2_t"])
        assert exact == ("1000.000000", "MWh", "122.900000", "515.300000")
        who = (row["area_code"], row["entered_by"], row["entered_via"], row["source_note"])
        assert who == (JIASHAN, "jiashan", "api", ENERGY["source_note"])
        assert isinstance(datetime.fromisoformat(row["entered_at"]), datetime)
        assert row["factors"] and all(f["source"] for f in row["factors"])

    def test_another_role_is_refused(self, world: World) -> None:
        response = world.client.get(
            "/api/v1/inventory/entries/energy/2022", headers=world.login("resident")
        )
        assert response.status_code == 403


def workbook(rows: dict[str, list[list[Any]]]) -> bytes:
    """A template filled with ``rows`` per kind (data from row 3)."""
    book = Workbook()
    book.remove(book.active)
    for kind, (title, columns) in SHEETS.items():
        sheet = book.create_sheet(title)
        sheet.append([c.zh for c in columns])
        sheet.append([c.en for c in columns])
        for row in rows.get(kind, []):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_ENERGY = [2022, 0, JIASHAN, "industry", "diesel", 100, "t", "能源平衡表"]
GOOD_ACTIVITY = [2022, 0, JIASHAN, "swine", 1000, "head", "畜牧统计"]


class TestExcel:
    def test_the_template_has_chinese_headers_with_english_beneath(self, world: World) -> None:
        response = world.client.get("/api/v1/inventory/template.xlsx", headers=world.login("city"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        sheet = book["能源平衡表 Energy balance"]
        assert sheet["A1"].value == "年份" and sheet["A2"].value == "Year"
        assert sheet["F1"].value == "实物量" and sheet["F2"].value == "Quantity"

    def test_a_clean_workbook_is_imported(self, world: World, row_counts: Any) -> None:
        data = workbook({"energy": [GOOD_ENERGY], "activity": [GOOD_ACTIVITY]})
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", data)},
            headers=world.login("jiashan"),
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"rows": 2, "by_kind": {"energy": 1, "activity": 1}}
        assert row_counts()["inventory_energy_balance"] == 1
        assert row_counts()["inventory_activity"] == 1

    def test_one_bad_row_refuses_all_with_sheet_row_column(
        self, world: World, row_counts: Any
    ) -> None:
        bad = [2022, 0, JIASHAN, "industry", "diesel", "abc", "t", "能源平衡表"]
        data = workbook({"energy": [GOOD_ENERGY, bad], "activity": [GOOD_ACTIVITY]})
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", data)},
            headers=world.login("city"),
        )
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert (errors[0]["sheet"], errors[0]["row"], errors[0]["column"]) == (
            "能源平衡表 Energy balance",
            4,
            "F",
        )
        assert inventory_rows(row_counts) == 0

    def test_a_row_outside_the_scope_refuses_all(self, world: World, row_counts: Any) -> None:
        other = [2022, 0, NANHU, "industry", "diesel", 100, "t", "能源平衡表"]
        data = workbook({"energy": [GOOD_ENERGY, other]})
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", data)},
            headers=world.login("jiashan"),
        )
        assert response.status_code == 403
        assert inventory_rows(row_counts) == 0

    def test_a_file_that_is_not_excel_is_refused(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", b"not a workbook")},
            headers=world.login("city"),
        )
        assert response.status_code == 422

    def test_anonymous_is_refused(self, world: World) -> None:
        response = world.client.post(
            "/api/v1/inventory/import", files={"file": ("inv.xlsx", workbook({}))}
        )
        assert response.status_code == 401


class TestReconciliation:
    def test_the_gap_of_a_county_sector_is_flagged_above_the_threshold(self, world: World) -> None:
        headers = world.login("city")
        world.client.post("/api/v1/inventory/entries/energy", json=ENERGY, headers=headers)
        response = world.client.get(
            "/api/v1/inventory/2022/reconciliation",
            params={"county_code": JIASHAN, "threshold_pct": "10"},
            headers=headers,
        )
        assert response.status_code == 200
        [row] = response.json()["rows"]
        # statistics 122.9 tce, no verified entity: gap 122.9 tce = 100.00 % > 10 %
        assert (row["sector"], row["gap_tce"], row["gap_pct"], row["flagged"]) == (
            "industry",
            "122.900000",
            "100.00",
            True,
        )

    def test_another_role_is_refused(self, world: World) -> None:
        response = world.client.get(
            "/api/v1/inventory/2022/reconciliation", headers=world.login("resident")
        )
        assert response.status_code == 403


# ------------------------------------------------------------------- the OpenAPI document


class TestOpenApi:
    def test_every_operation_declares_the_shape_of_its_success_answer(
        self, openapi: dict[str, Any]
    ) -> None:
        assert len(testkit.success_answers(openapi, "/api/v1/inventory/")) == 8
        assert testkit.undeclared(openapi, "/api/v1/inventory/") == []

    def test_the_template_is_an_excel_download(self, openapi: dict[str, Any]) -> None:
        [content] = testkit.success_answers(openapi, "/api/v1/inventory/template.xlsx").values()
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert content == {xlsx: {"schema": testkit.BINARY}}

    def test_decimals_are_declared_as_the_strings_they_are_sent_as(
        self, openapi: dict[str, Any]
    ) -> None:
        totals = openapi["components"]["schemas"]["CityTotalsRead"]["properties"]
        assert totals["energy_tce"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
        assert totals["energy_tce_by_sector"]["additionalProperties"] == {"type": "string"}
