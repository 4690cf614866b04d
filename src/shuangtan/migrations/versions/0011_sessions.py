"""Server-side sessions, login throttling and lockout, token revocation (issue 9).

Revision ID: 0011_sessions
Revises: 0010_ledger
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011_sessions"
down_revision: str | Sequence[str] | None = "0010_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
