"""Idempotent writes (幂等写入): a retried request with the same key gets the first answer.

A client sends ``Idempotency-Key: <any unique string>`` with a write. The first request runs
and its response is stored with a hash of the endpoint and body; a retry with the same key
and the same request gets the stored response without running again; the same key with a
different request is refused (409). Keys belong to the actor who sent them. Secret fields
(passwords) are left out of the stored hash, so the table never holds a hash of a password.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from shuangtan.audit import SECRET_KEYS
from shuangtan.audit.chain import canonical_json
from shuangtan.auth import repository
from shuangtan.auth.errors import IdempotencyKeyReused
from shuangtan.auth.models import IdempotencyKey
from shuangtan.auth.principal import Principal
from shuangtan.errors import InvalidInput

__all__ = ["request_hash", "run_once"]

MAX_KEY_LENGTH = 128


def request_hash(scope: str, body: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the endpoint and the body (secrets left out)."""
    public = {k: v for k, v in body.items() if k not in SECRET_KEYS}
    return hashlib.sha256(canonical_json({"scope": scope, "body": public})).hexdigest()


def run_once(
    *,
    session: Session,
    actor: Principal,
    key: str | None,
    scope: str,
    body: Mapping[str, Any],
    status: int,
    run: Callable[[], dict[str, Any]],
) -> tuple[int, dict[str, Any]]:
    """``(status, response)`` of ``run()``, or of its first run under ``key``."""
    if key is None:
        return status, run()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(
            f"Idempotency-Key 须为 1–{MAX_KEY_LENGTH} 个字符。",
            f"An Idempotency-Key has 1-{MAX_KEY_LENGTH} characters.",
        )
    digest = request_hash(scope, body)
    stored = repository.idempotency_key(session, actor_user_id=actor.user_id, key=key)
    if stored is not None:
        if stored.request_hash != digest:
            raise IdempotencyKeyReused()
        return stored.response_status, dict(stored.response_json)
    response = run()
    session.add(
        IdempotencyKey(
            key=key,
            actor_user_id=actor.user_id,
            scope=scope,
            request_hash=digest,
            response_status=status,
            response_json=response,
        )
    )
    session.flush()
    return status, response
