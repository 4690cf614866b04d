"""The bulk loader of the synthetic city (合成城市批量载入).

Writes what :func:`~shuangtan.demodata.generate.generate_city` built with SQLAlchemy Core
``insert()`` over lists of rows, in batches of ``BATCH`` rows, not through the per-report
services (a city's six years is about 800,000 lines). Ids are given explicitly (entity ``n`` is
the generator's ``n``), so PostgreSQL's sequences are moved past them at the end.

Idempotent: the marker is the ``entities`` table; if it holds any row the load is skipped and
nothing is written. One audit entry per load step (``demo.load_entities`` …) with its counts,
never one per row; the system is the actor. Flushes, never commits.

The annual accounts are built by :func:`shuangtan.accounts.annual.recompute_year`, the same
set-based query the platform uses, one year at a time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import annual as accounts_annual
from shuangtan.accounts import anomalies as accounts_anomalies
from shuangtan.accounts.models import (
    ActivityReport,
    Entity,
    RecheckSelection,
    ReportLine,
    VerifierAssignment,
    VerifierBody,
    VerifierConflict,
    VerifierMember,
)
from shuangtan.auth import repository as auth_repository
from shuangtan.db import Base
from shuangtan.demodata.generate import SEED, SyntheticCity, generate_city
from shuangtan.finance.models import Bank, BankMember, Consent
from shuangtan.grading import service as grading_service
from shuangtan.kit.progress import Progress
from shuangtan.place.configuration import load_city, sync_city

__all__ = ["BATCH", "LoadStats", "Progress", "load_synthetic_city"]

BATCH = 10_000
"""Rows per ``INSERT`` of the bulk load."""


_SEQUENCED = (
    "entities",
    "activity_reports",
    "report_lines",
    "verifier_bodies",
    "verifier_assignments",
    "verifier_conflicts",
    "recheck_selections",
    "banks",
    "consents",
)


@dataclass(frozen=True, slots=True)
class LoadStats:
    """What the load wrote (all zero and ``skipped`` when the city was already there)."""

    skipped: bool
    entities: int = 0
    reports: int = 0
    lines: int = 0
    assignments: int = 0
    rechecks: int = 0
    annual_accounts: int = 0
    generate_seconds: float = 0.0
    insert_seconds: float = 0.0
    annual_seconds: float = 0.0  # annual accounts, and with ``derive`` anomaly flags and grades

    @property
    def seconds(self) -> float:
        """Wall time of the whole load."""
        return self.generate_seconds + self.insert_seconds + self.annual_seconds


def _numbers(values: npt.NDArray[np.float64], native_decimal: bool) -> list[Any]:
    """Column values quantized to 6 decimals; NaN is NULL.

    PostgreSQL gets :class:`~decimal.Decimal`; SQLite, which stores NUMERIC as REAL and whose
    driver converts a Decimal to a float anyway, gets the float rounded to 6 decimals.
    """
    rounded = np.round(values.astype(np.float64), 6).tolist()
    if native_decimal:
        return [None if v != v else Decimal(f"{v:.6f}") for v in rounded]
    return [None if v != v else v for v in rounded]


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _month_end(year: int, month: int, days: int) -> datetime:
    first_next = datetime(year + month // 12, month % 12 + 1, 1, 9, tzinfo=UTC)
    return first_next + timedelta(days=days)


def _derive(*, session: Session, city: SyntheticCity) -> None:
    """Anomaly flags and grades, by the platform's services; one audit entry for the flags."""
    # the rules run per report (about 40 ms each): the planted anomalies and entity 1's
    # reports waiting for verification; the workflow flags the others as they are submitted
    waiting = ("submitted", "under_verification", "returned")
    planted = {(e, y, m) for rule in city.planted.values() for e, y, m in rule}
    keys = zip(
        city.report_entity.tolist(),
        city.report_year.tolist(),
        city.report_month.tolist(),
        strict=True,
    )
    chosen = [
        r + 1
        for r, key in enumerate(keys)
        if key in planted or (key[0] == 1 and city.report_status[r] in waiting)
    ]
    flags = 0
    for report_id in chosen:
        report = session.get(ActivityReport, report_id)
        assert report is not None
        flags += len(accounts_anomalies.detect(session=session, report=report))
    audit.record(
        session=session,
        actor=None,
        action="demo.flag_anomalies",
        entity_type="demo",
        entity_id=str(city.seed),
        before=None,
        after={"reports": len(chosen), "flags": flags},
    )
    complete = [y for y in city.years if y < city.years[-1]][-2:]
    for year in complete:
        grading_service.compute_year(session=session, actor=None, year=year)


def load_synthetic_city(
    *,
    session: Session,
    seed: int = SEED,
    entities: int = 2000,
    years: Sequence[int] = tuple(range(2020, 2026)),
    meters: int = 1,
    progress: Progress | None = None,
    city: SyntheticCity | None = None,
    derive: bool = True,
) -> LoadStats:
    """Generate (or take ``city``) and bulk-load the synthetic city; skip if entities exist.

    The Jiaxing configuration (counties, industries) is synced first, idempotently. With
    ``derive`` the platform's own services then flag anomalies on the planted ones and on
    entity 1's reports waiting for verification, and grade the last two complete years.
    Links the demo logins when they exist: ``enterprise`` is entity 1's user, ``verifier`` a
    member of the first verification body, ``bank`` a member of the first bank, to which
    entity 1 consents.
    """
    if session.execute(select(func.count()).select_from(Entity)).scalar_one() > 0:
        return LoadStats(skipped=True)
    started = time.perf_counter()
    sync_city(session=session, config=load_city("jiaxing"))  # counties and industries
    if city is None:
        city = generate_city(seed=seed, entities=entities, years=years, meters=meters)
    generated = time.perf_counter()
    dialect = session.get_bind().dialect
    native = dialect.name == "postgresql"
    connection = session.connection()
    now = datetime.now(UTC)

    def write(table: type[Base], rows: Sequence[dict[str, Any]], step: str) -> None:
        done = 0
        for chunk in _batches(rows):
            connection.execute(insert(table), list(chunk))
            done += len(chunk)
            if progress is not None:
                progress(step, done, len(rows))

    def audited(action: str, after: dict[str, Any]) -> None:
        audit.record(
            session=session,
            actor=None,
            action=action,
            entity_type="demo",
            entity_id=str(city.seed),
            before=None,
            after=after,
        )

    # entities, verification bodies and banks
    write(
        Entity,
        [
            {
                "id": e.id,
                "kind": e.kind,
                "name": e.name,
                "uscc": e.uscc,
                "county_code": e.county_code,
                "industry_code": e.industry_code,
                "address": e.address,
                "land_area_mu": e.land_area_mu,
                "floor_area_m2": e.floor_area_m2,
                "sown_area_mu": e.sown_area_mu,
                "livestock_head": e.livestock_head,
                "is_active": True,
                "created_at": now,
            }
            for e in city.entities
        ],
        "entities",
    )
    write(
        VerifierBody,
        [
            {"id": k + 1, "name": name, "uscc": uscc, "is_active": True}
            for k, (name, uscc) in enumerate(city.verifier_bodies)
        ],
        "verifier_bodies",
    )
    write(
        Bank,
        [{"id": k + 1, "name": name, "uscc": uscc} for k, (name, uscc) in enumerate(city.banks)],
        "banks",
    )
    kinds: dict[str, int] = {}
    for e in city.entities:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    audited(
        "demo.load_entities",
        {
            "entities": len(city.entities),
            "by_kind": kinds,
            "verifier_bodies": len(city.verifier_bodies),
            "banks": len(city.banks),
        },
    )

    # monthly reports
    report_count = len(city.report_entity)
    columns = {
        "value_added_10k_cny": _numbers(city.report_value_added, native),
        "tax_10k_cny": _numbers(city.report_tax, native),
        "output_quantity": _numbers(city.report_output, native),
        "passenger_km": _numbers(city.report_passenger_km, native),
        "tonne_km": _numbers(city.report_tonne_km, native),
        "reported_tco2e": _numbers(city.reported_tco2e, native),
        "reported_scope1_tco2e": _numbers(city.reported_scope1_tco2e, native),
        "reported_scope2_tco2e": _numbers(city.reported_scope2_tco2e, native),
        "reported_tce": _numbers(city.reported_tce, native),
        "verified_tco2e": _numbers(city.verified_tco2e, native),
        "verified_tce": _numbers(city.verified_tce, native),
    }
    if "corrected_tco2e" in ActivityReport.__table__.c:
        columns["corrected_tco2e"] = _numbers(city.corrected_tco2e, native)
        columns["corrected_tce"] = _numbers(city.corrected_tce, native)
    entity_ids = city.report_entity.tolist()
    years_ = city.report_year.tolist()
    months = city.report_month.tolist()
    bodies = city.report_body.tolist()
    rows: list[dict[str, Any]] = []
    for r in range(report_count):
        status = city.report_status[r]
        year, month = years_[r], months[r]
        row = {name: values[r] for name, values in columns.items()}
        row.update(
            id=r + 1,
            entity_id=entity_ids[r],
            year=year,
            month=month,
            status=status,
            version=2 if status in ("returned", "corrected") else 1,
            output_unit=city.report_output_unit[r],
            factor_set=city.report_factor_set[r],
            comment=city.report_comment[r],
            submitted_at=None if status == "draft" else _month_end(year, month, 9),
            verified_at=_month_end(year, month, 40) if bodies[r] >= 0 else None,
            verified_by_body_id=bodies[r] + 1 if bodies[r] >= 0 else None,
            updated_at=now,
        )
        rows.append(row)
    write(ActivityReport, rows, "reports")
    del rows
    statuses: dict[str, int] = {}
    for status in city.report_status:
        statuses[status] = statuses.get(status, 0) + 1
    audited("demo.load_reports", {"reports": report_count, "by_status": statuses})

    # report lines, written batch by batch to keep memory flat
    line_count = len(city.line_report)
    quantity = _numbers(city.line_quantity, native)
    tco2e = _numbers(city.line_tco2e, native)
    tce = _numbers(city.line_tce, native)
    report_ids = (city.line_report + 1).tolist()
    line_nos = city.line_no.tolist()
    scopes = city.line_scope.tolist()
    done = 0
    for start in range(0, line_count, BATCH):
        stop = min(start + BATCH, line_count)
        connection.execute(
            insert(ReportLine),
            [
                {
                    "id": k + 1,
                    "report_id": report_ids[k],
                    "line_no": line_nos[k],
                    "activity": city.line_activity[k],
                    "item": city.line_item[k],
                    "quantity": quantity[k],
                    "unit": city.line_unit[k],
                    "tco2e": tco2e[k],
                    "tce": tce[k],
                    "scope": scopes[k],
                }
                for k in range(start, stop)
            ],
        )
        done = stop
        if progress is not None:
            progress("lines", done, line_count)
    audited("demo.load_lines", {"lines": line_count, "computed_by": "calculate_batch"})

    # MRV: assignments, conflicts, re-check selections
    official = auth_repository.user_by_username(session, "official")
    write(
        VerifierAssignment,
        [
            {
                "id": k + 1,
                "entity_id": a.entity_id,
                "year": a.year,
                "verifier_body_id": a.body + 1,
                "method": a.method,
                "seed": a.seed,
                "assigned_by_user_id": official.id
                if official is not None and a.method == "assigned"
                else None,
                "assigned_at": datetime(a.year, 1, 15, 9, tzinfo=UTC),
                "due_date": a.due_date,
            }
            for k, a in enumerate(city.assignments)
        ],
        "assignments",
    )
    write(
        VerifierConflict,
        [
            {"id": k + 1, "verifier_body_id": body + 1, "entity_id": entity_id, "reason": reason}
            for k, (body, entity_id, reason) in enumerate(city.conflicts)
        ],
        "conflicts",
    )
    write(
        RecheckSelection,
        [
            {
                "id": k + 1,
                "entity_id": c.entity_id,
                "year": c.year,
                "reason": c.reason,
                "seed": None if c.reason == "tier" else city.seed * 100 + c.year - 2000,
                "probability": None if c.probability is None else Decimal(str(c.probability)),
                "selected_at": datetime(c.year + 1, 5, 10, 9, tzinfo=UTC),
                "outcome": c.outcome,
                "corrected_tco2e": None
                if c.corrected_tco2e is None
                else Decimal(f"{c.corrected_tco2e:.6f}"),
                "decided_at": None
                if c.outcome is None
                else datetime(c.year + 1, 8, 31, 9, tzinfo=UTC),
            }
            for k, c in enumerate(city.rechecks)
        ],
        "rechecks",
    )
    audited(
        "demo.load_verification",
        {
            "assignments": len(city.assignments),
            "conflicts": len(city.conflicts),
            "rechecks": len(city.rechecks),
        },
    )

    # the demo logins' memberships and entity 1's consent to the first bank
    linked: dict[str, Any] = {}
    verifier = auth_repository.user_by_username(session, "verifier")
    if verifier is not None and city.verifier_bodies:
        connection.execute(
            insert(VerifierMember), [{"user_id": verifier.id, "verifier_body_id": 1}]
        )
        linked["verifier"] = city.verifier_bodies[0][0]
    bank = auth_repository.user_by_username(session, "bank")
    if bank is not None and city.banks:
        connection.execute(insert(BankMember), [{"user_id": bank.id, "bank_id": 1}])
        linked["bank"] = city.banks[0][0]
    enterprise = auth_repository.user_by_username(session, "enterprise")
    if enterprise is not None and enterprise.entity_id == 1 and city.banks:
        consents = [
            {"id": 1, "entity_id": 1, "bank_id": 1, "granted_at": datetime(2024, 3, 1, tzinfo=UTC)}
        ]
        if len(city.banks) > 1:  # granted and later withdrawn: the history stays
            consents.append(
                {
                    "id": 2,
                    "entity_id": 1,
                    "bank_id": 2,
                    "granted_at": datetime(2023, 6, 1, tzinfo=UTC),
                    "withdrawn_at": datetime(2024, 6, 1, tzinfo=UTC),
                }
            )
        for consent in consents:
            consent.setdefault("withdrawn_at", None)
            consent["granted_by_user_id"] = enterprise.id
        connection.execute(insert(Consent), consents)
        linked["consents"] = len(consents)
    if linked:
        audited("demo.link_logins", linked)
    if native:
        for table in _SEQUENCED:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
    session.flush()
    inserted = time.perf_counter()

    accounts = sum(
        accounts_annual.recompute_year(session=session, year=year) for year in city.years
    )
    if derive:
        _derive(session=session, city=city)
    finished = time.perf_counter()
    return LoadStats(
        skipped=False,
        entities=len(city.entities),
        reports=report_count,
        lines=line_count,
        assignments=len(city.assignments),
        rechecks=len(city.rechecks),
        annual_accounts=accounts,
        generate_seconds=generated - started,
        insert_seconds=inserted - generated,
        annual_seconds=finished - inserted,
    )
