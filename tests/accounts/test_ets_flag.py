"""The stored national-ETS flag (``annual_accounts.ets_covered``) and its badge follow the
sector rule, not the threshold alone, on both backends.

The rule by hand (碳排放权交易管理办法（试行）, 2020; MEE work plan of March 2025; the rows of
``data/ets/covered-sectors.csv``): covered when the industry is a covered sector for the year
(power D44 from 2019 emissions; cement C30, steel C31, aluminium C32 from 2024 emissions) AND
the year's direct emissions (scope 1) reach 26,000 tCO2e. Each case below is two verified months
of half the year's amounts each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts import annual
from shuangtan.accounts.models import AnnualAccount, Entity
from shuangtan.db import make_engine
from shuangtan.migrations import upgrade
from testkit import World

from . import factories as f

CASES = [
    # industry, year, scope 1, scope 2, covered
    ("C17", 2024, 30000, 0, False),  # textiles above 26,000 t: not a covered sector
    ("D44", 2021, 30000, 0, True),  # power in 2021: covered
    ("C30", 2023, 30000, 0, False),  # cement before its first emission year, 2024
    ("C30", 2024, 30000, 0, True),  # cement from 2024
    ("C30", 2025, 30000, 0, True),  # … and after
    ("C31", 2025, 20000, 0, False),  # steel below the threshold
    ("C30", 2024, 20000, 10000, False),  # 30,000 t in all, but only 20,000 t direct
]
IDS = ["textile", "power-2021", "cement-2023", "cement-2024", "cement-2025", "steel-low", "sc2"]


def _verified_year(session: Session, entity: Entity, year: int, scope1: int, scope2: int) -> None:
    for month in (1, 2):
        f.make_report(
            session,
            entity,
            year=year,
            month=month,
            status="verified",
            verified_tce=Decimal(5000),
            verified_tco2e=Decimal(scope1 + scope2) / 2,
            reported_tco2e=Decimal(scope1 + scope2) / 2,
            reported_scope1_tco2e=Decimal(scope1) / 2,
            reported_scope2_tco2e=Decimal(scope2) / 2,
        )


class TestStoredFlag:
    @pytest.mark.parametrize(("industry", "year", "scope1", "scope2", "covered"), CASES, ids=IDS)
    def test_one_entity_recomputed(
        self,
        session: Session,
        industry: str,
        year: int,
        scope1: int,
        scope2: int,
        covered: bool,
    ) -> None:
        f.city(session)
        entity = f.make_entity(session, industry_code=industry)
        _verified_year(session, entity, year, scope1, scope2)
        account = annual.recompute_annual_account(session=session, entity_id=entity.id, year=year)
        assert account is not None
        assert account.scope1_tco2e == Decimal(scope1)
        assert account.ets_covered is covered

    def test_a_city_year_recomputed_at_once(self, session: Session) -> None:
        f.city(session)
        made = {}
        for industry, scope1, scope2 in (
            ("C17", 30000, 0),
            ("C30", 30000, 0),
            ("C31", 20000, 0),
            ("C30", 20000, 10000),
        ):
            entity = f.make_entity(session, industry_code=industry)
            _verified_year(session, entity, 2024, scope1, scope2)
            made[entity.id] = (industry, scope1, scope2)
        assert annual.recompute_year(session=session, year=2024) == 4
        got = {
            made[a.entity_id]: a.ets_covered
            for a in session.scalars(select(AnnualAccount).where(AnnualAccount.year == 2024))
        }
        assert got == {
            ("C17", 30000, 0): False,
            ("C30", 30000, 0): True,
            ("C31", 20000, 0): False,
            ("C30", 20000, 10000): False,
        }


@pytest.fixture
def at_0013(database_url: str) -> Iterator[str]:
    upgrade(database_url, "0013_audit_anchors")
    yield database_url


class TestMigration:
    def test_0014_recomputes_the_threshold_only_flags(self, at_0013: str) -> None:
        """Accounts stored under the threshold-only rule (total ≥ 26,000 t) are set by the
        sector rule; the schema of 0013 is the models' (0014 changes no column)."""
        engine = make_engine(at_0013)
        try:
            with Session(engine) as session:
                f.city(session)
                rows = {}
                for industry, year, scope1, scope2, _ in CASES:
                    entity = f.make_entity(session, industry_code=industry)
                    account = AnnualAccount(
                        entity_id=entity.id,
                        year=year,
                        months_verified=12,
                        tco2e=Decimal(scope1 + scope2),
                        scope1_tco2e=Decimal(scope1),
                        scope2_tco2e=Decimal(scope2),
                        energy_tce=Decimal(10000),
                        reported_tco2e=Decimal(scope1 + scope2),
                        ets_covered=scope1 + scope2 >= 26000,  # the old rule
                    )
                    session.add(account)
                    session.flush()
                    rows[account.id] = (industry, year, scope1, scope2)
                session.commit()
            upgrade(at_0013)
            with Session(engine) as session:
                got = {rows[a.id]: a.ets_covered for a in session.scalars(select(AnnualAccount))}
        finally:
            engine.dispose()
        assert got == {case[:4]: case[4] for case in CASES}


def seed_badges(session: Session) -> dict[str, Any]:
    """A cement plant and a textile mill, each 30,000 t direct in 2024 (two verified months of
    15,000 t), with the city official ``city``."""
    f.city(session)
    ids = {}
    for key, industry in (("cement", "C30"), ("textile", "C17")):
        entity = f.make_entity(session, industry_code=industry)
        _verified_year(session, entity, 2024, 30000, 0)
        ids[key] = entity.id
    annual.recompute_year(session=session, year=2024)
    testkit.make_users(session, [("city", "official", "330400", None)])
    return {"ids": ids}


@pytest.fixture
def badges(worlds: Any) -> Iterator[World]:
    with worlds(seed_badges) as made:
        yield made


def _badge(html: str) -> str | None:
    found = re.search(r'data-testid="ets-badge">([^<]*)<', html)
    return found.group(1) if found else None


class TestBadge:
    def test_the_account_page_names_the_covered_sector(self, badges: World) -> None:
        badges.web_login("city")
        cement = badges.ids["cement"]
        html = badges.client.get(f"/accounts/entities/{cement}?year=2024").text
        assert _badge(html) == "全国碳市场覆盖:水泥行业(年直接排放≥2.6万吨CO2e)"
        english = badges.client.get(f"/accounts/entities/{cement}?year=2024&lang=en").text
        assert _badge(english) == "National ETS: Cement (direct emissions ≥ 26,000 tCO2e)"

    def test_a_textile_mill_above_the_threshold_has_no_badge(self, badges: World) -> None:
        badges.web_login("city")
        html = badges.client.get(f"/accounts/entities/{badges.ids['textile']}?year=2024").text
        assert 'data-testid="entity-name"' in html and _badge(html) is None
