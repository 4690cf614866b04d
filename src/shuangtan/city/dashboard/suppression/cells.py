"""Cells of a public table (汇总单元) and the table with its margins.

A *cell* aggregates emitting entities' verified annual accounts (one county × one industry
group × one year). It keeps what the sensitivity rules need: how many entities, the totals of
both measures it shows (tCO2e and tce) and, per measure, the two largest single contributions
(the largest for the dominance rule, the largest and the second largest for the p % rule,
whose intruder is the second-largest contributor).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

__all__ = [
    "MEASURES",
    "TOTAL",
    "Aggregate",
    "Key",
    "Measure",
    "with_margins",
]

TOTAL = "__total__"
"""The key of a margin (row total, column total) in a table; ``(TOTAL, TOTAL)`` the grand total."""

Key = tuple[Hashable, Hashable]
"""``(row, column)`` of an entry of a table, margins included."""

Measure = Literal["tco2e", "energy_tce"]
MEASURES: tuple[Measure, ...] = ("tco2e", "energy_tce")
"""The measures a cell shows: verified emissions (tCO2e) and energy (tce)."""

_ZERO = Decimal(0)


def _top_two(values: Iterable[Decimal]) -> tuple[Decimal, Decimal]:
    first = second = _ZERO
    for value in values:
        if value > first:
            first, second = value, first
        elif value > second:
            second = value
    return first, second


@dataclass(frozen=True, slots=True)
class Aggregate:
    """汇总单元 a cell: how many entities, their totals and the two largest contributions.

    ``largest_*`` and ``second_*`` are the largest and the second-largest single entity's
    contribution (0 when the cell has fewer entities). Every entity belongs to exactly one
    inner cell, so the aggregate of disjoint cells (``a + b``) is exact: its two largest
    contributions are the two largest of the four.
    """

    entities: int
    tco2e: Decimal
    energy_tce: Decimal
    largest_tco2e: Decimal
    largest_tce: Decimal
    second_tco2e: Decimal
    second_tce: Decimal

    def __add__(self, other: Aggregate) -> Aggregate:
        co2 = _top_two(
            (self.largest_tco2e, self.second_tco2e, other.largest_tco2e, other.second_tco2e)
        )
        tce = _top_two((self.largest_tce, self.second_tce, other.largest_tce, other.second_tce))
        return Aggregate(
            entities=self.entities + other.entities,
            tco2e=self.tco2e + other.tco2e,
            energy_tce=self.energy_tce + other.energy_tce,
            largest_tco2e=co2[0],
            largest_tce=tce[0],
            second_tco2e=co2[1],
            second_tce=tce[1],
        )

    @classmethod
    def empty(cls) -> Aggregate:
        zero = _ZERO
        return cls(0, zero, zero, zero, zero, zero, zero)

    @classmethod
    def combine(cls, parts: Iterable[Aggregate]) -> Aggregate:
        """The aggregate of several disjoint cells (entities are counted once each)."""
        result = cls.empty()
        for part in parts:
            result = result + part
        return result

    @classmethod
    def of(cls, contributions: Iterable[tuple[Decimal, Decimal]]) -> Aggregate:
        """The cell of entities contributing ``(tCO2e, tce)`` each."""
        pairs = list(contributions)
        co2 = _top_two(c for c, _ in pairs)
        tce = _top_two(t for _, t in pairs)
        return cls(
            entities=len(pairs),
            tco2e=sum((c for c, _ in pairs), _ZERO),
            energy_tce=sum((t for _, t in pairs), _ZERO),
            largest_tco2e=co2[0],
            largest_tce=tce[0],
            second_tco2e=co2[1],
            second_tce=tce[1],
        )

    def total(self, measure: Measure) -> Decimal:
        """The cell value in ``measure``."""
        return self.tco2e if measure == "tco2e" else self.energy_tce

    def top(self, measure: Measure) -> tuple[Decimal, Decimal]:
        """The largest and second-largest contribution in ``measure``."""
        if measure == "tco2e":
            return self.largest_tco2e, self.second_tco2e
        return self.largest_tce, self.second_tce


def with_margins(cells: Mapping[Any, Mapping[Any, Aggregate]]) -> dict[Key, Aggregate]:
    """Every entry of the two-way table ``cells[row][column]`` with its margins.

    Cells without entities are structural zeros (no entry). Row totals are ``(row, TOTAL)``,
    column totals ``(TOTAL, column)``, the grand total ``(TOTAL, TOTAL)``.
    """
    table: dict[Key, Aggregate] = {}
    by_row: dict[Hashable, list[Aggregate]] = {}
    by_column: dict[Hashable, list[Aggregate]] = {}
    for row, columns in cells.items():
        for column, cell in columns.items():
            if cell.entities > 0:
                table[(row, column)] = cell
                by_row.setdefault(row, []).append(cell)
                by_column.setdefault(column, []).append(cell)
    inner = list(table.values())
    for row, parts in by_row.items():
        table[(row, TOTAL)] = Aggregate.combine(parts)
    for column, parts in by_column.items():
        table[(TOTAL, column)] = Aggregate.combine(parts)
    if inner:
        table[(TOTAL, TOTAL)] = Aggregate.combine(inner)
    return table
