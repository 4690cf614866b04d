"""Rules of entities and their monthly reports (排放主体与月度报告).

Plain functions with keyword-only arguments; they check permissions themselves, ``flush()``
and never ``commit()``, and audit every write. The MRV transitions go through
:func:`shuangtan.accounts.workflow.transition`, the one state table.

Every read of an entity, a report, an account year or an annual account goes through the
principal's scope (:mod:`shuangtan.accounts.repository`'s ``readable_…`` statements): the web
pages call these functions as the API does, so a page cannot show what the API refuses. A
verifier sees an entity its bodies were ever assigned, but only the years assigned to them
(:func:`readable_years`); another year is not found (404), as its reports are in the API.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import overview, repository, workflow
from shuangtan.accounts.errors import (
    EntityNotFound,
    InvalidUscc,
    ReportNotEditable,
    ReportNotFound,
    UnknownReference,
    UsccTaken,
)
from shuangtan.accounts.models import (
    ActivityReport,
    AnnualAccount,
    AnomalyFlag,
    Entity,
    EntityKind,
    ReportLine,
    ReportStatus,
)
from shuangtan.accounts.repository import QueueFilter, QueueSort
from shuangtan.accounts.schemas import EntityCreate, ReportIn
from shuangtan.accounts.uscc import validate_uscc
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import InvalidInput, PermissionDenied
from shuangtan.kit.params import Paging
from shuangtan.place import repository as place_repository
from shuangtan.place.models import County, Industry

__all__ = [
    "QueueItem",
    "VerifierQueue",
    "account",
    "account_years",
    "annual_accounts",
    "confirm_report",
    "correct_report",
    "create_entity",
    "data_years",
    "entity_names",
    "get_entity",
    "get_report",
    "is_editable",
    "list_entities",
    "lock_report",
    "may_enter_reports",
    "month_report",
    "readable_years",
    "report_flags",
    "return_report",
    "save_report",
    "start_verification",
    "submit_report",
    "verifier_queue",
    "verify_report",
]

EDITABLE = (ReportStatus.draft.value, ReportStatus.returned.value)
_USCC_KINDS = (EntityKind.industrial, EntityKind.transport)


def create_entity(*, session: Session, actor: Principal, data: EntityCreate) -> Entity:
    """Register an emitting entity (admin, or an official for a county in its scope).

    The credit code is validated (GB 32100-2015) and unique; it is required for industrial
    enterprises and transport operators. County and industry must be configured.
    """
    if not actor.has_role(Role.admin, Role.official):
        raise PermissionDenied(
            "只有政府官员或管理员可以登记排放主体。",
            "Only an official or an administrator may register an entity.",
        )
    if session.get(County, data.county_code) is None:
        raise UnknownReference(
            f"未知的区县代码 {data.county_code}。", f"Unknown county code {data.county_code}."
        )
    if actor.role is Role.official and not actor.scope.covers(data.county_code):
        raise PermissionDenied(
            "该区县不在您的管辖范围内。", "This county is outside your jurisdiction."
        )
    if data.industry_code is not None and session.get(Industry, data.industry_code) is None:
        raise UnknownReference(
            f"未知的行业代码 {data.industry_code}（GB/T 4754-2017）。",
            f"Unknown industry code {data.industry_code} (GB/T 4754-2017).",
        )
    uscc = validate_uscc(data.uscc) if data.uscc else None
    if uscc is None and data.kind in _USCC_KINDS:
        raise InvalidUscc(
            "工业企业和交通运输企业须填写统一社会信用代码。",
            "Industrial enterprises and transport operators need a unified social credit code.",
        )
    if uscc is not None:
        taken = session.execute(select(Entity.id).where(Entity.uscc == uscc)).scalar()
        if taken is not None:
            raise UsccTaken(
                f"统一社会信用代码 {uscc} 已登记（主体 {taken}）。",
                f"Credit code {uscc} is already registered (entity {taken}).",
                entity_id=taken,
            )
    entity = Entity(
        kind=data.kind.value,
        name=data.name.strip(),
        uscc=uscc,
        county_code=data.county_code,
        industry_code=data.industry_code,
        address=data.address,
        land_area_mu=data.land_area_mu,
        floor_area_m2=data.floor_area_m2,
        sown_area_mu=data.sown_area_mu,
        livestock_head=data.livestock_head,
        is_active=True,
    )
    session.add(entity)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="entity.create",
        entity_type="entity",
        entity_id=str(entity.id),
        before=None,
        after=audit.snapshot(entity, exclude=("created_at",)),
    )
    return entity


def get_entity(*, session: Session, actor: Principal, entity_id: int) -> Entity:
    """The entity, if ``actor`` may see it (else :class:`EntityNotFound`, 404)."""
    entity = session.execute(
        repository.readable_entities(actor).where(Entity.id == entity_id)
    ).scalar_one_or_none()
    if entity is None:
        raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    return entity


def list_entities(
    *,
    session: Session,
    actor: Principal,
    county_code: str | None = None,
    search: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[Sequence[Entity], int]:
    """One page of the entities ``actor`` may see, by id, and their number.

    ``search`` matches part of the name or the whole credit code.
    """
    statement = repository.readable_entities(actor)
    if county_code is not None:
        statement = statement.where(Entity.county_code == county_code)
    if search:
        statement = statement.where(
            Entity.name.contains(search) | (Entity.uscc == search.strip().upper())
        )
    total = session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    rows = session.execute(statement.order_by(Entity.id).offset(offset).limit(limit)).scalars()
    return rows.all(), int(total)


def _lines_state(report: ActivityReport) -> list[dict[str, Any]]:
    return [
        {
            "line_no": line.line_no,
            "activity": line.activity,
            "item": line.item,
            "quantity": line.quantity,
            "unit": line.unit,
        }
        for line in report.lines
    ]


_DENOMINATORS = (
    "value_added_10k_cny",
    "tax_10k_cny",
    "output_quantity",
    "output_unit",
    "passenger_km",
    "tonne_km",
)


def may_enter_reports(actor: Principal, entity_id: int) -> bool:
    """Whether ``actor`` may enter the reports of ``entity_id``: its own enterprise users and
    administrators (the rule :func:`save_report` applies; pages ask it to offer the form)."""
    return actor.is_admin or (actor.role is Role.enterprise and actor.entity_id == entity_id)


def is_editable(report: ActivityReport | None) -> bool:
    """Whether a month may be (re)entered: no report yet, a draft, or a returned report."""
    return report is None or report.status in EDITABLE


def save_report(
    *, session: Session, actor: Principal, entity_id: int, data: ReportIn
) -> ActivityReport:
    """Create a month's draft or replace the lines of a draft or returned report.

    The enterprise user of the entity, or an administrator. Any other state is refused with
    409 ``report.not_editable``. Audited with the lines before and after. An existing report is
    held while its state is checked and its lines replaced (:func:`workflow.held_report`), so a
    submission at the same time either computes the new lines or makes this save refused.
    """
    if not may_enter_reports(actor, entity_id):
        raise PermissionDenied(
            "只有该企业的用户可以填报其报告。", "Only the entity's own users may enter its report."
        )
    if session.get(Entity, entity_id) is None:
        raise EntityNotFound(f"排放主体 {entity_id} 不存在。", f"No entity {entity_id}.")
    report = repository.report_by_period(session, entity_id, data.year, data.month)
    if report is not None:  # its state checked below is the one held (no submit under it)
        report = workflow.held_report(session, report.id)
    before: dict[str, Any] | None = None
    if report is None:
        report = ActivityReport(
            entity_id=entity_id,
            year=data.year,
            month=data.month,
            status=ReportStatus.draft.value,
            version=1,
        )
        session.add(report)
    else:
        if report.status not in EDITABLE:
            raise ReportNotEditable(
                f"{data.year}年{data.month}月报告状态为“{report.status}”，只有草稿或已退回的报告可以修改。",
                f"The report of {data.year}-{data.month:02d} is '{report.status}'; only a draft "
                "or a returned report can be edited.",
                report_status=report.status,
            )
        before = {"status": report.status, "lines": _lines_state(report)}
        before.update({key: getattr(report, key) for key in _DENOMINATORS})
        report.lines.clear()
        session.flush()
    for key in _DENOMINATORS:
        setattr(report, key, getattr(data, key))
    report.lines.extend(
        ReportLine(
            line_no=number,
            activity=line.activity,
            item=line.item,
            quantity=line.quantity,
            unit=line.unit,
            ncv=line.ncv,
            ncv_unit=line.ncv_unit,
            carbon_content=line.carbon_content,
            oxidation_rate=line.oxidation_rate,
            green_certificates_mwh=line.green_certificates_mwh,
        )
        for number, line in enumerate(data.lines, start=1)
    )
    session.flush()
    after: dict[str, Any] = {"status": report.status, "lines": _lines_state(report)}
    after.update({key: getattr(report, key) for key in _DENOMINATORS})
    audit.record(
        session=session,
        actor=actor,
        action="report.save" if before else "report.create",
        entity_type="activity_report",
        entity_id=str(report.id),
        before=before,
        after=after,
    )
    return report


def get_report(*, session: Session, actor: Principal, report_id: int) -> ActivityReport:
    """The report with its lines, if ``actor`` may see it (else 404)."""
    report = session.execute(
        repository.readable_reports(actor).where(ActivityReport.id == report_id)
    ).scalar_one_or_none()
    if report is None:
        raise ReportNotFound(f"报告 {report_id} 不存在。", f"No report {report_id}.")
    return report


def readable_years(*, session: Session, actor: Principal, entity: Entity) -> list[int] | None:
    """The years of ``entity`` whose reports and account ``actor`` may read: ``None`` for every
    year (the entity is in the actor's scope), a verifier's the years assigned to its bodies."""
    if actor.role is Role.verifier:
        return repository.assigned_years(session, actor, entity.id)
    return None


def account_years(*, session: Session, actor: Principal, entity_id: int) -> list[int]:
    """The years of an entity's account ``actor`` may open, ascending: a verifier's assigned
    years; for everyone else the years holding a report or an annual account of the entity."""
    if actor.role is Role.verifier:
        return repository.assigned_years(session, actor, entity_id)
    return repository.years_with_data(session, actor, entity_id)


def data_years(*, session: Session, actor: Principal) -> list[int]:
    """The years holding a report or an annual account in ``actor``'s scope, ascending."""
    return repository.years_with_data(session, actor)


def _year_not_found(entity_id: int, year: int) -> ReportNotFound:
    return ReportNotFound(
        f"排放主体 {entity_id} 没有您可查看的 {year} 年报告。",
        f"Entity {entity_id} has no reports of {year} that you may see.",
    )


def _readable_year(
    session: Session, actor: Principal, entity: Entity, year: int | None, default: int
) -> int:
    """``year`` (or the default) if ``actor`` may read it; a verifier without a year gets the
    latest year assigned to its bodies. Another year is not found (404)."""
    years = readable_years(session=session, actor=actor, entity=entity)
    if years is None:
        return default if year is None else year
    if year is None:
        year = default if default in years else max(years, default=default)
    if year not in years:
        raise _year_not_found(entity.id, year)
    return year


def account(
    *, session: Session, actor: Principal, entity_id: int, year: int | None, default_year: int
) -> overview.AccountOverview:
    """碳账户 the account of an entity-year as the account page shows it, if ``actor`` may see
    the entity and read the year (``None``: ``default_year``, or a verifier's latest assigned
    year); else 404."""
    entity = get_entity(session=session, actor=actor, entity_id=entity_id)
    chosen = _readable_year(session, actor, entity, year, default_year)
    return overview.account_overview(session=session, actor=actor, entity=entity, year=chosen)


def month_report(
    *, session: Session, actor: Principal, entity_id: int, year: int, month: int
) -> tuple[Entity, ActivityReport | None]:
    """The entity and its report of a month with its lines (``None`` if none was entered yet),
    if ``actor`` may see the entity and read the year; else 404."""
    entity = get_entity(session=session, actor=actor, entity_id=entity_id)
    _readable_year(session, actor, entity, year, year)
    report = session.execute(
        repository.readable_reports(actor).where(
            ActivityReport.entity_id == entity_id,
            ActivityReport.year == year,
            ActivityReport.month == month,
        )
    ).scalar_one_or_none()
    return entity, report


def annual_accounts(
    *, session: Session, actor: Principal, year: int, entity_ids: Sequence[int]
) -> dict[int, AnnualAccount]:
    """The annual accounts of ``year`` of these entities that ``actor`` may read, by entity id
    (a verifier: only its assigned entity-years)."""
    return repository.annual_accounts(session, actor, year, entity_ids)


def entity_names(
    *, session: Session, actor: Principal, entity_ids: Sequence[int]
) -> dict[int, str]:
    """The names of those of ``entity_ids`` that ``actor`` may see, by id."""
    statement = repository.readable_entities(actor).where(Entity.id.in_(list(entity_ids)))
    return {entity.id: entity.name for entity in session.scalars(statement)}


def report_flags(*, session: Session, report_id: int) -> list[AnomalyFlag]:
    """The anomaly flags of a report (the caller has already been allowed to see it)."""
    return repository.flags_of(session, [report_id])[report_id]


def submit_report(*, session: Session, actor: Principal, report_id: int) -> ActivityReport:
    """Submit (提交): compute every line with the core, store results, run the anomaly rules."""
    return workflow.transition(session=session, actor=actor, report_id=report_id, action="submit")


def start_verification(*, session: Session, actor: Principal, report_id: int) -> ActivityReport:
    """Start verification (开始核查): the assigned verifier takes the report."""
    return workflow.transition(
        session=session, actor=actor, report_id=report_id, action="start_verification"
    )


def verify_report(
    *,
    session: Session,
    actor: Principal,
    report_id: int,
    verified_tco2e: Decimal | None = None,
    verified_tce: Decimal | None = None,
    comment: str | None = None,
) -> ActivityReport:
    """Verify (核查通过): verified values = reported unless the verifier gives corrected ones."""
    return workflow.transition(
        session=session,
        actor=actor,
        report_id=report_id,
        action="verify",
        verified_tco2e=verified_tco2e,
        verified_tce=verified_tce,
        comment=comment,
    )


def return_report(
    *, session: Session, actor: Principal, report_id: int, comment: str
) -> ActivityReport:
    """Return with comments (退回): the enterprise edits and submits again (version + 1)."""
    return workflow.transition(
        session=session, actor=actor, report_id=report_id, action="return_report", comment=comment
    )


def confirm_report(
    *, session: Session, actor: Principal, report_id: int, comment: str | None = None
) -> ActivityReport:
    """Re-check confirms (复查确认): the verified values stand."""
    return workflow.transition(
        session=session, actor=actor, report_id=report_id, action="confirm", comment=comment
    )


def correct_report(
    *,
    session: Session,
    actor: Principal,
    report_id: int,
    corrected_tco2e: Decimal,
    corrected_tce: Decimal | None = None,
    comment: str | None = None,
) -> ActivityReport:
    """Re-check corrects (复查更正): new values kept beside the reported and verified ones."""
    if corrected_tco2e is None:
        raise InvalidInput("须给出更正值。", "A corrected value is needed.")
    return workflow.transition(
        session=session,
        actor=actor,
        report_id=report_id,
        action="correct",
        corrected_tco2e=corrected_tco2e,
        corrected_tce=corrected_tce,
        comment=comment,
    )


def lock_report(*, session: Session, actor: Principal, report_id: int) -> ActivityReport:
    """Lock (锁定): the month's values are final."""
    return workflow.transition(session=session, actor=actor, report_id=report_id, action="lock")


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A report in a verifier's queue, with its flags, its entity's name and county and the
    due date of its entity-year's verification (``None``: the assignment set none)."""

    report: ActivityReport
    flags: list[AnomalyFlag]
    entity_name: str
    county_code: str
    county_name_zh: str
    county_name_en: str
    due_date: date | None


@dataclass(frozen=True, slots=True)
class VerifierQueue:
    """One page of a verifier's queue: ``total`` reports match the filters; ``flagged`` of the
    whole queue (whatever the filters) carry an anomaly flag."""

    items: list[QueueItem]
    total: int
    flagged: int
    paging: Paging


def _count(session: Session, statement: Select[Any]) -> int:
    return int(session.execute(select(func.count()).select_from(statement.subquery())).scalar_one())


def verifier_queue(
    *,
    session: Session,
    actor: Principal,
    filters: QueueFilter | None = None,
    sort: QueueSort = QueueSort.flags,
    paging: Paging | None = None,
) -> VerifierQueue:
    """核查队列 one page of a verifier's submitted and in-progress reports of its assigned
    entity-years, filtered and sorted (default: flagged reports first, then the longest
    waiting), with the number matching and the number flagged in the whole queue."""
    if actor.role is not Role.verifier:
        raise PermissionDenied("只有核查机构可以查看核查队列。", "Only a verifier has a queue.")
    filters = filters or QueueFilter()
    paging = paging or Paging()
    rows = session.execute(
        repository.queue_statement(actor, filters, sort).offset(paging.offset).limit(paging.limit)
    ).all()
    total = _count(session, repository.queue_statement(actor, filters))
    flagged = _count(session, repository.queue_statement(actor, QueueFilter(flagged=True)))
    flags = repository.flags_of(session, [row[0].id for row in rows])
    counties = place_repository.counties(session)
    items = []
    for report, name, county_code, due in rows:
        county = counties.get(county_code)
        items.append(
            QueueItem(
                report=report,
                flags=flags[report.id],
                entity_name=name,
                county_code=county_code,
                county_name_zh=county.name_zh if county else county_code,
                county_name_en=county.name_en if county else county_code,
                due_date=due,
            )
        )
    return VerifierQueue(items=items, total=total, flagged=flagged, paging=paging)
