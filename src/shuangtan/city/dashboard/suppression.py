"""Cell suppression of public tables (统计数据保密:单元格抑制).

Pure: no database, no web. A *cell* is an aggregate of emitting entities' verified annual
accounts (e.g. one county × one industry × one year). Before a table goes to the public:

1. **Primary suppression** (一次抑制), two sensitivity rules used in statistical disclosure
   control of magnitude tables:

   - the *threshold rule* (最少主体数规则): a cell built from fewer than
     :data:`MIN_CONTRIBUTORS` = 3 entities is sensitive — "some agencies require at least five
     respondents in a cell, others require three" (OECD Glossary of Statistical Terms,
     "Threshold rule", from the UNECE/Eurostat Glossary of Statistical Disclosure Control, 2005);
   - the *(n, k) dominance rule* with n = 1, k = 85 (支配规则): a cell is sensitive if its
     largest contributor accounts for more than 85 % of the cell total (Hundepool et al.,
     *Handbook on Statistical Disclosure Control*, ESSNet SDC, version 1.2, 2010, §4.2
     "sensitivity rules"; the rule "n largest units contribute more than k %").

   Exactly 85 % is not sensitive ("more than"); the share is compared in exact decimals
   (``largest × 100 > 85 × total``). The rule is applied to every measure a cell shows
   (tCO2e and tce): sensitive in either, suppressed in both.

2. **Secondary (complementary) suppression** (二次抑制): a suppressed cell must not be
   recoverable by subtraction from a published total. The table is seen with its margins
   (row totals, column totals, grand total); every row and every column including its total
   is one additive *line*. While some line has exactly one suppressed entry, the smallest
   (by tCO2e) other entry of that line that may be suppressed is suppressed too, preferring
   inner cells to the total. This is the simple line rule of complementary suppression as
   described in the U.S. Federal Committee on Statistical Methodology's *Statistical Policy
   Working Paper 22* (2nd ed., 2005), ch. 4; it is a heuristic, not the optimal
   (linear-programming) pattern, and it does not compute protection intervals.

A county official knows its own county's row in full (it sees its entities). The pattern is
therefore made safe for every reader at once: the public, and a reader who knows any one
*insider* row. For each line and each such reader the count is taken over the entries that
reader does not know; a county official then sees the public pattern with its own row shown,
which leaves no line with a single unknown for it either.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "DOMINANCE_PERCENT",
    "MIN_CONTRIBUTORS",
    "TOTAL",
    "Aggregate",
    "Reason",
    "primary_reason",
    "protect_table",
]

MIN_CONTRIBUTORS = 3
"""Threshold rule: a cell needs at least this many entities (OECD glossary, "Threshold rule")."""
DOMINANCE_PERCENT = Decimal(85)
"""(1, k) dominance rule: one entity above this share (%) of the cell makes it sensitive."""

TOTAL = "__total__"
"""The key of the margin (row total, column total) in :func:`protect_table`."""


class Reason(StrEnum):
    """抑制原因 why a cell is not shown to the public."""

    threshold = "threshold"  # fewer than 3 entities (主体数少于3家)
    dominance = "dominance"  # one entity above 85 % (单一主体占比超过85%)
    secondary = "secondary"  # complementary: would reveal another cell (防止倒推)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """汇总单元 a cell: how many entities, their totals and the largest single contribution."""

    entities: int
    tco2e: Decimal
    energy_tce: Decimal
    largest_tco2e: Decimal
    largest_tce: Decimal

    def __add__(self, other: Aggregate) -> Aggregate:
        return Aggregate(
            entities=self.entities + other.entities,
            tco2e=self.tco2e + other.tco2e,
            energy_tce=self.energy_tce + other.energy_tce,
            largest_tco2e=max(self.largest_tco2e, other.largest_tco2e),
            largest_tce=max(self.largest_tce, other.largest_tce),
        )

    @classmethod
    def empty(cls) -> Aggregate:
        zero = Decimal(0)
        return cls(entities=0, tco2e=zero, energy_tce=zero, largest_tco2e=zero, largest_tce=zero)

    @classmethod
    def combine(cls, parts: Iterable[Aggregate]) -> Aggregate:
        """The aggregate of several disjoint cells (entities are counted once each)."""
        result = cls.empty()
        for part in parts:
            result = result + part
        return result


def _dominated(total: Decimal, largest: Decimal) -> bool:
    return total > 0 and largest * 100 > DOMINANCE_PERCENT * total


def primary_reason(cell: Aggregate) -> Reason | None:
    """The primary sensitivity of ``cell`` (threshold first, then dominance), or ``None``."""
    if cell.entities < MIN_CONTRIBUTORS:
        return Reason.threshold
    if _dominated(cell.tco2e, cell.largest_tco2e) or _dominated(cell.energy_tce, cell.largest_tce):
        return Reason.dominance
    return None


Key = tuple[Hashable, Hashable]


def _lines(keys: Iterable[Key]) -> list[list[Key]]:
    """Every row and every column with its margin, in a fixed order (by the keys' text)."""
    rows: dict[Hashable, list[Key]] = {}
    columns: dict[Hashable, list[Key]] = {}
    for key in keys:
        rows.setdefault(key[0], []).append(key)
        columns.setdefault(key[1], []).append(key)
    ordered = [rows[r] for r in sorted(rows, key=str)] + [
        columns[c] for c in sorted(columns, key=str)
    ]
    return [sorted(line, key=str) for line in ordered]


def protect_table(
    cells: Mapping[Any, Mapping[Any, Aggregate]],
    *,
    insiders: Iterable[Any] = (),
) -> dict[Key, Reason]:
    """The suppressed entries of a two-way table and why, margins included.

    ``cells[row][column]`` are the inner cells (absent = no entity: a structural zero, shown).
    ``insiders`` are rows a reader may know in full (a county official knows its own county):
    the pattern is made safe for the public and for a reader who knows any one of these rows.
    The result maps ``(row, column)`` — with :data:`TOTAL` for a margin, ``(TOTAL, TOTAL)`` the
    grand total — to its :class:`Reason`; entries not in it may be published.
    """
    table: dict[Key, Aggregate] = {}
    for row, columns in cells.items():
        for column, cell in columns.items():
            if cell.entities > 0:
                table[(row, column)] = cell
    by_row: dict[Hashable, list[Aggregate]] = {}
    by_column: dict[Hashable, list[Aggregate]] = {}
    for (row, column), cell in list(table.items()):
        by_row.setdefault(row, []).append(cell)
        by_column.setdefault(column, []).append(cell)
    for row, parts in by_row.items():
        table[(row, TOTAL)] = Aggregate.combine(parts)
    for column, parts in by_column.items():
        table[(TOTAL, column)] = Aggregate.combine(parts)
    if table:
        table[(TOTAL, TOTAL)] = Aggregate.combine(
            cell for (row, column), cell in table.items() if TOTAL not in (row, column)
        )

    suppressed: dict[Key, Reason] = {}
    for key, cell in table.items():
        reason = primary_reason(cell)
        if reason is not None:
            suppressed[key] = reason

    readers: list[Any] = [None, *sorted(set(insiders), key=str)]  # None: the public
    lines = _lines(table)
    changed = True
    while changed:
        changed = False
        for line in lines:
            for known in readers:
                unknown = [k for k in line if k in suppressed and k[0] != known]
                if len(unknown) != 1:
                    continue
                candidates = [k for k in line if k not in suppressed and k[0] != known]
                if not candidates:
                    continue  # the one unknown is the line's margin: nothing new is revealed
                candidates.sort(key=lambda k: (TOTAL in k, table[k].tco2e, str(k)))
                suppressed[candidates[0]] = Reason.secondary
                changed = True
    return suppressed
