"""The evaluation reports: the PDF's text (pdftotext) and the Word file's table (python-docx)
carry hand-derived figures; the layout has the five sections of a government evaluation."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from sqlalchemy.orm import Session

from shuangtan.city.targets import report, service
from shuangtan.city.targets.errors import InvalidValue, TargetsDenied

from .conftest import People

SECTIONS = ("一、总体情况", "二、主要成效", "三、指标完成情况", "四、存在问题", "五、下一步工作")


def _seed(session: Session, people: People) -> None:
    # green factories 120 (2022), 170 (2023): 2023 completion 170/300 = 56.7 %, forecast 270
    for year, value in ((2022, 120), (2023, 170)):
        entry = {"indicator_id": "green_factories", "year": year, "value": value}
        service.enter_value(session=session, actor=people.city, source_note="测试数据", **entry)
    note = {"year": 2023, "kind": "midterm", "problems": "", "next_steps": "加快绿色工厂梯度培育。"}
    service.save_note(session=session, actor=people.city, **note)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make system-deps`"
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


class TestReportYear:
    def test_the_mid_term_covers_three_years_after_the_base(self) -> None:
        assert report.report_year("midterm", None, base_year=2020, final_year=2025) == 2023

    def test_the_final_report_covers_the_target_year(self) -> None:
        assert report.report_year("final", 2022, base_year=2020, final_year=2025) == 2025

    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(InvalidValue):
            report.report_year("weekly", 2022, base_year=2020, final_year=2025)


class TestRenderPdf:
    def test_the_mid_term_pdf_has_the_five_sections_and_the_figures(
        self, session: Session, people: People, tmp_path: Path
    ) -> None:
        _seed(session, people)
        data = report.report_data(session=session, actor=people.city, kind="midterm")
        pdf = report.render_pdf(data)
        (tmp_path / "midterm.pdf").write_bytes(pdf)
        text = _pdf_text(pdf, tmp_path)
        assert "中期评估报告" in text and "2021—2023" in text
        for heading in SECTIONS:
            assert heading in text
        # 170 / 300 = 56.7 %; forecast 170 + 2 × 50 = 270; officials' text kept
        assert "56.7%" in text and "270" in text
        assert "加快绿色工厂梯度培育" in text
        # the plan names no department: the next step leaves it out, no placeholder printed
        assert "针对绿色工厂，严格项目准入退出管理" in text
        assert "规划未明确" not in text and "待确定" not in text

    def test_a_resident_cannot_have_a_report(self, session: Session, people: People) -> None:
        with pytest.raises(TargetsDenied):
            report.report_data(session=session, actor=people.enterprise, kind="annual", year=2022)


class TestRenderDocx:
    def test_the_word_file_has_the_indicator_table(self, session: Session, people: People) -> None:
        from docx import Document

        _seed(session, people)
        data = report.report_data(session=session, actor=people.city, kind="annual", year=2023)
        document = Document(io.BytesIO(report.render_docx(data)))
        texts = [p.text for p in document.paragraphs]
        for heading in SECTIONS:
            assert heading in texts
        table = document.tables[0]
        assert [c.text for c in table.rows[0].cells][:3] == ["序号", "指标", "单位"]
        rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
        green = rows["绿色工厂"]
        # target 300 (2025), this year 170, completion 56.7 %, at risk (forecast 270/300 = 90 %)
        assert green[4] == "300\n(2025)" and green[5] == "170"
        assert green[7] == "56.7%" and green[8] == "进度预警"
        assert len(document.inline_shapes) >= 1  # the status chart, as PNG
        # the columns of figures align right, as in the PDF; text and status left
        alignments = [c.paragraphs[0].alignment for c in table.rows[1].cells]
        right = {i for i, a in enumerate(alignments) if a == WD_ALIGN_PARAGRAPH.RIGHT}
        assert right == {3, 4, 5, 6, 7, 9}

    def test_the_word_file_is_a4_with_headings_and_numbered_pages(
        self, session: Session, people: People, tmp_path: Path
    ) -> None:
        from docx import Document

        data = report.report_data(session=session, actor=people.city, kind="annual", year=2023)
        docx = report.render_docx(data)
        (tmp_path / "annual.docx").write_bytes(docx)
        document = Document(io.BytesIO(docx))
        section = document.sections[0]
        # A4: 210 × 297 mm = 11,906 × 16,838 twentieths of a point (python-docx starts on Letter)
        size = section._sectPr.find(qn("w:pgSz"))
        assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
        # the page number, as in the PDF's footer (— N —), is a PAGE field
        footer = section.footer
        fields = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
        assert fields == ["PAGE"] and footer.paragraphs[0].text == "— 1 —"
        styles = {p.text: p.style.name for p in document.paragraphs}
        assert all(styles[heading] == "Heading 1" for heading in SECTIONS)
        assert styles["(一)总体目标(能耗与碳排放双控)"] == "Heading 2"
        heading_font = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
        assert heading_font.get(qn("w:eastAsia")) == "黑体"
