"""Metered energy in the inventory: the meter pipeline's months by county, sector and carrier.

Revision ID: 0009_meters
Revises: 0008_synergy
Create Date: 2026-11-24 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_meters"
down_revision: str | Sequence[str] | None = "0008_synergy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "metered_energy",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("sector", sa.String(length=16), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("tce", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("tco2", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_by", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sector IN ('primary', 'industry', 'construction', 'transport', 'services', "
            "'residential')",
            name=op.f("ck_metered_energy_sector"),
        ),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_metered_energy_month")),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_metered_energy_quantity")),
        sa.CheckConstraint("entities >= 1", name=op.f("ck_metered_energy_entities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metered_energy")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "sector",
            "carrier",
            name=op.f("uq_metered_energy_year_month_area_code_sector_carrier"),
        ),
    )


def downgrade() -> None:
    op.drop_table("metered_energy")
