"""Every query of the synergy index: inputs, weight sets, runs and scores; counties read from
the city configuration tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.city.synergy.models import SynergyInput, SynergyRun, SynergyScore, SynergyWeightSet

__all__ = [
    "input_row",
    "inputs_of_year",
    "latest_run",
    "runs_of_year",
    "scores_of_run",
    "weight_set",
    "weight_set_named",
    "weight_sets",
    "years_with_data",
]


def input_row(
    session: Session, *, county_code: str, year: int, indicator_id: str
) -> SynergyInput | None:
    """The stored input of one county, year and indicator, if any."""
    return session.execute(
        select(SynergyInput).where(
            SynergyInput.county_code == county_code,
            SynergyInput.year == year,
            SynergyInput.indicator_id == indicator_id,
        )
    ).scalar_one_or_none()


def inputs_of_year(
    session: Session, year: int, county_code: str | None = None
) -> list[SynergyInput]:
    """The stored inputs of ``year`` (of one county if given), by county and indicator."""
    statement = select(SynergyInput).where(SynergyInput.year == year)
    if county_code is not None:
        statement = statement.where(SynergyInput.county_code == county_code)
    statement = statement.order_by(SynergyInput.county_code, SynergyInput.indicator_id)
    return list(session.execute(statement).scalars())


def weight_sets(session: Session, version: str | None = None) -> list[SynergyWeightSet]:
    """The official weight sets (of one definition version if given), newest first."""
    statement = select(SynergyWeightSet).order_by(SynergyWeightSet.id.desc())
    if version is not None:
        statement = statement.where(SynergyWeightSet.definition_version == version)
    return list(session.execute(statement).scalars())


def weight_set(session: Session, weight_set_id: int) -> SynergyWeightSet | None:
    """One weight set by id."""
    return session.get(SynergyWeightSet, weight_set_id)


def weight_set_named(session: Session, version: str, name: str) -> SynergyWeightSet | None:
    """The weight set ``name`` of definition ``version``, if any."""
    return session.execute(
        select(SynergyWeightSet).where(
            SynergyWeightSet.definition_version == version, SynergyWeightSet.name == name
        )
    ).scalar_one_or_none()


def runs_of_year(session: Session, year: int) -> list[SynergyRun]:
    """The runs of ``year``, newest first."""
    statement = select(SynergyRun).where(SynergyRun.year == year).order_by(SynergyRun.id.desc())
    return list(session.execute(statement).scalars())


def latest_run(session: Session, year: int, version: str | None = None) -> SynergyRun | None:
    """The newest run of ``year`` (of one definition version if given)."""
    statement = select(SynergyRun).where(SynergyRun.year == year)
    if version is not None:
        statement = statement.where(SynergyRun.definition_version == version)
    return session.execute(statement.order_by(SynergyRun.id.desc()).limit(1)).scalar_one_or_none()


def scores_of_run(session: Session, run_id: int) -> list[SynergyScore]:
    """The scores of a run, best rank first."""
    statement = (
        select(SynergyScore)
        .where(SynergyScore.run_id == run_id)
        .order_by(SynergyScore.rank, SynergyScore.county_code)
    )
    return list(session.execute(statement).scalars())


def years_with_data(session: Session) -> list[int]:
    """The years that have any input or any run, ascending."""
    inputs = session.execute(select(SynergyInput.year).distinct()).scalars()
    runs = session.execute(select(SynergyRun.year).distinct()).scalars()
    return sorted(set(inputs) | set(runs))
