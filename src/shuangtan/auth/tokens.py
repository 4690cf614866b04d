"""Access tokens (访问令牌): short-lived JWTs (HS256) for the API.

Claims: ``sub`` (user id, a string as RFC 7519 asks), ``iat``, ``exp``, ``role`` (for the
client's information only: every request reloads the user, so a deactivated user or a
changed role takes effect at once) and ``typ`` = ``access``.
"""

from __future__ import annotations

from datetime import timedelta

import jwt

from shuangtan.auth.errors import InvalidToken
from shuangtan.auth.principal import Principal
from shuangtan.db import utcnow

__all__ = ["ALGORITHM", "decode_access_token", "issue_access_token"]

ALGORITHM = "HS256"
_TYPE = "access"


def issue_access_token(principal: Principal, *, secret: str, minutes: int) -> str:
    """A signed token for ``principal`` that expires after ``minutes``."""
    if minutes <= 0:
        raise ValueError("a token must live at least one minute")
    now = utcnow()
    claims = {
        "sub": str(principal.user_id),
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "role": principal.role.value,
        "typ": _TYPE,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, *, secret: str) -> int:
    """The user id of a valid token; :class:`InvalidToken` if forged, expired or malformed."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat"]},
        )
        if claims.get("typ") != _TYPE:
            raise InvalidToken()
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
