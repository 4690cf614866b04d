"""Bank consent: nothing before, everything consented after, nothing after withdrawal; audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry
from shuangtan.finance import service
from shuangtan.finance.errors import ConsentExists, ConsentNotFound, FinanceDenied

from .conftest import World


def _reads(session: Session, entity_id: int) -> list[AuditEntry]:
    statement = select(AuditEntry).where(
        AuditEntry.action == "finance.read", AuditEntry.entity_id == str(entity_id)
    )
    return list(session.execute(statement).scalars())


class TestConsentingEnterprises:
    def test_a_bank_sees_nothing_before_consent(self, session: Session, world: World) -> None:
        assert service.consenting_enterprises(session=session, actor=world.bank) == []
        with pytest.raises(ConsentNotFound):
            service.enterprise_file(session=session, actor=world.bank, entity_id=world.entity_id)

    def test_after_a_grant_the_bank_sees_the_enterprise_and_each_read_is_audited(
        self, session: Session, world: World
    ) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        listed = service.consenting_enterprises(session=session, actor=world.bank)
        assert [e.id for e in listed] == [world.entity_id]
        file = service.enterprise_file(session=session, actor=world.bank, entity_id=world.entity_id)
        assert [(a.year, a.tco2e) for a in file.accounts] == [(2024, Decimal("1234.5"))]
        reads = _reads(session, world.entity_id)
        assert [(r.actor_username, r.entity_type, r.after) for r in reads] == [
            ("bank-a", "entity", {"bank_id": world.bank_id, "read": "list"}),
            ("bank-a", "entity", {"bank_id": world.bank_id, "read": "file"}),
        ]

    def test_another_bank_sees_nothing(self, session: Session, world: World) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        assert service.consenting_enterprises(session=session, actor=world.other_bank) == []
        with pytest.raises(ConsentNotFound):
            service.enterprise_file(
                session=session, actor=world.other_bank, entity_id=world.entity_id
            )

    def test_after_withdrawal_the_bank_sees_nothing(self, session: Session, world: World) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        service.withdraw_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        assert service.consenting_enterprises(session=session, actor=world.bank) == []
        with pytest.raises(ConsentNotFound):
            service.enterprise_file(session=session, actor=world.bank, entity_id=world.entity_id)

    def test_an_enterprise_user_is_not_a_bank(self, session: Session, world: World) -> None:
        with pytest.raises(FinanceDenied):
            service.consenting_enterprises(session=session, actor=world.enterprise)


class TestGrantConsent:
    def test_grant_and_withdraw_are_audited_with_before_and_after(
        self, session: Session, world: World
    ) -> None:
        consent = service.grant_consent(
            session=session, actor=world.enterprise, bank_id=world.bank_id
        )
        service.withdraw_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        entries = (
            session.execute(
                select(AuditEntry)
                .where(AuditEntry.entity_type == "consent", AuditEntry.entity_id == str(consent.id))
                .order_by(AuditEntry.seq)
            )
            .scalars()
            .all()
        )
        assert [e.action for e in entries] == ["finance.consent_grant", "finance.consent_withdraw"]
        assert entries[0].before is None and entries[0].after["withdrawn_at"] is None
        assert entries[1].before["withdrawn_at"] is None and entries[1].after["withdrawn_at"]

    def test_granting_twice_is_a_conflict(self, session: Session, world: World) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        with pytest.raises(ConsentExists):
            service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)

    def test_a_bank_may_not_grant_for_an_enterprise(self, session: Session, world: World) -> None:
        with pytest.raises(FinanceDenied):
            service.grant_consent(session=session, actor=world.bank, bank_id=world.bank_id)


class TestWithdrawConsent:
    def test_another_enterprise_cannot_withdraw_what_it_never_granted(
        self, session: Session, world: World
    ) -> None:
        service.grant_consent(session=session, actor=world.enterprise, bank_id=world.bank_id)
        with pytest.raises(ConsentNotFound):
            service.withdraw_consent(
                session=session, actor=world.other_enterprise, bank_id=world.bank_id
            )
        assert len(service.consenting_enterprises(session=session, actor=world.bank)) == 1
