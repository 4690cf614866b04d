"""Carbon-efficiency grades (碳效码) against hand-computed L and K at every threshold.

Method: 规上工业企业碳效等级评价方法 (shared/reference/methods.md): L = energy CO2 / value added;
level L <= 0.6 low, <= 2.0 medium, else high; K = L / industry L; grade 1 K <= 0.6, 2 <= 0.8,
3 <= 1.2, 4 <= 2.0, else 5.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.grading.carbon_grade import carbon_level, grade_of, grade_year, next_grade_target
from shuangtan.grading.errors import GradingDenied
from shuangtan.grading.rules import carbon_efficiency_rules

from .factories import make_account, make_entity, make_verified_month, principal

D = Decimal
RULES = carbon_efficiency_rules()

# Nine textile (C17) enterprises. Eight have value added 100 (10^4 CNY) and the CO2 below, so
# L = CO2 / 100; the ninth balances the industry: VA 1000, CO2 879.9996. Industry L (ratio of
# sums) = (60 + 60.0001 + 80 + 80.0001 + 120 + 120.0001 + 200 + 200.0001 + 879.9996) / 1800
#       = 1800 / 1800 = 1.0, so K = L.
EDGE_CASES = [
    # (CO2 t, L, K, grade, level)
    ("60", "0.6", "0.6", 1, "low"),
    ("60.0001", "0.600001", "0.600001", 2, "medium"),
    ("80", "0.8", "0.8", 2, "medium"),
    ("80.0001", "0.800001", "0.800001", 3, "medium"),
    ("120", "1.2", "1.2", 3, "medium"),
    ("120.0001", "1.200001", "1.200001", 4, "medium"),
    ("200", "2.0", "2.0", 4, "medium"),
    ("200.0001", "2.000001", "2.000001", 5, "high"),
]


class TestGradeOf:
    @pytest.mark.parametrize(
        ("k", "grade"),
        [
            ("0.6", 1),
            ("0.600001", 2),
            ("0.8", 2),
            ("0.800001", 3),
            ("1.2", 3),
            ("1.200001", 4),
            ("2.0", 4),
            ("2.000001", 5),
            ("0", 1),
            ("9", 5),
        ],
    )
    def test_each_bound_belongs_to_the_better_grade(self, k: str, grade: int) -> None:
        assert grade_of(D(k), RULES) == grade


class TestCarbonLevel:
    @pytest.mark.parametrize(
        ("value", "level"),
        [("0.6", "low"), ("0.600001", "medium"), ("2.0", "medium"), ("2.000001", "high")],
    )
    def test_l_of_0_6_is_low_and_2_0_still_medium(self, value: str, level: str) -> None:
        assert carbon_level(D(value), RULES) == level


class TestNextGradeTarget:
    def test_grade_4_needs_k_1_2_and_names_the_tonnes_to_cut(self) -> None:
        # L = 140 / 100 = 1.4, benchmark 1.0 → K 1.4, grade 4. Grade 3 needs K <= 1.2, so
        # L* = 1.2 × 1.0 = 1.2; cut 140 − 1.2 × 100 = 20 t, or raise VA to 140 / 1.2 = 116.666667.
        target = next_grade_target(
            grade=4, energy_co2=D("140"), value_added=D("100"), benchmark=D("1"), rules=RULES
        )
        assert target == {
            "grade": 3,
            "k_max": "1.2",
            "intensity_max": "1.200000",
            "reduction_tco2": "20.000000",
            "value_added_needed_10k_cny": "116.666667",
        }

    def test_grade_1_has_nothing_better(self) -> None:
        assert (
            next_grade_target(
                grade=1, energy_co2=D(1), value_added=D(10), benchmark=D(1), rules=RULES
            )
            is None
        )


class TestGradeYear:
    def test_grades_at_every_threshold_match_the_hand_computed_l_and_k(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        entities = []
        for co2, *_ in EDGE_CASES:
            entity = make_entity(session)
            make_account(session, entity=entity, year=2024, tco2e=co2, value_added="100")
            entities.append(entity)
        balance = make_entity(session)
        make_account(session, entity=balance, year=2024, tco2e="879.9996", value_added="1000")

        run = grade_year(session=session, actor=city_official, year=2024)

        assert [
            (b.industry_code, b.intensity_t_per_10k_cny, b.method, b.enterprises)
            for b in run.benchmarks
        ] == [("C17", D("1"), "computed", 9)]
        by_entity = {g.entity_id: g for g in run.grades}
        for entity, (_co2, value, ratio, grade, level) in zip(entities, EDGE_CASES, strict=True):
            stored = by_entity[entity.id]
            assert stored.intensity_t_per_10k_cny == D(value)
            assert stored.ratio_to_benchmark == D(ratio)
            assert (stored.grade, stored.level) == (grade, level), value
        assert by_entity[balance.id].grade == 3  # L = 879.9996 / 1000 → 0.880000, K 0.88

    def test_the_explanation_names_inputs_benchmark_and_the_way_up(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        # Industry L = (60 + 100 + 140) / 300 = 1.0. The third: L 1.4, K 1.4, grade 4.
        rows = []
        for co2 in ("60", "100", "140"):
            rows.append(make_entity(session))
            make_account(session, entity=rows[-1], year=2024, tco2e=co2, value_added="100")
        run = grade_year(session=session, actor=city_official, year=2024)
        third = next(g for g in run.grades if g.entity_id == rows[2].id)
        explanation = third.explanation
        assert D(explanation["inputs"]["tco2_energy"]) == D(140)
        assert D(explanation["inputs"]["intensity"]) == D("1.4")
        assert explanation["benchmark"]["method"] == "computed"
        assert D(explanation["benchmark"]["value"]) == D(1)
        assert explanation["benchmark"]["enterprises"] == 3
        assert explanation["next_grade"]["grade"] == 3
        assert D(explanation["next_grade"]["reduction_tco2"]) == D(20)
        assert "规上工业企业碳效等级评价方法" in explanation["thresholds"]["source"]

    def test_process_emissions_are_not_energy_related_and_leave_l(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        # 150 t verified, of which a verified month has a 50 t process line: energy CO2 = 100.
        # With two peers of L 1.0 the industry L = (100 + 100 + 100) / 300 = 1.0.
        firm = make_entity(session)
        make_account(session, entity=firm, year=2024, tco2e="150", value_added="100")
        make_verified_month(
            session,
            entity=firm,
            year=2024,
            month=1,
            lines=[("fuel_combustion", "100"), ("process", "50")],
        )
        for _ in range(2):
            make_account(
                session, entity=make_entity(session), year=2024, tco2e="100", value_added="100"
            )
        run = grade_year(session=session, actor=city_official, year=2024)
        grade = next(g for g in run.grades if g.entity_id == firm.id)
        assert grade.intensity_t_per_10k_cny == D("1")
        assert D(grade.explanation["inputs"]["tco2_non_energy_excluded"]) == D(50)

    def test_a_re_run_keeps_the_public_token(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        for _ in range(3):
            make_account(
                session, entity=make_entity(session), year=2024, tco2e="10", value_added="10"
            )
        first = {
            g.entity_id: g.public_token
            for g in grade_year(session=session, actor=city_official, year=2024).grades
        }
        again = {
            g.entity_id: g.public_token
            for g in grade_year(session=session, actor=city_official, year=2024).grades
        }
        assert first == again and len(set(first.values())) == 3

    def test_a_county_official_may_not_recompute_the_city(
        self, session: Session, city: None, jiashan_official: Principal
    ) -> None:
        with pytest.raises(GradingDenied):
            grade_year(session=session, actor=jiashan_official, year=2024)

    def test_an_enterprise_may_not_compute_grades(self, session: Session, city: None) -> None:
        with pytest.raises(GradingDenied):
            grade_year(session=session, actor=principal(Role.enterprise, entity_id=1), year=2024)
