"""Reconciliation (清单核对): entity accounts against the statistical energy balance.

For each county and consuming sector, the sum of the verified annual accounts of the entities
(bottom-up, 主体核算) is set against the statistical energy balance (top-down, 统计数):

    gap = statistical − entities        gap % = gap / statistical × 100

and flagged when ``|gap %|`` exceeds the threshold (default :data:`DEFAULT_THRESHOLD_PCT`).
Entity kinds map to sectors: industrial → industry, public building → services, transport
operator → transport, farm → primary (construction and residential have no entity accounts).
Industry is compared both ways: its reporting enterprises are meant to be nearly all of it. In
services, transport and primary (:data:`PARTIAL_SECTORS`) the reporting entities (public
buildings, transport operators, farms) are by design only part of the sector, so a positive gap
is their unreported remainder and not flagged; a negative gap (entities above the statistics)
always deserves a look and is flagged in every sector. Energy (tce) is compared; tCO2e is shown
beside, but entity accounts include industrial-process emissions that the energy balance does not.

Meter data (``metered_energy``, loaded from the meter pipeline) is shown beside them: the year's
metered tce of the county and sector, the months it covers, and — only when all twelve months
are metered — its own gap % against the statistics, flagged at the same threshold. It is a check
and an early monthly signal, never added to the inventory (no double counting).

Double counting: reductions claimed elsewhere (residents' carbon points 碳普惠, CCER or other
offsets) are listed with the inventory cell they sit in. The inventory is measured emissions,
so a reduction is already in it (as emissions that did not happen); it is never subtracted from
the inventory, and the claim register lets the same reduction be sold or rewarded only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.place import repository as place_repository

from .gpc import Claim
from .models import ClaimedReduction, MeteredEnergy
from .service import city_totals

__all__ = [
    "DEFAULT_THRESHOLD_PCT",
    "KIND_SECTOR",
    "PARTIAL_SECTORS",
    "GapRow",
    "Reconciliation",
    "reconcile",
]

DEFAULT_THRESHOLD_PCT = Decimal(10)
"""Flag a county-sector whose |gap| exceeds this share of the statistical figure (%)."""
KIND_SECTOR = {
    "industrial": "industry",
    "public_building": "services",
    "transport": "transport",
    "farm": "primary",
}
PARTIAL_SECTORS = frozenset({"services", "transport", "primary"})
"""Sectors whose reporting entities are only part of the sector: only entities above the
statistics are flagged (public buildings are a part of services, transport operators of the
transport sector, farms of agriculture)."""
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class GapRow:
    """一个区县一个部门的核对 one county and sector: statistics, entities, gap, flag."""

    county_code: str
    sector: str
    statistical_tce: Decimal | None
    entities_tce: Decimal
    entities_tco2e: Decimal
    statistical_co2_t: Decimal | None
    entities: int
    gap_tce: Decimal | None
    gap_pct: Decimal | None
    flagged: bool
    metered_tce: Decimal | None = None  # meter data of the year (the months it covers)
    metered_months: int = 0
    metered_gap_pct: Decimal | None = None  # vs statistics, only with 12 months metered
    metered_flagged: bool = False
    partial: bool = False  # a sector the entities only partly cover (PARTIAL_SECTORS)


@dataclass(frozen=True)
class Reconciliation:
    """年度核对 the year's reconciliation and the reductions claimed elsewhere."""

    year: int
    threshold_pct: Decimal
    rows: tuple[GapRow, ...]
    claims: tuple[Claim, ...]

    @property
    def flagged(self) -> tuple[GapRow, ...]:
        return tuple(r for r in self.rows if r.flagged)


def _entity_sums(
    session: Session, year: int, counties: list[str]
) -> dict[tuple[str, str], tuple[Decimal, Decimal, int]]:
    totals = accounts_query.verified_totals(
        session, by=("county", "kind"), year=year, county_codes=counties
    )
    out: dict[tuple[str, str], tuple[Decimal, Decimal, int]] = {}
    for total in totals:
        sector = KIND_SECTOR.get(str(total.kind))
        if sector is not None:
            out[(str(total.county_code), sector)] = (total.energy_tce, total.tco2e, total.entities)
    return out


def _metered_sums(
    session: Session, year: int, counties: list[str]
) -> dict[tuple[str, str], tuple[Decimal, int]]:
    rows = session.execute(
        select(
            MeteredEnergy.area_code,
            MeteredEnergy.sector,
            func.sum(MeteredEnergy.tce),
            func.count(func.distinct(MeteredEnergy.month)),
        )
        .where(MeteredEnergy.year == year, MeteredEnergy.area_code.in_(counties))
        .group_by(MeteredEnergy.area_code, MeteredEnergy.sector)
    ).all()
    return {
        (county, sector): (Decimal(tce or 0), int(months)) for county, sector, tce, months in rows
    }


def _pct_of(gap: Decimal | None, statistical: Decimal | None) -> Decimal | None:
    if gap is None or not statistical:
        return None
    return (gap * 100 / statistical).quantize(_CENT, rounding=ROUND_HALF_UP)


def reconcile(
    *,
    session: Session,
    year: int,
    county_code: str | None = None,
    threshold_pct: Decimal = DEFAULT_THRESHOLD_PCT,
) -> Reconciliation:
    """The reconciliation of ``year`` for one county or every county of the city."""
    city_code, counties = place_repository.city_and_counties(session)
    chosen = [county_code] if county_code else counties
    sums = _entity_sums(session, year, chosen)
    metered = _metered_sums(session, year, chosen)
    rows: list[GapRow] = []
    for code in chosen:
        totals = city_totals(session=session, year=year, county_code=code)
        for sector in KIND_SECTOR.values():
            statistical = totals.energy_tce_by_sector.get(sector)
            tce, tco2e, count = sums.get((code, sector), (Decimal(0), Decimal(0), 0))
            metered_tce, months = metered.get((code, sector), (None, 0))
            if statistical is None and count == 0 and metered_tce is None:
                continue
            gap = None if statistical is None else statistical - tce
            pct = _pct_of(gap, statistical)
            partial = sector in PARTIAL_SECTORS
            off = pct is not None and (-pct if partial else abs(pct)) > threshold_pct
            flagged = statistical is None or off
            metered_pct = (
                _pct_of(statistical - metered_tce, statistical)
                if statistical is not None and metered_tce is not None and months == 12
                else None
            )
            rows.append(
                GapRow(
                    county_code=code,
                    sector=sector,
                    statistical_tce=statistical,
                    entities_tce=tce,
                    entities_tco2e=tco2e,
                    statistical_co2_t=totals.energy_co2_t_by_sector.get(sector),
                    entities=count,
                    gap_tce=gap,
                    gap_pct=pct,
                    flagged=flagged,
                    metered_tce=metered_tce,
                    metered_months=months,
                    metered_gap_pct=metered_pct,
                    metered_flagged=metered_pct is not None and abs(metered_pct) > threshold_pct,
                    partial=partial,
                )
            )
    claim_areas = chosen if county_code else [city_code, *chosen]
    claims = session.scalars(
        select(ClaimedReduction)
        .where(ClaimedReduction.year == year, ClaimedReduction.area_code.in_(claim_areas))
        .order_by(ClaimedReduction.gpc_ref, ClaimedReduction.id)
    ).all()
    return Reconciliation(
        year=year,
        threshold_pct=threshold_pct,
        rows=tuple(rows),
        claims=tuple(
            Claim(
                c.id,
                c.gpc_ref,
                c.scheme,
                c.reference,
                Decimal(c.amount_tco2e),
                c.description,
                c.area_code,
            )
            for c in claims
        ),
    )
