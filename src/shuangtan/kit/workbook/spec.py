"""What a sheet and its columns are (工作表与列的规格), said once for writing and reading.

A :class:`Column` names the field it fills, its Chinese header (row 1 of a template) and
English header (row 2), its width, its kind (which number format it is written with, which
validation a template gives it), whether the header must be there, and the codes a template
offers in a drop-down. A :class:`SheetSpec` is a titled sequence of columns with the row the
data start on and the most data rows a room reads from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "FIRST_DATA_ROW",
    "MAX_DATA_ROWS",
    "Column",
    "Kind",
    "SheetSpec",
    "decimal_format",
    "number_format",
]

Kind = Literal["text", "number", "integer", "month", "percent"]
"""What a column holds: text; a number (``decimals`` places shown); a whole number (years,
counts, ids); a month 1–12 (a template validates it); a fraction shown as a percentage."""

FIRST_DATA_ROW = 3
"""Row 1 holds the Chinese headers, row 2 the English ones; data start on row 3."""
MAX_DATA_ROWS = 5000
"""Data rows a room reads from one sheet unless its spec says otherwise."""


@dataclass(frozen=True, slots=True)
class Column:
    """列 one column of a sheet: the field it fills, its two headers, width and kind.

    ``required`` means the header must be there (an upload without it is refused, the column
    named); whether a cell of it may be blank is the room's rule. ``codes`` are offered in a
    drop-down by a template (``strict`` refuses anything else in Excel; otherwise a warning);
    ``hint`` is the drop-down's prompt. ``decimals`` is how many places a written number shows.
    """

    field: str
    zh: str
    en: str
    width: int = 14
    kind: Kind = "number"
    required: bool = False
    codes: tuple[str, ...] = ()
    strict: bool = True
    hint: str = ""
    decimals: int | None = None

    @property
    def header(self) -> str:
        """Both headers on one line, as a problem names the column: ``数量 Quantity``."""
        return " ".join(part for part in (self.zh, self.en) if part)


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """工作表规格 a sheet of a template or an upload: its title, columns and data rows.

    ``template_rows`` is how many data rows a template's validations cover; ``max_rows`` how
    many data rows are read (a non-blank row past them is a problem, never silently dropped).
    """

    title: str
    columns: tuple[Column, ...]
    first_row: int = FIRST_DATA_ROW
    max_rows: int = MAX_DATA_ROWS
    template_rows: int = 1000
    fields: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_field: dict[str, Column] = {}
        for column in self.columns:
            by_field.setdefault(column.field, column)
        object.__setattr__(self, "fields", by_field)

    def column(self, name: str) -> Column:
        """The column of field ``name``."""
        return self.fields[name]


def number_format(column: Column) -> str | None:
    """The Excel number format a written cell of ``column`` gets (None: Excel's General).

    Numbers with ``decimals`` show that many places with thousands separators
    (``#,##0.00``); whole numbers show as written, without separators (years, ids); a
    percentage shows one place unless ``decimals`` says otherwise.
    """
    if column.kind == "integer" or column.kind == "month":
        return "0"
    if column.kind == "percent":
        places = 1 if column.decimals is None else column.decimals
        return "0%" if places == 0 else "0." + "0" * places + "%"
    if column.kind == "number" and column.decimals is not None:
        return decimal_format(column.decimals)
    return None


def decimal_format(decimals: int) -> str:
    """A number with thousands separators and ``decimals`` places: ``#,##0.00``."""
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
