"""``/api/v1/grading``: compute a year, read grades and lists (private); public grade views."""

from __future__ import annotations

from fastapi import APIRouter

from shuangtan.auth.deps import Officials
from shuangtan.db import DbSession
from shuangtan.grading import service
from shuangtan.grading.auth import GradeReader
from shuangtan.grading.schemas import (
    BenchmarkRead,
    DClassRead,
    DisclosureRead,
    GradeRead,
    PublicGradeRead,
    YearRunRead,
)
from shuangtan.kit.params import Id, Year

__all__ = ["public_router", "router"]

router = APIRouter(prefix="/grading", tags=["grading 碳效评价"])
public_router = APIRouter(prefix="/grading/public", tags=["grading 碳效评价"])


@router.post("/years/{year}/compute", summary="计算年度评价")
def compute(year: Year, actor: Officials, session: DbSession) -> YearRunRead:
    """Compute benchmarks, carbon-efficiency grades and per-mu classes of a year."""
    return YearRunRead.of(year, service.compute_year(session=session, actor=actor, year=year))


@router.get("/years/{year}/benchmarks", summary="行业基准")
def benchmarks(year: Year, actor: Officials, session: DbSession) -> list[BenchmarkRead]:
    """The stored industry benchmarks of a year."""
    found = service.benchmarks(session=session, actor=actor, year=year)
    return [BenchmarkRead.of(b) for b in found]


@router.get("/years/{year}/d-class", summary="D类企业名单")
def d_class(
    year: Year, actor: Officials, session: DbSession, county_code: str | None = None
) -> list[DClassRead]:
    """D-class enterprises (city officials: any county; county officials: their own)."""
    rows = service.d_class_list(session=session, actor=actor, year=year, county_code=county_code)
    return [DClassRead.of(row) for row in rows]


@router.get("/entities/{entity_id}/grades", summary="企业碳效码")
def entity_grades(entity_id: Id, actor: GradeReader, session: DbSession) -> list[GradeRead]:
    """An enterprise's grades, newest first (its own, or within an official's scope)."""
    _entity, grades = service.entity_grades(session=session, actor=actor, entity_id=entity_id)
    return [GradeRead.of(g) for g in grades]


@public_router.get("/grades/{token}", summary="碳效码公示")
def public_grade(token: str, session: DbSession) -> PublicGradeRead:
    """The grade behind a QR code: name, industry, year, grade and meaning; no raw data."""
    return PublicGradeRead.of(service.public_grade(session=session, token=token))


@public_router.get("/disclosure/{year}", summary="重点企业排放公示")
def disclosure(year: Year, session: DbSession) -> list[DisclosureRead]:
    """Key enterprises' verified annual emissions and energy of a year (public by law)."""
    return [DisclosureRead.of(row) for row in service.disclosure(session=session, year=year)]
