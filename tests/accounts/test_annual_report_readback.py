"""The annual carbon report read back as its reader reads it: pdftotext of the PDF, openpyxl of
the Excel. Each factor used is shown with its value, unit, document and table; the national ETS
tag only for a covered sector at the threshold; times in Beijing time; Excel numbers formatted,
units in the headers, total rows.

The year is ``verified_year`` of ``test_documents`` (natural gas in January, electricity in
February, entity A in Zhejiang, 2023). The factors it uses, as their sources print them:

- GB/T 32151.22-2024 Table C.1, natural gas: NCV 389.31 GJ/10^4 Nm3, carbon content
  15.3 tC/TJ, oxidation rate 0.99;
- GB/T 2589 Table A.1: natural gas 1.2143 kgce/m3; electricity (equivalent) 0.1229 kgce/kWh;
- MEE and NBS 公告2025年第47号: Zhejiang 2023 grid 0.4974 kgCO2/kWh.

Totals by hand (see ``test_documents``): 216.2188809 + 497.4 = 713.6188809 tCO2e, shown 713.62;
121.43 + 122.90 = 244.33 tce; intensity 713.6188809 / 1000 (10^4 CNY) = 0.714 tCO2e/万元.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import annual, annual_pdf, annual_xlsx, documents
from shuangtan.accounts.models import ActivityReport, Entity, ReportLine

from . import factories as f
from .conftest import World
from .test_documents import pdf_text, verified_year

FACTORS = {
    # id: (value as printed, unit, document, table)
    "ncv.natural_gas": ("389.31", "GJ/10^4 Nm3", "GB/T 32151.22-2024", "Table C.1"),
    "carbon_content.natural_gas": ("15.3", "tC/TJ", "GB/T 32151.22-2024", "Table C.1"),
    "oxidation_rate.natural_gas": ("0.99", "1", "GB/T 32151.22-2024", "Table C.1"),
    "tce.natural_gas": ("1.2143", "kgce/m3", "GB/T 2589", "Table A.1"),
    "tce.electricity.equivalent": ("0.1229", "kgce/kWh", "GB/T 2589-2020", "Table A.1"),
    "grid.mee-nbs.CN-ZJ.2023": ("0.4974", "kgCO2/kWh", "公告2025年第47号", ""),
}
ETS_TAG = "全国碳市场覆盖（"


def _report(
    session: Session, world: World, entity: Entity, year: int
) -> documents.AnnualReportData:
    return documents.annual_report_data(
        session=session, actor=world.admin, entity_id=entity.id, year=year
    )


def _workbook(data: documents.AnnualReportData) -> Any:
    return load_workbook(io.BytesIO(annual_xlsx.render_xlsx(data)))


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


def _summary(workbook: Any) -> dict[str, Any]:
    return {row[0]: row[2] for row in workbook["汇总 Summary"].iter_rows(values_only=True)}


def _stored_ids(session: Session, entity: Entity, year: int) -> set[str]:
    lines = session.scalars(
        select(ReportLine)
        .join(ActivityReport)
        .where(ActivityReport.entity_id == entity.id, ActivityReport.year == year)
    ).all()
    return {factor["id"] for line in lines for factor in line.factors or []}


class TestFactorsAndSources:
    def test_the_pdf_shows_every_stored_factor_with_value_unit_and_source(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        verified_year(session, world)
        stored = _stored_ids(session, world.a, 2023)
        assert set(FACTORS) <= stored  # the hand list is what the lines stored
        text = pdf_text(annual_pdf.render_pdf(_report(session, world, world.a, 2023)), tmp_path)
        section = text[text.index("排放因子及来源") : text.index("报告值与核查值")]
        for factor_id in stored:
            assert factor_id in section, factor_id
        lines = section.splitlines()
        for factor_id, (value, unit, document, table) in FACTORS.items():
            at = next(i for i, line in enumerate(lines) if factor_id in line)
            assert value in lines[at].split(), (factor_id, lines[at])
            # a wrapped cell spreads over the lines around the row's middle line
            cell = "".join(line.strip() for line in lines[at - 2 : at + 3])
            assert document in cell and table in cell, (factor_id, cell)
            if unit != "1":  # a dimensionless ratio prints as —
                assert unit in section, unit
        at = next(i for i, line in enumerate(lines) if "tce.natural_gas" in line)
        assert "Zhejiang statistical practice" in "".join(lines[at - 2 : at + 3])
        assert "假设值" in section  # tce.natural_gas is an assumption row
        assert "已核实" in section

    def test_the_excel_factor_sheet_lists_them_as_printed(
        self, session: Session, world: World
    ) -> None:
        verified_year(session, world)
        sheet = _workbook(_report(session, world, world.a, 2023))["排放因子 Factors"]
        headers = ["因子", "数值（按原表）", "单位", "来源文件", "版本", "表", "状态", "用于"]
        assert [c.value for c in sheet[1]][:8] == headers
        rows = {row[0]: row for row in _rows(sheet)}
        assert set(rows) == _stored_ids(session, world.a, 2023)
        for factor_id, (value, unit, document, table) in FACTORS.items():
            got = rows[factor_id]
            assert got[1] == float(value), got
            assert got[2] == ("—" if unit == "1" else unit), got  # a ratio has no unit
            assert document in got[3] and table in (got[5] or ""), got
        assert rows["ncv.natural_gas"][7] == "天然气"
        assert rows["grid.mee-nbs.CN-ZJ.2023"][7] == "净购入电力"
        value_cell = sheet.cell(row=3, column=2)
        assert value_cell.number_format == "General"  # as printed: 0.4974 stays 0.4974

    def test_lines_stored_without_provenance_still_list_their_factors(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        # a bulk-loaded (demo) month: the line's result is stored, its factors are not
        f.make_report(
            session,
            world.a,
            year=2023,
            month=3,
            status="verified",
            reported_tco2e=Decimal("497.4"),
            verified_tco2e=Decimal("497.4"),
            lines=[
                {
                    "activity": "purchased_electricity",
                    "quantity": Decimal(1000),
                    "unit": "MWh",
                    "tco2e": Decimal("497.4"),
                    "tce": Decimal("122.9"),
                    "scope": 2,
                }
            ],
        )
        data = _report(session, world, world.a, 2023)
        assert {"grid.mee-nbs.CN-ZJ.2023", "tce.electricity.equivalent"} <= {
            x.id for x in data.factors
        }
        text = pdf_text(annual_pdf.render_pdf(data), tmp_path)
        lines = text.splitlines()
        at = next(i for i, line in enumerate(lines) if "grid.mee-nbs.CN-ZJ.2023" in line)
        assert "0.4974" in lines[at].split()
        assert "公告2025年第47号" in "".join(line.strip() for line in lines[at - 2 : at + 3])


class TestEtsTag:
    def _year(
        self, session: Session, entity: Entity, year: int, tco2e: str, direct: str | None = None
    ) -> None:
        """Two verified months of half the year's emissions each, all direct (scope 1: the
        market covers direct emissions); the account recomputed."""
        for month in (1, 2):
            f.make_report(
                session,
                entity,
                year=year,
                month=month,
                status="verified",
                reported_tco2e=Decimal(tco2e) / 2,
                verified_tco2e=Decimal(tco2e) / 2,
                reported_scope1_tco2e=Decimal(direct or tco2e) / 2,
                verified_tce=Decimal(5000),
            )
        annual.recompute_annual_account(session=session, entity_id=entity.id, year=year)

    def test_a_textile_company_at_30000_t_is_not_tagged(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        self._year(session, world.a, 2024, "30000")  # world.a is a textile mill (C17)
        data = _report(session, world, world.a, 2024)
        text = pdf_text(annual_pdf.render_pdf(data), tmp_path)
        assert ETS_TAG not in text and "≥26000" not in text
        assert "C17 纺织业" in text and "不论排放量多少均不纳入" in text
        assert _summary(_workbook(data))["全国碳市场"] == "未纳入"

    @pytest.mark.parametrize(("year", "tagged"), [(2024, True), (2023, False)])
    def test_a_cement_company_is_tagged_from_2024(
        self, session: Session, world: World, tmp_path: Path, year: int, tagged: bool
    ) -> None:
        cement = f.make_entity(session, industry_code="C30", name="嘉善丙水泥有限公司")
        self._year(session, cement, year, "30000")
        data = _report(session, world, cement, year)
        text = pdf_text(annual_pdf.render_pdf(data), tmp_path)
        tag = "全国碳市场覆盖（水泥行业，年直接排放≥26,000 tCO2e）"
        flat = "".join(text.split())  # the cover's cell may wrap
        assert (tag.replace(" ", "") in flat) is tagged
        assert (_summary(_workbook(data))["全国碳市场"] == tag) is tagged
        if not tagged:
            assert "自2024年度排放起纳入全国碳市场" in text

    def test_a_cement_company_below_the_threshold_is_not_tagged(
        self, session: Session, world: World
    ) -> None:
        cement = f.make_entity(session, industry_code="C30")
        self._year(session, cement, 2024, "25999.98")
        data = _report(session, world, cement, 2024)
        assert data.ets.tag_zh is None
        assert any("低于纳入门槛 26,000 tCO2e" in note for note in data.notes)

    def test_purchased_electricity_does_not_count_toward_the_threshold(
        self, session: Session, world: World
    ) -> None:
        # 30,000 t in all, of which 20,000 t direct and 10,000 t purchased electricity (scope 2)
        cement = f.make_entity(session, industry_code="C30")
        self._year(session, cement, 2024, "30000", direct="20000")
        data = _report(session, world, cement, 2024)
        assert data.total_tco2e == Decimal(30000) and data.ets.tag_zh is None
        assert any("年直接排放（范围一） 20,000.00 tCO2e 低于" in note for note in data.notes)


class TestBeijingTimeAndExcelFormats:
    def test_times_are_beijing_time(self, session: Session, world: World, tmp_path: Path) -> None:
        verified_year(session, world)
        account = session.scalars(
            select(annual.AnnualAccount).where(annual.AnnualAccount.entity_id == world.a.id)
        ).one()
        account.computed_at = datetime(2024, 3, 1, 0, 0, tzinfo=UTC)
        data = dataclasses.replace(
            _report(session, world, world.a, 2023),
            generated_at=datetime(2024, 12, 31, 17, 30, tzinfo=UTC),
        )
        text = pdf_text(annual_pdf.render_pdf(data), tmp_path)
        assert "2025-01-01 01:30 北京时间" in text  # generated: 17:30 UTC + 8 h
        assert "计算时间 2024-03-01 08:00 北京时间" in text  # the account's computation
        assert " UTC" not in text.replace("UTC+8", "")
        summary = _summary(_workbook(data))
        assert summary["生成时间"] == "2025-01-01 01:30 北京时间"

    def test_excel_numbers_have_units_decimals_and_total_rows(
        self, session: Session, world: World
    ) -> None:
        verified_year(session, world)
        workbook = _workbook(_report(session, world, world.a, 2023))
        months = workbook["月度 Months"]
        headers = [(months.cell(1, c).value, months.cell(2, c).value) for c in range(3, 7)]
        assert all("(tCO2e)" in zh and "(tCO2e)" in en for zh, en in headers[:3])
        assert headers[3] == ("能耗 (tce)", "Energy (tce)")
        assert months["C3"].number_format == "#,##0.00"
        total = [c.value for c in months[15]]  # 2 header rows, 12 months, then the total
        assert total[0] == "合计 Total"
        assert round(total[2], 2) == 713.62 and round(total[5], 2) == 244.33
        sources = workbook["排放源 Sources"]
        assert sources["C1"].value == "数量" and sources["D1"].value == "数量单位"
        assert sources["C3"].number_format == "#,##0.000"
        total = [c.value for c in sources[5]]  # 2 header rows, 2 sources, then the total
        assert total[0] == "合计 Total"
        assert round(total[5], 2) == 713.62 and round(total[6], 2) == 244.33
        assert sources.cell(5, 6).number_format == "#,##0.00"
        summary = workbook["汇总 Summary"]
        cells = {row[0].value: row[2] for row in summary.iter_rows(min_col=1, max_col=3)}
        assert cells["排放总量（1–2月） (tCO2e)"].number_format == "#,##0.00"
        intensity = cells["碳排放强度 (tCO2e/万元)"]
        assert intensity.number_format == "#,##0.000" and round(intensity.value, 3) == 0.714
