"""Scope: who may see where — the one answer, built from a user's scope columns (pure logic)."""

from __future__ import annotations

import pytest

from shuangtan.place.scope import Scope, ScopeKind, scope_of

CITY, NANHU, JIASHAN = "330400", "330402", "330421"
OTHER_CITY_COUNTY = "330102"  # 杭州市上城区: a county of another prefecture


class TestScopeOf:
    @pytest.mark.parametrize(
        ("role", "city", "county", "entity", "expected"),
        [
            ("admin", None, None, None, Scope(ScopeKind.all)),
            ("official", CITY, None, None, Scope(ScopeKind.city, code=CITY)),
            ("official", None, JIASHAN, None, Scope(ScopeKind.county, code=JIASHAN)),
            ("enterprise", None, None, 7, Scope(ScopeKind.entity, entity_id=7)),
            ("verifier", None, None, None, Scope(ScopeKind.assigned)),
            ("bank", None, None, None, Scope(ScopeKind.consented)),
            ("resident", None, None, None, Scope(ScopeKind.personal)),
            ("merchant", None, None, None, Scope(ScopeKind.personal)),
            ("partner", None, None, None, Scope(ScopeKind.personal)),
        ],
    )
    def test_each_role_gets_its_scope(
        self, role: str, city: str | None, county: str | None, entity: int | None, expected: Scope
    ) -> None:
        scope = scope_of(role=role, city_code=city, county_code=county, entity_id=entity)
        assert scope == expected

    def test_an_official_without_a_jurisdiction_reaches_nothing(self) -> None:
        scope = scope_of(role="official", city_code=None, county_code=None, entity_id=None)
        assert not scope.reaches_areas and not scope.covers(CITY)


class TestCovers:
    def test_the_whole_city_covers_the_city_and_its_counties_only(self) -> None:
        scope = Scope.city(CITY)
        assert scope.whole_city and scope.county_code is None
        assert scope.covers(CITY) and scope.covers(NANHU) and scope.covers(JIASHAN)
        assert not scope.covers(OTHER_CITY_COUNTY)

    def test_a_county_covers_itself_only(self) -> None:
        scope = Scope.county(JIASHAN)
        assert not scope.whole_city and scope.county_code == JIASHAN
        assert scope.covers(JIASHAN)
        assert not scope.covers(NANHU) and not scope.covers(CITY)

    def test_an_administrator_covers_everything(self) -> None:
        scope = Scope.everything()
        assert scope.whole_city and scope.covers(CITY) and scope.covers(OTHER_CITY_COUNTY)

    @pytest.mark.parametrize(
        "scope",
        [
            Scope.entity(7),
            Scope(ScopeKind.assigned),
            Scope(ScopeKind.consented),
            Scope(ScopeKind.personal),
        ],
    )
    def test_scopes_of_rows_reach_no_area(self, scope: Scope) -> None:
        assert not scope.reaches_areas and not scope.whole_city
        assert not scope.covers(CITY) and not scope.covers(JIASHAN)

    def test_no_area_is_covered_by_anyone(self) -> None:
        assert not Scope.everything().covers(None)

    def test_within_keeps_the_covered_codes_in_order(self) -> None:
        codes = [NANHU, JIASHAN, OTHER_CITY_COUNTY]
        assert Scope.county(JIASHAN).within(codes) == [JIASHAN]
        assert Scope.city(CITY).within(codes) == [NANHU, JIASHAN]
