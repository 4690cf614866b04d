"""Fixtures of the dashboard tests: a small hand-built city of two counties (test data).

Verified annual accounts of 2024, tCO2e (energy in tce is a quarter of each):

    南湖区 330402  C17 纺织业      100, 100, 100          → 300 (3 entities)
                  C26 化学原料     500                    → 500 (1 entity: threshold)
                  C28 化学纤维      40, 40, 40            → 120 (3)
    嘉善县 330421  C17 纺织业       10, 20, 30            →  60 (3)
                  C26 化学原料     900, 50, 50            → 1000 (3; 900/1000 = 90 %: dominance)

County totals: 南湖 920 (7 entities, largest 500 = 54 %), 嘉善 1060 (6, largest 900/1060 =
84.9 %: not dominant; p % rule: 1060 − 900 − 50 = 110 ≥ 10 % of 900); city 1980 (13).

The public pattern, by hand (rules 3; (1, 85); p = 10; tce the same shares):

- sensitive: 南湖·C26 (one entity; levels: threshold 10 % = 50, dominance 100/85·500 − 500 =
  88.2, p % 0.1·500 − 0 = 50 → ±88.2 t) and 嘉善·C26 (900 of 1000 = 90 % > 85 %: 100/85·900 −
  1000 = 58.8; p %: 0.1·900 − (1000 − 900 − 50) = 40 → ±58.8 t); every other cell and margin
  passes all three rules (C26's column 1500: 900 + 500, rest 100 ≥ 90);
- 南湖·C28 goes (else 南湖·C26 = 920 − 300 − 120), and with it T·C28 (= 南湖·C28, its column's
  only cell); 嘉善·C17 goes (else 嘉善·C26 = 1060 − 60), and T·C17 (else 嘉善·C17 = T·C17 −
  300); T·C26 goes (南湖's official, knowing 南湖·C26 = 500, would read 嘉善·C26 = T·C26 − 500);
- shown: 南湖·C17 300 (3), the county totals 920 and 1060, the city 1980. The public then has
  南湖·C26 + 南湖·C28 = 620 (南湖·C26 ∈ [0, 620]: 120 above, 500 below, both ≥ 88.2) and
  嘉善·C17 + 嘉善·C26 = 1060 (嘉善·C26 ∈ [0, 1060]: 60 above ≥ 58.8); each county's official
  knows only its own row, which the other row's equation does not involve.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

import testkit
from grading.factories import make_account, make_entity
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from testkit import World

CITY = "330400"
NANHU = "330402"
JIASHAN = "330421"
YEAR = 2024

WORLD: dict[tuple[str, str], tuple[str, ...]] = {
    (NANHU, "C17"): ("100", "100", "100"),
    (NANHU, "C26"): ("500",),
    (NANHU, "C28"): ("40", "40", "40"),
    (JIASHAN, "C17"): ("10", "20", "30"),
    (JIASHAN, "C26"): ("900", "50", "50"),
}


@dataclass(frozen=True)
class Entities:
    """The seeded entities: name → id, and their names (none may reach the public)."""

    ids: dict[str, int]
    names: tuple[str, ...]


def seed_entities(session: Session) -> Entities:
    """The city configuration, the entities and accounts of the table above (2023 and 2024:
    2023 has the same entities at the same values)."""
    testkit.city(session)
    ids: dict[str, int] = {}
    for (county, industry), values in WORLD.items():
        for i, value in enumerate(values, start=1):
            name = f"测试{county[-2:]}{industry}企业{i}号"
            entity = make_entity(session, name=name, county_code=county, industry_code=industry)
            for year in (YEAR, YEAR - 1):
                make_account(
                    session,
                    entity=entity,
                    year=year,
                    tco2e=value,
                    value_added=None,
                    energy_tce=str(Decimal(value) / 4),
                )
            ids[name] = entity.id
    return Entities(ids=ids, names=tuple(ids))


def seed_world(session: Session) -> dict[str, Any]:
    """The entities and one login per role: city, jiashan (officials), firm, admin."""
    entities = seed_entities(session)
    testkit.make_users(
        session,
        [
            ("city", "official", CITY, None),
            ("jiashan", "official", JIASHAN, None),
            ("firm", "enterprise", None, min(entities.ids.values())),
            ("admin", "admin", None, None),
        ],
    )
    return {"world": entities}


def principal(role: Role, *, county: str | None = None) -> Principal:
    """A principal for service calls (these services do not look users up)."""
    return testkit.principal(role, county, username=f"t-{role.value}")


@pytest.fixture
def world(session: Session) -> Entities:
    return seed_entities(session)


@dataclass(frozen=True, kw_only=True)
class DashboardWorld(World):
    """The app over the seeded city; ``world`` its entities."""

    world: Entities


ApiWorld = DashboardWorld


@pytest.fixture
def api_world(worlds: Any) -> Iterator[DashboardWorld]:
    """The seeded city with a public limit of 30 requests a minute."""
    with worlds(seed_world, kind=DashboardWorld, public_rate_limit_per_minute=30) as made:
        yield made


@pytest.fixture
def live_world(worlds: Any) -> Iterator[DashboardWorld]:
    """The seeded city served live (one per backend)."""
    with worlds(seed_world, live=True, kind=DashboardWorld) as made:
        yield made
