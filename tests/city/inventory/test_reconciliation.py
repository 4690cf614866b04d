"""reconcile(): verified entity accounts against the statistical balance, by county and sector."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from accounts import factories as f
from shuangtan.accounts.models import AnnualAccount
from shuangtan.city.inventory import entries
from shuangtan.city.inventory.reconciliation import reconcile

from .conftest import JIASHAN, jiashan_statistics


def _account(session: Session, energy_tce: str, months: int = 12, kind: str = "industrial") -> None:
    entity = f.make_entity(session, county_code=JIASHAN, kind=kind)
    session.add(
        AnnualAccount(
            entity_id=entity.id,
            year=2022,
            months_verified=months,
            tco2e=Decimal("300"),
            scope1_tco2e=Decimal("100"),
            scope2_tco2e=Decimal("200"),
            energy_tce=Decimal(energy_tce),
            reported_tco2e=Decimal("300"),
        )
    )
    session.flush()


class TestReconcile:
    def test_gap_and_percent_are_statistics_minus_entities(self, city: Session) -> None:
        jiashan_statistics(city)
        _account(city, "100")
        [row] = reconcile(session=city, year=2022, county_code=JIASHAN).rows
        # statistics 1000 MWh × 0.1229 = 122.9 tce; entities 100 tce
        # gap 22.9 tce; 22.9 / 122.9 × 100 = 18.633… → 18.63 %
        got = (row.statistical_tce, row.entities_tce, row.gap_tce)
        assert got == (Decimal("122.9"), Decimal("100"), Decimal("22.9"))
        assert row.gap_pct == Decimal("18.63")
        assert row.entities == 1

    def test_the_flag_follows_the_threshold(self, city: Session) -> None:
        jiashan_statistics(city)
        _account(city, "100")
        assert reconcile(session=city, year=2022, county_code=JIASHAN).rows[0].flagged
        loose = reconcile(session=city, year=2022, county_code=JIASHAN, threshold_pct=Decimal(20))
        assert not loose.rows[0].flagged

    def test_entities_above_the_statistics_give_a_negative_gap(self, city: Session) -> None:
        jiashan_statistics(city)
        _account(city, "150")
        [row] = reconcile(session=city, year=2022, county_code=JIASHAN).rows
        # 122.9 − 150 = −27.1 tce; −27.1 / 122.9 × 100 = −22.050… → −22.05 %
        got = (row.gap_tce, row.gap_pct, row.flagged)
        assert got == (Decimal("-27.1"), Decimal("-22.05"), True)

    def test_accounts_without_verified_months_do_not_count(self, city: Session) -> None:
        jiashan_statistics(city)
        _account(city, "100", months=0)
        [row] = reconcile(session=city, year=2022, county_code=JIASHAN).rows
        assert row.entities_tce == Decimal(0)

    def test_public_buildings_are_set_against_services(self, city: Session) -> None:
        _account(city, "40", kind="public_building")
        [row] = reconcile(session=city, year=2022, county_code=JIASHAN).rows
        assert (row.sector, row.statistical_tce, row.flagged) == ("services", None, True)

    def test_claims_of_the_county_are_listed(self, city: Session) -> None:
        entries.record(
            session=city,
            actor=None,
            kind="claim",
            data={
                "year": 2022,
                "area_code": JIASHAN,
                "gpc_ref": "I.1.2",
                "scheme": "carbon_points",
                "reference": "TPH-1",
                "amount_tco2e": "12.5",
                "description": "节电",
                "source_note": "碳普惠登记",
            },
        )
        claims = reconcile(session=city, year=2022, county_code=JIASHAN).claims
        assert [(c.gpc_ref, c.reference, c.amount_tco2e) for c in claims] == [
            ("I.1.2", "TPH-1", Decimal("12.5"))
        ]

    def test_a_reference_recorded_for_another_year_is_refused(self, city: Session) -> None:
        import pytest

        from shuangtan.city.inventory.errors import DuplicateReference

        claim = {
            "area_code": JIASHAN,
            "gpc_ref": "I.1.2",
            "scheme": "ccer",
            "reference": "C-1",
            "amount_tco2e": "5",
            "description": "",
            "source_note": "CCER登记",
        }
        entries.record(session=city, actor=None, kind="claim", data={**claim, "year": 2022})
        with pytest.raises(DuplicateReference):
            entries.record(session=city, actor=None, kind="claim", data={**claim, "year": 2023})
