"""``/api/v1/finance``: enterprises grant and withdraw consent; banks read consenting files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Response

from shuangtan.accounts import annual_pdf, annual_xlsx
from shuangtan.auth.deps import CurrentPrincipal, require_roles
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import DbSession
from shuangtan.finance import service
from shuangtan.finance.schemas import (
    BankRead,
    ConsentIn,
    ConsentRead,
    EnterpriseFileRead,
    EnterpriseRead,
)
from shuangtan.kit.params import Id, Year, check_year
from shuangtan.kit.responses import PDF, XLSX, attachment, binary

__all__ = ["router"]

EnterpriseOnly = Annotated[Principal, require_roles(Role.enterprise)]
BankOnly = Annotated[Principal, require_roles(Role.bank)]

router = APIRouter(prefix="/finance", tags=["finance 绿色金融"])


@router.get("/banks", summary="银行列表")
def banks(actor: CurrentPrincipal, session: DbSession) -> list[BankRead]:
    """The banks an enterprise may consent to."""
    return [BankRead.of(bank) for bank in service.list_banks(session=session, actor=actor)]


@router.get("/consents", summary="本企业的授权")
def consents(actor: EnterpriseOnly, session: DbSession) -> list[ConsentRead]:
    """The enterprise's consents, active and withdrawn."""
    found = service.list_consents(session=session, actor=actor)
    return [ConsentRead.of(consent) for consent, _bank in found]


@router.post("/consents", status_code=201, summary="授权银行")
def grant(body: ConsentIn, actor: EnterpriseOnly, session: DbSession) -> ConsentRead:
    """Let a bank see the enterprise's grades and verified emissions."""
    return ConsentRead.of(service.grant_consent(session=session, actor=actor, bank_id=body.bank_id))


@router.delete("/consents/{bank_id}", summary="撤回授权")
def withdraw(bank_id: Id, actor: EnterpriseOnly, session: DbSession) -> ConsentRead:
    """Withdraw the consent to a bank: from now on it sees nothing of the enterprise."""
    return ConsentRead.of(service.withdraw_consent(session=session, actor=actor, bank_id=bank_id))


@router.get("/enterprises", summary="授权企业列表")
def enterprises(actor: BankOnly, session: DbSession) -> list[EnterpriseRead]:
    """The enterprises consenting to the caller's bank (each read audited)."""
    found = service.consenting_enterprises(session=session, actor=actor)
    return [EnterpriseRead.of(entity) for entity in found]


@router.get(
    "/enterprises/{entity_id}/annual/{year}/report.pdf",
    response_class=Response,
    responses=binary(PDF),
    summary="授权企业年度碳排放报告 PDF · a consenting enterprise's annual report (PDF)",
)
def annual_report_pdf(entity_id: Id, year: Year, actor: BankOnly, session: DbSession) -> Response:
    """The annual carbon report of an enterprise that consents to the caller's bank (audited)."""
    data = service.annual_report(
        session=session, actor=actor, entity_id=entity_id, year=check_year(year)
    )
    name = f"annual-carbon-report-{entity_id}-{year}.pdf"
    return attachment(annual_pdf.render_pdf(data), PDF, name)


@router.get(
    "/enterprises/{entity_id}/annual/{year}/report.xlsx",
    response_class=Response,
    responses=binary(XLSX),
    summary="授权企业年度碳排放报告 Excel · a consenting enterprise's annual report (Excel)",
)
def annual_report_xlsx(entity_id: Id, year: Year, actor: BankOnly, session: DbSession) -> Response:
    """The same report as an Excel workbook (audited)."""
    data = service.annual_report(
        session=session, actor=actor, entity_id=entity_id, year=check_year(year)
    )
    name = f"annual-carbon-report-{entity_id}-{year}.xlsx"
    return attachment(annual_xlsx.render_xlsx(data), XLSX, name)


@router.get("/enterprises/{entity_id}", summary="授权企业档案")
def enterprise(entity_id: Id, actor: BankOnly, session: DbSession) -> EnterpriseFileRead:
    """A consenting enterprise's grade history and verified annual emissions (audited)."""
    return EnterpriseFileRead.of(
        service.enterprise_file(session=session, actor=actor, entity_id=entity_id)
    )
