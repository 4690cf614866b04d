"""The Excel template of monthly activity data (活动数据填报模板) and its import.

An enterprise downloads :func:`build_template` for its kind of entity and year, fills one row
per month and activity line, and uploads it; :func:`parse_workbook` reads it back into one
:class:`~shuangtan.accounts.schemas.ReportIn` per month, or raises :class:`WorkbookInvalid`
listing every problem by sheet, row and column (in Chinese and English). Nothing is imported
when anything is wrong: :func:`import_workbook` saves the months as draft reports through
the MRV service only when the whole workbook is valid, inside the request's one transaction.

What a valid line is (known activities, fuels, materials, gases, the dimension a unit must
have) is asked of the accounting core (:mod:`shuangtan.accounting`), never restated here.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]
from pydantic import ValidationError
from sqlalchemy.orm import Session

from shuangtan import accounting
from shuangtan.accounting.units import Dimension, UnitProblem, dimension_of
from shuangtan.accounts import service as accounts_service
from shuangtan.accounts.models import EntityKind
from shuangtan.accounts.schemas import ReportIn, ReportLineIn
from shuangtan.auth.principal import Principal
from shuangtan.errors import InvalidInput

__all__ = [
    "ACTIVITY_SHEET",
    "INSTRUCTIONS_SHEET",
    "OUTPUT_SHEET",
    "ImportResult",
    "WorkbookInvalid",
    "WorkbookProblem",
    "build_template",
    "import_workbook",
    "parse_workbook",
]

ACTIVITY_SHEET = "活动数据 Activity"
OUTPUT_SHEET = "产出与增加值 Output"
INSTRUCTIONS_SHEET = "说明 Instructions"
CODES_SHEET = "代码 Codes"
FIRST_DATA_ROW = 3
MAX_ROWS = 5000
"""Rows of the activity sheet that are read (12 months × a few hundred lines is plenty)."""
MAX_BYTES = 5 * 1024 * 1024


class WorkbookInvalid(InvalidInput):
    """模板内容有误 the uploaded workbook has problems; each is listed, nothing was imported."""

    code = "report.workbook_invalid"
    title = "Workbook invalid"


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    """One problem of an uploaded workbook (模板错误): where it is and what is wrong."""

    sheet: str
    row: int | None
    column: str | None
    header: str | None
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape in the problem document's ``errors``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


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


@dataclass(frozen=True, slots=True)
class Column:
    """A template column: the field it fills, its two headers, its width and kind."""

    field: str
    zh: str
    en: str
    width: int
    kind: str = "number"  # number / text / month
    required: bool = False

    @property
    def header(self) -> str:
        return f"{self.zh} {self.en}"


ACTIVITY_COLUMNS = (
    Column("month", "月份", "Month (1-12)", 10, "month", required=True),
    Column("activity", "活动类型", "Activity", 24, "text", required=True),
    Column("item", "燃料/原料/气体", "Fuel / material / gas", 22, "text"),
    Column("quantity", "数量", "Quantity", 14, "number", required=True),
    Column("unit", "单位", "Unit", 12, "text", required=True),
    Column("ncv", "低位发热量(实测)", "Measured NCV", 16),
    Column("ncv_unit", "热值单位", "NCV unit", 16, "text"),
    Column("carbon_content", "单位热值含碳量(tC/TJ)", "Carbon content (tC/TJ)", 22),
    Column("oxidation_rate", "碳氧化率", "Oxidation rate (0-1]", 14),
    Column("green_certificates_mwh", "绿证(MWh)", "Green certificates (MWh)", 20),
)

_MONTH = Column("month", "月份", "Month (1-12)", 10, "month", required=True)
OUTPUT_COLUMNS: dict[EntityKind, tuple[Column, ...]] = {
    EntityKind.industrial: (
        _MONTH,
        Column("value_added_10k_cny", "工业增加值(万元)", "Value added (10^4 CNY)", 20),
        Column("tax_10k_cny", "税收(万元)", "Tax (10^4 CNY)", 16),
        Column("output_quantity", "产量", "Output quantity", 14),
        Column("output_unit", "产量单位", "Output unit", 14, "text"),
    ),
    EntityKind.transport: (
        _MONTH,
        Column("passenger_km", "旅客周转量(人公里)", "Passenger-km", 20),
        Column("tonne_km", "货物周转量(吨公里)", "Tonne-km", 20),
        Column("value_added_10k_cny", "增加值(万元)", "Value added (10^4 CNY)", 18),
    ),
    EntityKind.public_building: (_MONTH,),
    EntityKind.farm: (
        _MONTH,
        Column("output_quantity", "产量", "Output quantity", 14),
        Column("output_unit", "产量单位", "Output unit", 14, "text"),
        Column("value_added_10k_cny", "增加值(万元)", "Value added (10^4 CNY)", 18),
    ),
}

ACTIVITY_NAMES: dict[str, str] = {
    "fuel_combustion": "化石燃料燃烧",
    "purchased_electricity": "净购入电力",
    "purchased_heat": "净购入热力",
    "process": "工业生产过程",
    "non_co2": "非二氧化碳温室气体",
}
"""Chinese names of the core's activities (the core's ``CATEGORIES`` name them so)."""

#: What kind of quantity each activity is measured in; fuels say it themselves (default unit).
_ACTIVITY_DIMENSION: dict[str, Dimension | None] = {
    "fuel_combustion": None,  # per fuel: mass or volume, from list_fuels()' default unit
    "purchased_electricity": Dimension.ENERGY,
    "purchased_heat": Dimension.ENERGY,
    "process": Dimension.MASS,
    "non_co2": Dimension.MASS,
}
_ITEM_KIND = {"fuel_combustion": "fuel", "process": "material", "non_co2": "gas"}
_ITEM_NAMES = {
    "fuel": ("燃料", "fuel"),
    "material": ("原料", "material"),
    "gas": ("温室气体", "gas"),
}
_DIMENSION_NAMES = {
    Dimension.MASS: ("质量（如 t、kg、万吨）", "mass (t, kg, 10^4 t)"),
    Dimension.VOLUME: ("体积（如 Nm3、10^4 Nm3、万立方米）", "volume (Nm3, 10^4 Nm3)"),
    Dimension.ENERGY: ("能量（如 kWh、MWh、万千瓦时、GJ）", "energy (kWh, MWh, 10^4 kWh, GJ)"),
    Dimension.STANDARD_COAL: ("标准煤（tce）", "standard coal (tce)"),
    Dimension.CURRENCY: ("货币（万元）", "currency (10^4 CNY)"),
}
UNITS = ("t", "kg", "10^4 t", "Nm3", "10^4 Nm3", "kWh", "MWh", "10^4 kWh", "GJ", "TJ")
"""Units offered in the drop-down (any unit the core understands is accepted)."""

_HEADER_FILL = PatternFill("solid", fgColor="1F6F50")
_SUBHEADER_FILL = PatternFill("solid", fgColor="DCEFE6")
_KIND_NAMES = {
    EntityKind.industrial: "工业企业 industrial enterprise",
    EntityKind.public_building: "公共机构/公共建筑 public institution or building",
    EntityKind.transport: "交通运输企业 transport operator",
    EntityKind.farm: "农业经营主体 farm",
}


@dataclass(frozen=True, slots=True)
class _Catalogue:
    """Codes and Chinese names of the core's fuels, materials and gases."""

    items: dict[str, dict[str, str]]  # kind -> {code: name_zh}
    fuel_units: dict[str, str]  # fuel code -> default unit


def _catalogue() -> _Catalogue:
    fuels = accounting.list_fuels()
    return _Catalogue(
        items={
            "fuel": {f["code"]: f["name_zh"] for f in fuels},
            "material": {m["code"]: m["name_zh"] for m in accounting.list_materials()},
            "gas": {g["code"]: g["code"] for g in accounting.list_gases()},
        },
        fuel_units={f["code"]: f["default_unit"] for f in fuels},
    )


# ---------------------------------------------------------------------------------- template


def _write_headers(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        top = sheet.cell(row=1, column=index, value=column.zh)
        top.font = Font(bold=True, color="FFFFFF")
        top.fill = _HEADER_FILL
        sub = sheet.cell(row=2, column=index, value=column.en)
        sub.font = Font(italic=True, color="1F3F30")
        sub.fill = _SUBHEADER_FILL
        for cell in (top, sub):
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 22
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)


def _list_validation(formula: str, prompt_zh: str, *, strict: bool = True) -> DataValidation:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.promptTitle = "请选择 Choose"
    validation.prompt = prompt_zh
    validation.showInputMessage = True
    validation.showErrorMessage = True
    validation.errorStyle = "stop" if strict else "warning"
    validation.errorTitle = "不在列表中 Not in the list"
    validation.error = prompt_zh
    return validation


def _codes_sheet(workbook: Workbook, catalogue: _Catalogue) -> dict[str, str]:
    """A hidden sheet with the drop-down lists; the range formula of each list."""
    sheet = workbook.create_sheet(CODES_SHEET)
    lists = {
        "activity": list(ACTIVITY_NAMES),
        "item": [code for kind in ("fuel", "material", "gas") for code in catalogue.items[kind]],
        "unit": list(UNITS),
    }
    formulas = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value)
        formulas[name] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return formulas


def _instructions(sheet: Worksheet, *, kind: EntityKind, year: int, catalogue: _Catalogue) -> None:
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 60
    rows: list[tuple[Any, ...]] = [
        ("月度活动数据填报模板", "Monthly activity data template"),
        ("年份 Year", year),
        ("主体类型 Entity kind", kind.value, _KIND_NAMES[kind]),
        (),
        ("填写方法 How to fill",),
        ("1", f"“{ACTIVITY_SHEET}”每行填写一个月份的一条活动数据（第3行起）。"),
        ("", f"Sheet '{ACTIVITY_SHEET}': one row per month and activity line, from row 3."),
        ("2", f"“{OUTPUT_SHEET}”每个月份一行，填写产出、增加值等强度分母。"),
        ("", f"Sheet '{OUTPUT_SHEET}': one row per month with output and value added."),
        ("3", "燃料燃烧、工业过程、非CO2气体须填写燃料/原料/气体代码；电力、热力不填。"),
        ("", "Fuel, process and non-CO2 lines need an item code; electricity and heat none."),
        ("4", "实测低位发热量、含碳量、氧化率可不填（用缺省值）；绿证只用于净购入电力。"),
        ("", "Measured NCV, carbon content and oxidation rate are optional (defaults apply)."),
        ("5", "任一处有误则整份文件不导入，错误按工作表、行、列列出。"),
        ("", "If anything is wrong nothing is imported; errors name sheet, row and column."),
        (),
        ("活动类型 Activities", "代码 code", "名称 name"),
    ]
    rows += [("", code, name) for code, name in ACTIVITY_NAMES.items()]
    rows += [(), ("单位 Units", "维度 dimension", "示例 examples")]
    for dimension in (Dimension.MASS, Dimension.VOLUME, Dimension.ENERGY):
        zh, en = _DIMENSION_NAMES[dimension]
        rows.append(("", dimension.value, f"{zh} / {en}"))
    rows += [
        ("", "电力、热力 electricity, heat", _DIMENSION_NAMES[Dimension.ENERGY][0]),
        ("", "工业过程、非CO2 process, non-CO2", _DIMENSION_NAMES[Dimension.MASS][0]),
    ]
    for kind_name, title in (
        ("fuel", "燃料 Fuels"),
        ("material", "原料 Materials"),
        ("gas", "温室气体 Gases"),
    ):
        rows += [(), (title, "代码 code", "名称 name / 缺省单位 default unit")]
        for code, name in catalogue.items[kind_name].items():
            unit = catalogue.fuel_units.get(code)
            rows.append(("", code, f"{name}（{unit}）" if unit else name))
    for row in rows:
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet["A"]:
        if cell.value and cell.row > 1 and not str(cell.value).isdigit():
            cell.font = Font(bold=True)


def build_template(*, entity_kind: EntityKind | str, year: int) -> bytes:
    """The xlsx template an entity of ``entity_kind`` fills for ``year``.

    Sheets: activity lines (月份, 活动类型, 燃料/原料/气体, 数量, 单位, measured NCV, carbon
    content, oxidation rate, green certificates), output and denominators per month (the
    columns of the entity kind), instructions with every allowed code, and a hidden sheet of
    drop-down lists. Headers: Chinese on row 1, English on row 2; data from row 3.
    """
    kind = EntityKind(entity_kind)
    catalogue = _catalogue()
    workbook = Workbook()
    activity = workbook.active
    assert activity is not None
    activity.title = ACTIVITY_SHEET
    _write_headers(activity, ACTIVITY_COLUMNS)
    output = workbook.create_sheet(OUTPUT_SHEET)
    columns = OUTPUT_COLUMNS[kind]
    _write_headers(output, columns)
    for month in range(1, 13):
        output.cell(row=FIRST_DATA_ROW + month - 1, column=1, value=month)
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    _instructions(instructions, kind=kind, year=year, catalogue=catalogue)
    formulas = _codes_sheet(workbook, catalogue)

    last = FIRST_DATA_ROW + 999
    month_rule = DataValidation(type="whole", operator="between", formula1="1", formula2="12")
    month_rule.error = "月份须为1–12 Month must be 1-12"
    month_rule.showErrorMessage = True
    activity.add_data_validation(month_rule)
    month_rule.add(f"A{FIRST_DATA_ROW}:A{last}")
    for letter, name, prompt, strict in (
        ("B", "activity", "活动类型代码，见“说明” Activity code, see Instructions", True),
        ("C", "item", "燃料/原料/气体代码 Fuel, material or gas code", True),
        ("E", "unit", "常用单位；其他单位亦可 Common units; others are accepted", False),
    ):
        rule = _list_validation(formulas[name], prompt, strict=strict)
        activity.add_data_validation(rule)
        rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
    output_month = DataValidation(type="whole", operator="between", formula1="1", formula2="12")
    output.add_data_validation(output_month)
    output_month.add(f"A{FIRST_DATA_ROW}:A{FIRST_DATA_ROW + 11}")
    workbook.properties.title = f"shuangtan activity template {kind.value} {year}"
    workbook.properties.keywords = f"shuangtan;{kind.value};{year}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------ import


class _Sheet:
    """Reads one sheet of an upload and collects its problems."""

    def __init__(self, name: str, problems: list[WorkbookProblem]) -> None:
        self.name = name
        self.problems = problems

    def fail(
        self, row: int | None, column: Column | None, letter: str | None, zh: str, en: str
    ) -> None:
        self.problems.append(
            WorkbookProblem(
                sheet=self.name,
                row=row,
                column=letter,
                header=column.header if column else None,
                message_zh=zh,
                message_en=en,
            )
        )


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
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


def _header_map(sheet: Worksheet, columns: Iterable[Column], reader: _Sheet) -> dict[str, int]:
    """Column index of each field, found by its Chinese (row 1) or English (row 2) header."""
    found: dict[str, int] = {}
    wanted = {c.zh: c for c in columns} | {c.en: c for c in columns}
    for index in range(1, (sheet.max_column or 0) + 1):
        for row in (1, 2):
            value = sheet.cell(row=row, column=index).value
            column = wanted.get(_text(value)) if value is not None else None
            if column is not None and column.field not in found:
                found[column.field] = index
    for column in columns:
        if column.required and column.field not in found:
            reader.fail(
                1,
                column,
                None,
                f"缺少列“{column.zh}”，请使用平台下载的模板",
                f"column '{column.en}' is missing; please use the platform's template",
            )
    return found


def _number(
    reader: _Sheet,
    row: int,
    column: Column,
    index: int,
    value: object,
    *,
    positive: bool = False,
    at_most_one: bool = False,
) -> Decimal | None:
    letter = get_column_letter(index)
    number = _decimal(value)
    if number is None:
        reader.fail(
            row,
            column,
            letter,
            f"“{column.zh}”须为数值：{value!r}",
            f"'{column.en}' must be a number: {value!r}",
        )
        return None
    if number < 0 or (positive and number == 0):
        bound_zh, bound_en = ("正数", "positive") if positive else ("非负数", "zero or more")
        reader.fail(
            row,
            column,
            letter,
            f"“{column.zh}”须为{bound_zh}：{number}",
            f"'{column.en}' must be {bound_en}: {number}",
        )
        return None
    if at_most_one and number > 1:
        reader.fail(
            row,
            column,
            letter,
            f"“{column.zh}”不能大于1：{number}",
            f"'{column.en}' must be at most 1: {number}",
        )
        return None
    return number


def _expected_dimension(
    activity: str, item: str | None, ncv_unit: str | None, catalogue: _Catalogue
) -> Dimension | None:
    """The dimension the quantity's unit must have, as the core will read the line."""
    fixed = _ACTIVITY_DIMENSION.get(activity)
    if fixed is not None:
        return fixed
    if ncv_unit and "/" in ncv_unit:
        try:
            return dimension_of(ncv_unit.split("/", 1)[1])
        except UnitProblem:
            return None
    unit = catalogue.fuel_units.get(item or "")
    return dimension_of(unit) if unit else None


def _resolve(value: str, names: dict[str, str]) -> str | None:
    """A code from a code or its Chinese name (``天然气`` → ``natural_gas``)."""
    if value in names:
        return value
    lowered = value.lower()
    for code, name in names.items():
        if lowered == code.lower() or value in (name, name.split("(")[0]):
            return code
    return None


def _activity_row(
    reader: _Sheet, row: int, cells: dict[str, object], where: dict[str, int], catalogue: _Catalogue
) -> tuple[int, ReportLineIn] | None:
    """One activity row as ``(month, line)``, or None after recording its problems."""
    before = len(reader.problems)
    columns = {c.field: c for c in ACTIVITY_COLUMNS}

    def fail(field: str, zh: str, en: str) -> None:
        reader.fail(row, columns[field], get_column_letter(where[field]), zh, en)

    for column in ACTIVITY_COLUMNS:
        if column.required and _blank(cells.get(column.field)):
            fail(column.field, f"必填项“{column.zh}”为空", f"required cell '{column.en}' is empty")
    month = None
    if not _blank(cells.get("month")):
        month = _month(cells["month"])
        if month is None:
            fail(
                "month",
                f"月份须为1–12的整数：{cells['month']!r}",
                f"month must be a whole number 1-12: {cells['month']!r}",
            )
    activity = None
    if not _blank(cells.get("activity")):
        raw_activity = _text(cells["activity"])
        activity = _resolve(raw_activity, ACTIVITY_NAMES)
        if activity is None:
            fail(
                "activity",
                f"未知活动类型“{raw_activity}”，可用：{'、'.join(ACTIVITY_NAMES)}",
                f"unknown activity '{raw_activity}'; known: {', '.join(ACTIVITY_NAMES)}",
            )
    item = None
    item_kind = _ITEM_KIND.get(activity or "")
    raw_item = None if _blank(cells.get("item")) else _text(cells["item"])
    if activity is not None and item_kind is not None:
        names = catalogue.items[item_kind]
        kind_zh, kind_en = _ITEM_NAMES[item_kind]
        if raw_item is None:
            fail(
                "item",
                f"{ACTIVITY_NAMES[activity]}须填写{kind_zh}代码",
                f"{activity} needs a {kind_en} code",
            )
        else:
            item = _resolve(raw_item, names)
            if item is None:
                fail(
                    "item",
                    f"未知{kind_zh}“{raw_item}”（见“说明”工作表）",
                    f"unknown {kind_en} '{raw_item}' (see the Instructions sheet)",
                )
    elif activity is not None and raw_item is not None:
        fail(
            "item",
            f"{ACTIVITY_NAMES[activity]}不填燃料/原料/气体",
            f"{activity} takes no item: '{raw_item}'",
        )
    numbers: dict[str, Decimal | None] = {}
    for field in ("quantity", "ncv", "carbon_content", "oxidation_rate", "green_certificates_mwh"):
        value = cells.get(field)
        if field not in where or _blank(value):
            numbers[field] = None
            continue
        numbers[field] = _number(
            reader,
            row,
            columns[field],
            where[field],
            value,
            positive=field in ("ncv", "carbon_content", "oxidation_rate"),
            at_most_one=field == "oxidation_rate",
        )
    if activity is not None and activity != "fuel_combustion":
        for field in ("ncv", "carbon_content", "oxidation_rate"):
            if numbers.get(field) is not None:
                fail(
                    field,
                    "实测值只用于化石燃料燃烧",
                    "measured values apply to fuel_combustion only",
                )
    if (
        activity is not None
        and activity != "purchased_electricity"
        and numbers.get("green_certificates_mwh") is not None
    ):
        fail(
            "green_certificates_mwh",
            "绿证只用于净购入电力",
            "green certificates apply to purchased_electricity only",
        )
    ncv_unit = (
        None
        if "ncv_unit" not in where or _blank(cells.get("ncv_unit"))
        else _text(cells["ncv_unit"])
    )
    unit = None if _blank(cells.get("unit")) else _text(cells["unit"])
    if unit is not None:
        try:
            given = dimension_of(unit)
        except UnitProblem as problem:
            fail("unit", problem.message_zh, problem.message_en)
        else:
            expected = None
            if activity is not None and (item is not None or item_kind is None):
                expected = _expected_dimension(activity, item, ncv_unit, catalogue)
            if expected is not None and given is not expected:
                given_zh, given_en = (
                    _DIMENSION_NAMES.get(given, ("其他量纲", "of another kind"))
                    if given
                    else ("其他量纲", "of another kind")
                )
                expected_zh, expected_en = _DIMENSION_NAMES[expected]
                fail(
                    "unit",
                    f"单位“{unit}”是{given_zh.split('（')[0]}单位，"
                    f"{ACTIVITY_NAMES[activity or '']}此处需要{expected_zh}",
                    f"unit '{unit}' is {given_en.split(' (')[0]}, "
                    f"but {activity} needs {expected_en}",
                )
    if len(reader.problems) > before or month is None or activity is None or unit is None:
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
            ncv_unit=ncv_unit,
            carbon_content=numbers["carbon_content"],
            oxidation_rate=numbers["oxidation_rate"],
            green_certificates_mwh=numbers["green_certificates_mwh"],
        )
    except ValidationError as error:  # pragma: no cover - the checks above are stricter
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else "quantity"
            fail(field if field in where else "quantity", str(detail["msg"]), str(detail["msg"]))
        return None
    return month, line


def _rows(sheet: Worksheet, where: dict[str, int]) -> Iterable[tuple[int, dict[str, object]]]:
    """Non-empty data rows as ``(row number, {field: value})``."""
    last = min(sheet.max_row or 0, FIRST_DATA_ROW + MAX_ROWS - 1)
    for row in range(FIRST_DATA_ROW, last + 1):
        cells = {field: sheet.cell(row=row, column=index).value for field, index in where.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        yield row, cells


def _open(data: bytes) -> Any:
    problem = WorkbookProblem(
        sheet="",
        row=None,
        column=None,
        header=None,
        message_zh="文件不是有效的 Excel（.xlsx）工作簿，请上传平台下载的模板",
        message_en="the file is not an Excel (.xlsx) workbook; "
        "please upload the platform's template",
    )
    if len(data) > MAX_BYTES:
        raise _invalid(
            [
                problem.__class__(
                    **(
                        problem.as_dict()
                        | {
                            "message_zh": f"文件超过 {MAX_BYTES // 1024 // 1024} MB",
                            "message_en": f"the file is larger than {MAX_BYTES // 1024 // 1024} MB",
                        }
                    )
                )
            ]
        )
    try:
        return load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise _invalid([problem]) from exc
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        raise _invalid([problem]) from exc


def _invalid(problems: Sequence[WorkbookProblem]) -> WorkbookInvalid:
    count = len(problems)
    return WorkbookInvalid(
        f"模板有 {count} 处错误，未导入任何数据",
        f"the workbook has {count} problem(s); nothing was imported",
        errors=[p.as_dict() for p in problems],
    )


def _check_year(workbook: Any, year: int, problems: list[WorkbookProblem]) -> None:
    if INSTRUCTIONS_SHEET not in workbook.sheetnames:
        return
    cell = workbook[INSTRUCTIONS_SHEET]["B2"]
    written = _decimal(cell.value)
    if written is not None and written != year:
        problems.append(
            WorkbookProblem(
                INSTRUCTIONS_SHEET,
                2,
                "B",
                "年份 Year",
                f"模板年份 {cell.value} 与导入年份 {year} 不符",
                f"the template is for {cell.value}, not {year}",
            )
        )


def template_kind(data: bytes) -> EntityKind | None:
    """The entity kind a template was built for (its Instructions sheet), if it says."""
    workbook = _open(data)
    if INSTRUCTIONS_SHEET not in workbook.sheetnames:
        return None
    value = workbook[INSTRUCTIONS_SHEET]["B3"].value
    try:
        return EntityKind(str(value))
    except ValueError:
        return None


def parse_workbook(data: bytes, *, year: int) -> list[ReportIn]:
    """The months of a filled template as ``ReportIn`` objects, sorted by month.

    Raises :class:`WorkbookInvalid` (422, ``report.workbook_invalid``) with
    ``errors: [{sheet, row, column, header, message_zh, message_en}]`` listing every problem:
    a file that is not xlsx, missing sheets or columns, empty required cells, a month outside
    1–12, unknown activities or items, a unit of the wrong dimension, negative or non-numeric
    numbers, a month given twice on the output sheet.
    """
    workbook = _open(data)
    problems: list[WorkbookProblem] = []
    catalogue = _catalogue()
    _check_year(workbook, year, problems)
    lines: dict[int, list[ReportLineIn]] = {}
    denominators: dict[int, dict[str, Any]] = {}
    if ACTIVITY_SHEET not in workbook.sheetnames:
        problems.append(
            WorkbookProblem(
                ACTIVITY_SHEET,
                None,
                None,
                None,
                f"缺少工作表“{ACTIVITY_SHEET}”，请使用平台下载的模板",
                f"sheet '{ACTIVITY_SHEET}' is missing; please use the platform's template",
            )
        )
    else:
        reader = _Sheet(ACTIVITY_SHEET, problems)
        sheet = workbook[ACTIVITY_SHEET]
        where = _header_map(sheet, ACTIVITY_COLUMNS, reader)
        if all(c.field in where for c in ACTIVITY_COLUMNS if c.required):
            for row, cells in _rows(sheet, where):
                parsed = _activity_row(reader, row, cells, where, catalogue)
                if parsed is not None:
                    lines.setdefault(parsed[0], []).append(parsed[1])
    if OUTPUT_SHEET in workbook.sheetnames:
        _output_sheet(workbook[OUTPUT_SHEET], problems, denominators)
    for month, month_lines in lines.items():
        if len(month_lines) > 500:
            problems.append(
                WorkbookProblem(
                    ACTIVITY_SHEET,
                    None,
                    "A",
                    ACTIVITY_COLUMNS[0].header,
                    f"{month}月超过500行",
                    f"month {month} has more than 500 lines",
                )
            )
    if problems:
        raise _invalid(problems)
    months = sorted(set(lines) | set(denominators))
    return [
        ReportIn(year=year, month=month, lines=lines.get(month, []), **denominators.get(month, {}))
        for month in months
    ]


def _output_sheet(
    sheet: Worksheet, problems: list[WorkbookProblem], out: dict[int, dict[str, Any]]
) -> None:
    reader = _Sheet(OUTPUT_SHEET, problems)
    every = {c.field: c for columns in OUTPUT_COLUMNS.values() for c in columns}
    where = _header_map(sheet, every.values(), reader)
    if "month" not in where:
        return
    seen: dict[int, int] = {}
    for row, cells in _rows(sheet, where):
        values = {f: v for f, v in cells.items() if f != "month" and not _blank(v)}
        if not values:
            continue  # a pre-filled month with nothing entered
        month = _month(cells["month"]) if not _blank(cells["month"]) else None
        letter = get_column_letter(where["month"])
        if month is None:
            reader.fail(
                row,
                every["month"],
                letter,
                f"月份须为1–12的整数：{cells['month']!r}",
                f"month must be a whole number 1-12: {cells['month']!r}",
            )
            continue
        if month in seen:
            reader.fail(
                row,
                every["month"],
                letter,
                f"{month}月已在第{seen[month]}行填写",
                f"month {month} is already on row {seen[month]}",
            )
            continue
        seen[month] = row
        entry: dict[str, Any] = {}
        for field, value in values.items():
            column = every[field]
            if column.kind == "text":
                entry[field] = _text(value)
            else:
                number = _number(reader, row, column, where[field], value)
                if number is not None:
                    entry[field] = number
        out[month] = entry


def import_workbook(
    *, session: Session, actor: Principal, entity_id: int, year: int, data: bytes
) -> ImportResult:
    """Save every month of a valid workbook as a draft report of ``entity_id``.

    Parses first: any problem raises :class:`WorkbookInvalid` and nothing is written. Each
    month goes through the MRV service's ``save_report`` (which checks the caller's
    permission, the report's state and audits the write) in the caller's one transaction;
    if any month is refused (e.g. already submitted), the error propagates and the request's
    transaction rolls back, so no month is kept.
    """
    entity = accounts_service.get_entity(session=session, actor=actor, entity_id=entity_id)
    reports = parse_workbook(data, year=year)
    kind = template_kind(data)
    if kind is not None and kind.value != entity.kind:
        raise _invalid(
            [
                WorkbookProblem(
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
        raise _invalid(
            [
                WorkbookProblem(
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
