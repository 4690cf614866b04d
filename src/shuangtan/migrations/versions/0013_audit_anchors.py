"""The chain heads of the audit log and the ledger move only onto the record just appended.

Revision ID: 0013_audit_anchors
Revises: 0012_integrity
Create Date: 2026-12-04 17:00:00

Triggers on both backends, for the audit log (``audit_log`` / ``audit_chain_head``) and the
ledger (``ledger_transactions`` / ``ledger_chain_head``):

- the head moves only onto the record just appended: ``last_seq`` and ``entry_count`` grow by
  one and ``last_hash`` is the hash of a stored record of that ``seq`` whose ``prev_hash`` is the
  old head's hash; an update that changes none of them (the lock appends take on SQLite) passes;
- the head row is never deleted (nor truncated, on PostgreSQL).

So the head follows the chain: it cannot be moved back over a cut tail, nor onto a record that
does not link to it. (A row inserted off the chain is not refused — raw inserts are how the
ledger's own database tests exercise its triggers — but the head never moves onto it and
``verify`` names it.) An application role that is not the tables' owner (``shuangtan db
grant-app-role``) cannot switch these off. PostgreSQL's trigger functions of this revision and
of ``0010_ledger`` get a fixed ``search_path`` (the schema, then ``pg_temp``), so that a
temporary table of the same name cannot take the place of the real one in a trigger.

Anchors themselves live outside the database (``shuangtan audit anchor``); no table is added.
The chain format is unchanged: an existing database verifies as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_audit_anchors"
down_revision: str | Sequence[str] | None = "0012_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (records, head): each chain's table of records and its one-row head.
_CHAINS = (("audit_log", "audit_chain_head"), ("ledger_transactions", "ledger_chain_head"))

# The ledger's trigger functions of 0010 that name tables.
_LEDGER_FUNCTIONS = ("ledger_open_balance", "ledger_apply_posting", "ledger_check_balanced")


def _pg_statements(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    statements = [
        f"""
CREATE FUNCTION chain_head_refuse_removal() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN
    RAISE EXCEPTION '% keeps its one row: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""
    ]
    for records, head in _CHAINS:
        statements += [
            f"""
CREATE FUNCTION {head}_advance() RETURNS trigger LANGUAGE plpgsql {path} AS $$
BEGIN
    IF NEW.id = OLD.id AND NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash
            AND NEW.entry_count = OLD.entry_count THEN
        RETURN NEW;
    END IF;
    IF NEW.id <> OLD.id OR NEW.last_seq <> OLD.last_seq + 1
            OR NEW.entry_count <> OLD.entry_count + 1
            OR NOT EXISTS (
                SELECT 1 FROM {records}
                WHERE seq = NEW.last_seq AND hash = NEW.last_hash AND prev_hash = OLD.last_hash
            ) THEN
        RAISE EXCEPTION '{head} moves only onto the entry just appended: % to % refused',
            OLD.last_seq, NEW.last_seq
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$
""",
            f"CREATE TRIGGER {head}_advance BEFORE UPDATE ON {head} "
            f"FOR EACH ROW EXECUTE FUNCTION {head}_advance()",
            f"CREATE TRIGGER {head}_no_delete BEFORE DELETE ON {head} "
            "FOR EACH ROW EXECUTE FUNCTION chain_head_refuse_removal()",
            f"CREATE TRIGGER {head}_no_truncate BEFORE TRUNCATE ON {head} "
            "FOR EACH STATEMENT EXECUTE FUNCTION chain_head_refuse_removal()",
        ]
    statements += [f"ALTER FUNCTION {name}() {path}" for name in _LEDGER_FUNCTIONS]
    return statements


def _sqlite_statements() -> list[str]:
    statements = []
    for records, head in _CHAINS:
        statements += [
            f"CREATE TRIGGER {head}_advance BEFORE UPDATE ON {head} "
            "WHEN NOT (NEW.id = OLD.id AND ("
            "(NEW.last_seq = OLD.last_seq AND NEW.last_hash = OLD.last_hash "
            "AND NEW.entry_count = OLD.entry_count) OR "
            "(NEW.last_seq = OLD.last_seq + 1 AND NEW.entry_count = OLD.entry_count + 1 "
            f"AND EXISTS (SELECT 1 FROM {records} WHERE seq = NEW.last_seq "
            "AND hash = NEW.last_hash AND prev_hash = OLD.last_hash)))) "
            f"BEGIN SELECT RAISE(ABORT, '{head} moves only onto the entry just appended'); END",
            f"CREATE TRIGGER {head}_no_delete BEFORE DELETE ON {head} "
            f"BEGIN SELECT RAISE(ABORT, '{head} keeps its one row: DELETE refused'); END",
        ]
    return statements


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
        quoted = bind.dialect.identifier_preparer.quote(schema)
        for statement in _pg_statements(quoted):
            op.execute(statement)
    else:
        for statement in _sqlite_statements():
            op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for _records, head in _CHAINS:
        triggers = ["advance", "no_delete", *(["no_truncate"] if postgresql else [])]
        for trigger in triggers:
            op.execute(f"DROP TRIGGER {head}_{trigger}{f' ON {head}' if postgresql else ''}")
        if postgresql:
            op.execute(f"DROP FUNCTION {head}_advance()")
    if postgresql:
        op.execute("DROP FUNCTION chain_head_refuse_removal()")
        for name in _LEDGER_FUNCTIONS:
            op.execute(f"ALTER FUNCTION {name}() RESET search_path")
