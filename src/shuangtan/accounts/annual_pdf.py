"""The annual carbon report of an entity as PDF (企业年度碳排放报告 PDF).

Draws the :class:`~shuangtan.accounts.documents.AnnualReportData` that
:func:`~shuangtan.accounts.documents.annual_report_data` read, and nothing else, through the
kit's document engine: the template ``accounts/annual_report_pdf.html`` extends the base print
template (A4, CJK fonts, page numbers), the monthly bar chart is a kit chart written as inline
SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from shuangtan.kit import documents as engine
from shuangtan.kit.documents.charts import Chart, Item, Rect, Text, axis_ticks, nice_ceiling
from shuangtan.kit.documents.charts import Line as Polyline
from shuangtan.kit.documents.numbers import fixed

if TYPE_CHECKING:
    from shuangtan.accounts.documents import AnnualReportData, MonthRow

__all__ = ["TEMPLATE", "bar_chart_svg", "render_html", "render_pdf"]

TEMPLATE = "accounts/annual_report_pdf.html"

_COLOURS = {"reported": "#9ccbb4", "verified": "#1f6f50"}
_GRID = "#d7e3dc"
_TICK_COLOUR = "#42584d"


def _tick(
    x: float, y: float, text: str, anchor: Literal["start", "middle", "end"] = "start"
) -> Text:
    """A label of the chart: 10 px, grey-green (axis values, months, legend)."""
    return Text(x, y, text, 10, anchor, _TICK_COLOUR)


def bar_chart(months: Sequence[MonthRow], *, width: int = 640, height: int = 200) -> Chart:
    """Monthly emissions as a bar chart: the reported and the verified bar of each month.

    The axis is in whole tonnes: its top is the round ceiling of the largest bar, and never
    below 1 tCO2e.
    """
    left, right, top, bottom = 56, 12, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for m in months for v in (m.reported_tco2e, m.verified_tco2e) if v]
    axis_max = nice_ceiling(max(max(values, default=0.0), 1.0))
    items: list[Item] = []
    for tick, label in enumerate(axis_ticks(axis_max)):
        y = top + plot_h - plot_h * tick / 4
        items.append(Polyline(((left, y), (width - right, y)), _GRID))
        items.append(_tick(left - 6, y + 4, fixed(label, 0), "end"))
    slot = plot_w / 12
    bar = slot * 0.34
    for index, month in enumerate(months):
        x0 = left + slot * index + slot * 0.14
        for offset, value, kind in (
            (0.0, month.reported_tco2e, "reported"),
            (bar + 2, month.verified_tco2e, "verified"),
        ):
            if value is None:
                continue
            h = plot_h * float(value) / axis_max
            items.append(Rect(x0 + offset, top + plot_h - h, bar, h, _COLOURS[kind]))
        items.append(
            _tick(left + slot * (index + 0.5), top + plot_h + 16, f"{month.month}月", "middle")
        )
    legend_y = height - 8
    items += [
        Rect(left, legend_y - 9, 10, 10, _COLOURS["reported"]),
        _tick(left + 14, legend_y, "报告值 reported"),
        Rect(left + 130, legend_y - 9, 10, 10, _COLOURS["verified"]),
        _tick(left + 144, legend_y, "核查值 verified"),
        _tick(width - right, legend_y, "单位 unit: tCO2e", "end"),
    ]
    return Chart(width, height, tuple(items), "各月排放量 monthly emissions", css_class="chart")


def bar_chart_svg(months: Sequence[MonthRow], *, width: int = 640, height: int = 200) -> Markup:
    """:func:`bar_chart` as inline SVG, for the PDF."""
    return bar_chart(months, width=width, height=height).svg()


def render_html(data: AnnualReportData) -> str:
    """The HTML the PDF is printed from (useful to look at in a browser)."""
    return engine.render_html(TEMPLATE, {"report": data, "chart": bar_chart_svg(data.months)})


def render_pdf(data: AnnualReportData) -> bytes:
    """The annual report as an A4 PDF (WeasyPrint), fonts subset, Chinese extractable."""
    return engine.render_pdf(TEMPLATE, {"report": data, "chart": bar_chart_svg(data.months)})
