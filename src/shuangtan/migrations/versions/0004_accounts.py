"""Keep a re-check's corrected values beside the reported and verified ones.

Revision ID: 0004_accounts
Revises: 0003_accounts
Create Date: 2026-11-24 02:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_accounts"
down_revision: str | Sequence[str] | None = "0003_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity_reports") as batch:
        batch.add_column(sa.Column("corrected_tco2e", sa.Numeric(18, 6), nullable=True))
        batch.add_column(sa.Column("corrected_tce", sa.Numeric(18, 6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("activity_reports") as batch:
        batch.drop_column("corrected_tce")
        batch.drop_column("corrected_tco2e")
