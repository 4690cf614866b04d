"""``/api/v1/grading``: compute a year, read grades and lists (private); public grade views."""

from __future__ import annotations

from typing import Any

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

__all__ = ["public_router", "router"]

router = APIRouter(prefix="/grading", tags=["grading 碳效评价"])
public_router = APIRouter(prefix="/grading/public", tags=["grading 碳效评价"])


@router.post("/years/{year}/compute", response_model=YearRunRead, summary="计算年度评价")
def compute(year: int, actor: Officials, session: DbSession) -> dict[str, Any]:
    """Compute benchmarks, carbon-efficiency grades and per-mu classes of a year."""
    run = service.compute_year(session=session, actor=actor, year=year)
    return {
        "year": year,
        "benchmarks": run.grades.benchmarks,
        "grades": len(run.grades.grades),
        "ungraded": run.grades.ungraded,
        "per_mu_evaluated": len(run.per_mu.evaluations),
        "per_mu_skipped": run.per_mu.skipped,
    }


@router.get("/years/{year}/benchmarks", response_model=list[BenchmarkRead], summary="行业基准")
def benchmarks(year: int, actor: Officials, session: DbSession) -> list[Any]:
    """The stored industry benchmarks of a year."""
    return service.benchmarks(session=session, actor=actor, year=year)


@router.get("/years/{year}/d-class", response_model=list[DClassRead], summary="D类企业名单")
def d_class(
    year: int, actor: Officials, session: DbSession, county_code: str | None = None
) -> list[Any]:
    """D-class enterprises (city officials: any county; county officials: their own)."""
    return service.d_class_list(session=session, actor=actor, year=year, county_code=county_code)


@router.get("/entities/{entity_id}/grades", response_model=list[GradeRead], summary="企业碳效码")
def entity_grades(entity_id: int, actor: GradeReader, session: DbSession) -> list[Any]:
    """An enterprise's grades, newest first (its own, or within an official's scope)."""
    return service.entity_grades(session=session, actor=actor, entity_id=entity_id)[1]


@public_router.get("/grades/{token}", response_model=PublicGradeRead, summary="碳效码公示")
def public_grade(token: str, session: DbSession) -> Any:
    """The grade behind a QR code: name, industry, year, grade and meaning; no raw data."""
    return service.public_grade(session=session, token=token)


@public_router.get(
    "/disclosure/{year}", response_model=list[DisclosureRead], summary="重点企业排放公示"
)
def disclosure(year: int, session: DbSession) -> list[Any]:
    """Key enterprises' verified annual emissions and energy of a year (public by law)."""
    return service.disclosure(session=session, year=year)
