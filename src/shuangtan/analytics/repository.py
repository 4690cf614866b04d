"""Reads of the accounts tables the pipeline needs (read-only; 只读查询).

The entity's industry and county (``accounts.models.Entity``) and the quantities an entity
reported for a month in its monthly activity report (``ActivityReport`` and its lines). As
grading and finance do (docs/architecture.md), this reads the tables directly; it never writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import ActivityReport, Entity, ReportLine

__all__ = ["ReportedLine", "entity_attributes", "reported_lines"]

_CHUNK = 500  # bound parameters per IN (...) list, well under SQLite's limit
_METERED_ACTIVITIES = ("purchased_electricity", "purchased_heat", "fuel_combustion")


@dataclass(frozen=True, slots=True)
class ReportedLine:
    """一条报告行 one line of a monthly report, as reported."""

    entity_id: int
    year: int
    month: int
    status: str
    activity: str
    item: str | None
    quantity: Decimal
    unit: str


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def entity_attributes(
    *, session: Session, entity_ids: Iterable[int]
) -> dict[int, tuple[str | None, str]]:
    """``{entity_id: (industry_code, county_code)}`` of the entities that exist."""
    out: dict[int, tuple[str | None, str]] = {}
    for chunk in _chunks(entity_ids):
        rows = session.execute(
            select(Entity.id, Entity.industry_code, Entity.county_code).where(Entity.id.in_(chunk))
        )
        out.update({row.id: (row.industry_code, row.county_code) for row in rows})
    return out


def reported_lines(
    *, session: Session, entity_ids: Iterable[int], years: Iterable[int]
) -> list[ReportedLine]:
    """The electricity, heat and fuel lines of the entities' monthly reports of the years."""
    year_list = sorted(set(years))
    out: list[ReportedLine] = []
    for chunk in _chunks(entity_ids):
        rows = session.execute(
            select(
                ActivityReport.entity_id,
                ActivityReport.year,
                ActivityReport.month,
                ActivityReport.status,
                ReportLine.activity,
                ReportLine.item,
                ReportLine.quantity,
                ReportLine.unit,
            )
            .join(ReportLine, ReportLine.report_id == ActivityReport.id)
            .where(
                ActivityReport.entity_id.in_(chunk),
                ActivityReport.year.in_(year_list),
                ReportLine.activity.in_(_METERED_ACTIVITIES),
            )
        )
        out.extend(ReportedLine(*row) for row in rows)
    return out
