"""Anomaly rules, each on a hand-built series."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.accounts import anomalies

from . import factories as f
from .conftest import World


class TestRobustZ:
    def test_a_known_set(self) -> None:
        # values 1, 2, 3, 4, 100: median 3; |x − 3| = 2, 1, 0, 1, 97 → MAD 1;
        # z(100) = (100 − 3) / (1.4826 × 1) = 65.425604...
        z = anomalies.robust_z(100.0, [1.0, 2.0, 3.0, 4.0, 100.0])
        assert z == pytest.approx(97 / 1.4826)

    def test_no_spread_gives_no_score(self) -> None:
        assert anomalies.robust_z(5.0, [5.0, 5.0, 5.0]) is None


def _rules(session: Session, report: object) -> set[str]:
    flags = anomalies.detect(session=session, report=report)  # type: ignore[arg-type]
    return {flag.rule for flag in flags}


class TestDetect:
    def test_a_month_over_month_jump_above_two_times(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(100))
        now = f.make_report(
            session, world.a, month=2, status="submitted", reported_tco2e=Decimal("200.000001")
        )
        flags = anomalies.detect(session=session, report=now)
        assert [(fl.rule, fl.score) for fl in flags] == [("mom_jump", Decimal("2.000000"))]

    def test_exactly_two_times_is_not_a_jump(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(100))
        now = f.make_report(
            session, world.a, month=2, status="submitted", reported_tco2e=Decimal(200)
        )
        assert _rules(session, now) == set()

    def test_a_drop_below_half(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(100))
        now = f.make_report(
            session, world.a, month=2, status="submitted", reported_tco2e=Decimal(49)
        )
        assert _rules(session, now) == {"mom_jump"}

    def test_missing_months_before_this_one(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(100))
        f.make_report(session, world.a, month=2, status="draft")
        now = f.make_report(session, world.a, month=4, status="submitted")
        flags = anomalies.detect(session=session, report=now)
        assert [(fl.rule, fl.score) for fl in flags] == [("missing", Decimal(2))]  # months 2, 3

    def test_energy_up_while_output_falls(self, session: Session, world: World) -> None:
        f.make_report(
            session,
            world.a,
            month=1,
            status="verified",
            reported_tco2e=Decimal(100),
            reported_tce=Decimal(100),
            output_quantity=Decimal(100),
        )
        now = f.make_report(
            session,
            world.a,
            month=2,
            status="submitted",
            reported_tco2e=Decimal(100),
            reported_tce=Decimal(130),
            output_quantity=Decimal(70),
        )
        flags = anomalies.detect(session=session, report=now)
        # energy +30 %, output −30 % (both beyond ±20 %): score 0.3 − (−0.3) = 0.6
        assert [(fl.rule, fl.score) for fl in flags] == [("mismatch", Decimal("0.600000"))]

    def test_intensity_far_from_peers(self, session: Session, world: World) -> None:
        # six textile peers in Jan 2023 with intensities 1, 2, 3, 4, 5 and this one 100
        # (tCO2e per 10^4 CNY): median 3.5; deviations 2.5 1.5 0.5 0.5 1.5 96.5 → MAD 1.5;
        # z = (100 − 3.5) / (1.4826 × 1.5) = 43.39...
        for intensity in (1, 2, 3, 4, 5):
            peer = f.make_entity(session, industry_code="C17")
            f.make_report(
                session,
                peer,
                month=1,
                status="submitted",
                reported_tco2e=Decimal(intensity),
                value_added_10k_cny=Decimal(1),
            )
        now = f.make_report(
            session,
            world.a,
            month=1,
            status="submitted",
            reported_tco2e=Decimal(1000),
            value_added_10k_cny=Decimal(10),
        )
        flags = anomalies.detect(session=session, report=now)
        assert [fl.rule for fl in flags] == ["peer_intensity"]
        assert float(flags[0].score or 0) == pytest.approx(96.5 / (1.4826 * 1.5), abs=1e-6)
        assert "稳健z值" in flags[0].reason_zh


class TestRerunYear:
    def test_an_official_reruns_its_scope(self, session: Session, world: World) -> None:
        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(100))
        f.make_report(session, world.a, month=2, status="submitted", reported_tco2e=Decimal(300))
        f.make_report(session, world.b, month=3, status="submitted", reported_tco2e=Decimal(1))
        # A: February is 3× January (mom_jump); B (Nanhu) is outside the Jiashan official's scope
        count = anomalies.rerun_year(session=session, actor=world.official_jiashan, year=2023)
        assert count == 1

    def test_an_enterprise_may_not(self, session: Session, world: World) -> None:
        from shuangtan.errors import PermissionDenied

        with pytest.raises(PermissionDenied):
            anomalies.rerun_year(session=session, actor=world.enterprise_a, year=2023)
