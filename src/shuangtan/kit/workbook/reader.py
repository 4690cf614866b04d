"""Reading an uploaded workbook (读取上传的工作簿): guarded, streamed, every problem kept.

:class:`WorkbookReader` passes the upload through the guards (:func:`~.guards.check_package`),
opens it with openpyxl in read-only mode (cells are streamed from the sheet XML, never held
whole), refuses a sheet whose ``<dimension>`` declares more rows, columns or cells than the
limits, then lets the room read:

- :meth:`WorkbookReader.header` finds each column of a :class:`~.spec.SheetSpec` by its Chinese
  or its English header (rows above the data), naming every required column that is missing;
- :meth:`WorkbookReader.rows` streams the non-blank data rows as :class:`Row` objects, whose
  :meth:`Row.fail` records a problem at that row's cell of a field;
- :meth:`WorkbookReader.raise_if_problems` raises the room's :class:`~.errors.WorkbookInvalid`
  listing everything found.

A refusal by a guard, an unreadable part or malformed sheet XML met while streaming is raised
at once, as the same 422 problem. All-or-nothing is the room's: read everything first, write
only when nothing was found wrong.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from shuangtan.kit.workbook.errors import NOT_A_WORKBOOK, Problem, WorkbookInvalid
from shuangtan.kit.workbook.guards import LIMITS, UNSAFE_XML, Limits, check_package
from shuangtan.kit.workbook.spec import Column, SheetSpec

__all__ = ["Header", "Row", "WorkbookReader", "clean", "is_blank"]


def clean(value: object) -> object:
    """A cell's value as a room reads it: text stripped (blank text is None), a whole float
    as an int (Excel keeps numbers as doubles), anything else as it is."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def is_blank(value: object) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True, slots=True)
class Header:
    """表头 where each field's column is on a sheet (1-based), as its headers say."""

    spec: SheetSpec
    index: dict[str, int]

    @property
    def complete(self) -> bool:
        """True when every required column was found."""
        return all(c.field in self.index for c in self.spec.columns if c.required)

    def letter(self, field: str) -> str | None:
        """The column letter of ``field``, or None when the sheet lacks it."""
        index = self.index.get(field)
        return None if index is None else get_column_letter(index)


@dataclass(slots=True)
class Row:
    """一行数据 one non-blank data row: its number and the cleaned value of each field found."""

    reader: WorkbookReader
    header: Header
    number: int
    values: dict[str, object]

    def __getitem__(self, field: str) -> object:
        return self.values.get(field)

    def has(self, field: str) -> bool:
        """True when the sheet has the column of ``field`` and this row fills it."""
        return self.values.get(field) is not None

    def fail(self, field: str | None, message_zh: str, message_en: str) -> None:
        """Record a problem at this row's cell of ``field`` (the whole row when None)."""
        column: Column | None = None if field is None else self.header.spec.fields.get(field)
        self.reader.add(
            Problem(
                sheet=self.header.spec.title,
                row=self.number,
                column=None if field is None else self.header.letter(field),
                header=None if column is None else column.header,
                message_zh=message_zh,
                message_en=message_en,
            )
        )


class WorkbookReader:
    """读取工作簿 an upload opened behind the guards, read sheet by sheet, problems kept.

    ``error`` is the room's subclass of :class:`WorkbookInvalid` (its stable code); every
    refusal and :meth:`raise_if_problems` raise it. Use as a context manager (it closes the
    archive).
    """

    def __init__(
        self,
        data: bytes,
        *,
        error: type[WorkbookInvalid] = WorkbookInvalid,
        limits: Limits = LIMITS,
    ) -> None:
        self.error = error
        self.limits = limits
        self.problems: list[Problem] = []
        refusal = check_package(data, limits)
        if refusal is not None:
            raise error.of([refusal])
        try:
            self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a malformed package
            raise self._unreadable(exc) from exc
        try:
            self._check_dimensions()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> WorkbookReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive (read-only workbooks keep it open)."""
        self._book.close()

    @property
    def sheetnames(self) -> list[str]:
        """The titles of the workbook's sheets, in order."""
        return list(self._book.sheetnames)

    def __contains__(self, title: object) -> bool:
        return title in self._book.sheetnames

    def add(self, problem: Problem) -> None:
        """Record a problem; nothing is raised until :meth:`raise_if_problems`."""
        self.problems.append(problem)

    def fail(
        self,
        sheet: str,
        message_zh: str,
        message_en: str,
        *,
        row: int | None = None,
        column: str | None = None,
        header: str | None = None,
    ) -> None:
        """Record a problem of a sheet (or of a cell of it, given its row and column letter)."""
        self.add(Problem(sheet, row, column, header, message_zh, message_en))

    def raise_if_problems(self) -> None:
        """Raise the room's error listing every problem recorded, if any."""
        if self.problems:
            raise self.error.of(self.problems)

    def require(self, spec: SheetSpec) -> bool:
        """True when the sheet of ``spec`` is there; otherwise record that it is missing."""
        if spec.title in self:
            return True
        self.fail(
            spec.title,
            f"缺少工作表“{spec.title}”，请使用平台下载的模板",
            f"sheet '{spec.title}' is missing; please use the platform's template",
        )
        return False

    def head(self, title: str, *, rows: int, columns: int) -> list[tuple[object, ...]]:
        """The cleaned values of the top-left ``rows`` × ``columns`` of a sheet."""
        sheet = self._book[title]
        found = self._stream(sheet, min_row=1, max_row=rows, max_col=columns)
        return [
            tuple(clean(v) for v in values) + (None,) * (columns - len(values)) for values in found
        ]

    def header(self, spec: SheetSpec) -> Header:
        """Each field's column, found by its Chinese or English header in the header rows.

        The first column whose header names a field wins. A required column that is missing
        is recorded as a problem (row 1, the column's headers).
        """
        sheet = self._book[spec.title]
        width = min(sheet.max_column or self.limits.max_columns, self.limits.max_columns)
        wanted = {c.zh: c for c in spec.columns} | {c.en: c for c in spec.columns if c.en}
        index: dict[str, int] = {}
        for values in self._stream(sheet, min_row=1, max_row=spec.first_row - 1, max_col=width):
            for position, value in enumerate(values, start=1):
                text = clean(value)
                column = None if text is None else wanted.get(str(text))
                if column is not None and column.field not in index:
                    index[column.field] = position
        for column in spec.columns:
            if column.required and column.field not in index:
                self.fail(
                    spec.title,
                    f"缺少列“{column.zh}”，请使用平台下载的模板",
                    f"column '{column.en}' is missing; please use the platform's template",
                    row=1,
                    header=column.header,
                )
        return Header(spec, index)

    def rows(self, header: Header) -> Iterator[Row]:
        """The non-blank data rows of the sheet, streamed, with the values of the fields found.

        At most ``spec.max_rows`` rows are read (and never past the limits' rows of a sheet); a
        non-blank row past them is a problem (the reading stops there) rather than data silently
        left out.
        """
        spec = header.spec
        if not header.index:
            return
        sheet = self._book[spec.title]
        most = min(spec.max_rows, self.limits.max_rows - spec.first_row + 1)
        beyond = spec.first_row + most
        width = max(header.index.values())
        found = self._stream(sheet, min_row=spec.first_row, max_row=beyond, max_col=width)
        for number, values in enumerate(found, start=spec.first_row):
            cells = {
                field: clean(values[i - 1]) if i <= len(values) else None
                for field, i in header.index.items()
            }
            if all(value is None for value in cells.values()):
                continue
            if number >= beyond:
                self.fail(
                    spec.title,
                    f"数据超过 {most} 行，请分成几份文件导入",
                    f"more than {most} data rows; please split the file",
                    row=number,
                )
                return
            yield Row(self, header, number, cells)

    def _stream(
        self, sheet: Any, *, min_row: int, max_row: int, max_col: int
    ) -> Iterator[tuple[object, ...]]:
        """Rows of values from the sheet XML; a malformed part is the one 422 problem."""
        try:
            yield from sheet.iter_rows(
                min_row=min_row, max_row=max_row, max_col=max_col, values_only=True
            )
        except Exception as exc:  # malformed XML, a bad shared-string index, a CRC failure
            raise self._unreadable(exc) from exc

    def _check_dimensions(self) -> None:
        """Refuse a sheet whose ``<dimension>`` declares more than the limits allow."""
        limits = self.limits
        for sheet in self._book.worksheets:
            rows, columns = getattr(sheet, "max_row", None), getattr(sheet, "max_column", None)
            if rows is None or columns is None:
                continue  # no dimension: the streaming caps still hold
            within = rows <= limits.max_rows and columns <= limits.max_columns
            if within and rows * columns <= limits.max_cells:
                continue
            used = f"A1:{get_column_letter(min(columns, 16384))}{rows}"
            raise self.error.of(
                [
                    Problem(
                        sheet.title,
                        None,
                        None,
                        None,
                        f"工作表的使用范围 {used} 超过上限（{limits.max_rows} 行、"
                        f"{limits.max_columns} 列、{limits.max_cells} 个单元格），"
                        "请删除多余的行和列后重试",
                        f"the sheet's used range {used} is over the limits ({limits.max_rows} "
                        f"rows, {limits.max_columns} columns, {limits.max_cells} cells); "
                        "delete the extra rows and columns and try again",
                    )
                ]
            )

    def _unreadable(self, exc: BaseException) -> WorkbookInvalid:
        unsafe = isinstance(exc, DefusedXmlException)
        return self.error.of([UNSAFE_XML if unsafe else NOT_A_WORKBOOK])
