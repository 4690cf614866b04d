"""The annual carbon report of an entity as an Excel workbook (企业年度碳排放报告 Excel).

Draws the :class:`~shuangtan.accounts.documents.AnnualReportData` that
:func:`~shuangtan.accounts.documents.annual_report_data` read, and nothing else, through the
kit's workbook engine (:mod:`shuangtan.kit.workbook`): the same bilingual headers as the
upload template with the unit in both, two decimals for tCO2e and tce, three for quantities,
three for the intensity, factors as their source prints them (Excel's General), total rows
under the months and the sources, and a bar chart of the months. Times are Beijing time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shuangtan.accounts.documents import AnnualReportData
from shuangtan.kit.workbook import (
    Column,
    bar_chart,
    new_workbook,
    to_bytes,
    write_notes,
    write_table,
)

__all__ = [
    "FACTOR_COLUMNS",
    "MONTH_COLUMNS",
    "SOURCE_COLUMNS",
    "as_rows",
    "render_xlsx",
    "to_float",
]

MONTH_COLUMNS = (
    Column("month", "月份", "Month", 8, "month"),
    Column("status", "状态", "Status", 12, "text"),
    Column("reported", "报告值 (tCO2e)", "Reported (tCO2e)", 16, decimals=2),
    Column("verified", "核查值 (tCO2e)", "Verified (tCO2e)", 16, decimals=2),
    Column("difference", "差异 (tCO2e)", "Difference (tCO2e)", 16, decimals=2),
    Column("energy", "能耗 (tce)", "Energy (tce)", 14, decimals=2),
)
SOURCE_COLUMNS = (
    Column("activity", "活动类型", "Activity", 18, "text"),
    Column("item", "燃料/原料", "Item", 16, "text"),
    Column("quantity", "数量", "Quantity", 14, decimals=3),
    Column("unit", "数量单位", "Unit", 12, "text"),
    Column("scope", "范围", "Scope", 8, "integer"),
    Column("emissions", "排放量 (tCO2e)", "Emissions (tCO2e)", 16, decimals=2),
    Column("energy", "能耗 (tce)", "Energy (tce)", 14, decimals=2),
)
FACTOR_COLUMNS = (
    Column("factor", "因子", "Factor id", 34, "text"),
    Column("value", "数值（按原表）", "Value (as printed)", 14),
    Column("unit", "单位", "Unit", 18, "text"),
    Column("document", "来源文件", "Document", 40, "text"),
    Column("edition", "版本", "Edition", 18, "text"),
    Column("table", "表", "Table", 24, "text"),
    Column("status", "状态", "Status", 10, "text"),
    Column("used_for", "用于", "Used for", 30, "text"),
)
INTENSITY_FORMAT = "#,##0.000"
"""tCO2e per 10^4 CNY: three places, as the PDF (a typical value is 0.1–2)."""
CHANGE_FORMAT = '+0.0"%";-0.0"%";0.0"%"'
"""A year-on-year change already in per cent, signed, one place (as the PDF)."""


def render_xlsx(data: AnnualReportData) -> bytes:
    """The annual report as an Excel workbook: summary, months (with a total row and a bar
    chart), sources, factors and notes; Chinese headers with English beneath."""
    rows = as_rows(data)
    workbook, summary = new_workbook("汇总 Summary")
    write_notes(
        summary,
        [
            [f"{data.name} {data.title_zh}"],
            [
                f"Annual carbon report {data.period.label_en}; "
                f"生成时间 generated {data.generated_zh} (UTC+8)"
            ],
            *([[data.period_note_zh]] if data.period_note_zh else []),
            [],
            *rows["summary"],
        ],
        widths=(26, 24, 44),
        heading=True,
        decimals=2,
    )
    for row in summary.iter_rows(min_col=1, max_col=3):
        if row[0].value == "碳排放强度 (tCO2e/万元)" and isinstance(row[2].value, float):
            row[2].number_format = INTENSITY_FORMAT
        if str(row[0].value or "").startswith("同比变化") and isinstance(row[2].value, float):
            row[2].number_format = CHANGE_FORMAT
    months = write_table(
        workbook.create_sheet("月度 Months"),
        MONTH_COLUMNS,
        rows["months"],
        totals=("reported", "verified", "difference", "energy"),
    )
    bar_chart(
        months,
        values=("reported", "verified"),
        category="month",
        title="各月排放量 Monthly emissions (tCO2e)",
        y_title="tCO2e",
        anchor="H3",
    )
    write_table(
        workbook.create_sheet("排放源 Sources"),
        SOURCE_COLUMNS,
        rows["sources"],
        totals=("emissions", "energy"),
    )
    write_table(workbook.create_sheet("排放因子 Factors"), FACTOR_COLUMNS, rows["factors"])
    write_notes(workbook.create_sheet("说明 Notes"), [[note] for note in data.notes], widths=(100,))
    return to_bytes(workbook)


def _comparison_rows(data: AnnualReportData) -> list[list[Any]]:
    """The same months of the previous year and the change, or why there is no comparison."""
    c = data.comparison
    if not c.comparable:
        return [["上年同期比较", "Year on year", c.reason_zh]]
    return [
        [
            f"上年同期排放 {c.previous_period_zh} (tCO2e)",
            "Same months, previous year",
            to_float(c.previous_tco2e),
        ],
        ["同比变化 排放 (%)", "Change of emissions", to_float(c.tco2e_change_pct)],
        [
            f"上年同期能耗 {c.previous_period_zh} (tce)",
            "Same months, previous year",
            to_float(c.previous_energy_tce),
        ],
        ["同比变化 能耗 (%)", "Change of energy", to_float(c.energy_change_pct)],
    ]


def to_float(value: Decimal | None) -> float | None:
    """A stored Decimal as a float cell value (Excel keeps doubles)."""
    return None if value is None else float(value)


def as_rows(data: AnnualReportData) -> dict[str, list[list[Any]]]:
    """The tables of the report, as rows of cells (shared by the Excel rendering)."""
    months_held = data.period.suffix_zh  # （1–8月） after a part-year's totals
    en_held = f", {data.period.label_en}" if data.period.part_year else ""
    summary: list[list[Any]] = [
        ["企业名称", "Entity", data.name],
        ["统一社会信用代码", "USCC", data.uscc or "—"],
        ["主体类型", "Kind", data.kind_zh],
        ["所在县(市、区)", "County", data.county],
        ["行业", "Industry", data.industry or "—"],
        ["报告年度", "Year", data.year],
        ["报告期", "Period", data.period.label_zh],
        ["状态", "Status", data.status_zh],
        ["数据口径", "Basis", data.basis_zh],
        [f"排放总量{months_held} (tCO2e)", f"Total emissions{en_held}", to_float(data.total_tco2e)],
        [f"范围一{months_held} (tCO2e)", f"Scope 1{en_held}", to_float(data.scope1_tco2e)],
        [f"范围二{months_held} (tCO2e)", f"Scope 2{en_held}", to_float(data.scope2_tco2e)],
        [f"综合能耗{months_held} (tce)", f"Energy{en_held}", to_float(data.energy_tce)],
        [
            f"工业增加值{months_held} (万元)",
            f"Value added (10^4 CNY){en_held}",
            to_float(data.value_added_10k_cny),
        ],
        ["碳排放强度 (tCO2e/万元)", "Intensity", to_float(data.intensity)],
        ["报告值合计 (tCO2e)", "Reported", to_float(data.reported_tco2e)],
        ["核查值合计 (tCO2e)", "Verified", to_float(data.verified_tco2e)],
        ["核查机构", "Verifier", data.verifier or "—"],
        *_comparison_rows(data),
        ["全国碳市场", "National ETS", data.ets.tag_zh or "未纳入"],
        ["生成时间", "Generated (UTC+8)", data.generated_zh],
    ]
    months = [
        [
            m.month,
            m.status_zh,
            to_float(m.reported_tco2e),
            to_float(m.verified_tco2e),
            to_float(m.difference_tco2e),
            to_float(m.tce),
        ]
        for m in data.months
    ]
    sources = [
        [
            s.activity_zh,
            s.item_zh,
            to_float(s.quantity),
            s.unit,
            s.scope,
            to_float(s.tco2e),
            to_float(s.tce),
        ]
        for s in data.sources
    ]
    factors = [
        [f.id, f.value, f.unit_text, f.document, f.edition, f.table, f.status_zh, used]
        for f in data.factors
        for used in ["；".join(f.used_for)]
    ]
    return {"summary": summary, "months": months, "sources": sources, "factors": factors}
