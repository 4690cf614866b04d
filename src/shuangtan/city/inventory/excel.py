"""The inventory's Excel template (清单数据填报模板) and its import, on the kit's workbook engine.

One workbook, one sheet per kind of entry (energy balance, local generation, economic
statistics, vehicles, activity data, notation keys, reductions claimed elsewhere); row 1 holds
the Chinese header, row 2 the English one, data start on row 3; a sheet lists the codes each
field takes, and the coded columns offer them in drop-downs. :func:`import_workbook` reads the
upload behind the engine's guards, finds each column by its Chinese or English header, checks
every row of every sheet with the same checks as the web form (:func:`entries.prepare`) and
the writer's scope: any problem raises :class:`WorkbookInvalid` listing each by sheet, row and
column (Chinese and English), a row outside the writer's scope raises
:class:`~.errors.OutsideScope` — and nothing is written. Only a clean workbook is written, row
by row through :func:`entries.record` (which audits), inside the request's one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.errors import DomainError
from shuangtan.kit import workbook
from shuangtan.kit.workbook import Column, Kind, Row, SheetSpec, TemplateBook, WorkbookReader

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

__all__ = [
    "MAX_BYTES",
    "SHEETS",
    "WorkbookInvalid",
    "build_template",
    "import_workbook",
    "parse_workbook",
]

FIRST_DATA_ROW = workbook.FIRST_DATA_ROW
MAX_ROWS = workbook.MAX_DATA_ROWS
MAX_BYTES = workbook.LIMITS.max_bytes
CODES_SHEET = "代码 Codes"
LISTS_SHEET = "下拉列表 Lists"


class WorkbookInvalid(workbook.WorkbookInvalid):
    """模板内容有误 the uploaded workbook has problems; each is listed, nothing was imported."""

    code = "inventory.workbook_invalid"
    title = "Workbook invalid"


def _col(field: str, zh: str, en: str, width: int = 14, kind: Kind = "text") -> Column:
    """A column of the inventory template; every column must be in an upload's header."""
    return Column(field, zh, en, width, kind, required=True)


_COMMON = (
    _col("year", "年份", "Year", 8, "integer"),
    _col("month", "月份(0=全年)", "Month (0 = year)", 12, "integer"),
    _col("area_code", "区域代码", "Area code", 12),
)
_SOURCE = _col("source_note", "数据来源", "Source", 36)
SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "energy": (
        "能源平衡表 Energy balance",
        (
            *_COMMON,
            _col("sector", "消费部门", "Sector", 14),
            _col("carrier", "能源品种", "Carrier", 20),
            _col("quantity", "实物量", "Quantity", kind="number"),
            _col("unit", "单位", "Unit", 12),
            _SOURCE,
        ),
    ),
    "generation": (
        "本地发电 Generation",
        (
            *_COMMON,
            _col("source", "发电类型", "Source", 14),
            _col("generation_mwh", "发电量(MWh)", "Generation (MWh)", 16, "number"),
            _col("fuel_carrier", "燃料品种", "Fuel carrier", 16),
            _col("fuel_quantity", "燃料量", "Fuel quantity", kind="number"),
            _col("fuel_unit", "燃料单位", "Fuel unit", 12),
            _SOURCE,
        ),
    ),
    "economic": (
        "经济社会 Economy",
        (
            *_COMMON,
            _col("item", "指标", "Item", 18),
            _col("value", "数值", "Value", kind="number"),
            _col("unit", "单位", "Unit", 14),
            _SOURCE,
        ),
    ),
    "fleet": (
        "机动车 Vehicles",
        (
            *_COMMON,
            _col("vehicle_type", "车辆类别", "Vehicle type", 18),
            _col("power", "动力类型", "Power", 18),
            _col("vehicles", "数量(辆)", "Vehicles", kind="integer"),
            _SOURCE,
        ),
    ),
    "activity": (
        "活动数据 Activity data",
        (
            *_COMMON,
            _col("activity", "活动类别", "Activity", 24),
            _col("quantity", "数量", "Quantity", kind="number"),
            _col("unit", "单位", "Unit", 12),
            _SOURCE,
        ),
    ),
    "notation": (
        "注释键 Notation keys",
        (
            *_COMMON,
            _col("gpc_ref", "GPC编号", "GPC ref", 10),
            _col("notation_key", "注释键", "Key (NO/IE/NE/C)", 16),
            _col("reason", "理由", "Reason", 40),
            _SOURCE,
        ),
    ),
    "claim": (
        "已计入减排 Claimed reductions",
        (
            *_COMMON,
            _col("gpc_ref", "GPC编号", "GPC ref", 10),
            _col("scheme", "机制", "Scheme", 16),
            _col("reference", "编号", "Reference", 24),
            _col("amount_tco2e", "减排量(tCO2e)", "Amount (tCO2e)", 16, "number"),
            _col("description", "说明", "Description", 30),
            _SOURCE,
        ),
    ),
}
"""Each kind of entry: its sheet title and columns (the entry form shows the same columns)."""

_CODES: dict[str, Callable[[], tuple[str, ...]]] = {
    "sector": lambda: SECTORS,
    "carrier": lambda: tuple(carriers()),
    "fuel_carrier": lambda: tuple(carriers()),
    "source": lambda: GENERATION_SOURCES,
    "item": lambda: ECONOMIC_ITEMS,
    "vehicle_type": lambda: VEHICLE_TYPES,
    "power": lambda: POWER_TYPES,
    "activity": lambda: tuple(activity_kinds()),
    "notation_key": lambda: NOTATION_KEYS,
    "scheme": lambda: SCHEMES,
}
"""The codes a field takes (its drop-down in the template), read when a template is built."""


def _spec(title: str, columns: tuple[Column, ...], *, coded: bool = False) -> SheetSpec:
    if coded:
        columns = tuple(
            replace(c, codes=_CODES[c.field]()) if c.field in _CODES else c for c in columns
        )
    return SheetSpec(title, columns, max_rows=MAX_ROWS)


def _codes() -> list[tuple[str, str]]:
    """The codes sheet: each coded field and what it takes, with names and units."""
    named = {
        "carrier": ", ".join(
            f"{c.key} {c.name_zh} [{c.default_unit}]" for c in carriers().values()
        ),
        "activity": ", ".join(f"{a.key} {a.name_zh} [{a.unit}]" for a in activity_kinds().values()),
    }
    return [
        (field, named.get(field) or ", ".join(codes()))
        for field, codes in _CODES.items()
        if field != "fuel_carrier"  # the same codes as carrier
    ]


def build_template() -> bytes:
    """The empty workbook: one sheet per kind, bilingual headers, drop-downs, a codes sheet."""
    book = TemplateBook(lists_title=LISTS_SHEET)
    for title, columns in SHEETS.values():
        book.data_sheet(_spec(title, columns, coded=True))
    book.notes_sheet(
        CODES_SHEET,
        [("字段 Field", "可填写的代码 Allowed codes"), *_codes()],
        widths=(14, 120),
        heading=False,
    )
    return book.to_bytes(title="shuangtan inventory template")


def _row_problems(row: Row, error: DomainError) -> None:
    """Each problem :func:`entries.prepare` found, at its cell of the row."""
    items = error.extra.get("errors") or [
        {"field": "", "message_zh": error.message_zh, "message_en": error.message_en}
    ]
    for item in items:
        field = item.get("field") or None
        known = field if field in row.header.spec.fields else None
        row.fail(known, item["message_zh"], item["message_en"])


def parse_workbook(session: Session, data: bytes) -> list[tuple[str, int, dict[str, Any]]]:
    """Every filled row as ``(kind, row number, data)``, or :class:`WorkbookInvalid`."""
    rows: list[tuple[str, int, dict[str, Any]]] = []
    seen: dict[tuple[object, ...], tuple[str, int]] = {}
    with WorkbookReader(data, error=WorkbookInvalid) as book:
        found_any_sheet = False
        for kind, (title, columns) in SHEETS.items():
            if title not in book:
                continue
            found_any_sheet = True
            header = book.header(_spec(title, columns))
            if not header.complete:
                continue
            for row in book.rows(header):
                record = dict(row.values)
                try:
                    prepared = entries.prepare(session=session, kind=kind, data=record)
                except DomainError as error:
                    _row_problems(row, error)
                    continue
                key = (kind, *(prepared[k] for k in entries.KINDS[kind].key))
                if key in seen:
                    first_sheet, first_row = seen[key]
                    row.fail(
                        None,
                        f"与{first_sheet}第{first_row}行重复（同一单元格填了两次）",
                        f"duplicates {first_sheet} row {first_row} (the same cell twice)",
                    )
                    continue
                seen[key] = (title, row.number)
                rows.append((kind, row.number, record))
        if not found_any_sheet:
            book.fail("", "没有找到模板的任何工作表", "none of the template's sheets was found")
        book.raise_if_problems()
    if not rows:
        raise WorkbookInvalid.of(
            [
                workbook.Problem(
                    "", None, None, None, "模板中没有数据行", "the workbook has no data rows"
                )
            ]
        )
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
