"""The accounts API (碳账户 API, ``/api/v1/accounts``): thin handlers over the services.

Private: the parent router requires login; each handler names its permission and the
service checks again (scope, assignment, state).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from shuangtan.accounts import (
    annual,
    anomalies,
    assignment,
    deadlines,
    recheck,
    service,
    views,
    workflow,
)
from shuangtan.accounts.auth import AccountsReader, ReportWriter, VerifierOnly
from shuangtan.accounts.schemas import EntityCreate, ReportIn
from shuangtan.auth.deps import AdminOnly, Officials
from shuangtan.db import DbSession
from shuangtan.errors import InvalidInput
from shuangtan.kit.idempotency import Once

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["accounts 碳账户"])


class TransitionIn(BaseModel):
    """流转参数 what a transition may carry."""

    comment: str | None = Field(default=None, max_length=4000, description="意见 comment")
    verified_tco2e: Decimal | None = Field(default=None, ge=0, description="核查值 tCO2e")
    verified_tce: Decimal | None = Field(default=None, ge=0, description="核查能耗 tce")
    corrected_tco2e: Decimal | None = Field(default=None, ge=0, description="复查更正 tCO2e")
    corrected_tce: Decimal | None = Field(default=None, ge=0, description="复查更正 tce")


class AssignmentIn(BaseModel):
    """核查分配 an official's assignment."""

    entity_id: int
    year: int = Field(ge=2000, le=2100)
    verifier_body_id: int
    due_date: date | None = None


class DrawIn(BaseModel):
    """随机抽取 a seeded draw for a year."""

    year: int = Field(ge=2000, le=2100)
    seed: int = Field(ge=0, le=2**31 - 1)
    max_consecutive_years: int = Field(default=3, ge=1, le=20)


@router.post("/entities", status_code=201)
def create_entity(data: EntityCreate, actor: Officials, session: DbSession) -> dict[str, Any]:
    """登记排放主体 register an entity (official in scope, admin)."""
    return views.entity_view(service.create_entity(session=session, actor=actor, data=data))


@router.get("/entities")
def list_entities(
    actor: AccountsReader,
    session: DbSession,
    county_code: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """排放主体列表 the entities the caller may see."""
    rows, total = service.list_entities(
        session=session,
        actor=actor,
        county_code=county_code,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    return {"total": total, "items": [views.entity_view(e) for e in rows]}


@router.get("/entities/{entity_id}")
def get_entity(entity_id: int, actor: AccountsReader, session: DbSession) -> dict[str, Any]:
    """排放主体 one entity."""
    return views.entity_view(service.get_entity(session=session, actor=actor, entity_id=entity_id))


@router.put("/entities/{entity_id}/reports/{year}/{month}")
def save_report(
    entity_id: int,
    year: int,
    month: int,
    data: ReportIn,
    actor: ReportWriter,
    session: DbSession,
    once: Once,
) -> dict[str, Any]:
    """填报月度报告 save a month's draft (honours ``Idempotency-Key``)."""
    if (data.year, data.month) != (year, month):
        raise InvalidInput("路径与内容中的年月不一致。", "The path and body name different months.")
    return once(
        data,
        lambda: views.report_view(
            service.save_report(session=session, actor=actor, entity_id=entity_id, data=data)
        ),
    )


@router.get("/reports/{report_id}")
def get_report(report_id: int, actor: AccountsReader, session: DbSession) -> dict[str, Any]:
    """月度报告 a report with its lines, factors and anomaly flags."""
    report = service.get_report(session=session, actor=actor, report_id=report_id)
    flags = service.report_flags(session=session, report_id=report.id)
    return views.report_view(report, flags)


@router.post("/reports/{report_id}/{action}")
def transition(
    report_id: int,
    action: str,
    actor: AccountsReader,
    session: DbSession,
    data: TransitionIn | None = None,
) -> dict[str, Any]:
    """流转 apply a workflow action: submit, start_verification, verify, return_report,
    select_for_recheck, confirm, correct, lock."""
    payload = data.model_dump(exclude_none=True) if data else {}
    report = workflow.transition(
        session=session, actor=actor, report_id=report_id, action=action, **payload
    )
    return views.report_view(report, service.report_flags(session=session, report_id=report.id))


@router.get("/verifier/queue")
def verifier_queue(actor: VerifierOnly, session: DbSession) -> list[dict[str, Any]]:
    """核查队列 the verifier's reports with their anomaly flags."""
    queue = service.verifier_queue(session=session, actor=actor)
    return [views.report_view(report, flags, lines=False) for report, flags in queue]


@router.post("/assignments", status_code=201)
def assign_verifier(data: AssignmentIn, actor: Officials, session: DbSession) -> dict[str, Any]:
    """分配核查机构 assign a verifier body to an entity-year."""
    made = assignment.assign_verifier(session=session, actor=actor, **data.model_dump())
    return views.assignment_view(made)


@router.post("/assignments/draw")
def draw_verifiers(data: DrawIn, actor: Officials, session: DbSession) -> list[dict[str, Any]]:
    """随机抽取核查机构 a seeded, recorded draw with rotation and conflicts."""
    made = assignment.draw_verifiers(session=session, actor=actor, **data.model_dump())
    return [views.assignment_view(a) for a in made]


@router.post("/rechecks/draw")
def draw_rechecks(data: DrawIn, actor: Officials, session: DbSession) -> list[dict[str, Any]]:
    """抽取复查 draw the year's re-checks (every candidate, its probability and draw)."""
    drawn = recheck.select_rechecks(session=session, actor=actor, year=data.year, seed=data.seed)
    return [views.dataclass_view(c) for c in drawn]


@router.get("/overdue")
def overdue(actor: Officials, session: DbSession, today: date | None = None) -> list[Any]:
    """逾期报告 overdue months by county."""
    found = deadlines.overdue_reports(session=session, actor=actor, today=today or date.today())
    return [views.dataclass_view(c) for c in found]


@router.get("/verifiers/records")
def verifier_records(actor: Officials, session: DbSession, year: int) -> list[dict[str, Any]]:
    """核查机构履职记录 each body's record for a year."""
    records = assignment.verifier_records(session=session, actor=actor, year=year)
    return [views.dataclass_view(r) for r in records]


@router.post("/annual/{year}/recompute")
def recompute_year(year: int, actor: AdminOnly, session: DbSession) -> dict[str, Any]:
    """重算年度账户 recompute every entity's account of a year (admin)."""
    count = annual.recompute_year(session=session, year=year, actor=actor)
    return {"year": year, "accounts": count}


@router.post("/anomalies/{year}/rerun")
def rerun_anomalies(year: int, actor: Officials, session: DbSession) -> dict[str, Any]:
    """重新识别异常 re-run the anomaly rules for a year in the official's scope."""
    return {"year": year, "flags": anomalies.rerun_year(session=session, actor=actor, year=year)}
