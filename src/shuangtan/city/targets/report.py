"""Evaluation reports of the plan (规划实施评估报告): annual, mid-term and final, as PDF and Word.

:func:`report_data` gathers one year's progress (:func:`service.progress`), the county targets
and the officials' own text; :func:`compose` turns them into a plain :class:`ReportData` (no
database: the tests build its input by hand); :func:`render_pdf` (from
``templates/targets/report_pdf.html``) and :func:`render_docx` draw it through the kit's
document engine and read nothing else. The layout follows a Chinese government evaluation report:

一、总体情况 summary · 二、主要成效 achievements by area · 三、指标完成情况 indicator table ·
四、存在问题 problems (the at-risk and off-track indicators, and missing data) ·
五、下一步工作 next steps (one line per lagging area, from the plan's tasks, plus officials' text).

The page is that of GB/T 9704-2012 (党政机关公文格式) in both files: A4, margins
37/35/28/26 mm, title 小标宋 二号, 一级 headings 黑体 三号, 二级 楷体 三号, body 仿宋 三号 on
28.95 pt lines, the page number "— N —" at the bottom of every page (odd pages right, even
left); no cover, no English.

Every sentence is generated from the figures (:mod:`~.report_text`); nothing is written that
the data do not say, and nothing unknown is printed as a placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.city.targets import service
from shuangtan.city.targets.areas import AREAS
from shuangtan.city.targets.charts import STATUS_ZH, Chart, path_chart, status_by_area
from shuangtan.city.targets.errors import InvalidValue
from shuangtan.city.targets.progress import Status
from shuangtan.city.targets.report_text import (
    achievement,
    figure,
    forecast_value,
    next_step,
    problem,
    share,
    unit_zh,
    zh,
)
from shuangtan.kit import documents as engine
from shuangtan.kit.beijing import in_beijing
from shuangtan.kit.documents import word
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository

__all__ = [
    "ReportData",
    "compose",
    "render_docx",
    "render_html",
    "render_pdf",
    "report_data",
    "report_year",
]

TEMPLATE = "targets/report_pdf.html"
KIND_TITLES = {"annual": "年度评估报告", "midterm": "中期评估报告", "final": "期末评估报告"}
HEADLINE = ("energy_intensity", "carbon_intensity_reduction", "energy_consumption_total")


def report_year(kind: str, year: int | None, *, base_year: int, final_year: int) -> int:
    """The year a report covers: any year (annual), base + 3 (mid-term), the final year."""
    if kind == "midterm":
        return base_year + 3
    if kind == "final":
        return final_year
    if kind == "annual" and year is not None:
        return check_year(year)
    raise InvalidValue(f"报告类型 {kind} 无效。", f"{kind!r} is not a report kind.")


@dataclass(frozen=True)
class AreaBlock:
    """一个领域 an area's indicators and its generated paragraph."""

    key: str
    name_zh: str
    rows: list[service.IndicatorProgress]
    sentences: list[str]


@dataclass(frozen=True)
class ReportData:
    """评估报告 everything one report shows, already computed."""

    city_zh: str
    plan_title: str
    kind: str
    year: int
    base_year: int
    final_year: int
    generated_at: datetime
    progress: service.YearProgress
    counties: list[service.CountyProgress]
    summary: list[str]
    areas: list[AreaBlock]
    problems: list[str]
    next_steps: list[str]
    officials_problems: str
    officials_next_steps: str
    charts: list[Chart] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.plan_title}{self.period_zh}{KIND_TITLES[self.kind]}"

    @property
    def period_zh(self) -> str:
        if self.kind == "annual":
            return str(self.year)
        return f"（{self.base_year + 1}—{self.year}年）"


def _summary(data: service.YearProgress, counties: list[service.CountyProgress]) -> list[str]:
    c = data.counts
    total = len(data.indicators)
    assessed = total - c.get("not_assessed", 0)
    lines = [
        f"规划共设{total}项指标。截至{data.year}年,可评估{assessed}项,其中进度正常"
        f"{c.get('on_track', 0)}项、进度预警{c.get('at_risk', 0)}项、进度滞后"
        f"{c.get('off_track', 0)}项;暂无法评估{c.get('not_assessed', 0)}项。"
    ]
    by_id = {r.id: r for r in data.indicators}
    for key in HEADLINE:
        row = by_id.get(key)
        if row is not None and row.assessment.actual is not None:
            lines.append(achievement(row, data.year) + f",{STATUS_ZH[row.status.value]}。")
    unset = [
        r.name_zh
        for r in data.indicators
        if r.target_origin == "none" and r.direction in {"up", "down"} and r.target_year is not None
    ]
    if unset:
        lines.append(f"{'、'.join(unset)}的目标为省下达指标,尚未录入,暂按无目标处理。")
    if counties:
        lagging = sorted(
            {
                c.county_zh
                for c in counties
                if c.assessment.status in (Status.off_track, Status.at_risk)
            }
        )
        lines.append(
            f"已分解到县(市、区)的目标{len(counties)}项,"
            + (f"{'、'.join(lagging)}存在预警或滞后。" if lagging else "均进度正常或尚无数据。")
        )
    return [zh(line) for line in lines]


def report_data(
    *, session: Session, actor: Principal, kind: str, year: int | None = None
) -> ReportData:
    """Gather one report (officials and administrators; county officials see their county)."""
    probe = year if year is not None else service.latest_year(session=session)
    first = service.progress(session=session, actor=actor, year=probe)
    final_year = max(
        (r.target_year for r in first.indicators if r.target_year), default=first.base_year + 5
    )
    covered = report_year(kind, year, base_year=first.base_year, final_year=final_year)
    data = (
        first if covered == probe else service.progress(session=session, actor=actor, year=covered)
    )
    counties = service.county_progress(session=session, actor=actor, year=covered)
    note = service.evaluation_note(session=session, year=covered, kind=kind)
    city = place_repository.city(session)
    return compose(
        data,
        counties,
        kind=kind,
        final_year=final_year,
        city_zh=city.name_zh if city else "",
        officials_problems=note.problems if note else "",
        officials_next_steps=note.next_steps if note else "",
        generated_at=datetime.now(UTC),
    )


def compose(
    data: service.YearProgress,
    counties: list[service.CountyProgress],
    *,
    kind: str,
    final_year: int,
    city_zh: str,
    officials_problems: str = "",
    officials_next_steps: str = "",
    generated_at: datetime,
) -> ReportData:
    """A report from one year's progress (``data.year`` is the year covered): every sentence,
    table and chart, from the figures alone (no database: the tests build ``data`` by hand)."""
    covered = data.year
    areas = []
    for area in AREAS:
        rows = [r for r in data.indicators if r.area_key == area.key]
        if not rows:
            continue
        good = [r for r in rows if r.status is Status.on_track]
        sentences = [achievement(r, covered) for r in good]
        areas.append(AreaBlock(area.key, area.name_zh, rows, sentences))
    lagging = [r for r in data.indicators if r.status in (Status.off_track, Status.at_risk)]
    lagging.sort(key=lambda r: (r.status is not Status.off_track, r.section))
    problems = [problem(r, covered) for r in lagging]
    missing = [
        r.name_zh for r in data.indicators if r.assessment.reason == "no_value" and not r.computed
    ]
    if missing:
        problems.append(zh(f"{len(missing)}项指标{covered}年尚未填报数据:{'、'.join(missing)}。"))
    missing_computed = [
        r.name_zh for r in data.indicators if r.assessment.reason == "no_value" and r.computed
    ]
    if missing_computed:
        problems.append(
            zh(f"能源与排放清单缺少{covered}年数据,无法计算:{'、'.join(missing_computed)}。")
        )
    steps = []
    for area in AREAS:
        rows = [r for r in lagging if r.area_key == area.key]
        if rows:
            steps.append(next_step(area.key, rows))
    charts = [status_by_area([(a.name_zh, _counts(a.rows)) for a in areas])]
    years = list(range(data.base_year, max(final_year, covered) + 1))
    for row in data.indicators:
        if row.id in HEADLINE and row.series:
            path = dict(zip(years, row.path(years), strict=True))
            forecast = row.assessment.forecast
            charts.append(
                path_chart(
                    title=row.name_zh,
                    unit=unit_zh(row.unit),
                    years=years,
                    actual=row.series,
                    path={y: v for y, v in path.items() if v is not None},
                    forecast=(row.target_year, forecast)
                    if forecast is not None and row.target_year in years
                    else None,
                )
            )
    return ReportData(
        city_zh=city_zh,
        plan_title=f"{city_zh}应对气候变化“十四五”规划",
        kind=kind,
        year=covered,
        base_year=data.base_year,
        final_year=final_year,
        generated_at=generated_at,
        progress=data,
        counties=counties,
        summary=_summary(data, counties),
        areas=areas,
        problems=problems,
        next_steps=steps,
        officials_problems=officials_problems,
        officials_next_steps=officials_next_steps,
        charts=charts,
    )


def _counts(rows: Sequence[service.IndicatorProgress]) -> dict[str, int]:
    return {s.value: sum(1 for r in rows if r.status is s) for s in Status}


# ---------------------------------------------------------------------------------- render


def table_rows(data: ReportData) -> list[list[str]]:
    """三、指标完成情况: one row per indicator, as text (shared by PDF and Word); every figure of
    a row with the decimals of its unit (:func:`~.report_text.figure`), shares with one; the
    year of a baseline or target on a line of its own."""
    rows = []
    for index, r in enumerate(ordered(data), start=1):
        a = r.assessment
        baseline = (
            f"{figure(r.baseline_value, r.unit)}\n({r.baseline_year})"
            if r.baseline_value is not None
            else "—"
        )
        target = (
            f"{figure(r.target_value, r.unit)}\n({r.target_year})"
            if r.target_value is not None
            else "待省下达"
            if r.target_year
            else "—"
        )
        rows.append(
            [
                str(index),
                r.name_zh,
                unit_zh(r.unit),
                baseline,
                target,
                figure(a.actual, r.unit),
                figure(a.expected, r.unit),
                share(a.share_pct),
                STATUS_ZH[a.status.value],
                figure(forecast_value(r), r.unit),
            ]
        )
    return rows


def ordered(data: ReportData) -> list[service.IndicatorProgress]:
    """The indicators in the plan's area order, then by section."""
    rank = {a.key: i for i, a in enumerate(AREAS)}
    return sorted(data.progress.indicators, key=lambda r: (rank[r.area_key], r.section, r.id))


TABLE_HEADERS = [
    "序号",
    "指标",
    "单位",
    "基期值(年)",
    "目标值(年)",
    "本年值",
    "进度要求",
    "完成进度",
    "状态",
    "目标年预测",
]
TABLE_WIDTHS = (4, 18, 9, 10, 10, 10, 10, 9, 10, 10)
"""The columns' shares of the text width in %, the same in the PDF and the Word file."""
TABLE_NUMERIC = frozenset({3, 4, 5, 6, 7, 9})
"""The columns of figures (aligned right): base, target, this year, path, completion, forecast."""
COUNTY_KINDS = {
    "energy_intensity_reduction": ("能耗强度降低", "%"),
    "energy_total_cap": ("能源消费总量", "10^4 tce"),
    "carbon_intensity_reduction": ("碳排放强度降低", "%"),
    "carbon_total_cap": ("二氧化碳排放总量", "10^4 t CO2"),
}
COUNTY_HEADERS = [
    "县(市、区)",
    *(f"{name}({unit_zh(unit)})" for name, unit in COUNTY_KINDS.values()),
]
COUNTY_WIDTHS = (16, 21, 21, 21, 21)


def county_rows(data: ReportData) -> list[list[str]]:
    """The dual-control table: one row per county, a cell per target kind (实际/目标 and the
    status), each figure with two decimals; the unit is in the column's header."""
    by_county: dict[str, dict[str, service.CountyProgress]] = {}
    for c in data.counties:
        by_county.setdefault(c.county_zh, {})[c.kind] = c
    rows = []
    for county, cells in by_county.items():
        row = [county]
        for kind, (_, unit) in COUNTY_KINDS.items():
            cell = cells.get(kind)
            if cell is None:
                row.append("—")
                continue
            row.append(
                f"{figure(cell.assessment.actual, unit)}/{figure(cell.target_value, unit)}\n"
                f"{STATUS_ZH[cell.assessment.status.value]}"
            )
        rows.append(row)
    return rows


def dated(data: ReportData) -> str:
    """The report's date in Beijing time, as GB/T 9704 writes it: 2026年12月4日 (no padding)."""
    day = in_beijing(data.generated_at)
    return f"{day.year}年{day.month}月{day.day}日"


def render_html(data: ReportData) -> str:
    """The HTML the PDF is printed from."""
    return engine.render_html(TEMPLATE, _print_context(data))


def render_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF (WeasyPrint), Chinese text extractable."""
    return engine.render_pdf(TEMPLATE, _print_context(data))


def _print_context(data: ReportData) -> dict[str, object]:
    return {
        "report": data,
        "kind_title": KIND_TITLES[data.kind],
        "date": dated(data),
        "headers": TABLE_HEADERS,
        "widths": TABLE_WIDTHS,
        "numeric": TABLE_NUMERIC,
        "rows": table_rows(data),
        "county_headers": COUNTY_HEADERS,
        "county_widths": COUNTY_WIDTHS,
        "county_rows": county_rows(data),
        "statuses": [r.status.value for r in ordered(data)],
        "table_note": TABLE_NOTE,
        "captions": CAPTIONS,
        "problems": _numbered(data.problems, "未发现进度预警或滞后的指标。"),
        "next_steps": _numbered(data.next_steps, "保持现有工作力度,确保规划目标如期完成。"),
    }


def _numbered(lines: Sequence[str], otherwise: str) -> list[str]:
    """``1.…``, ``2.…`` (a third-level number of GB/T 9704), or the one ``otherwise`` line."""
    return [f"{i}.{line}" for i, line in enumerate(lines, start=1)] or [zh(otherwise)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_docx(data: ReportData) -> bytes:
    """The report as a Word document laid out after GB/T 9704-2012 (党政机关公文格式): A4,
    margins 37/35/28/26 mm, body 仿宋 三号 at a fixed 28.95 pt line (22 lines a page),
    headings 一级 黑体 三号 and 二级 楷体 三号 as the styles Heading 1 and 2, title 小标宋 二号,
    the page number — N — in 宋体 四号 at the bottom of every page (odd pages right, even
    left, one character in)."""
    document = word.new_document(
        title=data.title,
        body=word.Font("仿宋", 16),
        headings={1: word.Font("黑体", 16), 2: word.Font("楷体", 16)},
        margins=word.GB_T_9704,
        page_numbers="— {PAGE} —",
        page_number_font=word.Font("宋体", 14),
        line_spacing_pt=word.GB_T_9704_LINE_PT,
        sides=True,
    )
    # the title breaks where the PDF's does, between the plan and the report (回行词意完整)
    heading = f"{data.plan_title}\n{data.period_zh}{KIND_TITLES[data.kind]}"
    word.add_title(document, heading, word.Font("方正小标宋简体", 22))
    word.add_paragraph(
        document,
        f"（数据截至{data.year}年）",
        indent=False,
        align="center",
        font=word.Font("楷体", 16),
    )

    def paragraphs(lines: Sequence[str]) -> None:
        for line in lines:
            word.add_paragraph(document, line)

    word.add_heading(document, "一、总体情况", 1)
    paragraphs(data.summary)
    word.add_picture(document, data.charts[0].png(), width_mm=CHART_WIDTH_MM)
    word.add_heading(document, "二、主要成效", 1)
    for index, area in enumerate(data.areas, start=1):
        word.add_heading(document, f"({_cn(index)}){area.name_zh}", 2)
        text = "；".join(area.sentences) + "。" if area.sentences else "本领域暂无进度正常的指标。"
        paragraphs([text])
    for chart in data.charts[1:]:
        word.add_picture(document, chart.png(), width_mm=CHART_WIDTH_MM)
    word.add_heading(document, "三、指标完成情况", 1)
    word.add_paragraph(document, CAPTIONS[0], indent=False, align="center", font=CAPTION_FONT)
    word.add_table(
        document,
        _columns(TABLE_HEADERS, TABLE_WIDTHS, TABLE_NUMERIC),
        table_rows(data),
        size=TABLE_PT,
    )
    word.add_paragraph(document, TABLE_NOTE, indent=False, font=word.Font("仿宋", TABLE_PT))
    if data.counties:
        word.add_paragraph(document, CAPTIONS[1], indent=False, align="center", font=CAPTION_FONT)
        numeric = frozenset(range(1, len(COUNTY_HEADERS)))
        word.add_table(
            document,
            _columns(COUNTY_HEADERS, COUNTY_WIDTHS, numeric),
            county_rows(data),
            size=TABLE_PT,
        )
    word.add_heading(document, "四、存在问题", 1)
    paragraphs(_numbered(data.problems, "未发现进度预警或滞后的指标。"))
    paragraphs(_lines(data.officials_problems))
    word.add_heading(document, "五、下一步工作", 1)
    paragraphs(_numbered(data.next_steps, "保持现有工作力度,确保规划目标如期完成。"))
    paragraphs(_lines(data.officials_next_steps))
    word.add_paragraph(document, "")
    word.add_paragraph(document, dated(data), indent=False, align="right", right_chars=4)
    return word.to_bytes(document)


CAPTIONS = ("表1 规划指标完成情况", "表2 县(市、区)能耗双控与碳排放双控目标完成情况(实际/目标)")
"""The tables' titles, centred above them."""
CAPTION_FONT = word.Font("黑体", 12)
TABLE_PT = 9
"""The tables' text: 小五 (9 pt), so that ten columns fit the 156 mm text block."""
TABLE_NOTE = zh(
    "注:进度要求为基期值至目标值直线路径在本年的取值;完成进度 =(本年值 − 基期值)÷(进度要求 − "
    "基期值);无基期值的指标为本年值达到目标值的比例。完成进度 ≥100% 为进度正常,≥90% 为进度预警,"
    "其余为进度滞后。目标年预测为已有年份的最小二乘直线趋势。同一指标的数值保留相同位数:个数取整,"
    "强度保留三位小数,其余保留两位小数;完成进度保留一位小数。"
)
CHART_WIDTH_MM = 150
"""The width of a chart in the Word file: the GB/T 9704 text width (156 mm) less a little."""
_TEXT_WIDTH_MM = 156


def _columns(
    headers: Sequence[str],
    widths: Sequence[float] | None = None,
    numeric: frozenset[int] = frozenset(),
) -> list[word.Column]:
    """Word columns of text cells; ``numeric`` ones aligned right, widths in % of the text."""
    return [
        word.Column(
            header,
            align="right" if index in numeric else "left",
            width_mm=_TEXT_WIDTH_MM * widths[index] / 100 if widths else None,
        )
        for index, header in enumerate(headers)
    ]


def _cn(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)
