"""Charts of the evaluation reports (评估报告图表), drawn by our own code, offline.

A chart is a list of primitives (rectangles, lines, polylines, texts) on a pixel canvas; the
same list is written as inline SVG (for the PDF, which WeasyPrint draws as vectors) and drawn
with Pillow as PNG (for the Word file, which takes raster images). No browser, no network.

- :func:`status_by_area` — stacked horizontal bars: indicators on track / at risk / off track /
  not assessed in each area of the plan;
- :func:`path_chart` — one indicator's values against its straight path to the target, with the
  forecast to the target year.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

__all__ = ["STATUS_COLOURS", "Chart", "path_chart", "status_by_area"]

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
_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
_FAMILY = "Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True, slots=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True, slots=True)
class _Line:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class _Text:
    x: float
    y: float
    text: str
    size: int = 11
    anchor: str = "start"  # start, middle, end
    fill: str = "#33443b"


@dataclass(frozen=True, slots=True)
class _Dot:
    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Chart:
    """图表 a chart as primitives on a ``width`` × ``height`` canvas."""

    width: int
    height: int
    items: tuple[Any, ...]
    label: str

    def svg(self) -> Markup:
        """Inline SVG (styled with attributes: WeasyPrint ignores page CSS inside SVG)."""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%" role="img" aria-label="{escape(self.label)}">'
        ]
        for item in self.items:
            if isinstance(item, _Rect):
                out.append(
                    f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" '
                    f'height="{item.h:.1f}" fill="{item.fill}"/>'
                )
            elif isinstance(item, _Line):
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in item.points)
                dash = ' stroke-dasharray="5,4"' if item.dashed else ""
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{item.stroke}" '
                    f'stroke-width="{item.width}"{dash}/>'
                )
            elif isinstance(item, _Dot):
                out.append(
                    f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="{item.r}" fill="{item.fill}"/>'
                )
            else:
                out.append(
                    f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size}" '
                    f'text-anchor="{item.anchor}" fill="{item.fill}" '
                    f'font-family="{_FAMILY}">{escape(item.text)}</text>'
                )
        out.append("</svg>")
        return Markup("".join(out))

    def png(self, scale: int = 2) -> bytes:
        """The same chart as PNG (Pillow), ``scale`` × the canvas size."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (self.width * scale, self.height * scale), "white")
        draw = ImageDraw.Draw(image)
        for item in self.items:
            if isinstance(item, _Rect):
                box = (
                    item.x * scale,
                    item.y * scale,
                    (item.x + item.w) * scale,
                    (item.y + item.h) * scale,
                )
                draw.rectangle(box, fill=item.fill)
            elif isinstance(item, _Line):
                points = [(x * scale, y * scale) for x, y in item.points]
                if item.dashed:
                    for a, b in itertools.pairwise(points):
                        _dashed(draw, a, b, item.stroke, int(item.width * scale))
                else:
                    draw.line(points, fill=item.stroke, width=int(item.width * scale))
            elif isinstance(item, _Dot):
                r = item.r * scale
                draw.ellipse(
                    (
                        item.x * scale - r,
                        item.y * scale - r,
                        item.x * scale + r,
                        item.y * scale + r,
                    ),
                    fill=item.fill,
                )
            else:
                font = _font(item.size * scale)
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}[item.anchor]
                draw.text(
                    (item.x * scale, item.y * scale),
                    item.text,
                    fill=item.fill,
                    font=font,
                    anchor=anchor,
                )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def _dashed(draw: Any, a: tuple[float, float], b: tuple[float, float], fill: str, w: int) -> None:
    (x0, y0), (x1, y1) = a, b
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:
        return
    step, on = 10.0, 6.0
    t = 0.0
    while t < length:
        s, e = t / length, min(t + on, length) / length
        draw.line(
            [(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s), (x0 + (x1 - x0) * e, y0 + (y1 - y0) * e)],
            fill=fill,
            width=w,
        )
        t += step


@lru_cache(maxsize=16)
def _font(size: int) -> Any:
    from PIL import ImageFont

    for path in _FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _fmt(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def status_by_area(rows: Sequence[tuple[str, dict[str, int]]], *, width: int = 640) -> Chart:
    """Stacked bars of indicator counts by status, one bar per area ``(name, counts)``."""
    left, right, top, bar_h, gap = 170, 20, 30, 18, 8
    height = top + len(rows) * (bar_h + gap) + 40
    largest = max((sum(c.values()) for _, c in rows), default=1) or 1
    plot_w = width - left - right
    items: list[Any] = [_Text(left, 16, "各领域指标进度状态(项)", 12, "start", "#14513a")]
    for index, (name, counts) in enumerate(rows):
        y = top + index * (bar_h + gap)
        items.append(_Text(left - 8, y + bar_h - 4, name, 11, "end"))
        x = float(left)
        for status, colour in STATUS_COLOURS.items():
            n = counts.get(status, 0)
            if n:
                w = plot_w * n / largest
                items.append(_Rect(x, y, w, bar_h, colour))
                if w >= 14:
                    items.append(_Text(x + w / 2, y + bar_h - 4, str(n), 10, "middle", "#ffffff"))
                x += w
    legend_y = height - 12
    x = float(left)
    for status, colour in STATUS_COLOURS.items():
        items.append(_Rect(x, legend_y - 9, 10, 10, colour))
        items.append(_Text(x + 14, legend_y, STATUS_ZH[status], 10))
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
    axis_max = _nice_max(max(values, default=1.0))
    slot = plot_w / max(len(years), 1)

    def x_of(year: int) -> float:
        return left + slot * (years.index(year) + 0.5)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * max(value, 0.0) / axis_max

    items: list[Any] = [_Text(left, 18, f"{title}({unit})", 12, "start", "#14513a")]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        items.append(_Line(((left, y), (width - right, y)), "#dfe7e2"))
        items.append(_Text(left - 6, y + 4, _fmt(axis_max * tick / 4), 10, "end"))
    for year in years:
        items.append(_Text(x_of(year), top + plot_h + 16, str(year), 10, "middle"))
        if year in actual:
            h = plot_h * max(actual[year], 0.0) / axis_max
            items.append(
                _Rect(x_of(year) - slot * 0.22, top + plot_h - h, slot * 0.44, h, "#7fb89a")
            )
    path_points = tuple((x_of(y), y_of(v)) for y, v in sorted(path.items()) if y in years)
    if len(path_points) >= 2:
        items.append(_Line(path_points, "#14513a", 2.0))
    if forecast is not None and actual and forecast[0] in years:
        last = max(actual)
        items.append(
            _Line(
                ((x_of(last), y_of(actual[last])), (x_of(forecast[0]), y_of(forecast[1]))),
                "#c0392b",
                1.5,
                True,
            )
        )
        items.append(_Dot(x_of(forecast[0]), y_of(forecast[1]), 3.5, "#c0392b"))
    legend_y = height - 8
    items += [
        _Rect(left, legend_y - 9, 10, 10, "#7fb89a"),
        _Text(left + 14, legend_y, "实际值", 10),
        _Line(((left + 80, legend_y - 4), (left + 100, legend_y - 4)), "#14513a", 2.0),
        _Text(left + 104, legend_y, "进度线(基期至目标)", 10),
        _Line(((left + 240, legend_y - 4), (left + 260, legend_y - 4)), "#c0392b", 1.5, True),
        _Text(left + 264, legend_y, "趋势预测", 10),
    ]
    return Chart(width, height, tuple(items), f"{title} progress chart")
