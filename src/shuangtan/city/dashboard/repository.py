"""Every query of the dashboard: read-only aggregates of the entities' verified annual accounts.

The accounts (年度碳账户) belong to ``accounts``; the dashboard reads them set-based, as
``grading`` does (docs/architecture.md, "Cross-room reads"), and writes nothing.
Non-industrial entities have no GB/T 4754 division; they are grouped by their kind
(``public_building``, ``transport``, ``farm``), so every entity lands in exactly one group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import AnnualAccount, Entity, EntityKind
from shuangtan.city.dashboard.suppression import Aggregate

__all__ = [
    "KIND_KEYS",
    "EntityYear",
    "cells_of_year",
    "entities_of_cell",
    "group_key",
    "years_with_accounts",
]

KIND_KEYS = frozenset(kind.value for kind in EntityKind)
"""Group keys of entities without an industry: their kind."""

Cells = dict[str, dict[str, Aggregate]]
"""county code → group key → aggregate."""


def group_key(industry_code: str | None, kind: str) -> str:
    """The drill-down group of an entity: its GB/T 4754 division, else its kind."""
    return industry_code if industry_code else kind


def cells_of_year(session: Session, year: int) -> Cells:
    """County × group aggregates of the verified annual accounts of ``year``."""
    statement = (
        select(
            Entity.county_code,
            Entity.industry_code,
            Entity.kind,
            func.count(AnnualAccount.id),
            func.sum(AnnualAccount.tco2e),
            func.sum(AnnualAccount.energy_tce),
            func.max(AnnualAccount.tco2e),
            func.max(AnnualAccount.energy_tce),
        )
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(AnnualAccount.year == year, AnnualAccount.months_verified > 0)
        .group_by(Entity.county_code, Entity.industry_code, Entity.kind)
    )
    cells: Cells = {}
    for county, industry, kind, n, tco2e, tce, max_tco2e, max_tce in session.execute(statement):
        cell = Aggregate(
            entities=int(n),
            tco2e=Decimal(tco2e or 0),
            energy_tce=Decimal(tce or 0),
            largest_tco2e=Decimal(max_tco2e or 0),
            largest_tce=Decimal(max_tce or 0),
        )
        row = cells.setdefault(str(county), {})
        key = group_key(industry, str(kind))
        row[key] = row[key] + cell if key in row else cell
    return cells


def years_with_accounts(session: Session) -> list[int]:
    """The years holding at least one verified annual account, ascending."""
    statement = (
        select(AnnualAccount.year)
        .where(AnnualAccount.months_verified > 0)
        .group_by(AnnualAccount.year)
        .order_by(AnnualAccount.year)
    )
    return [int(y) for y in session.execute(statement).scalars()]


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
    statement = (
        select(Entity, AnnualAccount)
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(
            AnnualAccount.year == year,
            AnnualAccount.months_verified > 0,
            Entity.county_code == county_code,
        )
        .order_by(AnnualAccount.tco2e.desc(), Entity.id)
    )
    if key in KIND_KEYS:
        statement = statement.where(Entity.industry_code.is_(None), Entity.kind == key)
    else:
        statement = statement.where(Entity.industry_code == key)
    return [
        EntityYear(
            entity_id=entity.id,
            name=entity.name,
            tco2e=Decimal(account.tco2e),
            energy_tce=Decimal(account.energy_tce),
            months_verified=account.months_verified,
        )
        for entity, account in session.execute(statement)
    ]
