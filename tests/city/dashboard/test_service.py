"""The dashboard's views of the hand-built city (conftest.py): who sees what, and the KPIs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.roles import Role
from shuangtan.city.dashboard import service
from shuangtan.city.dashboard.errors import (
    DashboardDenied,
    DashboardNotFound,
    OutOfScope,
)
from shuangtan.city.dashboard.service import CellView
from shuangtan.kit.params import InvalidYear

from .conftest import CITY, JIASHAN, NANHU, YEAR, Entities, principal


def _shown(cell: CellView | None) -> tuple[int | None, Decimal | None] | str | None:
    """(entities, tCO2e) of a shown cell, "confidential" for a withheld one."""
    if cell is None:
        return None
    if cell.suppressed is not None:
        return cell.suppressed.value
    return cell.entities, cell.tco2e


def _groups(cells: list[CellView]) -> dict[str, object]:
    return {c.key: _shown(c) for c in cells}


class TestPublicOverview:
    def test_the_public_sees_county_totals_and_protected_industries(
        self, session: Session, world: Entities
    ) -> None:
        view = service.public_overview(session=session, year=YEAR)
        counties = {c.code: _shown(c.accounts) for c in view.counties}
        # 南湖 100·3 + 500 + 40·3 = 920 (7); 嘉善 60 + 1000 = 1060 (6; 900/1060 = 84.9 %)
        assert counties[NANHU] == (7, Decimal("920"))
        assert counties[JIASHAN] == (6, Decimal("1060"))
        # the pattern of conftest.py: every industry total is withheld, with no reason given
        assert _groups(view.groups) == {
            "C17": "confidential",
            "C26": "confidential",
            "C28": "confidential",
        }
        assert _shown(view.total) == (13, Decimal("1980"))

    def test_the_public_overview_names_no_entity(self, session: Session, world: Entities) -> None:
        view = service.public_overview(session=session, year=YEAR)
        text = repr(view)
        assert not [name for name in world.names if name in text]

    def test_a_year_outside_the_range_is_refused(self, session: Session, world: Entities) -> None:
        with pytest.raises(InvalidYear):
            service.public_overview(session=session, year=1989)


class TestOfficialOverview:
    def test_a_city_official_sees_every_cell(self, session: Session, world: Entities) -> None:
        view = service.official_overview(
            session=session, actor=principal(Role.official, county=CITY), year=YEAR
        )
        # C17 300 + 60 = 360 (6); C26 500 + 1000 = 1500 (4); C28 120 (3)
        assert _groups(view.groups) == {
            "C26": (4, Decimal("1500")),
            "C17": (6, Decimal("360")),
            "C28": (3, Decimal("120")),
        }
        assert all(c.detail for c in view.counties)

    def test_a_county_official_sees_other_counties_protected_around_its_own(
        self, session: Session, world: Entities
    ) -> None:
        view = service.official_overview(
            session=session, actor=principal(Role.official, county=JIASHAN), year=YEAR
        )
        # the public pattern with 嘉善's own row shown: every industry total stays hidden
        assert _groups(view.groups) == {
            "C17": "confidential",
            "C26": "confidential",
            "C28": "confidential",
        }
        nanhu = service.county_view(
            session=session,
            actor=principal(Role.official, county=JIASHAN),
            year=YEAR,
            county_code=NANHU,
        )
        assert _groups(nanhu.groups) == {
            "C17": (3, Decimal("300")),
            "C26": "confidential",
            "C28": "confidential",
        }
        assert {c.code: c.detail for c in view.counties if c.code in (NANHU, JIASHAN)} == {
            NANHU: False,
            JIASHAN: True,
        }

    def test_an_enterprise_is_refused(self, session: Session, world: Entities) -> None:
        with pytest.raises(DashboardDenied):
            service.official_overview(session=session, actor=principal(Role.enterprise), year=YEAR)


class TestCountyView:
    def test_the_public_sees_a_county_by_industry_with_suppression_marks(
        self, session: Session, world: Entities
    ) -> None:
        view = service.county_view(session=session, actor=None, year=YEAR, county_code=NANHU)
        assert not view.detail
        # 南湖·C17 300 t of 3 entities passes every rule and protects nothing: shown
        assert _groups(view.groups) == {
            "C17": (3, Decimal("300")),
            "C26": "confidential",
            "C28": "confidential",
        }
        assert _shown(view.total) == (7, Decimal("920"))

    def test_a_county_official_sees_its_own_county_in_full(
        self, session: Session, world: Entities
    ) -> None:
        view = service.county_view(
            session=session,
            actor=principal(Role.official, county=JIASHAN),
            year=YEAR,
            county_code=JIASHAN,
        )
        assert view.detail
        assert _groups(view.groups) == {"C26": (3, Decimal("1000")), "C17": (3, Decimal("60"))}

    def test_the_trend_reads_each_year(self, session: Session, world: Entities) -> None:
        view = service.county_view(
            session=session, actor=principal(Role.admin), year=YEAR, county_code=JIASHAN
        )
        by_year = {p.year: _shown(p.accounts) for p in view.trend}
        # the world has 2023 and 2024 at the same values; other years hold no account, and
        # the trend runs from the plan's base year 2020 to the latest year with data, 2024
        assert by_year == {
            2020: None,
            2021: None,
            2022: None,
            2023: (6, Decimal("1060")),
            2024: (6, Decimal("1060")),
        }

    def test_an_unknown_county_is_not_found(self, session: Session, world: Entities) -> None:
        with pytest.raises(DashboardNotFound):
            service.county_view(session=session, actor=None, year=YEAR, county_code="999999")


class TestIndustryView:
    def test_the_public_never_gets_the_entities(self, session: Session, world: Entities) -> None:
        view = service.industry_view(
            session=session, actor=None, year=YEAR, county_code=JIASHAN, key="C17"
        )
        assert view.entities is None
        assert _shown(view.cell) == "confidential"

    def test_a_county_official_lists_its_own_entities_largest_first(
        self, session: Session, world: Entities
    ) -> None:
        view = service.official_industry_view(
            session=session,
            actor=principal(Role.official, county=JIASHAN),
            year=YEAR,
            county_code=JIASHAN,
            key="C26",
        )
        assert view.entities is not None
        assert [e.tco2e for e in view.entities] == [Decimal("900"), Decimal("50"), Decimal("50")]
        assert _shown(view.cell) == (3, Decimal("1000"))

    def test_a_county_official_is_refused_another_countys_entities(
        self, session: Session, world: Entities
    ) -> None:
        with pytest.raises(OutOfScope):
            service.official_industry_view(
                session=session,
                actor=principal(Role.official, county=JIASHAN),
                year=YEAR,
                county_code=NANHU,
                key="C17",
            )

    def test_an_unknown_industry_is_not_found(self, session: Session, world: Entities) -> None:
        with pytest.raises(DashboardNotFound):
            service.industry_view(
                session=session, actor=None, year=YEAR, county_code=NANHU, key="X99"
            )


class TestKpis:
    def test_the_demo_citys_2020_totals_match_the_plan(self, session: Session) -> None:
        from shuangtan.city.inventory.demo import load_demo_inventory
        from shuangtan.demo import load_demo

        load_demo(session=session)
        load_demo_inventory(session=session)
        view = service.public_overview(session=session, year=2020)
        assert view.kpis is not None
        # the plan §1.(1): 2020 energy 2181 ×10^4 tce, intensity 0.427 tce per 10^4 CNY
        assert view.kpis.energy_10k_tce.value == Decimal("2181")
        intensity = view.kpis.intensity_tce_per_10k_cny.value
        assert intensity is not None and round(intensity, 3) == Decimal("0.427")
        assert view.kpis.energy_10k_tce.change_since_2020_pct is None  # 2020 is the base

    def test_without_inventory_data_the_kpis_are_absent(
        self, session: Session, world: Entities
    ) -> None:
        assert service.public_overview(session=session, year=YEAR).kpis is None


class TestPathways:
    def test_without_peak_data_everyone_sees_the_three_illustrative_scenarios(
        self, session: Session, world: Entities
    ) -> None:
        view = service.public_overview(session=session, year=YEAR)
        assert len(view.pathways) == 3
        assert all(p.illustrative for p in view.pathways)

    def test_the_public_sees_the_shipped_scenarios_and_never_an_officials_own(
        self, session: Session
    ) -> None:
        from shuangtan.city.inventory.demo import load_demo_inventory
        from shuangtan.city.peak import service as peak_service
        from shuangtan.city.peak.demo import load_demo_peak
        from shuangtan.city.peak.schemas import BaseValues, PeriodRates, ScenarioIn
        from shuangtan.demo import load_demo

        load_demo(session=session)
        load_demo_inventory(session=session)
        load_demo_peak(session=session)
        from shuangtan.auth import repository as auth_repository
        from shuangtan.auth.service import principal_of

        user = auth_repository.user_by_username(session, "official")  # the demo city official
        assert user is not None
        official = principal_of(user)
        own = ScenarioIn(
            name="市发改委测试情景",
            base_year=2020,
            base=BaseValues(
                population=Decimal("540.09"),
                gdp_per_capita=Decimal("10.3"),
                energy_intensity=Decimal("0.392"),
                carbon_intensity=Decimal("2.1"),
            ),
            base_source="test",
            rates=[
                PeriodRates(
                    first_year=2021,
                    last_year=2060,
                    population=0.0,
                    gdp_per_capita=0.03,
                    energy_intensity=-0.04,
                    carbon_intensity=-0.02,
                )
            ],
            scope_kind="city",
        )
        peak_service.create_scenario(session=session, actor=official, data=own)
        session.flush()

        public = service.public_overview(session=session, year=2020).pathways
        # the three shipped city scenarios of the peak room, illustrative, from its base
        assert len(public) == 3
        assert all(p.illustrative for p in public)
        assert "市发改委测试情景" not in [p.name_zh for p in public]
        officials = service.official_overview(session=session, actor=official, year=2020)
        mine = [p for p in officials.pathways if p.name_zh == "市发改委测试情景"]
        assert len(mine) == 1 and not mine[0].illustrative
        # its path: C = P·g·e·c with all four multiplied by their yearly factors; 2021 =
        # 540.09 × 10.3 × 0.392 × 2.1 × 1.03 × 0.96 × 0.98 / 10^4 t → 10^4 t
        expected_2021 = 540.09 * 10.3 * 0.392 * 2.1 * 1.03 * 0.96 * 0.98
        index = mine[0].years.index(2021)
        assert mine[0].emissions_10k_t[index] == pytest.approx(expected_2021, rel=1e-9)
        # the shipped scenarios start from the demo's last observed year (2025) and carry the
        # observed 2020–2024 before it, as the peak room draws them: a path is the inventory's
        # energy CO2 up to its base year, and a peak in an observed year is one that every
        # later year (observed and projected) stays below
        from shuangtan.city.inventory import service as inventory_service

        observed = {
            y: float(
                inventory_service.city_totals(
                    session=session, year=y, with_inventory=False
                ).energy_co2_t
                or 0
            )
            / 10_000
            for y in range(2020, 2026)
        }
        for path in public:
            assert path.years[:7] == (2020, 2021, 2022, 2023, 2024, 2025, 2026)
            for year in range(2020, 2026):
                assert path.emissions_10k_t[path.years.index(year)] == pytest.approx(
                    observed[year], rel=1e-6
                )
            if path.peak_year is not None:
                at = path.years.index(path.peak_year)
                assert all(v < path.emissions_10k_t[at] for v in path.emissions_10k_t[at + 1 :])
                assert all(v <= path.emissions_10k_t[at] for v in path.emissions_10k_t[:at])
