"""Web pages of green finance: an enterprise's consents, a bank's consenting enterprises and
their files. Thin: every rule (and every audit entry) is in :mod:`shuangtan.finance.service`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.roles import Role
from shuangtan.db import DbSession
from shuangtan.finance import service
from shuangtan.finance.errors import FinanceDenied
from shuangtan.kit.params import Id
from shuangtan.place import repository as place_repository
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

GRADE_COLOURS = {1: "#0a5a46", 2: "#4c9a2a", 3: "#d4a106", 4: "#e07b00", 5: "#b3261e"}


@router.get("/finance")
def finance_home(request: Request, session: DbSession, principal: CurrentPrincipal) -> Response:
    if principal.role is Role.enterprise:
        context: dict[str, Any] = {
            "consents": service.list_consents(session=session, actor=principal),
            "banks": service.list_banks(session=session, actor=principal),
        }
        return render(request, "finance/consents.html", context, principal=principal)
    if principal.role is Role.bank:
        context = {
            "bank": service.bank_of(session=session, actor=principal),
            "enterprises": service.consenting_enterprises(session=session, actor=principal),
            "industries": place_repository.industries(session),
        }
        return render(request, "finance/enterprises.html", context, principal=principal)
    raise FinanceDenied(
        "绿色金融页面仅限企业与银行用户。", "The finance pages are for enterprises and banks."
    )


@router.post("/finance/consents")
def grant_page(
    session: DbSession,
    principal: CurrentPrincipal,
    bank_id: Annotated[Id, Form()],
    _csrf: None = CsrfProtected,
) -> Response:
    service.grant_consent(session=session, actor=principal, bank_id=bank_id)
    return RedirectResponse("/finance", status_code=303)


@router.post("/finance/consents/{bank_id}/withdraw")
def withdraw_page(
    bank_id: Id, session: DbSession, principal: CurrentPrincipal, _csrf: None = CsrfProtected
) -> Response:
    service.withdraw_consent(session=session, actor=principal, bank_id=bank_id)
    return RedirectResponse("/finance", status_code=303)


@router.get("/finance/enterprises/{entity_id}")
def enterprise_page(
    request: Request, entity_id: Id, session: DbSession, principal: CurrentPrincipal
) -> HTMLResponse:
    file = service.enterprise_file(session=session, actor=principal, entity_id=entity_id)
    context = {
        "file": file,
        "colours": GRADE_COLOURS,
        "industries": place_repository.industries(session),
    }
    return render(request, "finance/enterprise.html", context, principal=principal)
