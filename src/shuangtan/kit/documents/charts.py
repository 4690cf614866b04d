"""Small charts for printed documents (文档图表), drawn by our own code, offline.

A :class:`Chart` is a list of primitives (:class:`Rect`, :class:`Line`, :class:`Dot`,
:class:`Text`) on a pixel canvas. The same list is written as inline SVG (:meth:`Chart.svg`,
for a PDF, which WeasyPrint draws as vectors) and drawn with Pillow (:meth:`Chart.png`, for a
Word file, which takes raster images). No browser, no network, no plotting library.

WeasyPrint does not apply the page's CSS inside an inline SVG: every colour, size and font is
written as an attribute, never as a class.

:func:`nice_ceiling` and :func:`axis_ticks` give the round value axis both the rooms' charts use.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup, escape

__all__ = [
    "SVG_FONT",
    "Chart",
    "Dot",
    "Item",
    "Line",
    "Rect",
    "Text",
    "axis_ticks",
    "nice_ceiling",
]

SVG_FONT = "Noto Sans CJK SC, sans-serif"
"""The font of chart text: the CJK sans-serif of the print templates (Debian fonts-noto-cjk)."""

FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
"""Where Debian (and others) put Noto Sans CJK, for the PNG form of a chart."""


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled rectangle, ``(x, y)`` its top-left corner."""

    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True, slots=True)
class Line:
    """An open polyline through ``points``, solid or dashed."""

    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    """A line of text, ``(x, y)`` its baseline point at the ``anchor`` side."""

    x: float
    y: float
    text: str
    size: int = 11
    anchor: Literal["start", "middle", "end"] = "start"
    fill: str = "#33443b"


@dataclass(frozen=True, slots=True)
class Dot:
    """A filled circle of radius ``r`` around ``(x, y)``."""

    x: float
    y: float
    r: float
    fill: str


Item = Rect | Line | Text | Dot


@dataclass(frozen=True)
class Chart:
    """图表 a chart as primitives on a ``width`` × ``height`` canvas.

    ``css_class`` is set on the ``<svg>`` element, for the page to place it (margins); it
    styles nothing inside the chart.
    """

    width: int
    height: int
    items: tuple[Item, ...]
    label: str
    css_class: str | None = None

    def svg(self) -> Markup:
        """Inline SVG (styled with attributes: WeasyPrint ignores page CSS inside SVG)."""
        css = f' class="{escape(self.css_class)}"' if self.css_class else ""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%"{css} role="img" aria-label="{escape(self.label)}">'
        ]
        out.extend(_svg_item(item) for item in self.items)
        out.append("</svg>")
        return Markup("".join(out))

    def png(self, scale: int = 2) -> bytes:
        """The same chart as PNG (Pillow), ``scale`` × the canvas size."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (self.width * scale, self.height * scale), "white")
        draw = ImageDraw.Draw(image)
        for item in self.items:
            _draw_item(draw, item, scale)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def _svg_item(item: Item) -> str:
    if isinstance(item, Rect):
        return (
            f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" '
            f'height="{item.h:.1f}" fill="{item.fill}"/>'
        )
    if isinstance(item, Line):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in item.points)
        dash = ' stroke-dasharray="5,4"' if item.dashed else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{item.stroke}" '
            f'stroke-width="{item.width}"{dash}/>'
        )
    if isinstance(item, Dot):
        return f'<circle cx="{item.x:.1f}" cy="{item.y:.1f}" r="{item.r}" fill="{item.fill}"/>'
    return (
        f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size}" '
        f'text-anchor="{item.anchor}" fill="{item.fill}" '
        f'font-family="{SVG_FONT}">{escape(item.text)}</text>'
    )


def _draw_item(draw: Any, item: Item, scale: int) -> None:
    if isinstance(item, Rect):
        box = (item.x * scale, item.y * scale, (item.x + item.w) * scale, (item.y + item.h) * scale)
        draw.rectangle(box, fill=item.fill)
    elif isinstance(item, Line):
        points = [(x * scale, y * scale) for x, y in item.points]
        width = int(item.width * scale)
        if item.dashed:
            for a, b in itertools.pairwise(points):
                _dashed(draw, a, b, item.stroke, width)
        else:
            draw.line(points, fill=item.stroke, width=width)
    elif isinstance(item, Dot):
        x, y, r = item.x * scale, item.y * scale, item.r * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=item.fill)
    else:
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[item.anchor]
        draw.text(
            (item.x * scale, item.y * scale),
            item.text,
            fill=item.fill,
            font=_font(item.size * scale),
            anchor=anchor,
        )


def _dashed(draw: Any, a: tuple[float, float], b: tuple[float, float], fill: str, w: int) -> None:
    """A dashed segment from ``a`` to ``b`` (Pillow draws only solid lines): 6 on, 4 off."""
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

    for path in FONT_FILES:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k that is at least ``value``: a round axis maximum.

    ``value`` ≤ 0 gives 1 (an empty chart still has an axis); below 1 the power of ten goes
    down as far as needed (0.03 → 0.05).
    """
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    while magnitude > value:
        magnitude /= 10
    for step in (1, 2, 2.5, 5):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def axis_ticks(axis_max: float, intervals: int = 4) -> list[float]:
    """The values of the grid lines from 0 to ``axis_max`` in ``intervals`` equal steps."""
    return [axis_max * tick / intervals for tick in range(intervals + 1)]
