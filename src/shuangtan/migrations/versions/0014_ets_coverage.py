"""The stored national-ETS flag follows the sector rule, not the threshold alone.

Revision ID: 0014_ets_coverage
Revises: 0013_audit_anchors
Create Date: 2026-12-04 21:00:00

``annual_accounts.ets_covered`` (全国碳市场覆盖) was set when the year's total emissions
reached 26,000 tCO2e, whatever the industry: a textile mill emitting 30,000 t was tagged. The
national market covers an entity when its industry is a covered sector for the year **and** its
direct emissions (scope 1) reach the threshold (``shuangtan.accounts.ets.ets_coverage``, with
``data/ets/covered-sectors.csv``). This data migration recomputes the stored flag of every
account by that rule (the rule as the installed package has it: new accounts are written by
:mod:`shuangtan.accounts.annual` with the same function). No column changes.

Downgrade puts back the threshold-only flag (total emissions ≥ 26,000 tCO2e).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0014_ets_coverage"
down_revision: str | Sequence[str] | None = "0013_audit_anchors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_accounts = sa.table(
    "annual_accounts",
    sa.column("id", sa.Integer),
    sa.column("entity_id", sa.Integer),
    sa.column("year", sa.Integer),
    sa.column("tco2e", sa.Numeric(18, 6)),
    sa.column("scope1_tco2e", sa.Numeric(18, 6)),
    sa.column("ets_covered", sa.Boolean),
)
_entities = sa.table("entities", sa.column("id", sa.Integer), sa.column("industry_code", sa.String))


def _set(covered: dict[int, bool]) -> None:
    for value in (True, False):
        ids = sorted(k for k, v in covered.items() if v is value)
        for start in range(0, len(ids), 1000):
            op.execute(
                _accounts.update()
                .where(_accounts.c.id.in_(ids[start : start + 1000]))
                .values(ets_covered=value)
            )


def upgrade() -> None:
    from shuangtan.accounts.ets import ets_coverage

    rows = op.get_bind().execute(
        sa.select(
            _accounts.c.id,
            _accounts.c.year,
            _accounts.c.scope1_tco2e,
            _accounts.c.ets_covered,
            _entities.c.industry_code,
        ).join(_entities, _entities.c.id == _accounts.c.entity_id)
    )
    changed = {}
    for account_id, year, scope1, stored, industry in rows:
        covered = ets_coverage(industry, int(year), Decimal(scope1 or 0)).covered
        if bool(stored) is not covered:
            changed[int(account_id)] = covered
    _set(changed)


def downgrade() -> None:
    op.execute(_accounts.update().values(ets_covered=_accounts.c.tco2e >= Decimal(26000)))
