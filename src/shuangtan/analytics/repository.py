"""Reads of the accounts the pipeline needs (read-only; 只读查询).

The entity's industry and county and the quantities an entity reported for a month in its
monthly activity report, read through the accounts' one query module
(:mod:`shuangtan.accounts.query`); the pipeline never writes them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.accounts.query import ReportedLine

__all__ = ["ReportedLine", "entity_attributes", "reported_lines"]

METERED_ACTIVITIES = ("purchased_electricity", "purchased_heat", "fuel_combustion")
"""The activities a meter measures: electricity, heat and fuel."""


def entity_attributes(
    *, session: Session, entity_ids: Iterable[int]
) -> dict[int, tuple[str | None, str]]:
    """``{entity_id: (industry_code, county_code)}`` of the entities that exist."""
    places = accounts_query.entity_places(session, entity_ids)
    return {entity_id: (industry, county) for entity_id, (_, county, industry) in places.items()}


def reported_lines(
    *, session: Session, entity_ids: Iterable[int], years: Iterable[int]
) -> list[ReportedLine]:
    """The electricity, heat and fuel lines of the entities' monthly reports of the years."""
    return accounts_query.reported_lines(
        session, entity_ids=entity_ids, years=years, activities=METERED_ACTIVITIES
    )
