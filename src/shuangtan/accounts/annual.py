"""The annual account (年度碳账户): the sum of a year's verified months, and its flags.

Every tCO2e and tce summed here is a result of the accounting core already stored on the
monthly reports (computed at submission and accepted by the verifier, or corrected by a
re-check); this module only adds them up. Per month the value that counts is the corrected
one if a re-check corrected it, else the verified one. Scope 1 and 2 are the reported split.

Flags (Decimal thresholds, inclusive):

- ``mandatory_reporter`` 碳报告企业: energy ≥ the plan's ``carbon_report_threshold``
  (5,000 tce a year, plan §1.(1).6; read from the indicators table, 5,000 if absent);
- ``key_energy_user`` 重点用能单位: energy ≥ 10,000 tce a year (重点用能单位节能管理办法 Art. 2);
- ``ets_covered`` 全国碳市场覆盖: the national ETS's rule,
  :func:`shuangtan.accounts.ets.ets_coverage` (the one place it lives): the entity's
  industry is a covered sector for the year
  (``data/ets/covered-sectors.csv``: power, and steel, cement and aluminium from 2024) **and**
  its direct emissions (scope 1) reach the sector's threshold (26,000 tCO2e). A textile mill
  emitting 30,000 t is not covered. For a part-year the months verified so far are tested.

:func:`recompute_year` is set-based: one aggregate query grouped by entity, then one bulk
upsert (``INSERT … ON CONFLICT DO UPDATE``), so a city's year is seconds, not minutes.

Concurrency: a recomputation sums what its transaction sees, so two at once for one entity
(two months verified together) must not both sum before either commits, or the later upsert
would overwrite the earlier with one month. Each recomputation first holds its entities
(:func:`hold_entity`: ``SELECT … FOR NO KEY UPDATE`` on the entity rows on PostgreSQL, which
leaves foreign-key checks free; on SQLite a no-op ``UPDATE`` takes the database's write lock),
so the second waits, then sums with the first's months committed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts.ets import ets_coverage
from shuangtan.accounts.models import VERIFIED_STATES, ActivityReport, AnnualAccount, Entity
from shuangtan.auth.principal import Principal
from shuangtan.db import utcnow
from shuangtan.place.models import Indicator

__all__ = [
    "KEY_ENERGY_USER_TCE",
    "REPORTING_THRESHOLD_TCE",
    "hold_entity",
    "recompute_annual_account",
    "recompute_year",
]

REPORTING_THRESHOLD_TCE = Decimal(5000)
"""Fallback of the plan indicator ``carbon_report_threshold`` (tce a year)."""
KEY_ENERGY_USER_TCE = Decimal(10000)
_ZERO = Decimal(0)


def _reporting_threshold(session: Session) -> Decimal:
    value = session.execute(
        select(Indicator.baseline_value).where(Indicator.id == "carbon_report_threshold")
    ).scalar()
    return Decimal(value) if value is not None else REPORTING_THRESHOLD_TCE


def _counted(corrected: Any, verified: Any) -> Any:
    return case((corrected.is_not(None), corrected), else_=verified)


def _aggregate(year: int, entity_id: int | None = None) -> Any:
    statement = (
        select(
            ActivityReport.entity_id,
            Entity.industry_code,
            func.count(),
            func.sum(_counted(ActivityReport.corrected_tco2e, ActivityReport.verified_tco2e)),
            func.sum(ActivityReport.reported_scope1_tco2e),
            func.sum(ActivityReport.reported_scope2_tco2e),
            func.sum(_counted(ActivityReport.corrected_tce, ActivityReport.verified_tce)),
            func.sum(ActivityReport.reported_tco2e),
            func.sum(ActivityReport.value_added_10k_cny),
            func.sum(ActivityReport.tax_10k_cny),
        )
        .join(Entity, Entity.id == ActivityReport.entity_id)
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
        )
        .group_by(ActivityReport.entity_id, Entity.industry_code)
    )
    if entity_id is not None:
        statement = statement.where(ActivityReport.entity_id == entity_id)
    return statement


def _dec(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.000001")) if value is not None else _ZERO


def _row(row: Any, year: int, threshold: Decimal) -> dict[str, Any]:
    entity_id, industry_code, months, tco2e, scope1, scope2, tce, reported, value_added, tax = row
    tco2e, tce, scope1 = _dec(tco2e), _dec(tce), _dec(scope1)
    return {
        "entity_id": entity_id,
        "year": year,
        "months_verified": int(months),
        "tco2e": tco2e,
        "scope1_tco2e": scope1,
        "scope2_tco2e": _dec(scope2),
        "energy_tce": tce,
        "reported_tco2e": _dec(reported),
        "value_added_10k_cny": _dec(value_added) if value_added is not None else None,
        "tax_10k_cny": _dec(tax) if tax is not None else None,
        "mandatory_reporter": tce >= threshold,
        "key_energy_user": tce >= KEY_ENERGY_USER_TCE,
        "ets_covered": ets_coverage(industry_code, year, scope1).covered,
        "computed_at": utcnow(),
    }


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(AnnualAccount)
    updated = {
        key: getattr(statement.excluded, key) for key in rows[0] if key not in ("entity_id", "year")
    }
    session.execute(
        statement.on_conflict_do_update(index_elements=["entity_id", "year"], set_=updated),
        rows,
    )


def _hold(session: Session, which: ColumnElement[bool]) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(Entity)
            .where(which)
            .values(kind=Entity.kind)
            .execution_options(synchronize_session=False)
        )
    else:
        session.execute(
            select(Entity.id).where(which).order_by(Entity.id).with_for_update(key_share=True)
        )


def hold_entity(*, session: Session, entity_id: int) -> None:
    """Hold the entity's annual accounts until the transaction ends (see the module's notes).

    A transition that will recompute takes this before it audits, so every writer takes its
    locks in one order (report, entity, audit head) and none waits on another in a circle.
    """
    _hold(session, Entity.id == entity_id)


def recompute_annual_account(
    *, session: Session, entity_id: int, year: int, actor: Principal | None = None
) -> AnnualAccount | None:
    """Recompute one entity's year (``None`` when it has no verified month); audited.

    Holds the entity first, so a recomputation running at the same time for the same entity
    waits and then sums this one's months too.
    """
    hold_entity(session=session, entity_id=entity_id)
    existing = session.execute(
        select(AnnualAccount).where(
            AnnualAccount.entity_id == entity_id, AnnualAccount.year == year
        )
    ).scalar_one_or_none()
    before = audit.snapshot(existing, exclude=("computed_at",)) if existing else None
    row = session.execute(_aggregate(year, entity_id)).first()
    if row is None:
        return existing
    _upsert(session, [_row(row, year, _reporting_threshold(session))])
    session.flush()
    account = session.execute(
        select(AnnualAccount)
        .where(AnnualAccount.entity_id == entity_id, AnnualAccount.year == year)
        .execution_options(populate_existing=True)
    ).scalar_one()
    audit.record(
        session=session,
        actor=actor,
        action="annual.recompute",
        entity_type="annual_account",
        entity_id=str(account.id),
        before=before,
        after=audit.snapshot(account, exclude=("computed_at",)),
    )
    return account


def recompute_year(*, session: Session, year: int, actor: Principal | None = None) -> int:
    """Recompute every entity's account for ``year``; the number of accounts written.

    One aggregate query, one bulk upsert; one audit entry for the run. Every entity with a
    report of the year is held first (in id order), so a verification committing meanwhile is
    either summed here or recomputes its entity after this run.
    """
    _hold(
        session,
        Entity.id.in_(select(ActivityReport.entity_id).where(ActivityReport.year == year)),
    )
    threshold = _reporting_threshold(session)
    rows = [_row(row, year, threshold) for row in session.execute(_aggregate(year)).all()]
    for start in range(0, len(rows), 5000):
        _upsert(session, rows[start : start + 5000])
    session.flush()
    session.expire_all()
    audit.record(
        session=session,
        actor=actor,
        action="annual.recompute_year",
        entity_type="annual_year",
        entity_id=str(year),
        before=None,
        after={"year": year, "accounts": len(rows)},
    )
    return len(rows)
