"""The factors of lines stored without provenance (bulk-loaded months) come from the core."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import computation

from . import factories as f


class TestFactorsOf:
    def test_each_line_gets_the_factors_of_its_fuel_and_grid(self, session: Session) -> None:
        f.city(session)
        entity = f.make_entity(session)
        report = f.make_report(
            session,
            entity,
            year=2023,
            month=5,
            status="verified",
            lines=[
                {
                    "activity": "fuel_combustion",
                    "item": "natural_gas",
                    "quantity": Decimal("10"),
                    "unit": "10^4 Nm3",
                },
                {"activity": "purchased_electricity", "quantity": Decimal("1000"), "unit": "MWh"},
            ],
        )
        factors = computation.factors_of(session, report)
        gas = {x["id"]: x for x in factors[1]}
        assert gas["ncv.natural_gas"]["value"] == pytest.approx(389.31)  # GB/T 32151.22 C.1
        assert "GB/T 32151.22-2024" in gas["ncv.natural_gas"]["source"]
        grid = [x for x in factors[2] if x["id"].startswith("grid.mee-nbs.CN-ZJ")]
        assert grid and grid[0]["value"] == pytest.approx(0.4974)  # Zhejiang 2023
        assert report.lines[0].factors is None  # nothing was stored
