"""The synergy demo loader: inputs for 2020-2025 and the seven counties, scored, idempotent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.city.synergy import repository
from shuangtan.city.synergy.demo import DEMO_YEARS, SYNTHETIC, load_demo_synergy, synthetic_value
from shuangtan.city.synergy.models import SynergyInput

from .conftest import V1, V2


class TestSyntheticValue:
    def test_the_paths_are_the_documented_ones(self) -> None:
        # Jiashan PM2.5: 26.0 in 2020, -0.8 a year → 2024: 26.0 - 4 × 0.8 = 22.8
        assert str(synthetic_value("pm25_concentration", "330421", 2024)) == "22.8"
        # Tongxiang COD per GDP: 1.40 × 0.94^5 = 1.40 × 0.733904 = 1.0275 (2025)
        assert str(synthetic_value("cod_per_gdp", "330483", 2025)) == "1.0275"


class TestLoadDemoSynergy:
    def test_every_county_year_is_scored_and_a_second_load_changes_nothing(
        self, city: Session
    ) -> None:
        assert load_demo_synergy(session=city) > 0
        for year in DEMO_YEARS:
            run = repository.latest_run(city, year)
            assert run is not None and run.unscored == {}
            assert run.definition_version == V2  # the default, anchored version is the newest
            assert len(repository.scores_of_run(city, run.id)) == 7
            old = repository.latest_run(city, year, V1)  # the old version stays to compare
            assert old is not None and len(repository.scores_of_run(city, old.id)) == 7
        rows = city.scalars(select(SynergyInput).where(SynergyInput.year == 2020)).all()
        assert len(rows) == 7 * 11
        pollutants = [r for r in rows if r.indicator_id == "pm25_concentration"]
        assert all(r.source_note == SYNTHETIC and r.origin == "entered" for r in pollutants)
        energy = [r for r in rows if r.indicator_id == "energy_per_gdp"]
        assert all(r.origin == "computed" for r in energy)
        assert load_demo_synergy(session=city) == 0

    def test_counties_score_apart_and_none_in_extreme_imbalance(self, city: Session) -> None:
        load_demo_synergy(session=city, years=(2020,))
        run = repository.latest_run(city, 2020)
        assert run is not None
        scores = repository.scores_of_run(city, run.id)
        # energy (energy per GDP, renewable share) and carbon (CO2 per GDP, per capita) read
        # different inputs: each county has its own fuels, so the columns are not one column
        assert [s.energy for s in scores] != [s.carbon for s in scores]
        assert len({s.index_value for s in scores}) == 7
        # the anchored version puts a 2020 county at 1/3…2/3 of each indicator's range: no
        # county can fall to 0 or into 极度失调 (D ≤ 0.1)
        assert all(s.index_value > 0 and s.band_zh != "极度失调" for s in scores)
