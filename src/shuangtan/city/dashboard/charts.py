"""ECharts options of the dashboard's panels (驾驶舱图表), built from the service's views.

Pure presentation: every number comes from a view; units are on every axis and tooltip.
``_`` translates a message id for the request (the pages pass it in).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from shuangtan.accounts.query import months_text
from shuangtan.city.dashboard.service import CellView, CountyRow, TrendPoint
from shuangtan.city.dashboard.sources import PathwaySeries
from shuangtan.web.i18n import N_
from shuangtan.web.units import unit_label

__all__ = [
    "SECTOR_NAMES",
    "groups_chart",
    "map_metrics",
    "pathway_chart",
    "sectors_chart",
    "trend_chart",
]

Translate = Callable[[str], str]

GREEN = ["#e8f5ee", "#9fd4b6", "#4fae7f", "#1f7a55", "#0a4a33"]
PALETTE = ["#0f7b5f", "#d4a106", "#3b6fb6", "#b3261e", "#7a4fb0", "#e07b00", "#5d6d7e"]

SECTOR_NAMES: dict[str, str] = {
    "primary": N_("Agriculture"),
    "industry": N_("Industry sector"),
    "construction": N_("Construction"),
    "transport": N_("Transport"),
    "services": N_("Services"),
    "residential": N_("Households"),
}
"""Sector keys of the inventory contract with their message ids."""


def _unit(code: str, zh: bool) -> str:
    """A unit code (``10^4 tce``) in the page's language (:mod:`shuangtan.web.units`)."""
    return unit_label(code, "zh-CN" if zh else "en")


def _float(value: Decimal | None, scale: int = 1) -> float | None:
    return None if value is None else round(float(value) / scale, 2)


def _suppressed_label(_: Translate) -> str:
    return _("Suppressed to protect enterprise data")


def map_metrics(
    rows: list[CountyRow],
    regions: dict[str, str],
    year: int,
    _: Translate,
    *,
    link: str,
    zh: bool = True,
) -> dict[str, Any]:
    """The map's switchable metrics: per metric, one data item per county. In Chinese an
    item's name is its map region's; in English the county's English name, which
    :func:`map_chart` maps onto the region (``nameMap``)."""

    def items(pick: Callable[[CountyRow], float | None], code: str) -> list[dict[str, Any]]:
        unit = _unit(code, zh)
        result = []
        for row in rows:
            value = pick(row)
            suppressed = (
                row.accounts is not None and row.accounts.suppressed is not None
                if code == "10^4 tCO2e"
                else False
            )
            name = row.name_zh if zh else row.name_en
            label = f"{name}<br/>" + (
                _suppressed_label(_)
                if suppressed
                else (_("No data") if value is None else f"{value:,.2f} {unit}")
            )
            region = regions.get(row.code, row.name_zh)
            result.append(
                {
                    "name": region if zh else name,
                    "region": region,
                    "value": value,
                    "code": row.code,
                    "label_text": label,
                    "url": f"{link}/county/{row.code}?year={year}",
                }
            )
        return result

    metrics: dict[str, dict[str, Any]] = {
        "energy": {
            "title": _("Energy consumption"),
            "unit": _unit("10^4 tce", zh),
            "data": items(lambda r: _float(r.energy_10k_tce), "10^4 tce"),
        },
        "co2": {
            "title": _("Energy-related CO2"),
            "unit": _unit("10^4 tCO2", zh),
            "data": items(lambda r: _float(r.co2_10k_t), "10^4 tCO2"),
        },
        "accounts": {
            "title": _("Verified emissions of reporting entities"),
            "unit": _unit("10^4 tCO2e", zh),
            "data": items(
                lambda r: _float(r.accounts.tco2e, 10_000) if r.accounts else None, "10^4 tCO2e"
            ),
        },
    }
    return {
        key: metric
        for key, metric in metrics.items()
        if any(item["value"] is not None for item in metric["data"]) or key == "accounts"
    }


def map_chart(
    map_name: str,
    metric: dict[str, Any],
    _: Translate,
    label_offsets: tuple[tuple[str, int, int], ...] = (),
) -> dict[str, Any]:
    """A choropleth of the counties for one metric (the page switches metrics). Items named
    otherwise than their region (English names) are mapped onto it by the series' ``nameMap``."""
    values = [item["value"] for item in metric["data"] if item["value"] is not None]
    offsets = {name: [right, down] for name, right, down in label_offsets}
    data = [
        {**item, "label": {"offset": offsets[item["region"]]}}
        if item.get("region") in offsets
        else item
        for item in metric["data"]
    ]
    names = {
        item["region"]: item["name"]
        for item in metric["data"]
        if item.get("region", item["name"]) != item["name"]
    }
    return {
        "animation": False,
        "tooltip": {"trigger": "item"},
        "visualMap": {
            "min": 0,
            "max": max(values) if values else 1,
            "left": 10,
            "bottom": 10,
            "text": [metric["unit"], ""],
            "calculable": True,
            "inRange": {"color": GREEN},
        },
        "series": [
            {
                "type": "map",
                "map": map_name,
                "name": metric["title"],
                "roam": False,
                "selectedMode": False,
                **({"nameMap": names} if names else {}),
                "label": {
                    "show": True,
                    "fontSize": 15,
                    "fontWeight": "bold",
                    "color": "#102a20",
                    "textBorderColor": "#ffffff",
                    "textBorderWidth": 3,
                },
                "emphasis": {"label": {"show": True}, "itemStyle": {"areaColor": "#f2c94c"}},
                "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1.5, "areaColor": "#d9d9d9"},
                "data": data,
            }
        ],
    }


def trend_chart(points: list[TrendPoint], _: Translate, zh: bool = False) -> dict[str, Any]:
    """Energy (10^4 tce), energy CO2 (10^4 t) and verified emissions (10^4 tCO2e) by year.

    A part-year's verified emissions are not drawn as a year: they are a series of their own
    (部分年度, its months on the axis label), beside the previous year's same months (同期)."""

    def tco2e(cell: CellView | None) -> float | None:
        return _float(cell.tco2e, 10_000) if cell else None

    partial = [p for p in points if not p.complete and p.accounts is not None]
    years = [
        str(p.year)
        if p.complete or p.accounts is None
        else f"{p.year}\n{months_text(p.months, zh=zh)}"
        for p in points
    ]
    series: list[tuple[str, str, list[float | None]]] = [
        (
            "line",
            _("Energy consumption") + f" ({_unit('10^4 tce', zh)})",
            [_float(p.energy_10k_tce) for p in points],
        ),
        (
            "line",
            _("Energy-related CO2") + f" ({_unit('10^4 tCO2', zh)})",
            [_float(p.co2_10k_t) for p in points],
        ),
        (
            "bar",
            _("Verified emissions of reporting entities") + f" ({_unit('10^4 tCO2e', zh)})",
            [tco2e(p.accounts) if p.complete else None for p in points],
        ),
    ]
    for p in partial:
        months = months_text(p.months, zh=zh)
        series.append(
            (
                "bar",
                _("Part year") + f" {p.year} ({months})",
                [tco2e(p.accounts) if q is p else None for q in points],
            )
        )
        series.append(
            (
                "bar",
                _("Same period of the previous year") + f" {p.year - 1} ({months})",
                [tco2e(p.same_period_previous) if q.year == p.year - 1 else None for q in points],
            )
        )
    shown = [s for s in series if any(v is not None for v in s[2])]
    return {
        "animation": False,
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "textStyle": {"fontSize": 13}},
        "grid": {"left": 70, "right": 20, "top": 84 + 24 * len(partial), "bottom": 44},
        # every year labelled, a part-year with its months (no label skipped on a phone)
        "xAxis": {"type": "category", "data": years, "axisLabel": {"interval": 0}},
        "yAxis": {"type": "value", "name": f"{_unit('10^4 tce', zh)} / {_unit('10^4 t', zh)}"},
        "series": [
            {
                "type": kind,
                "name": name,
                "data": data,
                "connectNulls": False,
                "symbolSize": 8,
                **({"barMaxWidth": 48, "barGap": "10%"} if kind == "bar" else {}),
            }
            for kind, name, data in shown
        ],
    }


def sectors_chart(sectors: dict[str, Decimal], _: Translate, zh: bool = True) -> dict[str, Any]:
    """Energy by sector (10^4 tce) as a pie."""
    tooltip = f"{{b}}: {{c}} {_unit('10^4 tce', zh)} ({{d}}%)"
    return {
        "animation": False,
        "color": PALETTE,
        "tooltip": {"trigger": "item", "formatter": tooltip},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "65%"],
                "label": {"formatter": "{b}\n{d}%", "fontSize": 13},
                "data": [
                    {"name": _(SECTOR_NAMES.get(key, key)), "value": _float(value, 10_000)}
                    for key, value in sectors.items()
                ],
            }
        ],
    }


def groups_chart(
    groups: list[CellView], zh: bool, _: Translate, *, top: int = 12
) -> dict[str, Any] | None:
    """The largest industries by verified emissions (10^4 tCO2e); suppressed ones are not drawn
    (``None`` when every industry is suppressed)."""
    shown = [g for g in groups if g.tco2e is not None][:top]
    if not shown:
        return None
    shown.reverse()
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 10, "right": 60, "top": 30, "bottom": 30, "containLabel": True},
        "xAxis": {"type": "value", "name": _unit("10^4 tCO2e", zh)},
        "yAxis": {
            "type": "category",
            "data": [g.name_zh if zh else g.name_en for g in shown],
            "axisLabel": {"fontSize": 13, "width": 220, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": _("Verified emissions"),
                "data": [_float(g.tco2e, 10_000) for g in shown],
                "itemStyle": {"color": "#0f7b5f"},
            }
        ],
    }


def _by_year(
    years: list[str], path_years: tuple[int, ...], values: tuple[float, ...]
) -> list[float | None]:
    """A path's values on the chart's axis (``None`` where the path has no year)."""
    at = {str(y): round(v, 1) for y, v in zip(path_years, values, strict=True)}
    return [at.get(year) for year in years]


def pathway_chart(
    pathways: list[PathwaySeries], observed: list[TrendPoint], zh: bool, _: Translate
) -> dict[str, Any]:
    """Projected CO2 (10^4 t) of each scenario with its peak marked, the 2030 line, and the
    inventory's observed energy CO2 where there is any."""
    # the years of every path (a scenario's observed history, then its projection), so that
    # paths from different base years stand on one axis
    years = [str(y) for y in sorted({y for p in pathways for y in p.years})]
    seen = {str(p.year): _float(p.co2_10k_t) for p in observed if p.co2_10k_t is not None}
    observed_series = (
        [
            {
                "type": "line",
                "name": _("Observed (inventory)"),
                "data": [seen.get(year) for year in years],
                "lineStyle": {"width": 4, "color": "#1d2b28"},
                "itemStyle": {"color": "#1d2b28"},
                "symbolSize": 7,
            }
        ]
        if seen
        else []
    )
    return {
        "animation": False,
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 30, "top": 50, "bottom": 30},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": _unit("10^4 tCO2", zh), "scale": True},
        "series": [
            {
                "type": "line",
                "name": p.name_zh if zh else p.key,
                "data": _by_year(years, p.years, p.emissions_10k_t),
                "symbol": "none",
                "lineWidth": 3,
                **(
                    {
                        "markPoint": {
                            "symbolSize": 46,
                            "label": {"formatter": str(p.peak_year), "fontSize": 11},
                            "data": [
                                {
                                    "name": _("Peak"),
                                    "coord": [str(p.peak_year), round(p.peak_10k_t, 1)],
                                    "value": p.peak_year,
                                }
                            ],
                        }
                    }
                    if p.peak_year is not None and p.peak_10k_t is not None
                    else {}
                ),
                **(
                    {
                        "markLine": {
                            "symbol": "none",
                            "lineStyle": {"type": "dashed", "color": "#b3261e"},
                            "label": {"formatter": _("Peak before 2030")},
                            "data": [{"xAxis": "2030"}],
                        }
                    }
                    if index == 0
                    else {}
                ),
            }
            for index, p in enumerate(pathways)
        ]
        + observed_series,
    }
