"""Plan targets: yearly indicator values, county targets, evaluation reports.

Revision ID: 0006_targets
Revises: 0005_inventory
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006_targets"
down_revision: str | Sequence[str] | None = "0005_inventory"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
