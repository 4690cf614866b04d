"""Importing a filled activity template (活动数据模板导入) into draft reports.

:func:`parse_workbook` reads a filled template back, through the kit's workbook engine, into
one :class:`~shuangtan.accounts.schemas.ReportIn` per month, or raises
:class:`~.activity_sheets.ReportWorkbookInvalid` listing every problem by sheet, row and
column (in Chinese and English). Nothing is imported when anything is wrong:
:func:`import_workbook` saves the months as draft reports through the MRV service only when
the whole workbook is valid, inside the request's one transaction.

What a valid line is (known activities, fuels, materials, gases, the dimension a unit must
have) is asked of the accounting core (:mod:`shuangtan.accounting`), never restated here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from shuangtan.accounting.units import Dimension, UnitProblem, dimension_of
from shuangtan.accounts import service as accounts_service
from shuangtan.accounts.activity_sheets import (
    ACTIVITY_DIMENSION,
    ACTIVITY_NAMES,
    ACTIVITY_SHEET,
    DIMENSION_NAMES,
    FIRST_DATA_ROW,
    INSTRUCTIONS_SHEET,
    ITEM_KIND,
    ITEM_NAMES,
    OUTPUT_SHEET,
    Catalogue,
    ReportWorkbookInvalid,
    activity_spec,
    catalogue,
    output_read_spec,
)
from shuangtan.accounts.models import EntityKind
from shuangtan.accounts.schemas import ReportIn, ReportLineIn
from shuangtan.auth.principal import Principal
from shuangtan.kit.workbook import Problem, Row, WorkbookReader

__all__ = ["ImportResult", "import_workbook", "parse_workbook", "template_kind"]

MAX_LINES_PER_MONTH = 500
_NUMBERS = ("quantity", "ncv", "carbon_content", "oxidation_rate", "green_certificates_mwh")
_MEASURED = ("ncv", "carbon_content", "oxidation_rate")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """导入结果 what an import saved: one draft report per month."""

    entity_id: int
    year: int
    months: tuple[int, ...]
    report_ids: tuple[int, ...]
    lines: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON answer of the import route."""
        return {
            "entity_id": self.entity_id,
            "year": self.year,
            "months": list(self.months),
            "report_ids": list(self.report_ids),
            "lines": self.lines,
        }


# ------------------------------------------------------------------------------ cell values


def _text(value: object) -> str:
    return str(value).strip()


def _decimal(value: object) -> Decimal | None:
    """A finite Decimal from a cell (numbers keep their shortest decimal form), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _month(value: object) -> int | None:
    number = _decimal(value.strip().removesuffix("月") if isinstance(value, str) else value)
    if number is None or number != number.to_integral_value() or not 1 <= number <= 12:
        return None
    return int(number)


def _number(
    row: Row, field: str, *, positive: bool = False, at_most_one: bool = False
) -> Decimal | None:
    """The number in ``field`` of ``row``, or None after recording why it is not one."""
    column = row.header.spec.column(field)
    value = row[field]
    number = _decimal(value)
    if number is None:
        row.fail(
            field, f"“{column.zh}”须为数值：{value!r}", f"'{column.en}' must be a number: {value!r}"
        )
        return None
    if number < 0 or (positive and number == 0):
        bound_zh, bound_en = ("正数", "positive") if positive else ("非负数", "zero or more")
        row.fail(
            field,
            f"“{column.zh}”须为{bound_zh}：{number}",
            f"'{column.en}' must be {bound_en}: {number}",
        )
        return None
    if at_most_one and number > 1:
        row.fail(
            field, f"“{column.zh}”不能大于1：{number}", f"'{column.en}' must be at most 1: {number}"
        )
        return None
    return number


def _resolve(value: str, names: dict[str, str]) -> str | None:
    """A code from a code or its Chinese name (``天然气`` → ``natural_gas``)."""
    if value in names:
        return value
    lowered = value.lower()
    for code, name in names.items():
        if lowered == code.lower() or value in (name, name.split("(")[0]):
            return code
    return None


def _expected_dimension(
    activity: str, item: str | None, ncv_unit: str | None, items: Catalogue
) -> Dimension | None:
    """The dimension the quantity's unit must have, as the core will read the line."""
    fixed = ACTIVITY_DIMENSION.get(activity)
    if fixed is not None:
        return fixed
    if ncv_unit and "/" in ncv_unit:
        try:
            return dimension_of(ncv_unit.split("/", 1)[1])
        except UnitProblem:
            return None
    unit = items.fuel_units.get(item or "")
    return dimension_of(unit) if unit else None


# ---------------------------------------------------------------------------- activity rows


def _activity(row: Row) -> str | None:
    if not row.has("activity"):
        return None
    raw = _text(row["activity"])
    activity = _resolve(raw, ACTIVITY_NAMES)
    if activity is None:
        row.fail(
            "activity",
            f"未知活动类型“{raw}”，可用：{'、'.join(ACTIVITY_NAMES)}",
            f"unknown activity '{raw}'; known: {', '.join(ACTIVITY_NAMES)}",
        )
    return activity


def _item(row: Row, activity: str | None, items: Catalogue) -> str | None:
    """The line's fuel, material or gas code, checked against what its activity takes."""
    item_kind = ITEM_KIND.get(activity or "")
    raw = _text(row["item"]) if row.has("item") else None
    if activity is None:
        return None
    if item_kind is None:
        if raw is not None:
            row.fail(
                "item",
                f"{ACTIVITY_NAMES[activity]}不填燃料/原料/气体",
                f"{activity} takes no item: '{raw}'",
            )
        return None
    kind_zh, kind_en = ITEM_NAMES[item_kind]
    if raw is None:
        row.fail(
            "item",
            f"{ACTIVITY_NAMES[activity]}须填写{kind_zh}代码",
            f"{activity} needs a {kind_en} code",
        )
        return None
    item = _resolve(raw, items.items[item_kind])
    if item is None:
        row.fail(
            "item",
            f"未知{kind_zh}“{raw}”（见“说明”工作表）",
            f"unknown {kind_en} '{raw}' (see the Instructions sheet)",
        )
    return item


def _numbers(row: Row, activity: str | None) -> dict[str, Decimal | None]:
    """The line's numbers, each checked; measured values and certificates where they apply."""
    numbers: dict[str, Decimal | None] = {}
    for field in _NUMBERS:
        numbers[field] = None
        if row.has(field):
            numbers[field] = _number(
                row, field, positive=field in _MEASURED, at_most_one=field == "oxidation_rate"
            )
    if activity is not None and activity != "fuel_combustion":
        for field in _MEASURED:
            if numbers[field] is not None:
                row.fail(
                    field,
                    "实测值只用于化石燃料燃烧",
                    "measured values apply to fuel_combustion only",
                )
    certificates = numbers["green_certificates_mwh"]
    if activity not in (None, "purchased_electricity") and certificates is not None:
        row.fail(
            "green_certificates_mwh",
            "绿证只用于净购入电力",
            "green certificates apply to purchased_electricity only",
        )
    return numbers


def _check_unit(
    row: Row, unit: str, activity: str | None, item: str | None, items: Catalogue
) -> None:
    """A unit the core reads, of the dimension the activity (or the fuel) needs."""
    ncv_unit = _text(row["ncv_unit"]) if row.has("ncv_unit") else None
    try:
        given = dimension_of(unit)
    except UnitProblem as problem:
        row.fail("unit", problem.message_zh, problem.message_en)
        return
    if activity is None or (item is None and ITEM_KIND.get(activity) is not None):
        return
    expected = _expected_dimension(activity, item, ncv_unit, items)
    if expected is None or given is expected:
        return
    other = ("其他量纲", "of another kind")
    given_zh, given_en = DIMENSION_NAMES.get(given, other) if given else other
    expected_zh, expected_en = DIMENSION_NAMES[expected]
    row.fail(
        "unit",
        f"单位“{unit}”是{given_zh.split('（')[0]}单位，"
        f"{ACTIVITY_NAMES[activity]}此处需要{expected_zh}",
        f"unit '{unit}' is {given_en.split(' (')[0]}, but {activity} needs {expected_en}",
    )


def _activity_row(row: Row, items: Catalogue) -> tuple[int, ReportLineIn] | None:
    """One activity row as ``(month, line)``, or None after recording its problems."""
    before = len(row.reader.problems)
    for column in row.header.spec.columns:
        if column.required and not row.has(column.field):
            row.fail(
                column.field, f"必填项“{column.zh}”为空", f"required cell '{column.en}' is empty"
            )
    month = None
    if row.has("month"):
        month = _month(row["month"])
        if month is None:
            row.fail(
                "month",
                f"月份须为1–12的整数：{row['month']!r}",
                f"month must be a whole number 1-12: {row['month']!r}",
            )
    activity = _activity(row)
    item = _item(row, activity, items)
    numbers = _numbers(row, activity)
    unit = _text(row["unit"]) if row.has("unit") else None
    if unit is not None:
        _check_unit(row, unit, activity, item, items)
    if len(row.reader.problems) > before or month is None or activity is None or unit is None:
        return None
    quantity = numbers["quantity"]
    assert quantity is not None
    try:
        line = ReportLineIn(
            activity=activity,
            item=item,
            quantity=quantity,
            unit=unit,
            ncv=numbers["ncv"],
            ncv_unit=_text(row["ncv_unit"]) if row.has("ncv_unit") else None,
            carbon_content=numbers["carbon_content"],
            oxidation_rate=numbers["oxidation_rate"],
            green_certificates_mwh=numbers["green_certificates_mwh"],
        )
    except ValidationError as error:  # pragma: no cover - the checks above are stricter
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else "quantity"
            known = field in row.header.index
            row.fail(field if known else "quantity", str(detail["msg"]), str(detail["msg"]))
        return None
    return month, line


# -------------------------------------------------------------------------- output sheet


def _output_sheet(book: WorkbookReader, kind: EntityKind | None) -> dict[int, dict[str, Any]]:
    """The denominators of each month filled on the output sheet."""
    out: dict[int, dict[str, Any]] = {}
    header = book.header(output_read_spec(kind))
    if "month" not in header.index:
        return out
    seen: dict[int, int] = {}
    for row in book.rows(header):
        values = {f: v for f, v in row.values.items() if f != "month" and v is not None}
        if not values:
            continue  # a pre-filled month with nothing entered
        month = _month(row["month"]) if row.has("month") else None
        if month is None:
            row.fail(
                "month",
                f"月份须为1–12的整数：{row['month']!r}",
                f"month must be a whole number 1-12: {row['month']!r}",
            )
            continue
        if month in seen:
            row.fail(
                "month",
                f"{month}月已在第{seen[month]}行填写",
                f"month {month} is already on row {seen[month]}",
            )
            continue
        seen[month] = row.number
        entry: dict[str, Any] = {}
        for field, value in values.items():
            if header.spec.column(field).kind == "text":
                entry[field] = _text(value)
            else:
                number = _number(row, field)
                if number is not None:
                    entry[field] = number
        out[month] = entry
    return out


# -------------------------------------------------------------------------------- workbook


def _instruction(book: WorkbookReader, row: int) -> object:
    """Column B of ``row`` of the instructions sheet (2: the year, 3: the entity kind)."""
    if INSTRUCTIONS_SHEET not in book:
        return None
    head = book.head(INSTRUCTIONS_SHEET, rows=3, columns=2)
    return head[row - 1][1] if len(head) >= row else None


def _template_kind(book: WorkbookReader) -> EntityKind | None:
    value = _instruction(book, 3)
    try:
        return None if value is None else EntityKind(str(value))
    except ValueError:
        return None


def _check_template_year(book: WorkbookReader, year: int) -> None:
    written = _instruction(book, 2)
    number = _decimal(written)
    if number is not None and number != year:
        book.fail(
            INSTRUCTIONS_SHEET,
            f"模板年份 {written} 与导入年份 {year} 不符",
            f"the template is for {written}, not {year}",
            row=2,
            column="B",
            header="年份 Year",
        )


def _read(data: bytes, *, year: int) -> tuple[list[ReportIn], EntityKind | None]:
    """The months of a filled template and the entity kind it was built for."""
    with WorkbookReader(data, error=ReportWorkbookInvalid) as book:
        items = catalogue()
        kind = _template_kind(book)
        _check_template_year(book, year)
        lines: dict[int, list[ReportLineIn]] = {}
        spec = activity_spec()
        if book.require(spec):
            header = book.header(spec)
            if header.complete:
                for row in book.rows(header):
                    parsed = _activity_row(row, items)
                    if parsed is not None:
                        lines.setdefault(parsed[0], []).append(parsed[1])
        denominators = _output_sheet(book, kind) if OUTPUT_SHEET in book else {}
        for month, month_lines in lines.items():
            if len(month_lines) > MAX_LINES_PER_MONTH:
                book.fail(
                    ACTIVITY_SHEET,
                    f"{month}月超过{MAX_LINES_PER_MONTH}行",
                    f"month {month} has more than {MAX_LINES_PER_MONTH} lines",
                    column="A",
                    header=spec.columns[0].header,
                )
        book.raise_if_problems()
    months = sorted(set(lines) | set(denominators))
    reports = [
        ReportIn(year=year, month=month, lines=lines.get(month, []), **denominators.get(month, {}))
        for month in months
    ]
    return reports, kind


def template_kind(data: bytes) -> EntityKind | None:
    """The entity kind a template was built for (its Instructions sheet), if it says."""
    with WorkbookReader(data, error=ReportWorkbookInvalid) as book:
        return _template_kind(book)


def parse_workbook(data: bytes, *, year: int) -> list[ReportIn]:
    """The months of a filled template as ``ReportIn`` objects, sorted by month.

    Raises :class:`~.activity_sheets.ReportWorkbookInvalid` (422, ``report.workbook_invalid``)
    with ``errors: [{sheet, row, column, header, message_zh, message_en}]`` listing every
    problem: a file that is not xlsx (or one the engine's guards refuse), missing sheets or
    columns, empty required cells, a month outside 1–12, unknown activities or items, a unit
    of the wrong dimension, negative or non-numeric numbers, a month given twice on the output
    sheet.
    """
    return _read(data, year=year)[0]


def import_workbook(
    *, session: Session, actor: Principal, entity_id: int, year: int, data: bytes
) -> ImportResult:
    """Save every month of a valid workbook as a draft report of ``entity_id``.

    Parses first: any problem raises :class:`~.activity_sheets.ReportWorkbookInvalid` and
    nothing is written. Each month goes through the MRV service's ``save_report`` (which
    checks the caller's permission, the report's state and audits the write) in the caller's
    one transaction; if any month is refused (e.g. already submitted), the error propagates
    and the request's transaction rolls back, so no month is kept.
    """
    entity = accounts_service.get_entity(session=session, actor=actor, entity_id=entity_id)
    reports, kind = _read(data, year=year)
    if kind is not None and kind.value != entity.kind:
        raise ReportWorkbookInvalid.of(
            [
                Problem(
                    INSTRUCTIONS_SHEET,
                    3,
                    "B",
                    "主体类型 Entity kind",
                    f"模板适用于“{kind.value}”，该主体为“{entity.kind}”，请下载对应模板",
                    f"the template is for '{kind.value}' but the entity is '{entity.kind}'; "
                    "download the matching template",
                )
            ]
        )
    if not reports:
        raise ReportWorkbookInvalid.of(
            [
                Problem(
                    ACTIVITY_SHEET,
                    FIRST_DATA_ROW,
                    None,
                    None,
                    "模板中没有数据",
                    "the workbook holds no data",
                )
            ]
        )
    saved = [
        accounts_service.save_report(session=session, actor=actor, entity_id=entity_id, data=report)
        for report in reports
    ]
    return ImportResult(
        entity_id=entity_id,
        year=year,
        months=tuple(r.month for r in reports),
        report_ids=tuple(s.id for s in saved),
        lines=sum(len(r.lines) for r in reports),
    )
