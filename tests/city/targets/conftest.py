"""Fixtures of the targets tests: the Jiaxing configuration, real users of each kind, and the
inventory's demo data (2020–2025) for the computed indicators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import principal_of
from testkit import World

CITY = "330400"
JIASHAN = "330421"

ApiWorld = World


@dataclass(frozen=True)
class People:
    city: Principal
    jiashan: Principal
    admin: Principal
    enterprise: Principal


def seed_people(session: Session) -> People:
    """The city configuration and one user per role that matters here (test data)."""
    testkit.city(session)
    users = testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("admin", "admin", None, None),
            ("resident", "resident", None, None),
        ],
    )
    return People(
        city=principal_of(users["city"]),
        jiashan=principal_of(users["jiashan"]),
        admin=principal_of(users["admin"]),
        enterprise=principal_of(users["resident"]),
    )


def seed_inventory(session: Session) -> None:
    """The people and the inventory's demo years 2020–2025 (documented in docs/inventory.md)."""
    from shuangtan.city.inventory.demo import load_demo_inventory

    seed_people(session)
    load_demo_inventory(session=session)


@pytest.fixture
def people(session: Session) -> People:
    return seed_people(session)


@pytest.fixture
def inventory(session: Session, people: People) -> None:
    """The inventory's demo years 2020–2025 (documented in docs/inventory.md)."""
    from shuangtan.city.inventory.demo import load_demo_inventory

    load_demo_inventory(session=session)
    session.flush()


@pytest.fixture(scope="module")
def api_world(module_worlds: Any) -> Iterator[World]:
    """One app per backend and test module, over the city, users and the inventory demo;
    tests change distinct indicators and years."""
    with module_worlds(seed_inventory) as world:
        yield world


@pytest.fixture
def live_world(worlds: Any) -> Iterator[World]:
    """A live server over the city, users and the inventory demo (one per backend)."""
    with worlds(seed_inventory, live=True) as world:
        yield world
