"""The accounts API (碳账户 API, ``/api/v1/accounts``): thin handlers over the services.

Private: the parent router requires login; each handler names its permission and the
service checks again (scope, assignment, state). Every answer is a ``…Read`` shape of
:mod:`shuangtan.accounts.schemas`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request

from shuangtan.accounts import (
    annual,
    anomalies,
    assignment,
    deadlines,
    recheck,
    service,
    workflow,
)
from shuangtan.accounts.auth import AccountsReader, ReportWriter, VerifierOnly
from shuangtan.accounts.repository import QueueFilter, QueueSort, QueueState
from shuangtan.accounts.schemas import (
    AnomalyRerunRead,
    AssignmentIn,
    AssignmentRead,
    DrawIn,
    EntityCreate,
    EntityRead,
    OverdueCountyRead,
    RecheckCandidateRead,
    RecomputeRead,
    ReportDetailRead,
    ReportIn,
    ReportRead,
    TransitionIn,
    VerifierQueueRead,
    VerifierRecordRead,
)
from shuangtan.auth.deps import AdminOnly, Officials
from shuangtan.db import DbSession
from shuangtan.errors import InvalidInput
from shuangtan.kit.beijing import app_today
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Id, Month, Pages, Year, YearQuery
from shuangtan.kit.schemas import Page

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["accounts 碳账户"])

QueueSearch = Annotated[
    str | None, Query(max_length=100, description="名称或信用代码 part of a name, a credit code")
]
CountyCode = Annotated[str | None, Query(max_length=12, description="区县代码 county code")]


@router.post("/entities", status_code=201)
def create_entity(data: EntityCreate, actor: Officials, session: DbSession) -> EntityRead:
    """登记排放主体 register an entity (official in scope, admin)."""
    return EntityRead.of(service.create_entity(session=session, actor=actor, data=data))


@router.get("/entities")
def list_entities(
    actor: AccountsReader, session: DbSession, pages: Pages, county_code: str | None = None
) -> Page[EntityRead]:
    """排放主体列表 the entities the caller may see, a page at a time."""
    rows, total = service.list_entities(
        session=session,
        actor=actor,
        county_code=county_code,
        offset=pages.offset,
        limit=pages.limit,
    )
    items = [EntityRead.of(entity) for entity in rows]
    return Page(items=items, total=total, page=pages.page, page_size=pages.page_size)


@router.get("/entities/{entity_id}")
def get_entity(entity_id: Id, actor: AccountsReader, session: DbSession) -> EntityRead:
    """排放主体 one entity."""
    return EntityRead.of(service.get_entity(session=session, actor=actor, entity_id=entity_id))


@router.put("/entities/{entity_id}/reports/{year}/{month}")
def save_report(
    entity_id: Id,
    year: Year,
    month: Month,
    data: ReportIn,
    actor: ReportWriter,
    session: DbSession,
    once: Once,
) -> ReportRead:
    """填报月度报告 save a month's draft (honours ``Idempotency-Key``)."""
    if (data.year, data.month) != (year, month):
        raise InvalidInput("路径与内容中的年月不一致。", "The path and body name different months.")
    return once(
        data,
        lambda: ReportRead.of(
            service.save_report(session=session, actor=actor, entity_id=entity_id, data=data)
        ),
    )


@router.get("/reports/{report_id}")
def get_report(report_id: Id, actor: AccountsReader, session: DbSession) -> ReportDetailRead:
    """月度报告 a report with its lines, factors and anomaly flags."""
    report = service.get_report(session=session, actor=actor, report_id=report_id)
    return ReportDetailRead.of(report, service.report_flags(session=session, report_id=report.id))


@router.post("/reports/{report_id}/{action}")
def transition(
    report_id: Id,
    action: str,
    actor: AccountsReader,
    session: DbSession,
    data: TransitionIn | None = None,
) -> ReportDetailRead:
    """流转 apply a workflow action: submit, start_verification, verify, return_report,
    select_for_recheck, confirm, correct, lock."""
    payload = data.model_dump(exclude_none=True) if data else {}
    report = workflow.transition(
        session=session, actor=actor, report_id=report_id, action=action, **payload
    )
    return ReportDetailRead.of(report, service.report_flags(session=session, report_id=report.id))


@router.get("/verifier/queue")
def verifier_queue(
    actor: VerifierOnly,
    session: DbSession,
    pages: Pages,
    sort: QueueSort = QueueSort.flags,
    state: QueueState | None = None,
    flagged: bool = False,
    q: QueueSearch = None,
    county: CountyCode = None,
) -> VerifierQueueRead:
    """核查队列 one page of the verifier's waiting reports (its assigned entity-years) with
    their anomaly flags; ``sort`` flags (default: flagged first) / due / entity / state;
    filters ``state``, ``flagged``, ``q`` (part of the name or the whole credit code),
    ``county``. ``total`` counts the reports matching, ``flagged_total`` the flagged ones of
    the whole queue."""
    filters = QueueFilter(state=state, flagged=flagged, search=q, county_code=county)
    queue = service.verifier_queue(
        session=session, actor=actor, filters=filters, sort=sort, paging=pages
    )
    return VerifierQueueRead.of(queue)


@router.post("/assignments", status_code=201)
def assign_verifier(data: AssignmentIn, actor: Officials, session: DbSession) -> AssignmentRead:
    """分配核查机构 assign a verifier body to an entity-year."""
    made = assignment.assign_verifier(session=session, actor=actor, **data.model_dump())
    return AssignmentRead.of(made)


@router.post("/assignments/draw")
def draw_verifiers(data: DrawIn, actor: Officials, session: DbSession) -> list[AssignmentRead]:
    """随机抽取核查机构 a seeded, recorded draw with rotation and conflicts."""
    made = assignment.draw_verifiers(session=session, actor=actor, **data.model_dump())
    return [AssignmentRead.of(a) for a in made]


@router.post("/rechecks/draw")
def draw_rechecks(data: DrawIn, actor: Officials, session: DbSession) -> list[RecheckCandidateRead]:
    """抽取复查 draw the year's re-checks (every candidate, its probability and draw)."""
    drawn = recheck.select_rechecks(session=session, actor=actor, year=data.year, seed=data.seed)
    return [RecheckCandidateRead.of(c) for c in drawn]


@router.get("/overdue")
def overdue(
    request: Request, actor: Officials, session: DbSession, today: date | None = None
) -> list[OverdueCountyRead]:
    """逾期报告 overdue months by county (as of ``today``, else the Beijing date now)."""
    as_of = today or app_today(request)
    found = deadlines.overdue_reports(session=session, actor=actor, today=as_of)
    return [OverdueCountyRead.of(c) for c in found]


@router.get("/verifiers/records")
def verifier_records(
    actor: Officials, session: DbSession, year: YearQuery
) -> list[VerifierRecordRead]:
    """核查机构履职记录 each body's record for a year."""
    records = assignment.verifier_records(session=session, actor=actor, year=year)
    return [VerifierRecordRead.of(r) for r in records]


@router.post("/annual/{year}/recompute")
def recompute_year(year: Year, actor: AdminOnly, session: DbSession) -> RecomputeRead:
    """重算年度账户 recompute every entity's account of a year (admin)."""
    count = annual.recompute_year(session=session, year=year, actor=actor)
    return RecomputeRead(year=year, accounts=count)


@router.post("/anomalies/{year}/rerun")
def rerun_anomalies(year: Year, actor: Officials, session: DbSession) -> AnomalyRerunRead:
    """重新识别异常 re-run the anomaly rules for a year in the official's scope."""
    flags = anomalies.rerun_year(session=session, actor=actor, year=year)
    return AnomalyRerunRead(year=year, flags=flags)
