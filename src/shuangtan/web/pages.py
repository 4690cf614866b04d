"""The shell's own pages: home, login and logout, the audit log, error pages."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shuangtan.accounts import pages as accounts_pages
from shuangtan.auth import service as auth_service
from shuangtan.auth.deps import CurrentPrincipal, OptionalPrincipal
from shuangtan.auth.errors import InvalidCredentials
from shuangtan.calculator import pages as calculator_pages
from shuangtan.city.dashboard import pages as dashboard_pages
from shuangtan.city.inventory import pages as inventory_pages
from shuangtan.city.peak import pages as peak_pages
from shuangtan.city.synergy import pages as synergy_pages
from shuangtan.city.targets import pages as targets_pages
from shuangtan.db import DbSession
from shuangtan.finance import pages as finance_pages
from shuangtan.grading import pages as grading_pages
from shuangtan.web.csrf import CsrfProtected
from shuangtan.web.templating import render

AUDIT_PAGE_SIZE = 50


def _safe_next(target: str | None) -> str:
    """Only same-site paths may be a post-login destination (no open redirects)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def home(request: Request, principal: OptionalPrincipal) -> HTMLResponse:
    return render(request, "home.html", principal=principal)


def login_form(request: Request, principal: OptionalPrincipal, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next)}, principal=principal)


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
            {"next": _safe_next(next), "error": error, "username": username},
            status_code=401,
        )
    request.session.clear()  # a new session id for the new user: no session fixation
    request.session["user_id"] = principal.user_id
    return RedirectResponse(_safe_next(next), status_code=303)


def logout(request: Request, _csrf: None = CsrfProtected) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


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


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The HTML face of a problem document, for people in a browser."""
    status = int(problem["status"])
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return render(request, "error.html", {"problem": problem}, status_code=status)


def pages_router() -> APIRouter:
    """Every web page of the platform (not in the OpenAPI document)."""
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    router.add_api_route("/", home, methods=["GET"])
    router.add_api_route("/login", login_form, methods=["GET"])
    router.add_api_route("/login", login, methods=["POST"])
    router.add_api_route("/logout", logout, methods=["POST"])
    router.add_api_route("/admin/audit", audit_page, methods=["GET"])
    router.include_router(calculator_pages.router)
    router.include_router(grading_pages.router)
    router.include_router(finance_pages.router)
    router.include_router(targets_pages.router)
    router.include_router(accounts_pages.router)
    router.include_router(dashboard_pages.router)
    router.include_router(peak_pages.router)
    router.include_router(synergy_pages.router)
    router.include_router(inventory_pages.router)
    return router
