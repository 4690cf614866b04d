"""Synergy index: definitions, input values and official weights.

Revision ID: 0008_synergy
Revises: 0007_peak
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008_synergy"
down_revision: str | Sequence[str] | None = "0007_peak"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
