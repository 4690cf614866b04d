"""Logging in and out (登录与退出): throttled, locked out, bounded and audited.

:func:`log_in` is the one way the doors (the login page, ``POST /api/v1/auth/token``) check a
password:

1. the client address past its failures in the window → 429 ``auth.too_many_attempts``;
   a locked account → 423 ``auth.account_locked`` (the right password too); no hash is spent;
2. a slot of the process's :class:`~shuangtan.auth.passwords.HashGate`, waited for a bounded
   time, else 503 ``auth.busy``;
3. the attempt is counted against the account (:func:`throttle.reserve`), then the password
   is checked; an unknown user costs the same check (no enumeration by timing);
4. a failure is counted against the client, locks the account at the limit and is audited
   (``auth.login_failed`` with the username tried, never the password; ``auth.lockout``);
   a success clears the account's count and is audited (``auth.login``).

The records of a refused attempt are written in a transaction of their own
(:attr:`LoginDoor.factory`), committed whatever becomes of the request (whose own transaction
rolls back when it answers 401). They are written before the request's transaction writes
anything, so that on SQLite the two never wait for each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from shuangtan import audit
from shuangtan.auth import passwords, policy, repository, service, sessions, throttle
from shuangtan.auth.errors import AccountLocked, InvalidCredentials, TooManyAttempts, WrongPassword
from shuangtan.auth.models import LoginSession
from shuangtan.auth.passwords import HashGate
from shuangtan.auth.principal import Principal
from shuangtan.auth.throttle import LoginPolicy
from shuangtan.db import session_scope

__all__ = [
    "LoginDoor",
    "change_own_password",
    "log_in",
    "log_out",
    "log_out_everywhere",
    "start_login",
]

_USERNAME_KEPT = 64  # characters of a tried username the audit keeps


@dataclass(frozen=True)
class LoginDoor:
    """Where a password is tried: the session factory for records that outlive a refused
    request, the process's hashing gate, the limits, the time and the client's address."""

    factory: sessionmaker[Session]
    gate: HashGate
    policy: LoginPolicy
    now: datetime
    client: str


@dataclass(frozen=True, slots=True)
class _Account:
    user_id: int | None
    password_hash: str | None
    is_active: bool


def _refuse_if_barred(door: LoginDoor, key: str) -> _Account:
    """Refuse a throttled client or a locked account (nothing checked, nothing written);
    else what the check needs of the account, read in a transaction of its own."""
    with session_scope(door.factory) as session:
        wait = throttle.client_retry_after(session, door.client, door.policy, door.now)
        if wait is not None:
            raise TooManyAttempts(wait)
        until = throttle.locked_until(session, key, door.now)
        if until is not None:
            raise AccountLocked(throttle.seconds_until(until, door.now))
        user = repository.user_by_username(session, key)
        if user is None:
            return _Account(None, None, False)
        return _Account(user.id, user.password_hash, user.is_active)


def _audit_lockout(session: Session, door: LoginDoor, key: str, until: datetime) -> None:
    audit.record(
        session=session,
        actor=None,
        action="auth.lockout",
        entity_type="login",
        entity_id=key[:_USERNAME_KEPT],
        before=None,
        after={"locked_until": until, "client": door.client},
    )


def _check(door: LoginDoor, key: str, account: _Account, password: str) -> bool:
    """Count the attempt, then check the password, in a slot of the gate."""
    with door.gate.slot():
        with session_scope(door.factory) as session:
            reservation = throttle.reserve(session, key, door.policy, door.now)
            if reservation.newly and reservation.locked_until is not None:
                _audit_lockout(session, door, key, reservation.locked_until)
        if reservation.locked_until is not None:
            raise AccountLocked(throttle.seconds_until(reservation.locked_until, door.now))
        if account.password_hash is None:
            passwords.burn_time(password)
            return False
        return passwords.verify_password(account.password_hash, password)


def _failed(door: LoginDoor, key: str, tried: str, action: str, reason: str, via: str) -> None:
    """Record a failed check (own transaction), then refuse: 423 if it locked the account."""
    with session_scope(door.factory) as session:
        newly = throttle.record_failure(session, key, door.client, door.policy, door.now)
        audit.record(
            session=session,
            actor=None,
            action=action,
            entity_type="login",
            entity_id=key[:_USERNAME_KEPT],
            before=None,
            after={
                "username": tried.strip()[:_USERNAME_KEPT],
                "client": door.client,
                "via": via,
                "reason": reason,
            },
        )
        if newly is not None:
            _audit_lockout(session, door, key, newly)
        throttle.purge(session, door.policy, door.now)
    if newly is not None:
        raise AccountLocked(throttle.seconds_until(newly, door.now))


def _succeeded(door: LoginDoor, key: str) -> None:
    """Clear the account's count (own transaction); refuse if it was locked meanwhile."""
    with session_scope(door.factory) as session:
        until = throttle.succeed(session, key, door.now)
    if until is not None:
        raise AccountLocked(throttle.seconds_until(until, door.now))


def log_in(
    *, session: Session, door: LoginDoor, username: str, password: str, via: str
) -> Principal:
    """The principal of ``username`` and ``password`` tried at ``door`` (``via`` ``web`` or
    ``api``), or a refusal: :class:`InvalidCredentials` (401, alike for an unknown user, a
    wrong password and a deactivated account), :class:`AccountLocked` (423),
    :class:`TooManyAttempts` (429), ``PasswordCheckBusy`` (503). Audited either way."""
    key = throttle.account_key(username)
    account = _refuse_if_barred(door, key)
    right = _check(door, key, account, password)
    if not (right and account.is_active and account.user_id is not None):
        reason = (
            "unknown_user"
            if account.user_id is None
            else "wrong_password"
            if not right
            else "inactive"
        )
        _failed(door, key, username, "auth.login_failed", reason, via)
        raise InvalidCredentials()
    _succeeded(door, key)
    user = repository.user_by_id(session, account.user_id)
    if user is None or not user.is_active:  # deleted or deactivated since the check
        raise InvalidCredentials()
    principal = service.principal_of(user)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = door.gate.hash(password)
        session.flush()
        audit.record(
            session=session,
            actor=principal,
            action="user.password_rehash",
            entity_type="user",
            entity_id=str(user.id),
            before=None,
            after={"reason": "argon2 parameters changed"},
        )
    audit.record(
        session=session,
        actor=principal,
        action="auth.login",
        entity_type="login",
        entity_id=key[:_USERNAME_KEPT],
        before=None,
        after={"via": via, "client": door.client},
    )
    sessions.purge(session=session, now=door.now, idle=door.policy.session_idle)
    return principal


def start_login(
    *, session: Session, door: LoginDoor, principal: Principal, kind: str
) -> tuple[str, LoginSession]:
    """The login ``principal`` has just earned: a web session or an API token's row, and its
    secret key (the cookie's id, the token's ``jti``)."""
    lifetime = door.policy.session_lifetime if kind == sessions.WEB else door.policy.token_lifetime
    return sessions.start(
        session=session, user_id=principal.user_id, kind=kind, now=door.now, lifetime=lifetime
    )


def log_out(*, session: Session, actor: Principal, kind: str, key: str, client: str) -> int:
    """End the login of ``key`` (a web session's id, a token's ``jti``); audited. How many
    logins ended (0 if it had ended already)."""
    row = sessions.end(session=session, kind=kind, key=key)
    if row is None:
        return 0
    _audit_logout(session, actor, {"via": kind, "client": client})
    return 1


def log_out_everywhere(*, session: Session, actor: Principal, client: str) -> int:
    """End every web session and token of ``actor``; audited. How many ended."""
    ended = sessions.end_all(session=session, user_id=actor.user_id)
    _audit_logout(session, actor, {"via": "everywhere", "client": client, "ended": ended})
    return ended


def _audit_logout(session: Session, actor: Principal, after: dict[str, object]) -> None:
    audit.record(
        session=session,
        actor=actor,
        action="auth.logout",
        entity_type="login",
        entity_id=throttle.account_key(actor.username)[:_USERNAME_KEPT],
        before=None,
        after=after,
    )


def change_own_password(
    *,
    session: Session,
    door: LoginDoor,
    actor: Principal,
    current_password: str,
    new_password: str,
    via: str,
) -> int:
    """``actor`` changes their password, giving the current one; how many logins ended (all of
    theirs, this one too).

    The new password is held to the policy first (422 ``auth.weak_password``, nothing
    checked). The current password is checked like a login's (throttled, counted against the
    account, bounded, audited as ``auth.password_check_failed``), so that a stolen session
    cannot guess it: a wrong one is :class:`WrongPassword` (422), or 423 when it locks the
    account.
    """
    policy.check_password(new_password, username=actor.username, display_name=actor.display_name)
    key = throttle.account_key(actor.username)
    account = _refuse_if_barred(door, key)
    if account.user_id != actor.user_id:  # renamed or gone: the session is stale
        raise InvalidCredentials()
    if not _check(door, key, account, current_password):
        _failed(door, key, actor.username, "auth.password_check_failed", "wrong_password", via)
        raise WrongPassword()
    _succeeded(door, key)
    user = repository.user_by_id(session, actor.user_id)
    if user is None or not user.is_active:
        raise InvalidCredentials()
    return service.set_password(
        session=session, actor=actor, user=user, new_password=new_password, gate=door.gate
    )
