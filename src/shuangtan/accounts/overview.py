"""The read model of an entity's account page (碳账户概览): months, scopes, sources, peers.

Everything here reads numbers the accounting core already computed and the services stored;
nothing is recomputed. The entity's own rows (months, sources, history) are read through the
principal's scope (``repository.readable_reports`` / ``readable_annual_accounts``), so even a
caller that forgot a check shows nothing the principal may not read; the service
(:func:`shuangtan.accounts.service.account`) checks the entity and the year first. The
industry median is an aggregate over the industry's accounts, shown to whoever sees the page.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import repository
from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    AnnualAccount,
    Entity,
    ReportLine,
)
from shuangtan.auth.principal import Principal

__all__ = ["AccountOverview", "MonthRow", "SourceRow", "YearRow", "account_overview"]


@dataclass(frozen=True)
class MonthRow:
    """One month of the account: its state and its reported and verified values."""

    month: int
    status: str | None
    reported_tco2e: Decimal | None
    verified_tco2e: Decimal | None
    scope1_tco2e: Decimal | None
    scope2_tco2e: Decimal | None
    tce: Decimal | None

    @property
    def difference_tco2e(self) -> Decimal | None:
        """Verified minus reported (核查差异), when both exist."""
        if self.reported_tco2e is None or self.verified_tco2e is None:
            return None
        return self.verified_tco2e - self.reported_tco2e


@dataclass(frozen=True)
class SourceRow:
    """Emissions of one source (activity and item) over the year's reported lines."""

    activity: str
    item: str | None
    scope: int | None
    tco2e: Decimal
    tce: Decimal


@dataclass(frozen=True)
class YearRow:
    """One year of the entity's history (from its annual accounts)."""

    year: int
    tco2e: Decimal
    energy_tce: Decimal
    intensity: Decimal | None  # tCO2e per 10^4 CNY value added


@dataclass(frozen=True)
class AccountOverview:
    """Everything the account page shows for an entity-year."""

    entity: Entity
    year: int
    months: list[MonthRow]
    sources: list[SourceRow]
    history: list[YearRow]
    total_tco2e: Decimal
    scope1_tco2e: Decimal
    scope2_tco2e: Decimal
    energy_tce: Decimal
    value_added_10k_cny: Decimal | None
    intensity: Decimal | None
    industry_median_intensity: Decimal | None
    industry_peers: int

    @property
    def intensity_ratio(self) -> Decimal | None:
        """The entity's intensity over its industry's median (1 = typical)."""
        if self.intensity is None or not self.industry_median_intensity:
            return None
        return self.intensity / self.industry_median_intensity


def _intensity(tco2e: Decimal, value_added: Decimal | None) -> Decimal | None:
    return tco2e / value_added if value_added else None


def _reports(actor: Principal, entity_id: int, year: int) -> Select[ActivityReport]:
    """The entity-year's reports ``actor`` may read."""
    return repository.readable_reports(actor).where(
        ActivityReport.entity_id == entity_id, ActivityReport.year == year
    )


def _months(session: Session, reports_read: Select[ActivityReport]) -> list[MonthRow]:
    reports = {r.month: r for r in session.scalars(reports_read)}
    rows = []
    for month in range(1, 13):
        r = reports.get(month)
        rows.append(
            MonthRow(
                month=month,
                status=r.status if r else None,
                reported_tco2e=r.reported_tco2e if r else None,
                verified_tco2e=r.verified_tco2e if r else None,
                scope1_tco2e=r.reported_scope1_tco2e if r else None,
                scope2_tco2e=r.reported_scope2_tco2e if r else None,
                tce=(r.verified_tce if r and r.verified_tce is not None else r.reported_tce)
                if r
                else None,
            )
        )
    return rows


def _sources(session: Session, reports_read: Select[ActivityReport]) -> list[SourceRow]:
    statement = (
        select(
            ReportLine.activity,
            ReportLine.item,
            ReportLine.scope,
            func.sum(ReportLine.tco2e),
            func.sum(ReportLine.tce),
        )
        .where(ReportLine.report_id.in_(reports_read.with_only_columns(ActivityReport.id)))
        .group_by(ReportLine.activity, ReportLine.item, ReportLine.scope)
    )
    rows = [
        SourceRow(activity, item, scope, Decimal(tco2e or 0), Decimal(tce or 0))
        for activity, item, scope, tco2e, tce in session.execute(statement)
    ]
    return sorted(rows, key=lambda row: row.tco2e, reverse=True)


def _history(session: Session, actor: Principal, entity_id: int) -> list[YearRow]:
    accounts = session.scalars(
        repository.readable_annual_accounts(actor)
        .where(AnnualAccount.entity_id == entity_id)
        .order_by(AnnualAccount.year)
    )
    return [
        YearRow(a.year, a.tco2e, a.energy_tce, _intensity(a.tco2e, a.value_added_10k_cny))
        for a in accounts
    ]


def _industry_median(session: Session, entity: Entity, year: int) -> tuple[Decimal | None, int]:
    """Median intensity of the entity's industry peers' annual accounts (robust to outliers)."""
    if entity.industry_code is None:
        return None, 0
    statement = (
        select(AnnualAccount.tco2e, AnnualAccount.value_added_10k_cny)
        .join(Entity, Entity.id == AnnualAccount.entity_id)
        .where(
            Entity.industry_code == entity.industry_code,
            AnnualAccount.year == year,
            AnnualAccount.value_added_10k_cny > 0,
        )
    )
    values = [tco2e / va for tco2e, va in session.execute(statement) if va is not None and va > 0]
    if not values:
        return None, 0
    return Decimal(statistics.median(values)), len(values)


def account_overview(
    *, session: Session, actor: Principal, entity: Entity, year: int
) -> AccountOverview:
    """The account of ``entity`` for ``year`` as ``actor`` may read it: verified months count,
    others are shown apart."""
    reports_read = _reports(actor, entity.id, year)
    months = _months(session, reports_read)
    counted = [m for m in months if m.status in {s.value for s in VERIFIED_STATES}]
    total = sum((m.verified_tco2e or Decimal(0) for m in counted), Decimal(0))
    scope1 = sum((m.scope1_tco2e or Decimal(0) for m in counted), Decimal(0))
    scope2 = sum((m.scope2_tco2e or Decimal(0) for m in counted), Decimal(0))
    energy = sum((m.tce or Decimal(0) for m in counted), Decimal(0))
    value_added = session.scalar(
        reports_read.with_only_columns(func.sum(ActivityReport.value_added_10k_cny)).where(
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES])
        )
    )
    median, peers = _industry_median(session, entity, year)
    return AccountOverview(
        entity=entity,
        year=year,
        months=months,
        sources=_sources(session, reports_read),
        history=_history(session, actor, entity.id),
        total_tco2e=total,
        scope1_tco2e=scope1,
        scope2_tco2e=scope2,
        energy_tce=energy,
        value_added_10k_cny=Decimal(value_added) if value_added is not None else None,
        intensity=_intensity(total, Decimal(value_added) if value_added else None),
        industry_median_intensity=median,
        industry_peers=peers,
    )
