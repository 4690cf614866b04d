"""Fixtures of the finance tests: the city, two banks with one user each, a graded enterprise."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from grading.factories import make_account, make_entity
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.finance import service
from shuangtan.place.configuration import load_city, sync_city


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
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    firm = make_entity(session, name="嘉兴测试纺织")
    other = make_entity(session, name="嘉兴另一企业")
    make_account(session, entity=firm, year=2024, tco2e="1234.5", value_added="1000")

    def user(name: str, role: str, entity_id: int | None = None) -> Principal:
        made = create_user(
            session=session, actor=None, username=name, password=f"{name}-password-1",
            role=role, display_name=name, entity_id=entity_id,
        )  # fmt: skip
        return principal_of(made)

    bank_a = service.create_bank(session=session, actor=None, name="测试银行甲")
    bank_b = service.create_bank(session=session, actor=None, name="测试银行乙")
    world = World(
        enterprise=user("firm", "enterprise", firm.id),
        other_enterprise=user("other", "enterprise", other.id),
        bank=user("bank-a", "bank"),
        other_bank=user("bank-b", "bank"),
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
