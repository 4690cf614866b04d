"""Queries of users and the audit log (查询)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry
from shuangtan.auth.models import User
from shuangtan.place.models import City, County

__all__ = [
    "audit_page",
    "is_city_code",
    "is_county_code",
    "user_by_id",
    "user_by_username",
    "users_page",
]


def user_by_username(session: Session, username: str) -> User | None:
    """The user with ``username``, or ``None``."""
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with ``user_id``, or ``None``."""
    return session.get(User, user_id)


def users_page(session: Session, *, offset: int, limit: int) -> tuple[Sequence[User], int]:
    """One page of users by id, and how many there are."""
    total = session.execute(select(func.count()).select_from(User)).scalar_one()
    rows = session.execute(select(User).order_by(User.id).offset(offset).limit(limit)).scalars()
    return rows.all(), int(total)


def audit_page(
    session: Session,
    *,
    offset: int,
    limit: int,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> tuple[Sequence[AuditEntry], int]:
    """One page of audit entries, newest first, optionally for one entity, and the total."""
    where = []
    if entity_type is not None:
        where.append(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        where.append(AuditEntry.entity_id == entity_id)
    total = session.execute(select(func.count()).select_from(AuditEntry).where(*where)).scalar_one()
    rows = session.execute(
        select(AuditEntry).where(*where).order_by(AuditEntry.seq.desc()).offset(offset).limit(limit)
    ).scalars()
    return rows.all(), int(total)


def is_city_code(session: Session, code: str) -> bool:
    """Whether ``code`` is a configured city (table ``cities``)."""
    return session.get(City, code) is not None


def is_county_code(session: Session, code: str) -> bool:
    """Whether ``code`` is a configured county-level division (table ``counties``)."""
    return session.get(County, code) is not None
