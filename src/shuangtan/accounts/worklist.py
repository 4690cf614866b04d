"""Work lists (待办): what waits on an official and what is due from an enterprise.

The home page's counts, read through the same scoping statements as every page
(:func:`~shuangtan.accounts.repository.readable_reports`), so a county official counts only
its county's reports and the city official the whole city:

- **waiting for verification** (待核查): reports submitted or under verification;
- **waiting for re-check** (待复查): reports drawn for re-check (``recheck``) and not decided;
- **anomalies** (异常待核): reports still waiting for verification that carry an anomaly flag
  (:mod:`~shuangtan.accounts.anomalies`): the ones an official may want looked at first;
- **overdue months** (逾期未报): the months of :func:`~shuangtan.accounts.deadlines.overdue_reports`
  (due 40 days after month end, not submitted or only a draft or a returned report), so the
  count is the overdue page's.

An enterprise's due months (:func:`enterprise_due`) follow the same rule for its own entity:
every month since January of last year that has ended without a submitted report, each with
its due date (overdue when that date has passed), and its returned reports.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import deadlines, repository
from shuangtan.accounts.models import ActivityReport, AnomalyFlag, Entity, ReportStatus
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied

__all__ = [
    "DueMonth",
    "EnterpriseDue",
    "FlaggedReport",
    "OfficialWork",
    "enterprise_due",
    "official_work",
]

WAITING = (ReportStatus.submitted.value, ReportStatus.under_verification.value)
PENDING = (ReportStatus.draft.value, ReportStatus.returned.value)
FLAGGED_SHOWN = 5


@dataclass(frozen=True, slots=True)
class FlaggedReport:
    """A report waiting for verification with its anomaly reasons."""

    entity_id: int
    entity_name: str
    year: int
    month: int
    reasons_zh: list[str]
    reasons_en: list[str]


@dataclass(frozen=True)
class OfficialWork:
    """一名官员的待办 the counts an official's home shows, within its scope."""

    waiting_verification: int
    waiting_recheck: int
    flagged: int
    overdue_months: int
    overdue_entities: int
    flagged_first: list[FlaggedReport] = field(default_factory=list)


def _count(session: Session, actor: Principal, states: tuple[str, ...]) -> int:
    statement = repository.readable_reports(actor).where(ActivityReport.status.in_(states))
    found = session.scalar(select(func.count()).select_from(statement.subquery()))
    return int(found or 0)


def official_work(*, session: Session, actor: Principal, today: date) -> OfficialWork:
    """The official's (or administrator's) to-do counts on ``today``, within its scope."""
    if not actor.has_role(Role.official, Role.admin):
        raise PermissionDenied("只有政府官员有待办汇总。", "Only an official has a to-do summary.")
    flagged_ids = (
        repository.readable_reports(actor)
        .where(
            ActivityReport.status.in_(WAITING),
            ActivityReport.id.in_(select(AnomalyFlag.report_id)),
        )
        .with_only_columns(ActivityReport.id)
        .order_by(ActivityReport.year, ActivityReport.month, ActivityReport.id)
    )
    ids = list(session.scalars(flagged_ids))
    first = ids[:FLAGGED_SHOWN]
    reports = {
        r.id: r for r in session.scalars(select(ActivityReport).where(ActivityReport.id.in_(first)))
    }
    named = select(Entity.id, Entity.name).where(
        Entity.id.in_({r.entity_id for r in reports.values()})
    )
    names = {entity_id: name for entity_id, name in session.execute(named)}
    flags = repository.flags_of(session, first)
    flagged_first = [
        FlaggedReport(
            entity_id=reports[i].entity_id,
            entity_name=names.get(reports[i].entity_id, ""),
            year=reports[i].year,
            month=reports[i].month,
            reasons_zh=[f.reason_zh for f in flags[i]],
            reasons_en=[f.reason_en for f in flags[i]],
        )
        for i in first
    ]
    groups = deadlines.overdue_reports(session=session, actor=actor, today=today)
    return OfficialWork(
        waiting_verification=_count(session, actor, WAITING),
        waiting_recheck=_count(session, actor, (ReportStatus.recheck.value,)),
        flagged=len(ids),
        overdue_months=sum(len(g.items) for g in groups),
        overdue_entities=len({i.entity_id for g in groups for i in g.items}),
        flagged_first=flagged_first,
    )


@dataclass(frozen=True, slots=True)
class DueMonth:
    """A month the enterprise has still to (re)submit."""

    year: int
    month: int
    due_date: date
    overdue: bool
    status: str | None  # None: no report yet; draft; returned


@dataclass(frozen=True)
class EnterpriseDue:
    """一家企业的待报 what is due from an enterprise: months to submit, returned reports."""

    entity_id: int
    due: list[DueMonth]
    returned: list[DueMonth]

    @property
    def overdue(self) -> int:
        return sum(1 for d in self.due if d.overdue)


def enterprise_due(*, session: Session, actor: Principal, today: date) -> EnterpriseDue:
    """The months since January of last year that have ended and are not submitted (a draft,
    a returned report or nothing), each with its due date; the returned ones apart."""
    entity_id = actor.entity_id
    if actor.role is not Role.enterprise or entity_id is None:
        raise PermissionDenied("只有企业有待报月份。", "Only an enterprise has months due.")
    rows = session.execute(
        repository.readable_reports(actor)
        .where(ActivityReport.year >= today.year - 1)
        .with_only_columns(ActivityReport.year, ActivityReport.month, ActivityReport.status)
    ).all()
    status = {(y, m): s for y, m, s in rows}
    due: list[DueMonth] = []
    year, month = today.year - 1, 1
    while date(year, month, calendar.monthrange(year, month)[1]) < today:
        state = status.get((year, month))
        if state is None or state in PENDING:
            when = deadlines.due_date(year, month)
            due.append(DueMonth(year, month, when, when < today, state))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    returned = [d for d in due if d.status == ReportStatus.returned.value]
    return EnterpriseDue(entity_id=entity_id, due=due, returned=returned)
