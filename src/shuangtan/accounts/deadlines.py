"""Reporting deadlines (报送期限): which monthly reports are overdue, by county.

Month M of year Y is due ``due_days`` after its last day (default 40: the national ETS rule
"monthly evidence within 40 days after month end", ``shared/reference/methods.md``, MEE). A
month is overdue when its due date is before ``today`` and the entity has no report, or only
a draft, or a returned one not yet resubmitted.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import repository
from shuangtan.accounts.models import ActivityReport, Entity, ReportStatus
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied
from shuangtan.place import repository as place_repository

__all__ = ["DUE_DAYS", "OverdueCounty", "OverdueReport", "due_date", "overdue_reports"]

DUE_DAYS = 40


@dataclass(frozen=True, slots=True)
class OverdueReport:
    """逾期报告 a month an entity has not (re)submitted by its due date."""

    entity_id: int
    entity_name: str
    year: int
    month: int
    due_date: date
    days_overdue: int
    status: str | None


@dataclass(frozen=True, slots=True)
class OverdueCounty:
    """One county's overdue months."""

    county_code: str
    county_name_zh: str
    county_name_en: str
    items: list[OverdueReport] = field(default_factory=list)


def due_date(year: int, month: int, *, due_days: int = DUE_DAYS) -> date:
    """The due date of month ``month``: its last day plus ``due_days``."""
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last + timedelta(days=due_days)


def overdue_reports(
    *,
    session: Session,
    actor: Principal,
    today: date,
    since: date | None = None,
    due_days: int = DUE_DAYS,
) -> list[OverdueCounty]:
    """Overdue months of the active entities in the official's scope, grouped by county.

    Months from ``since`` (default: January of last year) whose due date is before ``today``.
    """
    if not actor.has_role(Role.official, Role.admin):
        raise PermissionDenied(
            "只有政府官员可以查看逾期报告。", "Only an official may list overdue reports."
        )
    since = since or date(today.year - 1, 1, 1)
    periods = []
    year, month = since.year, since.month
    while due_date(year, month, due_days=due_days) < today:
        periods.append((year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    entities = (
        session.execute(
            repository.readable_entities(actor)
            .where(Entity.is_active.is_(True))
            .order_by(Entity.county_code, Entity.id)
        )
        .scalars()
        .all()
    )
    if not periods or not entities:
        return []
    done = {
        (entity_id, y, m): status
        for entity_id, y, m, status in session.execute(
            select(
                ActivityReport.entity_id,
                ActivityReport.year,
                ActivityReport.month,
                ActivityReport.status,
            ).where(
                ActivityReport.year >= since.year,
                ActivityReport.entity_id.in_([e.id for e in entities]),
            )
        ).all()
    }
    pending = {ReportStatus.draft.value, ReportStatus.returned.value}
    counties = place_repository.counties(session)
    out: dict[str, OverdueCounty] = {}
    for entity in entities:
        for y, m in periods:
            status = done.get((entity.id, y, m))
            if status is not None and status not in pending:
                continue
            due = due_date(y, m, due_days=due_days)
            county = counties[entity.county_code]
            group = out.setdefault(
                county.code, OverdueCounty(county.code, county.name_zh, county.name_en)
            )
            group.items.append(
                OverdueReport(entity.id, entity.name, y, m, due, (today - due).days, status)
            )
    return [out[code] for code in sorted(out)]
