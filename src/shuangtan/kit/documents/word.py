"""Printed documents as Word files (Word 文档): A4, Chinese fonts, headings, page numbers.

python-docx starts from a US Letter page with Latin theme fonts; :func:`new_document` makes
the document a Chinese report expects instead:

- an A4 page (210 × 297 mm) with the margins of :class:`Margins`;
- Chinese fonts set for East Asian text (``w:eastAsia``, not only the Latin name, or Word
  falls back to its theme's font for every Chinese character), body and headings alike, and
  the East Asian language zh-CN;
- ``Heading 1`` and ``Heading 2`` styled with a CJK font, black, not bold (黑体 is heavy
  enough), so the headings stay real headings (navigation pane, table of contents);
- the page number in the footer as a ``PAGE`` field (and ``NUMPAGES``), centred.

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
) -> Document:
    """A new A4 Word document with Chinese fonts, CJK headings and numbered pages."""
    from docx import Document as new
    from docx.shared import Mm

    document = new()
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"
    _document_defaults(document, body)
    set_font(document.styles["Normal"], body)
    for level, font in headings.items():
        _heading_style(document, level, font)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        if page_numbers:
            footer = section.footer.paragraphs[0]
            _page_number_footer(footer, page_numbers, Font(body.east_asia, 9, body.latin))
    return document


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
    document: Document, text: str, *, indent: bool = True, align: Alignment | None = None
) -> Paragraph:
    """A body paragraph, its first line indented by two characters (Chinese convention)."""
    paragraph = document.add_paragraph(text)
    if align is not None:
        paragraph.alignment = _alignment(align)
    if indent:
        size = document.styles["Normal"].font.size
        if size is not None:
            paragraph.paragraph_format.first_line_indent = size * 2
    return paragraph


def add_picture(document: Document, png: bytes, *, width_mm: float) -> Paragraph:
    """A picture (PNG bytes) ``width_mm`` wide, centred in a paragraph of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
        set_font(cell.paragraphs[0].add_run(column.header), header)
    for values in rows:
        row = table.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it bare
        cells = row.cells
        for cell, column, value in zip(cells, columns, values, strict=True):
            paragraph = cell.paragraphs[0]
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


def _page_number_footer(paragraph: Paragraph, pattern: str, font: Font) -> None:
    """``pattern`` in a centred footer paragraph, ``{PAGE}``/``{NUMPAGES}`` as Word fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
