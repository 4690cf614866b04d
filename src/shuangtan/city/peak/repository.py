"""Every query of saved peak scenarios, scoped to what the caller may see."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from shuangtan.city.peak.models import PeakScenario, PeakScenarioVersion

__all__ = [
    "live_scenario",
    "scenarios",
    "versions",
]


def _live() -> Select[PeakScenario]:
    return select(PeakScenario).where(PeakScenario.deleted_at.is_(None))


def live_scenario(session: Session, scenario_id: int) -> PeakScenario | None:
    """A scenario that is not deleted."""
    return session.scalars(_live().where(PeakScenario.id == scenario_id)).first()


def scenarios(
    session: Session,
    *,
    scope_kind: str | None = None,
    scope_code: str | None = None,
    only_county: str | None = None,
) -> list[PeakScenario]:
    """Live scenarios, by scope; ``only_county`` restricts to one county (a county official)."""
    statement = _live()
    if only_county is not None:
        statement = statement.where(
            PeakScenario.scope_kind == "county", PeakScenario.scope_code == only_county
        )
    if scope_kind is not None:
        statement = statement.where(PeakScenario.scope_kind == scope_kind)
    if scope_code is not None:
        statement = statement.where(PeakScenario.scope_code == scope_code)
    order = (PeakScenario.scope_kind, PeakScenario.scope_code, PeakScenario.id)
    return list(session.scalars(statement.order_by(*order)))


def by_key(session: Session, scope_kind: str, scope_code: str, key: str) -> PeakScenario | None:
    """A shipped scenario by its key, deleted or not."""
    return session.scalars(
        select(PeakScenario).where(
            PeakScenario.scope_kind == scope_kind,
            PeakScenario.scope_code == scope_code,
            PeakScenario.key == key,
        )
    ).first()


def versions(session: Session, scenario_id: int) -> list[PeakScenarioVersion]:
    """Every saved version of a scenario, oldest first."""
    return list(
        session.scalars(
            select(PeakScenarioVersion)
            .where(PeakScenarioVersion.scenario_id == scenario_id)
            .order_by(PeakScenarioVersion.version)
        )
    )
