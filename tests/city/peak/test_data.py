"""Peak paths over stored data: bases from the inventory and the verified accounts, the demo
scenarios, Jiashan's tracking and the LMDI of the city's data (one seeded app per backend)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from grading.factories import make_account, make_entity
from testkit import World

from .conftest import JIASHAN, NANHU, seed_people


def _industry_accounts(session: Session) -> None:
    """Two verified textile (C17) enterprises in 2020 and one C30 firm without value added;
    2021 is a part-year: the two C17 firms have verified only January to August.

    C17 sums 2020: value added 100 + 300 = 400 ×10^4 CNY, energy 50 + 70 = 120 tce,
    emissions 120 + 180 = 300 tCO2e. 2021 (1–8月): emissions 90 + 110 = 200 tCO2e.
    """
    rows = (
        ("纺织甲", "C17", "100", "50", "120", "90"),
        ("纺织乙", "C17", "300", "70", "180", "110"),
        ("水泥丙", "C30", None, "1000", "3000", None),
    )
    for name, industry, va, energy, co2, co2_2021 in rows:
        entity = make_entity(session, name=name, county_code=NANHU, industry_code=industry)
        make_account(
            session, entity=entity, year=2020, tco2e=co2, value_added=va, energy_tce=energy
        )
        if co2_2021 is not None:
            make_account(
                session,
                entity=entity,
                year=2021,
                tco2e=co2_2021,
                value_added=va,
                energy_tce=energy,
                months=8,
            )


@dataclass(frozen=True, kw_only=True)
class DataWorld(World):
    """The app over stored data; ``written`` the rows the demo scenarios wrote."""

    written: int


def seed_data(session: Session) -> dict[str, Any]:
    """People, the demo inventory (2020–2025), C17 accounts and the demo peak scenarios."""
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.city.peak.demo import load_demo_peak

    fields = seed_people(session)
    load_demo_inventory(session=session)
    _industry_accounts(session)
    return {**fields, "written": load_demo_peak(session=session)}


@pytest.fixture(scope="module")
def data_world(module_worlds: Any) -> Iterator[DataWorld]:
    """One seeded app per backend for the module (the tests read; one re-runs the loader)."""
    with module_worlds(seed_data, kind=DataWorld) as world:
        yield world


class TestLoadDemoPeak:
    def test_it_seeds_three_scenarios_for_the_city_each_county_and_the_textile_industry(
        self, data_world: DataWorld
    ) -> None:
        # city 3 + seven counties × 3 + C17 × 3 (C30 has no value added, the others no accounts)
        assert data_world.written == 3 + 7 * 3 + 3

    def test_each_scope_starts_from_its_last_observed_year(self, data_world: DataWorld) -> None:
        # The inventory holds 2020–2025: the city and the counties start in 2025, their rates
        # stated from 2026. C17 has verified accounts of 2020 only: it starts in 2020.
        body = data_world.client.get(
            "/api/v1/peak/scenarios", headers=data_world.login("city")
        ).json()
        starts = {(s["scope_kind"], s["base_year"]) for s in body}
        assert starts == {("city", 2025), ("county", 2025), ("industry", 2020)}
        city = [s for s in body if s["scope_kind"] == "city"]
        assert {s["rates"][0]["first_year"] for s in city} == {2026}

    def test_a_second_run_writes_nothing(self, data_world: DataWorld) -> None:
        from shuangtan.city.peak.demo import load_demo_peak

        with data_world.session() as session:
            assert load_demo_peak(session=session) == 0


class TestSuggestBase:
    def test_the_city_2020_base_reproduces_the_plan_energy_and_intensity(
        self, data_world: DataWorld
    ) -> None:
        response = data_world.client.get(
            "/api/v1/peak/bases?scope_kind=city&year=2020", headers=data_world.login("city")
        )
        assert response.status_code == 200, response.text
        base = response.json()
        # The inventory contract: 21,810,000 tce and GDP (2015 prices) 51,077,283 ×10^4 CNY,
        # so E/G = 21,810,000 / 51,077,283 = 0.427000 tce/10^4 CNY and
        # P × G/P = 5107.7283 ×10^8 CNY.
        assert float(base["energy_intensity"]) == pytest.approx(0.427, abs=1e-6)
        gdp = float(base["population"]) * float(base["gdp_per_capita"])
        assert gdp == pytest.approx(5107.7283, abs=1e-3)

    def test_an_industry_base_comes_from_its_verified_accounts(self, data_world: DataWorld) -> None:
        base = data_world.client.get(
            "/api/v1/peak/bases?scope_kind=industry&scope_code=C17&year=2020",
            headers=data_world.login("city"),
        ).json()
        # VA 400 ×10^4 CNY = 0.04 ×10^8 CNY; E/VA = 120 / 400 = 0.3; C/E = 300 / 120 = 2.5;
        # C = 0.04 × 0.3 × 2.5 = 0.03 ×10^4 t = 300 t.
        assert Decimal(base["population"]) == 1
        assert Decimal(base["gdp_per_capita"]) == Decimal("0.04")
        assert Decimal(base["energy_intensity"]) == Decimal("0.3")
        assert Decimal(base["carbon_intensity"]) == Decimal("2.5")
        assert base["emissions_10k_tco2"] == pytest.approx(0.03)

    def test_without_a_year_the_base_is_the_last_observed_year(self, data_world: DataWorld) -> None:
        # The demo inventory holds 2020–2025; C17's last whole year is 2020 (2021 is Jan–Aug).
        headers = data_world.login("city")
        city = data_world.client.get("/api/v1/peak/bases?scope_kind=city", headers=headers)
        assert city.status_code == 200 and city.json()["year"] == 2025
        textile = data_world.client.get(
            "/api/v1/peak/bases?scope_kind=industry&scope_code=C17", headers=headers
        )
        assert textile.status_code == 200 and textile.json()["year"] == 2020

    def test_an_industry_without_accounts_has_no_base(self, data_world: DataWorld) -> None:
        response = data_world.client.get(
            "/api/v1/peak/bases?scope_kind=industry&scope_code=C31&year=2020",
            headers=data_world.login("city"),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "peak.base_unavailable"

    def test_a_county_official_may_not_read_another_county(self, data_world: DataWorld) -> None:
        response = data_world.client.get(
            f"/api/v1/peak/bases?scope_kind=county&scope_code={JIASHAN}",
            headers=data_world.login("nanhu"),
        )
        assert response.status_code == 403

    def test_anonymous_is_refused(self, data_world: DataWorld) -> None:
        assert data_world.client.get("/api/v1/peak/bases?scope_kind=city").status_code == 401


class TestStartFromTheLastObservedYear:
    def test_jiashan_2026_is_its_observed_2025_times_the_stated_rates(
        self, data_world: DataWorld
    ) -> None:
        # The enhanced scenario states for 2026–30: population +0.8 %, GDP per capita +4.5 %,
        # energy intensity −3.6 %, carbon intensity −3.5 %/yr, so
        # 2026 = observed 2025 × 1.008 × 1.045 × 0.964 × 0.965 = observed 2025 × 0.979899.
        headers = data_world.login("jiashan")
        body = data_world.client.get("/api/v1/peak/jiashan", headers=headers).json()
        observed = {o["year"]: o["energy_co2_10k_t"] for o in body["observed"]}
        enhanced = next(s for s in body["scenarios"] if s["name"] == "强化情景 Enhanced")
        result = data_world.client.get(
            f"/api/v1/peak/scenarios/{enhanced['scenario_id']}", headers=headers
        ).json()
        path = dict(zip(result["years"], result["emissions_10k_tco2"], strict=True))
        assert result["years"][0] == 2025
        assert path[2025] == pytest.approx(observed[2025], rel=1e-8)
        assert path[2026] == pytest.approx(observed[2025] * 1.008 * 1.045 * 0.964 * 0.965)

    def test_no_city_scenario_peaks_in_2020_when_2021_was_observed_higher(
        self, data_world: DataWorld
    ) -> None:
        headers = data_world.login("city")
        jiashan = data_world.client.get("/api/v1/peak/jiashan", headers=headers).json()
        observed = {o["year"]: o["energy_co2_10k_t"] for o in jiashan["observed"]}
        assert observed[2021] > observed[2020]  # the demo inventory rises after 2020
        rows = data_world.client.get(
            "/api/v1/peak/scenarios?scope_kind=county&scope_code=" + JIASHAN, headers=headers
        ).json()
        for row in rows:
            result = data_world.client.get(
                f"/api/v1/peak/scenarios/{row['id']}", headers=headers
            ).json()
            assert result["probability_peaked_by"]["2020"] == 0.0, row["name"]
            assert result["summary"]["peak_year"] >= 2025, row["name"]

    def test_the_json_export_holds_the_observed_years_before_the_base_year(
        self, data_world: DataWorld
    ) -> None:
        headers = data_world.login("jiashan")
        body = data_world.client.get("/api/v1/peak/jiashan", headers=headers).json()
        observed = {str(o["year"]): o["energy_co2_10k_t"] for o in body["observed"]}
        ids = "&".join(f"ids={s['scenario_id']}" for s in body["scenarios"])
        document = data_world.client.get(
            f"/api/v1/peak/compare/export?{ids}&format=json", headers=headers
        ).json()
        for scenario in document["scenarios"]:  # base 2025: 2020–2024 are its history
            history = scenario["observed_history_10k_tco2"]
            assert sorted(history) == ["2020", "2021", "2022", "2023", "2024"]
            for year, value in history.items():
                assert value == pytest.approx(observed[year])


class TestIndustryPartYear:
    def test_a_part_year_is_no_base_and_says_which_months_it_holds(
        self, data_world: DataWorld
    ) -> None:
        response = data_world.client.get(
            "/api/v1/peak/bases?scope_kind=industry&scope_code=C17&year=2021",
            headers=data_world.login("city"),
        )
        assert response.status_code == 422
        problem = response.json()
        assert problem["code"] == "peak.base_unavailable"
        assert "部分年度" in problem["message_zh"] and "1–8月" in problem["message_zh"]
        assert "Jan–Aug" in problem["message_en"]

    def test_the_page_leaves_the_part_year_out_of_the_observed_line_and_says_so(
        self, data_world: DataWorld
    ) -> None:
        # Before issue 11 the observed line drew 2021 at 200 t = 0.02 ×10^4 t, January to
        # August summed as if it were a year (a fall of a third from 2020's 0.03).
        page = data_world.client.get(
            "/peak?scope_kind=industry&scope_code=C17", headers=data_world.login("city")
        )
        assert page.status_code == 200
        text = page.text
        assert "部分年度:2021年仅含1–8月的核查数据,未计入观测路径、基准和峰值。" in text
        found = re.search(r"data-testid=\"projection-chart\" data-chart='([^']*)'", text)
        assert found is not None
        option = json.loads(html.unescape(found[1]))
        years = option["xAxis"]["data"]
        seen = next(s for s in option["series"] if s["name"] == "实际观测")
        assert seen["data"][years.index("2020")] == pytest.approx(0.03)
        assert seen["data"][years.index("2021")] is None


class TestJiashan:
    def test_only_the_enhanced_scenario_peaks_by_2025(self, data_world: DataWorld) -> None:
        # Yearly multipliers (1+p)(1+g)(1+e)(1+c) of the shipped rates, whatever the base:
        #   enhanced 2021–25: 1.015 × 1.05 × 0.964 × 0.975 = 1.00170 (> 1, rising)
        #            2026–30: 1.008 × 1.045 × 0.964 × 0.965 = 0.97990 (< 1): peak 2025
        #   policy   2026–30: 1.008 × 1.045 × 0.968 × 0.982 = 1.00131; 2031–35: 0.98056: 2030
        #   baseline 2031–35: 1.004 × 1.038 × 0.974 × 0.990 = 1.00491; 2036–40: 0.98506: 2035
        response = data_world.client.get(
            "/api/v1/peak/jiashan", headers=data_world.login("jiashan")
        )
        assert response.status_code == 200
        body = response.json()
        verdicts = {s["name"]: (s["peak_year"], s["peaked_by_target"]) for s in body["scenarios"]}
        assert verdicts == {
            "基准情景 Baseline": (2035, False),
            "政策情景 Policy": (2030, False),
            "强化情景 Enhanced": (2025, True),
        }
        assert [o["year"] for o in body["observed"]] == [2020, 2021, 2022, 2023, 2024, 2025]
        assert body["target_year"] == 2025

    def test_another_county_official_is_refused(self, data_world: DataWorld) -> None:
        response = data_world.client.get("/api/v1/peak/jiashan", headers=data_world.login("nanhu"))
        assert response.status_code == 403


class TestCityLmdi:
    def test_the_city_has_one_period_per_pair_of_years_and_effects_add_up(
        self, data_world: DataWorld
    ) -> None:
        body = data_world.client.get("/api/v1/peak/lmdi", headers=data_world.login("city")).json()
        assert [(p["from"], p["to"]) for p in body["periods"]] == [
            (2020, 2021),
            (2021, 2022),
            (2022, 2023),
            (2023, 2024),
            (2024, 2025),
        ]
        for period in body["periods"]:  # LMDI-I has no residual
            assert sum(period["effects"].values()) == pytest.approx(period["total_change"])

    def test_a_county_official_gets_their_county_but_not_the_city(
        self, data_world: DataWorld
    ) -> None:
        headers = data_world.login("nanhu")
        assert data_world.client.get("/api/v1/peak/lmdi", headers=headers).status_code == 403
        own = data_world.client.get(f"/api/v1/peak/lmdi?county_code={NANHU}", headers=headers)
        assert own.status_code == 200 and len(own.json()["periods"]) == 5

    def test_an_enterprise_is_refused(self, data_world: DataWorld) -> None:
        assert (
            data_world.client.get("/api/v1/peak/lmdi", headers=data_world.login("firm")).status_code
            == 403
        )


class TestOverviewPage:
    def test_the_page_shows_scenarios_the_jiashan_panel_and_the_lmdi(
        self, data_world: DataWorld, tmp_path: Path
    ) -> None:
        response = data_world.client.get("/peak", headers=data_world.login("city"))
        assert response.status_code == 200
        html = response.text
        assert 'data-testid="jiashan-panel"' in html and 'data-testid="lmdi-chart"' in html
        assert html.count("data-scenario-id=") == 3
