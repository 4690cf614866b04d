"""Units and codes on pages (页面上的单位与代码): one table of how each is shown, zh and en.

The platform stores units as codes (``10^4 tce``, ``tce/10^4 CNY``, ``count``, ``yes/no``) and
things as keys (``bituminous_coal``, ``basic+``, ``on_track``). A page never shows a code: it
shows the code's Chinese on a Chinese page (万吨标准煤, 吨标准煤/万元, 个, 是/否) and its English
on an English one (10⁴ tce, tce per 10⁴ CNY, count). The table is :data:`UNITS`; a unit it does
not know is shown with its ``10^4``/``10^8`` written out (万 / 10⁴), never as the raw code.

Templates use the filters the page kit registers (``web/templating.py``):

- ``{{ row.unit | unit }}`` — the unit in the page's language;
- ``{{ value | amount(row.unit) }}`` — a figure written with the decimals of its unit (a count
  as a whole number, ``yes/no`` as 是/否 or yes/no), without the unit;
- ``{{ code | fuel }}`` — a fuel's name from the core's factor library (烟煤 / bituminous coal);
- ``{{ level | gpc_level }}`` — a GPC reporting level (BASIC, BASIC+, 辖区 / territorial).

``tests/web/test_words.py`` walks every page in both languages and fails on a code, a raw unit
or a repository path.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from shuangtan import accounting

__all__ = [
    "DECIMALS",
    "GPC_LEVELS",
    "UNITS",
    "YES_NO",
    "amount",
    "decimals_of",
    "fuel_name",
    "gpc_level",
    "unit_label",
    "yes_no",
]

UNITS: dict[str, tuple[str, str]] = {
    # energy
    "tce": ("吨标准煤", "tce"),
    "kgce": ("千克标准煤", "kgce"),
    "10^4 tce": ("万吨标准煤", "10⁴ tce"),
    "tce/yr": ("吨标准煤/年", "tce per year"),
    "tce/10^4 CNY": ("吨标准煤/万元", "tce per 10⁴ CNY"),
    "kWh": ("千瓦时", "kWh"),
    "MWh": ("兆瓦时", "MWh"),
    "10^4 kWh": ("万千瓦时", "10⁴ kWh"),
    "GJ": ("吉焦", "GJ"),
    "MJ": ("兆焦", "MJ"),
    "TJ": ("太焦", "TJ"),
    "10^4 kW": ("万千瓦", "10⁴ kW"),
    # emissions
    "t": ("吨", "t"),
    "10^4 t": ("万吨", "10⁴ t"),
    "tCO2": ("吨二氧化碳", "t CO₂"),
    "t CO2": ("吨二氧化碳", "t CO₂"),
    "tCO2e": ("吨二氧化碳当量", "t CO₂e"),
    "t CO2e": ("吨二氧化碳当量", "t CO₂e"),
    "10^4 tCO2": ("万吨二氧化碳", "10⁴ t CO₂"),
    "10^4 t CO2": ("万吨二氧化碳", "10⁴ t CO₂"),
    "10^4 tCO2e": ("万吨二氧化碳当量", "10⁴ t CO₂e"),
    "10^4 t CO2e": ("万吨二氧化碳当量", "10⁴ t CO₂e"),
    "t CH4": ("吨甲烷", "t CH₄"),
    "t COD": ("吨化学需氧量", "t COD"),
    "t N": ("吨氮", "t N"),
    "t CO2/ha/yr": ("吨二氧化碳/公顷·年", "t CO₂ per ha per year"),
    "t/10^4 CNY": ("吨/万元", "t per 10⁴ CNY"),
    "tCO2/10^4 CNY": ("吨二氧化碳/万元", "t CO₂ per 10⁴ CNY"),
    "kg/10^4 CNY": ("千克/万元", "kg per 10⁴ CNY"),
    "t/person": ("吨/人", "t per person"),
    "tCO2/MWh": ("吨二氧化碳/兆瓦时", "t CO₂ per MWh"),
    "kgCO2/kWh": ("千克二氧化碳/千瓦时", "kg CO₂ per kWh"),
    "tCO2/GJ": ("吨二氧化碳/吉焦", "t CO₂ per GJ"),
    "kgCO2": ("千克二氧化碳", "kg CO₂"),
    "tC": ("吨碳", "t C"),
    "kg": ("千克", "kg"),
    "g": ("克", "g"),
    # money, people, things
    "CNY": ("元", "CNY"),
    "10^4 CNY": ("万元", "10⁴ CNY"),
    "10^8 CNY": ("亿元", "10⁸ CNY"),
    "CNY/person": ("元/人", "CNY per person"),
    "10^4 persons": ("万人", "10⁴ persons"),
    "count": ("个", "count"),
    "head": ("头", "head"),
    "yes/no": ("", ""),
    "%": ("%", "%"),
    "fraction": ("", ""),
    "1": ("", ""),
    # land, volume, length
    "mu": ("亩", "mu"),
    "10^4 mu": ("万亩", "10⁴ mu"),
    "kg/mu": ("千克/亩", "kg per mu"),
    "ha": ("公顷", "ha"),
    "10^4 m2": ("万平方米", "10⁴ m²"),
    "m3": ("立方米", "m³"),
    "Nm3": ("标准立方米", "Nm³"),
    "10^4 m3": ("万立方米", "10⁴ m³"),
    "10^4 Nm3": ("万标准立方米", "10⁴ Nm³"),
    "km": ("公里", "km"),
    "μg/m³": ("微克/立方米", "μg/m³"),
}
"""Every unit code the platform stores → (Chinese, English) as a page shows it."""

DECIMALS = {"count": 0, "head": 0, "tce/yr": 0, "10^4 persons": 2, "tce/10^4 CNY": 3, "kg/mu": 3}
"""Decimals of a figure by unit; any other unit has two."""

YES_NO = {"zh-CN": ("是", "否"), "en": ("yes", "no")}

GPC_LEVELS: dict[str, tuple[str, str]] = {
    "basic": ("BASIC", "BASIC"),
    "basic+": ("BASIC+", "BASIC+"),
    "territorial": ("辖区", "territorial"),
    "other": ("其他", "other"),
}
"""The GPC's reporting levels (GPC v1.1 §3.3: BASIC, BASIC+, the territorial total). BASIC and
BASIC+ are the GPC's names, kept in Chinese as the inventory page's totals name them."""

_POWERS = (("10^4 ", "万", "10⁴ "), ("10^8 ", "亿", "10⁸ "), ("10^4", "万", "10⁴"))


def _zh(locale: str) -> bool:
    return locale != "en"


def unit_label(code: str | None, locale: str = "zh-CN") -> str:
    """The unit ``code`` as a page in ``locale`` shows it (``10^4 tce`` → 万吨标准煤 / 10⁴ tce).

    A ratio of known units is composed (``GJ/10^4 Nm3`` → 吉焦/万标准立方米, GJ per 10⁴ Nm³); any
    other code keeps its letters but has its powers of ten written out (``10^4 t CH4`` →
    万t CH4 / 10⁴ t CH4) and ``/`` read as "per" in English."""
    if not code:
        return ""
    known = UNITS.get(code.strip())
    if known is not None:
        return known[0] if _zh(locale) else known[1]
    parts = [UNITS.get(part.strip()) for part in code.split("/")]
    if len(parts) > 1 and all(part is not None for part in parts):
        names = [part[0] if _zh(locale) else part[1] for part in parts if part is not None]
        return "/".join(names) if _zh(locale) else " per ".join(names)
    text = code
    for raw, zh, en in _POWERS:
        text = text.replace(raw, zh if _zh(locale) else en)
    return text if _zh(locale) else re.sub(r"\s*/\s*", " per ", text)


def decimals_of(code: str | None) -> int:
    """How many decimals a figure in unit ``code`` is written with."""
    return DECIMALS.get(code or "", 2)


def yes_no(value: object, locale: str = "zh-CN") -> str:
    """是 / 否 (yes / no) for a truthy or falsy value; ``—`` when absent."""
    if value is None:
        return "—"
    yes, no = YES_NO["zh-CN" if _zh(locale) else "en"]
    return yes if value else no


def amount(value: float | Decimal | int | None, code: str | None, locale: str = "zh-CN") -> str:
    """``value`` written as a figure in unit ``code``: thousands separators and the unit's
    decimals (a count ``300``, not ``300.000``); a ``yes/no`` as 是/否; ``—`` when absent."""
    if value is None:
        return "—"
    if code == "yes/no":
        return yes_no(value, locale)
    return f"{float(value):,.{decimals_of(code)}f}"


@cache
def _fuels() -> dict[str, tuple[str, str]]:
    return {f["code"]: (f["name_zh"], f["name_en"]) for f in accounting.list_fuels()}


def fuel_name(code: str | None, locale: str = "zh-CN") -> str:
    """A fuel's name from the core's factor library (``bituminous_coal`` → 烟煤 / bituminous
    coal); a code it does not know is shown with spaces for underscores."""
    if not code:
        return ""
    names = _fuels().get(code)
    if names is None:
        return code.replace("_", " ")
    return names[0] if _zh(locale) else names[1]


def gpc_level(level: str | None, locale: str = "zh-CN") -> str:
    """A GPC reporting level (``basic+`` → BASIC+, ``territorial`` → 辖区 / territorial)."""
    if not level:
        return ""
    names = GPC_LEVELS.get(level, (level, level))
    return names[0] if _zh(locale) else names[1]
