"""``/api/v1/synergy``: the definition, inputs, official weights, computation and scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shuangtan.auth.deps import Officials
from shuangtan.city.synergy import service, views
from shuangtan.city.synergy.definition import versions
from shuangtan.city.synergy.schemas import (
    ComputeIn,
    InputIn,
    SynergyCountyRead,
    SynergyDefinitionRead,
    SynergyDefinitionsRead,
    SynergyInputRead,
    SynergyRunRead,
    SynergyYearRead,
    WeightSetEntryRead,
    WeightSetIn,
    WeightSetRead,
)
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Year

__all__ = ["router"]

router = APIRouter(prefix="/synergy", tags=["synergy 协同指数"])

Version = Annotated[
    str | None,
    Query(
        max_length=16,
        description="定义版本 the definition version whose newest run to read (default: the "
        "newest run of any version)",
    ),
]


@router.get("/definitions", summary="协同指数定义版本")
def definitions(actor: Officials) -> SynergyDefinitionsRead:
    """The shipped definition versions, oldest first."""
    return SynergyDefinitionsRead(versions=list(versions()), default=service.definition().version)


@router.get("/definitions/{version}", summary="协同指数定义")
def get_definition(version: str, actor: Officials) -> SynergyDefinitionRead:
    """One definition: indicators, subsystems, methods and their sources."""
    return SynergyDefinitionRead.of(service.definition(version))


@router.put("/inputs/{year}/{county_code}/{indicator_id}", summary="填报输入值")
def put_input(
    year: Year,
    county_code: str,
    indicator_id: str,
    data: InputIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> SynergyInputRead:
    """Enter one indicator's value of a county-year with its source (honours Idempotency-Key)."""

    def run() -> SynergyInputRead:
        row = service.enter_input(
            session=session,
            actor=actor,
            year=year,
            county_code=county_code,
            indicator_id=indicator_id,
            value=data.value,
            source_note=data.source_note,
            version=data.version,
        )
        return SynergyInputRead.model_validate(row)

    return once(data, run)


@router.get("/inputs/{year}/{county_code}", summary="县区年度输入值")
def get_inputs(
    year: Year, county_code: str, actor: Officials, session: DbSession
) -> list[SynergyInputRead]:
    """The stored inputs of a county-year, each with its origin and source."""
    rows = service.inputs(session=session, actor=actor, year=year, county_code=county_code)
    return [SynergyInputRead.model_validate(r) for r in rows]


@router.post("/weight-sets", status_code=201, summary="设定官方权重")
def post_weight_set(
    data: WeightSetIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> WeightSetRead:
    """Create a named set of official weights (city officials; honours Idempotency-Key)."""

    def run() -> WeightSetRead:
        row = service.create_weight_set(
            session=session,
            actor=actor,
            name=data.name,
            weights=data.weights,
            note=data.note,
            version=data.version,
        )
        return WeightSetRead.model_validate(row)

    return once(data, run)


@router.get("/weight-sets", summary="官方权重方案")
def get_weight_sets(actor: Officials, session: DbSession) -> list[WeightSetEntryRead]:
    """The official weight sets, newest first."""
    rows = service.weight_sets(session=session, actor=actor)
    return [WeightSetEntryRead.model_validate(r) for r in rows]


@router.post("/years/{year}/compute", status_code=201, summary="计算协同指数")
def compute(
    year: Year,
    actor: Officials,
    session: DbSession,
    once: Once,
    data: ComputeIn | None = None,
) -> SynergyRunRead:
    """Score every complete county of a year: a new run (city officials; Idempotency-Key).
    The newest definition version unless ``version`` is given; an anchored version needs two
    complete counties in its reference year too (409 ``synergy.not_enough_counties``)."""
    params = data or ComputeIn()

    def run() -> SynergyRunRead:
        result = service.compute_year(
            session=session,
            actor=actor,
            year=year,
            version=params.version,
            weight_set_id=params.weight_set_id,
        )
        return SynergyRunRead.of(result)

    return once(params, run)


@router.get("/years/{year}", summary="年度协同指数")
def get_year(
    year: Year, actor: Officials, session: DbSession, version: Version = None
) -> SynergyYearRead:
    """The newest run of a year (of ``version`` if given) and the scores in the caller's
    scope, best first. Only an anchored version's scores compare between years (the run's
    ``anchored``)."""
    checked = service.definition(version).version if version else None
    return SynergyYearRead.of(
        views.year_view(session=session, actor=actor, year=year, version=checked)
    )


@router.get("/years/{year}/{county_code}", summary="县区协同指数明细")
def get_county(
    year: Year, county_code: str, actor: Officials, session: DbSession, version: Version = None
) -> SynergyCountyRead:
    """A county-year's drill-down (newest run, of ``version`` if given): each indicator's raw
    value, x', the bounds it was normalised against, weight and contribution."""
    checked = service.definition(version).version if version else None
    detail = views.county_detail(
        session=session, actor=actor, year=year, county_code=county_code, version=checked
    )
    return SynergyCountyRead.of(detail, county_code)
