"""Workflow steps at once on one report: exactly one wins, the others are refused (issue 9).

Each request is a thread with its own session (its own transaction), released together by a
barrier. On PostgreSQL the requests really overlap; SQLite has one writer at a time, and the
same tests hold there too: a step reads the report's state only once it holds the lock. The
attack as it was run (HTTP requests at once to a served app) is repeated at the end.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from concurrency import run_together
from shuangtan.accounts import annual, service
from shuangtan.accounts.models import ActivityReport, AnnualAccount
from shuangtan.accounts.schemas import ReportIn
from shuangtan.audit.models import AuditEntry
from shuangtan.db import session_scope

from .conftest import World
from .test_router import REPORT, login, seed
from .test_workflow import GAS_AND_POWER, TOTAL_TCE, TOTAL_TCO2E, draft, under_verification

REFUSED = "report.transition_refused"


def _actions(session: Session, report_id: int) -> list[str]:
    statement = (
        select(AuditEntry.action)
        .where(AuditEntry.entity_type == "activity_report", AuditEntry.entity_id == str(report_id))
        .order_by(AuditEntry.seq)
    )
    return list(session.scalars(statement))


def _recomputations(session: Session) -> int:
    statement = select(func.count()).where(AuditEntry.action == "annual.recompute")
    return session.scalar(statement) or 0


def _account(session: Session, entity_id: int) -> AnnualAccount | None:
    statement = select(AnnualAccount).where(
        AnnualAccount.entity_id == entity_id, AnnualAccount.year == 2023
    )
    return session.scalars(statement).one_or_none()


class TestVerifyAndReturnAtOnce:
    def test_one_of_ten_verifies_and_ten_returns_wins_and_the_account_agrees(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        report_id = under_verification(session, world).id
        session.commit()

        def verify() -> object:
            with session_scope(session_factory) as own:
                return service.verify_report(
                    session=own, actor=world.verifier1, report_id=report_id
                )

        def return_report() -> object:
            with session_scope(session_factory) as own:
                return service.return_report(
                    session=own, actor=world.verifier1, report_id=report_id, comment="补充发票"
                )

        outcomes = run_together([verify] * 10 + [return_report] * 10)

        assert Counter(outcomes) == {"ok": 1, REFUSED: 19}
        with session_scope(session_factory) as check:
            report = check.get(ActivityReport, report_id)
            assert report is not None
            steps = _actions(check, report_id)
            account = _account(check, world.a.id)
            recomputed = _recomputations(check)
        assert steps[:3] == ["report.create", "report.submit", "report.start_verification"]
        if report.status == "verified":  # the verification won: it counts, once
            assert steps[3:] == ["report.verify"]
            assert (report.verified_tco2e, report.verified_tce) == (TOTAL_TCO2E, TOTAL_TCE)
            assert account is not None
            assert (account.months_verified, account.tco2e) == (1, TOTAL_TCO2E)
            assert recomputed == 1
        else:  # a return won: nothing verified, nothing counted
            assert report.status == "returned"
            assert steps[3:] == ["report.return_report"]
            assert (report.verified_tco2e, report.verified_tce, report.verified_at) == (
                None,
                None,
                None,
            )
            assert account is None
            assert recomputed == 0


class TestSubmitAtOnce:
    def test_twenty_submits_of_one_draft_submit_it_once_with_one_audit_entry(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        report_id = draft(session, world).id
        session.commit()

        def submit() -> object:
            with session_scope(session_factory) as own:
                return service.submit_report(
                    session=own, actor=world.enterprise_a, report_id=report_id
                )

        outcomes = run_together([submit] * 20)

        assert Counter(outcomes) == {"ok": 1, REFUSED: 19}
        with session_scope(session_factory) as check:
            report = check.get(ActivityReport, report_id)
            assert report is not None
            assert (report.status, report.version) == ("submitted", 1)
            assert _actions(check, report_id) == ["report.create", "report.submit"]


class TestTwoMonthsAtOnce:
    def test_two_months_of_one_year_verified_at_once_both_count(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        january = under_verification(session, world).id
        february = draft(session, world, month=2).id
        service.submit_report(session=session, actor=world.enterprise_a, report_id=february)
        service.start_verification(session=session, actor=world.verifier1, report_id=february)
        session.commit()

        def verify(report_id: int) -> Callable[[], object]:
            def run() -> object:
                with session_scope(session_factory) as own:
                    return service.verify_report(
                        session=own, actor=world.verifier1, report_id=report_id
                    )

            return run

        assert run_together([verify(january), verify(february)]) == ["ok", "ok"]
        with session_scope(session_factory) as check:
            account = _account(check, world.a.id)
            assert account is not None
            assert (account.months_verified, account.tco2e, account.energy_tce) == (
                2,
                2 * TOTAL_TCO2E,
                2 * TOTAL_TCE,
            )


class TestRecomputationAtOnce:
    def test_two_recomputations_of_one_year_each_seeing_only_its_own_month_count_both(
        self,
        backend: str,
        session: Session,
        session_factory: sessionmaker[Session],
        world: World,
    ) -> None:
        """The annual account holds its entity while it sums, whoever calls it.

        Two transactions each verify a different month (uncommitted, so neither sees the
        other's) and then recompute the year at once. Summing without holding the entity,
        the later upsert overwrites the earlier with its one month.
        """
        if backend == "sqlite":
            pytest.skip("SQLite has one writer at a time: two months cannot be open at once")
        months = [
            under_verification(session, world).id,
            draft(session, world, month=2).id,
        ]
        service.submit_report(session=session, actor=world.enterprise_a, report_id=months[1])
        service.start_verification(session=session, actor=world.verifier1, report_id=months[1])
        session.commit()
        both_written = threading.Barrier(2)

        def verify_then_recompute(report_id: int) -> Callable[[], object]:
            def run() -> object:
                with session_scope(session_factory) as own:
                    report = own.get(ActivityReport, report_id)
                    assert report is not None
                    report.status = "verified"
                    report.verified_tco2e = Decimal(100)
                    report.verified_tce = Decimal(10)
                    own.flush()
                    both_written.wait()
                    return annual.recompute_annual_account(
                        session=own, entity_id=world.a.id, year=2023
                    )

            return run

        outcomes = run_together([verify_then_recompute(m) for m in months])

        assert outcomes == ["ok", "ok"]
        with session_scope(session_factory) as check:
            account = _account(check, world.a.id)
            assert account is not None
            assert (account.months_verified, account.tco2e) == (2, Decimal(200))


POWER_ONLY = [{"activity": "purchased_electricity", "quantity": "2000", "unit": "MWh"}]
# 2,000 MWh × 0.4974 tCO2/MWh (Zhejiang 2023 grid, MEE/NBS) = 994.8 t;
# 2 × 10^6 kWh × 0.1229 kgce/kWh (GB/T 2589 A.1) = 245.8 tce
POWER_ONLY_TCO2E = Decimal("994.800000")
POWER_ONLY_TCE = Decimal("245.800000")


class TestEntryAndSubmitAtOnce:
    def test_lines_entered_while_a_submission_runs_are_either_computed_or_refused(
        self, session: Session, session_factory: sessionmaker[Session], world: World
    ) -> None:
        """A submission computes the lines it holds: a save cannot change them under it."""
        report_id = draft(session, world).id
        session.commit()

        def submit() -> object:
            with session_scope(session_factory) as own:
                return service.submit_report(
                    session=own, actor=world.enterprise_a, report_id=report_id
                )

        def save() -> object:
            data = ReportIn(year=2023, month=1, lines=POWER_ONLY)  # type: ignore[arg-type]
            with session_scope(session_factory) as own:
                return service.save_report(
                    session=own, actor=world.enterprise_a, entity_id=world.a.id, data=data
                )

        outcomes = run_together([submit] + [save] * 9)

        assert outcomes[0] == "ok"
        saved = outcomes[1:].count("ok")
        assert set(outcomes[1:]) <= {"ok", "report.not_editable"}  # refused or saved
        with session_scope(session_factory) as check:
            report = check.get(ActivityReport, report_id)
            assert report is not None
            lines = [(line.activity, line.quantity) for line in report.lines]
            totals = (report.status, report.reported_tco2e, report.reported_tce)
            steps = _actions(check, report_id)
        if saved:  # the saves came first: the submission computed their lines
            assert lines == [("purchased_electricity", Decimal(2000))]
            assert totals == ("submitted", POWER_ONLY_TCO2E, POWER_ONLY_TCE)
        else:  # the submission came first: its lines stand
            assert [activity for activity, _ in lines] == [g["activity"] for g in GAS_AND_POWER]
            assert totals == ("submitted", TOTAL_TCO2E, TOTAL_TCE)
        assert steps == ["report.create"] + ["report.save"] * saved + ["report.submit"]


def _at_once(
    url: str, requests: list[tuple[str, dict[str, str], dict[str, Any] | None]]
) -> list[httpx.Response]:
    """POST each (path, headers, body) from its own thread and client, released together."""
    barrier = threading.Barrier(len(requests))
    answers: list[httpx.Response | None] = [None] * len(requests)

    def run(i: int) -> None:
        path, headers, body = requests[i]
        with httpx.Client(base_url=url, timeout=60) as client:
            barrier.wait()
            answers[i] = client.post(path, headers=headers, json=body)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def _refusals_are_problems(answers: list[httpx.Response]) -> Counter[int]:
    """The answers' statuses; every refusal a 409 problem in Chinese and English."""
    for answer in answers:
        if answer.status_code != 200:
            assert answer.status_code == 409, answer.text
            assert answer.headers["content-type"].startswith("application/problem+json")
            body = answer.json()
            assert body["code"] == REFUSED
            assert body["message_zh"] and body["message_en"]
    return Counter(answer.status_code for answer in answers)


class TestTheAttackOverHttp:
    """The attack run's requests: 10 verify + 10 return, and 20 submits, at once."""

    def test_ten_verifies_and_ten_returns_at_once_give_one_success(self, worlds: Any) -> None:
        with worlds(seed, live=True) as served:
            client, entity = served.client, served.ids["a"]
            firm, verifier = login(client, "ent_a"), login(client, "verifier")
            put = client.put(
                f"/api/v1/accounts/entities/{entity}/reports/2023/1", json=REPORT, headers=firm
            )
            report_id = put.json()["id"]
            for action, who in (("submit", firm), ("start_verification", verifier)):
                moved = client.post(f"/api/v1/accounts/reports/{report_id}/{action}", headers=who)
                assert moved.status_code == 200, moved.text
            base = f"/api/v1/accounts/reports/{report_id}"
            answers = _at_once(
                served.url,
                [(f"{base}/verify", verifier, None)] * 10
                + [(f"{base}/return_report", verifier, {"comment": "补充发票"})] * 10,
            )

            assert _refusals_are_problems(answers) == {200: 1, 409: 19}
            won = next(answer.json() for answer in answers if answer.status_code == 200)
            with served.session() as check:
                steps = _actions(check, report_id)
                account = _account(check, entity)
            assert steps == [
                "report.create",
                "report.submit",
                "report.start_verification",
                f"report.{'verify' if won['status'] == 'verified' else 'return_report'}",
            ]
            if won["status"] == "verified":
                assert account is not None and account.months_verified == 1
                assert account.tco2e == TOTAL_TCO2E
            else:  # returned: not counted, nothing verified kept
                assert won["status"] == "returned" and won["verified_tco2e"] is None
                assert account is None

    def test_twenty_submits_at_once_give_one_success_and_one_audit_entry(self, worlds: Any) -> None:
        with worlds(seed, live=True) as served:
            client, entity = served.client, served.ids["a"]
            firm = login(client, "ent_a")
            put = client.put(
                f"/api/v1/accounts/entities/{entity}/reports/2023/1", json=REPORT, headers=firm
            )
            report_id = put.json()["id"]
            path = f"/api/v1/accounts/reports/{report_id}/submit"

            answers = _at_once(served.url, [(path, firm, None)] * 20)

            assert _refusals_are_problems(answers) == {200: 1, 409: 19}
            with served.session() as check:
                assert _actions(check, report_id) == ["report.create", "report.submit"]
