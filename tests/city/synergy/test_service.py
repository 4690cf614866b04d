"""The synergy services: scopes, validation (nothing written on refusal), audit, runs kept.

Seeded inputs (conftest): Nanhu, Xiuzhou, Jiashan normalise to x' = 0, 0.5, 1 on every
indicator, so every column has the same entropy and the 11 weights are equal, 1/11 each:
p = [0, 1/3, 2/3], e = 0.579380 for every column, d equal, w = d / 11d = 1/11 = 0.090909.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.inventory.service import CityTotals
from shuangtan.city.synergy import service, views
from shuangtan.city.synergy.errors import (
    NotEnoughCounties,
    SynergyDenied,
    SynergyInputInvalid,
    SynergyOutOfScope,
    UnknownIndicator,
    WeightsRefused,
)
from shuangtan.city.synergy.models import SynergyInput, SynergyRun, SynergyScore

from .conftest import (
    JIASHAN,
    NANHU,
    REFERENCE_YEAR,
    V1,
    V2,
    XIUZHOU,
    YEAR,
    principal,
    seed_values,
)

ELEVEN = 11


def _enter(
    session: Session,
    actor: Principal,
    county_code: str,
    indicator_id: str,
    value: str,
    source_note: str,
) -> SynergyInput:
    """``service.enter_input`` of one indicator of ``county_code`` in ``YEAR``."""
    return service.enter_input(
        session=session,
        actor=actor,
        year=YEAR,
        county_code=county_code,
        indicator_id=indicator_id,
        value=value,
        source_note=source_note,
    )


def _count(session: Session, table: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


class TestEnterInputs:
    def test_a_county_official_enters_its_own_county_with_the_source(
        self, city: Session, jiashan_official: Principal
    ) -> None:
        note = "嘉善县2024年环境状况公报"
        row = _enter(city, jiashan_official, JIASHAN, "pm25_concentration", "26.5", note)
        assert (row.value, row.unit, row.origin) == (Decimal("26.5"), "μg/m³", "entered")
        assert row.source_note == note

    def test_another_county_is_refused_and_nothing_is_written(
        self, city: Session, jiashan_official: Principal
    ) -> None:
        with pytest.raises(SynergyOutOfScope):
            _enter(city, jiashan_official, NANHU, "pm25_concentration", "26.5", "x")
        assert _count(city, SynergyInput) == 0

    def test_an_enterprise_is_refused(self, city: Session) -> None:
        with pytest.raises(SynergyDenied):
            _enter(city, principal(Role.enterprise), NANHU, "pm25_concentration", "26.5", "x")

    def test_one_bad_value_refuses_the_whole_form(
        self, city: Session, city_official: Principal
    ) -> None:
        values = {"pm25_concentration": ("26.5", "公报"), "cod_per_gdp": ("abc", "公报")}
        with pytest.raises(SynergyInputInvalid) as error:
            service.enter_inputs(
                session=city, actor=city_official, year=YEAR, county_code=NANHU, values=values
            )
        assert "不是有效数字" in error.value.message_zh and "cod_per_gdp" in error.value.message_en
        assert _count(city, SynergyInput) == 0

    def test_a_value_without_a_source_is_refused(
        self, city: Session, city_official: Principal
    ) -> None:
        with pytest.raises(SynergyInputInvalid, match="source"):
            _enter(city, city_official, NANHU, "pm25_concentration", "26.5", "  ")

    def test_an_indicator_outside_the_definition_is_refused(
        self, city: Session, city_official: Principal
    ) -> None:
        with pytest.raises(UnknownIndicator):
            _enter(city, city_official, NANHU, "so2", "1", "x")

    def test_a_change_is_audited_with_before_and_after_and_a_repeat_is_not(
        self, city: Session, city_official: Principal
    ) -> None:
        def enter(value: str) -> None:
            _enter(city, city_official, NANHU, "pm25_concentration", value, "公报")

        start = _count(city, AuditEntry)
        enter("30")
        enter("30")
        enter("28")
        entries = city.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()[start:]
        assert [e.action for e in entries] == ["synergy.input_saved"] * 2
        assert entries[1].before["value"] == "30" and entries[1].after["value"] == "28"


class TestStoreComputedInputs:
    def test_the_inventory_totals_give_the_computed_inputs(
        self, city: Session, city_official: Principal
    ) -> None:
        totals = CityTotals(
            year=YEAR,
            county_code=JIASHAN,
            energy_tce=Decimal(400_000),
            energy_co2_t=Decimal(1_000_000),
            inventory_basic_tco2e=None,
            inventory_basic_plus_tco2e=None,
            sinks_tco2=None,
            gdp_current_10k_cny=Decimal(1_000_000),
            gdp_2015_prices_10k_cny=None,
            gdp_2020_prices_10k_cny=Decimal(800_000),
            population_10k=Decimal(50),
            value_added_10k_cny={"tertiary": Decimal(450_000)},
        )
        stored, skipped = service.store_computed_inputs(
            session=city, actor=city_official, totals=totals, county_code=JIASHAN
        )
        values = {r.indicator_id: r.value for r in stored}
        assert values == {
            "gdp_per_capita": Decimal(20_000),  # 1,000,000 ×10^4 CNY / 50 ×10^4 persons
            "services_share": Decimal(45),  # 450,000 / 1,000,000 × 100
            "energy_per_gdp": Decimal("0.5"),  # 400,000 tce / 800,000 ×10^4 CNY
            "co2_per_gdp": Decimal("1.25"),  # 1,000,000 t / 800,000 ×10^4 CNY
            "co2_per_capita": Decimal(2),  # 1,000,000 t / (50 × 10^4 persons)
        }
        assert skipped == ["renewable_generation_share"]  # not entered: not invented
        assert all(r.origin == "computed" for r in stored)
        energy = next(r for r in stored if r.indicator_id == "energy_per_gdp")
        assert energy.source_note == (
            "computed from the city inventory 2024: energy 400,000 tce / GDP (2020 prices) 800,000"
        )


class TestCreateWeightSet:
    WEIGHTS = {i: "0" for i in service.definition("2025.1").indicator_ids} | {
        "pm25_concentration": "0.6",
        "co2_per_gdp": "0.4",
    }

    def test_a_city_official_sets_weights_and_it_is_audited(
        self, city: Session, city_official: Principal
    ) -> None:
        row = service.create_weight_set(
            session=city,
            actor=city_official,
            name="减污优先",
            weights=self.WEIGHTS,
            note="会议纪要",
        )
        assert row.weights["pm25_concentration"] == "0.6"
        entry = city.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == "synergy.weight_set_created"

    def test_weights_not_summing_to_one_are_refused(
        self, city: Session, city_official: Principal
    ) -> None:
        weights = self.WEIGHTS | {"co2_per_gdp": "0.3"}
        with pytest.raises(WeightsRefused) as error:
            service.create_weight_set(session=city, actor=city_official, name="x", weights=weights)
        assert "0.900000" in error.value.message_en

    def test_a_county_official_may_not_set_the_citys_weights(
        self, city: Session, jiashan_official: Principal
    ) -> None:
        with pytest.raises(SynergyOutOfScope):
            service.create_weight_set(
                session=city, actor=jiashan_official, name="x", weights=self.WEIGHTS
            )


class TestComputeYear:
    def test_equal_entropy_weights_give_the_hand_derived_scores(
        self, seeded: Session, city_official: Principal
    ) -> None:
        run = service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        assert run.weighting == "entropy" and run.definition_version == "2025.1"
        assert set(run.weights.values()) == {0.090909}  # 1/11
        assert run.entropy is not None and set(run.entropy.values()) == {0.57938}
        scores = {s.county_code: s for s in seeded.scalars(select(SynergyScore))}
        # index = 100 × Σ (1/11) x' = 100 x': Jiashan 100, Xiuzhou 50, Nanhu 0
        assert {c: (s.rank, s.index_value) for c, s in scores.items()} == {
            JIASHAN: (1, Decimal("100.0000")),
            XIUZHOU: (2, Decimal("50.0000")),
            NANHU: (3, Decimal("0.0000")),
        }
        # Xiuzhou: U1 = U2 = 0.5 → C = 2 × 0.5 / 1 = 1, T = 0.5, D = √0.5 = 0.707107 (0.7–0.8]
        x = scores[XIUZHOU]
        assert (x.u1, x.u2, x.coupling_c, x.coordination_t) == (
            Decimal("0.5"),
            Decimal("0.5"),
            Decimal(1),
            Decimal("0.5"),
        )
        assert x.coordination_d == Decimal("0.707107") and x.band_zh == "中级协调"
        assert scores[JIASHAN].band_zh == "优质协调" and scores[NANHU].band_zh == "极度失调"

    def test_the_other_counties_are_listed_with_every_missing_input(
        self, seeded: Session, city_official: Principal
    ) -> None:
        run = service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        assert sorted(run.unscored) == ["330424", "330481", "330482", "330483"]
        assert all(len(ids) == ELEVEN for ids in run.unscored.values())

    def test_the_drill_down_shows_each_contribution(
        self, seeded: Session, city_official: Principal
    ) -> None:
        service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        detail = views.county_detail(
            session=seeded, actor=city_official, year=YEAR, county_code=XIUZHOU
        )
        assert detail.score is not None
        rows = {r["indicator_id"]: r for r in detail.score.detail}
        # PM2.5 25 μg/m³ against 15–35, negative: (35 - 25) / 20 = 0.5; 100 × (1/11) × 0.5
        pm25 = rows["pm25_concentration"]
        assert (pm25["raw"], pm25["normalised"], pm25["weight"]) == ("25.000000", 0.5, 0.090909)
        assert pm25["contribution"] == pytest.approx(4.5455, abs=1e-4)
        assert pm25["source_note"] == "test data" and pm25["origin"] == "entered"

    def test_official_weights_are_used_and_kept_with_the_run(
        self, seeded: Session, city_official: Principal
    ) -> None:
        weights = {i: "0" for i in service.definition(V1).indicator_ids}
        weights |= {"gdp_per_capita": "0.75", "pm25_concentration": "0.25"}
        ws = service.create_weight_set(
            session=seeded, actor=city_official, name="w", weights=weights, version=V1
        )
        run = service.compute_year(
            session=seeded, actor=city_official, year=YEAR, weight_set_id=ws.id
        )
        assert run.weighting == "official" and run.weight_set_id == ws.id
        xiuzhou = seeded.scalars(
            select(SynergyScore).where(
                SynergyScore.run_id == run.id, SynergyScore.county_code == XIUZHOU
            )
        ).one()
        # 100 × (0.75 × 0.5 + 0.25 × 0.5) = 50; U1 = x'(PM2.5) = 0.5 (only weighted member)
        assert xiuzhou.index_value == Decimal("50.0000") and xiuzhou.u1 == Decimal("0.5")

    def test_a_recomputation_is_a_new_run_and_the_old_scores_stay(
        self, seeded: Session, city_official: Principal
    ) -> None:
        first = service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        _enter(seeded, city_official, NANHU, "gdp_per_capita", "3", "修订")
        second = service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        assert second.id != first.id and _count(seeded, SynergyRun) == 2
        old = seeded.scalars(
            select(SynergyScore).where(
                SynergyScore.run_id == first.id, SynergyScore.county_code == NANHU
            )
        ).one()
        assert old.index_value == Decimal("0.0000")  # computed with the old input
        assert old.detail[0]["raw"] == "1.000000"

    def test_equal_indices_share_a_rank(self, seeded: Session, city_official: Principal) -> None:
        service.enter_inputs(
            session=seeded, actor=None, year=YEAR, county_code="330424", values=seed_values(1)
        )  # Haiyan = Xiuzhou on every input
        run = service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        ranks = {
            s.county_code: s.rank
            for s in seeded.scalars(select(SynergyScore).where(SynergyScore.run_id == run.id))
        }
        assert ranks == {JIASHAN: 1, XIUZHOU: 2, "330424": 2, NANHU: 4}

    def test_a_county_official_may_not_compute(
        self, seeded: Session, jiashan_official: Principal
    ) -> None:
        with pytest.raises(SynergyOutOfScope):
            service.compute_year(session=seeded, actor=jiashan_official, year=YEAR, version=V1)

    def test_a_year_without_two_complete_counties_is_refused_naming_the_gaps(
        self, city: Session, city_official: Principal
    ) -> None:
        with pytest.raises(NotEnoughCounties) as error:
            service.compute_year(session=city, actor=city_official, year=YEAR, version=V1)
        assert len(error.value.extra["missing"]) == 7
        assert _count(city, SynergyRun) == 0


def _scores(session: Session, run: SynergyRun) -> dict[str, SynergyScore]:
    rows = session.scalars(select(SynergyScore).where(SynergyScore.run_id == run.id))
    return {s.county_code: s for s in rows}


class TestComputeAnchored:
    """Definition 2026.1 on the seeded inputs, 2020 = 2024 (fixture ``anchored``).

    2020 bounds (margin 1, spread max(range 2, 0.5 × mean 2) = 2): positive min-max indicators
    1, 2, 3 → [-1, 5], so
    x' = (x + 1)/6 = 1/3, 1/2, 2/3; negative 3, 2, 1 → (5 - x)/6 = 1/3, 1/2, 2/3. PM2.5 and
    surface water keep their published bounds: x' = 0, 0.5, 1. Weights: the 2020 entropy
    weights, which (as in 2025.1) are 1/11 each.
    """

    def test_the_default_version_scores_the_hand_derived_values(
        self, anchored: Session, city_official: Principal
    ) -> None:
        run = service.compute_year(session=anchored, actor=city_official, year=YEAR)
        assert run.definition_version == V2 and set(run.weights.values()) == {0.090909}
        scores = _scores(anchored, run)
        # Nanhu: 100 × (9 × 1/3 + 0 + 0) / 11 = 300/11 = 27.2727 (not 0 as in 2025.1)
        # Xiuzhou: 100 × 11 × 0.5 / 11 = 50; Jiashan: 100 × (9 × 2/3 + 1 + 1)/11 = 72.7273
        assert {c: (s.rank, s.index_value) for c, s in scores.items()} == {
            JIASHAN: (1, Decimal("72.7273")),
            XIUZHOU: (2, Decimal("50.0000")),
            NANHU: (3, Decimal("27.2727")),
        }
        # Jiashan: U1 = (1 + 1 + 3 × 2/3)/5 = 0.8, U2 = 2/3;
        # C = √[(1 - 0.133333) × 0.666667/0.8] = √(0.866667 × 0.833333) = √0.722222 = 0.849837
        # T = 0.733333; D = √(0.849837 × 0.733333) = √0.623214 = 0.789439 → 中级协调
        j = scores[JIASHAN]
        assert (j.u1, j.u2, j.coupling_c) == (
            Decimal("0.8"),
            Decimal("0.666667"),
            Decimal("0.849837"),
        )
        assert (j.coordination_d, j.band_zh) == (Decimal("0.789439"), "中级协调")
        # Nanhu: U1 = 3 × (1/3)/5 = 0.2, U2 = 1/3; C = √(0.866667 × 0.6) = √0.52 = 0.721110;
        # T = 0.266667; D = √(0.721110 × 0.266667) = √0.192296 = 0.438516 → 濒临失调
        n = scores[NANHU]
        assert (n.coupling_c, n.coordination_d, n.band_zh) == (
            Decimal("0.721110"),
            Decimal("0.438516"),
            "濒临失调",
        )

    def test_the_drill_down_keeps_the_bounds_each_value_was_normalised_against(
        self, anchored: Session, city_official: Principal
    ) -> None:
        run = service.compute_year(session=anchored, actor=city_official, year=YEAR)
        rows = {r["indicator_id"]: r for r in _scores(anchored, run)[XIUZHOU].detail}
        assert rows["gdp_per_capita"]["bounds"] == [-1.0, 5.0]  # [1 - 2, 3 + 2]
        assert rows["gdp_per_capita"]["normalised"] == 0.5  # (2 + 1)/6
        assert rows["pm25_concentration"]["bounds"] == [15.0, 35.0]  # GB 3095-2012

    def test_a_county_scores_the_same_in_two_years_when_only_another_county_changes(
        self, anchored: Session, city_official: Principal
    ) -> None:
        # 2023 holds the 2024 values; in 2024 Nanhu's GDP per person rises from 1 to 5, above
        # Jiashan's 3. Jiashan's own inputs are the same in both years.
        service.enter_inputs(
            session=anchored, actor=None, year=2023, county_code=JIASHAN, values=seed_values(2)
        )
        service.enter_inputs(
            session=anchored, actor=None, year=2023, county_code=NANHU, values=seed_values(0)
        )
        service.enter_input(
            session=anchored,
            actor=None,
            year=YEAR,
            county_code=NANHU,
            indicator_id="gdp_per_capita",
            value="5",
            source_note="修订",
        )

        def jiashan(year: int, version: str) -> SynergyScore:
            run = service.compute_year(
                session=anchored, actor=city_official, year=year, version=version
            )
            return _scores(anchored, run)[JIASHAN]

        # 2026.1: 72.7273 in both years (derived in the test above); D 0.789439 in both
        early, late = jiashan(2023, V2), jiashan(YEAR, V2)
        assert early.index_value == late.index_value == Decimal("72.7273")
        assert early.coordination_d == late.coordination_d == Decimal("0.789439")
        # 2025.1: Jiashan is the best of 2023 on every indicator, 100; in 2024 its GDP per
        # person is no longer the largest, so its score falls though its inputs did not move
        assert jiashan(2023, V1).index_value == Decimal("100.0000")
        assert jiashan(YEAR, V1).index_value < Decimal(100)

    def test_a_reference_year_without_two_complete_counties_is_refused(
        self, seeded: Session, city_official: Principal
    ) -> None:
        with pytest.raises(NotEnoughCounties) as error:
            service.compute_year(session=seeded, actor=city_official, year=YEAR)
        assert error.value.extra["reference_year"] == REFERENCE_YEAR
        assert "2020 年" in error.value.message_zh and "anchored on 2020" in error.value.message_en
        assert _count(seeded, SynergyRun) == 0

    def test_the_trend_lists_the_newest_run_of_the_version_each_year(
        self, anchored: Session, city_official: Principal
    ) -> None:
        for year in (REFERENCE_YEAR, YEAR):
            service.compute_year(session=anchored, actor=city_official, year=year)
        service.compute_year(session=anchored, actor=city_official, year=YEAR, version=V1)
        trend = views.county_trend(
            session=anchored, actor=city_official, county_code=NANHU, version=V2
        )
        # the same inputs in 2020 and 2024: the same 27.2727 (the 2025.1 run of 2024 is not
        # in the 2026.1 trend)
        assert [(p.year, p.score.index_value) for p in trend] == [
            (REFERENCE_YEAR, Decimal("27.2727")),
            (YEAR, Decimal("27.2727")),
        ]


class TestYearView:
    def test_a_county_official_sees_only_its_own_row(
        self, seeded: Session, city_official: Principal, jiashan_official: Principal
    ) -> None:
        service.compute_year(session=seeded, actor=city_official, year=YEAR, version=V1)
        view = views.year_view(session=seeded, actor=jiashan_official, year=YEAR)
        assert [s.county_code for s in view.scores] == [JIASHAN]
        assert view.total_counties == 7


class TestCountyDetail:
    def test_a_county_official_may_not_open_another_county(
        self, seeded: Session, jiashan_official: Principal
    ) -> None:
        with pytest.raises(SynergyOutOfScope):
            views.county_detail(
                session=seeded, actor=jiashan_official, year=YEAR, county_code=NANHU
            )

    def test_an_unscored_county_lists_its_missing_inputs(
        self, city: Session, city_official: Principal
    ) -> None:
        _enter(city, city_official, NANHU, "gdp_per_capita", "1", "x")
        detail = views.county_detail(
            session=city, actor=city_official, year=YEAR, county_code=NANHU
        )
        assert detail.score is None and len(detail.missing) == ELEVEN - 1
        assert "gdp_per_capita" not in detail.missing
