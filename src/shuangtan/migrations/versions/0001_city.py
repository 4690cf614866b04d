"""City configuration: cities, county-level divisions, industries, plan indicators.

Revision ID: 0001_city
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_city"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cities",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("province_zh", sa.String(length=64), nullable=False),
        sa.Column("province_en", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cities")),
    )
    op.create_table(
        "industries",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=128), nullable=False),
        sa.Column("plan_key_industry", sa.String(length=64), nullable=True),
        sa.Column("energy_intensive", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_industries")),
    )
    op.create_table(
        "counties",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("pinyin", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("city_code", sa.String(length=12), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["city_code"], ["cities.code"], name=op.f("fk_counties_city_code_cities")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_counties")),
    )
    op.create_index(op.f("ix_counties_city_code"), "counties", ["city_code"], unique=False)
    op.create_table(
        "indicators",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("city_code", sa.String(length=12), nullable=False),
        sa.Column("section", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=128), nullable=False),
        sa.Column("name_en", sa.String(length=256), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("baseline_value", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("target_value", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "direction IN ('up', 'down', 'none')", name=op.f("ck_indicators_direction")
        ),
        sa.ForeignKeyConstraint(
            ["city_code"], ["cities.code"], name=op.f("fk_indicators_city_code_cities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    op.create_index(op.f("ix_indicators_city_code"), "indicators", ["city_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_indicators_city_code"), table_name="indicators")
    op.drop_table("indicators")
    op.drop_index(op.f("ix_counties_city_code"), table_name="counties")
    op.drop_table("counties")
    op.drop_table("industries")
    op.drop_table("cities")
