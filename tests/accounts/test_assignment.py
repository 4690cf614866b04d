"""Verifier assignment: by an official, or a seeded draw with rotation and conflicts."""

from __future__ import annotations

import random

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import assignment
from shuangtan.accounts.errors import AssignmentConflicted
from shuangtan.accounts.models import VerifierConflict
from shuangtan.errors import PermissionDenied

from . import factories as f
from .conftest import World


class TestAssignVerifier:
    def test_an_official_in_scope_assigns(self, session: Session, world: World) -> None:
        made = assignment.assign_verifier(
            session=session,
            actor=world.official_jiashan,
            entity_id=world.a.id,
            year=2024,
            verifier_body_id=world.body2.id,
        )
        assert (made.method, made.seed, made.verifier_body_id) == ("assigned", None, world.body2.id)

    def test_an_official_out_of_scope_is_refused(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            assignment.assign_verifier(
                session=session,
                actor=world.official_nanhu,
                entity_id=world.a.id,
                year=2024,
                verifier_body_id=world.body2.id,
            )

    def test_a_conflicted_body_is_refused(self, session: Session, world: World) -> None:
        with pytest.raises(AssignmentConflicted):
            assignment.assign_verifier(
                session=session,
                actor=world.admin,
                entity_id=world.b.id,
                year=2024,
                verifier_body_id=world.body3.id,
            )

    def test_a_fourth_year_in_a_row_is_refused(self, session: Session, world: World) -> None:
        for year in (2020, 2021, 2022):
            f.assign(session, world.a, world.body2, year)
        with pytest.raises(AssignmentConflicted) as caught:
            assignment.assign_verifier(
                session=session,
                actor=world.admin,
                entity_id=world.a.id,
                year=2023,
                verifier_body_id=world.body2.id,
            )
        assert "rotate" in caught.value.message_en

    def test_a_verifier_cannot_assign(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            assignment.assign_verifier(
                session=session,
                actor=world.verifier1,
                entity_id=world.a.id,
                year=2024,
                verifier_body_id=world.body1.id,
            )


class TestDrawVerifiers:
    def test_the_same_seed_gives_the_same_draw(self, session: Session, world: World) -> None:
        # Expected by replaying the documented procedure: Random(seed), entities in id order,
        # rng.choice over each one's eligible bodies in id order.
        # A: bodies 1, 2, 3 all eligible; B: body 3 conflicted → 1, 2.
        rng = random.Random(7)
        bodies = [world.body1.id, world.body2.id, world.body3.id]
        expected = {world.a.id: rng.choice(bodies), world.b.id: rng.choice(bodies[:2])}
        made = assignment.draw_verifiers(session=session, actor=world.admin, year=2025, seed=7)
        assert {m.entity_id: m.verifier_body_id for m in made} == expected
        assert {(m.method, m.seed) for m in made} == {("random", 7)}

    def test_a_drawn_body_is_never_conflicted_or_blocked_by_rotation(
        self, session: Session, world: World
    ) -> None:
        for year in (2022, 2023, 2024):  # body 1 verified A three years running
            if year != 2023:
                f.assign(session, world.a, world.body1, year)
        for seed in range(20):
            made = assignment.draw_verifiers(
                session=session, actor=world.admin, year=2025, seed=seed
            )
            by_entity = {m.entity_id: m.verifier_body_id for m in made}
            assert by_entity[world.a.id] != world.body1.id
            assert by_entity[world.b.id] != world.body3.id
            for m in made:
                session.delete(m)
            session.flush()

    def test_an_entity_with_no_eligible_body_is_left_unassigned(
        self, session: Session, world: World
    ) -> None:
        for body in (world.body1, world.body2):
            session.add(
                VerifierConflict(verifier_body_id=body.id, entity_id=world.b.id, reason="x")
            )
        session.flush()
        made = assignment.draw_verifiers(session=session, actor=world.admin, year=2025, seed=1)
        assert [m.entity_id for m in made] == [world.a.id]

    def test_an_official_draws_only_in_scope(self, session: Session, world: World) -> None:
        made = assignment.draw_verifiers(
            session=session, actor=world.official_jiashan, year=2025, seed=3
        )
        assert [m.entity_id for m in made] == [world.a.id]


class TestVerifierRecords:
    def test_an_enterprise_may_not_see_records(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            assignment.verifier_records(session=session, actor=world.enterprise_a, year=2023)


class TestDeclareConflict:
    def test_a_member_of_the_body_declares_and_is_then_refused_the_entity(
        self, session: Session, world: World
    ) -> None:
        conflict = assignment.declare_conflict(
            session=session,
            actor=world.verifier2,
            verifier_body_id=world.body2.id,
            entity_id=world.a.id,
            reason="为该企业提供过节能咨询",
        )
        assert conflict.reason == "为该企业提供过节能咨询"
        assert world.body2.id not in assignment.eligible_bodies(
            session=session, entity_id=world.a.id, year=2025
        )

    def test_a_member_of_another_body_is_refused(self, session: Session, world: World) -> None:
        with pytest.raises(PermissionDenied):
            assignment.declare_conflict(
                session=session,
                actor=world.verifier1,
                verifier_body_id=world.body2.id,
                entity_id=world.a.id,
                reason="x",
            )


class TestVerifierRecordsContent:
    def test_volume_corrections_and_days(self, session: Session, world: World) -> None:
        from datetime import datetime
        from decimal import Decimal

        submitted = datetime(2023, 2, 1, 0, 0)
        for month, days, corrected in ((1, 3, None), (2, 6, Decimal(5))):
            f.make_report(
                session,
                world.a,
                month=month,
                status="corrected" if corrected else "verified",
                verified_by_body_id=world.body1.id,
                submitted_at=submitted,
                verified_at=datetime(2023, 2, 1 + days, 0, 0),
                verified_tco2e=Decimal(1),
                corrected_tco2e=corrected,
            )
        records = assignment.verifier_records(session=session, actor=world.official_city, year=2023)
        # two months verified, one later corrected; 3 and 6 days → mean 4.5, worst 6
        assert [
            (
                r.verifier_body_id,
                r.reports_verified,
                r.corrections_found,
                r.mean_days_to_verify,
                r.max_days_to_verify,
            )
            for r in records
        ] == [(world.body1.id, 2, 1, Decimal("4.50"), Decimal("6.00"))]
        assert (
            assignment.verifier_records(session=session, actor=world.official_nanhu, year=2023)
            == []
        )
