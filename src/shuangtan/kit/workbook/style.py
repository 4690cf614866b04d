"""The look of every workbook the platform writes (工作簿样式): headers, widths, notes.

One header style for templates and reports alike: the Chinese header bold, white on the
platform's green, the English one italic on a pale green beneath it (or both on one row, for
exports read by machines), centred and wrapped; widths from the column specs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from shuangtan.kit.workbook.spec import Column, decimal_format

__all__ = ["set_widths", "write_headers", "write_notes"]

HEADER_FILL = PatternFill("solid", fgColor="1F6F50")
SUBHEADER_FILL = PatternFill("solid", fgColor="DCEFE6")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SUBHEADER_FONT = Font(italic=True, color="1F3F30")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_headers(sheet: Worksheet, columns: Sequence[Column], *, stacked: bool = True) -> int:
    """Write the headers of ``columns`` from row 1; the number of header rows (2 or 1).

    Stacked: Chinese on row 1, English on row 2. Not stacked: ``中文 English`` on row 1.
    Sets each column's width; the caller freezes the panes below the headers.
    """
    for index, column in enumerate(columns, start=1):
        top = sheet.cell(row=1, column=index, value=column.zh if stacked else column.header)
        top.font, top.fill, top.alignment = HEADER_FONT, HEADER_FILL, _CENTRED
        if stacked:
            sub = sheet.cell(row=2, column=index, value=column.en)
            sub.font, sub.fill, sub.alignment = SUBHEADER_FONT, SUBHEADER_FILL, _CENTRED
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[1].height = 22
    return 2 if stacked else 1


def set_widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    """Widths of the first columns, A onwards."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def write_notes(
    sheet: Worksheet,
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    heading: bool = False,
    bold_labels: bool = False,
    decimals: int | None = None,
) -> None:
    """Rows of free text (instructions, a summary, notes) written from row 1 as they are.

    ``heading``: the first cell is a title (bold, larger). ``bold_labels``: the labels of
    column A below it are bold (numbered steps stay plain). ``decimals``: real numbers show
    that many places.
    """
    set_widths(sheet, widths)
    number_format = None if decimals is None else decimal_format(decimals)
    for number, row in enumerate(rows, start=1):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=index, value=value)
            if number_format is not None and isinstance(value, float):
                cell.number_format = number_format
    if heading:
        sheet["A1"].font = TITLE_FONT
    if bold_labels:
        for cell in sheet["A"]:
            if cell.row > 1 and cell.value and not str(cell.value).isdigit():
                cell.font = BOLD
