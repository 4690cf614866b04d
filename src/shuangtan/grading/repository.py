"""Every query of the grading room: the enterprise-years it grades and the rows it reads back.

The annual accounts (年度碳账户) belong to ``accounts`` and are read through its one query
module (:mod:`shuangtan.accounts.query`), never written, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.accounts.query import EntityRecord, VerifiedAccount
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


def enterprise_years(session: Session, year: int) -> list[EnterpriseYear]:
    """Every industrial enterprise with verified months in ``year``, with its inputs."""
    non_energy = accounts_query.verified_line_totals(
        session, year=year, activities=ENERGY_ACTIVITIES, exclude=True
    )
    rows = accounts_query.verified_accounts(session, year=year, kind="industrial", order="entity")
    return [
        EnterpriseYear(
            entity_id=row.entity.id,
            name=row.entity.name,
            uscc=row.entity.uscc,
            county_code=row.entity.county_code,
            industry_code=row.entity.industry_code,
            land_area_mu=row.entity.land_area_mu,
            tco2e=row.account.tco2e,
            non_energy_tco2e=non_energy.get(row.entity.id, (Decimal(0), 0))[0],
            energy_tce=row.account.energy_tce,
            value_added_10k_cny=row.account.value_added_10k_cny,
            tax_10k_cny=row.account.tax_10k_cny,
        )
        for row in rows
    ]


def benchmarks_of_year(session: Session, year: int) -> dict[str, IndustryBenchmark]:
    """The stored benchmarks of ``year`` by industry code."""
    statement = select(IndustryBenchmark).where(IndustryBenchmark.year == year)
    return {b.industry_code: b for b in session.execute(statement).scalars()}


def latest_graded_year(session: Session) -> int | None:
    """The latest year any enterprise holds a grade for (``None``: no grade yet)."""
    return session.scalar(select(func.max(CarbonGrade.year)))


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


def grade_by_token(session: Session, token: str) -> tuple[CarbonGrade, EntityRecord] | None:
    """The grade behind a public token, with its entity."""
    grade = session.execute(
        select(CarbonGrade).where(CarbonGrade.public_token == token)
    ).scalar_one_or_none()
    if grade is None:
        return None
    entity = accounts_query.entity(session, grade.entity_id)
    return None if entity is None else (grade, entity)


def disclosed_accounts(session: Session, year: int) -> list[VerifiedAccount]:
    """Mandatory reporters' verified annual accounts of ``year``, largest emitter first."""
    return accounts_query.verified_accounts(session, year=year, mandatory_only=True)


def entity(session: Session, entity_id: int) -> EntityRecord | None:
    """The entity of ``entity_id``."""
    return accounts_query.entity(session, entity_id)


def grades_with_entities(session: Session, year: int) -> list[tuple[CarbonGrade, EntityRecord]]:
    """The grades of ``year`` with their entities."""
    grades = list(session.scalars(select(CarbonGrade).where(CarbonGrade.year == year)))
    entities = accounts_query.entities(session, (g.entity_id for g in grades))
    return [(grade, entities[grade.entity_id]) for grade in grades if grade.entity_id in entities]


def evaluations_with_entities(
    session: Session, year: int, klass: str
) -> list[tuple[PerMuEvaluation, EntityRecord]]:
    """The per-mu evaluations of ``year`` in class ``klass`` with their entities."""
    evaluations = list(
        session.scalars(
            select(PerMuEvaluation).where(
                PerMuEvaluation.year == year, PerMuEvaluation.klass == klass
            )
        )
    )
    entities = accounts_query.entities(session, (e.entity_id for e in evaluations))
    return [(e, entities[e.entity_id]) for e in evaluations if e.entity_id in entities]
