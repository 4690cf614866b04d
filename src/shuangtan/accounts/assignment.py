"""Verifier assignment (核查任务分配): by an official, or drawn at random with rotation.

A draw is reproducible: ``random.Random(seed)`` over the entities in id order and, for each,
its eligible bodies in id order; the seed is recorded on every assignment it makes. Eligible
means active, with no declared conflict with the entity (利益冲突), and not assigned to the
entity in each of the previous ``max_consecutive_years`` years (轮换: a body verifies the same
entity at most that many years in a row). The same rules bind an official's assignment.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import repository
from shuangtan.accounts.errors import (
    AssignmentConflicted,
    EntityNotFound,
    VerifierBodyNotFound,
)
from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    Entity,
    VerifierAssignment,
    VerifierBody,
    VerifierConflict,
)
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import InvalidInput, PermissionDenied

__all__ = [
    "DEFAULT_MAX_CONSECUTIVE_YEARS",
    "RecordYears",
    "VerifierRecord",
    "assign_verifier",
    "declare_conflict",
    "draw_verifiers",
    "eligible_bodies",
    "record_years",
    "verifier_records",
]

DEFAULT_MAX_CONSECUTIVE_YEARS = 3
MAX_SEED = 2**31 - 1


def _require_authority(actor: Principal) -> None:
    if not actor.has_role(Role.official, Role.admin):
        raise PermissionDenied(
            "只有政府官员可以分配核查机构。", "Only an official may assign verifiers."
        )


def _entity_for(session: Session, actor: Principal, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    if not repository.entity_in_scope(session, actor, entity_id):
        raise PermissionDenied(
            "该企业不在您的管辖范围内。", "This entity is outside your jurisdiction."
        )
    return entity


def _rotation_blocked(
    session: Session, entity_id: int, year: int, max_consecutive_years: int
) -> set[int]:
    """Bodies assigned to the entity in every one of the previous N years."""
    years = range(year - max_consecutive_years, year)
    rows = session.execute(
        select(VerifierAssignment.verifier_body_id)
        .where(VerifierAssignment.entity_id == entity_id, VerifierAssignment.year.in_(years))
        .group_by(VerifierAssignment.verifier_body_id)
        .having(func.count() == max_consecutive_years)
    )
    return set(rows.scalars())


def eligible_bodies(
    *,
    session: Session,
    entity_id: int,
    year: int,
    max_consecutive_years: int = DEFAULT_MAX_CONSECUTIVE_YEARS,
) -> list[int]:
    """Ids of the bodies that may verify the entity's year, in id order."""
    conflicted = select(VerifierConflict.verifier_body_id).where(
        VerifierConflict.entity_id == entity_id
    )
    active = session.execute(
        select(VerifierBody.id)
        .where(VerifierBody.is_active.is_(True), VerifierBody.id.not_in(conflicted))
        .order_by(VerifierBody.id)
    ).scalars()
    blocked = _rotation_blocked(session, entity_id, year, max_consecutive_years)
    return [body for body in active if body not in blocked]


def _put(
    session: Session,
    actor: Principal,
    *,
    entity_id: int,
    year: int,
    body_id: int,
    method: str,
    seed: int | None,
    due_date: date | None,
) -> VerifierAssignment:
    existing = repository.assignment(session, entity_id, year)
    before = audit.snapshot(existing, exclude=("assigned_at",)) if existing else None
    if existing is None:
        existing = VerifierAssignment(entity_id=entity_id, year=year)
        session.add(existing)
    existing.verifier_body_id = body_id
    existing.method = method
    existing.seed = seed
    existing.assigned_by_user_id = actor.user_id
    existing.due_date = due_date
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=f"verifier.{method}",
        entity_type="verifier_assignment",
        entity_id=str(existing.id),
        before=before,
        after=audit.snapshot(existing, exclude=("assigned_at",)),
    )
    return existing


def assign_verifier(
    *,
    session: Session,
    actor: Principal,
    entity_id: int,
    year: int,
    verifier_body_id: int,
    due_date: date | None = None,
    max_consecutive_years: int = DEFAULT_MAX_CONSECUTIVE_YEARS,
) -> VerifierAssignment:
    """An official assigns a body to an entity-year (replacing an earlier assignment).

    Refused (409 ``assignment.conflicted``) when the body declared a conflict with the entity
    or has verified it in each of the previous ``max_consecutive_years`` years.
    """
    _require_authority(actor)
    _entity_for(session, actor, entity_id)
    body = session.get(VerifierBody, verifier_body_id)
    if body is None or not body.is_active:
        raise VerifierBodyNotFound(
            f"核查机构 {verifier_body_id} 不存在或已停用。",
            f"No active verifier body {verifier_body_id}.",
        )
    if repository.is_conflicted(session, verifier_body_id, entity_id):
        raise AssignmentConflicted(
            f"核查机构“{body.name}”与该企业存在利益冲突。",
            f"Verifier body '{body.name}' declared a conflict with this entity.",
        )
    if verifier_body_id in _rotation_blocked(session, entity_id, year, max_consecutive_years):
        raise AssignmentConflicted(
            f"核查机构“{body.name}”已连续{max_consecutive_years}年核查该企业，须轮换。",
            f"Verifier body '{body.name}' has verified this entity {max_consecutive_years} "
            "years in a row and must rotate.",
        )
    return _put(
        session,
        actor,
        entity_id=entity_id,
        year=year,
        body_id=verifier_body_id,
        method="assigned",
        seed=None,
        due_date=due_date,
    )


def draw_verifiers(
    *,
    session: Session,
    actor: Principal,
    year: int,
    seed: int,
    max_consecutive_years: int = DEFAULT_MAX_CONSECUTIVE_YEARS,
    entity_ids: Sequence[int] | None = None,
) -> list[VerifierAssignment]:
    """Draw a body at random for every active entity in scope without one for ``year``.

    Same seed and same data, same draw. An entity with no eligible body is left unassigned.
    """
    _require_authority(actor)
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"随机种子须在 0–{MAX_SEED} 之间。", f"The seed must be 0-{MAX_SEED}.")
    assigned = select(VerifierAssignment.entity_id).where(VerifierAssignment.year == year)
    statement = (
        repository.readable_entities(actor)
        .where(Entity.is_active.is_(True), Entity.id.not_in(assigned))
        .order_by(Entity.id)
    )
    if entity_ids is not None:
        statement = statement.where(Entity.id.in_(list(entity_ids)))
    rng = random.Random(seed)
    made = []
    for entity in session.execute(statement).scalars().all():
        bodies = eligible_bodies(
            session=session,
            entity_id=entity.id,
            year=year,
            max_consecutive_years=max_consecutive_years,
        )
        if not bodies:
            continue
        made.append(
            _put(
                session,
                actor,
                entity_id=entity.id,
                year=year,
                body_id=rng.choice(bodies),
                method="random",
                seed=seed,
                due_date=None,
            )
        )
    return made


def declare_conflict(
    *, session: Session, actor: Principal, verifier_body_id: int, entity_id: int, reason: str
) -> VerifierConflict:
    """Record a conflict of interest (利益冲突): by an official, or a member of the body."""
    is_member = actor.role is Role.verifier and verifier_body_id in repository.body_ids_of(
        session, actor.user_id
    )
    if not (is_member or actor.has_role(Role.official, Role.admin)):
        raise PermissionDenied(
            "只有政府官员或该核查机构的人员可以申报利益冲突。",
            "Only an official or a member of the body may declare a conflict.",
        )
    if session.get(VerifierBody, verifier_body_id) is None:
        raise VerifierBodyNotFound(
            f"核查机构 {verifier_body_id} 不存在。", f"No verifier body {verifier_body_id}."
        )
    if session.get(Entity, entity_id) is None:
        raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    if not reason.strip():
        raise InvalidInput("须说明利益冲突的理由。", "A conflict needs a reason.")
    conflict = VerifierConflict(
        verifier_body_id=verifier_body_id, entity_id=entity_id, reason=reason.strip()
    )
    session.add(conflict)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="verifier.conflict",
        entity_type="verifier_conflict",
        entity_id=str(conflict.id),
        before=None,
        after=audit.snapshot(conflict),
    )
    return conflict


@dataclass(frozen=True, slots=True)
class VerifierRecord:
    """核查机构履职记录 a body's record for a year: volume, corrections found, timeliness."""

    verifier_body_id: int
    name: str
    reports_verified: int
    corrections_found: int
    mean_days_to_verify: Decimal | None
    max_days_to_verify: Decimal | None


@dataclass(frozen=True, slots=True)
class RecordYears:
    """The years of the verifiers' records an official may open, and which is shown first.

    ``decided`` are the years with a re-check decided (confirmed or corrected): only then are
    a year's corrections found known. ``latest`` is the year shown without a choice: the latest
    decided year, else the latest year (``None`` without any report in scope)."""

    years: list[int]
    decided: list[int]

    @property
    def latest(self) -> int | None:
        if self.decided:
            return self.decided[-1]
        return self.years[-1] if self.years else None


def record_years(*, session: Session, actor: Principal) -> RecordYears:
    """The years with reports in the official's scope and those of them whose re-checks are
    decided (:class:`RecordYears`)."""
    _require_authority(actor)
    years = repository.years_with_data(session, actor)
    decided = [y for y in repository.decided_recheck_years(session, actor) if y in years]
    return RecordYears(years=years, decided=decided)


def verifier_records(*, session: Session, actor: Principal, year: int) -> list[VerifierRecord]:
    """Each body's record for ``year`` over the reports in the official's scope.

    Reports verified: months it verified (now in any verified state); corrections found:
    of those, the ones a re-check later corrected; timeliness: days from submission to
    verification (mean and worst).
    """
    _require_authority(actor)
    rows = session.execute(
        repository.readable_reports(actor)
        .with_only_columns(
            ActivityReport.verified_by_body_id,
            ActivityReport.corrected_tco2e,
            ActivityReport.submitted_at,
            ActivityReport.verified_at,
        )
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
            ActivityReport.verified_by_body_id.is_not(None),
        )
    ).all()
    names = dict(session.execute(select(VerifierBody.id, VerifierBody.name)).all())
    grouped: dict[int, list[tuple[bool, float | None]]] = {}
    for body_id, corrected, submitted, verified in rows:
        elapsed = None
        if submitted is not None and verified is not None:
            elapsed = (verified - submitted).total_seconds() / 86400
        grouped.setdefault(int(body_id or 0), []).append((corrected is not None, elapsed))
    records = []
    for body_id in sorted(grouped):
        items = grouped[body_id]
        days: list[float] = [d for _, d in items if d is not None]
        records.append(
            VerifierRecord(
                verifier_body_id=body_id,
                name=names.get(body_id, str(body_id)),
                reports_verified=len(items),
                corrections_found=sum(1 for corrected, _ in items if corrected),
                mean_days_to_verify=_days(sum(days) / len(days)) if days else None,
                max_days_to_verify=_days(max(days)) if days else None,
            )
        )
    return records


def _days(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))
