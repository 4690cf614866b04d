"""The inventory's Excel template (清单数据填报模板) and its import.

One workbook, one sheet per kind of entry (energy balance, local generation, economic
statistics, vehicles, activity data, notation keys, reductions claimed elsewhere); row 1 holds
the Chinese header, row 2 the English one, data start on row 3. :func:`import_workbook` checks
every row of every sheet with the same checks as the web form (:func:`entries.prepare`) and the
writer's scope first: any problem raises :class:`WorkbookInvalid` listing each by sheet, row
and column (Chinese and English), a row outside the writer's scope raises
:class:`~.errors.OutsideScope` — and nothing is written. Only a clean workbook is written, row by
row through :func:`entries.record` (which audits), inside the request's one transaction.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.errors import DomainError, InvalidInput

from . import entries
from .catalogue import activity_kinds, carriers
from .errors import OutsideScope
from .models import (
    ECONOMIC_ITEMS,
    GENERATION_SOURCES,
    NOTATION_KEYS,
    POWER_TYPES,
    SCHEMES,
    SECTORS,
    VEHICLE_TYPES,
)

__all__ = ["SHEETS", "WorkbookInvalid", "build_template", "import_workbook", "parse_workbook"]

FIRST_DATA_ROW = 3
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024


class WorkbookInvalid(InvalidInput):
    """模板内容有误 the uploaded workbook has problems; each is listed, nothing was imported."""

    code = "inventory.workbook_invalid"
    title = "Workbook invalid"


@dataclass(frozen=True, slots=True)
class Col:
    field: str
    zh: str
    en: str
    width: int = 14


_COMMON = (
    Col("year", "年份", "Year", 8),
    Col("month", "月份(0=全年)", "Month (0 = year)", 12),
    Col("area_code", "区域代码", "Area code", 12),
)
_SOURCE = Col("source_note", "数据来源", "Source", 36)
SHEETS: dict[str, tuple[str, tuple[Col, ...]]] = {
    "energy": (
        "能源平衡表 Energy balance",
        (
            *_COMMON,
            Col("sector", "消费部门", "Sector", 14),
            Col("carrier", "能源品种", "Carrier", 20),
            Col("quantity", "实物量", "Quantity"),
            Col("unit", "单位", "Unit", 12),
            _SOURCE,
        ),
    ),
    "generation": (
        "本地发电 Generation",
        (
            *_COMMON,
            Col("source", "发电类型", "Source", 14),
            Col("generation_mwh", "发电量(MWh)", "Generation (MWh)", 16),
            Col("fuel_carrier", "燃料品种", "Fuel carrier", 16),
            Col("fuel_quantity", "燃料量", "Fuel quantity"),
            Col("fuel_unit", "燃料单位", "Fuel unit", 12),
            _SOURCE,
        ),
    ),
    "economic": (
        "经济社会 Economy",
        (
            *_COMMON,
            Col("item", "指标", "Item", 18),
            Col("value", "数值", "Value"),
            Col("unit", "单位", "Unit", 14),
            _SOURCE,
        ),
    ),
    "fleet": (
        "机动车 Vehicles",
        (
            *_COMMON,
            Col("vehicle_type", "车辆类别", "Vehicle type", 18),
            Col("power", "动力类型", "Power", 18),
            Col("vehicles", "数量(辆)", "Vehicles"),
            _SOURCE,
        ),
    ),
    "activity": (
        "活动数据 Activity data",
        (
            *_COMMON,
            Col("activity", "活动类别", "Activity", 24),
            Col("quantity", "数量", "Quantity"),
            Col("unit", "单位", "Unit", 12),
            _SOURCE,
        ),
    ),
    "notation": (
        "注释键 Notation keys",
        (
            *_COMMON,
            Col("gpc_ref", "GPC编号", "GPC ref", 10),
            Col("notation_key", "注释键", "Key (NO/IE/NE/C)", 16),
            Col("reason", "理由", "Reason", 40),
            _SOURCE,
        ),
    ),
    "claim": (
        "已计入减排 Claimed reductions",
        (
            *_COMMON,
            Col("gpc_ref", "GPC编号", "GPC ref", 10),
            Col("scheme", "机制", "Scheme", 16),
            Col("reference", "编号", "Reference", 24),
            Col("amount_tco2e", "减排量(tCO2e)", "Amount (tCO2e)", 16),
            Col("description", "说明", "Description", 30),
            _SOURCE,
        ),
    ),
}
CODES_SHEET = "代码 Codes"


def _codes() -> list[tuple[str, str]]:
    lists = [
        ("sector", ", ".join(SECTORS)),
        (
            "carrier",
            ", ".join(f"{c.key} {c.name_zh} [{c.default_unit}]" for c in carriers().values()),
        ),
        ("source", ", ".join(GENERATION_SOURCES)),
        ("item", ", ".join(ECONOMIC_ITEMS)),
        ("vehicle_type", ", ".join(VEHICLE_TYPES)),
        ("power", ", ".join(POWER_TYPES)),
        (
            "activity",
            ", ".join(f"{a.key} {a.name_zh} [{a.unit}]" for a in activity_kinds().values()),
        ),
        ("notation_key", ", ".join(NOTATION_KEYS)),
        ("scheme", ", ".join(SCHEMES)),
    ]
    return lists


def build_template() -> bytes:
    """The empty workbook: one sheet per kind, bilingual headers, and a sheet of codes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    head = PatternFill("solid", fgColor="DCEFE8")
    for _, (title, columns) in SHEETS.items():
        sheet = workbook.create_sheet(title)
        for index, col in enumerate(columns, start=1):
            sheet.cell(row=1, column=index, value=col.zh).font = Font(bold=True)
            sheet.cell(row=2, column=index, value=col.en).font = Font(italic=True)
            sheet.cell(row=1, column=index).fill = head
            sheet.column_dimensions[get_column_letter(index)].width = col.width
        sheet.freeze_panes = "A3"
    codes = workbook.create_sheet(CODES_SHEET)
    codes.append(["字段 Field", "可填写的代码 Allowed codes"])
    for field, allowed in _codes():
        codes.append([field, allowed])
    codes.column_dimensions["B"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _problem(sheet: str, row: int | None, column: str | None, header: str | None,
             zh: str, en: str) -> dict[str, Any]:  # fmt: skip
    return {
        "sheet": sheet,
        "row": row,
        "column": column,
        "header": header,
        "message_zh": zh,
        "message_en": en,
    }


def _invalid(problems: list[dict[str, Any]]) -> WorkbookInvalid:
    first = problems[0]
    where = f"{first['sheet']} {first['column'] or ''}{first['row'] or ''}".strip()
    return WorkbookInvalid(
        f"模板有 {len(problems)} 处错误，未导入任何数据；第一处（{where}）：{first['message_zh']}",
        f"The workbook has {len(problems)} problem(s); nothing was imported. "
        f"First ({where}): {first['message_en']}",
        errors=problems,
    )


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_workbook(session: Session, data: bytes) -> list[tuple[str, int, dict[str, Any]]]:
    """Every filled row as ``(kind, row number, data)``, or :class:`WorkbookInvalid`."""
    if len(data) > MAX_BYTES:
        raise _invalid([_problem("", None, None, None, "文件超过 5 MB", "the file is over 5 MB")])
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise _invalid([_problem("", None, None, None,
                                 "文件不是有效的 Excel（.xlsx）工作簿，请使用平台下载的模板",
                                 "the file is not an Excel (.xlsx) workbook; use the platform's "
                                 "template")]) from exc  # fmt: skip
    problems: list[dict[str, Any]] = []
    rows: list[tuple[str, int, dict[str, Any]]] = []
    seen: dict[tuple[object, ...], tuple[str, int]] = {}
    found_any_sheet = False
    for kind, (title, columns) in SHEETS.items():
        if title not in workbook.sheetnames:
            continue
        found_any_sheet = True
        sheet = workbook[title]
        headers = [_cell(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1))]
        for index, col in enumerate(columns):
            if index >= len(headers) or headers[index] != col.zh:
                letter = get_column_letter(index + 1)
                problems.append(
                    _problem(title, 1, letter, col.zh, f"表头应为“{col.zh}”",
                             f"the header must be '{col.zh}'")
                )  # fmt: skip
        if problems:
            continue
        letters = {col.field: get_column_letter(i + 1) for i, col in enumerate(columns)}
        for number, values in enumerate(
            sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=FIRST_DATA_ROW + MAX_ROWS,
                            max_col=len(columns), values_only=True),
            start=FIRST_DATA_ROW,
        ):  # fmt: skip
            cells = [_cell(v) for v in values]
            if all(v is None for v in cells):
                continue
            record = {col.field: cells[i] for i, col in enumerate(columns) if i < len(cells)}
            try:
                prepared = entries.prepare(session=session, kind=kind, data=record)
            except DomainError as error:
                for item in error.extra.get("errors", []) or [
                    {"field": "", "message_zh": error.message_zh, "message_en": error.message_en}
                ]:
                    field = item.get("field") or ""
                    column = letters.get(field)
                    header = next((f"{c.zh} {c.en}" for c in columns if c.field == field), None)
                    problems.append(_problem(title, number, column, header,
                                             item["message_zh"], item["message_en"]))  # fmt: skip
                continue
            key = (kind, *(prepared[k] for k in entries.KINDS[kind].key))
            if key in seen:
                first_sheet, first_row = seen[key]
                problems.append(_problem(title, number, None, None,
                                         f"与{first_sheet}第{first_row}行重复（同一单元格填了两次）",
                                         f"duplicates {first_sheet} row {first_row} (the same cell "
                                         "twice)"))  # fmt: skip
                continue
            seen[key] = (title, number)
            rows.append((kind, number, record))
    if not found_any_sheet:
        problems.append(_problem("", None, None, None, "没有找到模板的任何工作表",
                                 "none of the template's sheets was found"))  # fmt: skip
    if problems:
        raise _invalid(problems)
    if not rows:
        raise _invalid([_problem("", None, None, None, "模板中没有数据行",
                                 "the workbook has no data rows")])  # fmt: skip
    return rows


def import_workbook(*, session: Session, actor: Principal, data: bytes) -> dict[str, Any]:
    """Write every row of a clean workbook (scope checked first), or nothing."""
    rows = parse_workbook(session, data)
    outside = [
        (kind, number, str(record.get("area_code")))
        for kind, number, record in rows
        if not _in_scope(session, actor, str(record.get("area_code")))
    ]
    if outside:
        kind, number, area = outside[0]
        raise OutsideScope(
            f"有 {len(outside)} 行超出您的职责范围"
            f"（如 {SHEETS[kind][0]} 第{number}行，区域 {area}），未导入任何数据。",
            f"{len(outside)} row(s) are outside your scope (e.g. {SHEETS[kind][0]} row {number}, "
            f"area {area}); nothing was imported.",
        )
    counts: dict[str, int] = {}
    for kind, _, record in rows:
        entries.record(session=session, actor=actor, kind=kind, data=record, via="excel")
        counts[kind] = counts.get(kind, 0) + 1
    return {"rows": len(rows), "by_kind": counts}


def _in_scope(session: Session, actor: Principal, area_code: str) -> bool:
    try:
        entries.check_scope(actor, area_code, session=session)
    except OutsideScope:
        return False
    return True
