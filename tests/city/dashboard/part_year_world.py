"""A hand-built city whose latest year holds eight verified months (test data).

Eight textile (C17) enterprises, four per county. Every month of 2024 is verified; in 2025
months 1–8 are, except that 南湖 #1 is a month ahead (1–9) and 嘉善 #4 two behind (1–6).
Monthly verified tCO2e (tce is a quarter of each):

    南湖区 330402   2024: 10, 20, 30, 40 a month   2025: 9, 18, 27, 36 a month
    嘉善县 330421   2024: 15, 25, 35, 45 a month   2025: 15, 25, 35, 45 a month

2025's coverage: months 1–6 verified by 8 of 8 entities, 7–8 by 7, 9 by 1: at least half
(4) for 1–8 only, so 2025 holds 1–8月.

By hand:

- 2024 full year: 南湖 100 × 12 = 1200; 嘉善 120 × 12 = 1440; city 2640.
- 2024 1–8月 (同期): 南湖 100 × 8 = 800; 嘉善 120 × 8 = 960; city 1760.
- 2025 1–8月: 南湖 90 × 8 = 720 (#1's September, 9 t, is left out); 嘉善 (15 + 25 + 35) × 8 +
  45 × 6 = 600 + 270 = 870; city 1590.
- Change on 同期: city 1590 / 1760 − 1 = −9.659 %; 南湖 720 / 800 − 1 = −10 %; 嘉善 870 / 960 − 1
  = −9.375 %. (The annual accounts would read 2025 = 1599 against 2024's 2640: −39.4 %.)

Disclosure (threshold 3, (1, 85), p 10 %): every county cell has 4 entities, the largest 40 %
of its county's 1–8 total or less, so nothing is withheld; the rest of 2024 (9–12月: 南湖 400,
嘉善 480, 4 entities each) passes too, so the same-period figures are published.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

import testkit
from grading.factories import make_entity
from shuangtan.accounts import annual
from shuangtan.accounts.models import ActivityReport

NANHU = "330402"
JIASHAN = "330421"
MONTHLY = {
    2024: {NANHU: (10, 20, 30, 40), JIASHAN: (15, 25, 35, 45)},
    2025: {NANHU: (9, 18, 27, 36), JIASHAN: (15, 25, 35, 45)},
}
MONTHS_2025 = {(NANHU, 1): 9, (JIASHAN, 4): 6}
"""Entities whose 2025 is not months 1–8: (county, number) → last verified month."""


def _month(session: Session, entity_id: int, year: int, month: int, tco2e: int) -> None:
    value = Decimal(tco2e)
    session.add(
        ActivityReport(
            entity_id=entity_id,
            year=year,
            month=month,
            status="verified",
            reported_tco2e=value,
            reported_scope1_tco2e=value,
            reported_scope2_tco2e=Decimal(0),
            reported_tce=value / 4,
            verified_tco2e=value,
            verified_tce=value / 4,
        )
    )


def seed_part_year(session: Session) -> dict[str, Any]:
    """The city above, with an enterprise login ``firm`` (南湖 #2) and ``late`` (嘉善 #4), and
    a city official ``city``."""
    testkit.city(session)
    ids: dict[str, int] = {}
    for county in (NANHU, JIASHAN):
        for number in range(1, 5):
            name = f"分月{county[-2:]}纺织{number}号"
            entity = make_entity(session, name=name, county_code=county, industry_code="C17")
            ids[f"{county}-{number}"] = entity.id
            for year, values in MONTHLY.items():
                last = 12 if year == 2024 else MONTHS_2025.get((county, number), 8)
                for month in range(1, last + 1):
                    _month(session, entity.id, year, month, values[county][number - 1])
    session.flush()
    for year in MONTHLY:
        annual.recompute_year(session=session, year=year)
    testkit.make_users(
        session,
        [
            ("city", "official", "330400", None),
            ("firm", "enterprise", None, ids[f"{NANHU}-2"]),
            ("late", "enterprise", None, ids[f"{JIASHAN}-4"]),
        ],
    )
    return {"ids": ids}
