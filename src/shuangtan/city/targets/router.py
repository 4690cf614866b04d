"""``/api/v1/targets``: plan indicators' progress, typed values, provincial quotas, county
targets, publication, report text and the evaluation reports (private); the published
progress (public, ``/api/v1/targets/public``). Writes honour ``Idempotency-Key``."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from shuangtan.auth.deps import Officials
from shuangtan.city.targets import attachments, report, service
from shuangtan.city.targets.schemas import (
    CountiesProgressRead,
    CountyTargetIn,
    CountyTargetRead,
    EvaluationNoteRead,
    IndicatorSettingIn,
    IndicatorSettingRead,
    IndicatorValueRead,
    NoteIn,
    PublicationIn,
    PublicProgressRead,
    TargetAttachmentRead,
    TargetPublicationRead,
    ValueIn,
    YearProgressRead,
)
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Id, Year
from shuangtan.kit.responses import DOCX, PDF, attachment, binary, problems

__all__ = ["public_router", "router"]

router = APIRouter(prefix="/targets", tags=["targets 规划目标"])
public_router = APIRouter(prefix="/targets/public", tags=["targets 规划目标"])
_ATTACHMENT_TYPES = sorted(set(attachments.ACCEPTED.values()))


@router.get("/{year}", summary="指标进展 · progress of every plan indicator")
def progress(year: Year, actor: Officials, session: DbSession) -> YearProgressRead:
    """Every indicator's value, path, status and forecast in ``year``."""
    return YearProgressRead.of(year, service.progress(session=session, actor=actor, year=year))


@router.put(
    "/{year}/indicators/{indicator_id}/value",
    responses=problems(409, 422),
    summary="填报年度值 · enter a typed indicator's value",
)
def enter_value(
    year: Year,
    indicator_id: str,
    data: ValueIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> IndicatorValueRead:
    """A typed indicator's value for ``year`` with its source (computed ones are refused)."""

    def run() -> IndicatorValueRead:
        row = service.enter_value(
            session=session,
            actor=actor,
            indicator_id=indicator_id,
            year=year,
            value=data.value,
            source_note=data.source_note,
            attachment_id=data.attachment_id,
        )
        return IndicatorValueRead.model_validate(row)

    return once(data.model_dump(mode="json"), run)


@router.post(
    "/attachments",
    status_code=201,
    responses=problems(422),
    summary="上传附件 · upload a source document",
)
def upload(
    file: Annotated[UploadFile, File(description="PDF, PNG, JPEG, XLSX or DOCX, ≤ 10 MB")],
    actor: Officials,
    session: DbSession,
    once: Once,
) -> TargetAttachmentRead:
    """Keep a document backing a value; its id goes with the value."""
    content = file.file.read(attachments.MAX_BYTES + 1)
    name = file.filename or ""

    def run() -> TargetAttachmentRead:
        row = service.store_attachment(session=session, actor=actor, filename=name, content=content)
        return TargetAttachmentRead.model_validate(row)

    body = {"filename": name, "sha256": hashlib.sha256(content).hexdigest()}
    return once(body, run)


@router.get(
    "/attachments/{attachment_id}",
    response_class=Response,
    responses=binary(*_ATTACHMENT_TYPES),
    summary="下载附件 · download an attachment",
)
def download(attachment_id: Id, actor: Officials, session: DbSession) -> Response:
    """The attachment as stored, always as a download (never rendered inline)."""
    row = service.attachment(session=session, actor=actor, attachment_id=attachment_id)
    return attachment(row.content, row.media_type, row.filename, ascii_name=f"attachment-{row.id}")


@router.put(
    "/indicators/{indicator_id}/setting",
    responses=problems(409, 422),
    summary="设定目标与责任部门 · set a provincial quota or the department",
)
def set_indicator(
    indicator_id: str,
    data: IndicatorSettingIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> IndicatorSettingRead:
    """Where the plan left a blank: the target (value or % reduction), the department."""

    def run() -> IndicatorSettingRead:
        row = service.set_indicator(
            session=session, actor=actor, indicator_id=indicator_id, **data.model_dump()
        )
        return IndicatorSettingRead.model_validate(row)

    return once(data.model_dump(mode="json"), run)


@router.get("/{year}/counties", summary="区县目标进展 · county targets' progress")
def counties(
    year: Year, actor: Officials, session: DbSession, county_code: str | None = None
) -> CountiesProgressRead:
    """County dual-control targets (a county official: its own county only)."""
    rows = service.county_progress(session=session, actor=actor, year=year, county_code=county_code)
    return CountiesProgressRead.of(year, rows)


@router.put(
    "/counties/{county_code}/{kind}/{target_year}",
    responses=problems(422),
    summary="设定区县目标 · set a county target",
)
def set_county_target(
    county_code: str,
    kind: str,
    target_year: Year,
    data: CountyTargetIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> CountyTargetRead:
    """A county's target for a period; ``kind``: energy_intensity_reduction, energy_total_cap,
    carbon_intensity_reduction or carbon_total_cap."""

    def run() -> CountyTargetRead:
        row = service.set_county_target(
            session=session,
            actor=actor,
            county_code=county_code,
            kind=kind,
            target_year=target_year,
            target_value=data.target_value,
            base_year=data.base_year,
            source_note=data.source_note,
        )
        return CountyTargetRead.model_validate(row)

    return once(data.model_dump(mode="json"), run)


@router.put("/{year}/publication", summary="公开进展 · publish or withdraw a year")
def publish(
    year: Year,
    data: PublicationIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> TargetPublicationRead:
    """Publish (freeze and show to the public) or withdraw a year's progress."""

    def run() -> TargetPublicationRead:
        row = service.publish(session=session, actor=actor, year=year, published=data.published)
        return TargetPublicationRead.model_validate(row)

    return once(data.model_dump(), run)


@router.put("/{year}/notes/{kind}", summary="报告补充文字 · officials' text of a report")
def save_note(
    year: Year,
    kind: str,
    data: NoteIn,
    actor: Officials,
    session: DbSession,
    once: Once,
) -> EvaluationNoteRead:
    """Problems and next steps the officials add to the generated ones."""

    def run() -> EvaluationNoteRead:
        row = service.save_note(
            session=session,
            actor=actor,
            year=year,
            kind=kind,
            problems=data.problems,
            next_steps=data.next_steps,
        )
        return EvaluationNoteRead.model_validate(row)

    return once(data.model_dump(), run)


@router.get(
    "/{year}/reports/{kind}.pdf",
    response_class=Response,
    responses=binary(PDF, refusals=(422,)),
    summary="评估报告 PDF · evaluation report (PDF)",
)
def report_pdf(year: Year, kind: str, actor: Officials, session: DbSession) -> Response:
    """The annual (``year``), mid-term or final evaluation report as PDF."""
    data = report.report_data(session=session, actor=actor, kind=kind, year=year)
    return attachment(report.render_pdf(data), PDF, f"evaluation-{kind}-{data.year}.pdf")


@router.get(
    "/{year}/reports/{kind}.docx",
    response_class=Response,
    responses=binary(DOCX, refusals=(422,)),
    summary="评估报告 Word · evaluation report (Word)",
)
def report_docx(year: Year, kind: str, actor: Officials, session: DbSession) -> Response:
    """The same report as a Word document."""
    data = report.report_data(session=session, actor=actor, kind=kind, year=year)
    return attachment(report.render_docx(data), DOCX, f"evaluation-{kind}-{data.year}.docx")


@public_router.get("/{year}", summary="公开的规划进展 · published progress")
def public_progress(year: Year, session: DbSession) -> PublicProgressRead:
    """The year's progress as the officials published it (404 until published)."""
    return PublicProgressRead.of(service.public_progress(session=session, year=year))
