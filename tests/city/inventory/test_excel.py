"""The inventory's Excel import on the workbook engine: a broken or hostile file is one 422
problem with the inventory's code, never a 500, and nothing is written (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from kit.test_workbook import billion_laughs, cut_part, declared_bomb, dimension_bomb
from shuangtan.city.inventory import excel
from shuangtan.kit.workbook import NOT_A_WORKBOOK, UNSAFE_XML

from .conftest import World, inventory_rows
from .test_router import GOOD_ACTIVITY, GOOD_ENERGY, workbook

ENERGY_PART = "xl/worksheets/sheet1.xml"
"""The energy balance is the template's first sheet."""


def cut_energy_sheet() -> bytes:
    """A filled workbook whose energy sheet XML breaks off in the middle of its rows."""
    rows = [[2022, month % 13, *GOOD_ENERGY[2:]] for month in range(120)]
    return cut_part(workbook({"energy": rows, "activity": [GOOD_ACTIVITY]}), ENERGY_PART)


def without_headers(cells: tuple[str, ...]) -> bytes:
    """A filled workbook whose energy sheet has the header ``cells`` emptied."""
    title, _ = excel.SHEETS["energy"]
    book = load_workbook(BytesIO(workbook({"energy": [GOOD_ENERGY]})))
    for ref in cells:
        book[title][ref] = None
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_FILES: dict[str, tuple[Callable[[], bytes], dict[str, Any]]] = {
    "malformed sheet XML": (cut_energy_sheet, NOT_A_WORKBOOK.as_dict()),
    "a zip declaring 2 GB": (declared_bomb, {}),
    "a sheet declaring A1:XFD1048576": (dimension_bomb, {}),
    "billion laughs": (billion_laughs, UNSAFE_XML.as_dict()),
}


class TestImportRefusesBrokenFiles:
    @pytest.mark.parametrize("name", list(BAD_FILES))
    def test_the_api_answers_one_422_and_writes_nothing(
        self, world: World, row_counts: Any, name: str
    ) -> None:
        build, expected = BAD_FILES[name]
        headers = world.login("city")
        before = row_counts()
        response = world.client.post(
            "/api/v1/inventory/import", files={"file": ("inv.xlsx", build())}, headers=headers
        )
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["code"] == "inventory.workbook_invalid"
        (error,) = problem["errors"]
        assert set(error) == {"sheet", "row", "column", "header", "message_zh", "message_en"}
        assert error["message_zh"] and error["message_en"] and error["row"] is None
        if expected:
            assert error == expected
        assert row_counts() == before


class TestHeaders:
    def test_a_sheet_with_english_headers_only_is_read_by_them(
        self, world: World, row_counts: Any
    ) -> None:
        _, columns = excel.SHEETS["energy"]
        data = without_headers(tuple(f"{letter}1" for letter in "ABCDEFGH"))  # no Chinese row
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", data)},
            headers=world.login("city"),
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"rows": 1, "by_kind": {"energy": 1}}
        assert row_counts()["inventory_energy_balance"] == 1
        assert [c.en for c in columns][:3] == ["Year", "Month (0 = year)", "Area code"]

    def test_a_missing_column_is_named_and_nothing_is_written(
        self, world: World, row_counts: Any
    ) -> None:
        title, _ = excel.SHEETS["energy"]
        data = without_headers(("F1", "F2"))  # the quantity column loses both headers
        response = world.client.post(
            "/api/v1/inventory/import",
            files={"file": ("inv.xlsx", data)},
            headers=world.login("city"),
        )
        assert response.status_code == 422
        assert response.json()["errors"] == [
            {
                "sheet": title,
                "row": 1,
                "column": None,
                "header": "实物量 Quantity",
                "message_zh": "缺少列“实物量”，请使用平台下载的模板",
                "message_en": "column 'Quantity' is missing; please use the platform's template",
            }
        ]
        assert inventory_rows(row_counts) == 0


class TestTemplate:
    def test_coded_columns_offer_drop_downs_and_the_codes_sheet_stays(self) -> None:
        book = load_workbook(BytesIO(excel.build_template()))
        assert book.sheetnames[-2:] == ["代码 Codes", "下拉列表 Lists"]
        assert book["下拉列表 Lists"].sheet_state == "hidden"
        energy = book["能源平衡表 Energy balance"]
        lists = {str(v.sqref).split(":")[0]: v for v in energy.data_validations.dataValidation}
        assert set(lists) == {"D3", "E3"}  # sector and carrier
        sectors = book["下拉列表 Lists"]["A"]
        assert [c.value for c in sectors][:3] == ["sector", "primary", "industry"]
        codes = {row[0]: row[1] for row in book["代码 Codes"].iter_rows(values_only=True)}
        assert "diesel" in codes["carrier"] and codes["notation_key"] == "NO, IE, NE, C"
