"""The annual carbon report of an entity as an Excel workbook (企业年度碳排放报告 Excel).

Draws the :class:`~shuangtan.accounts.documents.AnnualReportData` that
:func:`~shuangtan.accounts.documents.annual_report_data` read, and nothing else.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from shuangtan.accounts.documents import AnnualReportData

__all__ = ["as_rows", "render_xlsx", "to_float"]


def render_xlsx(data: AnnualReportData) -> bytes:
    """The annual report as an Excel workbook: summary, months (with a bar chart), sources,
    factors and notes; Chinese headers with English beneath, as in the upload template."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]
    from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped]

    rows = as_rows(data)
    workbook = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCEFE6")

    def table(sheet: Any, headers: Sequence[tuple[str, str, int]], body: list[list[Any]]) -> None:
        for index, (zh, en, width) in enumerate(headers, start=1):
            sheet.cell(row=1, column=index, value=zh).font = bold
            sheet.cell(row=2, column=index, value=en).fill = fill
            sheet.cell(row=1, column=index).fill = fill
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        for row in body:
            sheet.append(row)
        sheet.freeze_panes = "A3"

    summary = workbook.active
    summary.title = "汇总 Summary"
    summary.append([f"{data.name} {data.year}年度碳排放报告"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"Annual carbon report {data.year}; generated {data.generated_at:%Y-%m-%d}"])
    summary.append([])
    for row in rows["summary"]:
        summary.append(row)
    for letter, width in (("A", 26), ("B", 24), ("C", 44)):
        summary.column_dimensions[letter].width = width
    for row in summary.iter_rows(min_row=4, min_col=3, max_col=3):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"

    months = workbook.create_sheet("月度 Months")
    table(
        months,
        [
            ("月份", "Month", 8),
            ("状态", "Status", 12),
            ("报告值 (tCO2e)", "Reported", 16),
            ("核查值 (tCO2e)", "Verified", 16),
            ("差异 (tCO2e)", "Difference", 14),
            ("能耗 (tce)", "Energy", 14),
        ],
        rows["months"],
    )
    chart = BarChart()
    chart.title = "各月排放量 Monthly emissions (tCO2e)"
    chart.y_axis.title = "tCO2e"
    chart.add_data(
        Reference(months, min_col=3, max_col=4, min_row=2, max_row=14), titles_from_data=True
    )
    chart.set_categories(Reference(months, min_col=1, min_row=3, max_row=14))
    chart.width, chart.height = 18, 8
    months.add_chart(chart, "H3")

    sources = workbook.create_sheet("排放源 Sources")
    table(
        sources,
        [
            ("活动类型", "Activity", 18),
            ("燃料/原料", "Item", 16),
            ("数量", "Quantity", 14),
            ("单位", "Unit", 10),
            ("范围", "Scope", 8),
            ("排放量 (tCO2e)", "Emissions", 16),
            ("能耗 (tce)", "Energy", 14),
        ],
        rows["sources"],
    )
    factors = workbook.create_sheet("排放因子 Factors")
    table(
        factors,
        [
            ("因子", "Factor", 34),
            ("数值", "Value", 12),
            ("单位", "Unit", 16),
            ("来源文件", "Document", 34),
            ("版本", "Edition", 18),
            ("表", "Table", 20),
            ("状态", "Status", 12),
        ],
        rows["factors"],
    )
    notes = workbook.create_sheet("说明 Notes")
    notes.column_dimensions["A"].width = 100
    for note in data.notes:
        notes.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_float(value: Decimal | None) -> float | None:
    """A stored Decimal as a float cell value (Excel keeps doubles)."""
    return None if value is None else float(value)


def as_rows(data: AnnualReportData) -> dict[str, list[list[Any]]]:
    """The tables of the report, as rows of cells (shared by the Excel rendering)."""
    summary: list[list[Any]] = [
        ["企业名称", "Entity", data.name],
        ["统一社会信用代码", "USCC", data.uscc or "—"],
        ["主体类型", "Kind", data.kind_zh],
        ["所在县(市、区)", "County", data.county],
        ["行业", "Industry", data.industry or "—"],
        ["报告年度", "Year", data.year],
        ["状态", "Status", data.status_zh],
        ["数据口径", "Basis", data.basis_zh],
        ["排放总量 (tCO2e)", "Total emissions", to_float(data.total_tco2e)],
        ["范围一 (tCO2e)", "Scope 1", to_float(data.scope1_tco2e)],
        ["范围二 (tCO2e)", "Scope 2", to_float(data.scope2_tco2e)],
        ["综合能耗 (tce)", "Energy", to_float(data.energy_tce)],
        ["工业增加值 (万元)", "Value added (10^4 CNY)", to_float(data.value_added_10k_cny)],
        ["碳排放强度 (tCO2e/万元)", "Intensity", to_float(data.intensity)],
        ["报告值合计 (tCO2e)", "Reported", to_float(data.reported_tco2e)],
        ["核查值合计 (tCO2e)", "Verified", to_float(data.verified_tco2e)],
        ["核查机构", "Verifier", data.verifier or "—"],
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
        [f.id, f.value, f.unit, f.document, f.edition, f.table, f.status] for f in data.factors
    ]
    return {"summary": summary, "months": months, "sources": sources, "factors": factors}
