"""The HTML face of a problem document (错误页面), for people in a browser.

An error page is drawn like every page: with the navigation and the user menu of the user
whose session is alive (a 403 or a 404 must not look like a log-out), found from the session
the middleware resolved (one short read of the user; the handlers answering problems run on the
event loop, and a page for a person is worth it). A server error (5xx) is drawn without looking
anyone up: the database may be what failed.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.exc import SQLAlchemyError

from shuangtan.auth import service
from shuangtan.auth.principal import Principal
from shuangtan.auth.sessions import WebSessionState
from shuangtan.db import session_scope
from shuangtan.web.templating import render

__all__ = ["error_page"]


def _principal(request: Request) -> Principal | None:
    """The logged-in user of the request's web session, or ``None``."""
    web_session = request.scope.get("session")
    if not isinstance(web_session, WebSessionState) or web_session.user_id is None:
        return None
    factory = getattr(request.app.state, "session_factory", None)
    if factory is None:
        return None
    try:
        with session_scope(factory) as session:
            return service.get_principal(session=session, user_id=web_session.user_id)
    except SQLAlchemyError:  # the page is still drawn, as for a visitor
        return None


def error_page(request: Request, problem: dict[str, Any]) -> Response:
    """The problem as a page; a 401 sends the browser to the login page and back."""
    status = int(problem["status"])
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    principal = _principal(request) if status < 500 else None
    return render(
        request, "error.html", {"problem": problem}, principal=principal, status_code=status
    )
