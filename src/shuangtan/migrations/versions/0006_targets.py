"""Plan targets: yearly indicator values, county targets, evaluation reports.

Revision ID: 0006_targets
Revises: 0005_inventory
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_targets"
down_revision: str | Sequence[str] | None = "0005_inventory"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COUNTY_KINDS = (
    "energy_intensity_reduction",
    "energy_total_cap",
    "carbon_intensity_reduction",
    "carbon_total_cap",
)


def _user(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def upgrade() -> None:
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(
            sa.Column("responsible_department", sa.Text(), server_default="", nullable=False)
        )
    op.create_table(
        "target_attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        _user("uploaded_by", "target_attachments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_attachments")),
    )
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("indicator_id", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("entered_by", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_indicator_values_year")),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["target_attachments.id"],
            name=op.f("fk_indicator_values_attachment_id_target_attachments"),
        ),
        _user("entered_by", "indicator_values"),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_values_indicator_id_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint(
            "indicator_id", "year", name=op.f("uq_indicator_values_indicator_id_year")
        ),
    )
    op.create_index(op.f("ix_indicator_values_indicator_id"), "indicator_values", ["indicator_id"])
    op.create_table(
        "indicator_settings",
        sa.Column("indicator_id", sa.String(length=64), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("target_value", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("reduction_pct", sa.Numeric(precision=10, scale=4), nullable=True),
        sa.Column("responsible_department", sa.Text(), nullable=True),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_settings_indicator_id_indicators"),
        ),
        _user("set_by", "indicator_settings"),
        sa.PrimaryKeyConstraint("indicator_id", name=op.f("pk_indicator_settings")),
    )
    kinds = ", ".join(f"'{k}'" for k in _COUNTY_KINDS)
    op.create_table(
        "county_targets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("base_year", sa.Integer(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("target_value", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name=op.f("ck_county_targets_kind")),
        sa.CheckConstraint("base_year < target_year", name=op.f("ck_county_targets_period")),
        sa.ForeignKeyConstraint(
            ["county_code"], ["counties.code"], name=op.f("fk_county_targets_county_code_counties")
        ),
        _user("set_by", "county_targets"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_targets")),
        sa.UniqueConstraint(
            "county_code",
            "kind",
            "target_year",
            name=op.f("uq_county_targets_county_code_kind_target_year"),
        ),
    )
    op.create_index(op.f("ix_county_targets_county_code"), "county_targets", ["county_code"])
    op.create_table(
        "target_publications",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("published", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        _user("published_by", "target_publications"),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_target_publications")),
    )
    op.create_table(
        "evaluation_notes",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('annual', 'midterm', 'final')", name=op.f("ck_evaluation_notes_kind")
        ),
        _user("updated_by", "evaluation_notes"),
        sa.PrimaryKeyConstraint("year", "kind", name=op.f("pk_evaluation_notes")),
    )


def downgrade() -> None:
    op.drop_table("evaluation_notes")
    op.drop_table("target_publications")
    op.drop_index(op.f("ix_county_targets_county_code"), table_name="county_targets")
    op.drop_table("county_targets")
    op.drop_table("indicator_settings")
    op.drop_index(op.f("ix_indicator_values_indicator_id"), table_name="indicator_values")
    op.drop_table("indicator_values")
    op.drop_table("target_attachments")
    with op.batch_alter_table("indicators") as batch:
        batch.drop_column("responsible_department")
