"""``/api/v1/finance``: enterprises grant and withdraw consent; banks read consenting files."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

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

__all__ = ["router"]

EnterpriseOnly = Annotated[Principal, require_roles(Role.enterprise)]
BankOnly = Annotated[Principal, require_roles(Role.bank)]

router = APIRouter(prefix="/finance", tags=["finance 绿色金融"])


@router.get("/banks", response_model=list[BankRead], summary="银行列表")
def banks(actor: CurrentPrincipal, session: DbSession) -> Any:
    """The banks an enterprise may consent to."""
    return service.list_banks(session=session, actor=actor)


@router.get("/consents", response_model=list[ConsentRead], summary="本企业的授权")
def consents(actor: EnterpriseOnly, session: DbSession) -> list[Any]:
    """The enterprise's consents, active and withdrawn."""
    return [consent for consent, _bank in service.list_consents(session=session, actor=actor)]


@router.post("/consents", response_model=ConsentRead, status_code=201, summary="授权银行")
def grant(body: ConsentIn, actor: EnterpriseOnly, session: DbSession) -> Any:
    """Let a bank see the enterprise's grades and verified emissions."""
    return service.grant_consent(session=session, actor=actor, bank_id=body.bank_id)


@router.delete("/consents/{bank_id}", response_model=ConsentRead, summary="撤回授权")
def withdraw(bank_id: int, actor: EnterpriseOnly, session: DbSession) -> Any:
    """Withdraw the consent to a bank: from now on it sees nothing of the enterprise."""
    return service.withdraw_consent(session=session, actor=actor, bank_id=bank_id)


@router.get("/enterprises", response_model=list[EnterpriseRead], summary="授权企业列表")
def enterprises(actor: BankOnly, session: DbSession) -> Any:
    """The enterprises consenting to the caller's bank (each read audited)."""
    return service.consenting_enterprises(session=session, actor=actor)


@router.get("/enterprises/{entity_id}", response_model=EnterpriseFileRead, summary="授权企业档案")
def enterprise(entity_id: int, actor: BankOnly, session: DbSession) -> Any:
    """A consenting enterprise's grade history and verified annual emissions (audited)."""
    return service.enterprise_file(session=session, actor=actor, entity_id=entity_id)
