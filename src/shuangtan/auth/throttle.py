"""Failed logins counted in the database (登录限制): per account and per client address.

- **Per account** (the username tried, known or not, so that a lock tells nothing about which
  users exist): an attempt is counted when it starts (:func:`reserve`), before its password
  is checked, so that guesses sent in parallel cannot outrun the count; a success clears the
  count (:func:`succeed`). At :attr:`LoginPolicy.max_failures` failures within the window the
  account is locked for :attr:`LoginPolicy.lockout`: every attempt is refused, the right
  password too, until the time passes or an administrator unlocks it (:func:`unlock`).
- **Per client address**: each failure is counted (:func:`record_failure`); past
  :attr:`LoginPolicy.max_client_failures` in the window the address is refused for the rest
  of the window, whichever account it tries (guessing across accounts).

Rows are claimed with an insert that the primary key serialises and then read under a row
lock (PostgreSQL ``FOR UPDATE``; on SQLite the insert takes the database's write lock), so
several workers share the counts. The functions ``flush()``; the caller's transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shuangtan.auth.errors import ConcurrentLogins
from shuangtan.auth.models import LoginThrottle
from shuangtan.config import Settings

__all__ = [
    "ACCOUNT",
    "CLIENT",
    "LoginPolicy",
    "account_key",
    "aware",
    "client_retry_after",
    "locked_until",
    "locks",
    "purge",
    "record_failure",
    "reserve",
    "seconds_until",
    "succeed",
    "unlock",
]

ACCOUNT = "account"
CLIENT = "client"
_KEY_LENGTH = 128
_CLAIM_TRIES = 5
"""How often a claim remakes a row that parallel logins keep deleting before giving up."""


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    """The limits of logging in and of staying logged in (from :class:`Settings`)."""

    max_failures: int
    window: timedelta
    lockout: timedelta
    max_client_failures: int
    session_lifetime: timedelta
    session_idle: timedelta
    token_lifetime: timedelta

    @classmethod
    def of(cls, settings: Settings) -> LoginPolicy:
        """The policy the settings describe."""
        return cls(
            max_failures=settings.login_max_failures,
            window=timedelta(minutes=settings.login_failure_window_minutes),
            lockout=timedelta(minutes=settings.login_lockout_minutes),
            max_client_failures=settings.login_max_client_failures,
            session_lifetime=timedelta(hours=settings.session_hours),
            session_idle=timedelta(minutes=settings.session_idle_minutes),
            token_lifetime=timedelta(minutes=settings.access_token_minutes),
        )


def aware(moment: datetime) -> datetime:
    """``moment`` in UTC (SQLite gives back times without their zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds from ``now`` to ``moment``, at least one (a ``Retry-After``)."""
    return max(1, int((aware(moment) - now).total_seconds() + 0.999))


def account_key(username: str) -> str:
    """The key of the account a login names: the username as it is looked up."""
    return username.strip().lower()[:_KEY_LENGTH]


def _claim(session: Session, kind: str, key: str, now: datetime) -> LoginThrottle:
    """The row of ``(kind, key)``, made if missing, locked until the transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = select(LoginThrottle).where(
        LoginThrottle.kind == kind, LoginThrottle.key == key[:_KEY_LENGTH]
    )
    if dialect == "postgresql":
        statement = statement.with_for_update()
    for _ in range(_CLAIM_TRIES):
        session.execute(
            insert(LoginThrottle)
            .values(kind=kind, key=key[:_KEY_LENGTH], failures=0, window_started_at=now)
            .on_conflict_do_nothing()
        )
        row = session.execute(
            statement.execution_options(populate_existing=True)
        ).scalar_one_or_none()
        if row is not None:
            return row
        # the row existed, and a parallel login that held it deleted it (a success clears the
        # count) before our lock was granted: make it again
    raise ConcurrentLogins(
        "该账号同时有过多登录请求,请稍后重试。",
        "Too many logins of this account at once; try again in a moment.",
    )


def _read(session: Session, kind: str, key: str) -> LoginThrottle | None:
    statement = select(LoginThrottle).where(
        LoginThrottle.kind == kind, LoginThrottle.key == key[:_KEY_LENGTH]
    )
    return session.execute(statement.execution_options(populate_existing=True)).scalar_one_or_none()


def _restart_if_old(row: LoginThrottle, policy: LoginPolicy, now: datetime) -> None:
    if aware(row.window_started_at) <= now - policy.window:
        row.failures = 0
        row.window_started_at = now


def _locked(row: LoginThrottle | None, now: datetime) -> datetime | None:
    if row is None or row.locked_until is None or aware(row.locked_until) <= now:
        return None
    return aware(row.locked_until)


def locked_until(session: Session, key: str, now: datetime) -> datetime | None:
    """When the account ``key`` unlocks, or ``None`` if it is not locked."""
    return _locked(_read(session, ACCOUNT, key), now)


def locks(session: Session, keys: Iterable[str], now: datetime) -> dict[str, datetime]:
    """The locked accounts among ``keys``: key → when it unlocks."""
    wanted = [key[:_KEY_LENGTH] for key in keys]
    if not wanted:
        return {}
    rows = session.execute(
        select(LoginThrottle).where(
            LoginThrottle.kind == ACCOUNT,
            LoginThrottle.key.in_(wanted),
            LoginThrottle.locked_until > now,
        )
    ).scalars()
    return {row.key: aware(row.locked_until) for row in rows if row.locked_until is not None}


def client_retry_after(
    session: Session, client: str, policy: LoginPolicy, now: datetime
) -> int | None:
    """Seconds until ``client`` may try again, or ``None`` if it is under its limit."""
    row = _read(session, CLIENT, client)
    if row is None or aware(row.window_started_at) <= now - policy.window:
        return None
    if row.failures < policy.max_client_failures:
        return None
    return seconds_until(aware(row.window_started_at) + policy.window, now)


@dataclass(frozen=True, slots=True)
class Reservation:
    """The answer of :func:`reserve`: go on, or locked (``newly`` if this attempt locked it)."""

    locked_until: datetime | None = None
    newly: bool = False


def reserve(session: Session, key: str, policy: LoginPolicy, now: datetime) -> Reservation:
    """Count one attempt at the account ``key`` before its password is checked.

    Refused (``locked_until`` set) while the account is locked, and when the attempts already
    counted reach the limit (parallel guesses): then the account is locked now (``newly``).
    """
    row = _claim(session, ACCOUNT, key, now)
    until = _locked(row, now)
    if until is not None:
        return Reservation(until)
    if row.locked_until is not None:  # a lock that has run out: a fresh start
        row.locked_until = None
        row.failures = 0
        row.window_started_at = now
    _restart_if_old(row, policy, now)
    if row.failures >= policy.max_failures:
        row.locked_until = now + policy.lockout
        session.flush()
        return Reservation(row.locked_until, newly=True)
    row.failures += 1
    session.flush()
    return Reservation()


def record_failure(
    session: Session, key: str, client: str, policy: LoginPolicy, now: datetime
) -> datetime | None:
    """A counted attempt at ``key`` from ``client`` failed: count it against the client, and
    lock the account if it has reached the limit. When the account was locked now, the time
    it unlocks; else ``None``."""
    client_row = _claim(session, CLIENT, client, now)
    _restart_if_old(client_row, policy, now)
    client_row.failures += 1
    row = _claim(session, ACCOUNT, key, now)
    newly = None
    if _locked(row, now) is None and row.failures >= policy.max_failures:
        row.locked_until = newly = now + policy.lockout
    session.flush()
    return newly


def succeed(session: Session, key: str, now: datetime) -> datetime | None:
    """The password of ``key`` was right: clear its count, unless the account was locked in the
    meantime (by parallel failures): then when it unlocks, and the login is refused."""
    row = _claim(session, ACCOUNT, key, now)
    until = _locked(row, now)
    if until is not None:
        return until
    session.delete(row)
    session.flush()
    return None


def unlock(session: Session, key: str, now: datetime) -> datetime | None:
    """Clear the account's failures and lock; the lock it had (``None`` if it had none)."""
    row = _read(session, ACCOUNT, key)
    if row is None:
        return None
    until = _locked(row, now)
    session.delete(row)
    session.flush()
    return until


def purge(session: Session, policy: LoginPolicy, now: datetime) -> int:
    """Delete the counts whose window and lock have both run out; how many."""
    result = session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_started_at <= now - policy.window,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until <= now),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
