"""The ledger: assets, accounts, chained transactions, postings, balances and their triggers.

Revision ID: 0010_ledger
Revises: 0009_meters
Create Date: 2026-11-25

What the database holds on both backends: transactions, postings, accounts and assets are
append-only (UPDATE and DELETE refused by triggers); an account's balance row is opened at zero
and moved by every posting by triggers, in the same transaction, and a check constraint keeps
it from going below zero unless the account may. PostgreSQL also refuses an unbalanced
transaction at commit (a deferred constraint trigger), TRUNCATE, and any direct write to the
balances (only the triggers may move them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010_ledger"
down_revision: str | Sequence[str] | None = "0009_meters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS_HASH = "0" * 64

# The assets that have no vintage, as shuangtan.ledger.assets defines them (written out: a
# migration must not change when the code does). Allowance vintages are added on first use.
_ASSETS = [
    {
        "code": "points",
        "family": "points",
        "vintage": None,
        "name_zh": "碳普惠积分",
        "name_en": "carbon points",
        "unit": "point",
        "scale": 0,
    },
    {
        "code": "ccer",
        "family": "ccer",
        "vintage": None,
        "name_zh": "国家核证自愿减排量",
        "name_en": "China Certified Emission Reduction (CCER)",
        "unit": "tCO2e",
        "scale": 0,
    },
    {
        "code": "energy_use_right",
        "family": "energy_use_right",
        "vintage": None,
        "name_zh": "用能权",
        "name_en": "energy-use right",
        "unit": "tce",
        "scale": 3,
    },
    {
        "code": "cash",
        "family": "cash",
        "vintage": None,
        "name_zh": "资金",
        "name_en": "cash (CNY)",
        "unit": "fen",
        "scale": 0,
    },
]

_APPEND_ONLY = ("ledger_assets", "ledger_accounts", "ledger_transactions", "ledger_postings")

_PG_FUNCTIONS = (
    """
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
""",
    """
CREATE FUNCTION ledger_refuse_direct_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_balances is moved by postings only: direct % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
""",
    """
CREATE FUNCTION ledger_open_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_balances (account_id, may_go_negative, balance)
    VALUES (NEW.id, NEW.may_go_negative, 0);
    RETURN NULL;
END;
$$
""",
    """
CREATE FUNCTION ledger_apply_posting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_balances SET balance = balance + NEW.amount
    WHERE account_id = NEW.account_id;
    RETURN NULL;
END;
$$
""",
    """
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tx bigint;
    lines integer;
    bad record;
BEGIN
    IF TG_TABLE_NAME = 'ledger_transactions' THEN
        tx := NEW.seq;
    ELSE
        tx := NEW.transaction_seq;
    END IF;
    SELECT count(*) INTO lines FROM ledger_postings WHERE transaction_seq = tx;
    IF lines < 2 THEN
        RAISE EXCEPTION 'ledger transaction % has % postings: it needs at least two', tx, lines
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT asset_code, sum(amount) AS total INTO bad FROM ledger_postings
    WHERE transaction_seq = tx GROUP BY asset_code HAVING sum(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: % sums to %',
            tx, bad.asset_code, bad.total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$
""",
)


def _pg_triggers() -> list[str]:
    statements = []
    for table in _APPEND_ONLY:
        statements += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
        ]
    return [
        *statements,
        # Only the two triggers below may write a balance (they run at trigger depth 1).
        "CREATE TRIGGER ledger_balances_guard BEFORE INSERT OR UPDATE OR DELETE "
        "ON ledger_balances FOR EACH ROW WHEN (pg_trigger_depth() < 1) "
        "EXECUTE FUNCTION ledger_refuse_direct_balance()",
        "CREATE TRIGGER ledger_balances_no_truncate BEFORE TRUNCATE ON ledger_balances "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_direct_balance()",
        "CREATE TRIGGER ledger_accounts_open_balance AFTER INSERT ON ledger_accounts "
        "FOR EACH ROW EXECUTE FUNCTION ledger_open_balance()",
        "CREATE TRIGGER ledger_postings_apply AFTER INSERT ON ledger_postings "
        "FOR EACH ROW EXECUTE FUNCTION ledger_apply_posting()",
        "CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT "
        "ON ledger_transactions DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()",
        "CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT "
        "ON ledger_postings DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()",
    ]


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in _APPEND_ONLY:
        statements += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END",
        ]
    return [
        *statements,
        # SQLite cannot tell a trigger's write from a direct one; it refuses what it can.
        "CREATE TRIGGER ledger_balances_no_delete BEFORE DELETE ON ledger_balances "
        "BEGIN SELECT RAISE(ABORT, 'ledger_balances is moved by postings only: "
        "DELETE refused'); END",
        "CREATE TRIGGER ledger_balances_opened_at_zero BEFORE INSERT ON ledger_balances "
        "WHEN NEW.balance <> 0 "
        "BEGIN SELECT RAISE(ABORT, 'a ledger balance opens at zero'); END",
        "CREATE TRIGGER ledger_accounts_open_balance AFTER INSERT ON ledger_accounts "
        "BEGIN INSERT INTO ledger_balances (account_id, may_go_negative, balance) "
        "VALUES (NEW.id, NEW.may_go_negative, 0); END",
        "CREATE TRIGGER ledger_postings_apply AFTER INSERT ON ledger_postings "
        "BEGIN UPDATE ledger_balances SET balance = balance + NEW.amount "
        "WHERE account_id = NEW.account_id; END",
    ]


def upgrade() -> None:
    assets = op.create_table(
        "ledger_assets",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("family", sa.String(length=24), nullable=False),
        sa.Column("vintage", sa.Integer(), nullable=True),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=128), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("scale", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "family IN ('points', 'allowance', 'ccer', 'energy_use_right', 'cash')",
            name=op.f("ck_ledger_assets_family"),
        ),
        sa.CheckConstraint(
            "(family = 'allowance' AND vintage IS NOT NULL) "
            "OR (family <> 'allowance' AND vintage IS NULL)",
            name=op.f("ck_ledger_assets_vintage"),
        ),
        sa.CheckConstraint("scale BETWEEN 0 AND 6", name=op.f("ck_ledger_assets_scale")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ledger_assets")),
    )
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("owner_type", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("asset_code", sa.String(length=32), nullable=False),
        sa.Column("may_go_negative", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "owner_type IN ('platform', 'resident', 'merchant', 'entity', 'county')",
            name=op.f("ck_ledger_accounts_owner_type"),
        ),
        sa.CheckConstraint(
            "kind IN ('holding', 'escrow', 'issuance', 'retirement', 'clearing', 'fee', "
            "'external')",
            name=op.f("ck_ledger_accounts_kind"),
        ),
        sa.CheckConstraint(
            "(owner_type = 'platform' AND owner_id = '') "
            "OR (owner_type <> 'platform' AND owner_id <> '')",
            name=op.f("ck_ledger_accounts_owner_id"),
        ),
        sa.CheckConstraint(
            "kind IN ('holding', 'escrow') OR owner_type = 'platform'",
            name=op.f("ck_ledger_accounts_platform_kinds"),
        ),
        sa.CheckConstraint(
            "may_go_negative = (kind IN ('issuance', 'external'))",
            name=op.f("ck_ledger_accounts_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["asset_code"],
            ["ledger_assets.code"],
            name=op.f("fk_ledger_accounts_asset_code_ledger_assets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint("id", "asset_code", name=op.f("uq_ledger_accounts_id_asset_code")),
        sa.UniqueConstraint(
            "id", "may_go_negative", name=op.f("uq_ledger_accounts_id_may_go_negative")
        ),
        sa.UniqueConstraint(
            "owner_type",
            "owner_id",
            "kind",
            "asset_code",
            name=op.f("uq_ledger_accounts_owner_type_owner_id_kind_asset_code"),
        ),
    )
    op.create_table(
        "ledger_transactions",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_username", sa.String(length=64), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name=op.f("ck_ledger_transactions_year")),
        sa.CheckConstraint("kind <> ''", name=op.f("ck_ledger_transactions_kind")),
        sa.CheckConstraint("key <> ''", name=op.f("ck_ledger_transactions_key")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint("hash", name=op.f("uq_ledger_transactions_hash")),
        sa.UniqueConstraint("key", name=op.f("uq_ledger_transactions_key")),
    )
    op.create_index(
        "ix_ledger_transactions_year_area", "ledger_transactions", ["year", "area_code"]
    )
    op.create_index("ix_ledger_transactions_reference", "ledger_transactions", ["reference"])
    op.create_table(
        "ledger_postings",
        sa.Column("transaction_seq", sa.BigInteger(), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("asset_code", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_ledger_postings_amount")),
        sa.CheckConstraint("line >= 1", name=op.f("ck_ledger_postings_line")),
        sa.ForeignKeyConstraint(
            ["account_id", "asset_code"],
            ["ledger_accounts.id", "ledger_accounts.asset_code"],
            name=op.f("fk_ledger_postings_account_id_ledger_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["transaction_seq"],
            ["ledger_transactions.seq"],
            name=op.f("fk_ledger_postings_transaction_seq_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("transaction_seq", "line", name=op.f("pk_ledger_postings")),
    )
    op.create_index(
        "ix_ledger_postings_account", "ledger_postings", ["account_id", "transaction_seq"]
    )
    op.create_table(
        "ledger_balances",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("may_go_negative", sa.Boolean(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "balance >= 0 OR may_go_negative", name=op.f("ck_ledger_balances_not_overdrawn")
        ),
        sa.ForeignKeyConstraint(
            ["account_id", "may_go_negative"],
            ["ledger_accounts.id", "ledger_accounts.may_go_negative"],
            name=op.f("fk_ledger_balances_account_id_ledger_accounts"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_ledger_balances")),
    )
    head = op.create_table(
        "ledger_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_count", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_chain_head")),
    )
    op.bulk_insert(assets, _ASSETS)
    op.bulk_insert(
        head,
        [
            {
                "id": 1,
                "last_seq": 0,
                "last_hash": GENESIS_HASH,
                "entry_count": 0,
                "updated_at": datetime.now(UTC),
            }
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in (*_PG_FUNCTIONS, *_pg_triggers()):
            op.execute(statement)
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in ("ledger_balances", "ledger_postings", "ledger_chain_head"):
        op.execute(f"DROP TABLE {table}{' CASCADE' if postgresql else ''}")
    op.drop_index("ix_ledger_transactions_reference", table_name="ledger_transactions")
    op.drop_index("ix_ledger_transactions_year_area", table_name="ledger_transactions")
    for table in ("ledger_transactions", "ledger_accounts", "ledger_assets"):
        op.execute(f"DROP TABLE {table}{' CASCADE' if postgresql else ''}")
    if postgresql:
        for function in (
            "ledger_check_balanced",
            "ledger_apply_posting",
            "ledger_open_balance",
            "ledger_refuse_direct_balance",
            "ledger_refuse_change",
        ):
            op.execute(f"DROP FUNCTION {function}()")
