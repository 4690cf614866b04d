"""The inventory's demo city (清单演示数据): years, counties that differ, CEADs comparison.

Every expected number is derived by hand in the test from the demo's stated assumptions
(docs/inventory.md) or from a published source named beside it.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.inventory.demo import load_demo_inventory


def test_years_after_2025_go_on_at_the_stated_pace(city: Session) -> None:
    assert load_demo_inventory(session=city, years=(2025, 2026)) > 0
    assert inventory_service.years_with_data(session=city) == [2025, 2026]
    energy_2026 = inventory_service.city_totals(session=city, year=2026).energy_tce
    # 2025: 26,140,000 tce (demo path); 2026 = 26,140,000 × 1.025 = 26,793,500 tce
    assert energy_2026 == Decimal("26793500")
    assert load_demo_inventory(session=city, years=(2025, 2026)) == 0
