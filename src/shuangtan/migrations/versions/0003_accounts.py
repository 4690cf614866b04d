"""Entities, monthly reports and the MRV workflow; grades and benchmarks; banks and consents.

Revision ID: 0003_accounts
Revises: 0002_auth
Create Date: 2026-11-24 01:59:23.611963
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_accounts"
down_revision: str | Sequence[str] | None = "0002_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "banks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_banks")),
        sa.UniqueConstraint("name", name=op.f("uq_banks_name")),
        sa.UniqueConstraint("uscc", name=op.f("uq_banks_uscc")),
    )
    op.create_table(
        "verifier_bodies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifier_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_verifier_bodies_name")),
        sa.UniqueConstraint("uscc", name=op.f("uq_verifier_bodies_uscc")),
    )
    op.create_table(
        "industry_benchmarks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("industry_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("intensity_t_per_10k_cny", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("enterprises", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "method IN ('published', 'computed')", name=op.f("ck_industry_benchmarks_method")
        ),
        sa.ForeignKeyConstraint(
            ["industry_code"],
            ["industries.code"],
            name=op.f("fk_industry_benchmarks_industry_code_industries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industry_benchmarks")),
        sa.UniqueConstraint(
            "industry_code", "year", name=op.f("uq_industry_benchmarks_industry_code_year")
        ),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("industry_code", sa.String(length=8), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("land_area_mu", sa.Numeric(precision=14, scale=3), nullable=True),
        sa.Column("floor_area_m2", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("sown_area_mu", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("livestock_head", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('industrial', 'public_building', 'transport', 'farm')",
            name=op.f("ck_entities_kind"),
        ),
        sa.CheckConstraint(
            "kind NOT IN ('industrial', 'transport') OR uscc IS NOT NULL",
            name=op.f("ck_entities_uscc_required"),
        ),
        sa.ForeignKeyConstraint(
            ["county_code"], ["counties.code"], name=op.f("fk_entities_county_code_counties")
        ),
        sa.ForeignKeyConstraint(
            ["industry_code"],
            ["industries.code"],
            name=op.f("fk_entities_industry_code_industries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("uscc", name=op.f("uq_entities_uscc")),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index("ix_entities_county_kind", ["county_code", "kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_entities_industry_code"), ["industry_code"], unique=False
        )

    op.create_table(
        "activity_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value_added_10k_cny", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("tax_10k_cny", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("output_quantity", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("output_unit", sa.String(length=32), nullable=True),
        sa.Column("passenger_km", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("tonne_km", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("factor_set", sa.String(length=32), nullable=False),
        sa.Column("reported_tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("reported_scope1_tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("reported_scope2_tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("reported_tce", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("verified_tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("verified_tce", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_body_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'under_verification', 'returned', 'verified', "
            "'recheck', 'confirmed', 'corrected', 'locked')",
            name=op.f("ck_activity_reports_status"),
        ),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_activity_reports_month")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_activity_reports_entity_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_body_id"],
            ["verifier_bodies.id"],
            name=op.f("fk_activity_reports_verified_by_body_id_verifier_bodies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_reports")),
        sa.UniqueConstraint(
            "entity_id", "year", "month", name=op.f("uq_activity_reports_entity_id_year_month")
        ),
    )
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_reports_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index("ix_activity_reports_year_status", ["year", "status"], unique=False)

    op.create_table(
        "annual_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("months_verified", sa.Integer(), nullable=False),
        sa.Column("tco2e", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("scope1_tco2e", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("scope2_tco2e", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("energy_tce", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("reported_tco2e", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("value_added_10k_cny", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("tax_10k_cny", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("mandatory_reporter", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("key_energy_user", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("ets_covered", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_annual_accounts_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_accounts")),
        sa.UniqueConstraint("entity_id", "year", name=op.f("uq_annual_accounts_entity_id_year")),
    )
    with op.batch_alter_table("annual_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_annual_accounts_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_annual_accounts_year"), ["year"], unique=False)

    op.create_table(
        "bank_members",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["banks.id"], name=op.f("fk_bank_members_bank_id_banks")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_bank_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_bank_members")),
    )
    with op.batch_alter_table("bank_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_members_bank_id"), ["bank_id"], unique=False)

    op.create_table(
        "carbon_grades",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("intensity_t_per_10k_cny", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("benchmark_id", sa.Integer(), nullable=False),
        sa.Column("ratio_to_benchmark", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("public_token", sa.String(length=32), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 5", name=op.f("ck_carbon_grades_grade")),
        sa.ForeignKeyConstraint(
            ["benchmark_id"],
            ["industry_benchmarks.id"],
            name=op.f("fk_carbon_grades_benchmark_id_industry_benchmarks"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_carbon_grades_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carbon_grades")),
        sa.UniqueConstraint("entity_id", "year", name=op.f("uq_carbon_grades_entity_id_year")),
        sa.UniqueConstraint("public_token", name=op.f("uq_carbon_grades_public_token")),
    )
    with op.batch_alter_table("carbon_grades", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carbon_grades_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_user_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["bank_id"], ["banks.id"], name=op.f("fk_consents_bank_id_banks")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_consents_entity_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_user_id"], ["users.id"], name=op.f("fk_consents_granted_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index("ix_consents_bank_entity", ["bank_id", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consents_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "per_mu_evaluations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value_added_per_mu", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("tax_per_mu", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("energy_per_value_added", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("carbon_per_value_added", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("score", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("klass", sa.String(length=1), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "klass IN ('A', 'B', 'C', 'D')", name=op.f("ck_per_mu_evaluations_klass")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_per_mu_evaluations_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_per_mu_evaluations")),
        sa.UniqueConstraint("entity_id", "year", name=op.f("uq_per_mu_evaluations_entity_id_year")),
    )
    with op.batch_alter_table("per_mu_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_per_mu_evaluations_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "recheck_selections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("probability", sa.Numeric(precision=8, scale=6), nullable=True),
        sa.Column("selected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("corrected_tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "reason IN ('tier', 'random', 'risk')", name=op.f("ck_recheck_selections_reason")
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_recheck_selections_entity_id_entities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recheck_selections")),
        sa.UniqueConstraint("entity_id", "year", name=op.f("uq_recheck_selections_entity_id_year")),
    )
    with op.batch_alter_table("recheck_selections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recheck_selections_entity_id"), ["entity_id"], unique=False
        )

    op.create_table(
        "verifier_assignments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("verifier_body_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("assigned_by_user_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "method IN ('assigned', 'random')", name=op.f("ck_verifier_assignments_method")
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_user_id"],
            ["users.id"],
            name=op.f("fk_verifier_assignments_assigned_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_verifier_assignments_entity_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["verifier_body_id"],
            ["verifier_bodies.id"],
            name=op.f("fk_verifier_assignments_verifier_body_id_verifier_bodies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifier_assignments")),
        sa.UniqueConstraint(
            "entity_id", "year", name=op.f("uq_verifier_assignments_entity_id_year")
        ),
    )
    with op.batch_alter_table("verifier_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verifier_assignments_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_verifier_assignments_verifier_body_id"),
            ["verifier_body_id"],
            unique=False,
        )

    op.create_table(
        "verifier_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verifier_body_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_verifier_conflicts_entity_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["verifier_body_id"],
            ["verifier_bodies.id"],
            name=op.f("fk_verifier_conflicts_verifier_body_id_verifier_bodies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verifier_conflicts")),
        sa.UniqueConstraint(
            "verifier_body_id",
            "entity_id",
            name=op.f("uq_verifier_conflicts_verifier_body_id_entity_id"),
        ),
    )
    op.create_table(
        "verifier_members",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("verifier_body_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_verifier_members_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["verifier_body_id"],
            ["verifier_bodies.id"],
            name=op.f("fk_verifier_members_verifier_body_id_verifier_bodies"),
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_verifier_members")),
    )
    with op.batch_alter_table("verifier_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verifier_members_verifier_body_id"), ["verifier_body_id"], unique=False
        )

    op.create_table(
        "anomaly_flags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("reason_zh", sa.Text(), nullable=False),
        sa.Column("reason_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["activity_reports.id"],
            name=op.f("fk_anomaly_flags_report_id_activity_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anomaly_flags")),
        sa.UniqueConstraint("report_id", "rule", name=op.f("uq_anomaly_flags_report_id_rule")),
    )
    with op.batch_alter_table("anomaly_flags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_anomaly_flags_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("activity", sa.String(length=32), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("unit", sa.String(length=24), nullable=False),
        sa.Column("ncv", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("ncv_unit", sa.String(length=24), nullable=True),
        sa.Column("carbon_content", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("oxidation_rate", sa.Numeric(precision=8, scale=6), nullable=True),
        sa.Column("green_certificates_mwh", sa.Numeric(precision=20, scale=6), nullable=True),
        sa.Column("tco2e", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("tce", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("scope", sa.Integer(), nullable=True),
        sa.Column("factors", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["activity_reports.id"],
            name=op.f("fk_report_lines_report_id_activity_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_lines")),
        sa.UniqueConstraint("report_id", "line_no", name=op.f("uq_report_lines_report_id_line_no")),
    )
    with op.batch_alter_table("report_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_lines_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_lines_report_id"))

    op.drop_table("report_lines")
    with op.batch_alter_table("anomaly_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anomaly_flags_report_id"))

    op.drop_table("anomaly_flags")
    with op.batch_alter_table("verifier_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verifier_members_verifier_body_id"))

    op.drop_table("verifier_members")
    op.drop_table("verifier_conflicts")
    with op.batch_alter_table("verifier_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verifier_assignments_verifier_body_id"))
        batch_op.drop_index(batch_op.f("ix_verifier_assignments_entity_id"))

    op.drop_table("verifier_assignments")
    with op.batch_alter_table("recheck_selections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recheck_selections_entity_id"))

    op.drop_table("recheck_selections")
    with op.batch_alter_table("per_mu_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_per_mu_evaluations_entity_id"))

    op.drop_table("per_mu_evaluations")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_entity_id"))
        batch_op.drop_index("ix_consents_bank_entity")

    op.drop_table("consents")
    with op.batch_alter_table("carbon_grades", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carbon_grades_entity_id"))

    op.drop_table("carbon_grades")
    with op.batch_alter_table("bank_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_members_bank_id"))

    op.drop_table("bank_members")
    with op.batch_alter_table("annual_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annual_accounts_year"))
        batch_op.drop_index(batch_op.f("ix_annual_accounts_entity_id"))

    op.drop_table("annual_accounts")
    with op.batch_alter_table("activity_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_reports_year_status")
        batch_op.drop_index(batch_op.f("ix_activity_reports_entity_id"))

    op.drop_table("activity_reports")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_industry_code"))
        batch_op.drop_index("ix_entities_county_kind")

    op.drop_table("entities")
    op.drop_table("industry_benchmarks")
    op.drop_table("verifier_bodies")
    op.drop_table("banks")
