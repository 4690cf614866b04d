"""Fixtures of the grading tests: the city configuration and principals of each kind."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.configuration import load_city, sync_city

from .factories import principal

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"


@pytest.fixture
def city(session: Session) -> None:
    """The Jiaxing configuration (counties and industries are foreign keys of entities)."""
    sync_city(session=session, config=load_city("jiaxing"))
    session.flush()


@pytest.fixture
def city_official() -> Principal:
    return principal(Role.official, county=CITY)


@pytest.fixture
def jiashan_official() -> Principal:
    return principal(Role.official, county=JIASHAN)
