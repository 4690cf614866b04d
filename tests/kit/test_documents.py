"""The document engine (kit/documents): number formats, charts, PDF and Word, without a database.

The PDF checks read the printed file back with poppler (``pdftotext``, ``pdfinfo``,
``pdffonts``), the Word checks with python-docx and the document's XML: what a reader of the
file would get, not what the code meant to write.

A4 is 210 × 297 mm: 210 / 25.4 × 72 = 595.28 pt by 297 / 25.4 × 72 = 841.89 pt (PDF), and
210 / 25.4 × 1440 = 11,906 by 297 / 25.4 × 1440 = 16,838 twentieths of a point (Word).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table

from shuangtan.kit import documents
from shuangtan.kit.documents import charts, numbers, word
from shuangtan.kit.documents.pdf import css_string, environment, template_folders


def _poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    assert shutil.which(tool), "poppler-utils is installed by `make system-deps`"
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout


# ---------------------------------------------------------------------------------- numbers


class TestFixed:
    def test_thousands_are_separated_and_the_decimals_fixed(self) -> None:
        assert numbers.fixed(Decimal("1234.5")) == "1,234.50"
        assert numbers.fixed(1234567.891, 0) == "1,234,568"
        assert numbers.fixed(Decimal("0.7136188809"), 3) == "0.714"

    def test_a_decimal_is_rounded_as_a_decimal_not_through_a_float(self) -> None:
        # Decimal 2.675 is exactly halfway: half-even rounding gives 2.68. The float nearest
        # 2.675 is 2.67499999999999982236431605997495353221893310546875, which gives 2.67.
        assert numbers.fixed(Decimal("2.675")) == "2.68"
        assert numbers.fixed(2.675) == "2.67"

    def test_a_negative_keeps_its_sign_before_the_separators(self) -> None:
        assert numbers.fixed(Decimal("-1234.5"), 1) == "-1,234.5"

    def test_a_missing_value_is_a_dash(self) -> None:
        assert numbers.fixed(None) == "—"


class TestTrimmed:
    def test_trailing_zeros_and_a_bare_point_are_dropped(self) -> None:
        assert numbers.trimmed(12.50) == "12.5"
        assert numbers.trimmed(Decimal("3.00")) == "3"
        assert numbers.trimmed(0.12345, 3) == "0.123"

    def test_the_zeros_of_the_integer_part_stay(self) -> None:
        assert numbers.trimmed(1000, 0) == "1,000"
        assert numbers.trimmed(2500.0, 2) == "2,500"

    def test_a_missing_value_is_a_dash(self) -> None:
        assert numbers.trimmed(None) == "—"


class TestFigure:
    def test_from_a_thousand_a_figure_is_whole(self) -> None:
        assert numbers.figure(12345.6) == "12,346"

    def test_from_ten_it_has_at_most_two_decimals(self) -> None:
        assert numbers.figure(12.346) == "12.35"
        assert numbers.figure(10) == "10"
        # 999.999 has two decimals at most: 1,000.00, trimmed to 1,000
        assert numbers.figure(999.999) == "1,000"

    def test_below_ten_it_has_at_most_four(self) -> None:
        assert numbers.figure(0.123456) == "0.1235"
        assert numbers.figure(0.5) == "0.5"
        assert numbers.figure(0) == "0"

    def test_a_missing_value_is_a_dash(self) -> None:
        assert numbers.figure(None) == "—"


class TestPct:
    def test_a_share_has_one_decimal_and_a_sign(self) -> None:
        # 170 / 300 = 0.56666…, in per cent 56.67 → 56.7%
        assert numbers.pct(170 / 300 * 100) == "56.7%"
        assert numbers.pct(5) == "5.0%"
        assert numbers.pct(Decimal("12.345"), 2) == "12.34%"  # half-even on the Decimal

    def test_a_missing_share_is_a_dash(self) -> None:
        assert numbers.pct(None) == "—"


class TestYesNo:
    def test_half_and_above_is_yes(self) -> None:
        assert [numbers.yes_no(v) for v in (1, 0.5, 0.49, 0, None)] == ["是", "是", "否", "否", "—"]


class TestDecimals:
    def test_the_column_format_is_fixed_with_its_digits(self) -> None:
        two = numbers.decimals(2)
        assert two(Decimal("216.2188809")) == "216.22"
        assert two(None) == "—"


# ----------------------------------------------------------------------------------- charts


class TestNiceCeiling:
    @pytest.mark.parametrize(
        ("value", "ceiling"),
        [
            (497.4, 500),  # 1, 2, 2.5 × 100 are below; 5 × 100 is the first above
            (100, 100),
            (101, 200),
            (2100, 2500),
            (3, 5),
            (1, 1),
            (12, 20),
            (0.03, 0.05),  # below 1 the power of ten goes down: 5 × 0.01
            (0.2, 0.2),
            (0.7, 1),
        ],
    )
    def test_the_ceiling_is_one_two_two_and_a_half_or_five_times_a_power_of_ten(
        self, value: float, ceiling: float
    ) -> None:
        assert charts.nice_ceiling(value) == pytest.approx(ceiling)

    def test_an_empty_or_negative_chart_still_has_an_axis_of_one(self) -> None:
        assert charts.nice_ceiling(0) == 1
        assert charts.nice_ceiling(-5) == 1


class TestAxisTicks:
    def test_the_grid_divides_the_axis_into_quarters(self) -> None:
        assert charts.axis_ticks(500) == [0, 125, 250, 375, 500]


class TestChart:
    def _chart(self) -> charts.Chart:
        items = (
            charts.Rect(10, 20, 30, 40, "#1f6f50"),
            charts.Line(((0, 0), (50, 50)), "#c0392b", 1.5, dashed=True),
            charts.Dot(5, 5, 2, "#000000"),
            charts.Text(10, 90, "单位 <tCO2e>", 10, "end", "#42584d"),
        )
        return charts.Chart(100, 100, items, "测试 test", css_class="chart")

    def test_the_svg_is_styled_with_attributes_not_classes(self) -> None:
        svg = str(self._chart().svg())
        assert '<rect x="10.0" y="20.0" width="30.0" height="40.0" fill="#1f6f50"/>' in svg
        assert 'stroke-dasharray="5,4"' in svg
        assert 'font-family="Noto Sans CJK SC, sans-serif"' in svg
        assert 'text-anchor="end"' in svg
        # the only class is the one on <svg> that places it on the page
        assert svg.count("class=") == 1 and '<svg xmlns="http://www.w3.org/2000/svg"' in svg

    def test_text_is_escaped(self) -> None:
        assert "单位 &lt;tCO2e&gt;" in str(self._chart().svg())

    def test_the_png_is_the_canvas_times_the_scale(self) -> None:
        from PIL import Image

        image = Image.open(io.BytesIO(self._chart().png(scale=2)))
        assert image.format == "PNG" and image.size == (200, 200)
        # the rectangle (10, 20)–(40, 60) is filled at twice the scale: (50, 80) is inside
        assert image.getpixel((50, 80)) == (0x1F, 0x6F, 0x50)


# ---------------------------------------------------------------------------------- the PDF

_SAMPLE = """{% extends "print/base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block running_head %}{{ title }}{% endblock %}
{% block body %}
<h1>{{ title }}</h1>
<p>排放总量 {{ total|num }} tCO2e，占比 {{ share|pct }}，强度 {{ missing|num }}。</p>
<p style="break-before: page">第二页的内容。</p>
{% endblock %}
"""


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    template = environment().from_string(_SAMPLE)
    context = {
        "title": '测试"企业"碳排放报告',
        "total": Decimal("713.6188809"),
        "share": 69.7,
        "missing": None,
    }
    return documents.render_pdf(template, context)


class TestRenderPdf:
    def test_the_chinese_text_and_the_formatted_numbers_extract(
        self, sample_pdf: bytes, tmp_path: Path
    ) -> None:
        text = _poppler("pdftotext", sample_pdf, tmp_path, "-layout")
        assert '测试"企业"碳排放报告' in text
        assert "排放总量 713.62 tCO2e，占比 69.7%，强度 —。" in text
        assert "第二页的内容" in text

    def test_every_page_is_a4(self, sample_pdf: bytes, tmp_path: Path) -> None:
        info = _poppler("pdfinfo", sample_pdf, tmp_path, "-f", "1", "-l", "2")
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
        assert len(sizes) == 2
        for width, height in sizes:
            assert round(float(width)) == 595 and round(float(height)) == 842

    def test_every_page_carries_its_number_of_the_total(
        self, sample_pdf: bytes, tmp_path: Path
    ) -> None:
        pages = _poppler("pdftotext", sample_pdf, tmp_path, "-layout").split("\f")
        assert re.search(r"第\s*1\s*页\s*/\s*共\s*2\s*页", pages[0])
        assert re.search(r"第\s*2\s*页\s*/\s*共\s*2\s*页", pages[1])

    def test_the_running_head_is_printed_with_its_quotes(
        self, sample_pdf: bytes, tmp_path: Path
    ) -> None:
        second = _poppler("pdftotext", sample_pdf, tmp_path, "-layout").split("\f")[1]
        assert '测试"企业"碳排放报告' in second  # the head, since the title is on page one

    def test_the_cjk_font_is_embedded(self, sample_pdf: bytes, tmp_path: Path) -> None:
        fonts = _poppler("pdffonts", sample_pdf, tmp_path)
        cjk = [line for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
        # embedded, subset, with a Unicode map (what makes the Chinese extractable)
        assert cjk and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in cjk)


class TestPrintEnvironment:
    def test_it_loads_the_print_templates_of_the_rooms(self) -> None:
        names = ("print/base.html", "accounts/annual_report_pdf.html", "targets/report_pdf.html")
        for name in names:
            assert environment().get_template(name).filename

    def test_only_the_templates_folders_of_packages_join_the_loader(self, tmp_path: Path) -> None:
        (tmp_path / "room" / "templates").mkdir(parents=True)
        (tmp_path / "room" / "__init__.py").write_text("")
        (tmp_path / "room" / "inner" / "templates").mkdir(parents=True)
        (tmp_path / "room" / "inner" / "__init__.py").write_text("")
        (tmp_path / "data" / "templates").mkdir(parents=True)  # not a package
        assert template_folders(tmp_path) == (
            tmp_path / "room" / "inner" / "templates",
            tmp_path / "room" / "templates",
        )

    def test_the_number_filters_are_the_kits(self) -> None:
        template = environment().from_string(
            "{{ a|num }} {{ a|num(0) }} {{ b|trimmed }} {{ c|figure }} {{ d|pct }} {{ e|yes_no }}"
        )
        rendered = template.render(a=Decimal("1234.567"), b=12.5, c=0.123456, d=56.66, e=1)
        assert rendered == "1,234.57 1,235 12.5 0.1235 56.7% 是"

    def test_a_css_string_escapes_what_would_end_it(self) -> None:
        assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style>"'


# --------------------------------------------------------------------------------- the Word


class TestNewDocument:
    def test_the_page_is_a4(self) -> None:
        document = Document(io.BytesIO(word.to_bytes(word.new_document())))
        section = document.sections[0]
        page_size = section._sectPr.find(qn("w:pgSz"))
        assert (page_size.get(qn("w:w")), page_size.get(qn("w:h"))) == ("11906", "16838")
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297

    def test_the_footer_numbers_the_pages_with_fields(self) -> None:
        document = Document(io.BytesIO(word.to_bytes(word.new_document())))
        footer = document.sections[0].footer
        instructions = [e.text.strip() for e in footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        kinds = [e.get(qn("w:fldCharType")) for e in footer._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"] * 2
        assert footer.paragraphs[0].text == "第 1 页 / 共 1 页"  # the fields' shown values
        assert footer.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER

    def test_another_footer_pattern_is_taken(self) -> None:
        document = Document(io.BytesIO(word.to_bytes(word.new_document(page_numbers="— {PAGE} —"))))
        footer = document.sections[0].footer
        assert [e.text.strip() for e in footer._element.iter(qn("w:instrText"))] == ["PAGE"]
        assert footer.paragraphs[0].text == "— 1 —"

    def test_the_body_and_the_headings_have_chinese_fonts(self) -> None:
        made = word.new_document(
            body=word.Font("仿宋", 12),
            headings={1: word.Font("黑体", 16), 2: word.Font("楷体", 12)},
        )
        word.add_heading(made, "一、总体情况", 1)
        word.add_heading(made, "(一)总体目标", 2)
        word.add_paragraph(made, "规划共设45项指标。")
        document = Document(io.BytesIO(word.to_bytes(made)))
        heading_1, heading_2, body = document.paragraphs
        assert (heading_1.style.name, heading_2.style.name) == ("Heading 1", "Heading 2")
        for style, east_asia, size in (
            (document.styles["Normal"], "仿宋", 12),
            (document.styles["Heading 1"], "黑体", 16),
            (document.styles["Heading 2"], "楷体", 12),
        ):
            fonts = style.element.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == east_asia
            assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win
            assert style.font.size.pt == size
        assert document.styles["Heading 1"].font.color.rgb == (0, 0, 0)
        assert not document.styles["Heading 1"].font.bold
        # the first line indented two characters of 12 pt
        assert body.paragraph_format.first_line_indent.pt == 24

    def test_the_document_defaults_are_chinese(self) -> None:
        document = Document(io.BytesIO(word.to_bytes(word.new_document())))
        defaults = document.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
        assert document.core_properties.language == "zh-CN"


class TestAddTable:
    def _table(self) -> Table:
        made = word.new_document()
        columns = [
            word.Column("排放源"),
            word.Column("排放量 tCO2e", numbers.decimals(2)),
            word.Column("占比", numbers.pct),
            word.Column("序号", align="center", width_mm=12),
        ]
        rows = [
            ["天然气", Decimal("216.2188809"), 216.2188809 / 713.6188809 * 100, 1],
            ["电力", Decimal("497.4"), None, 2],
        ]
        word.add_table(made, columns, rows)
        return Document(io.BytesIO(word.to_bytes(made))).tables[0]

    def test_each_column_writes_its_own_number_format(self) -> None:
        table = self._table()
        cells = [[c.text for c in row.cells] for row in table.rows]
        # 216.2188809 / 713.6188809 = 0.30299… → 30.3%
        assert cells == [
            ["排放源", "排放量 tCO2e", "占比", "序号"],
            ["天然气", "216.22", "30.3%", "1"],
            ["电力", "497.40", "—", "2"],
        ]

    def test_numbers_align_right_and_text_left_unless_told(self) -> None:
        row = self._table().rows[1]
        alignments = [cell.paragraphs[0].alignment for cell in row.cells]
        assert alignments == [
            WD_ALIGN_PARAGRAPH.LEFT,
            WD_ALIGN_PARAGRAPH.RIGHT,
            WD_ALIGN_PARAGRAPH.RIGHT,
            WD_ALIGN_PARAGRAPH.CENTER,
        ]

    def test_the_header_repeats_and_is_set_in_the_heading_font(self) -> None:
        table = self._table()
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        run = header.cells[0].paragraphs[0].runs[0]
        assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
        assert run.font.size.pt == 9

    def test_a_column_width_is_kept(self) -> None:
        table = self._table()
        assert round(table.columns[3].width.mm) == 12
