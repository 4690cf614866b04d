"""Cross-site request forgery protection for cookie sessions (跨站请求伪造防护).

Synchronizer token: each web session holds one random token (a logged-in session's is kept in
its server-side row and renewed at each login; an anonymous visitor's is in a signed cookie,
see ``web/sessions.py``); every unsafe request that a cookie authenticates (or that logs in)
must echo it in the form field ``csrf_token`` or the ``X-CSRF-Token`` header. Requests
authenticated by a bearer token carry no ambient authority and need none.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from shuangtan.auth.sessions import WebSessionState
from shuangtan.errors import DomainError

SESSION_KEY = "csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CsrfFailed(DomainError):
    """The form did not carry this session's token (表单已失效)."""

    status = 403
    code = "auth.csrf_failed"
    title = "CSRF check failed"


def csrf_token(request: Request) -> str:
    """This session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def check_token(request: Request, supplied: str | None) -> None:
    """Refuse the request unless ``supplied`` equals the session's token."""
    expected = request.session.get(SESSION_KEY)
    if not (
        isinstance(expected, str)
        and supplied
        and hmac.compare_digest(expected.encode(), supplied.encode())
    ):
        raise CsrfFailed(
            "页面已过期或来源不明,请刷新页面后重试。",
            "The form has expired or did not come from this site; reload the page and retry.",
        )


def _form_csrf(request: Request, csrf_token: Annotated[str | None, Form()] = None) -> None:
    check_token(request, csrf_token or request.headers.get(HEADER))


CsrfProtected = Depends(_form_csrf)
"""Dependency for web form handlers: the form field or header must carry the token."""


class ApiCsrfMiddleware:
    """Require the header token on unsafe ``/api`` requests authenticated by the session cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in UNSAFE_METHODS
            and scope["path"].startswith("/api/")
        ):
            request = Request(scope)
            bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
            session = scope.get("session")
            logged_in = isinstance(session, WebSessionState) and session.user_id is not None
            if not bearer and logged_in:
                try:
                    check_token(request, request.headers.get(HEADER))
                except CsrfFailed as error:
                    from starlette.responses import JSONResponse

                    response = JSONResponse(
                        error.problem(scope["path"]),
                        status_code=error.status,
                        media_type="application/problem+json",
                    )
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
