"""Writing an upload template (填报模板): bilingual headers, drop-downs, instructions.

:class:`TemplateBook` writes one data sheet per :class:`~.spec.SheetSpec` — Chinese headers on
row 1, English beneath on row 2, data from row 3, panes frozen below the headers, the columns'
widths — plus any sheets of instructions or codes the room wants. When the workbook is saved,
every column with ``codes`` gets a drop-down list kept on one hidden sheet of lists, and every
``month`` column a whole-number rule 1–12, over the sheet's ``template_rows`` data rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from shuangtan.kit.workbook.spec import Column, SheetSpec
from shuangtan.kit.workbook.style import write_headers, write_notes

__all__ = ["LISTS_SHEET", "TemplateBook"]

LISTS_SHEET = "代码 Codes"
"""The default title of the hidden sheet that holds the drop-down lists."""


class TemplateBook:
    """填报模板 a template being written: data sheets, notes, then drop-downs on saving."""

    def __init__(self, *, lists_title: str = LISTS_SHEET) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.lists_title = lists_title
        self._data: list[tuple[Worksheet, SheetSpec]] = []

    def data_sheet(
        self, spec: SheetSpec, *, prefill: Mapping[str, Sequence[Any]] | None = None
    ) -> Worksheet:
        """A sheet with the headers of ``spec`` and, optionally, values written down a column
        from the first data row (``{"month": range(1, 13)}``)."""
        sheet = self.workbook.create_sheet(spec.title)
        write_headers(sheet, spec.columns)
        sheet.freeze_panes = sheet.cell(row=spec.first_row, column=1)
        positions = {column.field: i for i, column in enumerate(spec.columns, start=1)}
        for field, values in (prefill or {}).items():
            for offset, value in enumerate(values):
                sheet.cell(row=spec.first_row + offset, column=positions[field], value=value)
        self._data.append((sheet, spec))
        return sheet

    def notes_sheet(
        self,
        title: str,
        rows: Iterable[Sequence[Any]],
        *,
        widths: Sequence[int] = (),
        heading: bool = True,
        bold_labels: bool = False,
    ) -> Worksheet:
        """A sheet of instructions or codes, written as rows of text."""
        sheet = self.workbook.create_sheet(title)
        write_notes(sheet, rows, widths=widths, heading=heading, bold_labels=bold_labels)
        return sheet

    def to_bytes(self, *, title: str | None = None, keywords: str | None = None) -> bytes:
        """The xlsx file, with the drop-downs and month rules added."""
        formulas = self._lists_sheet()
        for sheet, spec in self._data:
            _validate(sheet, spec, formulas)
        if title is not None:
            self.workbook.properties.title = title
        if keywords is not None:
            self.workbook.properties.keywords = keywords
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()

    def _lists_sheet(self) -> dict[str, str]:
        """The hidden sheet of drop-down lists (one column a field); each list's range."""
        lists: dict[str, tuple[str, ...]] = {}
        for _, spec in self._data:
            for column in spec.columns:
                if column.codes:
                    lists.setdefault(column.field, column.codes)
        if not lists:
            return {}
        sheet = self.workbook.create_sheet(self.lists_title)
        formulas = {}
        for index, (field, codes) in enumerate(lists.items(), start=1):
            letter = get_column_letter(index)
            sheet.cell(row=1, column=index, value=field)
            for row, code in enumerate(codes, start=2):
                sheet.cell(row=row, column=index, value=code)
            formulas[field] = f"'{self.lists_title}'!${letter}$2:${letter}${len(codes) + 1}"
        sheet.sheet_state = "hidden"
        return formulas


def _validate(sheet: Worksheet, spec: SheetSpec, formulas: Mapping[str, str]) -> None:
    """Drop-downs and month rules on the data rows of one sheet."""
    last = spec.first_row + spec.template_rows - 1
    for index, column in enumerate(spec.columns, start=1):
        rule = None
        if column.kind == "month":
            rule = _month_rule()
        elif column.codes:
            rule = _list_rule(formulas[column.field], column)
        if rule is not None:
            letter = get_column_letter(index)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}{spec.first_row}:{letter}{last}")


def _month_rule() -> DataValidation:
    rule = DataValidation(type="whole", operator="between", formula1="1", formula2="12")
    rule.error = "月份须为1–12 Month must be 1-12"
    rule.showErrorMessage = True
    return rule


def _list_rule(formula: str, column: Column) -> DataValidation:
    prompt = column.hint or column.header
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.promptTitle = "请选择 Choose"
    rule.prompt = prompt
    rule.showInputMessage = True
    rule.showErrorMessage = True
    rule.errorStyle = "stop" if column.strict else "warning"
    rule.errorTitle = "不在列表中 Not in the list"
    rule.error = prompt
    return rule
