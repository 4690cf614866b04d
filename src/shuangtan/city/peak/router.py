"""``/api/v1/peak``: saved scenarios, comparison and export, bases, Jiashan, the city's LMDI.

Private (officials and administrators); the service checks the county scope again.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from shuangtan.auth.deps import Officials
from shuangtan.city.peak import export, service
from shuangtan.city.peak.schemas import (
    DecompositionRead,
    JiashanRead,
    ScenarioIn,
    ScenarioRead,
    ScenarioResultRead,
    ScenarioSummaryRead,
    ScenarioUpdate,
    ScenarioVersionRead,
    SuggestedBaseRead,
)
from shuangtan.db import DbSession, utcnow
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Id
from shuangtan.kit.responses import CSV, JSON, XLSX, attachment, binary

__all__ = ["router"]

router = APIRouter(prefix="/peak", tags=["peak 达峰路径"])

ScopeKind = Literal["city", "county", "industry"]
Ids = Annotated[list[Id], Query(alias="ids", min_length=1, max_length=8)]
_EXPORTS = binary("text/csv", XLSX, JSON, refusals=(403, 404))


@router.get("/scenarios", summary="情景列表")
def list_scenarios(
    actor: Officials,
    session: DbSession,
    scope_kind: ScopeKind | None = None,
    scope_code: str | None = None,
) -> list[ScenarioRead]:
    """Saved scenarios the caller may see (a county official: their county's)."""
    rows = service.list_scenarios(
        session=session, actor=actor, scope_kind=scope_kind, scope_code=scope_code
    )
    return [ScenarioRead.of(r) for r in rows]


@router.post("/scenarios", status_code=201, summary="新建情景")
def create_scenario(
    data: ScenarioIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> ScenarioRead:
    """Save a scenario (version 1); honours ``Idempotency-Key``."""
    return once(
        data,
        lambda: ScenarioRead.of(service.create_scenario(session=session, actor=actor, data=data)),
    )


@router.get("/scenarios/{scenario_id}", summary="情景及其预测")
def get_scenario(scenario_id: Id, actor: Officials, session: DbSession) -> ScenarioResultRead:
    """A scenario with its projection to 2060 and Monte Carlo probability of peaking."""
    row = service.get_scenario(session=session, actor=actor, scenario_id=scenario_id)
    return ScenarioResultRead.of(service.results_of(session, [row])[0])


@router.put("/scenarios/{scenario_id}", summary="修改情景(新版本)")
def update_scenario(
    scenario_id: Id, data: ScenarioUpdate, actor: Officials, session: DbSession
) -> ScenarioRead:
    """Save a new version; ``version`` must be the current one (else 409)."""
    row = service.update_scenario(session=session, actor=actor, scenario_id=scenario_id, data=data)
    return ScenarioRead.of(row)


@router.delete("/scenarios/{scenario_id}", status_code=204, summary="删除情景")
def delete_scenario(scenario_id: Id, actor: Officials, session: DbSession) -> Response:
    """Delete a scenario (audited; its versions are kept)."""
    service.delete_scenario(session=session, actor=actor, scenario_id=scenario_id)
    return Response(status_code=204)


@router.get("/scenarios/{scenario_id}/versions", summary="情景历史版本")
def versions(scenario_id: Id, actor: Officials, session: DbSession) -> list[ScenarioVersionRead]:
    """Every saved version, oldest first."""
    rows = service.history(session=session, actor=actor, scenario_id=scenario_id)
    return [ScenarioVersionRead.of(v) for v in rows]


@router.get("/compare", summary="情景比较")
def compare(ids: Ids, actor: Officials, session: DbSession) -> list[ScenarioSummaryRead]:
    """Peak year and value, 2030/2035/2060 values, probability of peaking by 2025/30/35."""
    results = service.compare(session=session, actor=actor, scenario_ids=ids)
    return [ScenarioSummaryRead.of(r) for r in results]


@router.get(
    "/compare/export",
    response_class=Response,
    responses=_EXPORTS,
    summary="导出情景比较(CSV / Excel / JSON)",
)
def export_compare(
    ids: Ids,
    actor: Officials,
    session: DbSession,
    format: Literal["csv", "xlsx", "json"] = "csv",
) -> Response:
    """The comparison as CSV, Excel or JSON (full yearly path, inputs, provenance)."""
    results = service.compare(session=session, actor=actor, scenario_ids=ids)
    stamp = utcnow()
    name = f"peak-scenarios-{stamp:%Y%m%d%H%M%S}"
    if format == "csv":
        body, media = ("\ufeff" + export.to_csv(results)).encode(), CSV
    elif format == "xlsx":
        body, media = export.to_xlsx(results), XLSX
    else:
        document = export.to_json(results, exported_at=stamp)
        body, media = json.dumps(document, ensure_ascii=False).encode(), JSON
    return attachment(body, media, f"{name}.{format}")


@router.get("/bases", summary="由数据形成的基准年因素")
def suggest_base(
    actor: Officials,
    session: DbSession,
    scope_kind: ScopeKind,
    scope_code: str | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2059)] = None,
) -> SuggestedBaseRead:
    """Base factors of a city, county (inventory totals) or industry (verified accounts) in
    ``year``; without it, in the scope's last observed (complete) year."""
    base = service.suggest_base(
        session=session, actor=actor, scope_kind=scope_kind, scope_code=scope_code, year=year
    )
    return SuggestedBaseRead.of(base)


@router.get("/jiashan", summary="嘉善率先达峰跟踪")
def jiashan(actor: Officials, session: DbSession) -> JiashanRead:
    """Jiashan's observed and projected path against its 2025 peak."""
    return JiashanRead.of(service.jiashan_tracking(session=session, actor=actor))


@router.get("/lmdi", summary="城市能源碳排放 LMDI 分解")
def city_lmdi(
    actor: Officials, session: DbSession, county_code: str | None = None
) -> DecompositionRead:
    """Yearly LMDI-I of energy CO2: activity, structure, energy intensity, carbon intensity."""
    result = service.city_decomposition(session=session, actor=actor, county_code=county_code)
    return DecompositionRead.of(result)
