"""City inventory: energy balance, economic statistics, activity data, sinks, claims.

Revision ID: 0005_inventory
Revises: 0004_accounts
Create Date: 2026-11-24 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_inventory"
down_revision: str | Sequence[str] | None = "0004_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inventory_activity",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("activity", sa.String(length=48), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("month BETWEEN 0 AND 12", name=op.f("ck_inventory_activity_month")),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_inventory_activity_quantity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_activity")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "activity",
            name=op.f("uq_inventory_activity_year_month_area_code_activity"),
        ),
    )
    op.create_table(
        "inventory_claimed_reductions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gpc_ref", sa.String(length=12), nullable=False),
        sa.Column("scheme", sa.String(length=24), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("amount_tco2e", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "scheme IN ('carbon_points', 'ccer', 'other_offset')",
            name=op.f("ck_inventory_claimed_reductions_scheme"),
        ),
        sa.CheckConstraint(
            "amount_tco2e >= 0", name=op.f("ck_inventory_claimed_reductions_amount")
        ),
        sa.CheckConstraint(
            "month BETWEEN 0 AND 12", name=op.f("ck_inventory_claimed_reductions_month")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_claimed_reductions")),
        sa.UniqueConstraint(
            "scheme", "reference", name=op.f("uq_inventory_claimed_reductions_scheme_reference")
        ),
    )
    op.create_table(
        "inventory_economic_statistics",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "item IN ('gdp_current', 'gdp_2015_prices', 'gdp_2020_prices', 'va_primary', "
            "'va_secondary', 'va_tertiary', 'va_industry', 'population')",
            name=op.f("ck_inventory_economic_statistics_item"),
        ),
        sa.CheckConstraint(
            "month BETWEEN 0 AND 12", name=op.f("ck_inventory_economic_statistics_month")
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_inventory_economic_statistics_value")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_economic_statistics")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "item",
            name=op.f("uq_inventory_economic_statistics_year_month_area_code_item"),
        ),
    )
    op.create_table(
        "inventory_energy_balance",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sector", sa.String(length=16), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("tce", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("co2_t", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("scope", sa.Integer(), nullable=False),
        sa.Column("factor_set", sa.String(length=32), nullable=False),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sector IN ('primary', 'industry', 'construction', 'transport', 'services', "
            "'residential')",
            name=op.f("ck_inventory_energy_balance_sector"),
        ),
        sa.CheckConstraint(
            "month BETWEEN 0 AND 12", name=op.f("ck_inventory_energy_balance_month")
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_inventory_energy_balance_quantity")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_energy_balance")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "sector",
            "carrier",
            name=op.f("uq_inventory_energy_balance_year_month_area_code_sector_carrier"),
        ),
    )
    op.create_table(
        "inventory_fleet",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("vehicle_type", sa.String(length=24), nullable=False),
        sa.Column("power", sa.String(length=24), nullable=False),
        sa.Column("vehicles", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "power IN ('battery_electric', 'plug_in_hybrid', 'fuel_cell', 'gasoline', 'diesel', "
            "'natural_gas', 'other')",
            name=op.f("ck_inventory_fleet_power"),
        ),
        sa.CheckConstraint(
            "vehicle_type IN ('bus', 'taxi', 'coach', 'new_private_cars')",
            name=op.f("ck_inventory_fleet_vehicle_type"),
        ),
        sa.CheckConstraint("month BETWEEN 0 AND 12", name=op.f("ck_inventory_fleet_month")),
        sa.CheckConstraint("vehicles >= 0", name=op.f("ck_inventory_fleet_vehicles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_fleet")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "vehicle_type",
            "power",
            name=op.f("uq_inventory_fleet_year_month_area_code_vehicle_type_power"),
        ),
    )
    op.create_table(
        "inventory_generation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("generation_mwh", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("fuel_carrier", sa.String(length=32), nullable=True),
        sa.Column("fuel_quantity", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("fuel_unit", sa.String(length=24), nullable=True),
        sa.Column("fuel_tce", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("fuel_co2_t", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("factors", sa.JSON(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('coal', 'gas', 'oil', 'nuclear', 'hydro', 'wind', 'solar_pv', 'biomass', "
            "'waste_to_energy', 'other')",
            name=op.f("ck_inventory_generation_source"),
        ),
        sa.CheckConstraint("generation_mwh >= 0", name=op.f("ck_inventory_generation_generation")),
        sa.CheckConstraint("month BETWEEN 0 AND 12", name=op.f("ck_inventory_generation_month")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_generation")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "source",
            name=op.f("uq_inventory_generation_year_month_area_code_source"),
        ),
    )
    op.create_table(
        "inventory_notation_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gpc_ref", sa.String(length=12), nullable=False),
        sa.Column("notation_key", sa.String(length=4), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_via", sa.String(length=16), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "notation_key IN ('NO', 'IE', 'NE', 'C')",
            name=op.f("ck_inventory_notation_keys_notation_key"),
        ),
        sa.CheckConstraint("month BETWEEN 0 AND 12", name=op.f("ck_inventory_notation_keys_month")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_notation_keys")),
        sa.UniqueConstraint(
            "year",
            "month",
            "area_code",
            "gpc_ref",
            name=op.f("uq_inventory_notation_keys_year_month_area_code_gpc_ref"),
        ),
    )


def downgrade() -> None:
    op.drop_table("inventory_notation_keys")
    op.drop_table("inventory_generation")
    op.drop_table("inventory_fleet")
    op.drop_table("inventory_energy_balance")
    op.drop_table("inventory_economic_statistics")
    op.drop_table("inventory_claimed_reductions")
    op.drop_table("inventory_activity")
