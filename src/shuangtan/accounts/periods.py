"""Which months of a year the verified accounts hold (部分年度), read by :mod:`.query`.

Other rooms import these through :mod:`shuangtan.accounts.query` (the one read of the
accounts), which re-exports them; they live apart to keep that module short.

A year is complete (全年) when each of its twelve months is verified by at least half of the
entities with a verified month that year; otherwise its covered months are the months that at
least half of them have verified (e.g. 1–8月 while September's reports are still being
checked). An annual account stored without its monthly reports (loaded as a year's total)
counts as its first ``months_verified`` months.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport, AnnualAccount, Entity

__all__ = [
    "ALL_MONTHS",
    "YearCoverage",
    "months_text",
    "verified_months",
    "year_coverage",
]

_VERIFIED = AnnualAccount.months_verified > 0

ALL_MONTHS = tuple(range(1, 13))
"""The months of a complete year."""
_VERIFIED_MONTH = ActivityReport.status.in_([s.value for s in VERIFIED_STATES])


@dataclass(frozen=True, slots=True)
class YearCoverage:
    """部分年度 which months of a year the verified accounts hold.

    ``entities`` is the number of entities with at least one verified month in the year (of
    the counties asked for); ``months`` the months verified by at least half of them, in order.
    """

    year: int
    entities: int
    months: tuple[int, ...]

    @property
    def complete(self) -> bool:
        """Whether every month of the year is covered (a full year)."""
        return self.months == ALL_MONTHS


def year_coverage(
    session: Session, year: int, *, county_codes: Collection[str] | None = None
) -> YearCoverage:
    """The months of ``year`` that at least half of its verified entities have verified.

    An entity counts when it has a verified month in ``year``; a month is covered when
    ``2 × entities verified that month ≥ entities``. An annual account stored without its
    monthly reports (loaded as a year's total) counts as its first ``months_verified`` months.
    A year without any verified month covers nothing.
    """
    reports = (
        select(ActivityReport.month, func.count(func.distinct(ActivityReport.entity_id)))
        .where(ActivityReport.year == year, _VERIFIED_MONTH)
        .group_by(ActivityReport.month)
    )
    reporters = select(func.count(func.distinct(ActivityReport.entity_id))).where(
        ActivityReport.year == year, _VERIFIED_MONTH
    )
    has_reports = (
        select(ActivityReport.id)
        .where(
            ActivityReport.entity_id == AnnualAccount.entity_id,
            ActivityReport.year == year,
            _VERIFIED_MONTH,
        )
        .exists()
    )
    totals_only = (
        select(AnnualAccount.months_verified, func.count(AnnualAccount.id))
        .where(AnnualAccount.year == year, _VERIFIED, ~has_reports)
        .group_by(AnnualAccount.months_verified)
    )
    if county_codes is not None:
        in_scope = Entity.county_code.in_(list(county_codes))
        reports = reports.join(Entity, Entity.id == ActivityReport.entity_id).where(in_scope)
        reporters = reporters.join(Entity, Entity.id == ActivityReport.entity_id).where(in_scope)
        totals_only = totals_only.join(Entity, Entity.id == AnnualAccount.entity_id).where(in_scope)
    by_month = {int(m): int(n) for m, n in session.execute(reports)}
    entities = int(session.execute(reporters).scalar_one() or 0)
    for months_verified, n in session.execute(totals_only):
        entities += int(n)
        for month in range(1, min(int(months_verified), 12) + 1):
            by_month[month] = by_month.get(month, 0) + int(n)
    months = tuple(m for m in ALL_MONTHS if entities and 2 * by_month.get(m, 0) >= entities)
    return YearCoverage(year=year, entities=entities, months=months)


def verified_months(
    session: Session, entity_id: int, years: Iterable[int] | None = None
) -> dict[int, tuple[int, ...]]:
    """An entity's verified months by year (only years with at least one), months in order."""
    statement = select(ActivityReport.year, ActivityReport.month).where(
        ActivityReport.entity_id == entity_id, _VERIFIED_MONTH
    )
    if years is not None:
        statement = statement.where(ActivityReport.year.in_(sorted(set(years))))
    out: dict[int, list[int]] = {}
    for year, month in session.execute(
        statement.order_by(ActivityReport.year, ActivityReport.month)
    ):
        out.setdefault(int(year), []).append(int(month))
    return {year: tuple(months) for year, months in out.items()}


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def months_text(months: Sequence[int], *, zh: bool) -> str:
    """The months as runs: ``1–8月``, ``1–5、7–12月`` (zh) or ``Jan–Aug`` (en); ``""`` for none."""
    runs: list[tuple[int, int]] = []
    for month in sorted(set(months)):
        if runs and runs[-1][1] == month - 1:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))

    def one(first: int, last: int) -> str:
        if zh:
            return str(first) if first == last else f"{first}–{last}"
        a, b = _MONTH_ABBR[first - 1], _MONTH_ABBR[last - 1]
        return a if first == last else f"{a}–{b}"

    if not runs:
        return ""
    joined = ("、" if zh else ", ").join(one(a, b) for a, b in runs)
    return f"{joined}月" if zh else joined


def period_text(year: int, months: Sequence[int], *, zh: bool) -> str:
    """``2025`` for a full year (or no months), else the year and its months: ``2025年1–8月``
    (zh) or ``2025 Jan–Aug`` (en). The one label of a part-year on pages and documents."""
    if not months or len(set(months)) == 12:
        return str(year)
    text = months_text(months, zh=zh)
    return f"{year}年{text}" if zh else f"{year} {text}"
