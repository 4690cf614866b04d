"""Fixtures of the synergy tests: the city, principals, and three counties' inputs.

Seeded inputs (``seed_inputs``): for Nanhu, Xiuzhou and Jiashan every indicator normalises to
x' = 0, 0.5 and 1 (positive min-max indicators 1, 2, 3; negative 3, 2, 1; PM2.5 against its
bounds 15-35: 35, 25, 15; surface water against 0-100: 0, 50, 100) under 2025.1. The other four
counties have no input. The web worlds also hold the same values for the reference year 2020, so
that the anchored default version (2026.1) computes there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.synergy import service
from testkit import World

CITY = "330400"
NANHU = "330402"
XIUZHOU = "330411"
JIASHAN = "330421"
YEAR = 2024
REFERENCE_YEAR = 2020  # the reference year of definition 2026.1
V1, V2 = "2025.1", "2026.1"
SEEDED = (NANHU, XIUZHOU, JIASHAN)


def principal(role: Role, county: str | None = None, user_id: int = 900) -> Principal:
    return testkit.principal(role, county, user_id=user_id)


def seed_values(position: int) -> dict[str, tuple[str, str]]:
    """The raw values of the county at ``position`` 0, 1, 2 (x' = 0, 0.5, 1)."""
    spec = service.definition("2025.1")
    values = {}
    for indicator in spec.indicators:
        if indicator.id == "pm25_concentration":
            raw = ("35", "25", "15")[position]
        elif indicator.id == "surface_water_class_iii_share":
            raw = ("0", "50", "100")[position]
        elif indicator.positive:
            raw = ("1", "2", "3")[position]
        else:
            raw = ("3", "2", "1")[position]
        values[indicator.id] = (raw, "test data")
    return values


def seed_inputs(session: Session, year: int = YEAR) -> None:
    for position, county in enumerate(SEEDED):
        service.enter_inputs(
            session=session, actor=None, year=year, county_code=county, values=seed_values(position)
        )


@pytest.fixture
def city(session: Session) -> Session:
    testkit.city(session)
    return session


@pytest.fixture
def seeded(city: Session) -> Session:
    seed_inputs(city)
    city.flush()
    return city


@pytest.fixture
def anchored(seeded: Session) -> Session:
    """The seeded inputs of 2024 and the same values for the reference year 2020."""
    seed_inputs(seeded, REFERENCE_YEAR)
    seeded.flush()
    return seeded


@pytest.fixture
def city_official() -> Principal:
    return principal(Role.official, CITY)


@pytest.fixture
def jiashan_official() -> Principal:
    return principal(Role.official, JIASHAN)


def seed_users(session: Session) -> None:
    testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("resident", "resident", None, None),
        ],
    )


def seed_world(session: Session) -> None:
    """The city, the seeded inputs of 2024 and 2020, users city / jiashan (officials) and
    resident."""
    testkit.city(session)
    seed_inputs(session)
    seed_inputs(session, REFERENCE_YEAR)
    seed_users(session)


def seed_computed(session: Session) -> None:
    """The world with 2024 computed (entropy weights, the default version 2026.1)."""
    seed_world(session)
    service.compute_year(session=session, actor=None, year=YEAR)


@pytest.fixture
def world(worlds: Any) -> Iterator[World]:
    """The real app over the seeded inputs, users city / jiashan (officials) and resident."""
    with worlds(seed_world) as made:
        yield made


@pytest.fixture
def live_world(worlds: Any) -> Iterator[World]:
    """A live server over the seeded inputs, with 2024 computed (entropy, 2026.1)."""
    with worlds(seed_computed, live=True) as made:
        yield made
