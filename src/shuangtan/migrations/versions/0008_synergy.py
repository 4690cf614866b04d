"""Synergy index: definitions, input values and official weights.

Revision ID: 0008_synergy
Revises: 0007_peak
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_synergy"
down_revision: str | Sequence[str] | None = "0007_peak"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "synergy_weight_sets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("definition_version", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synergy_weight_sets")),
        sa.UniqueConstraint(
            "definition_version",
            "name",
            name=op.f("uq_synergy_weight_sets_definition_version_name"),
        ),
    )
    op.create_table(
        "synergy_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("definition_version", sa.String(length=16), nullable=False),
        sa.Column("weighting", sa.String(length=16), nullable=False),
        sa.Column("weight_set_id", sa.Integer(), nullable=True),
        sa.Column("weights", sa.JSON(), nullable=False),
        sa.Column("entropy", sa.JSON(), nullable=True),
        sa.Column("unscored", sa.JSON(), nullable=False),
        sa.Column("computed_by", sa.String(length=64), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "weighting IN ('entropy', 'official')", name=op.f("ck_synergy_runs_weighting")
        ),
        sa.ForeignKeyConstraint(
            ["weight_set_id"],
            ["synergy_weight_sets.id"],
            name=op.f("fk_synergy_runs_weight_set_id_synergy_weight_sets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synergy_runs")),
    )
    op.create_index(op.f("ix_synergy_runs_year"), "synergy_runs", ["year"], unique=False)
    op.create_table(
        "synergy_inputs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "origin IN ('entered', 'computed')", name=op.f("ck_synergy_inputs_origin")
        ),
        sa.ForeignKeyConstraint(
            ["county_code"], ["counties.code"], name=op.f("fk_synergy_inputs_county_code_counties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synergy_inputs")),
        sa.UniqueConstraint(
            "county_code",
            "year",
            "indicator_id",
            name=op.f("uq_synergy_inputs_county_code_year_indicator_id"),
        ),
    )
    op.create_index(
        op.f("ix_synergy_inputs_county_code"), "synergy_inputs", ["county_code"], unique=False
    )
    op.create_table(
        "synergy_scores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("index_value", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("economy", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("pollutants", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("energy", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("carbon", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("u1", sa.Numeric(precision=10, scale=6), nullable=False),
        sa.Column("u2", sa.Numeric(precision=10, scale=6), nullable=False),
        sa.Column("coupling_c", sa.Numeric(precision=10, scale=6), nullable=False),
        sa.Column("coordination_t", sa.Numeric(precision=10, scale=6), nullable=False),
        sa.Column("coordination_d", sa.Numeric(precision=10, scale=6), nullable=False),
        sa.Column("band_zh", sa.String(length=16), nullable=False),
        sa.Column("band_en", sa.String(length=48), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.CheckConstraint("rank >= 1", name=op.f("ck_synergy_scores_rank")),
        sa.ForeignKeyConstraint(
            ["county_code"], ["counties.code"], name=op.f("fk_synergy_scores_county_code_counties")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["synergy_runs.id"], name=op.f("fk_synergy_scores_run_id_synergy_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synergy_scores")),
        sa.UniqueConstraint(
            "run_id", "county_code", name=op.f("uq_synergy_scores_run_id_county_code")
        ),
    )
    op.create_index(op.f("ix_synergy_scores_run_id"), "synergy_scores", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_synergy_scores_run_id"), table_name="synergy_scores")
    op.drop_table("synergy_scores")
    op.drop_index(op.f("ix_synergy_inputs_county_code"), table_name="synergy_inputs")
    op.drop_table("synergy_inputs")
    op.drop_index(op.f("ix_synergy_runs_year"), table_name="synergy_runs")
    op.drop_table("synergy_runs")
    op.drop_table("synergy_weight_sets")
