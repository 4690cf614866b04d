"""The workbook engine (工作簿引擎): every Excel file the platform reads or writes.

One engine, one behaviour, for every room:

- :mod:`~.spec`: :class:`Column` and :class:`SheetSpec`, said once for writing and reading;
- :mod:`~.template`: :class:`TemplateBook`, an upload template (Chinese headers on row 1,
  English on row 2, data from row 3, frozen panes, drop-downs, instructions);
- :mod:`~.reader`: :class:`WorkbookReader`, an upload behind the :mod:`~.guards` (size, zip
  bomb, declared sheet size, DTD/XXE), headers found by Chinese or English, rows streamed,
  every problem kept as a :class:`Problem` and raised as one :class:`WorkbookInvalid` (422);
- :mod:`~.tables`: :func:`write_table` and :func:`bar_chart` for reports and exports.

A room subclasses :class:`WorkbookInvalid` to keep its own code, reads every row before it
writes any, and writes only a clean workbook.
"""

from shuangtan.kit.workbook.errors import NOT_A_WORKBOOK, Problem, WorkbookInvalid
from shuangtan.kit.workbook.guards import LIMITS, UNSAFE_XML, Limits, check_package
from shuangtan.kit.workbook.reader import Header, Row, WorkbookReader, clean, is_blank
from shuangtan.kit.workbook.spec import FIRST_DATA_ROW, MAX_DATA_ROWS, Column, Kind, SheetSpec
from shuangtan.kit.workbook.style import write_notes
from shuangtan.kit.workbook.tables import Table, bar_chart, new_workbook, to_bytes, write_table
from shuangtan.kit.workbook.template import LISTS_SHEET, TemplateBook

__all__ = [
    "FIRST_DATA_ROW",
    "LIMITS",
    "LISTS_SHEET",
    "MAX_DATA_ROWS",
    "NOT_A_WORKBOOK",
    "UNSAFE_XML",
    "Column",
    "Header",
    "Kind",
    "Limits",
    "Problem",
    "Row",
    "SheetSpec",
    "Table",
    "TemplateBook",
    "WorkbookInvalid",
    "WorkbookReader",
    "bar_chart",
    "check_package",
    "clean",
    "is_blank",
    "new_workbook",
    "to_bytes",
    "write_notes",
    "write_table",
]
