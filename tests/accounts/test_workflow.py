"""Every transition of the state table, allowed and refused, per role."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import service, workflow
from shuangtan.accounts.errors import ReportNotFound, TransitionRefused
from shuangtan.accounts.models import ActivityReport, RecheckSelection
from shuangtan.accounts.schemas import ReportIn
from shuangtan.audit.models import AuditEntry
from shuangtan.errors import InvalidInput, PermissionDenied

from .conftest import World

GAS_AND_POWER = [
    {"activity": "fuel_combustion", "item": "natural_gas", "quantity": "10", "unit": "10^4 Nm3"},
    {"activity": "purchased_electricity", "quantity": "1000", "unit": "MWh"},
]
# natural gas: 389.31 GJ/10^4 Nm3 × 0.0153 tC/GJ × 0.99 × 44/12 = 21.62188809 t per 10^4 Nm3
# (GB/T 32151 Table C.1 defaults); × 10 = 216.2188809 → 216.218881 t, scope 1
# electricity: 1,000 MWh × 0.4974 tCO2/MWh (Zhejiang 2023 grid, MEE/NBS) = 497.4 t, scope 2
# total 713.618881 t; energy 10^5 m3 × 1.2143 kgce/m3 (GB/T 2589 A.1) = 121.43 tce
# + 10^6 kWh × 0.1229 kgce/kWh = 122.9 tce → 244.33 tce
TOTAL_TCO2E = Decimal("713.618881")
TOTAL_TCE = Decimal("244.330000")


def draft(session: Session, world: World, month: int = 1) -> ActivityReport:
    data = ReportIn(year=2023, month=month, lines=GAS_AND_POWER)  # type: ignore[arg-type]
    return service.save_report(
        session=session, actor=world.enterprise_a, entity_id=world.a.id, data=data
    )


def submitted(session: Session, world: World) -> ActivityReport:
    report = draft(session, world)
    return service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)


def under_verification(session: Session, world: World) -> ActivityReport:
    report = submitted(session, world)
    return service.start_verification(session=session, actor=world.verifier1, report_id=report.id)


def verified(session: Session, world: World) -> ActivityReport:
    report = under_verification(session, world)
    return service.verify_report(session=session, actor=world.verifier1, report_id=report.id)


def in_recheck(session: Session, world: World) -> ActivityReport:
    report = verified(session, world)
    return workflow.transition(
        session=session,
        actor=world.official_jiashan,
        report_id=report.id,
        action="select_for_recheck",
    )


class TestSubmit:
    def test_the_enterprise_submits_and_the_core_computes_every_line(
        self, session: Session, world: World
    ) -> None:
        report = submitted(session, world)
        assert report.status == "submitted"
        assert [line.tco2e for line in report.lines] == [
            Decimal("216.218881"),
            Decimal("497.400000"),
        ]
        assert [line.scope for line in report.lines] == [1, 2]
        assert report.reported_tco2e == TOTAL_TCO2E
        assert report.reported_scope1_tco2e == Decimal("216.218881")
        assert report.reported_scope2_tco2e == Decimal("497.400000")
        assert report.reported_tce == TOTAL_TCE
        factor_ids = [f["id"] for f in report.lines[1].factors or []]
        assert "grid.mee-nbs.CN-ZJ.2023" in factor_ids

    def test_another_enterprise_is_refused(self, session: Session, world: World) -> None:
        report = draft(session, world)
        with pytest.raises(ReportNotFound):  # another tenant's report: not found, as on a read
            service.submit_report(session=session, actor=world.enterprise_b, report_id=report.id)

    def test_other_roles_are_refused(self, session: Session, world: World) -> None:
        report = draft(session, world)
        for who in ("verifier1", "official_jiashan", "bank"):
            with pytest.raises(PermissionDenied):
                service.submit_report(
                    session=session, actor=getattr(world, who), report_id=report.id
                )

    def test_an_admin_may_submit_on_behalf(self, session: Session, world: World) -> None:
        report = draft(session, world)
        assert service.submit_report(session=session, actor=world.admin, report_id=report.id)

    def test_a_submitted_report_cannot_be_submitted_again(
        self, session: Session, world: World
    ) -> None:
        report = submitted(session, world)
        with pytest.raises(TransitionRefused) as caught:
            service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)
        assert caught.value.code == "report.transition_refused"
        assert caught.value.status == 409
        assert "已提交" in caught.value.message_zh and "'submitted'" in caught.value.message_en

    def test_a_line_the_core_refuses_fails_the_whole_submission(
        self, session: Session, world: World
    ) -> None:
        lines = [
            *GAS_AND_POWER,
            {"activity": "fuel_combustion", "item": "unobtainium", "quantity": "1", "unit": "t"},
        ]
        data = ReportIn(year=2023, month=2, lines=lines)  # type: ignore[arg-type]
        report = service.save_report(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, data=data
        )
        with pytest.raises(InvalidInput) as caught:
            service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)
        assert caught.value.code == "report.not_computable"
        assert [e["line_id"] for e in caught.value.extra["errors"]] == ["3"]

    def test_the_transition_is_audited_with_before_and_after(
        self, session: Session, world: World
    ) -> None:
        report = submitted(session, world)
        entry = session.execute(
            select(AuditEntry).where(
                AuditEntry.action == "report.submit", AuditEntry.entity_id == str(report.id)
            )
        ).scalar_one()
        assert entry.before is not None and entry.after is not None
        assert (entry.before["status"], entry.after["status"]) == ("draft", "submitted")
        assert entry.after["reported_tco2e"] == "713.618881"


class TestStartVerification:
    def test_the_assigned_verifier_starts(self, session: Session, world: World) -> None:
        assert under_verification(session, world).status == "under_verification"

    def test_a_verifier_not_assigned_is_refused(self, session: Session, world: World) -> None:
        report = submitted(session, world)
        with pytest.raises(ReportNotFound):  # not its body's entity-year: not found
            service.start_verification(session=session, actor=world.verifier2, report_id=report.id)

    def test_a_conflicted_verifier_is_refused_even_when_assigned(
        self, session: Session, world: World
    ) -> None:
        data = ReportIn(year=2023, month=1, lines=GAS_AND_POWER)  # type: ignore[arg-type]
        report = service.save_report(
            session=session, actor=world.enterprise_b, entity_id=world.b.id, data=data
        )
        service.submit_report(session=session, actor=world.enterprise_b, report_id=report.id)
        with pytest.raises(PermissionDenied) as caught:
            service.start_verification(session=session, actor=world.verifier3, report_id=report.id)
        assert "conflict" in caught.value.message_en

    def test_the_enterprise_cannot_verify_itself(self, session: Session, world: World) -> None:
        report = submitted(session, world)
        with pytest.raises(PermissionDenied):
            service.start_verification(
                session=session, actor=world.enterprise_a, report_id=report.id
            )

    def test_a_draft_cannot_be_taken(self, session: Session, world: World) -> None:
        report = draft(session, world)
        with pytest.raises(TransitionRefused):
            service.start_verification(session=session, actor=world.verifier1, report_id=report.id)


class TestVerify:
    def test_verified_values_default_to_the_reported(self, session: Session, world: World) -> None:
        report = verified(session, world)
        assert report.status == "verified"
        assert (report.verified_tco2e, report.verified_tce) == (TOTAL_TCO2E, TOTAL_TCE)
        assert report.verified_by_body_id == world.body1.id
        assert report.verified_at is not None

    def test_the_verifier_may_give_its_own_values(self, session: Session, world: World) -> None:
        report = under_verification(session, world)
        service.verify_report(
            session=session,
            actor=world.verifier1,
            report_id=report.id,
            verified_tco2e=Decimal("700"),
        )
        assert report.verified_tco2e == Decimal("700")
        assert report.reported_tco2e == TOTAL_TCO2E

    def test_a_submitted_report_must_be_started_first(self, session: Session, world: World) -> None:
        report = submitted(session, world)
        with pytest.raises(TransitionRefused):
            service.verify_report(session=session, actor=world.verifier1, report_id=report.id)

    def test_an_official_cannot_verify(self, session: Session, world: World) -> None:
        report = under_verification(session, world)
        with pytest.raises(PermissionDenied):
            service.verify_report(
                session=session, actor=world.official_jiashan, report_id=report.id
            )


class TestReturnReport:
    def test_a_return_needs_a_comment(self, session: Session, world: World) -> None:
        report = under_verification(session, world)
        with pytest.raises(InvalidInput):
            service.return_report(
                session=session, actor=world.verifier1, report_id=report.id, comment=" "
            )

    def test_returned_reports_are_edited_and_resubmitted_as_a_new_version(
        self, session: Session, world: World
    ) -> None:
        report = under_verification(session, world)
        service.return_report(
            session=session, actor=world.verifier1, report_id=report.id, comment="电表读数有误"
        )
        assert (report.status, report.comment) == ("returned", "电表读数有误")
        draft(session, world)  # edit the returned report
        service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)
        assert (report.status, report.version) == ("submitted", 2)

    def test_a_verified_report_cannot_be_returned(self, session: Session, world: World) -> None:
        report = verified(session, world)
        with pytest.raises(TransitionRefused):
            service.return_report(
                session=session, actor=world.verifier1, report_id=report.id, comment="x"
            )


class TestRecheckAndLock:
    def test_an_official_in_scope_selects_and_a_selection_is_recorded(
        self, session: Session, world: World
    ) -> None:
        report = in_recheck(session, world)
        assert report.status == "recheck"
        selection = session.execute(select(RecheckSelection)).scalar_one()
        assert (selection.entity_id, selection.reason) == (world.a.id, "risk")

    def test_an_official_out_of_scope_is_refused(self, session: Session, world: World) -> None:
        report = verified(session, world)
        with pytest.raises(ReportNotFound):  # outside the jurisdiction: not found
            workflow.transition(
                session=session,
                actor=world.official_nanhu,
                report_id=report.id,
                action="select_for_recheck",
            )

    def test_the_city_official_reaches_every_county(self, session: Session, world: World) -> None:
        report = verified(session, world)
        service.lock_report(session=session, actor=world.official_city, report_id=report.id)
        assert report.status == "locked"

    def test_confirm_keeps_the_verified_values(self, session: Session, world: World) -> None:
        report = in_recheck(session, world)
        service.confirm_report(session=session, actor=world.official_jiashan, report_id=report.id)
        got = (report.status, report.verified_tco2e, report.corrected_tco2e)
        assert got == ("confirmed", TOTAL_TCO2E, None)
        selection = session.execute(select(RecheckSelection)).scalar_one()
        assert selection.outcome == "confirmed"

    def test_correct_keeps_reported_verified_and_corrected(
        self, session: Session, world: World
    ) -> None:
        report = in_recheck(session, world)
        service.correct_report(
            session=session,
            actor=world.official_jiashan,
            report_id=report.id,
            corrected_tco2e=Decimal("750"),
        )
        assert report.status == "corrected"
        got = (report.reported_tco2e, report.verified_tco2e, report.corrected_tco2e)
        assert got == (TOTAL_TCO2E, TOTAL_TCO2E, Decimal("750.000000"))
        selection = session.execute(select(RecheckSelection)).scalar_one()
        assert (selection.outcome, selection.corrected_tco2e) == ("corrected", Decimal("750"))
        service.lock_report(session=session, actor=world.official_jiashan, report_id=report.id)
        assert report.status == "locked"

    def test_a_verifier_cannot_confirm(self, session: Session, world: World) -> None:
        report = in_recheck(session, world)
        with pytest.raises(PermissionDenied):
            service.confirm_report(session=session, actor=world.verifier1, report_id=report.id)

    def test_a_locked_report_accepts_nothing(self, session: Session, world: World) -> None:
        report = verified(session, world)
        service.lock_report(session=session, actor=world.official_jiashan, report_id=report.id)
        for action in ("select_for_recheck", "lock", "confirm"):
            with pytest.raises(TransitionRefused):
                workflow.transition(
                    session=session,
                    actor=world.official_jiashan,
                    report_id=report.id,
                    action=action,
                )

    def test_a_bank_is_refused(self, session: Session, world: World) -> None:
        report = verified(session, world)
        with pytest.raises(PermissionDenied):
            service.lock_report(session=session, actor=world.bank, report_id=report.id)


class TestTable:
    def test_every_state_but_locked_has_a_way_forward(self) -> None:
        sources = {s for row in workflow.TRANSITIONS for s in row.sources}
        assert {s.value for s in sources} == {
            "draft",
            "submitted",
            "under_verification",
            "returned",
            "verified",
            "recheck",
            "confirmed",
            "corrected",
        }

    def test_an_unknown_action_is_invalid_input(self, session: Session, world: World) -> None:
        report = draft(session, world)
        with pytest.raises(InvalidInput):
            workflow.transition(
                session=session, actor=world.admin, report_id=report.id, action="approve"
            )


class TestSideEffects:
    def test_submission_runs_the_anomaly_rules_and_audits_the_flags(
        self, session: Session, world: World
    ) -> None:
        # March submitted with January reported and February missing: one "missing" flag
        from . import factories as f

        f.make_report(session, world.a, month=1, status="verified", reported_tco2e=Decimal(700))
        data = ReportIn(year=2023, month=3, lines=GAS_AND_POWER)  # type: ignore[arg-type]
        report = service.save_report(
            session=session, actor=world.enterprise_a, entity_id=world.a.id, data=data
        )
        service.submit_report(session=session, actor=world.enterprise_a, report_id=report.id)
        flags = service.report_flags(session=session, report_id=report.id)
        assert [(fl.rule, fl.score) for fl in flags] == [("missing", Decimal(1))]
        entry = session.execute(
            select(AuditEntry).where(AuditEntry.action == "report.submit")
        ).scalar_one()
        assert entry.after is not None and entry.after["anomaly_flags"] == ["missing"]

    def test_verification_and_correction_recompute_the_annual_account(
        self, session: Session, world: World
    ) -> None:
        from shuangtan.accounts.models import AnnualAccount

        report = in_recheck(session, world)
        account = session.execute(select(AnnualAccount)).scalar_one()
        assert (account.tco2e, account.energy_tce) == (TOTAL_TCO2E, TOTAL_TCE)
        service.correct_report(
            session=session,
            actor=world.official_jiashan,
            report_id=report.id,
            corrected_tco2e=Decimal(800),
        )
        session.refresh(account)
        assert (account.tco2e, account.reported_tco2e) == (Decimal(800), TOTAL_TCO2E)
