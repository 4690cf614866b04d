"""The web session (网页会话): how a browser stays logged in.

The signed session cookie (``shuangtan_session``) carries the logged-in user's id and the CSRF
token; API clients use bearer tokens instead (``auth.tokens``).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from shuangtan.config import Settings

__all__ = ["COOKIE", "install"]

COOKIE = "shuangtan_session"


def install(app: FastAPI, settings: Settings) -> None:
    """Add the session middleware to ``app``."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie=COOKIE,
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
