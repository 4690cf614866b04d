"""Pages of users (用户页面): logging in and out, the audit log for administrators."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.auth import service as auth_service
from shuangtan.auth.deps import CurrentPrincipal, OptionalPrincipal
from shuangtan.auth.errors import InvalidCredentials
from shuangtan.db import DbSession
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.templating import render

__all__ = ["public_router", "router"]

AUDIT_PAGE_SIZE = 50

public_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
"""Pages that answer without login: the login form itself and logging out."""
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def safe_next(target: str | None) -> str:
    """Only same-site paths may be a post-login destination (no open redirects)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@public_router.get("/login")
def login_form(request: Request, principal: OptionalPrincipal, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": safe_next(next)}, principal=principal)


@public_router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
    _csrf: None = CsrfProtected,
) -> Response:
    try:
        principal = auth_service.authenticate(session=session, username=username, password=password)
    except InvalidCredentials as error:
        return render(
            request,
            "login.html",
            {"next": safe_next(next), "error": error, "username": username},
            status_code=401,
        )
    request.session.clear()  # a new session id for the new user: no session fixation
    request.session["user_id"] = principal.user_id
    return RedirectResponse(safe_next(next), status_code=303)


@public_router.post("/logout")
def logout(request: Request, _csrf: None = CsrfProtected) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/admin/audit")
def audit_page(
    request: Request, session: DbSession, principal: CurrentPrincipal, page: int = 1
) -> HTMLResponse:
    page = max(page, 1)
    entries, total = auth_service.audit_entries(
        session=session, actor=principal, offset=(page - 1) * AUDIT_PAGE_SIZE, limit=AUDIT_PAGE_SIZE
    )
    report = auth_service.verify_audit_chain(session=session, actor=principal)
    pages = max(1, -(-total // AUDIT_PAGE_SIZE))
    context = {"entries": entries, "total": total, "page": page, "pages": pages, "report": report}
    return render(request, "admin/audit.html", context, principal=principal)
