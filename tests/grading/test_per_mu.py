"""Per-mu evaluation (亩均论英雄): hand-computed scores at the class bounds, and D-list scopes.

Defaults (data/grading/per-mu.yaml): weights 0.35 / 0.35 / 0.15 / 0.15, ratios to the county
median capped at 2, score = 100 × Σ w × ratio / 2; A ≥ 65, B ≥ 50, C ≥ 35, else D.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.grading.errors import GradingDenied, OutOfScope
from shuangtan.grading.per_mu import class_of, d_class_list, evaluate_year
from shuangtan.grading.rules import per_mu_rules

from .conftest import JIASHAN, NANHU
from .factories import make_account, make_entity, principal

D = Decimal
RULES = per_mu_rules()

# Five enterprises of one county on 100 mu each: (name, VA, tax, energy tce, tCO2e).
# Indicators per mu / per VA:            VA/mu tax/mu tce/VA  tCO2e/VA
#   median M, M2: 1000, 100, 700, 1400 →  10    1      0.7    1.4
#   H: 1000, 100, 350, 700             →  10    1      0.35   0.7   ratios 1, 1, 2, 2
#   L: 700, 70, 700, 1400              →  7     0.7    1.0    2.0   ratios 0.7 each
#   D: 500, 50, 700, 1400              →  5     0.5    1.4    2.8   ratios 0.5 each
# Medians of five: 10, 1, 0.7, 1.4 (M's). Scores: H 100 × (0.35 + 0.35 + 0.3 + 0.3) / 2 = 65 (A);
# M 100 × 1 / 2 = 50 (B); L 100 × 0.7 / 2 = 35 (C); D 100 × 0.5 / 2 = 25 (D).
COUNTY = [
    ("H", "1000", "100", "350", "700"),
    ("M", "1000", "100", "700", "1400"),
    ("M2", "1000", "100", "700", "1400"),
    ("L", "700", "70", "700", "1400"),
    ("D", "500", "50", "700", "1400"),
]


def _county(session: Session, county: str) -> dict[str, int]:
    ids = {}
    for name, va, tax, tce, co2 in COUNTY:
        entity = make_entity(
            session, name=f"{county}-{name}", county_code=county, land_area_mu="100"
        )
        make_account(
            session, entity=entity, year=2024, tco2e=co2, value_added=va, energy_tce=tce, tax=tax
        )
        ids[name] = entity.id
    return ids


class TestClassOf:
    @pytest.mark.parametrize(
        ("score", "klass"),
        [
            ("65", "A"),
            ("64.9999", "B"),
            ("50", "B"),
            ("49.9999", "C"),
            ("35", "C"),
            ("34.9999", "D"),
            ("0", "D"),
        ],
    )
    def test_each_lower_bound_belongs_to_the_better_class(self, score: str, klass: str) -> None:
        assert class_of(D(score), RULES) == klass


class TestEvaluateYear:
    def test_scores_land_on_the_class_bounds_as_derived_by_hand(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        ids = _county(session, NANHU)
        run = evaluate_year(session=session, actor=city_official, year=2024)
        by_id = {e.entity_id: e for e in run.evaluations}
        expected = {"H": ("65", "A"), "M": ("50", "B"), "L": ("35", "C"), "D": ("25", "D")}
        for name, (score, klass) in expected.items():
            assert (by_id[ids[name]].score, by_id[ids[name]].klass) == (D(score), klass), name
        high = by_id[ids["H"]]
        assert (high.value_added_per_mu, high.tax_per_mu) == (D(10), D(1))
        assert (high.energy_per_value_added, high.carbon_per_value_added) == (D("0.35"), D("0.7"))
        assert D(high.explanation["medians"]["carbon_per_value_added"]) == D("1.4")

    def test_an_enterprise_without_land_area_is_skipped(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        entity = make_entity(session)
        make_account(session, entity=entity, year=2024, tco2e="1", value_added="1", tax="1")
        run = evaluate_year(session=session, actor=city_official, year=2024)
        assert run.evaluations == [] and run.skipped == {entity.id: "per_mu.missing_inputs"}


class TestDClassList:
    @pytest.fixture
    def two_counties(
        self, session: Session, city: None, city_official: Principal
    ) -> dict[str, int]:
        nanhu, jiashan = _county(session, NANHU), _county(session, JIASHAN)
        evaluate_year(session=session, actor=city_official, year=2024)
        return {NANHU: nanhu["D"], JIASHAN: jiashan["D"]}

    def test_a_city_official_sees_every_county(
        self, session: Session, two_counties: dict[str, int], city_official: Principal
    ) -> None:
        rows = d_class_list(session=session, actor=city_official, year=2024)
        assert [(r.county_code, r.entity_id) for r in rows] == sorted(two_counties.items())
        assert rows[0].score == D(25)

    def test_a_county_official_sees_only_its_county(
        self, session: Session, two_counties: dict[str, int], jiashan_official: Principal
    ) -> None:
        rows = d_class_list(session=session, actor=jiashan_official, year=2024)
        assert [r.entity_id for r in rows] == [two_counties[JIASHAN]]

    def test_a_county_official_asking_for_another_county_is_refused(
        self, session: Session, two_counties: dict[str, int], jiashan_official: Principal
    ) -> None:
        with pytest.raises(OutOfScope):
            d_class_list(session=session, actor=jiashan_official, year=2024, county_code=NANHU)

    def test_an_enterprise_is_refused(self, session: Session, two_counties: dict[str, int]) -> None:
        with pytest.raises(GradingDenied):
            d_class_list(session=session, actor=principal(Role.enterprise, entity_id=1), year=2024)
