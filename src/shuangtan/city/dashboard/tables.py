"""The protected tables of the dashboard (保密汇总表): what a viewer sees of a year's cells.

A year's county × group table (:func:`~shuangtan.city.dashboard.repository.cells_of_year`)
goes out with the public pattern of :mod:`~shuangtan.city.dashboard.suppression` applied: a
withheld entry shows no value, no number of entities and no reason (one mark, "confidential":
the reason — too few entities, one dominant — would itself be a hint).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from shuangtan.city.dashboard.suppression import TOTAL, Aggregate, Key, Reason, Rules, protect_table

__all__ = ["CellView", "Cells", "Table", "clear_patterns", "public_pattern"]

Cells = dict[str, dict[str, Aggregate]]
"""county code → group key → aggregate."""


@dataclass(frozen=True, slots=True)
class CellView:
    """一个汇总单元 a shown aggregate: values, or ``suppressed`` (always
    :attr:`Reason.confidential`: why a cell is withheld is itself a hint) and no values."""

    key: str
    name_zh: str
    name_en: str
    entities: int | None
    tco2e: Decimal | None
    energy_tce: Decimal | None
    suppressed: Reason | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A year's county × group table as one viewer sees it: ``suppressed`` its hidden entries."""

    cells: dict[str, dict[str, Aggregate]]
    suppressed: Mapping[Key, Reason]

    def view(self, row: str, column: str, key: str, names: tuple[str, str]) -> CellView | None:
        """The entry ``(row, column)`` (:data:`TOTAL` for a margin) shown as ``key``."""
        if row == TOTAL and column == TOTAL:
            parts = [c for r in self.cells.values() for c in r.values()]
        elif column == TOTAL:
            parts = list(self.cells.get(row, {}).values())
        elif row == TOTAL:
            parts = [r[column] for r in self.cells.values() if column in r]
        else:
            parts = [self.cells[row][column]] if column in self.cells.get(row, {}) else []
        cell = Aggregate.combine(parts)
        if cell.entities == 0:
            return None
        if (row, column) in self.suppressed:
            return CellView(key, *names, None, None, None, suppressed=Reason.confidential)
        return CellView(key, *names, cell.entities, cell.tco2e, cell.energy_tce)


Frozen = tuple[tuple[str, tuple[tuple[str, Aggregate], ...]], ...]


def _frozen(cells: Cells) -> Frozen:
    return tuple((county, tuple(sorted(row.items()))) for county, row in sorted(cells.items()))


@lru_cache(maxsize=64)
def _pattern(cells: Frozen, rules: Rules) -> Mapping[Key, Reason]:
    table = {county: dict(row) for county, row in cells}
    return MappingProxyType(protect_table(table, insiders=table.keys(), rules=rules))


def public_pattern(cells: Cells, rules: Rules) -> Mapping[Key, Reason]:
    """The entries the public does not see of ``cells`` and why, margins included: safe for
    the public and for a reader who knows any one county's row (a county official).

    Computed once per table content and rules (the pattern depends on nothing else, and a
    year's table changes only when its accounts do): the officials' trend panels read six
    years' tables on every request."""
    return _pattern(_frozen(cells), rules)


def clear_patterns() -> None:
    """Forget the computed patterns (benchmarks time the computation itself)."""
    _pattern.cache_clear()
