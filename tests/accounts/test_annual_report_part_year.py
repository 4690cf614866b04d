"""A part-year's annual report says which months it holds, in its title, its totals and its
comparison, read back as its reader reads it (pdftotext of the PDF, openpyxl of the Excel).

The year by hand: entity A (嘉善甲纺织有限公司) has every month of 2024 verified at 100 tCO2e
and 40 tce each, and January–August of 2025 verified at 90 tCO2e and 36 tce each (September
submitted, not verified). So 2025 holds 1–8月: 8 × 90 = 720 tCO2e and 8 × 36 = 288 tce. The same
months of 2024 hold 8 × 100 = 800 tCO2e and 8 × 40 = 320 tce, a change of (720 − 800) / 800 =
−10.0 % for both; set against the whole of 2024 (1,200 t) it would read as a fall of 40.0 %,
which the report must not print.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from shuangtan.accounts import annual, annual_pdf, annual_xlsx, documents
from shuangtan.accounts.models import Entity

from . import factories as f
from .conftest import World
from .test_documents import pdf_text


def _months(
    session: Session, entity: Entity, year: int, months: range, tco2e: int, tce: int
) -> None:
    for month in months:
        f.make_report(
            session,
            entity,
            year=year,
            month=month,
            status="verified",
            reported_tco2e=Decimal(tco2e),
            verified_tco2e=Decimal(tco2e),
            verified_tce=Decimal(tce),
        )


def _seed(session: Session, world: World, *, months_2024: range = range(1, 13)) -> None:
    _months(session, world.a, 2024, months_2024, 100, 40)
    _months(session, world.a, 2025, range(1, 9), 90, 36)
    f.make_report(
        session, world.a, year=2025, month=9, status="submitted", reported_tco2e=Decimal(95)
    )
    for year in (2024, 2025):
        annual.recompute_annual_account(session=session, entity_id=world.a.id, year=year)


def _data(session: Session, world: World, year: int) -> documents.AnnualReportData:
    return documents.annual_report_data(
        session=session, actor=world.enterprise_a, entity_id=world.a.id, year=year
    )


def _summary(data: documents.AnnualReportData) -> tuple[Any, dict[str, Any]]:
    workbook = load_workbook(io.BytesIO(annual_xlsx.render_xlsx(data)))
    sheet = workbook["汇总 Summary"]
    return sheet, {row[0].value: row[2] for row in sheet.iter_rows(min_col=1, max_col=3)}


def _rows(text: str, start: str) -> list[str]:
    """The non-empty lines of ``text`` from the first one holding ``start``."""
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[next(i for i, line in enumerate(lines) if start in line) :]


def _flat(text: str) -> str:
    return "".join(text.split())


class TestPartYear:
    def test_the_pdf_names_the_months_and_compares_the_same_months(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        _seed(session, world)
        text = pdf_text(annual_pdf.render_pdf(_data(session, world, 2025)), tmp_path)
        flat = _flat(text)
        assert "2025年1–8月碳排放报告（部分年度）" in flat  # the running head
        assert "报告期Period2025年1–8月（部分年度，8个月）" in flat  # the cover
        assert "部分年度：本报告各项合计仅含2025年1–8月（8个月），不是全年合计。" in flat
        kpis = _rows(text, "排放总量（1–8月） Total")  # the labels, the values beneath
        assert re.findall(r"\S+（1–8月）", kpis[0]) == [
            "排放总量（1–8月）",
            "范围一（1–8月）",
            "范围二（1–8月）",
        ]
        assert kpis[1].split()[0] == "720.00"
        assert _rows(text, "综合能耗（1–8月） Energy")[1].split()[0] == "288.00"
        assert _rows(text, "与上年同期比较")[1].split() == [
            "2025年1–8月",
            "2024年1–8月",
            "变化",
            "Change",
        ]
        assert _rows(text, "排放总量 tCO2e")[0].split() == [
            "排放总量",
            "tCO2e",
            "720.00",
            "800.00",
            "-10.0%",
        ]
        assert _rows(text, "综合能耗 tce")[0].split() == [
            "综合能耗",
            "tce",
            "288.00",
            "320.00",
            "-10.0%",
        ]
        assert "1,200.00" not in text and "-40.0%" not in text

    def test_the_excel_names_the_months_and_compares_the_same_months(
        self, session: Session, world: World
    ) -> None:
        _seed(session, world)
        sheet, summary = _summary(_data(session, world, 2025))
        assert sheet["A1"].value == "嘉善甲纺织有限公司 2025年1–8月碳排放报告（部分年度）"
        assert (
            sheet["A3"].value == "部分年度：本报告各项合计仅含2025年1–8月（8个月），不是全年合计。"
        )
        assert summary["报告期"].value == "2025年1–8月"
        english = {row[0].value: row[1].value for row in sheet.iter_rows(min_col=1, max_col=2)}
        assert english["排放总量（1–8月） (tCO2e)"] == "Total emissions, 2025 Jan–Aug"
        assert summary["排放总量（1–8月） (tCO2e)"].value == 720.0
        assert summary["综合能耗（1–8月） (tce)"].value == 288.0
        assert "排放总量 (tCO2e)" not in summary  # no total reads as the whole year's
        assert summary["上年同期排放 2024年1–8月 (tCO2e)"].value == 800.0
        assert summary["上年同期能耗 2024年1–8月 (tce)"].value == 320.0
        change = summary["同比变化 排放 (%)"]
        assert round(change.value, 6) == -10.0
        assert change.number_format == '+0.0"%";-0.0"%";0.0"%"'
        assert round(summary["同比变化 能耗 (%)"].value, 6) == -10.0

    def test_without_the_same_months_a_year_before_there_is_no_comparison(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        _seed(session, world, months_2024=range(1, 6))  # 2024: only January–May verified
        data = _data(session, world, 2025)
        reason = "上年同期（2024年1–8月）核查数据不全（缺6–8月），不作比较。"
        assert data.comparison.reason_zh == reason
        flat = _flat(pdf_text(annual_pdf.render_pdf(data), tmp_path))
        assert reason in flat and "%" not in flat[flat.index("与上年同期比较") :].split("二、")[0]
        _, summary = _summary(data)
        assert summary["上年同期比较"].value == reason
        assert "同比变化 排放 (%)" not in summary

    def test_a_full_year_is_just_the_year(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        _seed(session, world)
        data = _data(session, world, 2024)
        flat = _flat(pdf_text(annual_pdf.render_pdf(data), tmp_path))
        assert "2024年度碳排放报告" in flat and "部分年度" not in flat
        assert "排放总量 Total" in pdf_text(annual_pdf.render_pdf(data), tmp_path)
        assert "2023年无核查数据，不作比较。" in flat
        sheet, summary = _summary(data)
        assert sheet["A1"].value == "嘉善甲纺织有限公司 2024年度碳排放报告"
        assert summary["报告期"].value == "2024年"
        assert summary["排放总量 (tCO2e)"].value == 1200.0
