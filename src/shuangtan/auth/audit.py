"""The audit log (审计日志): every write, who made it, when, and the state before and after.

Entries form a hash chain. Entry ``n`` stores ``prev_hash`` (the hash of entry ``n - 1``, or
64 zeros for the first) and

    hash_n = SHA-256( canonical JSON of {seq, prev_hash, actor, action, entity_type,
                                         entity_id, before, after, created_at} )

where canonical JSON has sorted keys, no spaces, UTF-8, and ``created_at`` in UTC as
``YYYY-MM-DDTHH:MM:SS.ffffffZ``. A one-row chain head (``audit_chain_head``) keeps the last
``seq``, its hash and the entry count, updated in the same transaction as each append. An
append locks the head (PostgreSQL ``SELECT … FOR UPDATE``; SQLite takes its database write
lock with a no-op ``UPDATE``), so concurrent writers queue instead of forking the chain.

:func:`verify_chain` recomputes every hash: an edited row fails its own hash, a deleted row
leaves a gap in ``seq`` (and a ``prev_hash`` that no longer matches), a cut tail no longer
matches the head. Database triggers refuse ``UPDATE`` and ``DELETE`` on ``audit_log``, so
tampering needs deliberate, privileged effort; anyone able to rewrite *both* every later
row and the head could still forge a consistent chain, which is why operators should copy
the head hash (``audit_chain_head.last_hash``) somewhere else regularly (backups, reports).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shuangtan.auth.models import GENESIS_HASH, AuditChainHead, AuditEntry
from shuangtan.auth.principal import Principal
from shuangtan.db import utcnow

__all__ = [
    "ChainReport",
    "canonical_json",
    "entry_hash",
    "jsonable",
    "record",
    "snapshot",
    "verify_chain",
]

SECRET_KEYS = frozenset({"password", "password_hash", "secret", "secret_key", "token"})
"""Keys never written into ``before``/``after`` (dropped at any depth)."""


@dataclass(frozen=True, slots=True)
class ChainReport:
    """审计链校验结果 chain report: whether the audit chain is intact, and where it breaks."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    problem_zh: str
    problem_en: str


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Plain notation without trailing zeros, so 12.5 read back as 12.500000 is the same.
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")


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
    plain = json.loads(json.dumps(dict(value), default=_json_default, ensure_ascii=False))
    result: dict[str, Any] = _strip_secrets(plain)
    return result


def snapshot(obj: object, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The column values of an ORM object as audit data (never its secrets)."""
    from sqlalchemy import inspect

    mapper = inspect(type(obj))
    data = {
        attr.key: getattr(obj, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in exclude and attr.key not in SECRET_KEYS
    }
    return jsonable(data) or {}


def _timestamp(value: datetime) -> str:
    """UTC time as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; a naive value is taken to be UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no insignificant spaces, UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    ).encode("utf-8")


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 (hex) of the canonical JSON of the entry's content and ``prev_hash``."""
    actor = (
        None
        if entry.actor_user_id is None and entry.actor_username is None
        else {
            "user_id": entry.actor_user_id,
            "username": entry.actor_username,
            "role": entry.actor_role,
        }
    )
    content = {
        "seq": entry.seq,
        "prev_hash": entry.prev_hash,
        "actor": actor,
        "action": entry.action,
        "entity_type": entry.entity_type,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
        "created_at": _timestamp(entry.created_at),
    }
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _lock_head(session: Session) -> AuditChainHead:
    if session.get_bind().dialect.name == "sqlite":
        # A write takes SQLite's database lock now, so no other writer appends until commit.
        session.execute(text("UPDATE audit_chain_head SET id = id WHERE id = 1"))
        statement = select(AuditChainHead).where(AuditChainHead.id == 1)
    else:
        statement = select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
    head = session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()
    if head is None:
        raise RuntimeError("audit_chain_head is missing: run the migrations")
    return head


def record(
    *,
    session: Session,
    actor: Principal | None,
    action: str,
    entity_type: str,
    entity_id: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> AuditEntry:
    """Append one entry to the audit chain and flush it (the caller's transaction commits).

    ``actor`` ``None`` means the system itself (migrations, demo loader, CLI bootstrap).
    """
    head = _lock_head(session)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        created_at=utcnow(),
        actor_user_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=actor.role.value if actor else None,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        before=jsonable(before),
        after=jsonable(after),
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    head.last_seq = entry.seq
    head.last_hash = entry.hash
    head.entry_count = head.entry_count + 1
    head.updated_at = entry.created_at
    session.flush()
    return entry


def count_entries(*, session: Session) -> int:
    """How many entries the audit log holds."""
    return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def _broken(checked: int, seq: int, zh: str, en: str) -> ChainReport:
    return ChainReport(False, checked, seq, zh, en)


def verify_chain(*, session: Session) -> ChainReport:
    """Recompute the audit chain from the first entry and compare it with the chain head."""
    rows = session.execute(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    ).scalars()
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for entry in rows:
        if entry.seq != expected_seq:
            return _broken(
                checked,
                expected_seq,
                f"审计记录 {expected_seq} 缺失(被删除)。",
                f"Audit entry {expected_seq} is missing (deleted).",
            )
        if entry.prev_hash != prev_hash:
            return _broken(
                checked,
                entry.seq,
                f"审计记录 {entry.seq} 与前一条记录的链接不符。",
                f"Audit entry {entry.seq} does not link to the entry before it.",
            )
        if entry_hash(entry) != entry.hash:
            return _broken(
                checked,
                entry.seq,
                f"审计记录 {entry.seq} 的内容被修改(哈希不符)。",
                f"Audit entry {entry.seq} was altered (hash mismatch).",
            )
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    head = session.get(AuditChainHead, 1, populate_existing=True)
    last_seq = expected_seq - 1
    if head is None:
        return _broken(checked, last_seq + 1, "审计链头缺失。", "The audit chain head is missing.")
    if head.last_seq != last_seq or head.last_hash != prev_hash or head.entry_count != checked:
        bad = min(head.last_seq, last_seq) + 1
        return _broken(
            checked,
            bad,
            f"审计链在第 {bad} 条处被截断或与链头不符。",
            f"The audit chain is truncated or disagrees with its head at entry {bad}.",
        )
    return ChainReport(
        True,
        checked,
        None,
        f"审计链完整,共 {checked} 条记录。",
        f"The audit chain is intact: {checked} entries.",
    )
