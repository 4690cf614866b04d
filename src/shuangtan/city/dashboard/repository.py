"""Every read of the dashboard: aggregates of the entities' verified annual accounts.

The accounts (年度碳账户) belong to ``accounts``; the dashboard reads them through its one
query module (:mod:`shuangtan.accounts.query`) and writes nothing. Non-industrial entities
have no GB/T 4754 division; they are grouped by their kind (``public_building``,
``transport``, ``farm``), so every entity lands in exactly one group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.city.dashboard.suppression import Aggregate

__all__ = [
    "KIND_KEYS",
    "EntityYear",
    "cells_of_period",
    "cells_of_year",
    "entities_of_cell",
    "group_key",
    "years_with_accounts",
]

KIND_KEYS = frozenset(accounts_query.KINDS)
"""Group keys of entities without an industry: their kind."""

Cells = dict[str, dict[str, Aggregate]]
"""county code → group key → aggregate."""


def group_key(industry_code: str | None, kind: str) -> str:
    """The drill-down group of an entity: its GB/T 4754 division, else its kind."""
    return industry_code if industry_code else kind


def cells_of_year(session: Session, year: int) -> Cells:
    """County × group aggregates of the verified annual accounts of ``year``.

    Built from the anonymous contributions (one per verified account) so that each cell
    keeps its two largest contributions, which the disclosure rules need.
    """
    return _cells(accounts_query.verified_contributions(session, year=year))


def _cells(contributions: Iterable[accounts_query.VerifiedContribution]) -> Cells:
    parts: dict[str, dict[str, list[tuple[Decimal, Decimal]]]] = {}
    for one in contributions:
        key = group_key(one.industry_code, one.kind)
        parts.setdefault(one.county_code, {}).setdefault(key, []).append(
            (one.tco2e, one.energy_tce)
        )
    return {
        county: {key: Aggregate.of(values) for key, values in sorted(row.items())}
        for county, row in sorted(parts.items())
    }


def cells_of_period(session: Session, year: int, months: Sequence[int]) -> Cells:
    """Like :func:`cells_of_year`, over the verified months ``months`` of ``year`` only (a
    part-year's covered months, or the same months of another year)."""
    return _cells(accounts_query.verified_period_contributions(session, year=year, months=months))


def years_with_accounts(session: Session) -> list[int]:
    """The years holding at least one verified annual account, ascending."""
    return accounts_query.years_with_verified_accounts(session)


@dataclass(frozen=True, slots=True)
class EntityYear:
    """One entity's verified year inside a cell (officials only)."""

    entity_id: int
    name: str
    tco2e: Decimal
    energy_tce: Decimal
    months_verified: int


def entities_of_cell(
    session: Session, year: int, county_code: str, key: str
) -> Sequence[EntityYear]:
    """The entities of one county × group cell of ``year``, largest emitter first."""
    if key in KIND_KEYS:
        rows = accounts_query.verified_accounts(
            session, year=year, county_codes=[county_code], kind=key, without_industry=True
        )
    else:
        rows = accounts_query.verified_accounts(
            session, year=year, county_codes=[county_code], industry_code=key
        )
    return [
        EntityYear(
            entity_id=row.entity.id,
            name=row.entity.name,
            tco2e=row.account.tco2e,
            energy_tce=row.account.energy_tce,
            months_verified=row.account.months_verified,
        )
        for row in rows
    ]
