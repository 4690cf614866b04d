"""Re-check selection: tiers at their edges, risk raising the probability, seeded draws."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import recheck
from shuangtan.accounts.models import AnomalyFlag, RecheckSelection
from shuangtan.errors import PermissionDenied

from . import factories as f
from .conftest import World


class TestProbability:
    @pytest.mark.parametrize(
        ("tce", "expected"),
        [
            ("10000", ("1", "tier")),  # exactly a key energy user: every year
            ("9999.999999", ("0.3", "random")),
            ("5000", ("0.3", "random")),  # exactly the reporting threshold
            ("4999.999999", ("0.1", "random")),
            ("0", ("0.1", "random")),
        ],
    )
    def test_tiers_at_their_edges(self, tce: str, expected: tuple[str, str]) -> None:
        p, reason = recheck.probability(Decimal(tce), 0)
        assert (p, reason) == (Decimal(expected[0]), expected[1])

    def test_each_flag_doubles_the_probability_up_to_one(self) -> None:
        # 0.1 × 2^1 = 0.2; 0.1 × 2^2 = 0.4; 0.1 × 2^3 = 0.8; 0.1 × 2^4 = 1.6 → capped at 1
        got = [recheck.probability(Decimal(100), n)[0] for n in (1, 2, 3, 4)]
        assert got == [Decimal("0.2"), Decimal("0.4"), Decimal("0.8"), Decimal(1)]
        assert recheck.probability(Decimal(100), 1)[1] == "risk"


class TestSelectRechecks:
    def _verified_year(self, session: Session, world: World, tce_a: str, tce_b: str) -> None:
        for entity, tce in ((world.a, tce_a), (world.b, tce_b)):
            for month in (1, 2):
                f.make_report(
                    session,
                    entity,
                    year=2023,
                    month=month,
                    status="verified",
                    verified_tco2e=Decimal(1),
                    verified_tce=Decimal(tce) / 2,
                )

    def test_a_key_energy_user_is_always_selected(self, session: Session, world: World) -> None:
        self._verified_year(session, world, "10000", "100")
        drawn = recheck.select_rechecks(session=session, actor=world.admin, year=2023, seed=11)
        by_entity = {c.entity_id: c for c in drawn}
        assert by_entity[world.a.id].probability == Decimal(1)
        assert by_entity[world.a.id].selected and by_entity[world.a.id].reason == "tier"
        selection = session.execute(
            select(RecheckSelection).where(RecheckSelection.entity_id == world.a.id)
        ).scalar_one()
        assert (selection.reason, selection.seed, selection.probability) == ("tier", 11, 1)

    def test_the_draw_is_the_documented_seeded_sequence(
        self, session: Session, world: World
    ) -> None:
        self._verified_year(session, world, "6000", "100")
        report = f.make_report(
            session,
            world.b,
            year=2023,
            month=3,
            status="verified",
            verified_tco2e=Decimal(1),
            verified_tce=Decimal(0),
        )
        session.add(AnomalyFlag(report_id=report.id, rule="missing", reason_zh="x", reason_en="x"))
        session.flush()
        # A: 6,000 tce → 0.3; B: 100 tce with one flag → 0.1 × 2 = 0.2
        rng = random.Random(5)
        draws = [rng.random(), rng.random()]
        drawn = recheck.select_rechecks(session=session, actor=world.admin, year=2023, seed=5)
        assert [(c.probability, c.flags, c.draw) for c in drawn] == [
            (Decimal("0.3"), 0, draws[0]),
            (Decimal("0.2"), 1, draws[1]),
        ]
        assert [c.selected for c in drawn] == [draws[0] < 0.3, draws[1] < 0.2]

    def test_selected_verified_months_move_to_recheck(self, session: Session, world: World) -> None:
        self._verified_year(session, world, "20000", "100")
        recheck.select_rechecks(session=session, actor=world.admin, year=2023, seed=1)
        statuses = {
            r.status
            for r in session.execute(
                select(f.ActivityReport).where(f.ActivityReport.entity_id == world.a.id)
            ).scalars()
        }
        assert statuses == {"recheck"}

    def test_an_enterprise_cannot_draw(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            recheck.select_rechecks(session=session, actor=world.enterprise_a, year=2023, seed=1)
