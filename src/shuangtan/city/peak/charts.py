"""ECharts options of the peak pages (达峰图表): projections with the peak marked, the Monte
Carlo probability of peaking, the Jiashan panel and the LMDI bars and waterfall. Labels come in
already translated; numbers in 10^4 tCO2 (万吨二氧化碳)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from shuangtan.city.peak.city_lmdi import EFFECTS, CityDecomposition
from shuangtan.city.peak.service import ScenarioResult

__all__ = ["lmdi_bars", "lmdi_waterfall", "probability_chart", "projection_chart"]

PALETTE = ("#0f7b5f", "#d4a106", "#2f6fb0", "#b3261e", "#7b4fa0", "#e07b00", "#4c9a2a", "#555")
TEN_THOUSAND = 10_000.0


def _base(unit: str) -> dict[str, Any]:
    return {
        "animation": False,
        "color": list(PALETTE),
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 70, "right": 30, "top": 50, "bottom": 40},
        "yAxis": {"type": "value", "name": unit},
    }


def _projection_area(
    years: Sequence[str],
    first: int | None,
    label: str,
    history_label: str = "",
    history_at: str = "insideTopLeft",
) -> dict[str, Any] | None:
    """The bands of the chart: the history (观测) up to the first projected year, unshaded, and
    the projection (预测) from it on, shaded; each named where the lines leave room."""
    if first is None or not label or str(first) not in years:
        return None
    bands: list[list[dict[str, Any]]] = []
    if history_label and years[0] != str(first):
        bands.append(
            [
                {
                    "name": history_label,
                    "xAxis": years[0],
                    "itemStyle": {"color": "rgba(0, 0, 0, 0)"},
                    "label": {"position": history_at},
                },
                {"xAxis": str(first)},
            ]
        )
    bands.append(
        [
            {"name": label, "xAxis": str(first), "label": {"position": "insideTopRight"}},
            {"xAxis": years[-1]},
        ]
    )
    return {
        "silent": True,
        "itemStyle": {"color": "rgba(47, 111, 176, 0.06)"},
        "label": {"color": "#555"},
        "data": bands,
    }


def projection_chart(
    results: Sequence[ScenarioResult],
    *,
    unit: str,
    peak_label: str,
    observed: Sequence[tuple[int, float]] = (),
    observed_label: str = "",
    target_year: int | None = None,
    projection_label: str = "",
) -> dict[str, Any]:
    """Emissions to 2060: observed years as a thick solid line (history), then one dashed line
    a scenario from its base year (projection) in a shaded band, each peak marked (an observed
    year when the observations put it highest)."""
    years = sorted(
        {y for r in results for y in r.projection.years}
        | {y for r in results for y, _ in r.projection.history}
        | {y for y, _ in observed}
    )
    index = {y: i for i, y in enumerate(years)}
    shown = {y for y, _ in observed}
    series: list[dict[str, Any]] = []
    for r in results:
        data: list[float | None] = [None] * len(years)
        for y, v in r.projection.history:  # observed years no observed line shows
            if y not in shown:
                data[index[y]] = round(v, 2)
        for y, v in zip(r.projection.years, r.projection.emissions, strict=True):
            data[index[y]] = round(v, 2)
        series.append(
            {
                "type": "line",
                "name": r.scenario.name,
                "showSymbol": False,
                "lineStyle": {"type": "dashed", "width": 2},
                "data": data,
                **_peak_mark(r.projection.peak_year, r.projection.peak_value, peak_label),
            }
        )
    if observed:
        data = [None] * len(years)
        for y, v in observed:
            data[index[y]] = round(v, 2)
        series.append(
            {
                "type": "line",
                "name": observed_label,
                "data": data,
                "lineStyle": {"width": 4, "color": "#222"},
                "itemStyle": {"color": "#222"},
            }
        )
    if target_year is not None and series:
        series[0]["markLine"] = {
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": "#b3261e"},
            "data": [{"xAxis": str(target_year)}],
        }
    labels = [str(y) for y in years]
    start = min((r.projection.years[0] for r in results), default=None)
    area = _projection_area(  # emissions stand high: the history's name below them
        labels, start, projection_label, observed_label, history_at="insideBottomLeft"
    )
    if area is not None and series:
        series[0]["markArea"] = area
    return {**_base(unit), "xAxis": {"type": "category", "data": labels}, "series": series}


def probability_chart(
    results: Sequence[ScenarioResult],
    *,
    unit: str,
    projection_label: str = "",
    history_label: str = "",
) -> dict[str, Any]:
    """P(peaked by year), in %, one line a scenario, 2030 marked; from the first observed year
    (where the probability is 0 unless the observations show a peak), the projection shaded."""
    span = sorted({y for r in results for y in r.distribution.years})
    years = [str(y) for y in span]
    series = [
        {
            "type": "line",
            "name": r.scenario.name,
            "showSymbol": False,
            "step": "end",
            "data": [round(100 * r.distribution.probability_peaked_by(y), 1) for y in span],
        }
        for r in results
    ]
    if series:
        series[0]["markLine"] = {
            "symbol": "none",
            "lineStyle": {"type": "dashed", "color": "#b3261e"},
            "data": [{"xAxis": "2030"}],
        }
        start = min(r.projection.years[0] for r in results)
        area = _projection_area(years, start, projection_label, history_label)
        if area is not None:
            series[0]["markArea"] = area
    option = {**_base(unit), "xAxis": {"type": "category", "data": years}, "series": series}
    option["yAxis"] = {"type": "value", "name": unit, "min": 0, "max": 100}
    return option


def lmdi_bars(
    result: CityDecomposition, *, unit: str, labels: Mapping[str, str], total_label: str
) -> dict[str, Any]:
    """Each year's additive effects stacked (positive up, negative down), the total as dots."""
    periods = [f"{p['from']}→{p['to']}" for p in result.periods]
    colours = ("#7b4fa0", "#d4a106", "#2f6fb0", "#e07b00", "#8fbcd4", "#a0a0a0", "#555")
    series: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": labels[effect],
            "stack": "effects",
            "itemStyle": {"color": colour},
            "data": [round(p["effects"][effect] / TEN_THOUSAND, 2) for p in result.periods],
        }
        for effect, colour in zip(EFFECTS, colours, strict=True)
    ]
    series.append(
        {
            "type": "scatter",
            "name": total_label,
            "symbolSize": 12,
            "itemStyle": {"color": "#000"},
            "data": [round(p["total_change"] / TEN_THOUSAND, 2) for p in result.periods],
        }
    )
    option = {**_base(unit), "xAxis": {"type": "category", "data": periods}, "series": series}
    option["legend"] = {"bottom": 0, "type": "plain"}
    option["grid"] = {"left": 70, "right": 20, "top": 40, "bottom": 110}
    return option


def lmdi_waterfall(
    result: CityDecomposition,
    *,
    unit: str,
    labels: Mapping[str, str],
    first_label: str,
    last_label: str,
) -> dict[str, Any]:
    """From the first year's energy CO2 to the last one's: each effect summed over the years."""
    first, last = result.years[0], result.years[-1]
    sums = [sum(p["effects"][e] for p in result.periods) / TEN_THOUSAND for e in EFFECTS]
    start = result.levels[first] / TEN_THOUSAND
    end = result.levels[last] / TEN_THOUSAND
    hidden: list[float] = [0.0]
    shown: list[dict[str, Any]] = [{"value": round(start, 1), "itemStyle": {"color": "#555"}}]
    level = start
    for value in sums:
        hidden.append(round(min(level, level + value), 2))
        colour = "#b3261e" if value > 0 else "#0f7b5f"  # red pushes emissions up, green down
        shown.append(
            {
                "value": round(abs(value), 2),
                "itemStyle": {"color": colour},
                "label": {"formatter": f"{value:+,.1f}"},
            }
        )
        level += value
    hidden.append(0.0)
    shown.append({"value": round(end, 1), "itemStyle": {"color": "#555"}})
    names = [f"{first_label} {first}"] + [labels[e] for e in EFFECTS] + [f"{last_label} {last}"]
    lowest = min([v for v in hidden[1:-1]] + [start, end])
    option = _base(unit)
    option["legend"] = {"show": False}
    option["tooltip"] = {"show": False}
    option["grid"] = {"left": 70, "right": 30, "top": 30, "bottom": 100}
    option["xAxis"] = {
        "type": "category",
        "data": names,
        "axisLabel": {"interval": 0, "rotate": 30},
    }
    step = 10 ** max(0, math.floor(math.log10(max(lowest, 1.0))) - 1)  # 7662 → 100
    option["yAxis"] = {
        "type": "value",
        "name": unit,
        "min": math.floor(0.85 * lowest / step) * step,
    }
    option["series"] = [
        {
            "type": "bar",
            "stack": "w",
            "silent": True,
            "itemStyle": {"color": "transparent"},
            "data": hidden,
        },
        {"type": "bar", "stack": "w", "label": {"show": True, "position": "top"}, "data": shown},
    ]
    return option


def _peak_mark(year: int | None, value: float | None, label: str) -> dict[str, Any]:
    """The peak's mark on a path, or nothing for a path still rising at the horizon."""
    if year is None or value is None:
        return {}
    return {
        "markPoint": {
            "symbolSize": 44,
            "label": {"formatter": f"{year}"},
            "data": [{"name": label, "coord": [str(year), round(value, 2)]}],
        }
    }
