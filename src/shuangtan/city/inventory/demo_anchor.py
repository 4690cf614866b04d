"""The demo's statistics set beside the entity accounts (演示统计与主体核算的衔接).

The reconciliation (:mod:`.reconciliation`, 清单核对) sets each county's statistical energy
balance against the verified accounts of its entities. A real county's statistics and its
reporting enterprises agree within a few per cent, with a few exceptions an official has to
chase. So when the synthetic city's accounts are loaded (the demo loads them first), the demo's
industrial energy of each county is its entities' verified sum plus a **non-reporting remainder**
(:data:`INDUSTRY_REMAINDER`: small plants below the reporting threshold, 3.8–7.4 % of the
statistics), and three cells are **planted outliers** (:data:`PLANTED`), each with the reason
an official would find. Entities are read only through
:func:`shuangtan.accounts.query.verified_totals`.

The statistics are anchored only when the entities are a full city: their industrial sum plus
remainders is between 60 % and 85 % of the year's city energy (:data:`ANCHOR_RANGE`). A small
test city, or a year whose verified months are still few, keeps the design values of
:mod:`.demo_counties` (its reconciliation then shows the coverage it really has). Whatever is not
anchored (construction, residential, and services, transport and primary beyond the planted
cell) takes the rest of the city's exact total in proportion to the design values.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query

from .demo_counties import CODES
from .reconciliation import KIND_SECTOR

__all__ = ["ANCHOR_RANGE", "INDUSTRY_REMAINDER", "PLANTED", "anchor", "entity_sums"]

INDUSTRY_REMAINDER = {  # statistics / entities − 1 of each county's industry (assumption)
    "330402": Decimal("0.06"),  # gap 0.06/1.06 = 5.66 % of the statistics
    "330421": Decimal("0.08"),  # 7.41 %
    "330424": Decimal("0.05"),  # 4.76 %
    "330482": Decimal("0.07"),  # 6.54 %
    "330483": Decimal("0.04"),  # 3.85 %
}
PLANTED: dict[tuple[str, str], tuple[Decimal, str]] = {
    # (county, sector): (statistics / entities − 1, what an official would find)
    ("330481", "industry"): (
        Decimal("0.25"),
        "海宁市工业统计能耗比主体核算高20%:经编园区一批印染企业在重点用能单位名单上,"
        "却未在平台注册核算 (unregistered large emitters: gap 0.25/1.25 = 20.00 %)",
    ),
    ("330411", "industry"): (
        Decimal("-0.14"),
        "秀洲区主体核算比统计高:一家注册在秀洲、厂区在桐乡的化纤企业按注册地报送全部能耗,"
        "统计按消费地计入桐乡 (a misreported county: gap −0.14/0.86 = −16.28 %)",
    ),
    ("330482", "transport"): (
        Decimal("-0.15"),
        "平湖市交通运输主体核算高于统计:港区物流企业的车队主要在沪甬线路上加油运营,"
        "统计按本地销售计 (fuel bought and burnt outside the county: gap −0.15/0.85 = −17.65 %)",
    ),
}
ANCHOR_RANGE = (Decimal("0.60"), Decimal("0.85"))
"""Anchor on the entities only when their industry (with remainders) is this share of the city."""
_SIX = Decimal("0.000001")


def _q(value: Decimal) -> Decimal:
    return value.quantize(_SIX, rounding=ROUND_HALF_UP)


def entity_sums(session: Session, year: int) -> dict[tuple[str, str], Decimal]:
    """Verified entity energy (tce) of ``year`` by (county, sector), through the accounts' query."""
    totals = accounts_query.verified_totals(session, by=("county", "kind"), year=year)
    out: dict[tuple[str, str], Decimal] = {}
    for total in totals:
        sector = KIND_SECTOR.get(str(total.kind))
        if sector is not None and total.county_code is not None:
            out[(str(total.county_code), sector)] = Decimal(total.energy_tce or 0)
    return out


def _ratio(code: str, sector: str) -> Decimal | None:
    if (code, sector) in PLANTED:
        return 1 + PLANTED[(code, sector)][0]
    if sector == "industry":
        return 1 + INDUSTRY_REMAINDER[code]
    return None


def anchor(
    design: Mapping[tuple[str, str], Decimal],
    entities: Mapping[tuple[str, str], Decimal],
    total: Decimal,
) -> dict[tuple[str, str], Decimal] | None:
    """The county × sector energy (tce) set beside the entities, summing exactly to ``total``;
    None when the entities are not a full city (the design values stay)."""
    fixed: dict[tuple[str, str], Decimal] = {}
    for code in CODES:
        for sector in ("industry", "services", "transport", "primary"):
            ratio = _ratio(code, sector)
            amount = entities.get((code, sector), Decimal(0))
            if ratio is not None and amount > 0:
                fixed[(code, sector)] = _q(amount * ratio)
    industry = sum((v for (_, s), v in fixed.items() if s == "industry"), Decimal(0))
    low, high = ANCHOR_RANGE
    if not low * total <= industry <= high * total:
        return None
    free = {key: value for key, value in design.items() if key not in fixed}
    rest = total - sum(fixed.values(), Decimal(0))
    whole = sum(free.values(), Decimal(0))
    keys = list(free)
    out = dict(fixed)
    for key in keys[:-1]:
        out[key] = _q(rest * free[key] / whole)
    out[keys[-1]] = rest - sum((out[k] for k in keys[:-1]), Decimal(0))
    # a partial sector must stay above its entities (their remainder is the unreported part)
    for (code, sector), amount in entities.items():
        if (code, sector) not in fixed and out.get((code, sector), Decimal(0)) < amount:
            return None
    return {key: out[key] for key in design}
