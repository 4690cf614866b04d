"""The one read of the carbon accounts (碳账户查询) that other rooms use.

``accounts`` owns the entities, their monthly reports and the annual accounts; every other room
(grading, finance, the inventory, the road to the peak, the dashboard, the meter pipeline)
reads them through this module and nothing else, so there is one query of "the verified
annual accounts" and it is written here once. Everything returned is a frozen record, never an
ORM object: no room can write through a read.

- :func:`verified_totals` — sums of the verified annual accounts of a year (or every year),
  grouped by any of year, county, industry (GB/T 4754 division) and kind of entity;
- :func:`verified_accounts` — the entity-years behind those sums, largest emitter first;
- :func:`verified_line_totals` — tCO2e of the lines of verified monthly reports (e.g. the
  process and non-CO2 lines that the inventory counts as IPPU);
- :func:`years_with_verified_accounts`, :func:`entity`, :func:`entities`,
  :func:`entity_places`, :func:`reported_lines` — what the other rooms look up;
- :func:`year_coverage`, :func:`verified_months`, :func:`verified_period_contributions`,
  :func:`months_text`, :func:`period_text` — which months a year holds (部分年度), so
  that an incomplete year is labelled with its months and compared with the same months of
  another year.

A year is complete (全年) when each of its twelve months is verified by at least half of the
entities with a verified account that year; otherwise its covered months are the months that
at least half of them have verified (e.g. 1–8月 while September's reports are still being
checked). One rule for every room (:mod:`.periods`), documented in docs/accounts.md.

"Verified" means an annual account with at least one verified month (the account is the sum of
the verified months, see :mod:`shuangtan.accounts.annual`); a report line counts when its
report is in a verified state (``VERIFIED_STATES``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    AnnualAccount,
    Entity,
    EntityKind,
    ReportLine,
)
from shuangtan.accounts.periods import (
    ALL_MONTHS,
    YearCoverage,
    months_text,
    period_text,
    verified_months,
    year_coverage,
)

__all__ = [
    "ALL_MONTHS",
    "KINDS",
    "AccountRecord",
    "Dimension",
    "EntityRecord",
    "ReportedLine",
    "VerifiedAccount",
    "VerifiedContribution",
    "VerifiedTotal",
    "YearCoverage",
    "accounts_of_entity",
    "entities",
    "entity",
    "entity_places",
    "months_text",
    "period_text",
    "reported_lines",
    "verified_accounts",
    "verified_contributions",
    "verified_line_totals",
    "verified_months",
    "verified_period_contributions",
    "verified_totals",
    "year_coverage",
    "years_with_verified_accounts",
]

KINDS = tuple(kind.value for kind in EntityKind)
"""The kinds of emitting entity (工业企业, 公共机构/公共建筑, 交通运输企业, 农业经营主体)."""

Dimension = Literal["year", "county", "industry", "kind"]
"""What verified totals may be grouped by."""

_CHUNK = 500  # bound parameters per IN (...) list, well under SQLite's limit
_VERIFIED = AnnualAccount.months_verified > 0
_DIMENSIONS: dict[str, Any] = {
    "year": AnnualAccount.year,
    "county": Entity.county_code,
    "industry": Entity.industry_code,
    "kind": Entity.kind,
}


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """排放主体 an emitting entity, as other rooms read it."""

    id: int
    kind: str
    name: str
    uscc: str | None
    county_code: str
    industry_code: str | None
    land_area_mu: Decimal | None
    floor_area_m2: Decimal | None
    sown_area_mu: Decimal | None
    livestock_head: int | None
    is_active: bool

    @classmethod
    def of(cls, row: Entity) -> EntityRecord:
        """The record of an entity row."""
        return cls(
            id=row.id,
            kind=row.kind,
            name=row.name,
            uscc=row.uscc,
            county_code=row.county_code,
            industry_code=row.industry_code,
            land_area_mu=row.land_area_mu,
            floor_area_m2=row.floor_area_m2,
            sown_area_mu=row.sown_area_mu,
            livestock_head=row.livestock_head,
            is_active=row.is_active,
        )


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """年度碳账户 an entity's annual account: the sum of its verified months."""

    entity_id: int
    year: int
    months_verified: int
    tco2e: Decimal
    scope1_tco2e: Decimal
    scope2_tco2e: Decimal
    energy_tce: Decimal
    reported_tco2e: Decimal
    value_added_10k_cny: Decimal | None
    tax_10k_cny: Decimal | None
    mandatory_reporter: bool
    key_energy_user: bool
    ets_covered: bool
    computed_at: datetime

    @classmethod
    def of(cls, row: AnnualAccount) -> AccountRecord:
        """The record of an annual account row."""
        return cls(
            entity_id=row.entity_id,
            year=row.year,
            months_verified=row.months_verified,
            tco2e=Decimal(row.tco2e),
            scope1_tco2e=Decimal(row.scope1_tco2e),
            scope2_tco2e=Decimal(row.scope2_tco2e),
            energy_tce=Decimal(row.energy_tce),
            reported_tco2e=Decimal(row.reported_tco2e),
            value_added_10k_cny=row.value_added_10k_cny,
            tax_10k_cny=row.tax_10k_cny,
            mandatory_reporter=bool(row.mandatory_reporter),
            key_energy_user=bool(row.key_energy_user),
            ets_covered=bool(row.ets_covered),
            computed_at=row.computed_at,
        )


@dataclass(frozen=True, slots=True)
class VerifiedAccount:
    """已核查年度账户 one entity-year: the entity and its verified annual account."""

    entity: EntityRecord
    account: AccountRecord


@dataclass(frozen=True, slots=True)
class VerifiedTotal:
    """已核查合计 the sums of the verified annual accounts of one group.

    The grouping values not asked for are ``None``. ``value_added_10k_cny`` sums the accounts
    that report value added; ``largest_*`` is the largest single account of the group (what
    the dominance rule of cell suppression needs).
    """

    year: int | None
    county_code: str | None
    industry_code: str | None
    kind: str | None
    entities: int
    tco2e: Decimal
    energy_tce: Decimal
    value_added_10k_cny: Decimal
    largest_tco2e: Decimal
    largest_tce: Decimal


def _where(
    *,
    year: int | None,
    county_codes: Collection[str] | None,
    industry_code: str | None,
    kind: str | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_VERIFIED]
    if year is not None:
        where.append(AnnualAccount.year == year)
    if county_codes is not None:
        where.append(Entity.county_code.in_(list(county_codes)))
    if industry_code is not None:
        where.append(Entity.industry_code == industry_code)
    if kind is not None:
        where.append(Entity.kind == kind)
    return where


def verified_totals(
    session: Session,
    *,
    by: Sequence[Dimension],
    year: int | None = None,
    county_codes: Collection[str] | None = None,
    industry_code: str | None = None,
    kind: str | None = None,
    with_value_added: bool = False,
) -> list[VerifiedTotal]:
    """Sums of the verified annual accounts, one row per group of ``by``, in group order.

    ``with_value_added`` keeps only accounts that report value added, so that value added,
    energy and emissions cover the same entities (what intensities need).
    """
    keys = [_DIMENSIONS[d] for d in by]
    where = _where(year=year, county_codes=county_codes, industry_code=industry_code, kind=kind)
    if with_value_added:
        where.append(AnnualAccount.value_added_10k_cny.is_not(None))
    statement = (
        select(
            *keys,
            func.count(AnnualAccount.id),
            func.sum(AnnualAccount.tco2e),
            func.sum(AnnualAccount.energy_tce),
            func.sum(AnnualAccount.value_added_10k_cny),
            func.max(AnnualAccount.tco2e),
            func.max(AnnualAccount.energy_tce),
        )
        .select_from(Entity)
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(*where)
    )
    if keys:
        statement = statement.group_by(*keys).order_by(*keys)
    out = []
    for row in session.execute(statement):
        values = dict(zip(by, row[: len(by)], strict=True))
        n, tco2e, tce, value_added, largest_tco2e, largest_tce = row[len(by) :]
        if not n:
            continue
        out.append(
            VerifiedTotal(
                year=int(values["year"]) if "year" in values else None,
                county_code=values.get("county"),
                industry_code=values.get("industry"),
                kind=values.get("kind"),
                entities=int(n),
                tco2e=Decimal(tco2e or 0),
                energy_tce=Decimal(tce or 0),
                value_added_10k_cny=Decimal(value_added or 0),
                largest_tco2e=Decimal(largest_tco2e or 0),
                largest_tce=Decimal(largest_tce or 0),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class VerifiedContribution:
    """一个主体的年度贡献 one verified annual account, anonymous: where it counts and how much."""

    county_code: str
    industry_code: str | None
    kind: str
    tco2e: Decimal
    energy_tce: Decimal


def verified_contributions(session: Session, *, year: int) -> list[VerifiedContribution]:
    """Every verified annual account of ``year`` without its entity's identity, in entity order.

    What the dashboard's disclosure control needs besides the sums: each cell's two largest
    contributions (the p % rule's intruder is the second largest).
    """
    statement = (
        select(
            Entity.county_code,
            Entity.industry_code,
            Entity.kind,
            AnnualAccount.tco2e,
            AnnualAccount.energy_tce,
        )
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(*_where(year=year, county_codes=None, industry_code=None, kind=None))
        .order_by(Entity.id)
    )
    return [
        VerifiedContribution(
            county_code=str(county),
            industry_code=industry,
            kind=str(kind),
            tco2e=Decimal(tco2e),
            energy_tce=Decimal(tce),
        )
        for county, industry, kind, tco2e, tce in session.execute(statement)
    ]


def verified_accounts(
    session: Session,
    *,
    year: int,
    county_codes: Collection[str] | None = None,
    industry_code: str | None = None,
    kind: str | None = None,
    without_industry: bool = False,
    mandatory_only: bool = False,
    order: Literal["emissions", "entity"] = "emissions",
) -> list[VerifiedAccount]:
    """The verified entity-years of ``year``: largest emitter first, or by entity id.

    ``without_industry`` keeps entities with no GB/T 4754 division (grouped by their kind);
    ``mandatory_only`` the mandatory reporters (强制报告单位, ≥ 5000 tce).
    """
    where = _where(year=year, county_codes=county_codes, industry_code=industry_code, kind=kind)
    if without_industry:
        where.append(Entity.industry_code.is_(None))
    if mandatory_only:
        where.append(AnnualAccount.mandatory_reporter.is_(True))
    ordering = (AnnualAccount.tco2e.desc(), Entity.id) if order == "emissions" else (Entity.id,)
    statement = (
        select(Entity, AnnualAccount)
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(*where)
        .order_by(*ordering)
    )
    return [
        VerifiedAccount(EntityRecord.of(entity), AccountRecord.of(account))
        for entity, account in session.execute(statement)
    ]


def accounts_of_entity(session: Session, entity_id: int) -> list[AccountRecord]:
    """An entity's verified annual accounts, newest year first."""
    statement = (
        select(AnnualAccount)
        .where(AnnualAccount.entity_id == entity_id, _VERIFIED)
        .order_by(AnnualAccount.year.desc())
    )
    return [AccountRecord.of(row) for row in session.scalars(statement)]


def years_with_verified_accounts(session: Session) -> list[int]:
    """The years holding at least one verified annual account, ascending."""
    statement = (
        select(AnnualAccount.year)
        .where(_VERIFIED)
        .group_by(AnnualAccount.year)
        .order_by(AnnualAccount.year)
    )
    return [int(y) for y in session.scalars(statement)]


def verified_line_totals(
    session: Session,
    *,
    year: int,
    activities: Collection[str],
    exclude: bool = False,
    county_codes: Collection[str] | None = None,
    month: int | None = None,
) -> dict[int, tuple[Decimal, int]]:
    """tCO2e and line count of the lines of verified monthly reports, by entity id.

    Lines of ``activities`` (or, with ``exclude``, of every other activity); of entities in
    ``county_codes`` and of ``month`` when given. The count tells "no line" from "zero".
    """
    activity = ReportLine.activity
    statement = (
        select(ActivityReport.entity_id, func.sum(ReportLine.tco2e), func.count(ReportLine.id))
        .join(ReportLine, ReportLine.report_id == ActivityReport.id)
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
            activity.not_in(list(activities)) if exclude else activity.in_(list(activities)),
            ActivityReport.month == month if month is not None else true(),
        )
        .group_by(ActivityReport.entity_id)
    )
    if county_codes is not None:
        statement = statement.join(Entity, Entity.id == ActivityReport.entity_id).where(
            Entity.county_code.in_(list(county_codes))
        )
    return {
        int(entity_id): (Decimal(total or 0), int(count or 0))
        for entity_id, total, count in session.execute(statement)
    }


def entity(session: Session, entity_id: int) -> EntityRecord | None:
    """The entity with ``entity_id``, or ``None``."""
    row = session.get(Entity, entity_id)
    return None if row is None else EntityRecord.of(row)


def entities(session: Session, entity_ids: Iterable[int]) -> dict[int, EntityRecord]:
    """The entities of ``entity_ids`` that exist, by id."""
    out: dict[int, EntityRecord] = {}
    for chunk in _chunks(entity_ids):
        rows = session.scalars(select(Entity).where(Entity.id.in_(chunk)))
        out.update({row.id: EntityRecord.of(row) for row in rows})
    return out


def entity_places(
    session: Session, entity_ids: Iterable[int]
) -> dict[int, tuple[str, str, str | None]]:
    """``{entity_id: (kind, county_code, industry_code)}`` of the entities that exist."""
    out: dict[int, tuple[str, str, str | None]] = {}
    for chunk in _chunks(entity_ids):
        rows = session.execute(
            select(Entity.id, Entity.kind, Entity.county_code, Entity.industry_code).where(
                Entity.id.in_(chunk)
            )
        )
        out.update({row.id: (row.kind, row.county_code, row.industry_code) for row in rows})
    return out


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


def reported_lines(
    session: Session,
    *,
    entity_ids: Iterable[int],
    years: Iterable[int],
    activities: Collection[str],
) -> list[ReportedLine]:
    """The lines of ``activities`` of the entities' monthly reports of ``years``, any state."""
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
                ReportLine.activity.in_(list(activities)),
            )
        )
        out.extend(ReportedLine(*row) for row in rows)
    return out


def verified_period_contributions(
    session: Session, *, year: int, months: Collection[int]
) -> list[VerifiedContribution]:
    """Like :func:`verified_contributions`, over the verified months ``months`` of ``year`` only.

    Per entity the sum of its verified months among ``months`` (a re-check's corrected value
    where there is one, as in the annual account); entities with none of them are left out.
    """
    if not months:
        return []
    tco2e = func.sum(func.coalesce(ActivityReport.corrected_tco2e, ActivityReport.verified_tco2e))
    tce = func.sum(func.coalesce(ActivityReport.corrected_tce, ActivityReport.verified_tce))
    statement = (
        select(Entity.county_code, Entity.industry_code, Entity.kind, tco2e, tce)
        .join(ActivityReport, ActivityReport.entity_id == Entity.id)
        .where(
            ActivityReport.year == year,
            ActivityReport.month.in_(sorted(set(months))),
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
        )
        .group_by(Entity.id, Entity.county_code, Entity.industry_code, Entity.kind)
        .order_by(Entity.id)
    )
    return [
        VerifiedContribution(
            county_code=str(county),
            industry_code=industry,
            kind=str(kind),
            tco2e=Decimal(t or 0),
            energy_tce=Decimal(e or 0),
        )
        for county, industry, kind, t, e in session.execute(statement)
    ]


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]
