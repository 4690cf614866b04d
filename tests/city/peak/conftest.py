"""Fixtures of the peak tests: the app over a database with the Jiaxing configuration, officials
of three scopes, an enterprise and an administrator (test data)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from grading.factories import make_entity
from testkit import World

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"

PeakWorld = World


def _rates(
    first: int, last: int, *, population: float, gdp: float, energy: float, carbon: float
) -> dict[str, Any]:
    return {
        "first_year": first,
        "last_year": last,
        "population": population,
        "gdp_per_capita": gdp,
        "energy_intensity": energy,
        "carbon_intensity": carbon,
    }


def hand_scenario(**overrides: Any) -> dict[str, Any]:
    """A scenario with round numbers for hand computation (test data).

    Base 2020: P 60 ×10^4, G/P 10 ×10^4 CNY, E/G 0.5 tce/10^4 CNY, C/E 2 tCO2/tce, so
    C2020 = 60 × 10 × 0.5 × 2 = 600 ×10^4 tCO2. Rates: 2021–25 (+1 %, +5 %, −4 %, −2 %),
    2026–30 (0, +6 %, −2 %, −1 %), 2031–60 (0, +1 %, −3 %, −3 %). No Monte Carlo spread.
    """
    body: dict[str, Any] = {
        "name": "手算情景 hand",
        "scope_kind": "county",
        "scope_code": JIASHAN,
        "base_year": 2020,
        "base": {
            "population": "60",
            "gdp_per_capita": "10",
            "energy_intensity": "0.5",
            "carbon_intensity": "2",
        },
        "base_source": "test data",
        "rates": [
            _rates(2021, 2025, population=0.01, gdp=0.05, energy=-0.04, carbon=-0.02),
            _rates(2026, 2030, population=0.0, gdp=0.06, energy=-0.02, carbon=-0.01),
            _rates(2031, 2060, population=0.0, gdp=0.01, energy=-0.03, carbon=-0.03),
        ],
        "spread": {},
        "mc_seed": 1,
        "note": "",
    }
    body.update(overrides)
    return body


def seed_people(session: Session) -> dict[str, Any]:
    """The city configuration and one user per kind of caller (test data); ``ids`` of users."""
    testkit.city(session)
    firm = make_entity(session, name="测试纺织", county_code=NANHU)
    users = testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("nanhu", "official", NANHU, None),
            ("firm", "enterprise", None, firm.id),
            ("admin", "admin", None, None),
        ],
    )
    return {"ids": {username: user.id for username, user in users.items()}}


def seed_scenarios(session: Session) -> dict[str, Any]:
    """The people and the shipped city scenarios (no inventory data)."""
    from shuangtan.city.peak.demo import load_demo_peak

    fields = seed_people(session)
    load_demo_peak(session=session)
    return fields


@pytest.fixture
def world(worlds: Any) -> Iterator[World]:
    """The app with people and no scenarios."""
    with worlds(seed_people) as made:
        yield made


@pytest.fixture
def live_world(worlds: Any) -> Iterator[World]:
    """A live server with people and the shipped city scenarios (no inventory data)."""
    with worlds(seed_scenarios, live=True) as made:
        yield made
