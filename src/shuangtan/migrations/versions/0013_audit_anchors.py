"""The audit log's and the ledger's chains anchored outside the database (issue 9).

Revision ID: 0013_audit_anchors
Revises: 0012_integrity
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0013_audit_anchors"
down_revision: str | Sequence[str] | None = "0012_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
