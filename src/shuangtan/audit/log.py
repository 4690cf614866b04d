"""The audit log (审计日志): every write, who made it, when, and the state before and after.

Entries form a hash chain (:mod:`shuangtan.audit.chain`). Entry ``n`` stores ``prev_hash`` and

    hash_n = SHA-256( canonical JSON of {seq, prev_hash, actor, action, entity_type,
                                         entity_id, before, after, created_at} )

A one-row chain head (``audit_chain_head``) keeps the last ``seq``, its hash and the entry
count, updated in the same transaction as each append, which locks it. :func:`verify_chain`
recomputes every hash. Database triggers refuse ``UPDATE`` and ``DELETE`` on ``audit_log``, let
an entry in only at the head (``seq`` one past it, linked to its hash) and let the head move
only onto the entry just appended (migration ``0013_audit_anchors``); on PostgreSQL the
application's role is not the owner and may only insert (``shuangtan db grant-app-role``), so
it cannot switch the triggers off. Whoever owns the table could still rewrite an entry and
recompute every later hash and the head; anchors (heads copied outside the database by
``shuangtan audit anchor``) are what finds that: ``verify_chain(anchors=…)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from shuangtan.audit import chain
from shuangtan.audit.chain import Anchor, ChainReport
from shuangtan.audit.models import AuditChainHead, AuditEntry
from shuangtan.db import utcnow

__all__ = [
    "CHAIN",
    "SECRET_KEYS",
    "Actor",
    "count_entries",
    "entry_hash",
    "jsonable",
    "record",
    "snapshot",
    "verify_chain",
]

SECRET_KEYS = frozenset({"password", "password_hash", "secret", "secret_key", "token"})
"""Keys never written into ``before``/``after`` (dropped at any depth)."""

NAMES = chain.ChainNames("审计记录", "Audit entry", "审计链", "audit chain")
CHAIN = "audit"
"""The audit log's name in an anchor file."""


class Actor(Protocol):
    """行为人 who made a write: a logged-in principal (``None`` is the system itself)."""

    @property
    def user_id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def is_admin(self) -> bool: ...


def _strip_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_secrets(v) for k, v in value.items() if k not in SECRET_KEYS}
    if isinstance(value, list):
        return [_strip_secrets(v) for v in value]
    return value


def jsonable(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """``value`` as plain JSON data (decimals as plain strings, times in UTC), no secrets."""
    if value is None:
        return None
    plain = json.loads(json.dumps(dict(value), default=chain.json_default, ensure_ascii=False))
    result: dict[str, Any] = _strip_secrets(plain)
    return result


def snapshot(obj: object, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The column values of an ORM object as audit data (never its secrets)."""
    mapper = inspect(type(obj))
    data = {
        attr.key: getattr(obj, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in exclude and attr.key not in SECRET_KEYS
    }
    return jsonable(data) or {}


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 (hex) of the canonical JSON of the entry's content and ``prev_hash``."""
    actor = chain.actor_content(entry.actor_user_id, entry.actor_username, entry.actor_role)
    return chain.digest(
        {
            "seq": entry.seq,
            "prev_hash": entry.prev_hash,
            "actor": actor,
            "action": entry.action,
            "entity_type": entry.entity_type,
            "entity_id": entry.entity_id,
            "before": entry.before,
            "after": entry.after,
            "created_at": chain.timestamp(entry.created_at),
        }
    )


def record(
    *,
    session: Session,
    actor: Actor | None,
    action: str,
    entity_type: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEntry:
    """Append one entry to the audit chain and flush it (the caller's transaction commits).

    ``actor`` ``None`` means the system itself (migrations, demo loader, CLI bootstrap).
    """
    head = chain.lock_head(session, AuditChainHead)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        created_at=utcnow(),
        actor_user_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=str(actor.role) if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=jsonable(before),
        after=jsonable(after),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    # The entry first, then the head: the database lets the head move only onto an entry
    # that is already there (migration 0013).
    session.flush()
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    head.entry_count = head.entry_count + 1
    head.updated_at = entry.created_at
    session.flush()
    return entry


def count_entries(*, session: Session) -> int:
    """How many entries the audit log holds."""
    return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def _links(session: Session) -> Iterator[chain.Link]:
    rows = session.execute(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    ).scalars()
    for entry in rows:
        yield chain.Link(entry.seq, entry.prev_hash, entry.hash, entry_hash(entry))


def verify_chain(
    *,
    session: Session,
    anchors: Iterable[Anchor] = (),
    progress: Callable[[int], None] | None = None,
) -> ChainReport:
    """Recompute the audit chain from the first entry and compare it with the chain head and
    with ``anchors`` (heads copied outside the database; :mod:`shuangtan.audit.anchors`);
    ``progress`` is told how many entries were checked (:func:`chain.verify`)."""
    return chain.verify(
        _links(session),
        lambda: session.get(AuditChainHead, 1, populate_existing=True),
        NAMES,
        anchors,
        progress,
    )
