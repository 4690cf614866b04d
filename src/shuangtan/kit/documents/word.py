"""Printed documents as Word files (Word 文档): A4, Chinese fonts, headings, page numbers.

python-docx starts from a US Letter page with Latin theme fonts; :func:`new_document` makes
the document a Chinese report expects instead:

- an A4 page (210 × 297 mm) with the margins of :class:`Margins`;
- Chinese fonts set for East Asian text (``w:eastAsia``, not only the Latin name, or Word
  falls back to its theme's font for every Chinese character), body and headings alike, and
  the East Asian language zh-CN;
- ``Heading 1`` and ``Heading 2`` styled with a CJK font, black, not bold (黑体 is heavy
  enough), so the headings stay real headings (navigation pane, table of contents);
- the page number in the footer as a ``PAGE`` field (and ``NUMPAGES``), centred, or — with
  ``sides=True``, as GB/T 9704-2012 §7.5 places it — on the right of odd pages and the left of
  even ones, one character in;
- optionally a fixed line grid (``line_spacing_pt``): body and headings on exact lines, the
  headings indented two characters like the body, pictures and table cells on single lines.

:data:`GB_T_9704` and :data:`GB_T_9704_LINE_PT` are the page of a Chinese official document
(GB/T 9704-2012《党政机关公文格式》§5.2: A4, 天头 37 mm, 订口 28 mm, text block 156 × 225 mm,
so 26 mm right and 35 mm bottom; 22 lines a page).

:func:`add_table` writes a table from rows of values with one :class:`Column` each: its
header, its number format (from :mod:`~shuangtan.kit.documents.numbers`) and its alignment
(numbers to the right). :func:`to_bytes` gives the ``.docx`` file.

python-docx is imported when a document is made, not when the kit is.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from shuangtan.kit.documents import numbers

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

__all__ = [
    "BODY",
    "GB_T_9704",
    "GB_T_9704_LINE_PT",
    "HEADINGS",
    "MARGINS",
    "PAGE_NUMBERS",
    "Column",
    "Font",
    "Margins",
    "add_heading",
    "add_paragraph",
    "add_picture",
    "add_table",
    "add_title",
    "new_document",
    "set_font",
    "to_bytes",
]

PAGE_NUMBERS = "第 {PAGE} 页 / 共 {NUMPAGES} 页"
"""The footer of a page: ``{PAGE}`` and ``{NUMPAGES}`` become Word fields."""

Alignment = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Font:
    """字体 a font for Chinese text (``east_asia``) and its Latin companion, at ``size`` pt."""

    east_asia: str
    size: float
    latin: str | None = None
    """The font of Latin letters and digits; ``None``: the same as ``east_asia``."""
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Margins:
    """页边距 page margins in millimetres."""

    top: float = 25.4
    right: float = 26.0
    bottom: float = 25.4
    left: float = 26.0


MARGINS = Margins()
"""The default margins: 25.4 mm top and bottom, 26 mm left and right."""
BODY = Font("宋体", 12)
"""The default body: 宋体 小四 (12 pt)."""
GB_T_9704 = Margins(top=37.0, right=26.0, bottom=35.0, left=28.0)
"""The margins of GB/T 9704-2012 §5.2.1: top 37 mm, left 28 mm, a 156 × 225 mm text block."""
GB_T_9704_LINE_PT = 28.95
"""The line of GB/T 9704-2012 §5.2.3 (22 lines in the 225 mm text block): 28.95 pt, exactly."""
HEADINGS: Mapping[int, Font] = {1: Font("黑体", 16), 2: Font("黑体", 14)}
"""The default headings: 黑体 三号 (16 pt) and 四号 (14 pt)."""


@dataclass(frozen=True, slots=True)
class Column:
    """表格列 one column of a Word table: header, number format, alignment, width."""

    header: str
    format: numbers.Format = numbers.text
    """How a value of this column is written (:func:`numbers.text` leaves text as it is)."""
    align: Alignment | None = None
    """``None``: right for a number format, left for text."""
    width_mm: float | None = None

    @property
    def alignment(self) -> Alignment:
        if self.align is not None:
            return self.align
        return "left" if self.format is numbers.text else "right"


def new_document(
    *,
    title: str = "",
    body: Font = BODY,
    headings: Mapping[int, Font] = HEADINGS,
    margins: Margins = MARGINS,
    page_numbers: str | None = PAGE_NUMBERS,
    page_number_font: Font | None = None,
    line_spacing_pt: float | None = None,
    sides: bool = False,
) -> Document:
    """A new A4 Word document with Chinese fonts, CJK headings and numbered pages.

    ``page_number_font`` defaults to the body font at 9 pt; ``sides`` puts the number on the
    outer side (odd pages right, even left, one character in, 7 mm below the text block) as
    GB/T 9704 does, instead of centred; ``line_spacing_pt`` sets a fixed line grid.
    """
    from docx import Document as new
    from docx.shared import Mm, Pt

    document = new()
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"
    _document_defaults(document, body)
    set_font(document.styles["Normal"], body)
    if line_spacing_pt is not None:
        _exact_lines(document.styles["Normal"], line_spacing_pt)
    for level, font in headings.items():
        _heading_style(document, level, font)
        if line_spacing_pt is not None and f"Heading {level}" in document.styles:
            style = document.styles[f"Heading {level}"]
            _exact_lines(style, line_spacing_pt)
            style.paragraph_format.first_line_indent = Pt(font.size * 2)
    number_font = page_number_font or Font(body.east_asia, 9, body.latin)
    if sides:
        document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        if not page_numbers:
            continue
        if not sides:
            footer = section.footer.paragraphs[0]
            _page_number_footer(footer, page_numbers, number_font)
            continue
        section.footer_distance = Mm(margins.bottom - 7) - Pt(number_font.size * 1.2)
        sided: tuple[tuple[Any, Alignment], ...] = (
            (section.footer, "right"),
            (section.even_page_footer, "left"),
        )
        for footer, side in sided:
            paragraph = footer.paragraphs[0]
            _page_number_footer(paragraph, page_numbers, number_font, side)
    return document


def _exact_lines(style: Any, points: float) -> None:
    """Lines of exactly ``points`` in a paragraph style, no space before or after."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def set_font(target: Any, font: Font) -> None:
    """Set ``font`` on a run or a style: Latin name, East Asian name, size and weight."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    target.font.name = font.latin or font.east_asia
    target.font.size = Pt(font.size)
    target.font.bold = True if font.bold else None  # None: not bold unless inherited
    r_fonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(theme), None)
    r_fonts.set(qn("w:eastAsia"), font.east_asia)


def add_title(document: Document, text: str, font: Font) -> Paragraph:
    """A centred title line in ``font`` (a paragraph, not a heading: it is no section)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font)
    return paragraph


def add_heading(document: Document, text: str, level: int = 1) -> Paragraph:
    """A heading in the style ``Heading {level}`` (its font is the style's)."""
    heading: Paragraph = document.add_heading(text, level=level)
    return heading


def add_paragraph(
    document: Document,
    text: str,
    *,
    indent: bool = True,
    align: Alignment | None = None,
    font: Font | None = None,
    right_chars: int = 0,
) -> Paragraph:
    """A body paragraph, its first line indented by two characters (Chinese convention), in
    ``font`` (default: the Normal style's) and ``right_chars`` characters in from the right."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    if font is not None:
        set_font(run, font)
    if align is not None:
        paragraph.alignment = _alignment(align)
    size = document.styles["Normal"].font.size
    if indent and size is not None:
        paragraph.paragraph_format.first_line_indent = size * 2
    if right_chars and size is not None:
        paragraph.paragraph_format.right_indent = size * right_chars
    return paragraph


def add_picture(document: Document, png: bytes, *, width_mm: float) -> Paragraph:
    """A picture (PNG bytes) ``width_mm`` wide, centred in a paragraph of its own (on a single
    line whatever the line grid, so an exact line height does not clip it)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    return paragraph


def add_table(
    document: Document,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    size: float = 9,
    header_font: Font | None = None,
) -> Table:
    """A grid table: a header row (repeated on every page) and one row per item of ``rows``.

    Each value goes through its column's format; cells are ``size`` pt, the header in
    ``header_font`` (default: the font of ``Heading 1`` at ``size``).
    """
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    header = header_font or _heading_font(document, size)
    table: Table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    heading_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    heading_row._tr.get_or_add_trPr().append(repeat)
    for cell, column in zip(heading_row.cells, columns, strict=True):
        _single(cell.paragraphs[0])
        set_font(cell.paragraphs[0].add_run(column.header), header)
    for values in rows:
        row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it bare
        cells = row.cells
        for cell, column, value in zip(cells, columns, values, strict=True):
            paragraph = cell.paragraphs[0]
            _single(paragraph)
            paragraph.alignment = _alignment(column.alignment)
            paragraph.add_run(column.format(value)).font.size = Pt(size)
    for index, column in enumerate(columns):
        if column.width_mm is not None:
            table.autofit = False
            table.columns[index].width = Mm(column.width_mm)
            for cell in table.columns[index].cells:
                cell.width = Mm(column.width_mm)
    return table


def to_bytes(document: Document) -> bytes:
    """The document as the bytes of a ``.docx`` file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------ inside


def _single(paragraph: Paragraph) -> None:
    """A table cell's paragraph: single lines, no indent (whatever the body's line grid)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)
    fmt.space_after = Pt(0)


def _alignment(name: Alignment) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[name]


def _document_defaults(document: Document, body: Font) -> None:
    """The document's default run properties: no theme fonts, East Asian language zh-CN."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    r_pr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr is None:  # pragma: no cover - python-docx's template has them
        return
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is not None:
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            r_fonts.attrib.pop(qn(theme), None)
        latin = body.latin or body.east_asia
        r_fonts.set(qn("w:ascii"), latin)
        r_fonts.set(qn("w:hAnsi"), latin)
        r_fonts.set(qn("w:eastAsia"), body.east_asia)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _heading_style(document: Document, level: int, font: Font) -> None:
    """``Heading {level}`` (and its linked character style) in ``font``, black."""
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    names = [f"Heading {level}", f"Heading {level} Char"]
    for name in names:
        if name not in document.styles:
            continue
        style = document.styles[name]
        set_font(style, font)
        style.font.color.rgb = RGBColor(0, 0, 0)
        color = style.element.rPr.find(qn("w:color"))
        if color is not None:
            for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
                color.attrib.pop(qn(theme), None)


def _heading_font(document: Document, size: float) -> Font:
    """The East Asian font of ``Heading 1`` at ``size``: the table header's default."""
    from docx.oxml.ns import qn

    r_fonts = document.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    east_asia = r_fonts.get(qn("w:eastAsia")) if r_fonts is not None else None
    return Font(east_asia or BODY.east_asia, size)


_FIELD = re.compile(r"\{(PAGE|NUMPAGES)\}")


def _page_number_footer(
    paragraph: Paragraph, pattern: str, font: Font, side: Alignment | None = None
) -> None:
    """``pattern`` in a footer paragraph, ``{PAGE}``/``{NUMPAGES}`` as Word fields: centred, or
    on ``side`` one character (of ``font``) in from the text block's edge."""
    from docx.shared import Pt

    paragraph.alignment = _alignment(side or "center")
    if side == "right":
        paragraph.paragraph_format.right_indent = Pt(font.size)
    elif side == "left":
        paragraph.paragraph_format.left_indent = Pt(font.size)
    for index, piece in enumerate(_FIELD.split(pattern)):
        if not piece:
            continue
        if index % 2:
            _field(paragraph, piece, font)
        else:
            set_font(paragraph.add_run(piece), font)


def _field(paragraph: Paragraph, instruction: str, font: Font) -> None:
    """A complex field (begin, instruction, separate, shown value, end) of runs in ``font``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(tag: str, **attributes: str) -> None:
        run = paragraph.add_run()
        set_font(run, font)
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        run._r.append(element)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    instr = paragraph.add_run()
    set_font(instr, font)
    instr_text = OxmlElement("w:instrText")
    instr_text.set(qn("xml:space"), "preserve")
    instr_text.text = f" {instruction} "
    instr._r.append(instr_text)
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    set_font(paragraph.add_run("1"), font)
    run_with("w:fldChar", **{"w:fldCharType": "end"})
