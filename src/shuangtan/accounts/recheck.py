"""Re-check selection (复查抽取): graded by energy use, raised by risk, seeded and recorded.

For each entity with verified months in ``year`` (in the official's scope, not yet selected):

1. its energy ``E`` = the year's verified tce (corrected where a re-check corrected it);
2. the base probability is the first tier whose ``min_tce ≤ E`` (default: every key energy user
   ≥ 10,000 tce: 1; 5,000–10,000 tce: 0.3; the rest: 0.1);
3. each anomaly flag on the year's reports multiplies it by ``risk_factor`` (default 2), capped
   at 1: ``p = min(1, base · risk_factor^flags)``;
4. ``u = Random(seed).random()`` is drawn for every candidate in entity-id order (always, so one
   entity's result does not shift another's); selected when ``u < p``.

The reason recorded is ``tier`` when the tier alone gives 1, ``risk`` when flags raised the
probability, else ``random``; with the probability and the seed. The selected entity-years'
``verified`` months move to ``recheck`` through the workflow (audited one by one).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import repository, workflow
from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    AnomalyFlag,
    Entity,
    RecheckSelection,
    ReportStatus,
)
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import InvalidInput, PermissionDenied

__all__ = [
    "DEFAULT_RISK_FACTOR",
    "DEFAULT_TIERS",
    "Candidate",
    "Tier",
    "probability",
    "select_rechecks",
]


@dataclass(frozen=True, slots=True)
class Tier:
    """复查档次 a re-check tier: entities using at least ``min_tce`` a year, drawn with ``p``."""

    min_tce: Decimal
    probability: Decimal


DEFAULT_TIERS = (
    Tier(Decimal(10000), Decimal(1)),  # 重点用能单位 key energy users: every year
    Tier(Decimal(5000), Decimal("0.3")),  # mandatory reporters below the key-user line
    Tier(Decimal(0), Decimal("0.1")),
)
DEFAULT_RISK_FACTOR = Decimal(2)
MAX_SEED = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Candidate:
    """复查候选 an entity-year considered, with its probability and the draw."""

    entity_id: int
    energy_tce: Decimal
    flags: int
    probability: Decimal
    reason: str
    draw: float
    selected: bool


def probability(
    energy_tce: Decimal,
    flags: int,
    *,
    tiers: Sequence[Tier] = DEFAULT_TIERS,
    risk_factor: Decimal = DEFAULT_RISK_FACTOR,
) -> tuple[Decimal, str]:
    """``(p, reason)`` for an entity using ``energy_tce`` a year with ``flags`` anomaly flags."""
    ordered = sorted(tiers, key=lambda tier: tier.min_tce, reverse=True)
    base = next((t.probability for t in ordered if energy_tce >= t.min_tce), Decimal(0))
    if base >= 1:
        return Decimal(1), "tier"
    raised = min(Decimal(1), base * risk_factor**flags)
    return raised, "risk" if flags and raised > base else "random"


def select_rechecks(
    *,
    session: Session,
    actor: Principal,
    year: int,
    seed: int,
    tiers: Sequence[Tier] = DEFAULT_TIERS,
    risk_factor: Decimal = DEFAULT_RISK_FACTOR,
) -> list[Candidate]:
    """Draw the year's re-checks (officials in their scope, administrators); every candidate
    with its probability and draw, the selected ones recorded and moved to ``recheck``."""
    if not actor.has_role(Role.official, Role.admin):
        raise PermissionDenied("只有政府官员可以抽取复查。", "Only an official may draw re-checks.")
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInput(f"随机种子须在 0–{MAX_SEED} 之间。", f"The seed must be 0-{MAX_SEED}.")
    energy = func.sum(
        case(
            (ActivityReport.corrected_tce.is_not(None), ActivityReport.corrected_tce),
            else_=ActivityReport.verified_tce,
        )
    )
    already = select(RecheckSelection.entity_id).where(RecheckSelection.year == year)
    readable = repository.readable_entities(actor).with_only_columns(Entity.id)
    rows = session.execute(
        select(ActivityReport.entity_id, energy)
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
            ActivityReport.entity_id.in_(readable),
            ActivityReport.entity_id.not_in(already),
        )
        .group_by(ActivityReport.entity_id)
        .order_by(ActivityReport.entity_id)
    ).all()
    flag_counts = dict(
        session.execute(
            select(ActivityReport.entity_id, func.count(AnomalyFlag.id))
            .join(AnomalyFlag, AnomalyFlag.report_id == ActivityReport.id)
            .where(ActivityReport.year == year)
            .group_by(ActivityReport.entity_id)
        ).all()
    )
    rng = random.Random(seed)
    candidates = []
    for entity_id, total in rows:
        energy_tce = Decimal(total or 0)
        count = int(flag_counts.get(entity_id, 0))
        p, reason = probability(energy_tce, count, tiers=tiers, risk_factor=risk_factor)
        draw = rng.random()
        selected = draw < p
        candidates.append(Candidate(entity_id, energy_tce, count, p, reason, draw, selected))
        if selected:
            _select(session, actor, entity_id=entity_id, year=year, p=p, reason=reason, seed=seed)
    return candidates


def _select(
    session: Session,
    actor: Principal,
    *,
    entity_id: int,
    year: int,
    p: Decimal,
    reason: str,
    seed: int,
) -> None:
    session.add(
        RecheckSelection(
            entity_id=entity_id,
            year=year,
            reason=reason,
            seed=seed,
            probability=p.quantize(Decimal("0.000001")),
        )
    )
    session.flush()
    report_ids = session.execute(
        select(ActivityReport.id)
        .where(
            ActivityReport.entity_id == entity_id,
            ActivityReport.year == year,
            ActivityReport.status == ReportStatus.verified.value,
        )
        .order_by(ActivityReport.month)
    ).scalars()
    for report_id in report_ids.all():
        workflow.transition(
            session=session, actor=actor, report_id=report_id, action="select_for_recheck"
        )
