"""Idempotent writes (幂等写入): a retried request with the same key gets the first answer.

A client sends ``Idempotency-Key: <any unique string>`` with a write. The first request runs
and its answer is stored with a hash of the request (method, path and validated body); a
retry with the same key and the same request gets the stored answer without running again;
the same key with a different request is refused (409 ``idempotency.key_reused``). Keys
belong to the actor who sent them. Secret fields (passwords) are left out of the hash, so
the table never holds a hash of a password.

A handler takes the dependency :data:`Once` and wraps its write::

    @router.put("/targets/{year}/indicators/{indicator_id}/value")
    def enter_value(..., data: ValueIn, actor: Officials, once: Once) -> ValueRead:
        return once(data, lambda: ValueRead.of(service.enter_value(...)))

Two requests with the same key at once: the first claims the key (an insert that the
database's unique index serialises); the second waits for it, then gets its stored answer,
or 409 ``idempotency.in_progress`` if it cannot wait — never a second write, never a 500.
The claim is the request's first write, so nothing is lost when the second rolls back to
read the answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar, cast

from fastapi import Depends, Header, Request
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from shuangtan.audit import SECRET_KEYS
from shuangtan.audit.chain import canonical_json
from shuangtan.auth.deps import CurrentPrincipal
from shuangtan.auth.principal import Principal
from shuangtan.db import DbSession
from shuangtan.errors import InvalidInput
from shuangtan.kit.errors import IdempotencyInProgress, IdempotencyKeyReused
from shuangtan.kit.models import IdempotencyKey

__all__ = ["MAX_KEY_LENGTH", "Idempotency", "Once", "request_hash"]

MAX_KEY_LENGTH = 128
T = TypeVar("T")
Body = BaseModel | Mapping[str, Any] | None


def request_hash(scope: str, body: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of the endpoint and the body (secrets left out)."""
    public = {k: v for k, v in body.items() if k not in SECRET_KEYS}
    return hashlib.sha256(canonical_json({"scope": scope, "body": public})).hexdigest()


def _plain(body: Body) -> dict[str, Any]:
    if body is None:
        return {}
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json")
    return dict(body)


def _stored(session: Session, actor_user_id: int, key: str) -> IdempotencyKey | None:
    statement = select(IdempotencyKey).where(
        IdempotencyKey.actor_user_id == actor_user_id, IdempotencyKey.key == key
    )
    return session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()


class Idempotency:
    """One request's idempotent write: ``once(body, write)`` runs ``write`` at most once per key.

    ``scope`` is the request's method and path; ``status`` and ``response_type`` are the
    route's, so a replay answers exactly as the first request did.
    """

    def __init__(
        self,
        *,
        session: Session,
        actor: Principal,
        key: str | None,
        scope: str,
        status: int = 200,
        response_type: Any = None,
    ) -> None:
        if key is not None and not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise InvalidInput(
                f"Idempotency-Key 须为 1–{MAX_KEY_LENGTH} 个字符。",
                f"An Idempotency-Key has 1-{MAX_KEY_LENGTH} characters.",
            )
        self.session = session
        self.actor = actor
        self.key = key
        self.scope = scope
        self.status = status
        self.response_type = response_type

    def __call__(self, body: Body, write: Callable[[], T]) -> T:
        """``write()``'s answer, or the stored answer of the first request with this key."""
        if self.key is None:
            return write()
        digest = request_hash(self.scope, _plain(body))
        stored = _stored(self.session, self.actor.user_id, self.key)
        if stored is not None:
            return cast(T, self._replay(stored, digest))
        claim = IdempotencyKey(
            key=self.key,
            actor_user_id=self.actor.user_id,
            scope=self.scope[:128],
            request_hash=digest,
            response_status=0,
            response_json={},
        )
        try:
            self.session.add(claim)
            self.session.flush()
        except IntegrityError:
            # Another request claimed the key first and committed: answer as it did.
            self.session.rollback()
            stored = _stored(self.session, self.actor.user_id, self.key)
            if stored is None:  # pragma: no cover - the unique index said it exists
                raise IdempotencyInProgress() from None
            return cast(T, self._replay(stored, digest))
        except OperationalError as error:  # SQLite: the other writer held the lock too long
            self.session.rollback()
            raise IdempotencyInProgress() from error
        answer = write()
        claim.response_status = self.status
        claim.response_json = _jsonable(answer)
        self.session.flush()
        return answer

    def _replay(self, stored: IdempotencyKey, digest: str) -> Any:
        if stored.request_hash != digest:
            raise IdempotencyKeyReused()
        if stored.response_status == 0:  # pragma: no cover - a claim is never seen uncommitted
            raise IdempotencyInProgress()
        answer: Any = stored.response_json
        if self.response_type is not None:
            answer = TypeAdapter(self.response_type).validate_python(answer)
        return answer


def _jsonable(answer: Any) -> Any:
    if isinstance(answer, BaseModel):
        return answer.model_dump(mode="json")
    return TypeAdapter(type(answer)).dump_python(answer, mode="json")


def idempotency(
    request: Request,
    session: DbSession,
    actor: CurrentPrincipal,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=MAX_KEY_LENGTH,
            description="重试安全的写入 A unique key that makes a retried write safe (RFC draft "
            "'The Idempotency-Key HTTP Header Field'): the same key and request get the "
            "first answer; the same key with another request is refused (409).",
        ),
    ] = None,
) -> Idempotency:
    """The request's :class:`Idempotency`, scoped to its method and path."""
    route = request.scope.get("route")
    return Idempotency(
        session=session,
        actor=actor,
        key=idempotency_key,
        scope=f"{request.method} {request.url.path}",
        status=getattr(route, "status_code", None) or 200,
        response_type=getattr(route, "response_model", None),
    )


Once = Annotated[Idempotency, Depends(idempotency)]
"""A handler's idempotent write: ``once(body, write)`` (honours ``Idempotency-Key``)."""
