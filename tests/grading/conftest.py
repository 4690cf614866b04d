"""Fixtures of the grading tests: the city configuration, principals of each kind, and the world
of two counties' graded enterprises (test data)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from testkit import World

from .factories import make_account, make_entity, principal

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"


@pytest.fixture
def city(session: Session) -> None:
    """The Jiaxing configuration (counties and industries are foreign keys of entities)."""
    testkit.city(session)


@pytest.fixture
def city_official() -> Principal:
    return principal(Role.official, county=CITY)


@pytest.fixture
def jiashan_official() -> Principal:
    return principal(Role.official, county=JIASHAN)


@dataclass(frozen=True, kw_only=True)
class GradingWorld(World):
    """The app over two counties' graded enterprises: ``ids`` of the entities (nanhu_a, nanhu_b,
    nanhu_c, jiashan_a, ...), ``bank_ids`` (a, b), ``tokens`` (entity key → the public token of
    its 2024 grade)."""

    bank_ids: dict[str, int]
    tokens: dict[str, str]


ApiWorld = GradingWorld


def seed_world(session: Session) -> dict[str, Any]:
    """Test data setup: three textile firms per county, users, two banks; 2024 computed.

    Industry L = (60 + 100 + 140) × 2 / 600 = 1.0, so grades are a: K 0.6 → 1, b: 1.0 → 3,
    c: 1.4 → 4. Per mu (county medians 1, 0.1, 0.5, 1.0): c has tax/mu 0.01 (ratio 0.1) and
    carbon 1.4 (ratio 1/1.4): score 100 × (0.35 + 0.035 + 0.15 + 0.15/1.4) / 2 = 32.1071 → D.
    """
    from shuangtan.finance import service as finance_service
    from shuangtan.grading.models import CarbonGrade
    from shuangtan.grading.service import compute_year

    testkit.city(session)
    ids: dict[str, int] = {}
    for county, prefix in ((NANHU, "nanhu"), (JIASHAN, "jiashan")):
        for suffix, co2, tax in (("a", "60", "10"), ("b", "100", "10"), ("c", "140", "1")):
            entity = make_entity(
                session, name=f"{prefix}纺织{suffix}", county_code=county, land_area_mu="100"
            )
            make_account(
                session,
                entity=entity,
                year=2024,
                tco2e=co2,
                value_added="100",
                energy_tce="50",
                tax=tax,
                mandatory=True,
            )
            ids[f"{prefix}_{suffix}"] = entity.id
    users = testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("firm-a", "enterprise", None, ids["nanhu_a"]),
            ("firm-b", "enterprise", None, ids["nanhu_b"]),
            ("bank-a", "bank", None, None),
            ("bank-b", "bank", None, None),
            ("resident", "resident", None, None),
        ],
    )
    banks = {}
    for key, name in (("a", "测试银行甲"), ("b", "测试银行乙")):
        bank = finance_service.create_bank(session=session, actor=None, name=name)
        finance_service.add_bank_member(
            session=session, actor=None, bank_id=bank.id, user_id=users[f"bank-{key}"].id
        )
        banks[key] = bank.id
    compute_year(session=session, actor=None, year=2024)
    by_entity = {g.entity_id: g.public_token for g in session.scalars(select(CarbonGrade))}
    tokens = {key: by_entity[entity_id] for key, entity_id in ids.items()}
    return {"ids": ids, "bank_ids": banks, "tokens": tokens}


@pytest.fixture
def live_world(worlds: Any) -> Iterator[GradingWorld]:
    """The graded world served live (one per backend)."""
    with worlds(seed_world, live=True, kind=GradingWorld) as world:
        yield world


@pytest.fixture(scope="module")
def shared_world(module_worlds: Any) -> Iterator[GradingWorld]:
    """One graded world per backend for a module of read-mostly tests (each test that logs in
    through the form starts a new session)."""
    with module_worlds(seed_world, kind=GradingWorld) as world:
        yield world
