"""ECharts options of the account page, built from its read model (no numbers computed here)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from shuangtan.accounts.overview import AccountOverview

Translate = Callable[[str], str]
GREEN, BLUE, DARK = "#0f7b5f", "#3a6fd8", "#1d2b28"


def _f(value: Decimal | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def months_chart(view: AccountOverview, _: Translate) -> dict[str, Any]:
    """Reported scope 1 and scope 2 by month (stacked bars) with verified totals (line)."""
    labels = [f"{m.month}" for m in view.months]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        # the axis's name (tCO2e) sits below the legend, not under it
        "grid": {"left": 60, "right": 16, "top": 58, "bottom": 28},
        "xAxis": {"type": "category", "data": labels, "name": _("Month")},
        "yAxis": {"type": "value", "name": "tCO2e"},
        "series": [
            {
                "name": _("Scope 1 (direct)"),
                "type": "bar",
                "stack": "r",
                "itemStyle": {"color": GREEN},
                "data": [_f(m.scope1_tco2e) for m in view.months],
            },
            {
                "name": _("Scope 2 (purchased electricity and heat)"),
                "type": "bar",
                "stack": "r",
                "itemStyle": {"color": BLUE},
                "data": [_f(m.scope2_tco2e) for m in view.months],
            },
            {
                "name": _("Verified"),
                "type": "line",
                "itemStyle": {"color": DARK},
                "data": [_f(m.verified_tco2e) for m in view.months],
            },
        ],
    }


def sources_chart(view: AccountOverview, _: Translate, names: dict[str, str]) -> dict[str, Any]:
    """The year's reported emissions by source (activity and fuel/material/gas).

    ``names`` gives the display name of activity and item codes.
    """
    data = [
        {
            "name": names.get(s.activity, s.activity)
            + (f" · {names.get(s.item, s.item)}" if s.item else ""),
            "value": _f(s.tco2e),
        }
        for s in view.sources
        if s.tco2e > 0
    ]
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} tCO2e ({d}%)"},
        "series": [{"type": "pie", "radius": ["35%", "65%"], "data": data}],
    }


def history_chart(view: AccountOverview, _: Translate) -> dict[str, Any]:
    """Verified emissions by year (bars) and carbon intensity (line, right axis)."""
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 60, "top": 36, "bottom": 28},
        "xAxis": {"type": "category", "data": [str(y.year) for y in view.history]},
        "yAxis": [
            {"type": "value", "name": "tCO2e"},
            {"type": "value", "name": _("t per 10⁴ CNY"), "splitLine": {"show": False}},
        ],
        "series": [
            {
                "name": _("Verified emissions"),
                "type": "bar",
                "itemStyle": {"color": GREEN},
                "data": [_f(y.tco2e) for y in view.history],
            },
            {
                "name": _("Carbon intensity"),
                "type": "line",
                "yAxisIndex": 1,
                "itemStyle": {"color": DARK},
                "data": [_f(y.intensity) for y in view.history],
            },
        ],
    }
