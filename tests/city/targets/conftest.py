"""Fixtures of the targets tests: the Jiaxing configuration, real users of each kind, and the
inventory's demo data (2020–2025) for the computed indicators."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.city.configuration import load_city, sync_city

CITY = "330400"
JIASHAN = "330421"
PASSWORD = "test-password-1"


@dataclass(frozen=True)
class People:
    city: Principal
    jiashan: Principal
    admin: Principal
    enterprise: Principal


def seed_people(session: Session) -> People:
    """The city configuration and one user per role that matters here (test data)."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()

    def user(name: str, role: str, county: str | None = None) -> Principal:
        row = create_user(
            session=session, actor=None, username=name, password=PASSWORD, role=role,
            display_name=name, county_code=county, entity_id=None,
        )  # fmt: skip
        return principal_of(row)

    return People(
        city=user("city", "official", CITY),
        jiashan=user("jiashan", "official", JIASHAN),
        admin=user("admin", "admin"),
        enterprise=user("resident", "resident"),
    )


@pytest.fixture
def people(session: Session) -> People:
    return seed_people(session)


@pytest.fixture
def inventory(session: Session, people: People) -> None:
    """The inventory's demo years 2020–2025 (documented in docs/inventory.md)."""
    from shuangtan.city.inventory.demo import load_demo_inventory

    load_demo_inventory(session=session)
    session.flush()
