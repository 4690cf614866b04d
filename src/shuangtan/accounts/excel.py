"""The Excel template of monthly activity data (活动数据填报模板) and its import: one face.

An enterprise downloads :func:`build_template` for its kind of entity and year, fills one row
per month and activity line, and uploads it; :func:`parse_workbook` reads it back into one
``ReportIn`` per month, or raises :class:`WorkbookInvalid` listing every problem by sheet, row
and column (in Chinese and English); :func:`import_workbook` saves the months as draft reports
only when the whole workbook is valid.

The work is done by three modules on the kit's workbook engine (:mod:`shuangtan.kit.workbook`):
:mod:`.activity_sheets` (the sheets and columns), :mod:`.activity_template` (writing) and
:mod:`.activity_import` (reading and saving). This module is the name the routers use.
"""

from __future__ import annotations

from shuangtan.accounts.activity_import import (
    ImportResult,
    import_workbook,
    parse_workbook,
    template_kind,
)
from shuangtan.accounts.activity_sheets import (
    ACTIVITY_COLUMNS,
    ACTIVITY_NAMES,
    ACTIVITY_SHEET,
    CODES_SHEET,
    FIRST_DATA_ROW,
    INSTRUCTIONS_SHEET,
    MAX_BYTES,
    MAX_ROWS,
    OUTPUT_COLUMNS,
    OUTPUT_SHEET,
    UNITS,
    ReportWorkbookInvalid,
)
from shuangtan.accounts.activity_template import build_template
from shuangtan.kit.workbook import Problem

__all__ = [
    "ACTIVITY_COLUMNS",
    "ACTIVITY_NAMES",
    "ACTIVITY_SHEET",
    "CODES_SHEET",
    "FIRST_DATA_ROW",
    "INSTRUCTIONS_SHEET",
    "MAX_BYTES",
    "MAX_ROWS",
    "OUTPUT_COLUMNS",
    "OUTPUT_SHEET",
    "UNITS",
    "ImportResult",
    "WorkbookInvalid",
    "WorkbookProblem",
    "build_template",
    "import_workbook",
    "parse_workbook",
    "template_kind",
]

WorkbookInvalid = ReportWorkbookInvalid
"""模板内容有误 (``report.workbook_invalid``, 422): every problem listed, nothing imported."""
WorkbookProblem = Problem
"""One problem of an uploaded workbook: sheet, row, column letter, header, zh and en."""
