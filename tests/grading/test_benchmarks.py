"""Industry benchmarks: computed by hand from the verified accounts, and their gaps."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.grading.benchmarks import compute_benchmarks, published_benchmarks
from shuangtan.grading.carbon_grade import grade_year
from shuangtan.grading.rules import carbon_efficiency_rules

from .factories import make_account, make_entity

D = Decimal
# Chemicals (C26): (CO2 t, value added 10^4 CNY) = (300, 100), (50, 50), (130, 250).
CHEMICALS = [("300", "100"), ("50", "50"), ("130", "250")]


def _chemicals(session: Session) -> None:
    for co2, va in CHEMICALS:
        entity = make_entity(session, industry_code="C26")
        make_account(session, entity=entity, year=2023, tco2e=co2, value_added=va)


class TestComputeBenchmarks:
    def test_the_industry_l_is_the_ratio_of_sums(self, session: Session, city: None) -> None:
        _chemicals(session)
        benchmarks, gaps = compute_benchmarks(session=session, year=2023)
        # (300 + 50 + 130) / (100 + 50 + 250) = 480 / 400 = 1.2
        assert [(b.industry_code, b.intensity_t_per_10k_cny) for b in benchmarks] == [
            ("C26", D("1.2"))
        ]
        assert benchmarks[0].method == "computed" and benchmarks[0].enterprises == 3
        assert benchmarks[0].computed_at is not None
        assert gaps == []

    def test_the_mean_of_ratios_is_a_configurable_alternative(
        self, session: Session, city: None
    ) -> None:
        _chemicals(session)
        rules = replace(carbon_efficiency_rules(), mean="mean_of_ratios")
        benchmarks, _ = compute_benchmarks(session=session, year=2023, rules=rules)
        # (300/100 + 50/50 + 130/250) / 3 = (3 + 1 + 0.52) / 3 = 1.506667
        assert benchmarks[0].intensity_t_per_10k_cny == D("1.506667")

    def test_too_few_enterprises_give_no_benchmark_and_the_grade_run_says_why(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        for co2, va in CHEMICALS[:2]:
            entity = make_entity(session, industry_code="C26")
            make_account(session, entity=entity, year=2023, tco2e=co2, value_added=va)
        benchmarks, gaps = compute_benchmarks(session=session, year=2023)
        assert benchmarks == []
        assert [(g.industry_code, g.enterprises, g.minimum) for g in gaps] == [("C26", 2, 3)]
        run = grade_year(session=session, actor=city_official, year=2023)
        assert run.grades == []
        assert {u.code for u in run.ungraded} == {"grading.no_benchmark"}
        assert "少于 3 家" in run.ungraded[0].message_zh

    def test_an_enterprise_without_value_added_is_left_out(
        self, session: Session, city: None, city_official: Principal
    ) -> None:
        _chemicals(session)
        idle = make_entity(session, industry_code="C26")
        make_account(session, entity=idle, year=2023, tco2e="5", value_added=None)
        benchmarks, _ = compute_benchmarks(session=session, year=2023)
        assert benchmarks[0].intensity_t_per_10k_cny == D("1.2")
        run = grade_year(session=session, actor=city_official, year=2023)
        assert [(u.entity_id, u.code) for u in run.ungraded] == [
            (idle.id, "grading.no_value_added")
        ]


class TestPublishedBenchmarks:
    def test_none_ship_until_one_is_found_with_its_source(self) -> None:
        assert published_benchmarks() == ()
