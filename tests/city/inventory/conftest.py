"""Fixtures of the inventory tests: the Jiaxing configuration and a few principals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from testkit import World

CITY = "330400"
JIASHAN = "330421"
NANHU = "330402"
COUNTIES = ("330402", "330411", "330421", "330424", "330481", "330482", "330483")


@dataclass(frozen=True)
class People:
    city_official: Principal
    jiashan_official: Principal
    admin: Principal
    enterprise: Principal


def principal(role: Role, county_code: str | None = None, user_id: int = 1) -> Principal:
    """A principal that exists only in the service call (writes name it in the audit)."""
    return testkit.principal(
        role, county_code, user_id=user_id, username=f"{role.value}-{county_code or 'x'}"
    )


@pytest.fixture
def city(session: Session) -> Session:
    """The session with the Jiaxing configuration (city and its seven counties) synced."""
    testkit.city(session)
    return session


@pytest.fixture
def people() -> People:
    return People(
        city_official=principal(Role.official, CITY, 11),
        jiashan_official=principal(Role.official, JIASHAN, 12),
        admin=principal(Role.admin, None, 13),
        enterprise=principal(Role.enterprise, None, 14),
    )


def seed_officials(session: Session) -> None:
    """The Jiaxing configuration, users city / jiashan (officials) and resident."""
    testkit.city(session)
    testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("resident", "resident", None, None),
        ],
    )


def seed_inventory(session: Session) -> None:
    """The officials and the demo inventory."""
    from shuangtan.city.inventory.demo import load_demo_inventory

    seed_officials(session)
    load_demo_inventory(session=session)


@pytest.fixture
def live_inventory(worlds: Any) -> Iterator[World]:
    """A live server over the demo inventory; users city / jiashan (officials)."""
    with worlds(seed_inventory, live=True) as world:
        yield world


@pytest.fixture
def world(migrated_url: str, tmp_path: Path) -> Iterator[World]:
    """The app with users city / jiashan (officials), resident; the Jiaxing configuration.

    Built on ``migrated_url`` (not a seeded copy) so that ``row_counts`` counts its rows."""
    from shuangtan.db import make_engine, make_session_factory, session_scope

    engine = make_engine(migrated_url)
    with session_scope(make_session_factory(engine)) as session:
        seed_officials(session)
    engine.dispose()
    with testkit.world(testkit.settings(migrated_url, tmp_path)) as made:
        yield made


def jiashan_statistics(session: Session) -> None:
    """The statistical balance of Jiashan's industry in 2022: 1,000 MWh of electricity
    (× 0.1229 tce/MWh = 122.9 tce)."""
    from shuangtan.city.inventory import entries

    data = {"year": 2022, "area_code": JIASHAN, "sector": "industry", "carrier": "electricity"}
    data |= {"quantity": "1000", "unit": "MWh", "source_note": "test"}
    entries.record(session=session, actor=None, kind="energy", data=data)


def inventory_rows(row_counts: Any) -> int:
    counts = row_counts()
    return sum(n for table, n in counts.items() if table.startswith("inventory_"))
