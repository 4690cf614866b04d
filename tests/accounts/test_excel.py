"""The Excel template: built, filled as an enterprise would, read back; errors by cell."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kit.test_workbook import (
    billion_laughs,
    cut_part,
    declared_bomb,
    dimension_bomb,
    external_entity,
)
from shuangtan.accounts import activity_import, activity_sheets, activity_template
from shuangtan.accounts.errors import EntityNotFound
from shuangtan.accounts.models import ActivityReport, Entity, ReportLine
from shuangtan.accounts.schemas import ReportIn, ReportLineIn
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.roles import Role
from shuangtan.db import session_scope
from shuangtan.kit.workbook import NOT_A_WORKBOOK

from . import factories as f
from .conftest import World

ACTIVITY, OUTPUT = activity_sheets.ACTIVITY_SHEET, activity_sheets.OUTPUT_SHEET
ACTIVITY_PART = "xl/worksheets/sheet1.xml"
"""The activity sheet is the template's first."""


def fill(
    template: bytes,
    activity_rows: list[list[Any]],
    output_cells: dict[str, Any] | None = None,
) -> bytes:
    """The template with rows appended to the activity sheet and cells set on the output."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[ACTIVITY]
    for number, row in enumerate(activity_rows, start=activity_sheets.FIRST_DATA_ROW):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    for ref, value in (output_cells or {}).items():
        workbook[OUTPUT][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_of(data: bytes, year: int = 2024) -> list[dict[str, Any]]:
    with pytest.raises(activity_sheets.ReportWorkbookInvalid) as caught:
        activity_import.parse_workbook(data, year=year)
    assert caught.value.status == 422
    assert caught.value.code == "report.workbook_invalid"
    errors: list[dict[str, Any]] = caught.value.problem()["errors"]
    return errors


@pytest.fixture(scope="module")
def industrial() -> bytes:
    return activity_template.build_template(entity_kind="industrial", year=2024)


class TestBuildTemplate:
    def test_headers_are_chinese_above_english_with_frozen_rows(self, industrial: bytes) -> None:
        workbook = load_workbook(io.BytesIO(industrial))
        assert workbook.sheetnames[:3] == [ACTIVITY, OUTPUT, activity_sheets.INSTRUCTIONS_SHEET]
        sheet = workbook[ACTIVITY]
        first = [c.value for c in sheet[1]]
        second = [c.value for c in sheet[2]]
        assert first[:5] == ["月份", "活动类型", "燃料/原料/气体", "数量", "单位"]
        assert second[:5] == [
            "Month (1-12)",
            "Activity",
            "Fuel / material / gas",
            "Quantity",
            "Unit",
        ]
        assert "单位热值含碳量(tC/TJ)" in first and "碳氧化率" in first and "绿证(MWh)" in first
        assert sheet.freeze_panes == "A3"
        assert sheet.column_dimensions["B"].width >= 20

    def test_activity_item_and_unit_have_drop_downs(self, industrial: bytes) -> None:
        sheet = load_workbook(io.BytesIO(industrial))[ACTIVITY]
        lists = {
            str(v.sqref).split(":")[0][0]: v.formula1
            for v in sheet.data_validations.dataValidation
            if v.type == "list"
        }
        assert set(lists) == {"B", "C", "E"}
        assert all("代码 Codes" in formula for formula in lists.values())

    def test_the_output_sheet_has_the_columns_of_the_entity_kind(self, industrial: bytes) -> None:
        header = [c.value for c in load_workbook(io.BytesIO(industrial))[OUTPUT][1]]
        assert header == ["月份", "工业增加值(万元)", "税收(万元)", "产量", "产量单位"]
        transport = activity_template.build_template(entity_kind="transport", year=2024)
        header = [c.value for c in load_workbook(io.BytesIO(transport))[OUTPUT][1]]
        assert "旅客周转量(人公里)" in header and "货物周转量(吨公里)" in header
        assert "工业增加值(万元)" not in header

    def test_the_instructions_list_the_codes_with_their_chinese_names(
        self, industrial: bytes
    ) -> None:
        sheet = load_workbook(io.BytesIO(industrial))[activity_sheets.INSTRUCTIONS_SHEET]
        rows = {(r[1], r[2]) for r in sheet.iter_rows(values_only=True)}
        assert ("natural_gas", "天然气（10^4 Nm3）") in rows
        assert ("limestone", "石灰石(CaCO3)") in rows
        assert ("purchased_electricity", "净购入电力") in rows
        assert sheet["B2"].value == 2024


class TestParseWorkbook:
    def test_the_round_trip_gives_back_what_was_written(self, industrial: bytes) -> None:
        data = fill(
            industrial,
            [
                [1, "fuel_combustion", "natural_gas", 12.5, "10^4 Nm3"],
                [1, "purchased_electricity", None, 800, "MWh", None, None, None, None, 100],
                [2, "process", "石灰石", 1000, "t"],
                [2, "化石燃料燃烧", "天然气", 3, "万立方米", 389.31, "GJ/10^4 Nm3", 15.3, 0.99],
                ["3月", "non_co2", "CH4", "0.25", "t"],
            ],
            {"B3": 1234.5, "C3": 56, "D3": 300, "E3": "t", "B4": 1100},
        )
        reports = activity_import.parse_workbook(data, year=2024)
        assert reports == [
            ReportIn(
                year=2024,
                month=1,
                lines=[
                    ReportLineIn(
                        activity="fuel_combustion",
                        item="natural_gas",
                        quantity=Decimal("12.5"),
                        unit="10^4 Nm3",
                    ),
                    ReportLineIn(
                        activity="purchased_electricity",
                        quantity=Decimal(800),
                        unit="MWh",
                        green_certificates_mwh=Decimal(100),
                    ),
                ],
                value_added_10k_cny=Decimal("1234.5"),
                tax_10k_cny=Decimal(56),
                output_quantity=Decimal(300),
                output_unit="t",
            ),
            ReportIn(
                year=2024,
                month=2,
                lines=[
                    ReportLineIn(
                        activity="process", item="limestone", quantity=Decimal(1000), unit="t"
                    ),
                    ReportLineIn(
                        activity="fuel_combustion",
                        item="natural_gas",
                        quantity=Decimal(3),
                        unit="万立方米",
                        ncv=Decimal("389.31"),
                        ncv_unit="GJ/10^4 Nm3",
                        carbon_content=Decimal("15.3"),
                        oxidation_rate=Decimal("0.99"),
                    ),
                ],
                value_added_10k_cny=Decimal(1100),
            ),
            ReportIn(
                year=2024,
                month=3,
                lines=[
                    ReportLineIn(activity="non_co2", item="CH4", quantity=Decimal("0.25"), unit="t")
                ],
            ),
        ]

    @pytest.mark.parametrize(
        ("row", "column", "header", "words"),
        [
            ([13, "purchased_electricity", None, 1, "MWh"], "A", "月份 Month (1-12)", "1–12"),
            ([0, "purchased_electricity", None, 1, "MWh"], "A", "月份 Month (1-12)", "1–12"),
            ([1, "burning", None, 1, "MWh"], "B", "活动类型 Activity", "未知活动类型“burning”"),
            (
                [1, "fuel_combustion", "peat", 1, "t"],
                "C",
                "燃料/原料/气体 Fuel / material / gas",
                "未知燃料“peat”",
            ),
            (
                [1, "fuel_combustion", None, 1, "t"],
                "C",
                "燃料/原料/气体 Fuel / material / gas",
                "须填写燃料代码",
            ),
            ([1, "purchased_electricity", None, -5, "MWh"], "D", "数量 Quantity", "非负数"),
            ([1, "purchased_electricity", None, "很多", "MWh"], "D", "数量 Quantity", "须为数值"),
            ([1, "purchased_electricity", None, None, "MWh"], "D", "数量 Quantity", "为空"),
            ([1, "purchased_electricity", None, 5, "t"], "E", "单位 Unit", "需要能量"),
            ([1, "fuel_combustion", "natural_gas", 5, "MWh"], "E", "单位 Unit", "需要体积"),
            ([1, "fuel_combustion", "diesel", 5, "10^4 Nm3"], "E", "单位 Unit", "需要质量"),
            ([1, "process", "limestone", 5, "furlong"], "E", "单位 Unit", "其他量纲"),
            ([1, "process", "limestone", 5, "箩筐"], "E", "单位 Unit", "无法识别的单位"),
            ([1, "purchased_heat", None, 5, None], "E", "单位 Unit", "为空"),
            (
                [1, "fuel_combustion", "coke", 5, "t", None, None, None, 1.2],
                "I",
                "碳氧化率 Oxidation rate (0-1]",
                "不能大于1",
            ),
            (
                [1, "purchased_heat", None, 5, "GJ", None, None, None, None, 3],
                "J",
                "绿证(MWh) Green certificates (MWh)",
                "只用于净购入电力",
            ),
        ],
    )
    def test_each_mistake_is_named_by_sheet_row_and_column(
        self, industrial: bytes, row: list[Any], column: str, header: str, words: str
    ) -> None:
        good = [1, "purchased_electricity", None, 10, "MWh"]
        errors = errors_of(fill(industrial, [good, row]))
        assert len(errors) == 1, errors
        error = errors[0]
        where = (error["sheet"], error["row"], error["column"], error["header"])
        assert where == (ACTIVITY, 4, column, header)
        assert words in error["message_zh"]
        assert error["message_en"]

    def test_every_problem_of_the_workbook_is_listed_at_once(self, industrial: bytes) -> None:
        data = fill(
            industrial,
            [[1, "burning", None, 1, "MWh"], [14, "purchased_heat", None, -1, "GJ"]],
            {"A3": 1, "B3": "abc", "A4": 1, "C4": 5},
        )
        cells = {(e["sheet"], e["row"], e["column"]) for e in errors_of(data)}
        assert cells == {
            (ACTIVITY, 3, "B"),
            (ACTIVITY, 4, "A"),
            (ACTIVITY, 4, "D"),
            (OUTPUT, 3, "B"),
            (OUTPUT, 4, "A"),  # month 1 given twice
        }

    def test_a_file_that_is_not_xlsx_is_refused(self) -> None:
        (error,) = errors_of(b"month,activity\n1,fuel\n")
        assert "xlsx" in error["message_en"] and error["row"] is None

    def test_an_activity_sheet_cut_off_halfway_is_not_a_workbook(self, industrial: bytes) -> None:
        data = cut_part(
            fill(industrial, [[1, "purchased_heat", None, 5, "GJ"]] * 200), ACTIVITY_PART
        )
        (error,) = errors_of(data)
        assert error == NOT_A_WORKBOOK.as_dict()

    @pytest.mark.parametrize(
        "hostile", [declared_bomb, dimension_bomb, billion_laughs, external_entity]
    )
    def test_a_hostile_file_is_refused_by_the_engines_guards(
        self, hostile: Callable[[], bytes]
    ) -> None:
        (error,) = errors_of(hostile())
        assert error["row"] is None and error["message_zh"] and error["message_en"]

    def test_a_template_of_another_year_is_refused(self, industrial: bytes) -> None:
        data = fill(industrial, [[1, "purchased_electricity", None, 10, "MWh"]])
        (error,) = errors_of(data, year=2025)
        assert (error["sheet"], error["row"], error["column"]) == (
            activity_sheets.INSTRUCTIONS_SHEET,
            2,
            "B",
        )


def counts(session: Session) -> tuple[int, int, int]:
    """Reports, lines and the reports' audit entries (``report.*``; logins are audited too)."""
    return (
        session.scalar(select(func.count()).select_from(ActivityReport)) or 0,
        session.scalar(select(func.count()).select_from(ReportLine)) or 0,
        session.scalar(select(func.count()).where(AuditEntry.action.like("report.%"))) or 0,
    )


def import_as(session: Session, actor: Any, entity_id: int, data: bytes) -> Any:
    """Import ``data`` as ``actor`` into the 2023 reports of ``entity_id``."""
    return activity_import.import_workbook(
        session=session, actor=actor, entity_id=entity_id, year=2023, data=data
    )


class TestImportWorkbook:
    def test_every_month_is_saved_as_a_draft(
        self, session: Session, world: World, industrial: bytes
    ) -> None:
        template = activity_template.build_template(entity_kind="industrial", year=2023)
        data = fill(
            template,
            [
                [1, "fuel_combustion", "natural_gas", 12.5, "10^4 Nm3"],
                [2, "purchased_electricity", None, 800, "MWh"],
                [2, "purchased_heat", None, 300, "GJ"],
            ],
            {"B3": 100},
        )
        result = activity_import.import_workbook(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, year=2023, data=data
        )
        assert (result.months, result.lines) == ((1, 2), 3)
        reports = session.scalars(
            select(ActivityReport)
            .where(ActivityReport.entity_id == world.a.id)
            .order_by(ActivityReport.month)
        ).all()
        assert [(r.month, r.status, len(r.lines)) for r in reports] == [
            (1, "draft", 1),
            (2, "draft", 2),
        ]
        assert reports[0].lines[0].quantity == Decimal("12.5")
        assert reports[0].value_added_10k_cny == Decimal(100)

    def test_nothing_is_written_when_anything_is_wrong(
        self, session: Session, world: World
    ) -> None:
        template = activity_template.build_template(entity_kind="industrial", year=2023)
        data = fill(
            template,
            [[1, "purchased_electricity", None, 800, "MWh"], [2, "purchased_heat", None, 5, "t"]],
        )
        before = counts(session)
        with pytest.raises(activity_sheets.ReportWorkbookInvalid):
            import_as(session, world.enterprise_a, world.a.id, data)
        assert counts(session) == before

    @pytest.mark.parametrize("hostile", ["cut sheet", "zip bomb"])
    def test_a_broken_file_writes_nothing(
        self, session: Session, world: World, hostile: str
    ) -> None:
        template = activity_template.build_template(entity_kind="industrial", year=2023)
        good = fill(template, [[1, "purchased_electricity", None, 800, "MWh"]] * 200)
        data = cut_part(good, ACTIVITY_PART) if hostile == "cut sheet" else declared_bomb()
        before = counts(session)
        with pytest.raises(activity_sheets.ReportWorkbookInvalid) as caught:
            import_as(session, world.enterprise_a, world.a.id, data)
        assert caught.value.code == "report.workbook_invalid"
        assert counts(session) == before

    def test_a_template_of_another_entity_kind_is_refused(
        self, session: Session, world: World
    ) -> None:
        data = fill(
            activity_template.build_template(entity_kind="transport", year=2023),
            [[1, "fuel_combustion", "diesel", 10, "t"]],
        )
        with pytest.raises(activity_sheets.ReportWorkbookInvalid) as caught:
            import_as(session, world.enterprise_a, world.a.id, data)
        assert caught.value.extra["errors"][0]["row"] == 3

    def test_another_enterprise_may_not_import(self, session: Session, world: World) -> None:
        data = fill(
            activity_template.build_template(entity_kind="industrial", year=2023),
            [[1, "purchased_electricity", None, 800, "MWh"]],
        )
        with pytest.raises(EntityNotFound):
            import_as(session, world.enterprise_b, world.a.id, data)


# --------------------------------------------------------------------------------- the API

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Api:
    """The real app over a database with two entities and their users (test data)."""

    client: TestClient
    ids: dict[str, int]
    session_factory: Any

    def login(self, username: str) -> dict[str, str]:
        response = self.client.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def counts(self) -> tuple[int, int, int]:
        with session_scope(self.session_factory) as session:
            return counts(session)


def seed(session: Session) -> dict[str, int]:
    """Entity a (Jiashan) with a verifier body assigned for 2023, entity b (Nanhu), users."""
    from shuangtan.auth.service import create_user

    f.city(session)
    a = f.make_entity(session, county_code=f.JIASHAN, name="嘉善甲纺织有限公司")
    b = f.make_entity(session, county_code=f.NANHU, name="南湖乙造纸有限公司")
    body = f.make_verifier_body(session, name="浙江示范碳核查中心")
    other_body = f.make_verifier_body(session, name="另一核查机构")
    f.assign(session, a, body, 2023)
    users = {
        "firm-a": (Role.enterprise, None, a.id),
        "firm-b": (Role.enterprise, None, b.id),
        "jiashan": (Role.official, f.JIASHAN, None),
        "nanhu": (Role.official, f.NANHU, None),
        "city": (Role.official, f.CITY, None),
        "verifier": (Role.verifier, None, None),
        "other-verifier": (Role.verifier, None, None),
        "bank": (Role.bank, None, None),
        "admin": (Role.admin, None, None),
    }
    from shuangtan.accounts.models import VerifierMember

    ids = {"a": a.id, "b": b.id, "body": body.id}
    for username, (role, county, entity_id) in users.items():
        user = create_user(
            session=session,
            actor=None,
            username=username,
            password=PASSWORD,
            role=role,
            display_name=username,
            county_code=county,
            entity_id=entity_id,
        )
        ids[username] = user.id
    session.add(VerifierMember(user_id=ids["verifier"], verifier_body_id=body.id))
    session.add(VerifierMember(user_id=ids["other-verifier"], verifier_body_id=other_body.id))
    session.flush()
    return ids


def _seed_fields(session: Session) -> dict[str, Any]:
    return {"ids": seed(session)}


@pytest.fixture
def api(worlds: Any) -> Iterator[Api]:
    """The app over a fresh copy of the seeded database (one seed per run and backend)."""
    with worlds(_seed_fields) as world:
        yield Api(
            client=world.client, ids=world.ids, session_factory=world.app.state.session_factory
        )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TestTemplateRoute:
    def test_anonymous_is_refused(self, api: Api) -> None:
        assert api.client.get("/api/v1/accounts/templates/industrial/2024.xlsx").status_code == 401

    def test_a_user_downloads_the_template_of_a_kind(self, api: Api) -> None:
        response = api.client.get(
            "/api/v1/accounts/templates/transport/2024.xlsx", headers=api.login("firm-a")
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == XLSX
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook[activity_sheets.INSTRUCTIONS_SHEET]["B3"].value == "transport"

    def test_an_unknown_kind_is_refused(self, api: Api) -> None:
        response = api.client.get(
            "/api/v1/accounts/templates/castle/2024.xlsx", headers=api.login("firm-a")
        )
        assert response.status_code == 422


class TestImportRoute:
    def _post(self, api: Api, who: str, entity: str, data: bytes, **headers: str) -> Any:
        return api.client.post(
            f"/api/v1/accounts/entities/{api.ids[entity]}/reports/2023/import",
            files={"file": ("template.xlsx", data, XLSX)},
            headers=api.login(who) | headers,
        )

    def _workbook(self, rows: list[list[Any]]) -> bytes:
        return fill(activity_template.build_template(entity_kind="industrial", year=2023), rows)

    def test_anonymous_is_refused(self, api: Api) -> None:
        response = api.client.post(
            f"/api/v1/accounts/entities/{api.ids['a']}/reports/2023/import",
            files={"file": ("t.xlsx", b"x", XLSX)},
        )
        assert response.status_code == 401

    def test_another_tenant_is_refused(self, api: Api) -> None:
        data = self._workbook([[1, "purchased_electricity", None, 800, "MWh"]])
        before = api.counts()
        assert self._post(api, "firm-b", "a", data).status_code == 404
        assert self._post(api, "jiashan", "a", data).status_code == 403
        assert api.counts() == before

    def test_the_enterprise_imports_its_months_once_per_key(self, api: Api) -> None:
        data = self._workbook(
            [[1, "purchased_electricity", None, 800, "MWh"], [2, "purchased_heat", None, 30, "GJ"]]
        )
        first = self._post(api, "firm-a", "a", data, **{"Idempotency-Key": "import-1"})
        assert first.status_code == 200, first.text
        assert first.json()["months"] == [1, 2]
        after_first = api.counts()
        again = self._post(api, "firm-a", "a", data, **{"Idempotency-Key": "import-1"})
        assert again.json() == first.json()
        assert api.counts() == after_first

    def test_errors_come_back_as_one_problem_and_nothing_is_written(self, api: Api) -> None:
        data = self._workbook(
            [[1, "purchased_electricity", None, 800, "MWh"], [2, "purchased_heat", None, 5, "t"]]
        )
        before = api.counts()
        response = self._post(api, "firm-a", "a", data)
        assert response.status_code == 422
        problem = response.json()
        assert problem["code"] == "report.workbook_invalid"
        assert problem["errors"] == [
            {
                "sheet": ACTIVITY,
                "row": 4,
                "column": "E",
                "header": "单位 Unit",
                "message_zh": "单位“t”是质量单位，净购入热力此处需要能量"
                "（如 kWh、MWh、万千瓦时、GJ）",
                "message_en": "unit 't' is mass, but purchased_heat needs energy "
                "(kWh, MWh, 10^4 kWh, GJ)",
            }
        ]
        assert api.counts() == before

    def test_a_cut_sheet_or_a_zip_bomb_is_one_422_and_writes_nothing(self, api: Api) -> None:
        rows = [[1, "purchased_electricity", None, 800, "MWh"]] * 200
        before = api.counts()
        for data in (cut_part(self._workbook(rows), ACTIVITY_PART), declared_bomb()):
            response = self._post(api, "firm-a", "a", data)
            assert response.status_code == 422, response.text
            problem = response.json()
            assert problem["code"] == "report.workbook_invalid"
            (error,) = problem["errors"]
            assert error["sheet"] == "" and error["message_zh"] and error["message_en"]
        assert api.counts() == before

    def test_a_month_already_submitted_keeps_every_month_out(self, api: Api) -> None:
        with session_scope(api.session_factory) as session:
            entity = session.get(Entity, api.ids["a"])
            f.make_report(session, entity, year=2023, month=2, status="submitted")
        before = api.counts()
        data = self._workbook(
            [[1, "purchased_electricity", None, 800, "MWh"], [2, "purchased_heat", None, 30, "GJ"]]
        )
        response = self._post(api, "firm-a", "a", data)
        assert response.status_code == 409
        assert response.json()["code"] == "report.not_editable"
        assert api.counts() == before  # month 1 was flushed, then rolled back with the request
