"""The annual carbon report: read from the stored year, printed as PDF, written as Excel.

Hand derivation of the year used below (entity A, 2023, Zhejiang):

- January, natural gas 10 × 10^4 Nm3 (GB/T 32151.22-2024 Table C.1: NCV 389.31 GJ/10^4 Nm3,
  carbon content 15.3 tC/TJ = 0.0153 tC/GJ, oxidation 0.99):
  10 × 389.31 × 0.0153 × 0.99 × 44/12 = 216.2188809 tCO2 (scope 1);
  standard coal 1.2143 kgce/m3 (GB/T 2589) × 100,000 m3 = 121.43 tce.
- February, purchased electricity 1,000 MWh × 0.4974 tCO2/MWh (Zhejiang 2023 grid factor)
  = 497.4 tCO2 (scope 2); 1,000,000 kWh × 0.1229 kgce/kWh = 122.9 tce.
- Year: 713.6188809 tCO2e, shown as 713.62; energy 244.33 tce.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from shuangtan.accounts import annual, annual_pdf, annual_xlsx, documents, service
from shuangtan.accounts.errors import EntityNotFound
from shuangtan.accounts.models import Entity
from shuangtan.accounts.schemas import ReportIn, ReportLineIn
from shuangtan.finance import service as finance_service
from shuangtan.finance.errors import ConsentNotFound

from . import factories as f
from .conftest import World
from .test_excel import Api, api  # noqa: F401  (the app fixture)

TOTAL = "713.62"
SCOPE1 = "216.22"
SCOPE2 = "497.40"
ENERGY = "244.33"
READERS = ["enterprise_a", "official_jiashan", "official_city", "admin", "verifier1"]
PDF_TEXTS = (
    "企业年度碳排放报告",
    "排放汇总",
    "各月排放",
    "排放源",
    "排放因子及来源",
    "报告值与核查值",
    "说明",
    "嘉善县",
    "化石燃料燃烧",
    "天然气",
    "净购入电力",
    "GB/T 32151.22-2024",
    "第1页/共",
)
"""Headings, names and the page number (page 1 of N) that the PDF's text must carry."""
SHEETS = ["汇总 Summary", "月度 Months", "排放源 Sources", "排放因子 Factors", "说明 Notes"]


def verified_year(session: Session, world: World) -> None:
    """January and February of entity A entered, submitted, verified; the year recomputed."""
    months = {
        1: ReportLineIn(
            activity="fuel_combustion", item="natural_gas", quantity=Decimal(10), unit="10^4 Nm3"
        ),
        2: ReportLineIn(activity="purchased_electricity", quantity=Decimal(1000), unit="MWh"),
    }
    for month, line in months.items():
        data = ReportIn(year=2023, month=month, lines=[line], value_added_10k_cny=Decimal(500))
        report = service.save_report(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, data=data
        )
        service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)
        service.start_verification(session=session, actor=world.verifier1, report_id=report.id)
        service.verify_report(session=session, actor=world.verifier1, report_id=report.id)
    annual.recompute_annual_account(session=session, entity_id=world.a.id, year=2023)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make system-deps`"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


class TestAnnualReportData:
    def test_the_year_is_read_with_its_totals_sources_and_factors(
        self, session: Session, world: World
    ) -> None:
        verified_year(session, world)
        data = documents.annual_report_data(
            session=session, actor=world.official_jiashan, entity_id=world.a.id, year=2023
        )
        assert data.basis == "verified"
        assert round(data.total_tco2e, 2) == Decimal(TOTAL)
        assert round(data.scope1_tco2e, 2) == Decimal(SCOPE1)
        assert round(data.scope2_tco2e, 2) == Decimal(SCOPE2)
        assert round(data.energy_tce, 2) == Decimal(ENERGY)
        assert data.value_added_10k_cny == Decimal(1000)
        assert [m.status for m in data.months[:3]] == ["verified", "verified", None]
        assert [(s.activity, s.item) for s in data.sources] == [
            ("purchased_electricity", None),  # the larger source first
            ("fuel_combustion", "natural_gas"),
        ]
        assert {"ncv.natural_gas", "grid.mee-nbs.CN-ZJ.2023"} <= {x.id for x in data.factors}
        assert data.verifier == world.body1.name

    @pytest.mark.parametrize("who", READERS)
    def test_who_may_read_it(self, session: Session, world: World, who: str) -> None:
        data = documents.annual_report_data(
            session=session, actor=getattr(world, who), entity_id=world.a.id, year=2023
        )
        assert data.name == world.a.name

    @pytest.mark.parametrize("who", ["enterprise_b", "official_nanhu", "verifier2", "bank"])
    def test_who_may_not(self, session: Session, world: World, who: str) -> None:
        with pytest.raises(Exception) as caught:
            documents.annual_report_data(
                session=session, actor=getattr(world, who), entity_id=world.a.id, year=2023
            )
        assert caught.value.status in (403, 404)  # type: ignore[attr-defined]

    def test_a_verifier_reads_only_its_assigned_year(self, session: Session, world: World) -> None:
        with pytest.raises(EntityNotFound):
            documents.annual_report_data(
                session=session, actor=world.verifier1, entity_id=world.a.id, year=2024
            )

    def test_a_bank_reads_it_with_the_enterprises_consent(
        self, session: Session, world: World
    ) -> None:
        bank = finance_service.create_bank(session=session, actor=None, name="测试银行")
        finance_service.add_bank_member(
            session=session, actor=None, bank_id=bank.id, user_id=world.bank.user_id
        )
        finance_service.grant_consent(session=session, actor=world.enterprise_a, bank_id=bank.id)
        data = finance_service.annual_report(
            session=session, actor=world.bank, entity_id=world.a.id, year=2023
        )
        assert data.entity_id == world.a.id
        # the accounts room itself never serves a bank: the consent is finance's to check
        with pytest.raises(EntityNotFound):
            documents.annual_report_data(
                session=session, actor=world.bank, entity_id=world.a.id, year=2023
            )

    def test_a_bank_without_consent_or_after_withdrawal_is_refused(
        self, session: Session, world: World
    ) -> None:
        bank = finance_service.create_bank(session=session, actor=None, name="测试银行")
        finance_service.add_bank_member(
            session=session, actor=None, bank_id=bank.id, user_id=world.bank.user_id
        )
        with pytest.raises(ConsentNotFound):
            finance_service.annual_report(
                session=session, actor=world.bank, entity_id=world.a.id, year=2023
            )
        finance_service.grant_consent(session=session, actor=world.enterprise_a, bank_id=bank.id)
        finance_service.withdraw_consent(session=session, actor=world.enterprise_a, bank_id=bank.id)
        with pytest.raises(ConsentNotFound):
            finance_service.annual_report(
                session=session, actor=world.bank, entity_id=world.a.id, year=2023
            )


class TestRenderPdf:
    def test_the_chinese_headings_and_the_hand_derived_total_extract(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        verified_year(session, world)
        data = documents.annual_report_data(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, year=2023
        )
        pdf = annual_pdf.render_pdf(data)
        assert pdf.startswith(b"%PDF")
        text = pdf_text(pdf, tmp_path)
        for heading in (*PDF_TEXTS, world.a.name):
            assert heading in text, heading
        assert TOTAL in text and SCOPE1 in text and SCOPE2 in text and ENERGY in text

    def test_a_year_without_reports_still_prints(
        self, session: Session, world: World, tmp_path: Path
    ) -> None:
        data = documents.annual_report_data(
            session=session, actor=world.admin, entity_id=world.b.id, year=2022
        )
        text = pdf_text(annual_pdf.render_pdf(data), tmp_path)
        assert "未报告月份" in text and "尚无年度碳账户" in text


class TestBarChart:
    """The monthly chart of the PDF, drawn by the kit's chart engine (no database)."""

    @staticmethod
    def months(**verified: str) -> list[documents.MonthRow]:
        values = {int(k.removeprefix("m")): Decimal(v) for k, v in verified.items()}
        return [
            documents.MonthRow(m, "verified" if m in values else None, *[values.get(m)] * 2, None)
            for m in range(1, 13)
        ]

    def test_the_axis_rounds_up_the_largest_month(self) -> None:
        # February 497.4 tCO2e: the first of 1, 2, 2.5, 5 × 100 above it is 500; quarters of 125
        svg = str(annual_pdf.bar_chart_svg(self.months(m1="216.22", m2="497.40")))
        for label in ("0", "125", "250", "375", "500"):
            assert f">{label}</text>" in svg
        # the February bar is 497.4 / 500 of the 146 px plot (200 − 14 − 40) high: 145.2 px
        assert 'height="145.2" fill="#1f6f50"' in svg

    def test_an_axis_is_at_least_one_tonne(self) -> None:
        # the axis is in whole tonnes, so 0.4 t is drawn on an axis of 1 t (not 0.5 t):
        # 0.4 / 1 × 146 px = 58.4 px high (on 0.5 t it would be 116.8 px)
        svg = str(annual_pdf.bar_chart_svg(self.months(m1="0.4")))
        assert 'height="58.4" fill="#1f6f50"' in svg


class TestRenderXlsx:
    def test_the_workbook_reads_back_with_the_hand_derived_figures(
        self, session: Session, world: World
    ) -> None:
        verified_year(session, world)
        data = documents.annual_report_data(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, year=2023
        )
        workbook = load_workbook(io.BytesIO(annual_xlsx.render_xlsx(data)))
        assert workbook.sheetnames == SHEETS
        summary = {row[0]: row[2] for row in workbook["汇总 Summary"].iter_rows(values_only=True)}
        assert round(summary["排放总量（1–2月） (tCO2e)"], 2) == float(TOTAL)
        assert round(summary["范围一（1–2月） (tCO2e)"], 2) == float(SCOPE1)
        assert round(summary["综合能耗（1–2月） (tce)"], 2) == float(ENERGY)
        assert summary["统一社会信用代码"] == world.a.uscc
        months = list(workbook["月度 Months"].iter_rows(min_row=3, values_only=True))
        assert [(m[0], m[1]) for m in months[:3]] == [(1, "已核查"), (2, "已核查"), (3, "未报告")]
        assert round(months[1][3], 1) == 497.4
        assert workbook["月度 Months"]._charts  # the bar chart is there


class TestReportRoutes:
    def _seed_year(self, api: Api) -> None:  # noqa: F811
        with api.session_factory() as session:
            entity = session.get(Entity, api.ids["a"])
            figures = {
                "reported_tco2e": Decimal("100.5"),
                "verified_tco2e": Decimal("101.25"),
                "reported_tce": Decimal(40),
            }
            f.make_report(session, entity, year=2023, month=1, status="verified", **figures)
            session.commit()

    def test_anonymous_is_refused(self, api: Api) -> None:  # noqa: F811
        for suffix in ("pdf", "xlsx"):
            url = f"/api/v1/accounts/entities/{api.ids['a']}/annual/2023/report.{suffix}"
            assert api.client.get(url).status_code == 401

    def test_another_tenant_is_refused(self, api: Api) -> None:  # noqa: F811
        for who in ("firm-b", "nanhu", "other-verifier", "bank"):
            url = f"/api/v1/accounts/entities/{api.ids['a']}/annual/2023/report.pdf"
            response = api.client.get(url, headers=api.login(who))
            assert response.status_code in (403, 404), who

    def test_the_enterprise_downloads_both_files(self, api: Api, tmp_path: Path) -> None:  # noqa: F811
        self._seed_year(api)
        base = f"/api/v1/accounts/entities/{api.ids['a']}/annual/2023/report"
        pdf = api.client.get(base + ".pdf", headers=api.login("firm-a"))
        assert pdf.status_code == 200, pdf.text
        assert pdf.headers["content-type"] == "application/pdf"
        assert "101.25" in pdf_text(pdf.content, tmp_path)
        xlsx = api.client.get(base + ".xlsx", headers=api.login("verifier"))
        assert xlsx.status_code == 200
        months = load_workbook(io.BytesIO(xlsx.content))["月度 Months"]
        assert months["D3"].value == 101.25
