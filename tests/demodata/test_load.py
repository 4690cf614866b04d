"""The bulk loader: a small synthetic city on SQLite and PostgreSQL, loaded once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts import assignment
from shuangtan.accounts.models import (
    ActivityReport,
    AnnualAccount,
    AnomalyFlag,
    Entity,
    ReportLine,
    VerifierAssignment,
    VerifierMember,
)
from shuangtan.audit import count_entries, verify_chain
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.repository import user_by_username
from shuangtan.auth.roles import Role
from shuangtan.demo import load_demo
from shuangtan.demodata.load import load_synthetic_city
from shuangtan.finance.models import BankMember, Consent
from shuangtan.grading.models import CarbonGrade

SMALL = 60


def _count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


class TestLoadSyntheticCity:
    def test_a_small_city_loads_and_a_second_run_changes_nothing(self, session: Session) -> None:
        load_demo(session=session)
        stats = load_synthetic_city(session=session, entities=SMALL)
        session.commit()
        assert not stats.skipped
        assert (_count(session, Entity), _count(session, ActivityReport)) == (
            SMALL,
            stats.reports,
        )
        assert _count(session, ReportLine) == stats.lines > 4 * stats.reports
        entries = count_entries(session=session)

        again = load_synthetic_city(session=session, entities=SMALL)
        session.commit()
        assert again.skipped and again.reports == 0
        assert _count(session, ReportLine) == stats.lines
        assert count_entries(session=session) == entries
        assert verify_chain(session=session).ok

    def test_each_load_step_writes_one_audit_entry(self, session: Session) -> None:
        load_demo(session=session)
        load_synthetic_city(session=session, entities=SMALL)
        actions = session.execute(
            select(AuditEntry.action).where(AuditEntry.action.like("demo.%"))
        ).scalars()
        assert sorted(actions) == [
            "demo.flag_anomalies",
            "demo.link_logins",
            "demo.load_entities",
            "demo.load_lines",
            "demo.load_reports",
            "demo.load_verification",
        ]

    def test_the_demo_logins_are_linked_to_entity_one_a_verifier_and_a_bank(
        self, session: Session
    ) -> None:
        load_demo(session=session)
        load_synthetic_city(session=session, entities=SMALL)
        verifier = user_by_username(session, "verifier")
        bank = user_by_username(session, "bank")
        assert verifier is not None and bank is not None
        assert session.get(VerifierMember, verifier.id).verifier_body_id == 1  # type: ignore[union-attr]
        assert session.get(BankMember, bank.id).bank_id == 1  # type: ignore[union-attr]
        active = session.execute(
            select(Consent.bank_id).where(Consent.entity_id == 1, Consent.withdrawn_at.is_(None))
        ).scalars()
        assert list(active) == [1]
        assignment = session.execute(
            select(VerifierAssignment.verifier_body_id).where(
                VerifierAssignment.entity_id == 1, VerifierAssignment.year == 2025
            )
        ).scalar_one()
        assert assignment == 1

    def test_annual_accounts_are_built_for_every_year_with_verified_months(
        self, session: Session
    ) -> None:
        stats = load_synthetic_city(session=session, entities=SMALL)
        assert stats.annual_accounts == _count(session, AnnualAccount) >= SMALL * 5
        months = session.execute(
            select(AnnualAccount.months_verified).where(
                AnnualAccount.entity_id == 1, AnnualAccount.year == 2023
            )
        ).scalar_one()
        assert months == 12

    def test_the_planted_anomalies_are_flagged_and_the_complete_years_graded(
        self, session: Session
    ) -> None:
        load_synthetic_city(session=session, entities=SMALL)
        assert _count(session, AnomalyFlag) > 0
        years = session.execute(select(CarbonGrade.year).distinct()).scalars()
        assert sorted(years) == [2023, 2024]

    def test_the_verifier_page_shows_each_bodys_own_pace_and_corrections(
        self, session: Session
    ) -> None:
        # the page's days are verified_at − submitted_at as the loader wrote them; the bodies'
        # assumed means (profiles.py: median × exp(σ²/2)) are 21.97, 13.28, 28.89, 47.84 and
        # 37.39 days; about 550 reports a body over 2021–2024 keep the mean within 15 %
        load_synthetic_city(session=session, entities=SMALL)
        official = testkit.principal(Role.official, "330400")
        days: dict[int, list[tuple[int, Decimal]]] = {}
        corrections = 0
        for year in range(2021, 2025):
            for record in assignment.verifier_records(session=session, actor=official, year=year):
                assert record.mean_days_to_verify is not None
                days.setdefault(record.verifier_body_id, []).append(
                    (record.reports_verified, record.mean_days_to_verify)
                )
                corrections += record.corrections_found
        means = {
            body: float(sum(n * d for n, d in rows) / sum(n for n, _ in rows))
            for body, rows in days.items()
        }
        expected = {1: 21.97, 2: 13.28, 3: 28.89, 4: 47.84, 5: 37.39}
        assert means == {b: pytest.approx(d, rel=0.15) for b, d in expected.items()}
        assert sorted(means, key=means.__getitem__) == [2, 1, 3, 5, 4]
        assert corrections > 0  # re-checks of 2021–2023 corrected some bodies' years

    def test_new_rows_get_ids_after_the_loaded_ones(self, session: Session) -> None:
        load_synthetic_city(session=session, entities=SMALL)
        entity = Entity(kind="farm", name="新登记家庭农场", county_code="330402")
        session.add(entity)
        session.flush()
        assert entity.id == SMALL + 1
