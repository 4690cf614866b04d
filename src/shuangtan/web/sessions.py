"""The web session (网页会话): how a browser stays logged in, kept on the server.

The cookie ``shuangtan_session`` carries one of two things:

- after login, an opaque random id (256 bits) of a server-side session
  (:mod:`shuangtan.auth.sessions`): the user, the CSRF token, when it started and was last
  used. Each request looks it up (in a worker thread, once per request; not for
  ``/static/``); a session that is gone (logged out, the password changed, the user
  deactivated), idle for ``session_idle_minutes`` or older than ``session_hours`` is no
  login, and its cookie is cleared. A copied cookie is worth nothing once the session ends;
- before login, only the CSRF token of the login form, signed with the secret key
  (``a.<token>.<signature>``), so that anonymous visitors cost no database row.

``request.session`` is a :class:`~shuangtan.auth.sessions.WebSessionState` (its ``"csrf"``,
and the user the middleware found). The login page starts a session with :func:`start`
(a new id each login: no session fixation), the logout page ends it with :func:`end`.

:func:`install` also puts on ``app.state`` what logins need per application (:func:`state`):
the clock (``clock``, which tests replace) and the password hashing gate
(``password_gate``, ``password_hash_concurrency`` slots).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shuangtan.auth import sessions as server_sessions
from shuangtan.auth.passwords import HashGate
from shuangtan.auth.sessions import WebSessionState
from shuangtan.auth.throttle import LoginPolicy
from shuangtan.config import Settings
from shuangtan.db import session_scope, utcnow

__all__ = ["COOKIE", "SessionMiddleware", "current", "end", "install", "start", "state"]

COOKIE = "shuangtan_session"
_ANONYMOUS = "a."
_SKIPPED = ("/static/",)


def state(settings: Settings) -> dict[str, Any]:
    """What logins keep on ``app.state`` for ``settings``: the clock and the hashing gate."""
    clock: Callable[[], datetime] = utcnow
    return {
        "clock": clock,
        "password_gate": HashGate(
            settings.password_hash_concurrency, settings.password_hash_wait_seconds
        ),
    }


def install(app: FastAPI, settings: Settings) -> None:
    """Add the session middleware to ``app`` and the logins' state to ``app.state``."""
    for name, value in state(settings).items():
        setattr(app.state, name, value)
    app.add_middleware(SessionMiddleware, secret_key=settings.resolved_secret_key())


def current(request: Request) -> WebSessionState:
    """The request's web session."""
    web_session = request.scope.get("session")
    if not isinstance(web_session, WebSessionState):
        raise RuntimeError("the web session middleware is not installed")
    return web_session


def _cookie_attributes(settings: Settings, max_age: int) -> str:
    secure = "; Secure" if settings.secure_cookies else ""
    gone = "; Expires=Thu, 01 Jan 1970 00:00:00 GMT" if max_age == 0 else ""
    return f"; Path=/; Max-Age={max_age}{gone}; HttpOnly; SameSite=Lax{secure}"


def start(response: Response, settings: Settings, key: str) -> None:
    """Give the browser the cookie of the session ``key`` (just started by the login)."""
    value = f"{COOKIE}={key}{_cookie_attributes(settings, settings.session_hours * 3600)}"
    response.headers.append("set-cookie", value)


def end(response: Response, settings: Settings) -> None:
    """Take the session cookie back (logging out; the server's session is ended by then)."""
    response.headers.append("set-cookie", f"{COOKIE}={_cookie_attributes(settings, 0)}")


class SessionMiddleware:
    """Resolve the session cookie into ``scope["session"]`` (:class:`WebSessionState`)."""

    def __init__(self, app: ASGIApp, *, secret_key: str) -> None:
        self.app = app
        self._key = hashlib.sha256(b"shuangtan anonymous csrf\0" + secret_key.encode()).digest()

    def _sign(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()[:32]

    def _anonymous(self, value: str) -> WebSessionState | None:
        token, _, signature = value.removeprefix(_ANONYMOUS).rpartition(".")
        if token and hmac.compare_digest(signature, self._sign(token)):
            return WebSessionState(csrf=token)
        return None

    @staticmethod
    def _resume(app: Any, key: str) -> WebSessionState | None:
        settings: Settings = app.state.settings
        with session_scope(app.state.session_factory) as session:
            row = server_sessions.resume_web(
                session=session,
                key=key,
                now=app.state.clock(),
                idle=LoginPolicy.of(settings).session_idle,
            )
            if row is None:
                return None
            return WebSessionState(key=key, user_id=row.user_id, csrf=row.csrf_token)

    async def _load(self, scope: Scope) -> tuple[WebSessionState, bool]:
        """The session of the request, and whether its cookie is stale (to be cleared)."""
        value = ""
        for name, header in scope.get("headers", ()):
            if name == b"cookie":
                value = cookie_parser(header.decode("latin-1")).get(COOKIE, value)
        if not value:
            return WebSessionState(), False
        if value.startswith(_ANONYMOUS):
            found = self._anonymous(value)
        elif scope["path"].startswith(_SKIPPED):
            return WebSessionState(), False
        else:
            found = await run_in_threadpool(self._resume, scope["app"], value)
        return (found, False) if found is not None else (WebSessionState(), True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        web_session, stale = await self._load(scope)
        scope["session"] = web_session
        csrf_before = web_session.get("csrf")
        settings: Settings = scope["app"].state.settings

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                handled = any(
                    value.startswith(f"{COOKIE}=") for value in headers.getlist("set-cookie")
                )
                token = web_session.get("csrf")
                if handled:
                    pass
                elif web_session.key is None and token and token != csrf_before:
                    value = f"{_ANONYMOUS}{token}.{self._sign(token)}"
                    max_age = settings.session_hours * 3600
                    headers.append(
                        "set-cookie", f"{COOKIE}={value}{_cookie_attributes(settings, max_age)}"
                    )
                elif stale:
                    headers.append("set-cookie", f"{COOKIE}={_cookie_attributes(settings, 0)}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)
