"""Names of the inventory's codes on its pages (清单代码的名称): a page shows names, not codes.

The entry sheets store codes (``bituminous_coal``, ``solar_pv``, ``gdp_2015_prices``,
``330402``); the entry form's choices and the table of entered rows show their names in the
page's language. Carriers and activities take their names from the catalogue
(``data/inventory/``); units come from the page kit's one table (:mod:`shuangtan.web.units`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from shuangtan.kit.documents.numbers import figure
from shuangtan.web.units import unit_label

from .catalogue import activity_kinds, carriers

__all__ = ["CODE_NAMES", "code_name", "shown_rows"]

CODE_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "sector": {
        "primary": ("第一产业(农林牧渔)", "agriculture, forestry, fishing"),
        "industry": ("工业", "industry"),
        "construction": ("建筑业", "construction"),
        "transport": ("交通运输、仓储和邮政业", "transport, storage and post"),
        "services": ("批发零售、住宿餐饮及其他服务业", "trade, hotels and other services"),
        "residential": ("居民生活", "households"),
    },
    "source": {
        "coal": ("燃煤发电", "coal"),
        "gas": ("燃气发电", "gas"),
        "oil": ("燃油发电", "oil"),
        "nuclear": ("核电", "nuclear"),
        "hydro": ("水电", "hydro"),
        "wind": ("风电", "wind"),
        "solar_pv": ("光伏发电", "solar PV"),
        "biomass": ("生物质发电", "biomass"),
        "waste_to_energy": ("垃圾焚烧发电", "waste to energy"),
        "other": ("其他", "other"),
    },
    "item": {
        "gdp_current": ("地区生产总值(当年价,万元)", "GDP, current prices (10⁴ CNY)"),
        "gdp_2015_prices": ("地区生产总值(2015年价,万元)", "GDP, 2015 prices (10⁴ CNY)"),
        "gdp_2020_prices": ("地区生产总值(2020年价,万元)", "GDP, 2020 prices (10⁴ CNY)"),
        "va_primary": ("第一产业增加值(万元)", "value added, primary (10⁴ CNY)"),
        "va_secondary": ("第二产业增加值(万元)", "value added, secondary (10⁴ CNY)"),
        "va_tertiary": ("第三产业增加值(万元)", "value added, tertiary (10⁴ CNY)"),
        "va_industry": ("工业增加值(万元)", "value added, industry (10⁴ CNY)"),
        "population": ("常住人口(万人)", "resident population (10⁴ persons)"),
    },
    "vehicle_type": {
        "bus": ("公交车", "buses"),
        "taxi": ("出租车", "taxis"),
        "coach": ("营运客车", "coaches"),
        "new_private_cars": ("新增私家车", "new private cars"),
    },
    "power": {
        "battery_electric": ("纯电动", "battery electric"),
        "plug_in_hybrid": ("插电式混合动力", "plug-in hybrid"),
        "fuel_cell": ("燃料电池", "fuel cell"),
        "gasoline": ("汽油", "gasoline"),
        "diesel": ("柴油", "diesel"),
        "natural_gas": ("天然气", "natural gas"),
        "other": ("其他", "other"),
    },
    "scheme": {
        "carbon_points": ("居民碳积分", "residents' carbon points"),
        "ccer": ("国家核证自愿减排量(CCER)", "CCER"),
        "other_offset": ("其他抵消", "other offset"),
    },
    "entered_via": {
        "form": ("表单", "form"),
        "excel": ("Excel 导入", "Excel import"),
        "api": ("接口", "API"),
        "demo": ("演示数据", "demo data"),
    },
}
"""Fixed code lists of the entry sheets (``models.py``) and how a row came in → (zh, en)."""

NUMBERS = ("quantity", "value", "generation_mwh", "vehicles", "amount_tco2e", "fuel_quantity")


def code_name(field: str, code: str | None, zh: bool) -> str:
    """The name of ``code`` in column ``field`` (a carrier, an activity, a sector …)."""
    if code is None or code == "":
        return ""
    if field in ("carrier", "fuel_carrier"):
        carrier = carriers().get(code)
        if carrier is not None:
            return carrier.name_zh if zh else carrier.name_en
    if field == "activity":
        activity = activity_kinds().get(code)
        if activity is not None:
            return activity.name_zh if zh else activity.name_en
    if field in ("unit", "fuel_unit"):
        return unit_label(code, "zh-CN" if zh else "en")
    names = CODE_NAMES.get(field, {}).get(code)
    if names is not None:
        return names[0] if zh else names[1]
    return code


def _number(value: Any) -> str:
    try:
        return figure(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def shown_rows(
    rows: list[dict[str, Any]], fields: list[str], areas: dict[str, str], zh: bool
) -> list[dict[str, str]]:
    """The entered rows as the page shows them: names for codes, figures written for people."""
    shown = []
    for row in rows:
        cells: dict[str, str] = {}
        for field in fields:
            value = row.get(field)
            if value is None:
                cells[field] = ""
            elif field == "area_code":
                cells[field] = areas.get(str(value), str(value))
            elif field in NUMBERS:
                cells[field] = _number(value)
            else:
                cells[field] = code_name(field, str(value), zh)
        shown.append(cells)
    return shown
