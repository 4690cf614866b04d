"""Names of units as people read them (计量单位的中英文名称): one table for the whole platform.

The platform stores units as codes (``10^4 tce``, ``tce/10^4 CNY``, ``count``); people read
万吨标准煤 / 10⁴ tce, 吨标准煤/万元 / tce per 10⁴ CNY, 个 / count. The core's own notes use this
table, and the page kit (``shuangtan.web.units``) gives it to every template as filters. Pure
data and text: nothing of the project, no pint.
"""

from __future__ import annotations

import re

__all__ = ["UNITS", "unit_label"]

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
    "Nm3": ("立方米", "Nm³"),  # gas in Chinese statistics is in normal m³, written 立方米
    "10^4 m3": ("万立方米", "10⁴ m³"),
    "10^4 Nm3": ("万立方米", "10⁴ Nm³"),
    "km": ("公里", "km"),
    "μg/m³": ("微克/立方米", "μg/m³"),
}
"""Every unit code the platform stores → (Chinese, English) as a page shows it."""

_POWERS = (("10^4 ", "万", "10⁴ "), ("10^8 ", "亿", "10⁸ "), ("10^4", "万", "10⁴"))


def _zh(locale: str) -> bool:
    return locale != "en"


def unit_label(code: str | None, locale: str = "zh-CN") -> str:
    """The unit ``code`` as a page in ``locale`` shows it (``10^4 tce`` → 万吨标准煤 / 10⁴ tce).

    A ratio of known units is composed (``GJ/10^4 Nm3`` → 吉焦/万立方米, GJ per 10⁴ Nm³); any
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
