"""Number formats of printed documents (数字格式): one place for how a figure is written.

Every printed figure goes through one of these, in a PDF template (as a filter of the print
environment), in a Word table (as a column's format) or in a chart's axis labels:

- :func:`fixed` — thousands separators and a fixed number of decimals: ``1,234.50``;
- :func:`trimmed` — thousands separators and at most so many decimals: ``1,234.5``;
- :func:`figure` — the precision follows the size: ``12,346``, ``12.35``, ``0.1235``;
- :func:`pct` — a share in per cent: ``56.7%``;
- :func:`yes_no` — ``是`` / ``否``.

A missing value (``None``) is written :data:`MISSING` (``—``) by all of them. A
:class:`~decimal.Decimal` is formatted as a Decimal (never through a float), so a stored
``2.675`` prints ``2.68`` with two decimals, as the ledger would round it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = [
    "MISSING",
    "Format",
    "Number",
    "decimals",
    "figure",
    "fixed",
    "pct",
    "text",
    "trimmed",
    "yes_no",
]

MISSING = "—"
"""What a missing figure prints as (an em dash, as in Chinese statistical tables)."""

Number = Decimal | float | int
Format = Callable[[Any], str]
"""A column's or a cell's format: a value (or ``None``) in, its printed text out."""


def fixed(value: Number | None, digits: int = 2) -> str:
    """``value`` with thousands separators and exactly ``digits`` decimals (``1,234.50``)."""
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


def trimmed(value: Number | None, digits: int = 2) -> str:
    """``value`` with thousands separators and at most ``digits`` decimals (``1,234.5``).

    Trailing zeros of the decimals are dropped, and the point with them (``12.50`` → ``12.5``,
    ``3.00`` → ``3``); the integer part is never touched (``1,000`` stays ``1,000``).
    """
    if value is None:
        return MISSING
    written = f"{value:,.{digits}f}"
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return written


def figure(value: Number | None) -> str:
    """``value`` with a precision that follows its size, for text that mixes magnitudes.

    From 1,000 on: whole numbers (``12,346``); from 10: at most two decimals (``12.35``);
    below: at most four (``0.1235``). Trailing zeros are dropped as in :func:`trimmed`.
    """
    if value is None:
        return MISSING
    size = abs(float(value))  # only to choose the precision; the value is written as it is
    digits = 0 if size >= 1000 else 2 if size >= 10 else 4
    return trimmed(value, digits)


def pct(value: Number | None, digits: int = 1) -> str:
    """A share already in per cent, with ``digits`` decimals and a ``%`` sign (``56.7%``)."""
    if value is None:
        return MISSING
    return f"{value:.{digits}f}%"


def yes_no(value: Number | bool | None) -> str:
    """``是`` for a true (or ≥ 0.5) value, ``否`` otherwise; ``—`` when missing."""
    if value is None:
        return MISSING
    return "是" if value >= 0.5 else "否"


def text(value: Any) -> str:
    """A cell that is already text (or any value, written with ``str``); ``—`` when missing."""
    if value is None:
        return MISSING
    return str(value)


def decimals(digits: int) -> Format:
    """The format :func:`fixed` with ``digits`` decimals, as one value for a table column."""

    def format_fixed(value: Any) -> str:
        return fixed(value, digits)

    format_fixed.__name__ = f"fixed_{digits}"
    return format_fixed
