"""Access tokens (访问令牌): short-lived JWTs (HS256) for the API.

Claims: ``sub`` (user id, a string as RFC 7519 asks), ``jti`` (the token's id: its login row,
:mod:`shuangtan.auth.sessions`, which logging out, a password change and a deactivation
delete), ``iat``, ``exp``, ``role`` (for the client's information only: every request reloads
the user, so a changed role takes effect at once) and ``typ`` = ``access``. A token without
a live login row is refused, however valid its signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import jwt

from shuangtan.auth.errors import InvalidToken
from shuangtan.auth.principal import Principal
from shuangtan.db import utcnow

__all__ = ["ALGORITHM", "AccessClaims", "decode_access_token", "issue_access_token"]

ALGORITHM = "HS256"
_TYPE = "access"


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """What a valid token says: whose it is and which login it belongs to."""

    user_id: int
    jti: str


def issue_access_token(principal: Principal, *, secret: str, minutes: int, jti: str) -> str:
    """A signed token for ``principal``, of the login ``jti``, that expires after ``minutes``."""
    if minutes <= 0:
        raise ValueError("a token must live at least one minute")
    now = utcnow()
    claims = {
        "sub": str(principal.user_id),
        "jti": jti,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        "role": principal.role.value,
        "typ": _TYPE,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_access_token(token: str, *, secret: str) -> AccessClaims:
    """The claims of a valid token; :class:`InvalidToken` if forged, expired or malformed."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat", "jti"]},
        )
        if claims.get("typ") != _TYPE or not isinstance(claims["jti"], str):
            raise InvalidToken()
        return AccessClaims(user_id=int(claims["sub"]), jti=claims["jti"])
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken() from exc
