"""Queries of carbon accounts (查询), including who may see which rows.

``readable_entities(principal)``, ``readable_reports(principal)`` and
``readable_annual_accounts(principal)`` are the scoping statements: an enterprise sees its own
entity; a verifier the entities its bodies were ever assigned, but of them only the
entity-years assigned to its bodies (reports and annual accounts); an official the entities of
its county, or of the whole city; an administrator all; every other role (bank, resident,
merchant, partner) nothing here (banks read accounts through consents, in ``finance``).
``assigned_years(principal, entity_id)`` is the verifier's side of that rule for one entity;
``years_with_data(principal)`` the years a page may offer (those with a readable report or
account), ``decided_recheck_years(principal)`` those whose re-checks have an outcome.
The services read through these and nothing else, so the pages and the API answer alike.
``queue_statement(principal, filters, sort)`` is the verifier's queue: ``readable_reports``
narrowed to the waiting states and the filters, with each row's entity, county and due date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, select, true
from sqlalchemy.orm import Session, aliased, selectinload

from shuangtan.accounts.models import (
    ActivityReport,
    AnnualAccount,
    AnomalyFlag,
    Entity,
    RecheckSelection,
    ReportStatus,
    VerifierAssignment,
    VerifierConflict,
    VerifierMember,
)
from shuangtan.auth.principal import Principal
from shuangtan.place.models import City, County
from shuangtan.place.scope import ScopeKind

__all__ = [
    "QUEUE_STATES",
    "QueueFilter",
    "QueueSort",
    "QueueState",
    "annual_accounts",
    "assigned_years",
    "assignment",
    "body_ids_of",
    "decided_recheck_years",
    "entity_in_scope",
    "flags_of",
    "is_conflicted",
    "province_of_entity",
    "queue_statement",
    "readable_annual_accounts",
    "readable_entities",
    "readable_reports",
    "report_by_period",
    "report_with_lines",
    "years_with_data",
]


def body_ids_of(session: Session, user_id: int) -> list[int]:
    """The verification bodies a verifier user belongs to."""
    rows = session.execute(
        select(VerifierMember.verifier_body_id).where(VerifierMember.user_id == user_id)
    )
    return list(rows.scalars())


def _member_bodies(principal: Principal) -> Select[int]:
    return select(VerifierMember.verifier_body_id).where(
        VerifierMember.user_id == principal.user_id
    )


def _entity_condition(principal: Principal) -> ColumnElement[bool]:
    scope = principal.scope
    if scope.whole_city:
        return true()
    if scope.kind is ScopeKind.county:
        return Entity.county_code == scope.code
    if scope.kind is ScopeKind.entity:
        return Entity.id == scope.entity_id
    if scope.kind is ScopeKind.assigned:
        return exists().where(
            VerifierAssignment.entity_id == Entity.id,
            VerifierAssignment.verifier_body_id.in_(_member_bodies(principal)),
        )
    return false()


def readable_entities(principal: Principal) -> Select[Entity]:
    """The entities ``principal`` may see."""
    return select(Entity).where(_entity_condition(principal))


def _assigned(principal: Principal, entity_id: Any, year: Any) -> ColumnElement[bool]:
    """An assignment of the entity-year to one of the verifier's bodies exists."""
    return exists().where(
        VerifierAssignment.entity_id == entity_id,
        VerifierAssignment.year == year,
        VerifierAssignment.verifier_body_id.in_(_member_bodies(principal)),
    )


def readable_reports(principal: Principal) -> Select[ActivityReport]:
    """The reports ``principal`` may see (a verifier: only its assigned entity-years)."""
    statement = select(ActivityReport).join(Entity, Entity.id == ActivityReport.entity_id)
    if principal.scope.kind is ScopeKind.assigned:
        return statement.where(_assigned(principal, ActivityReport.entity_id, ActivityReport.year))
    return statement.where(_entity_condition(principal))


def readable_annual_accounts(principal: Principal) -> Select[AnnualAccount]:
    """The annual accounts ``principal`` may see: those of its entities, and for a verifier
    only its assigned entity-years (an account is the sum of that year's reports)."""
    statement = select(AnnualAccount).join(Entity, Entity.id == AnnualAccount.entity_id)
    if principal.scope.kind is ScopeKind.assigned:
        return statement.where(_assigned(principal, AnnualAccount.entity_id, AnnualAccount.year))
    return statement.where(_entity_condition(principal))


def assigned_years(session: Session, principal: Principal, entity_id: int) -> list[int]:
    """The years of ``entity_id`` assigned to the verifier's bodies, in order."""
    statement = (
        select(VerifierAssignment.year)
        .where(
            VerifierAssignment.entity_id == entity_id,
            VerifierAssignment.verifier_body_id.in_(_member_bodies(principal)),
        )
        .distinct()
        .order_by(VerifierAssignment.year)
    )
    return list(session.scalars(statement))


def years_with_data(
    session: Session, principal: Principal, entity_id: int | None = None
) -> list[int]:
    """The years holding a report or an annual account that ``principal`` may read (of one
    entity, or of every entity in its scope), ascending: the years a page offers."""
    reports = readable_reports(principal).with_only_columns(ActivityReport.year)
    accounts = readable_annual_accounts(principal).with_only_columns(AnnualAccount.year)
    if entity_id is not None:
        reports = reports.where(ActivityReport.entity_id == entity_id)
        accounts = accounts.where(AnnualAccount.entity_id == entity_id)
    years = set(session.scalars(reports.distinct())) | set(session.scalars(accounts.distinct()))
    return sorted(int(year) for year in years)


def decided_recheck_years(session: Session, principal: Principal) -> list[int]:
    """The years with at least one re-check decided (confirmed or corrected) of an entity in
    ``principal``'s scope, ascending: the years whose corrections are known."""
    statement = (
        select(RecheckSelection.year)
        .join(Entity, Entity.id == RecheckSelection.entity_id)
        .where(RecheckSelection.outcome.is_not(None), _entity_condition(principal))
        .distinct()
    )
    return sorted(int(year) for year in session.scalars(statement))


def entity_in_scope(session: Session, principal: Principal, entity_id: int) -> bool:
    """Whether ``principal`` may see entity ``entity_id``."""
    statement = select(Entity.id).where(Entity.id == entity_id, _entity_condition(principal))
    return session.execute(statement).first() is not None


def report_with_lines(session: Session, report_id: int) -> ActivityReport | None:
    """The report with its lines loaded, or ``None``."""
    statement = (
        select(ActivityReport)
        .where(ActivityReport.id == report_id)
        .options(selectinload(ActivityReport.lines))
    )
    return session.execute(statement).scalar_one_or_none()


def report_by_period(
    session: Session, entity_id: int, year: int, month: int
) -> ActivityReport | None:
    """The report of an entity's month, or ``None``."""
    statement = select(ActivityReport).where(
        ActivityReport.entity_id == entity_id,
        ActivityReport.year == year,
        ActivityReport.month == month,
    )
    return session.execute(statement).scalar_one_or_none()


def assignment(session: Session, entity_id: int, year: int) -> VerifierAssignment | None:
    """The verifier assignment of an entity-year, or ``None``."""
    statement = select(VerifierAssignment).where(
        VerifierAssignment.entity_id == entity_id, VerifierAssignment.year == year
    )
    return session.execute(statement).scalar_one_or_none()


def is_conflicted(session: Session, body_id: int, entity_id: int) -> bool:
    """Whether the body declared a conflict of interest with the entity."""
    statement = select(VerifierConflict.id).where(
        and_(VerifierConflict.verifier_body_id == body_id, VerifierConflict.entity_id == entity_id)
    )
    return session.execute(statement).first() is not None


def flags_of(session: Session, report_ids: Sequence[int]) -> dict[int, list[AnomalyFlag]]:
    """The anomaly flags of each report, by report id."""
    out: dict[int, list[AnomalyFlag]] = {rid: [] for rid in report_ids}
    if not report_ids:
        return out
    rows = session.execute(
        select(AnomalyFlag)
        .where(AnomalyFlag.report_id.in_(report_ids))
        .order_by(AnomalyFlag.report_id, AnomalyFlag.rule)
    ).scalars()
    for flag in rows:
        out[flag.report_id].append(flag)
    return out


def province_of_entity(session: Session, entity: Entity) -> str:
    """The province name (``浙江省``) of the entity's city, which the core resolves to a region."""
    statement = (
        select(City.province_zh)
        .join(County, County.city_code == City.code)
        .where(County.code == entity.county_code)
    )
    return str(session.execute(statement).scalar_one())


def annual_accounts(
    session: Session, principal: Principal, year: int, entity_ids: Sequence[int]
) -> dict[int, AnnualAccount]:
    """The annual accounts of ``year`` of the given entities that ``principal`` may see, by
    entity id."""
    statement = readable_annual_accounts(principal).where(
        AnnualAccount.year == year, AnnualAccount.entity_id.in_(list(entity_ids))
    )
    return {account.entity_id: account for account in session.scalars(statement)}


class QueueState(StrEnum):
    """The states a report waits in a verifier's queue, in the order the work takes them."""

    submitted = ReportStatus.submitted.value  # 已提交: not yet taken
    under_verification = ReportStatus.under_verification.value  # 核查中


QUEUE_STATES = tuple(state.value for state in QueueState)


class QueueSort(StrEnum):
    """The orders of a verifier's queue; every one ends on submission time and id, so a page
    never shuffles."""

    flags = "flags"  # 异常优先: flagged reports first, then the longest waiting
    due = "due"  # 核查期限: the assignment's due date, earliest first, none last
    entity = "entity"  # 企业名称: the entity's name, then the month
    state = "state"  # 状态: submitted (not yet taken) before under verification


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which of the queue's reports to list: a state, flagged ones only, part of the entity's
    name (or its whole credit code), a county. Empty: the whole queue."""

    state: QueueState | None = None
    flagged: bool = False
    search: str | None = None
    county_code: str | None = None


def _flagged() -> ColumnElement[bool]:
    return exists().where(AnomalyFlag.report_id == ActivityReport.id)


def _queue_order(sort: QueueSort, due: Any) -> list[Any]:
    waited = [ActivityReport.submitted_at.is_(None), ActivityReport.submitted_at]
    if sort is QueueSort.flags:
        first: list[Any] = [case((_flagged(), 0), else_=1)]
    elif sort is QueueSort.due:
        first = [due.is_(None), due]
    elif sort is QueueSort.entity:
        first = [Entity.name, Entity.id, ActivityReport.year, ActivityReport.month]
    else:
        ranks = {state.value: rank for rank, state in enumerate(QueueState)}
        first = [case(ranks, value=ActivityReport.status, else_=len(ranks))]
    return [*first, *waited, ActivityReport.id]


def queue_statement(
    principal: Principal, filters: QueueFilter, sort: QueueSort | None = None
) -> Select[Any]:
    """The verifier's queue: its readable reports (only its assigned entity-years) that are
    submitted or under verification, narrowed by ``filters``; rows of (report, entity name,
    county code, the assignment's due date), in ``sort`` order (``None``: unordered, to
    count)."""
    task = aliased(VerifierAssignment)  # not the scope's own (correlated) assignment test
    statement = (
        readable_reports(principal)
        .outerjoin(
            task, and_(task.entity_id == ActivityReport.entity_id, task.year == ActivityReport.year)
        )
        .add_columns(Entity.name, Entity.county_code, task.due_date)
    )
    states = [filters.state.value] if filters.state else list(QUEUE_STATES)
    statement = statement.where(ActivityReport.status.in_(states))
    if filters.flagged:
        statement = statement.where(_flagged())
    if filters.county_code:
        statement = statement.where(Entity.county_code == filters.county_code)
    search = (filters.search or "").strip()
    if search:
        statement = statement.where(
            Entity.name.contains(search, autoescape=True) | (Entity.uscc == search.upper())
        )
    if sort is not None:
        statement = statement.order_by(*_queue_order(sort, task.due_date))
    return statement
