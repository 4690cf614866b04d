"""Fixtures of the inventory tests: the Jiaxing configuration and a few principals."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.configuration import load_city, sync_city

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
    return Principal(
        user_id=user_id,
        username=f"{role.value}-{county_code or 'x'}",
        display_name=role.value,
        role=role,
        county_code=county_code,
        entity_id=None,
    )


@pytest.fixture
def city(session: Session) -> Session:
    """The session with the Jiaxing configuration (city and its seven counties) synced."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()
    return session


@pytest.fixture
def people() -> People:
    return People(
        city_official=principal(Role.official, CITY, 11),
        jiashan_official=principal(Role.official, JIASHAN, 12),
        admin=principal(Role.admin, None, 13),
        enterprise=principal(Role.enterprise, None, 14),
    )
