"""Read-only queries of the verified entity accounts (年度碳账户, owned by ``accounts``).

Industry bases need set-based sums over every verified annual account of a GB/T 4754
division; the rows are read here, never written (see ``docs/architecture.md``, cross-room reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts.models import AnnualAccount, Entity

__all__ = ["IndustryYear", "industry_year", "industry_years"]


@dataclass(frozen=True, slots=True)
class IndustryYear:
    """行业年度合计 the sums of one industry's verified annual accounts in one year.

    Only accounts with at least one verified month and a reported value added count, so that
    value added, energy and emissions cover the same enterprises.
    """

    industry_code: str
    year: int
    enterprises: int
    value_added_10k_cny: Decimal
    energy_tce: Decimal
    tco2e: Decimal


def _statement(industry_code: str):  # type: ignore[no-untyped-def]
    return (
        select(
            AnnualAccount.year,
            func.count(AnnualAccount.id),
            func.sum(AnnualAccount.value_added_10k_cny),
            func.sum(AnnualAccount.energy_tce),
            func.sum(AnnualAccount.tco2e),
        )
        .join(Entity, Entity.id == AnnualAccount.entity_id)
        .where(
            Entity.industry_code == industry_code,
            AnnualAccount.months_verified > 0,
            AnnualAccount.value_added_10k_cny.is_not(None),
        )
        .group_by(AnnualAccount.year)
        .order_by(AnnualAccount.year)
    )


def industry_years(session: Session, industry_code: str) -> list[IndustryYear]:
    """Every year with verified accounts of ``industry_code``, oldest first."""
    return [
        IndustryYear(
            industry_code=industry_code,
            year=int(year),
            enterprises=int(count),
            value_added_10k_cny=Decimal(va or 0),
            energy_tce=Decimal(energy or 0),
            tco2e=Decimal(co2 or 0),
        )
        for year, count, va, energy, co2 in session.execute(_statement(industry_code))
    ]


def industry_year(session: Session, industry_code: str, year: int) -> IndustryYear | None:
    """The sums of ``industry_code`` in ``year``, or ``None`` without verified accounts."""
    for row in industry_years(session, industry_code):
        if row.year == year:
            return row
    return None
