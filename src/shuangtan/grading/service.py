"""The grading room's doors: compute a year, read grades (scoped), the public views.

Writes live in :mod:`~shuangtan.grading.carbon_grade` (grades), :mod:`~shuangtan.grading.
benchmarks` and :mod:`~shuangtan.grading.per_mu`; this module composes them and holds the
read rules: an enterprise sees its own grades, an official those of its county (a city official
all), an administrator all; anyone sees a grade's public page (grade, not data) and the
disclosure of key enterprises' verified emissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.accounts.query import EntityRecord
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.grading import repository
from shuangtan.grading.carbon_grade import (
    GRADE_MEANINGS,
    GradeRun,
    grade_year,
)
from shuangtan.grading.errors import GradeNotFound, GradingDenied
from shuangtan.grading.models import CarbonGrade, IndustryBenchmark
from shuangtan.grading.per_mu import PerMuRun, d_class_list, evaluate_year, official_counties
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository

__all__ = [
    "CarbonGrade",
    "DisclosureRow",
    "PublicGrade",
    "YearRun",
    "benchmarks",
    "compute_year",
    "d_class_list",
    "disclosure",
    "entity_grades",
    "grade_distribution",
    "grade_history",
    "grade_of_year",
    "public_grade",
]


@dataclass(frozen=True, slots=True)
class YearRun:
    """一年的评价 the grade run and the per-mu run of one year."""

    grades: GradeRun
    per_mu: PerMuRun


@dataclass(frozen=True, slots=True)
class PublicGrade:
    """碳效码公示 what the public page of a grade shows: who, which year, which grade. No data."""

    name: str
    uscc: str | None
    industry_code: str | None
    industry_name_zh: str
    industry_name_en: str
    county_name_zh: str
    county_name_en: str
    year: int
    grade: int
    level: str
    meaning_zh: str
    meaning_en: str


@dataclass(frozen=True, slots=True)
class DisclosureRow:
    """重点企业排放公示 one key enterprise's verified year."""

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    county_name_zh: str
    county_name_en: str
    industry_code: str | None
    industry_name_zh: str
    industry_name_en: str
    tco2e: Decimal
    energy_tce: Decimal


def compute_year(*, session: Session, actor: Principal | None, year: int) -> YearRun:
    """Benchmarks, carbon-efficiency grades and per-mu evaluation of ``year`` (officials, admin)."""
    grades = grade_year(session=session, actor=actor, year=year)
    return YearRun(grades=grades, per_mu=evaluate_year(session=session, actor=actor, year=year))


def may_read_entity(session: Session, actor: Principal, entity: EntityRecord) -> bool:
    """Whether ``actor`` may read the grades of ``entity`` (banks read through finance)."""
    if actor.is_admin:
        return True
    if actor.role is Role.enterprise:
        return actor.entity_id == entity.id
    if actor.role is Role.official:
        return actor.scope.covers(entity.county_code)
    return False


def entity_grades(
    *, session: Session, actor: Principal, entity_id: int
) -> tuple[EntityRecord, list[CarbonGrade]]:
    """An entity and its grades, newest first; not found unless the caller may read them."""
    entity = repository.entity(session, entity_id)
    if entity is None or not may_read_entity(session, actor, entity):
        raise GradeNotFound(
            "该企业不存在或您无权查看其评价。",
            "No such enterprise, or you may not see its grades.",
            entity_id=entity_id,
        )
    return entity, list(repository.grades_of_entity(session, entity_id))


def grade_of_year(
    *, session: Session, actor: Principal, entity_id: int, year: int
) -> CarbonGrade | None:
    """The entity's grade of ``year``, or ``None``; not found unless the caller may read it."""
    _, grades = entity_grades(session=session, actor=actor, entity_id=entity_id)
    return next((g for g in grades if g.year == year), None)


def public_grade(*, session: Session, token: str) -> PublicGrade:
    """The public face of a grade (its QR code's target): name, industry, year, grade, meaning."""
    found = repository.grade_by_token(session, token)
    if found is None:
        raise GradeNotFound("未找到该碳效码。", "No such carbon-efficiency code.")
    grade, entity = found
    industry = place_repository.industries(session).get(entity.industry_code or "")
    county = place_repository.counties(session).get(entity.county_code)
    zh, en = GRADE_MEANINGS[grade.grade]
    return PublicGrade(
        name=entity.name,
        uscc=entity.uscc,
        industry_code=entity.industry_code,
        industry_name_zh=industry.name_zh if industry else "—",
        industry_name_en=industry.name_en if industry else "—",
        county_name_zh=county.name_zh if county else entity.county_code,
        county_name_en=county.name_en if county else entity.county_code,
        year=grade.year,
        grade=grade.grade,
        level=grade.level,
        meaning_zh=zh,
        meaning_en=en,
    )


def disclosure(*, session: Session, year: int) -> list[DisclosureRow]:
    """Key enterprises' (mandatory reporters') verified emissions of ``year``: public by law."""
    check_year(year)
    industries = place_repository.industries(session)
    counties = place_repository.counties(session)
    rows = []
    for row in repository.disclosed_accounts(session, year):
        entity, account = row.entity, row.account
        industry = industries.get(entity.industry_code or "")
        county = counties.get(entity.county_code)
        rows.append(
            DisclosureRow(
                entity_id=entity.id,
                name=entity.name,
                uscc=entity.uscc,
                county_code=entity.county_code,
                county_name_zh=county.name_zh if county else entity.county_code,
                county_name_en=county.name_en if county else entity.county_code,
                industry_code=entity.industry_code,
                industry_name_zh=industry.name_zh if industry else "—",
                industry_name_en=industry.name_en if industry else "—",
                tco2e=account.tco2e,
                energy_tce=account.energy_tce,
            )
        )
    return rows


def latest_year(session: Session, today: date) -> int:
    """The year the grade pages open on: the latest year graded, else the year before
    ``today`` (the year an assessment would cover)."""
    return repository.latest_graded_year(session) or today.year - 1


def check_may_see_statistics(actor: Principal) -> None:
    """Only officials and administrators see the grade statistics."""
    if not actor.has_role(Role.official, Role.admin):
        raise GradingDenied(
            "只有政府官员或系统管理员可以查看评价统计。",
            "Only an official or an administrator may see the grade statistics.",
        )


def grade_distribution(
    *, session: Session, actor: Principal, year: int, county_code: str | None = None
) -> dict[str, list[int]]:
    """How many enterprises of each industry hold grade 1…5 in ``year`` (in the caller's scope)."""
    check_may_see_statistics(actor)
    county = official_counties(session, actor, county_code)
    counts: dict[str, list[int]] = {}
    for grade, entity in repository.grades_with_entities(session, year):
        if county is not None and entity.county_code != county:
            continue
        counts.setdefault(entity.industry_code or "—", [0] * 5)[grade.grade - 1] += 1
    return dict(sorted(counts.items()))


def grade_history(*, session: Session, entity_id: int) -> list[CarbonGrade]:
    """An entity's grades, newest first, unchecked: for rooms that checked access themselves
    (finance reads it only for a consenting enterprise)."""
    return list(repository.grades_of_entity(session, entity_id))


def benchmarks(*, session: Session, actor: Principal, year: int) -> list[IndustryBenchmark]:
    """The stored industry benchmarks of ``year`` (officials and administrators)."""
    if not actor.has_role(Role.official, Role.admin):
        raise GradingDenied(
            "只有政府官员或系统管理员可以查看行业基准。",
            "Only an official or an administrator may see the benchmarks.",
        )
    return sorted(
        repository.benchmarks_of_year(session, year).values(), key=lambda b: b.industry_code
    )
