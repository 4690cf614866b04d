"""Charts of the evaluation reports (评估报告图表), drawn by our own code, offline.

Each is a :class:`~shuangtan.kit.documents.charts.Chart` of the kit's document engine: a list of
primitives (rectangles, lines, dots, texts) on a pixel canvas, written as inline SVG for the PDF
(WeasyPrint draws it as vectors) and drawn with Pillow as PNG for the Word file. No browser, no
network.

- :func:`status_by_area` — stacked horizontal bars: indicators on track / at risk / off track /
  not assessed in each area of the plan;
- :func:`path_chart` — one indicator's values against its straight path to the target, with the
  forecast to the target year.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from shuangtan.kit.documents.charts import Chart, Dot, Item, Line, Rect, Text
from shuangtan.kit.documents.numbers import fixed

__all__ = ["STATUS_COLOURS", "Chart", "path_chart", "round_axis", "status_by_area"]

STATUS_COLOURS = {
    "on_track": "#2e7d4f",
    "at_risk": "#d49a06",
    "off_track": "#c0392b",
    "not_assessed": "#b8c2bd",
}
STATUS_ZH = {
    "on_track": "进度正常",
    "at_risk": "进度预警",
    "off_track": "进度滞后",
    "not_assessed": "暂无法评估",
}


def round_axis(largest: float, most: int = 5) -> tuple[list[float], int]:
    """Round ticks from 0 up to at least ``largest``, and the decimals to label them with.

    The step is 1, 2 or 5 × 10^k, the smallest that needs at most ``most`` intervals, so every
    tick is a round number (0, 0.1, …, 0.5 — never 0.125 or 0.375); ``largest`` ≤ 0 gives 0–1.
    """
    if largest <= 0:
        largest = 1.0
    power = 10.0 ** math.floor(math.log10(largest / most))
    step = next(m * power for m in (1, 2, 5, 10) if largest / (m * power) <= most + 1e-9)
    intervals = max(1, math.ceil(largest / step - 1e-9))
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    return [round(step * i, digits) for i in range(intervals + 1)], digits


def status_by_area(rows: Sequence[tuple[str, dict[str, int]]], *, width: int = 640) -> Chart:
    """Stacked bars of indicator counts by status, one bar per area ``(name, counts)``."""
    left, right, top, bar_h, gap = 170, 20, 30, 18, 8
    height = top + len(rows) * (bar_h + gap) + 40
    largest = max((sum(c.values()) for _, c in rows), default=1) or 1
    plot_w = width - left - right
    items: list[Item] = [Text(left, 16, "各领域指标进度状态(项)", 12, "start", "#14513a")]
    for index, (name, counts) in enumerate(rows):
        y = top + index * (bar_h + gap)
        items.append(Text(left - 8, y + bar_h - 4, name, 11, "end"))
        x = float(left)
        for status, colour in STATUS_COLOURS.items():
            n = counts.get(status, 0)
            if n:
                w = plot_w * n / largest
                items.append(Rect(x, y, w, bar_h, colour))
                if w >= 14:
                    items.append(Text(x + w / 2, y + bar_h - 4, str(n), 10, "middle", "#ffffff"))
                x += w
    legend_y = height - 12
    x = float(left)
    for status, colour in STATUS_COLOURS.items():
        items.append(Rect(x, legend_y - 9, 10, 10, colour))
        items.append(Text(x + 14, legend_y, STATUS_ZH[status], 10))
        x += 100
    return Chart(width, height, tuple(items), "各领域指标进度状态 status by area")


def path_chart(
    *,
    title: str,
    unit: str,
    years: Sequence[int],
    actual: dict[int, float],
    path: dict[int, float],
    forecast: tuple[int, float] | None = None,
    width: int = 640,
    height: int = 240,
) -> Chart:
    """An indicator's values (bars) against its straight path (line) and the forecast (dashed)."""
    left, right, top, bottom = 64, 20, 34, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [*actual.values(), *path.values(), *([forecast[1]] if forecast else [])]
    ticks, digits = round_axis(max(values, default=1.0))
    axis_max = ticks[-1]
    slot = plot_w / max(len(years), 1)

    def x_of(year: int) -> float:
        return left + slot * (years.index(year) + 0.5)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * max(value, 0.0) / axis_max

    items: list[Item] = [Text(left, 18, f"{title}({unit})", 12, "start", "#14513a")]
    for value in ticks:
        y = y_of(value)
        items.append(Line(((left, y), (width - right, y)), "#dfe7e2"))
        items.append(Text(left - 6, y + 4, fixed(value, digits), 10, "end"))
    for year in years:
        items.append(Text(x_of(year), top + plot_h + 16, str(year), 10, "middle"))
        if year in actual:
            h = plot_h * max(actual[year], 0.0) / axis_max
            items.append(
                Rect(x_of(year) - slot * 0.22, top + plot_h - h, slot * 0.44, h, "#7fb89a")
            )
    path_points = tuple((x_of(y), y_of(v)) for y, v in sorted(path.items()) if y in years)
    if len(path_points) >= 2:
        items.append(Line(path_points, "#14513a", 2.0))
    if forecast is not None and actual and forecast[0] in years:
        last = max(actual)
        items.append(
            Line(
                ((x_of(last), y_of(actual[last])), (x_of(forecast[0]), y_of(forecast[1]))),
                "#c0392b",
                1.5,
                True,
            )
        )
        items.append(Dot(x_of(forecast[0]), y_of(forecast[1]), 3.5, "#c0392b"))
    legend_y = height - 8
    items += [
        Rect(left, legend_y - 9, 10, 10, "#7fb89a"),
        Text(left + 14, legend_y, "实际值", 10),
        Line(((left + 80, legend_y - 4), (left + 100, legend_y - 4)), "#14513a", 2.0),
        Text(left + 104, legend_y, "进度线(基期至目标)", 10),
        Line(((left + 240, legend_y - 4), (left + 260, legend_y - 4)), "#c0392b", 1.5, True),
        Text(left + 264, legend_y, "趋势预测", 10),
    ]
    return Chart(width, height, tuple(items), f"{title} progress chart")
