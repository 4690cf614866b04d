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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

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
from shuangtan.demodata import tables
from shuangtan.demodata.calibration import SEED
from shuangtan.demodata.city import SyntheticCity
from shuangtan.demodata.clock import REFERENCE_TODAY
from shuangtan.demodata.generate import generate_city
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
    today: date = REFERENCE_TODAY,
    meters: int = 1,
    progress: Progress | None = None,
    city: SyntheticCity | None = None,
    derive: bool = True,
) -> LoadStats:
    """Generate (or take ``city``) and bulk-load the synthetic city as on ``today`` (reports to
    the last complete month before it); skip if entities exist.

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
        city = generate_city(seed=seed, entities=entities, today=today, meters=meters)
    generated = time.perf_counter()
    loader = _Loader(session, city, progress)
    loader.entities()
    report_count = loader.reports()
    line_count = loader.lines()
    loader.verification()
    loader.logins()
    if loader.native:
        loader.move_sequences()
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


class _Loader:
    """The load's steps, each inserting its tables in batches and writing one audit entry."""

    def __init__(self, session: Session, city: SyntheticCity, progress: Progress | None) -> None:
        self.session = session
        self.city = city
        self.progress = progress
        self.native = session.get_bind().dialect.name == "postgresql"
        self.connection = session.connection()
        self.now = datetime.now(UTC)

    def write(self, table: type[Base], rows: Sequence[dict[str, Any]], step: str) -> None:
        """Insert ``rows`` into ``table``, ``BATCH`` at a time, reporting progress."""
        done = 0
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            self.connection.execute(insert(table), list(chunk))
            done += len(chunk)
            if self.progress is not None:
                self.progress(step, done, len(rows))

    def audited(self, action: str, after: dict[str, Any]) -> None:
        """One audit entry of a load step, the system as the actor."""
        audit.record(
            session=self.session,
            actor=None,
            action=action,
            entity_type="demo",
            entity_id=str(self.city.seed),
            before=None,
            after=after,
        )

    def entities(self) -> None:
        """Entities, verification bodies and banks."""
        city = self.city
        self.write(Entity, tables.entity_rows(city, self.now), "entities")
        self.write(VerifierBody, tables.verifier_body_rows(city), "verifier_bodies")
        self.write(Bank, tables.bank_rows(city), "banks")
        kinds: dict[str, int] = {}
        for e in city.entities:
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
        self.audited(
            "demo.load_entities",
            {
                "entities": len(city.entities),
                "by_kind": kinds,
                "verifier_bodies": len(city.verifier_bodies),
                "banks": len(city.banks),
            },
        )

    def reports(self) -> int:
        """The monthly reports; their count."""
        city = self.city
        self.write(ActivityReport, tables.report_rows(city, self.native, self.now), "reports")
        statuses: dict[str, int] = {}
        for status in city.report_status:
            statuses[status] = statuses.get(status, 0) + 1
        report_count = len(city.report_entity)
        self.audited("demo.load_reports", {"reports": report_count, "by_status": statuses})
        return report_count

    def lines(self) -> int:
        """The report lines, built and written batch by batch to keep memory flat; their count."""
        line_count = len(self.city.line_report)
        done = 0
        for chunk in tables.line_rows(self.city, self.native, BATCH):
            self.connection.execute(insert(ReportLine), chunk)
            done += len(chunk)
            if self.progress is not None:
                self.progress("lines", done, line_count)
        self.audited("demo.load_lines", {"lines": line_count, "computed_by": "calculate_batch"})
        return line_count

    def verification(self) -> None:
        """MRV: assignments (the ``official`` login made the hand-picked ones), conflicts and
        re-check selections."""
        city = self.city
        official = auth_repository.user_by_username(self.session, "official")
        official_id = None if official is None else official.id
        self.write(VerifierAssignment, tables.assignment_rows(city, official_id), "assignments")
        self.write(VerifierConflict, tables.conflict_rows(city), "conflicts")
        self.write(RecheckSelection, tables.recheck_rows(city), "rechecks")
        self.audited(
            "demo.load_verification",
            {
                "assignments": len(city.assignments),
                "conflicts": len(city.conflicts),
                "rechecks": len(city.rechecks),
            },
        )

    def logins(self) -> None:
        """The demo logins' memberships and entity 1's consent to the first bank."""
        city, session, connection = self.city, self.session, self.connection
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
            consents = tables.consent_rows(city, enterprise.id)
            connection.execute(insert(Consent), consents)
            linked["consents"] = len(consents)
        if linked:
            self.audited("demo.link_logins", linked)

    def move_sequences(self) -> None:
        """PostgreSQL: move each table's id sequence past the ids given explicitly."""
        for table in _SEQUENCED:
            self.connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
