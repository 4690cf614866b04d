"""Road to the peak: saved Kaya scenarios.

Revision ID: 0007_peak
Revises: 0006_targets
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_peak"
down_revision: str | Sequence[str] | None = "0006_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTOR = sa.Numeric(precision=24, scale=10)


def upgrade() -> None:
    op.create_table(
        "peak_scenarios",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("owner_user_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=120), nullable=False),
        sa.Column("scope_kind", sa.String(length=16), nullable=False),
        sa.Column("scope_code", sa.String(length=12), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("base_population", FACTOR, nullable=False),
        sa.Column("base_gdp_per_capita", FACTOR, nullable=False),
        sa.Column("base_energy_intensity", FACTOR, nullable=False),
        sa.Column("base_carbon_intensity", FACTOR, nullable=False),
        sa.Column("base_source", sa.Text(), nullable=False),
        sa.Column("rates", sa.JSON(), nullable=False),
        sa.Column("spread", sa.JSON(), nullable=False),
        sa.Column("mc_seed", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "scope_kind IN ('city', 'county', 'industry')",
            name=op.f("ck_peak_scenarios_scope_kind"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_peak_scenarios_version")),
        sa.ForeignKeyConstraint(
            ["owner_user_id"], ["users.id"], name=op.f("fk_peak_scenarios_owner_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peak_scenarios")),
        sa.UniqueConstraint(
            "scope_kind",
            "scope_code",
            "key",
            name=op.f("uq_peak_scenarios_scope_kind_scope_code_key"),
        ),
    )
    op.create_index(
        op.f("ix_peak_scenarios_scope_code"), "peak_scenarios", ["scope_code"], unique=False
    )
    op.create_table(
        "peak_scenario_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("saved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["peak_scenarios.id"],
            name=op.f("fk_peak_scenario_versions_scenario_id_peak_scenarios"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_user_id"],
            ["users.id"],
            name=op.f("fk_peak_scenario_versions_saved_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peak_scenario_versions")),
        sa.UniqueConstraint(
            "scenario_id", "version", name=op.f("uq_peak_scenario_versions_scenario_id_version")
        ),
    )
    op.create_index(
        op.f("ix_peak_scenario_versions_scenario_id"),
        "peak_scenario_versions",
        ["scenario_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_peak_scenario_versions_scenario_id"), table_name="peak_scenario_versions"
    )
    op.drop_table("peak_scenario_versions")
    op.drop_index(op.f("ix_peak_scenarios_scope_code"), table_name="peak_scenarios")
    op.drop_table("peak_scenarios")
