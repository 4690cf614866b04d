"""Evaluation reports of the plan (规划实施评估报告): annual, mid-term and final, as PDF and Word.

:func:`report_data` gathers one year's progress (:func:`service.progress`), the county targets
and the officials' own text into a plain :class:`ReportData`; :func:`render_pdf` (from
``templates/targets/report_pdf.html``) and :func:`render_docx` draw it through the kit's
document engine (A4, CJK fonts, page numbers, heading styles) and read nothing else. The layout
follows a Chinese government evaluation report:

一、总体情况 summary · 二、主要成效 achievements by area · 三、指标完成情况 indicator table ·
四、存在问题 problems (the at-risk and off-track indicators, and missing data) ·
五、下一步工作 next steps (one line per lagging area, from the plan's tasks, plus officials' text).

Every sentence is generated from the figures; nothing is written that the data do not say.
"""

from __future__ import annotations

import re
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
from shuangtan.kit import documents as engine
from shuangtan.kit.documents import numbers, word
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository

__all__ = ["ReportData", "render_docx", "render_html", "render_pdf", "report_data", "report_year"]

TEMPLATE = "targets/report_pdf.html"
KIND_TITLES = {"annual": "年度评估报告", "midterm": "中期评估报告", "final": "期末评估报告"}
KIND_EN = {
    "annual": "Annual evaluation",
    "midterm": "Mid-term evaluation",
    "final": "Final evaluation",
}
NEXT_STEPS = {
    "overall": "严格落实能耗“双控”并向碳排放总量和强度“双控”转变,强化用能预算化管理,"
    "推行能效与能源配置挂钩(规划三(二)4、三(十)1)",
    "industry": "严格项目准入退出管理,推动制造业绿色改造升级,加快壮大新兴产业(规划三(一))",
    "energy": "严格实行煤炭总量控制,大力发展非化石能源,着力推动能效提升(规划三(二))",
    "buildings": "推进建造行业低碳化发展,全面推广绿色建筑,推进建筑节能低碳化管理(规划三(三))",
    "transport": "优化交通运输能源结构,推进公交、出租、营运车辆新能源替代和充电设施建设,"
    "推进运输结构调整(规划三(四))",
    "agriculture": "创新农业生产方式,深入实施肥药减量,巩固畜禽养殖污染资源化利用(规划三(五))",
    "sinks": "保护提升森林碳汇,挖掘拓展湿地碳汇(规划三(八))",
    "governance": "构建低(零)碳示范机制,完善碳排放管控和评价制度(规划三(十))",
}
HEADLINE = ("energy_intensity", "carbon_intensity_reduction", "energy_consumption_total")
KIND_NAMES = {
    "energy_intensity_reduction": "单位GDP能耗降低",
    "energy_total_cap": "能源消费总量",
    "carbon_intensity_reduction": "单位GDP二氧化碳排放降低",
    "carbon_total_cap": "二氧化碳排放总量",
}


def report_year(kind: str, year: int | None, *, base_year: int, final_year: int) -> int:
    """The year a report covers: any year (annual), base + 3 (mid-term), the final year."""
    if kind == "midterm":
        return base_year + 3
    if kind == "final":
        return final_year
    if kind == "annual" and year is not None:
        return check_year(year)
    raise InvalidValue(f"报告类型 {kind} 无效。", f"{kind!r} is not a report kind.")


def fmt(value: float | None, unit: str = "") -> str:
    """A figure for the report (:func:`~shuangtan.kit.documents.numbers.figure`: whole from
    1,000, two decimals from 10, four below), 是/否 for a yes/no indicator, ``—`` when absent."""
    if unit == "yes/no":
        return numbers.yes_no(value)
    return numbers.figure(value)


_PUNCT = re.compile(r"(?<=[\u4e00-\u9fff%）\d])([,;:])(?!\d)")
_FULL = {",": "，", ";": "；", ":": "："}


def zh(text: str) -> str:
    """Full-width punctuation after Chinese text (``，；：``); ``1,234`` stays as it is."""
    return _PUNCT.sub(lambda m: _FULL[m.group(1)], text)


def pct(value: float | None) -> str:
    """A share in % with one decimal, ``—`` when absent."""
    return numbers.pct(value, 1)


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
        return f"({self.base_year + 1}—{self.year}年)"


def _unit_zh(unit: str) -> str:
    return {
        "count": "个",
        "yes/no": "",
        "10^4 tce": "万吨标准煤",
        "tce/10^4 CNY": "吨标准煤/万元",
        "10^4 kW": "万千瓦",
        "10^8 CNY": "亿元",
        "10^4 m2": "万平方米",
        "10^4 t": "万吨",
        "10^4 t CO2": "万吨二氧化碳",
        "10^4 mu": "万亩",
        "kg/mu": "千克/亩",
        "tce/yr": "吨标准煤/年",
    }.get(unit, unit)


def _sentence(row: service.IndicatorProgress, year: int) -> str:
    a = row.assessment
    unit = _unit_zh(row.unit)
    text = f"{row.name_zh}{year}年为{fmt(a.actual, row.unit)}{unit}"
    if row.baseline_value is not None and row.baseline_year is not None and a.actual is not None:
        change = a.actual - row.baseline_value
        if row.unit == "%":
            text += f",较{row.baseline_year}年{'提高' if change >= 0 else '下降'}"
            text += f"{fmt(abs(change))}个百分点"
        elif row.baseline_value != 0:
            text += f",较{row.baseline_year}年{'增长' if change >= 0 else '下降'}"
            text += f"{abs(change) / abs(row.baseline_value) * 100:.1f}%"
    if a.share_pct is not None:
        label = "完成进度" if a.rule == "path" else "完成目标"
        text += f",{label}{pct(a.share_pct)}"
    return text


def _problem(row: service.IndicatorProgress, year: int) -> str:
    a = row.assessment
    unit = _unit_zh(row.unit)
    text = f"{row.name_zh}{STATUS_ZH[a.status.value]}：{year}年为{fmt(a.actual, row.unit)}{unit}"
    if a.expected is not None:
        text += f",进度要求{fmt(a.expected, row.unit)}{unit}"
    if a.share_pct is not None:
        text += f"（完成进度{pct(a.share_pct)}）"
    if row.target_year is not None and row.target_value is not None and year >= row.target_year:
        text += f"，未完成{row.target_year}年目标{fmt(row.target_value, row.unit)}{unit}"
    elif a.forecast is not None and row.target_year is not None and row.target_value is not None:
        verdict = "可以" if a.forecast_meets_target else "难以"
        text += (
            f"；按现有趋势预计{row.target_year}年为{fmt(a.forecast, row.unit)}{unit}，"
            f"{verdict}完成目标{fmt(row.target_value, row.unit)}{unit}"
        )
    return text + "。"


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
            lines.append(_sentence(row, data.year) + f",{STATUS_ZH[row.status.value]}。")
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
    return lines


def report_data(
    *, session: Session, actor: Principal, kind: str, year: int | None = None
) -> ReportData:
    """Gather one report (officials and administrators; county officials see their county)."""
    first = service.progress(session=session, actor=actor, year=year or 2025)
    final_year = max((r.target_year for r in first.indicators if r.target_year), default=2025)
    covered = report_year(kind, year, base_year=first.base_year, final_year=final_year)
    data = (
        first
        if covered == (year or 2025)
        else service.progress(session=session, actor=actor, year=covered)
    )
    counties = service.county_progress(session=session, actor=actor, year=covered)
    areas = []
    for area in AREAS:
        rows = [r for r in data.indicators if r.area_key == area.key]
        if not rows:
            continue
        good = [r for r in rows if r.status is Status.on_track]
        sentences = [zh(_sentence(r, covered)) for r in good]
        areas.append(AreaBlock(area.key, area.name_zh, rows, sentences))
    lagging = [r for r in data.indicators if r.status in (Status.off_track, Status.at_risk)]
    lagging.sort(key=lambda r: (r.status is not Status.off_track, r.section))
    problems = [_problem(r, covered) for r in lagging]
    missing = [
        r.name_zh for r in data.indicators if r.assessment.reason == "no_value" and not r.computed
    ]
    if missing:
        problems.append(f"{len(missing)}项指标{covered}年尚未填报数据:{'、'.join(missing)}。")
    missing_computed = [
        r.name_zh for r in data.indicators if r.assessment.reason == "no_value" and r.computed
    ]
    if missing_computed:
        problems.append(
            f"能源与排放清单缺少{covered}年数据,无法计算:{'、'.join(missing_computed)}。"
        )
    steps = []
    for area in AREAS:
        names = [r.name_zh for r in lagging if r.area_key == area.key]
        if names:
            departments = sorted(
                {r.department for r in lagging if r.area_key == area.key and r.department}
            )
            lead = "、".join(departments) if departments else "责任部门（规划未明确，待确定）"
            steps.append(f"针对{'、'.join(names)},由{lead}牵头,{NEXT_STEPS[area.key]}。")
    note = service.evaluation_note(session=session, year=covered, kind=kind)
    city = place_repository.city(session)
    charts = [status_by_area([(a.name_zh, _counts(a.rows)) for a in areas])]
    years = list(range(data.base_year, max(final_year, covered) + 1))
    for row in data.indicators:
        if row.id in HEADLINE and row.series:
            path = dict(zip(years, row.path(years), strict=True))
            forecast = row.assessment.forecast
            charts.append(
                path_chart(
                    title=row.name_zh,
                    unit=_unit_zh(row.unit) or row.unit,
                    years=years,
                    actual=row.series,
                    path={y: v for y, v in path.items() if v is not None},
                    forecast=(row.target_year, forecast)
                    if forecast is not None and row.target_year in years
                    else None,
                )
            )
    return ReportData(
        city_zh=city.name_zh if city else "",
        plan_title=f"{city.name_zh if city else ''}应对气候变化“十四五”规划",
        kind=kind,
        year=covered,
        base_year=data.base_year,
        final_year=final_year,
        generated_at=datetime.now(UTC),
        progress=data,
        counties=counties,
        summary=[zh(line) for line in _summary(data, counties)],
        areas=areas,
        problems=[zh(line) for line in problems],
        next_steps=[zh(line) for line in steps],
        officials_problems=note.problems if note else "",
        officials_next_steps=note.next_steps if note else "",
        charts=charts,
    )


def _counts(rows: Sequence[service.IndicatorProgress]) -> dict[str, int]:
    return {s.value: sum(1 for r in rows if r.status is s) for s in Status}


# ---------------------------------------------------------------------------------- render


def table_rows(data: ReportData) -> list[list[str]]:
    """三、指标完成情况: one row per indicator, as text (shared by PDF and Word)."""
    rows = []
    for index, r in enumerate(ordered(data), start=1):
        a = r.assessment
        baseline = (
            f"{fmt(r.baseline_value, r.unit)} ({r.baseline_year})"
            if r.baseline_value is not None
            else "—"
        )
        target = (
            f"{fmt(r.target_value, r.unit)} ({r.target_year})"
            if r.target_value is not None
            else "省下达/未定"
            if r.target_year
            else "—"
        )
        rows.append(
            [
                str(index),
                r.name_zh,
                _unit_zh(r.unit) or r.unit,
                baseline,
                target,
                fmt(a.actual, r.unit),
                fmt(a.expected, r.unit),
                pct(a.share_pct),
                STATUS_ZH[a.status.value],
                fmt(a.forecast, r.unit),
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
TABLE_WIDTHS = (4, 20, 8, 11, 11, 8, 9, 9, 10, 10)
"""The columns' shares of the text width in %, the same in the PDF and the Word file."""
TABLE_NUMERIC = frozenset({3, 4, 5, 6, 7, 9})
"""The columns of figures (aligned right): base, target, this year, path, completion, forecast."""
COUNTY_HEADERS = [
    "县(市、区)",
    "能耗双控·强度降低",
    "能耗双控·总量",
    "碳排放双控·强度降低",
    "碳排放双控·总量",
]


def county_rows(data: ReportData) -> list[list[str]]:
    """The dual-control table: one row per county, a cell per target kind."""
    by_county: dict[str, dict[str, service.CountyProgress]] = {}
    for c in data.counties:
        by_county.setdefault(c.county_zh, {})[c.kind] = c
    kinds = (
        "energy_intensity_reduction",
        "energy_total_cap",
        "carbon_intensity_reduction",
        "carbon_total_cap",
    )
    rows = []
    for county, cells in by_county.items():
        row = [county]
        for kind in kinds:
            cell = cells.get(kind)
            if cell is None:
                row.append("—")
                continue
            unit = "%" if kind.endswith("reduction") else _unit_zh(cell.unit)
            row.append(
                f"{fmt(cell.assessment.actual)}/{fmt(cell.target_value)}{unit} "
                f"{STATUS_ZH[cell.assessment.status.value]}"
            )
        rows.append(row)
    return rows


def render_html(data: ReportData) -> str:
    """The HTML the PDF is printed from."""
    return engine.render_html(TEMPLATE, _print_context(data))


def render_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF (WeasyPrint), Chinese text extractable."""
    return engine.render_pdf(TEMPLATE, _print_context(data))


def _print_context(data: ReportData) -> dict[str, object]:
    return {
        "report": data,
        "headers": TABLE_HEADERS,
        "widths": TABLE_WIDTHS,
        "numeric": TABLE_NUMERIC,
        "rows": table_rows(data),
        "county_headers": COUNTY_HEADERS,
        "county_rows": county_rows(data),
        "kind_en": KIND_EN[data.kind],
        "statuses": [r.status.value for r in ordered(data)],
    }


def render_docx(data: ReportData) -> bytes:
    """The report as a Word document (.docx, A4): headings 黑体 and 楷体, body 仿宋, tables, PNG
    charts, the page number in the footer as in the PDF (— N —)."""
    document = word.new_document(
        title=data.title,
        body=word.Font("仿宋", 12),
        headings={1: word.Font("黑体", 16), 2: word.Font("楷体", 12)},
        page_numbers="— {PAGE} —",
    )
    word.add_title(document, data.title, word.Font("宋体", 20))
    generated = f"生成时间 {data.generated_at:%Y-%m-%d} · 数据截至{data.year}年"
    word.add_paragraph(document, generated, indent=False, align="center")

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
    word.add_table(document, _columns(TABLE_HEADERS, TABLE_WIDTHS, TABLE_NUMERIC), table_rows(data))
    if data.counties:
        word.add_heading(document, "县(市、区)能耗双控与碳排放双控目标(实际/目标)", 2)
        word.add_table(document, _columns(COUNTY_HEADERS), county_rows(data))
    word.add_heading(document, "四、存在问题", 1)
    paragraphs(data.problems or ["未发现进度预警或滞后的指标。"])
    paragraphs([data.officials_problems] if data.officials_problems else [])
    word.add_heading(document, "五、下一步工作", 1)
    paragraphs(data.next_steps or ["保持现有工作力度,确保规划目标如期完成。"])
    paragraphs([data.officials_next_steps] if data.officials_next_steps else [])
    return word.to_bytes(document)


CHART_WIDTH_MM = 155
"""The width of a chart in the Word file: the A4 text width (210 − 2 × 26 mm) less a little."""
_TEXT_WIDTH_MM = 210 - 2 * 26


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
