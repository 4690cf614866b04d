"""Every query of the grading room: the enterprise-years it grades and the rows it reads back.

The annual accounts (年度碳账户) are read, never written, here: they belong to ``accounts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import (
    VERIFIED_STATES,
    ActivityReport,
    AnnualAccount,
    Entity,
    EntityKind,
    ReportLine,
)
from shuangtan.grading.models import CarbonGrade, IndustryBenchmark, PerMuEvaluation

__all__ = [
    "ENERGY_ACTIVITIES",
    "EnterpriseYear",
    "enterprise_years",
]

ENERGY_ACTIVITIES = ("fuel_combustion", "purchased_electricity", "purchased_heat")
"""Activities whose CO2 is energy-related (能耗碳排放); ``process`` and ``non_co2`` are not."""


@dataclass(frozen=True, slots=True)
class EnterpriseYear:
    """企业年度数据 the inputs of an industrial enterprise's year, from its annual account."""

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    industry_code: str | None
    land_area_mu: Decimal | None
    tco2e: Decimal  # verified total, all sources
    non_energy_tco2e: Decimal  # process and non-CO2 lines of the verified months
    energy_tce: Decimal
    value_added_10k_cny: Decimal | None
    tax_10k_cny: Decimal | None

    @property
    def energy_co2(self) -> Decimal:
        """Energy-related CO2 (能耗碳排放): the verified total less the non-energy lines."""
        return max(self.tco2e - self.non_energy_tco2e, Decimal(0))


def _non_energy_by_entity(session: Session, year: int) -> dict[int, Decimal]:
    statement = (
        select(ActivityReport.entity_id, func.sum(ReportLine.tco2e))
        .join(ReportLine, ReportLine.report_id == ActivityReport.id)
        .where(
            ActivityReport.year == year,
            ActivityReport.status.in_([s.value for s in VERIFIED_STATES]),
            ReportLine.activity.not_in(ENERGY_ACTIVITIES),
        )
        .group_by(ActivityReport.entity_id)
    )
    return {int(eid): Decimal(total or 0) for eid, total in session.execute(statement)}


def enterprise_years(session: Session, year: int) -> list[EnterpriseYear]:
    """Every industrial enterprise with verified months in ``year``, with its inputs."""
    statement = (
        select(Entity, AnnualAccount)
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(
            AnnualAccount.year == year,
            AnnualAccount.months_verified > 0,
            Entity.kind == EntityKind.industrial.value,
        )
        .order_by(Entity.id)
    )
    non_energy = _non_energy_by_entity(session, year)
    return [
        EnterpriseYear(
            entity_id=entity.id,
            name=entity.name,
            uscc=entity.uscc,
            county_code=entity.county_code,
            industry_code=entity.industry_code,
            land_area_mu=entity.land_area_mu,
            tco2e=Decimal(account.tco2e),
            non_energy_tco2e=non_energy.get(entity.id, Decimal(0)),
            energy_tce=Decimal(account.energy_tce),
            value_added_10k_cny=account.value_added_10k_cny,
            tax_10k_cny=account.tax_10k_cny,
        )
        for entity, account in session.execute(statement)
    ]


def benchmarks_of_year(session: Session, year: int) -> dict[str, IndustryBenchmark]:
    """The stored benchmarks of ``year`` by industry code."""
    statement = select(IndustryBenchmark).where(IndustryBenchmark.year == year)
    return {b.industry_code: b for b in session.execute(statement).scalars()}


def grades_of_year(session: Session, year: int) -> dict[int, CarbonGrade]:
    """The stored grades of ``year`` by entity id."""
    statement = select(CarbonGrade).where(CarbonGrade.year == year)
    return {g.entity_id: g for g in session.execute(statement).scalars()}


def evaluations_of_year(session: Session, year: int) -> dict[int, PerMuEvaluation]:
    """The stored per-mu evaluations of ``year`` by entity id."""
    statement = select(PerMuEvaluation).where(PerMuEvaluation.year == year)
    return {e.entity_id: e for e in session.execute(statement).scalars()}


def grades_of_entity(session: Session, entity_id: int) -> Sequence[CarbonGrade]:
    """An entity's grades, newest year first."""
    statement = (
        select(CarbonGrade)
        .where(CarbonGrade.entity_id == entity_id)
        .order_by(CarbonGrade.year.desc())
    )
    return session.execute(statement).scalars().all()


def grade_by_token(session: Session, token: str) -> tuple[CarbonGrade, Entity] | None:
    """The grade behind a public token, with its entity."""
    statement = (
        select(CarbonGrade, Entity)
        .join(Entity, Entity.id == CarbonGrade.entity_id)
        .where(CarbonGrade.public_token == token)
    )
    row = session.execute(statement).first()
    return None if row is None else (row[0], row[1])


def disclosed_accounts(session: Session, year: int) -> Sequence[tuple[Entity, AnnualAccount]]:
    """Mandatory reporters' verified annual accounts of ``year``, largest emitter first."""
    statement = (
        select(Entity, AnnualAccount)
        .join(AnnualAccount, AnnualAccount.entity_id == Entity.id)
        .where(
            AnnualAccount.year == year,
            AnnualAccount.mandatory_reporter.is_(True),
            AnnualAccount.months_verified > 0,
        )
        .order_by(AnnualAccount.tco2e.desc(), Entity.id)
    )
    return session.execute(statement).all()


def entity(session: Session, entity_id: int) -> Entity | None:
    """The entity of ``entity_id``."""
    return session.get(Entity, entity_id)


def grades_with_entities(session: Session, year: int) -> list[tuple[CarbonGrade, Entity]]:
    """The grades of ``year`` with their entities, in one query."""
    statement = (
        select(CarbonGrade, Entity)
        .join(Entity, Entity.id == CarbonGrade.entity_id)
        .where(CarbonGrade.year == year)
    )
    return [(grade, entity) for grade, entity in session.execute(statement)]


def evaluations_with_entities(
    session: Session, year: int, klass: str
) -> list[tuple[PerMuEvaluation, Entity]]:
    """The per-mu evaluations of ``year`` in class ``klass`` with their entities, in one query."""
    statement = (
        select(PerMuEvaluation, Entity)
        .join(Entity, Entity.id == PerMuEvaluation.entity_id)
        .where(PerMuEvaluation.year == year, PerMuEvaluation.klass == klass)
    )
    return [(evaluation, entity) for evaluation, entity in session.execute(statement)]
