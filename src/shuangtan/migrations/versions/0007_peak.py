"""Road to the peak: saved Kaya scenarios.

Revision ID: 0007_peak
Revises: 0006_targets
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_peak"
down_revision: str | Sequence[str] | None = "0006_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
