"""Login sessions (登录会话): a browser's session and an API token, kept on the server.

A login makes one :class:`~shuangtan.auth.models.LoginSession` row. The browser's cookie holds
a random id and a token its ``jti``; the table keeps only their SHA-256, so a copy of the
table logs nobody in. Every request looks its row up: no row, no login. So logging out
(:func:`end`), a password change and a deactivation (:func:`end_all`) end a login at once, on
every worker, whatever copies of the cookie or the token exist. A web session also ends when
it has not been used for :attr:`LoginPolicy.session_idle` and, like a token, at its
``expires_at`` (the absolute lifetime).

:class:`WebSessionState` is ``request.session`` as the web session middleware
(``shuangtan.web.sessions``) fills it: the CSRF token, and the user once logged in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from shuangtan.auth.models import LoginSession, User
from shuangtan.auth.throttle import aware

__all__ = [
    "API",
    "TOUCH_INTERVAL",
    "WEB",
    "WebSessionState",
    "end",
    "end_all",
    "key_hash",
    "purge",
    "resume_web",
    "start",
    "token_alive",
]

WEB = "web"
API = "api"
TOUCH_INTERVAL = timedelta(seconds=60)
"""A web session's ``last_seen_at`` is written at most this often (the idle clock's grain)."""


def key_hash(key: str) -> str:
    """The stored form of a cookie's id or a token's ``jti``: SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()


class WebSessionState(dict[str, Any]):
    """``request.session``: ``"csrf"`` (the form token); :attr:`user_id` and :attr:`key` are the
    logged-in user and the cookie's id, set only by the middleware from the server's row (a
    value written into the mapping logs nobody in)."""

    def __init__(
        self, *, key: str | None = None, user_id: int | None = None, csrf: str | None = None
    ) -> None:
        super().__init__()
        self.key = key
        self.user_id = user_id
        if csrf is not None:
            self["csrf"] = csrf


def start(
    *, session: Session, user_id: int, kind: str, now: datetime, lifetime: timedelta
) -> tuple[str, LoginSession]:
    """A new login of ``kind`` (``web``, ``api``) for ``user_id``: its secret key (the cookie's
    id or the token's ``jti``, given out once, never stored) and its row."""
    key = secrets.token_urlsafe(32)
    row = LoginSession(
        key_hash=key_hash(key),
        kind=kind,
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32) if kind == WEB else None,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return key, row


def _row(session: Session, kind: str, key: str) -> LoginSession | None:
    return session.execute(
        select(LoginSession).where(
            LoginSession.key_hash == key_hash(key), LoginSession.kind == kind
        )
    ).scalar_one_or_none()


def resume_web(
    *, session: Session, key: str, now: datetime, idle: timedelta
) -> LoginSession | None:
    """The live web session of the cookie's ``key``, its idle clock restarted; ``None`` when
    there is none, or it has run out (idle, past its lifetime, the user deactivated): then it
    is deleted."""
    row = _row(session, WEB, key)
    if row is None:
        return None
    user = session.get(User, row.user_id)
    last_seen = aware(row.last_seen_at)
    if (
        aware(row.expires_at) <= now
        or last_seen + idle <= now
        or user is None
        or not user.is_active
    ):
        session.delete(row)
        session.flush()
        return None
    if now - last_seen >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.flush()
    return row


def token_alive(*, session: Session, jti: str, user_id: int, now: datetime) -> bool:
    """Whether the API token ``jti`` of ``user_id`` is still a login (not ended, not expired)."""
    row = _row(session, API, jti)
    return row is not None and row.user_id == user_id and aware(row.expires_at) > now


def end(*, session: Session, kind: str, key: str) -> LoginSession | None:
    """End the login of ``key`` (log out); the row it was, or ``None`` if there was none."""
    row = _row(session, kind, key)
    if row is not None:
        session.delete(row)
        session.flush()
    return row


def end_all(*, session: Session, user_id: int) -> int:
    """End every web session and token of ``user_id``; how many there were."""
    result = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def purge(*, session: Session, now: datetime, idle: timedelta) -> int:
    """Delete the logins that have run out (past their lifetime, or web sessions left idle)."""
    result = session.execute(
        delete(LoginSession).where(
            or_(
                LoginSession.expires_at <= now,
                (LoginSession.kind == WEB) & (LoginSession.last_seen_at <= now - idle),
            )
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
