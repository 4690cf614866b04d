"""The application's PostgreSQL role (应用数据库角色): it may append to history, never rewrite it.

The schema belongs to a migration role (the owner, who runs ``shuangtan db upgrade``); the
application connects as another role, given its rights by :func:`grant_app_role`
(``shuangtan db grant-app-role ROLE``, run by the owner after every upgrade):

- append-only tables (``audit_log``; the ledger's transactions, postings, accounts, assets):
  SELECT, INSERT;
- chain heads (``audit_chain_head``, ``ledger_chain_head``): SELECT, UPDATE — the triggers
  let a head move only onto the record just appended;
- tables moved by triggers (``ledger_balances``): SELECT, INSERT, UPDATE — a trigger refuses
  direct writes; ``SELECT … FOR UPDATE`` needs the UPDATE privilege;
- ``alembic_version``: SELECT;
- every other table: SELECT, INSERT, UPDATE, DELETE.

Not being an owner (nor a member of one, nor of the schema's owner, nor a superuser), it
cannot ``ALTER TABLE … DISABLE TRIGGER``, ``DROP``, ``TRUNCATE`` or take ownership; without
UPDATE and DELETE on the append-only tables it cannot change a row whatever the triggers
say. :func:`check_app_role` lists what the role can do to each protected table and what is
wrong; the grant ends by running it.

SQLite has no roles: there the triggers are the guard, and anchors the proof.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from shuangtan.errors import DomainError

__all__ = [
    "AUDIT_TABLES",
    "READ_ONLY_TABLES",
    "AppRoleRefused",
    "Finding",
    "Guarded",
    "check_app_role",
    "create_app_role",
    "grant_app_role",
]

READ_ONLY_TABLES = ("alembic_version",)
"""Tables the application only reads."""

FULL = ("SELECT", "INSERT", "UPDATE", "DELETE")
_EVERY = (*FULL, "TRUNCATE", "REFERENCES", "TRIGGER")


@dataclass(frozen=True, slots=True)
class Guarded:
    """Tables a chain guards: rows only added (``append_only``), heads only advanced
    (``heads``), rows moved only by triggers (``trigger_moved``)."""

    append_only: tuple[str, ...] = ()
    heads: tuple[str, ...] = ()
    trigger_moved: tuple[str, ...] = ()

    def privileges(self) -> dict[str, tuple[str, ...]]:
        """The privileges the application gets on each of these tables."""
        return (
            dict.fromkeys(self.append_only, ("SELECT", "INSERT"))
            | dict.fromkeys(self.heads, ("SELECT", "UPDATE"))
            | dict.fromkeys(self.trigger_moved, ("SELECT", "INSERT", "UPDATE"))
        )


AUDIT_TABLES = Guarded(append_only=("audit_log",), heads=("audit_chain_head",))
"""The audit log's tables."""


class AppRoleRefused(DomainError):
    """应用角色被拒绝 the role cannot be made an append-only application role."""

    status = 409
    code = "db.app_role_refused"
    title = "Application role refused"


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of :func:`check_app_role`: what the role may do to a table (or a fact about
    the role), and whether that is right."""

    subject: str
    allowed: str
    ok: bool
    note_zh: str = ""
    note_en: str = ""


def _plan(guarded: Sequence[Guarded]) -> dict[str, tuple[str, ...]]:
    plan: dict[str, tuple[str, ...]] = dict.fromkeys(READ_ONLY_TABLES, ("SELECT",))
    for group in guarded:
        plan |= group.privileges()
    return plan


def _schema(conn: Connection) -> str:
    if conn.dialect.name != "postgresql":
        raise AppRoleRefused(
            "SQLite 没有数据库角色:其防线是触发器与锚点。",
            "SQLite has no database roles: its guards are the triggers and the anchors.",
        )
    return str(conn.execute(text("SELECT current_schema()")).scalar_one())


def _exists(conn: Connection, role: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    return found.first() is not None


_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def create_app_role(conn: Connection, role: str) -> bool:
    """Create ``role`` as a login role with no other attribute, unless it exists (a role of
    the same name created at the same moment elsewhere counts as existing); whether this call
    created it. Needs ``CREATEROLE``. No password is set: give one with psql's ``\\password``
    (hashed on the client), or use certificate or peer authentication.

    The name is restricted to lower-case letters, digits and ``_`` (it is written into SQL).
    """
    _schema(conn)  # PostgreSQL only
    if not _ROLE_NAME.fullmatch(role):
        raise AppRoleRefused(
            f"角色名 {role} 无效:只可用小写字母、数字和下划线,且不以数字开头。",
            f"Role name {role} is invalid: lower-case letters, digits and _ only, not starting "
            "with a digit.",
            role=role,
        )
    if _exists(conn, role):
        return False
    conn.execute(
        text(
            f'DO $$ BEGIN CREATE ROLE "{role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE '
            "NOREPLICATION NOBYPASSRLS; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
    )
    return True


def _refusals(
    conn: Connection, role: str, schema: str, plan: dict[str, tuple[str, ...]]
) -> list[tuple[str, str]]:
    """Why ``role`` cannot be an append-only application role (empty if it can)."""
    if not _exists(conn, role):
        return [(f"角色 {role} 不存在。", f"Role {role} does not exist.")]
    problems = []
    if conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).scalar_one():
        problems.append(
            (f"角色 {role} 是超级用户。", f"Role {role} is a superuser: it can do anything.")
        )
    tables = dict(_tables(conn, schema))
    missing = sorted(set(plan) - set(tables) - set(READ_ONLY_TABLES))
    if missing:
        listed = ", ".join(missing)
        problems.append(
            (
                f"缺少数据表 {listed}:请先运行 shuangtan db upgrade。",
                f"Tables {listed} are missing: run shuangtan db upgrade first.",
            )
        )
    for owner in _owners(conn, schema, tables, plan):
        if conn.execute(
            text("SELECT pg_has_role(:r, :o, 'MEMBER')"), {"r": role, "o": owner}
        ).scalar_one():
            problems.append(
                (
                    f"角色 {role} 即是(或属于)所有者 {owner}:可关闭触发器、删除数据表。",
                    f"Role {role} is (or is a member of) the owner {owner}: it could disable "
                    "the triggers and drop the tables.",
                )
            )
    return problems


def _tables(conn: Connection, schema: str) -> list[tuple[str, str]]:
    """Every table of the schema and its owner."""
    rows = conn.execute(
        text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = :s ORDER BY 1"),
        {"s": schema},
    )
    return [(str(name), str(owner)) for name, owner in rows]


def _owners(
    conn: Connection, schema: str, tables: dict[str, str], plan: dict[str, tuple[str, ...]]
) -> list[str]:
    """The owners of the protected tables and of the schema (who may drop its tables)."""
    schema_owner = conn.execute(
        text("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = :s"),
        {"s": schema},
    ).scalar_one()
    return sorted({owner for name, owner in tables.items() if name in plan} | {schema_owner})


def grant_app_role(conn: Connection, role: str, guarded: Sequence[Guarded]) -> list[Finding]:
    """Give ``role`` the application's rights on every table of the current schema (see the
    module's table), taking away any others it was given directly; then check it.

    Run by the schema's owner, in one transaction (``conn`` is in one). Refuses
    (:class:`AppRoleRefused`) a role that does not exist, is a superuser or can act as an
    owner, and a database whose guarded tables are missing. Safe to run again: run it after
    every ``shuangtan db upgrade``, so that new tables are granted too (until then the
    application is refused them: a missing grant fails closed).
    """
    schema = _schema(conn)
    plan = _plan(guarded)
    problems = _refusals(conn, role, schema, plan)
    if problems:
        raise AppRoleRefused(
            " ".join(zh for zh, _ in problems), " ".join(en for _, en in problems), role=role
        )
    quote = conn.dialect.identifier_preparer.quote
    who, where = quote(role), quote(schema)
    conn.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {who}"))
    conn.execute(text(f"REVOKE CREATE ON SCHEMA {where} FROM {who}"))
    for name, _owner in _tables(conn, schema):
        table = f"{where}.{quote(name)}"
        conn.execute(text(f"REVOKE ALL ON TABLE {table} FROM {who}"))
        allowed = ", ".join(plan.get(name, FULL))
        conn.execute(text(f"GRANT {allowed} ON TABLE {table} TO {who}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}"))
    return check_app_role(conn, role, guarded)


def _allowed(conn: Connection, role: str, table: str) -> tuple[str, ...]:
    """What ``role`` may effectively do to ``table`` (directly, through PUBLIC or a role it
    belongs to; a column privilege counts for the whole)."""
    allowed = []
    for privilege in _EVERY:
        function = (
            "has_any_column_privilege"
            if privilege in ("SELECT", "INSERT", "UPDATE", "REFERENCES")
            else "has_table_privilege"
        )
        if conn.execute(
            text(f"SELECT {function}(:r, CAST(:t AS regclass), :p)"),
            {"r": role, "t": table, "p": privilege},
        ).scalar_one():
            allowed.append(privilege)
    return tuple(allowed)


def _role_findings(conn: Connection, role: str, schema: str) -> list[Finding]:
    findings = []
    creates = conn.execute(
        text("SELECT has_schema_privilege(:r, :s, 'CREATE')"), {"r": role, "s": schema}
    ).scalar_one()
    findings.append(
        Finding(
            f"schema {schema}",
            "CREATE" if creates else "USAGE",
            not creates,
            "" if not creates else "可在模式中创建对象:REVOKE CREATE ON SCHEMA … FROM PUBLIC。",
            ""
            if not creates
            else "may create objects in the schema: REVOKE CREATE ON SCHEMA … FROM PUBLIC.",
        )
    )
    version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
    if version >= 150000:
        replica = conn.execute(
            text("SELECT has_parameter_privilege(:r, 'session_replication_role', 'SET')"),
            {"r": role},
        ).scalar_one()
        findings.append(
            Finding(
                "session_replication_role",
                "SET" if replica else "—",
                not replica,
                "" if not replica else "可设置 session_replication_role 以跳过触发器。",
                "" if not replica else "may set session_replication_role and skip triggers.",
            )
        )
    return findings


def check_app_role(conn: Connection, role: str, guarded: Sequence[Guarded]) -> list[Finding]:
    """What ``role`` may do to each protected table, to the schema and to the triggers, and
    whether each is what an append-only application role may: a finding not ``ok`` is a way
    to rewrite history (or, for a table the application needs, a missing grant)."""
    schema = _schema(conn)
    plan = _plan(guarded)
    findings = [
        Finding(f"role {role}", "", False, zh, en) for zh, en in _refusals(conn, role, schema, plan)
    ]
    if not _exists(conn, role):
        return findings
    quote = conn.dialect.identifier_preparer.quote
    for name, _owner in _tables(conn, schema):
        allowed = _allowed(conn, role, f"{quote(schema)}.{quote(name)}")
        expected = plan.get(name, FULL)
        if name in plan:
            extra = sorted(set(allowed) - set(expected))
            ok = not extra
            zh = en = ""
            if extra:
                zh = f"多余的权限 {', '.join(extra)}:可改写历史。"
                en = f"extra privileges {', '.join(extra)}: history could be rewritten."
        else:
            lacking = sorted(set(expected) - set(allowed))
            ok = not lacking
            zh = f"缺少权限 {', '.join(lacking)}:应用将被拒绝。" if lacking else ""
            en = f"lacks {', '.join(lacking)}: the application will be refused." if lacking else ""
        findings.append(Finding(name, ", ".join(allowed), ok, zh, en))
    disabled = conn.execute(
        text(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND NOT t.tgisinternal AND t.tgenabled = 'D' "
            "AND c.relname = ANY(:tables) ORDER BY 1, 2"
        ),
        {"s": schema, "tables": sorted(plan)},
    )
    for table, trigger in disabled:
        findings.append(
            Finding(
                f"trigger {trigger}",
                "DISABLED",
                False,
                f"{table} 的触发器 {trigger} 已被关闭。",
                f"trigger {trigger} on {table} is disabled.",
            )
        )
    return findings + _role_findings(conn, role, schema)
