"""Fixtures of the finance tests: the city, two banks with one user each, a graded enterprise."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

import testkit
from grading.factories import make_account, make_entity
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import principal_of
from shuangtan.finance import service


@dataclass(frozen=True)
class World:
    enterprise: Principal
    other_enterprise: Principal
    bank: Principal
    other_bank: Principal
    bank_id: int
    other_bank_id: int
    entity_id: int


@pytest.fixture
def world(session: Session) -> World:
    """Test data setup: users are made by the auth service, entities by the grading factory."""
    testkit.city(session)
    firm = make_entity(session, name="嘉兴测试纺织")
    other = make_entity(session, name="嘉兴另一企业")
    make_account(session, entity=firm, year=2024, tco2e="1234.5", value_added="1000")
    users = testkit.make_users(
        session,
        [
            ("firm", "enterprise", None, firm.id),
            ("other", "enterprise", None, other.id),
            ("bank-a", "bank", None, None),
            ("bank-b", "bank", None, None),
        ],
    )
    bank_a = service.create_bank(session=session, actor=None, name="测试银行甲")
    bank_b = service.create_bank(session=session, actor=None, name="测试银行乙")
    world = World(
        enterprise=principal_of(users["firm"]),
        other_enterprise=principal_of(users["other"]),
        bank=principal_of(users["bank-a"]),
        other_bank=principal_of(users["bank-b"]),
        bank_id=bank_a.id,
        other_bank_id=bank_b.id,
        entity_id=firm.id,
    )
    service.add_bank_member(
        session=session, actor=None, bank_id=bank_a.id, user_id=world.bank.user_id
    )
    service.add_bank_member(
        session=session, actor=None, bank_id=bank_b.id, user_id=world.other_bank.user_id
    )
    return world
