"""Units and codes on pages (页面上的单位与代码): one table of how each is shown, zh and en.

The platform stores units as codes (``10^4 tce``, ``tce/10^4 CNY``, ``count``, ``yes/no``) and
things as keys (``bituminous_coal``, ``basic+``, ``on_track``). A page never shows a code: it
shows the code's Chinese on a Chinese page (万吨标准煤, 吨标准煤/万元, 个, 是/否) and its English
on an English one (10⁴ tce, tce per 10⁴ CNY, count). The table is :data:`UNITS`, kept in the
accounting core (``accounting/unit_names.py``) so that the core's own notes use it too; a unit it
does not know is shown with its ``10^4``/``10^8`` written out (万 / 10⁴), never as the raw code.

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

from decimal import Decimal
from functools import cache

from shuangtan import accounting
from shuangtan.accounting.unit_names import UNITS, unit_label

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


def _zh(locale: str) -> bool:
    return locale != "en"


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
