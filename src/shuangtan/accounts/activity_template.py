"""The Excel template of monthly activity data (活动数据填报模板) an entity downloads.

Written through the kit's workbook engine: the activity sheet, the output sheet of the entity
kind (months pre-filled), instructions with every allowed code, and a hidden sheet of
drop-down lists. Headers: Chinese on row 1, English on row 2; data from row 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shuangtan.accounting.units import Dimension
from shuangtan.accounts.activity_sheets import (
    ACTIVITY_NAMES,
    ACTIVITY_SHEET,
    CODES_SHEET,
    DIMENSION_NAMES,
    INSTRUCTIONS_SHEET,
    KIND_NAMES,
    OUTPUT_SHEET,
    Catalogue,
    activity_spec,
    catalogue,
    output_spec,
)
from shuangtan.accounts.models import EntityKind
from shuangtan.kit.workbook import TemplateBook

__all__ = ["build_template"]


def build_template(*, entity_kind: EntityKind | str, year: int) -> bytes:
    """The xlsx template an entity of ``entity_kind`` fills for ``year``.

    Sheets: activity lines (月份, 活动类型, 燃料/原料/气体, 数量, 单位, measured NCV, carbon
    content, oxidation rate, green certificates), output and denominators per month (the
    columns of the entity kind), instructions with every allowed code (the year in B2, the
    entity kind in B3), and a hidden sheet of drop-down lists.
    """
    kind = EntityKind(entity_kind)
    items = catalogue()
    book = TemplateBook(lists_title=CODES_SHEET)
    book.data_sheet(activity_spec(items.item_codes))
    book.data_sheet(output_spec(kind), prefill={"month": range(1, 13)})
    book.notes_sheet(
        INSTRUCTIONS_SHEET,
        _instructions(kind=kind, year=year, items=items),
        widths=(30, 28, 60),
        bold_labels=True,
    )
    return book.to_bytes(
        title=f"shuangtan activity template {kind.value} {year}",
        keywords=f"shuangtan;{kind.value};{year}",
    )


def _instructions(*, kind: EntityKind, year: int, items: Catalogue) -> list[Sequence[Any]]:
    """The rows of the instructions sheet: how to fill, then every code with its name."""
    rows: list[Sequence[Any]] = [
        ("月度活动数据填报模板", "Monthly activity data template"),
        ("年份 Year", year),
        ("主体类型 Entity kind", kind.value, KIND_NAMES[kind]),
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
        zh, en = DIMENSION_NAMES[dimension]
        rows.append(("", dimension.value, f"{zh} / {en}"))
    rows += [
        ("", "电力、热力 electricity, heat", DIMENSION_NAMES[Dimension.ENERGY][0]),
        ("", "工业过程、非CO2 process, non-CO2", DIMENSION_NAMES[Dimension.MASS][0]),
    ]
    for kind_name, title in (
        ("fuel", "燃料 Fuels"),
        ("material", "原料 Materials"),
        ("gas", "温室气体 Gases"),
    ):
        rows += [(), (title, "代码 code", "名称 name / 缺省单位 default unit")]
        for code, name in items.items[kind_name].items():
            unit = items.fuel_units.get(code)
            rows.append(("", code, f"{name}（{unit}）" if unit else name))
    return rows
