"""One active consent per enterprise and bank; serialised workflow steps (issue 9).

The database now holds "at most one active consent (``withdrawn_at IS NULL``) per enterprise
and bank" with the partial unique index ``uq_consents_entity_bank_active`` on
``consents (entity_id, bank_id)``, on PostgreSQL and SQLite alike. Before it, two grants at
once (a double click) could each insert an active consent, and withdrawing one left the bank
reading the enterprise.

Data: a database may already hold such duplicates, which would stop the index from being
built. For each enterprise and bank with more than one active consent, the oldest (earliest
``granted_at``, then lowest id) stays active and every other one is withdrawn, with
``withdrawn_at`` set to the time of this migration. The bank's access is unchanged (one
active consent still grants it); the withdrawn rows stay as history. This is not written to
the audit log (a migration runs below the audit layer); the migration logs how many consents
it withdrew, and they can be found as the consents withdrawn at the migration's time.
Downgrading drops the index and does not bring the withdrawn duplicates back.

The workflow's serialisation (a row lock on the report for each transition, and on the
entity while its annual account is summed) needs no schema change.

Revision ID: 0012_integrity
Revises: 0011_sessions
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012_integrity"
down_revision: str | Sequence[str] | None = "0011_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "uq_consents_entity_bank_active"
_ACTIVE = sa.text("withdrawn_at IS NULL")
_WITHDRAW_DUPLICATES = sa.text(
    """
    UPDATE consents SET withdrawn_at = :now
    WHERE withdrawn_at IS NULL
      AND EXISTS (
        SELECT 1 FROM consents AS older
        WHERE older.entity_id = consents.entity_id
          AND older.bank_id = consents.bank_id
          AND older.withdrawn_at IS NULL
          AND (older.granted_at < consents.granted_at
               OR (older.granted_at = consents.granted_at AND older.id < consents.id))
      )
    """
).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True)))


def upgrade() -> None:
    withdrawn = op.get_bind().execute(_WITHDRAW_DUPLICATES, {"now": datetime.now(UTC)})
    if withdrawn.rowcount:
        logging.getLogger("alembic.runtime.migration").warning(
            "0012_integrity: withdrew %d duplicate active consent(s); the oldest of each "
            "enterprise and bank stays active",
            withdrawn.rowcount,
        )
    op.create_index(
        _INDEX,
        "consents",
        ["entity_id", "bank_id"],
        unique=True,
        postgresql_where=_ACTIVE,
        sqlite_where=_ACTIVE,
    )


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="consents")
