"""Writing tables for reports and exports (报表与导出): one look, sensible numbers.

:func:`write_table` writes a header (Chinese above English, or both on one row for exports
read by machines), the rows as given, each column's number format from its spec (a number
with ``decimals`` places, a whole number without separators, a percentage), its width, panes
frozen below the header and, when asked, a total row. :func:`bar_chart` draws columns of a
written table as a bar chart beside it. :func:`new_workbook` and :func:`to_bytes` open and
save the workbook around them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from shuangtan.kit.workbook.spec import Column, number_format
from shuangtan.kit.workbook.style import BOLD, write_headers

__all__ = ["TOTAL_LABEL", "Table", "bar_chart", "new_workbook", "to_bytes", "write_table"]

TOTAL_LABEL = "合计 Total"


@dataclass(frozen=True, slots=True)
class Table:
    """表格 where a written table is: its sheet, header rows, data rows and total row."""

    sheet: Worksheet
    columns: tuple[Column, ...]
    header_rows: int
    first_row: int
    last_row: int
    total_row: int | None

    def position(self, field: str) -> int:
        """The 1-based column of ``field``."""
        for index, column in enumerate(self.columns, start=1):
            if column.field == field:
                return index
        raise KeyError(field)


def new_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet is titled ``title``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    return workbook, sheet


def to_bytes(workbook: Workbook) -> bytes:
    """The xlsx file of ``workbook``."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    stacked: bool = True,
    totals: Sequence[str] = (),
    total_label: str = TOTAL_LABEL,
) -> Table:
    """Write ``rows`` under the headers of ``columns`` on an empty ``sheet``.

    A row may be shorter or longer than ``columns`` (a free-text row of an inputs sheet);
    cells beyond the columns get no format. ``totals`` names the fields summed on a total
    row below the data, labelled in the first column; blank and non-numeric cells are left
    out of a sum.
    """
    header_rows = write_headers(sheet, columns, stacked=stacked)
    sheet.freeze_panes = sheet.cell(row=header_rows + 1, column=1)
    formats = [number_format(column) for column in columns]
    first = header_rows + 1
    number = header_rows
    sums = {field: 0.0 for field in totals}
    positions = {column.field: i for i, column in enumerate(columns)}
    for row in rows:
        number += 1
        for index, value in enumerate(row):
            cell = sheet.cell(row=number, column=index + 1, value=value)
            if index < len(formats) and formats[index] is not None and _numeric(value):
                cell.number_format = formats[index]
        for field in totals:
            position = positions[field]
            value = row[position] if position < len(row) else None
            if _numeric(value):
                sums[field] += float(value)  # type: ignore[arg-type]
    last = number
    total_row = None
    if totals:
        total_row = last + 1
        label = sheet.cell(row=total_row, column=1, value=total_label)
        label.font = BOLD
        for field, total in sums.items():
            position = positions[field]
            cell = sheet.cell(row=total_row, column=position + 1, value=total)
            cell.font = BOLD
            if formats[position] is not None:
                cell.number_format = formats[position]
    return Table(sheet, tuple(columns), header_rows, first, last, total_row)


def bar_chart(
    table: Table,
    *,
    values: Sequence[str],
    category: str,
    title: str,
    y_title: str,
    anchor: str,
    size: tuple[float, float] = (18, 8),
) -> BarChart:
    """A bar chart of the ``values`` columns of ``table`` over its ``category`` column.

    Each series takes its name from the header row just above the data (the English header
    of a stacked table); the total row is not drawn.
    """
    chart = BarChart()
    chart.title = title
    chart.y_axis.title = y_title
    for field in values:
        position = table.position(field)
        series = Reference(
            table.sheet,
            min_col=position,
            max_col=position,
            min_row=table.header_rows,
            max_row=table.last_row,
        )
        chart.add_data(series, titles_from_data=True)
    where = table.position(category)
    chart.set_categories(
        Reference(table.sheet, min_col=where, min_row=table.first_row, max_row=table.last_row)
    )
    chart.width, chart.height = size
    table.sheet.add_chart(chart, anchor)
    return chart


def _numeric(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
