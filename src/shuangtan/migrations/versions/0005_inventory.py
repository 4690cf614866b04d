"""City inventory: statistical energy balance, economic statistics, activity data, sinks, reconciliation marks.

Revision ID: 0005_inventory
Revises: 0004_accounts
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005_inventory"
down_revision: str | Sequence[str] | None = "0004_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
