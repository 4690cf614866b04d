"""The annual account: the sum of verified months, and its flags at their edges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import annual

from . import factories as f
from .conftest import World


def _months(session: Session, world: World, tce: str, tco2e: str, **extra: object) -> None:
    # two verified months of half each, one submitted month that must not count
    for month in (1, 2):
        f.make_report(
            session,
            world.a,
            year=2023,
            month=month,
            status="verified",
            verified_tce=Decimal(tce) / 2,
            verified_tco2e=Decimal(tco2e) / 2,
            reported_tco2e=Decimal(tco2e) / 2,
            **extra,
        )
    f.make_report(
        session,
        world.a,
        year=2023,
        month=3,
        status="submitted",
        reported_tce=Decimal(99999),
        reported_tco2e=Decimal(99999),
    )


class TestRecomputeAnnualAccount:
    @pytest.mark.parametrize(
        ("tce", "tco2e", "flags"),
        [
            ("4999.999998", "1", (False, False, False)),
            ("5000", "1", (True, False, False)),  # plan §1.(1).6: ≥ 5,000 tce must report
            ("9999.999998", "1", (True, False, False)),
            ("10000", "25999.999998", (True, True, False)),  # key energy user at 10,000 tce
            # textiles (C17) at 26,000 tCO2e: not a national-ETS sector (test_ets_flag)
            ("10000", "26000", (True, True, False)),
        ],
    )
    def test_flags_at_their_edges(
        self, session: Session, world: World, tce: str, tco2e: str, flags: tuple[bool, ...]
    ) -> None:
        _months(session, world, tce, tco2e)
        account = annual.recompute_annual_account(session=session, entity_id=world.a.id, year=2023)
        assert account is not None
        got = (account.months_verified, account.energy_tce, account.tco2e)
        assert got == (2, Decimal(tce), Decimal(tco2e))
        assert (account.mandatory_reporter, account.key_energy_user, account.ets_covered) == flags

    def test_a_corrected_month_counts_its_corrected_value(
        self, session: Session, world: World
    ) -> None:
        f.make_report(
            session,
            world.a,
            year=2023,
            month=1,
            status="corrected",
            verified_tco2e=Decimal(100),
            corrected_tco2e=Decimal(120),
            verified_tce=Decimal(40),
            reported_tco2e=Decimal(90),
        )
        f.make_report(
            session,
            world.a,
            year=2023,
            month=2,
            status="locked",
            verified_tco2e=Decimal(50),
            verified_tce=Decimal(20),
            reported_tco2e=Decimal(50),
        )
        account = annual.recompute_annual_account(session=session, entity_id=world.a.id, year=2023)
        assert account is not None
        # 120 (corrected) + 50 = 170 t; reported 90 + 50 = 140 t; 40 + 20 = 60 tce
        got = (account.tco2e, account.reported_tco2e, account.energy_tce)
        assert got == (Decimal(170), Decimal(140), Decimal(60))


class TestRecomputeYear:
    def test_every_entity_is_written_in_one_pass(self, session: Session, world: World) -> None:
        _months(session, world, "6000", "100")
        f.make_report(
            session,
            world.b,
            year=2023,
            month=5,
            status="confirmed",
            verified_tce=Decimal(7),
            verified_tco2e=Decimal(3),
        )
        assert annual.recompute_year(session=session, year=2023) == 2
        _months_again = annual.recompute_year(session=session, year=2023)  # upsert, not insert
        assert _months_again == 2
        from sqlalchemy import select

        from shuangtan.accounts.models import AnnualAccount

        rows = session.execute(select(AnnualAccount).order_by(AnnualAccount.entity_id)).scalars()
        assert [(r.entity_id, r.energy_tce, r.mandatory_reporter) for r in rows] == [
            (world.a.id, Decimal(6000), True),
            (world.b.id, Decimal(7), False),
        ]
