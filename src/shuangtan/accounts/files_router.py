"""Files of carbon accounts (文件): the Excel template, its import, the annual report.

``/api/v1/accounts``, private (the parent router requires login). The services check who may
do what: the template is the same for everyone; an import is the entity's own enterprise
user's (or an administrator's); the annual report is readable by whoever may see the entity
for that year (see :func:`shuangtan.accounts.documents.annual_report_data`).
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile

from shuangtan.accounts import (
    activity_import,
    activity_sheets,
    activity_template,
    annual_pdf,
    annual_xlsx,
    documents,
)
from shuangtan.accounts.auth import ReportWriter
from shuangtan.accounts.models import EntityKind
from shuangtan.accounts.schemas import ActivityImportRead
from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.db import DbSession
from shuangtan.kit.idempotency import Once
from shuangtan.kit.params import Id, Year, check_year
from shuangtan.kit.responses import PDF, XLSX, attachment, binary

__all__ = ["router"]

router = APIRouter(prefix="/accounts", tags=["accounts 碳账户"])

_PROBLEM = {"description": "Problem document (RFC 9457)"}


@router.get(
    "/templates/{kind}/{year}.xlsx",
    response_class=Response,
    responses=binary(XLSX, refusals=(422,)),
    summary="填报模板 · Excel template of monthly activity data",
)
def template(kind: EntityKind, year: Year, actor: CurrentPrincipal) -> Response:
    """The workbook an entity of ``kind`` fills for ``year`` (Chinese and English headers)."""
    content = activity_template.build_template(entity_kind=kind, year=check_year(year))
    return attachment(content, XLSX, f"activity-template-{kind.value}-{year}.xlsx")


@router.post(
    "/entities/{entity_id}/reports/{year}/import",
    responses={422: _PROBLEM, 409: _PROBLEM, 403: _PROBLEM},
    summary="导入模板 · Import a filled template as draft reports",
)
def import_template(
    entity_id: Id,
    year: Year,
    file: Annotated[UploadFile, File(description="填好的模板 the filled xlsx template")],
    actor: ReportWriter,
    session: DbSession,
    once: Once,
) -> ActivityImportRead:
    """Every month of the workbook saved as a draft, or nothing and every problem listed."""
    data = file.file.read(activity_sheets.MAX_BYTES + 1)
    return once(
        {"entity_id": entity_id, "year": year, "sha256": hashlib.sha256(data).hexdigest()},
        lambda: ActivityImportRead.of(
            activity_import.import_workbook(
                session=session, actor=actor, entity_id=entity_id, year=check_year(year), data=data
            )
        ),
    )


@router.get(
    "/entities/{entity_id}/annual/{year}/report.pdf",
    response_class=Response,
    responses=binary(PDF),
    summary="年度碳排放报告 PDF · Annual carbon report (PDF)",
)
def annual_report_pdf(
    entity_id: Id, year: Year, actor: CurrentPrincipal, session: DbSession
) -> Response:
    """The entity's annual carbon report for ``year`` as an A4 PDF."""
    data = documents.annual_report_data(
        session=session, actor=actor, entity_id=entity_id, year=check_year(year)
    )
    filename = f"annual-carbon-report-{entity_id}-{year}.pdf"
    return attachment(annual_pdf.render_pdf(data), PDF, filename)


@router.get(
    "/entities/{entity_id}/annual/{year}/report.xlsx",
    response_class=Response,
    responses=binary(XLSX),
    summary="年度碳排放报告 Excel · Annual carbon report (Excel)",
)
def annual_report_xlsx(
    entity_id: Id, year: Year, actor: CurrentPrincipal, session: DbSession
) -> Response:
    """The entity's annual carbon report for ``year`` as an Excel workbook."""
    data = documents.annual_report_data(
        session=session, actor=actor, entity_id=entity_id, year=check_year(year)
    )
    filename = f"annual-carbon-report-{entity_id}-{year}.xlsx"
    return attachment(annual_xlsx.render_xlsx(data), XLSX, filename)
