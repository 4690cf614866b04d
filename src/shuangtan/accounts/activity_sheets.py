"""The sheets of the monthly activity template (活动数据填报模板的工作表), said once.

The columns of the activity sheet and of each entity kind's output sheet, the names of the
core's activities, the units a line's quantity must have, and the codes of the core's fuels,
materials and gases (asked of :mod:`shuangtan.accounting`, never restated here). The template
(:mod:`.activity_template`) writes these sheets and the import (:mod:`.activity_import`)
reads them, both through the kit's workbook engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from shuangtan import accounting
from shuangtan.accounting.units import Dimension
from shuangtan.accounts.models import EntityKind
from shuangtan.kit.workbook import FIRST_DATA_ROW, LIMITS, Column, SheetSpec, WorkbookInvalid

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_NAMES",
    "ACTIVITY_SHEET",
    "CODES_SHEET",
    "FIRST_DATA_ROW",
    "INSTRUCTIONS_SHEET",
    "MAX_BYTES",
    "MAX_ROWS",
    "OUTPUT_COLUMNS",
    "OUTPUT_SHEET",
    "UNITS",
    "Catalogue",
    "ReportWorkbookInvalid",
    "activity_spec",
    "catalogue",
    "output_read_spec",
    "output_spec",
]

ACTIVITY_SHEET = "活动数据 Activity"
OUTPUT_SHEET = "产出与增加值 Output"
INSTRUCTIONS_SHEET = "说明 Instructions"
CODES_SHEET = "代码 Codes"
MAX_ROWS = 5000
"""Data rows of the activity sheet that are read (12 months × a few hundred lines is plenty)."""
MAX_BYTES = LIMITS.max_bytes
"""The largest upload read (5 MB): the engine's limit, which its guards enforce."""


class ReportWorkbookInvalid(WorkbookInvalid):
    """模板内容有误 the uploaded workbook has problems; each is listed, nothing was imported."""

    code = "report.workbook_invalid"
    title = "Workbook invalid"


ACTIVITY_NAMES: dict[str, str] = {
    "fuel_combustion": "化石燃料燃烧",
    "purchased_electricity": "净购入电力",
    "purchased_heat": "净购入热力",
    "process": "工业生产过程",
    "non_co2": "非二氧化碳温室气体",
}
"""Chinese names of the core's activities (the core's ``CATEGORIES`` name them so)."""

UNITS = ("t", "kg", "10^4 t", "Nm3", "10^4 Nm3", "kWh", "MWh", "10^4 kWh", "GJ", "TJ")
"""Units offered in the drop-down (any unit the core understands is accepted)."""

_MONTH = Column("month", "月份", "Month (1-12)", 10, "month", required=True)

ACTIVITY_COLUMNS = (
    _MONTH,
    Column(
        "activity",
        "活动类型",
        "Activity",
        24,
        "text",
        required=True,
        codes=tuple(ACTIVITY_NAMES),
        hint="活动类型代码，见“说明” Activity code, see Instructions",
    ),
    Column(
        "item",
        "燃料/原料/气体",
        "Fuel / material / gas",
        22,
        "text",
        hint="燃料/原料/气体代码 Fuel, material or gas code",
    ),
    Column("quantity", "数量", "Quantity", 14, "number", required=True),
    Column(
        "unit",
        "单位",
        "Unit",
        12,
        "text",
        required=True,
        codes=UNITS,
        strict=False,
        hint="常用单位；其他单位亦可 Common units; others are accepted",
    ),
    Column("ncv", "低位发热量(实测)", "Measured NCV", 16),
    Column("ncv_unit", "热值单位", "NCV unit", 16, "text"),
    Column("carbon_content", "单位热值含碳量(tC/TJ)", "Carbon content (tC/TJ)", 22),
    Column("oxidation_rate", "碳氧化率", "Oxidation rate (0-1]", 14),
    Column("green_certificates_mwh", "绿证(MWh)", "Green certificates (MWh)", 20),
)
"""The activity sheet: one row per month and activity line."""

_VALUE_ADDED = Column("value_added_10k_cny", "增加值(万元)", "Value added (10^4 CNY)", 18)
_OUTPUT = Column("output_quantity", "产量", "Output quantity", 14)
_OUTPUT_UNIT = Column("output_unit", "产量单位", "Output unit", 14, "text")
OUTPUT_COLUMNS: dict[EntityKind, tuple[Column, ...]] = {
    EntityKind.industrial: (
        _MONTH,
        Column("value_added_10k_cny", "工业增加值(万元)", "Value added (10^4 CNY)", 20),
        Column("tax_10k_cny", "税收(万元)", "Tax (10^4 CNY)", 16),
        _OUTPUT,
        _OUTPUT_UNIT,
    ),
    EntityKind.transport: (
        _MONTH,
        Column("passenger_km", "旅客周转量(人公里)", "Passenger-km", 20),
        Column("tonne_km", "货物周转量(吨公里)", "Tonne-km", 20),
        _VALUE_ADDED,
    ),
    EntityKind.public_building: (_MONTH,),
    EntityKind.farm: (_MONTH, _OUTPUT, _OUTPUT_UNIT, _VALUE_ADDED),
}
"""The output sheet of each entity kind: one row per month with the intensity denominators."""

ACTIVITY_DIMENSION: dict[str, Dimension | None] = {
    "fuel_combustion": None,  # per fuel: mass or volume, from list_fuels()' default unit
    "purchased_electricity": Dimension.ENERGY,
    "purchased_heat": Dimension.ENERGY,
    "process": Dimension.MASS,
    "non_co2": Dimension.MASS,
}
"""What kind of quantity each activity is measured in; fuels say it themselves."""
ITEM_KIND = {"fuel_combustion": "fuel", "process": "material", "non_co2": "gas"}
"""Which catalogue an activity's item comes from (electricity and heat take none)."""
ITEM_NAMES = {
    "fuel": ("燃料", "fuel"),
    "material": ("原料", "material"),
    "gas": ("温室气体", "gas"),
}
DIMENSION_NAMES = {
    Dimension.MASS: ("质量（如 t、kg、万吨）", "mass (t, kg, 10^4 t)"),
    Dimension.VOLUME: ("体积（如 Nm3、10^4 Nm3、万立方米）", "volume (Nm3, 10^4 Nm3)"),
    Dimension.ENERGY: ("能量（如 kWh、MWh、万千瓦时、GJ）", "energy (kWh, MWh, 10^4 kWh, GJ)"),
    Dimension.STANDARD_COAL: ("标准煤（tce）", "standard coal (tce)"),
    Dimension.CURRENCY: ("货币（万元）", "currency (10^4 CNY)"),
}
KIND_NAMES = {
    EntityKind.industrial: "工业企业 industrial enterprise",
    EntityKind.public_building: "公共机构/公共建筑 public institution or building",
    EntityKind.transport: "交通运输企业 transport operator",
    EntityKind.farm: "农业经营主体 farm",
}


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Codes and Chinese names of the core's fuels, materials and gases."""

    items: dict[str, dict[str, str]]  # kind -> {code: name_zh}
    fuel_units: dict[str, str]  # fuel code -> default unit

    @property
    def item_codes(self) -> tuple[str, ...]:
        """Every fuel, material and gas code, in that order (the item drop-down)."""
        return tuple(code for kind in ("fuel", "material", "gas") for code in self.items[kind])


def catalogue() -> Catalogue:
    """The core's fuels, materials and gases as the template lists them."""
    fuels = accounting.list_fuels()
    return Catalogue(
        items={
            "fuel": {f["code"]: f["name_zh"] for f in fuels},
            "material": {m["code"]: m["name_zh"] for m in accounting.list_materials()},
            "gas": {g["code"]: g["code"] for g in accounting.list_gases()},
        },
        fuel_units={f["code"]: f["default_unit"] for f in fuels},
    )


def activity_spec(items: tuple[str, ...] = ()) -> SheetSpec:
    """The activity sheet; ``items`` are the codes its item drop-down offers."""
    columns = tuple(replace(c, codes=items) if c.field == "item" else c for c in ACTIVITY_COLUMNS)
    return SheetSpec(ACTIVITY_SHEET, columns, max_rows=MAX_ROWS)


def output_spec(kind: EntityKind) -> SheetSpec:
    """The output sheet of an entity kind, its months pre-filled in the template."""
    return SheetSpec(OUTPUT_SHEET, OUTPUT_COLUMNS[kind], template_rows=12)


def output_read_spec(kind: EntityKind | None) -> SheetSpec:
    """The output sheet as the import reads it: the columns of the template's entity kind, or
    of every kind when the template does not say its kind; the month required."""
    if kind is not None:
        return output_spec(kind)
    every: dict[str, Column] = {}
    for columns in OUTPUT_COLUMNS.values():
        for column in columns:
            every.setdefault(column.field, column)
    return SheetSpec(OUTPUT_SHEET, tuple(every.values()), template_rows=12)
