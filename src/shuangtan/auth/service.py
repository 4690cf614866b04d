"""Rules of users and logins (用户与登录): who may create, change and see users and the log.

Plain functions with keyword-only arguments; they ``flush()`` and never ``commit()``, and
every write appends an audit entry. Permissions are checked here, not in the router.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.audit import ChainReport
from shuangtan.audit.models import AuditEntry
from shuangtan.auth import passwords, policy, repository, sessions, throttle
from shuangtan.auth.errors import InvalidCredentials, InvalidScope, UsernameTaken, WrongPassword
from shuangtan.auth.models import User
from shuangtan.auth.passwords import HashGate
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import utcnow
from shuangtan.errors import InvalidInput, NotFound, PermissionDenied
from shuangtan.place.scope import scope_of

__all__ = [
    "PASSWORD_MIN_LENGTH",
    "audit_entries",
    "authenticate",
    "change_password",
    "create_user",
    "deactivate_user",
    "get_principal",
    "list_users",
    "principal_of",
    "reactivate_user",
    "set_password",
    "unlock_user",
    "user_locks",
    "verify_audit_chain",
]

PASSWORD_MIN_LENGTH = policy.MIN_LENGTH
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,63}$")


def principal_of(user: User) -> Principal:
    """The principal a user acts as."""
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        scope=scope_of(
            role=user.role,
            city_code=user.city_code,
            county_code=user.county_code,
            entity_id=user.entity_id,
        ),
    )


def authenticate(*, session: Session, username: str, password: str) -> Principal:
    """The principal whose username and password these are (the check alone).

    Raises :class:`InvalidCredentials` alike for an unknown user, a wrong password and an
    inactive account. A hash made with older Argon2 parameters is replaced (audited). The
    doors log in through :func:`shuangtan.auth.logins.log_in`, which adds the throttle, the
    lockout, the bounded hashing and the audit of every attempt around the same check.
    """
    user = repository.user_by_username(session, username.strip().lower())
    if user is None:
        passwords.burn_time(password)
        raise InvalidCredentials()
    if not passwords.verify_password(user.password_hash, password) or not user.is_active:
        raise InvalidCredentials()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        session.flush()
        audit.record(
            session=session,
            actor=principal_of(user),
            action="user.password_rehash",
            entity_type="user",
            entity_id=str(user.id),
            before=None,
            after={"reason": "argon2 parameters changed"},
        )
    return principal_of(user)


def get_principal(*, session: Session, user_id: int) -> Principal | None:
    """The principal of an active user, or ``None`` (unknown or deactivated)."""
    user = repository.user_by_id(session, user_id)
    if user is None or not user.is_active:
        return None
    return principal_of(user)


def _require_admin(actor: Principal | None, *, allow_system: bool = False) -> None:
    if actor is None and allow_system:
        return
    if actor is None or not actor.has_role(Role.admin):
        raise PermissionDenied(
            "只有系统管理员可以管理用户。", "Only an administrator may manage users."
        )


def _scope(
    session: Session, role: Role, county_code: str | None, entity_id: int | None
) -> tuple[str | None, str | None]:
    """(city_code, county_code) columns for the requested scope, after checking the rules."""
    if role is Role.enterprise and entity_id is None:
        raise InvalidScope(
            "企业用户必须关联一个企业(entity_id)。",
            "An enterprise user must belong to an entity (entity_id).",
        )
    if role is not Role.official:
        if county_code is not None:
            raise InvalidScope(
                "只有政府官员用户具有区县范围。", "Only official users have a county scope."
            )
        return None, None
    if not county_code:
        raise InvalidScope(
            "政府官员用户必须指定范围:全市代码或区县代码。",
            "An official needs a scope: the city code or a county code.",
        )
    if repository.is_city_code(session, county_code):
        return county_code, None
    if repository.is_county_code(session, county_code):
        return None, county_code
    raise InvalidScope(
        f"未知的行政区划代码 {county_code}。",
        f"Unknown division code {county_code}.",
        county_code=county_code,
    )


def create_user(
    *,
    session: Session,
    actor: Principal | None,
    username: str,
    password: str,
    role: Role | str,
    display_name: str,
    county_code: str | None = None,
    entity_id: int | None = None,
) -> User:
    """Create a user (admin only; ``actor`` ``None`` is the system bootstrapping itself).

    Rules: an official has a scope (the city code or one county code), an enterprise user
    an ``entity_id``; the password meets :mod:`shuangtan.auth.policy`; usernames are unique.
    """
    _require_admin(actor, allow_system=True)
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise InvalidInput(
            "用户名须为 3–64 个小写字母、数字或 _ . -,并以字母或数字开头。",
            "A username has 3-64 lowercase letters, digits or _ . -, starting with one "
            "letter or digit.",
        )
    display_name = display_name.strip()
    if not display_name:
        raise InvalidInput("显示名称不能为空。", "The display name must not be empty.")
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(f"未知的角色 {role}。", f"Unknown role {role}.") from None
    policy.check_password(password, username=username, display_name=display_name)
    city_column, county_column = _scope(session, role, county_code, entity_id)
    if repository.user_by_username(session, username) is not None:
        raise UsernameTaken(username)
    user = User(
        username=username,
        display_name=display_name,
        role=role.value,
        password_hash=passwords.hash_password(password),
        city_code=city_column,
        county_code=county_column,
        entity_id=entity_id,
        is_active=True,
    )
    session.add(user)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="user.create",
        entity_type="user",
        entity_id=str(user.id),
        before=None,
        after=audit.snapshot(user, exclude=("created_at", "updated_at")),
    )
    return user


def _user(session: Session, user_id: int) -> User:
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise NotFound(f"用户 {user_id} 不存在。", f"No user {user_id}.")
    return user


def change_password(
    *,
    session: Session,
    actor: Principal,
    user_id: int,
    new_password: str,
    current_password: str | None = None,
    gate: HashGate | None = None,
) -> User:
    """Change a password: one's own (giving the current one) or anyone's as an admin.

    Every web session and API token of the user ends (:func:`set_password`). This checks the
    current password without the login throttle: the pages and the API change one's own
    password through :func:`shuangtan.auth.logins.change_own_password`.
    """
    own = actor.user_id == user_id
    if not own:
        _require_admin(actor)
    user = _user(session, user_id)
    if own:
        verify = gate.verify if gate is not None else passwords.verify_password
        if current_password is None or not verify(user.password_hash, current_password):
            raise WrongPassword()
    set_password(session=session, actor=actor, user=user, new_password=new_password, gate=gate)
    return user


def set_password(
    *,
    session: Session,
    actor: Principal,
    user: User,
    new_password: str,
    gate: HashGate | None = None,
) -> int:
    """Give ``user`` ``new_password`` (after the policy) and end every login of theirs: each
    web session and API token, on every worker. How many ended. The caller has checked that
    ``actor`` may (the user with the current password, or an admin)."""
    policy.check_password(new_password, username=user.username, display_name=user.display_name)
    user.password_hash = (gate.hash if gate is not None else passwords.hash_password)(new_password)
    user.updated_at = utcnow()
    session.flush()
    ended = sessions.end_all(session=session, user_id=user.id)
    own = actor.user_id == user.id
    audit.record(
        session=session,
        actor=actor,
        action="user.password_change" if own else "user.password_reset",
        entity_type="user",
        entity_id=str(user.id),
        before=None,
        after={"logins_ended": ended},
    )
    return ended


def deactivate_user(*, session: Session, actor: Principal, user_id: int) -> User:
    """Deactivate a user (admin only; not oneself): every web session and token ends at once."""
    _require_admin(actor)
    if actor.user_id == user_id:
        raise InvalidInput("不能停用自己的账号。", "You cannot deactivate your own account.")
    user = _user(session, user_id)
    if not user.is_active:
        return user
    user.is_active = False
    user.updated_at = utcnow()
    session.flush()
    ended = sessions.end_all(session=session, user_id=user.id)
    audit.record(
        session=session,
        actor=actor,
        action="user.deactivate",
        entity_type="user",
        entity_id=str(user.id),
        before={"is_active": True},
        after={"is_active": False, "logins_ended": ended},
    )
    return user


def reactivate_user(*, session: Session, actor: Principal, user_id: int) -> User:
    """Let a deactivated user log in again (admin only); they log in anew."""
    _require_admin(actor)
    user = _user(session, user_id)
    if user.is_active:
        return user
    user.is_active = True
    user.updated_at = utcnow()
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="user.reactivate",
        entity_type="user",
        entity_id=str(user.id),
        before={"is_active": False},
        after={"is_active": True},
    )
    return user


def unlock_user(*, session: Session, actor: Principal, user_id: int, now: datetime) -> User:
    """Clear a user's failed logins and lock (admin only); audited when it was locked."""
    _require_admin(actor)
    user = _user(session, user_id)
    was = throttle.unlock(session, throttle.account_key(user.username), now)
    if was is None:
        return user
    audit.record(
        session=session,
        actor=actor,
        action="user.unlock",
        entity_type="user",
        entity_id=str(user.id),
        before={"locked_until": was},
        after={"locked_until": None},
    )
    return user


def user_locks(
    *, session: Session, actor: Principal, users: Sequence[User], now: datetime
) -> dict[int, datetime]:
    """The locked ones among ``users``: user id → when the lock ends (admin only)."""
    _require_admin(actor)
    locked = throttle.locks(session, (throttle.account_key(u.username) for u in users), now)
    return {
        u.id: locked[throttle.account_key(u.username)]
        for u in users
        if throttle.account_key(u.username) in locked
    }


def list_users(
    *, session: Session, actor: Principal, offset: int = 0, limit: int = 50
) -> tuple[Sequence[User], int]:
    """One page of users and the total (admin only)."""
    _require_admin(actor)
    return repository.users_page(session, offset=offset, limit=limit)


def audit_entries(
    *,
    session: Session,
    actor: Principal,
    offset: int = 0,
    limit: int = 50,
    entity_type: str | None = None,
    entity_id: str | None = None,
) -> tuple[Sequence[AuditEntry], int]:
    """One page of the audit log, newest first, and the total (admin only)."""
    if not actor.has_role(Role.admin):
        raise PermissionDenied(
            "只有系统管理员可以查看审计日志。", "Only an administrator may read the audit log."
        )
    return repository.audit_page(
        session, offset=offset, limit=limit, entity_type=entity_type, entity_id=entity_id
    )


def verify_audit_chain(*, session: Session, actor: Principal) -> ChainReport:
    """Verify the audit chain (admin only)."""
    if not actor.has_role(Role.admin):
        raise PermissionDenied(
            "只有系统管理员可以校验审计日志。", "Only an administrator may verify the audit log."
        )
    return audit.verify_chain(session=session)
