"""The workbook engine: headers by Chinese or English, problems by cell, the guards, writing.

Pure logic, no database. The hostile files are built here, byte by byte where they must be
(a zip whose directory declares 2 GB, a sheet declaring A1:XFD1048576, a billion-laughs DTD,
an external entity), and the builders are shared with the rooms' import tests.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from shuangtan.kit.workbook import (
    LIMITS,
    NOT_A_WORKBOOK,
    UNSAFE_XML,
    Column,
    Limits,
    SheetSpec,
    TemplateBook,
    WorkbookInvalid,
    WorkbookReader,
    bar_chart,
    check_package,
    new_workbook,
    to_bytes,
    write_table,
)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
PASSWD = "/etc/passwd"

SPEC = SheetSpec(
    "数据 Data",
    (
        Column("month", "月份", "Month", 8, "month", required=True),
        Column("quantity", "数量", "Quantity", 12, required=True),
        Column("note", "备注", "Note", 20, "text"),
    ),
)


class RoomInvalid(WorkbookInvalid):
    """A room's own error, as the accounts and the inventory subclass it."""

    code = "room.workbook_invalid"


# ---------------------------------------------------------------------- hostile file builders


def xlsx(rows: list[list[Any]], title: str = SPEC.title) -> bytes:
    """A real workbook of one sheet holding ``rows`` from A1."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def repack(data: bytes, parts: Mapping[str, bytes | None]) -> bytes:
    """``data`` with some parts replaced (bytes) or removed (None), the others as they were."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info))
        for name, content in parts.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def sheet_xml(body: str, *, prolog: str = "", dimension: str | None = "A1:B3") -> bytes:
    """A worksheet part: an optional prolog (a DTD), a ``<dimension>``, then ``body``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}">{dim}<sheetData>{body}</sheetData></worksheet>'
    ).encode()


def malformed_sheet() -> bytes:
    """A workbook whose sheet XML breaks off after a good header row (its dimension is fine)."""
    good = xlsx([["月份", "数量"], ["Month", "Quantity"], [1, 2]])
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>月份</t></is></c></row><row r="3"><c r="A3"'
    broken = sheet_xml(body).removesuffix(b"</sheetData></worksheet>")
    return repack(good, {SHEET_PART: broken})


def cut_part(data: bytes, part: str = SHEET_PART) -> bytes:
    """``data`` with the XML of ``part`` cut off halfway (what precedes the cut is intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read(part)
    return repack(data, {part: content[: len(content) // 2]})


def declared_bomb() -> bytes:
    """A tiny file whose zip directory declares a 2 GB sheet (nothing that large is inside)."""
    good = xlsx([["月份", "数量"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.getinfo(SHEET_PART).file_size = 2_000_000_000  # written to the directory on close
    return out.getvalue()


def ratio_bomb(megabytes: int = 20) -> bytes:
    """A real zip bomb under the total cap: ``megabytes`` MB of rows that deflate ~1000:1."""
    good = xlsx([["月份", "数量"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != SHEET_PART:
                target.writestr(info.filename, source.read(info))
        with target.open(SHEET_PART, "w") as part:
            part.write(f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
            chunk = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def dimension_bomb() -> bytes:
    """A few hundred bytes of sheet that declares 16384 columns × 1048576 rows."""
    good = xlsx([["月份", "数量"]])
    return repack(good, {SHEET_PART: sheet_xml("", dimension="A1:XFD1048576")})


def billion_laughs() -> bytes:
    """A sheet whose DTD expands one entity to 10^9 'lol's."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return repack(xlsx([["x"]]), {SHEET_PART: sheet_xml(body, prolog=prolog)})


def external_entity(part: str = SHEET_PART) -> bytes:
    """A part that would read the server's ``/etc/passwd`` into a cell (XXE)."""
    prolog = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{PASSWD}">]>'
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return repack(xlsx([["x"]]), {part: sheet_xml(body, prolog=prolog)})


# ------------------------------------------------------------------------------------ helpers


def refusal(data: bytes, **read: Any) -> dict[str, Any]:
    """The one problem of the 422 that reading ``data`` raises (the room's code kept)."""
    with (
        pytest.raises(RoomInvalid) as caught,
        WorkbookReader(data, error=RoomInvalid, **read) as book,
    ):
        list(book.rows(book.header(SPEC)))
    document = caught.value.problem()
    assert (document["status"], document["code"]) == (422, "room.workbook_invalid")
    (problem,) = document["errors"]
    assert problem["message_zh"] and problem["message_en"]
    return dict(problem)


def bounded(action: Callable[[], object]) -> tuple[float, int]:
    """Seconds and peak bytes that ``action`` took."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        action()
    finally:
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return seconds, peak


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return ratio_bomb()


def read_all(data: bytes, spec: SheetSpec = SPEC) -> tuple[dict[str, int], list[Any], list[Any]]:
    """The header index, the rows as ``(number, values)`` and the problems of one sheet."""
    with WorkbookReader(data, error=RoomInvalid) as book:
        header = book.header(spec)
        rows = [(row.number, row.values) for row in book.rows(header)]
        return header.index, rows, [p.as_dict() for p in book.problems]


# -------------------------------------------------------------------------------------- tests


class TestHeader:
    def test_columns_are_found_by_their_chinese_headers_in_any_order(self) -> None:
        index, rows, problems = read_all(xlsx([["备注", "数量", "月份"], [], ["a", 5, 1]]))
        assert index == {"note": 1, "quantity": 2, "month": 3}
        assert rows == [(3, {"note": "a", "quantity": 5, "month": 1})]
        assert problems == []

    def test_columns_are_found_by_their_english_headers_on_row_two(self) -> None:
        index, rows, _ = read_all(xlsx([[None, None], ["Quantity", "Month"], [7.0, " 2 "]]))
        assert index == {"quantity": 1, "month": 2}
        assert rows == [(3, {"quantity": 7, "month": "2"})]  # 7.0 read as 7, text stripped

    def test_a_required_column_missing_is_named_and_no_row_is_read(self) -> None:
        index, rows, problems = read_all(xlsx([["月份", "备注"], ["Month", "Note"], [1, "x"]]))
        assert "quantity" not in index
        assert rows == [(3, {"month": 1, "note": "x"})]  # read, but the room stops here
        assert problems == [
            {
                "sheet": SPEC.title,
                "row": 1,
                "column": None,
                "header": "数量 Quantity",
                "message_zh": "缺少列“数量”，请使用平台下载的模板",
                "message_en": "column 'Quantity' is missing; please use the platform's template",
            }
        ]

    def test_a_missing_sheet_is_named(self) -> None:
        with WorkbookReader(xlsx([["x"]], title="Other"), error=RoomInvalid) as book:
            assert book.require(SPEC) is False
            (problem,) = book.problems
        assert (problem.sheet, problem.row) == (SPEC.title, None)
        assert "缺少工作表" in problem.message_zh


class TestProblems:
    def test_a_row_problem_names_sheet_row_column_letter_and_header(self) -> None:
        data = xlsx(
            [["数量", "备注", "月份"], [], [1, None, 13], [], ["", "  ", None], [2, "b", 4]]
        )
        with pytest.raises(RoomInvalid) as caught, WorkbookReader(data, error=RoomInvalid) as book:
            rows = list(book.rows(book.header(SPEC)))
            assert [row.number for row in rows] == [3, 6]  # blank rows 4 and 5 skipped
            rows[0].fail("month", "月份须为1–12", "month must be 1-12")
            rows[1].fail(None, "整行重复", "the row repeats another")
            book.raise_if_problems()
        document = caught.value.problem()
        assert document["errors"] == [
            {
                "sheet": SPEC.title,
                "row": 3,
                "column": "C",
                "header": "月份 Month",
                "message_zh": "月份须为1–12",
                "message_en": "month must be 1-12",
            },
            {
                "sheet": SPEC.title,
                "row": 6,
                "column": None,
                "header": None,
                "message_zh": "整行重复",
                "message_en": "the row repeats another",
            },
        ]
        assert document["message_zh"] == (
            "模板有 2 处错误，未导入任何数据；第一处（数据 Data C3）：月份须为1–12"
        )
        assert document["message_en"].startswith("The workbook has 2 problem(s)")

    def test_rows_past_the_sheets_cap_are_a_problem_not_dropped(self) -> None:
        spec = SheetSpec(SPEC.title, SPEC.columns, max_rows=10)
        data = xlsx([["月份", "数量"], ["Month", "Quantity"]] + [[1, n] for n in range(11)])
        _, rows, problems = read_all(data, spec)
        assert [number for number, _ in rows] == list(range(3, 13))  # rows 3..12: ten rows
        assert [(p["row"], p["message_en"]) for p in problems] == [
            (13, "more than 10 data rows; please split the file")
        ]


class TestGuards:
    def test_a_file_that_is_not_a_zip_is_not_a_workbook(self) -> None:
        problem = refusal(b"month,quantity\n1,2\n")
        assert problem == NOT_A_WORKBOOK.as_dict()
        assert "xlsx" in problem["message_en"] and "Excel" in problem["message_zh"]

    def test_an_old_xls_is_named_as_such(self) -> None:
        problem = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
        assert ".xls" in problem["message_zh"] and "password" in problem["message_en"]

    def test_a_file_over_five_megabytes_is_refused_before_it_is_opened(self) -> None:
        assert LIMITS.max_bytes == 5 * 1024 * 1024
        problem = refusal(b"PK" + b"\0" * LIMITS.max_bytes)
        assert problem["message_zh"] == "文件超过 5 MB"

    def test_a_zip_declaring_two_gigabytes_is_refused_from_its_directory(self) -> None:
        data = declared_bomb()
        assert len(data) < 10_000
        seconds, peak = bounded(lambda: refusal(data))
        assert "50 MB" in refusal(data)["message_zh"]
        assert seconds < 2 and peak < 50 * 1024 * 1024

    def test_a_real_zip_bomb_under_the_total_cap_is_refused_by_its_ratio(self, bomb: bytes) -> None:
        assert len(bomb) < 100_000  # 20 MB of rows in well under 100 kB
        seconds, peak = bounded(lambda: refusal(bomb))
        problem = refusal(bomb)
        assert SHEET_PART in problem["message_en"] and "zip bomb" in problem["message_en"]
        assert seconds < 2 and peak < 50 * 1024 * 1024

    def test_the_same_bomb_would_inflate_past_fifty_megabytes_without_the_guard(
        self, bomb: bytes
    ) -> None:
        with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
            declared = archive.getinfo(SHEET_PART).file_size
        assert declared > 20 * 1024 * 1024 - 100  # what the ratio check kept from inflating

    def test_a_sheet_declaring_a_million_rows_is_refused_before_streaming(self) -> None:
        data = dimension_bomb()
        seconds, peak = bounded(lambda: refusal(data))
        problem = refusal(data)
        assert problem["sheet"] == SPEC.title
        assert "A1:XFD1048576" in problem["message_en"]
        assert seconds < 2 and peak < 50 * 1024 * 1024

    def test_a_far_row_without_a_dimension_is_never_padded_out(self) -> None:
        body = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>月份</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>数量</t></is></c></row>'
            '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
        )
        data = repack(xlsx([["x"]]), {SHEET_PART: sheet_xml(body, dimension=None)})
        spec = SheetSpec(SPEC.title, SPEC.columns, max_rows=100)
        seconds, peak = bounded(lambda: read_all(data, spec))
        _, rows, problems = read_all(data, spec)
        assert rows == [] and problems == []  # row 1048576 is past the 100 rows read
        assert seconds < 2 and peak < 50 * 1024 * 1024

    def test_billion_laughs_is_refused_without_expanding(self) -> None:
        data = billion_laughs()
        seconds, peak = bounded(lambda: refusal(data))
        assert refusal(data) == UNSAFE_XML.as_dict()
        assert check_package(data) == UNSAFE_XML  # refused from the prolog, before any parser
        assert seconds < 2 and peak < 50 * 1024 * 1024

    @pytest.mark.parametrize("part", [SHEET_PART, "xl/workbook.xml", "[Content_Types].xml"])
    def test_an_external_entity_is_refused_and_never_read(self, part: str) -> None:
        data = external_entity(part)
        problem = refusal(data)
        assert problem == UNSAFE_XML.as_dict()
        assert check_package(data) == UNSAFE_XML
        assert "root:" not in str(problem)

    def test_a_dtd_in_a_utf16_part_is_refused_too(self) -> None:
        prolog = '<!DOCTYPE worksheet [<!ENTITY a "b">]>'
        text = sheet_xml("", prolog=prolog).decode().replace("UTF-8", "UTF-16")
        data = repack(xlsx([["x"]]), {SHEET_PART: text.encode("utf-16")})
        assert refusal(data) == UNSAFE_XML.as_dict()

    def test_a_prolog_that_never_reaches_its_root_is_refused(self) -> None:
        comment = "<!--" + "x" * (LIMITS.prolog_bytes + 10) + "-->"
        data = repack(xlsx([["x"]]), {SHEET_PART: sheet_xml("", prolog=comment)})
        assert refusal(data) == NOT_A_WORKBOOK.as_dict()

    def test_malformed_sheet_xml_met_while_streaming_is_the_same_422(self) -> None:
        assert refusal(malformed_sheet()) == NOT_A_WORKBOOK.as_dict()

    def test_a_sheet_cut_off_halfway_is_the_same_422(self) -> None:
        rows = [["月份", "数量"], ["Month", "Quantity"]] + [[1, n] for n in range(200)]
        assert refusal(cut_part(xlsx(rows))) == NOT_A_WORKBOOK.as_dict()

    def test_a_missing_workbook_part_is_not_a_workbook(self) -> None:
        data = repack(xlsx([["x"]]), {"xl/workbook.xml": None})
        assert refusal(data) == NOT_A_WORKBOOK.as_dict()

    def test_a_good_template_passes_every_guard(self) -> None:
        assert check_package(xlsx([["月份", "数量"], ["Month", "Quantity"], [1, 2]])) is None

    def test_a_room_may_tighten_the_limits(self) -> None:
        tight = Limits(max_rows=2)
        problem = refusal(xlsx([["月份", "数量"], ["Month", "Quantity"], [1, 2]]), limits=tight)
        assert "A1:B3" in problem["message_en"]


@pytest.fixture(scope="module")
def template() -> Any:
    """A template of one data sheet (months pre-filled, a coded column) and a notes sheet."""
    spec = SheetSpec(
        "活动 Activity",
        (
            Column("month", "月份", "Month (1-12)", 10, "month", required=True),
            Column("fuel", "燃料", "Fuel", 18, "text", codes=("coal", "gas"), hint="燃料 Fuel"),
            Column("quantity", "数量", "Quantity", 12),
        ),
        template_rows=12,
    )
    book = TemplateBook()
    book.data_sheet(spec, prefill={"month": range(1, 13)})
    book.notes_sheet("说明 Notes", [("说明", "Notes"), ("1", "每行一个月")], widths=(30, 60))
    return load_workbook(io.BytesIO(book.to_bytes(title="t", keywords="k")))


class TestTemplateBook:
    def test_chinese_headers_above_english_with_the_panes_frozen_below(self, template: Any) -> None:
        sheet = template["活动 Activity"]
        assert [c.value for c in sheet[1]] == ["月份", "燃料", "数量"]
        assert [c.value for c in sheet[2]] == ["Month (1-12)", "Fuel", "Quantity"]
        assert sheet.freeze_panes == "A3"
        assert sheet.column_dimensions["B"].width == 18
        assert [sheet.cell(row=r, column=1).value for r in (3, 14)] == [1, 12]

    def test_codes_become_a_drop_down_on_a_hidden_lists_sheet(self, template: Any) -> None:
        assert template.sheetnames == ["活动 Activity", "说明 Notes", "代码 Codes"]
        assert template["代码 Codes"].sheet_state == "hidden"
        rules = {str(v.sqref): v for v in template["活动 Activity"].data_validations.dataValidation}
        fuel = rules["B3:B14"]
        assert (fuel.type, fuel.formula1, fuel.errorStyle) == (
            "list",
            "'代码 Codes'!$A$2:$A$3",
            "stop",
        )
        month = rules["A3:A14"]
        assert (month.type, month.formula1, month.formula2) == ("whole", "1", "12")
        assert [c.value for c in template["代码 Codes"]["A"]] == ["fuel", "coal", "gas"]

    def test_the_template_reads_back_through_the_reader(self) -> None:
        book = TemplateBook()
        book.data_sheet(SPEC)
        filled = load_workbook(io.BytesIO(book.to_bytes()))
        filled[SPEC.title].append([3, 1.5, "ok"])
        buffer = io.BytesIO()
        filled.save(buffer)
        _, rows, problems = read_all(buffer.getvalue())
        assert rows == [(3, {"month": 3, "quantity": 1.5, "note": "ok"})] and problems == []


class TestWriteTable:
    COLUMNS = (
        Column("month", "月份", "Month", 8, "month"),
        Column("tco2e", "排放量 (tCO2e)", "Emissions", 16, decimals=2),
        Column("share", "占比", "Share", 10, "percent"),
    )

    def test_numbers_are_formatted_and_the_total_row_sums_the_numbers(self) -> None:
        workbook, sheet = new_workbook("月度 Months")
        table = write_table(
            sheet,
            self.COLUMNS,
            [[1, 10.5, 0.8], [2, None, None], [3, 2.25, 0.2]],
            totals=("tco2e",),
        )
        bar_chart(
            table, values=("tco2e",), category="month", title="t", y_title="tCO2e", anchor="E3"
        )
        book = load_workbook(io.BytesIO(to_bytes(workbook)))["月度 Months"]
        assert (table.first_row, table.last_row, table.total_row) == (3, 5, 6)
        assert [c.value for c in book[6]][:2] == ["合计 Total", 12.75]  # 10.5 + 2.25
        assert book["B3"].number_format == "#,##0.00" and book["A3"].number_format == "0"
        assert book["C3"].number_format == "0.0%"
        assert book.freeze_panes == "A3"
        (chart,) = book._charts
        (series,) = chart.series
        assert series.val.numRef.f == "'月度 Months'!$B$3:$B$5"  # the total row is not drawn
        assert series.tx.strRef.f == "'月度 Months'!B2"  # named by the English header

    def test_one_header_row_for_machine_read_exports(self) -> None:
        workbook, sheet = new_workbook("比较 compare")
        write_table(sheet, self.COLUMNS, [[7, 1.0, 0.5]], stacked=False)
        book = load_workbook(io.BytesIO(to_bytes(workbook)))["比较 compare"]
        assert [c.value for c in book[1]] == [
            "月份 Month",
            "排放量 (tCO2e) Emissions",
            "占比 Share",
        ]
        assert [c.value for c in book[2]] == [7, 1.0, 0.5]
        assert book.freeze_panes == "A2"
