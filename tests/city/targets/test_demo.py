"""The targets' demo loader: synthetic values by its documented rule, idempotent."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shuangtan.city.targets import service
from shuangtan.city.targets.demo import load_demo_targets

from .conftest import People


class TestLoadDemoTargets:
    def test_a_second_run_changes_nothing(
        self, session: Session, people: People, inventory: None
    ) -> None:
        assert load_demo_targets(session=session) > 0
        assert load_demo_targets(session=session) == 0

    def test_values_follow_the_documented_synthetic_path(
        self, session: Session, people: People, inventory: None
    ) -> None:
        load_demo_targets(session=session)
        rows = {
            r.id: r for r in service.progress(session=session, actor=None, year=2023).indicators
        }
        # green factories: no baseline → start 0.6 × 300 = 180; pace 1.10:
        # 2023 = 180 + (300 − 180) × 1.10 × 3/5 = 180 + 79.2 = 259.2 → 259
        assert rows["green_factories"].assessment.actual == 259
        # the illustrative energy-intensity quota: 0.427 × (1 − 0.135) = 0.369355
        assert abs(rows["energy_intensity"].target_value - 0.369355) < 1e-9  # type: ignore[operator]
        assert "示意" in rows["energy_intensity"].target_note

    def test_2021_to_2024_are_published_and_2025_is_not(
        self, session: Session, people: People, inventory: None
    ) -> None:
        load_demo_targets(session=session)
        assert service.published_years(session=session) == [2021, 2022, 2023, 2024]

    def test_every_county_gets_both_dual_controls(
        self, session: Session, people: People, inventory: None
    ) -> None:
        load_demo_targets(session=session)
        rows = service.county_progress(session=session, actor=None, year=2022)
        kinds = {(r.county_code, r.kind) for r in rows}
        assert len(kinds) == 7 * 4

    def test_county_targets_are_each_countys_own(
        self, session: Session, people: People, inventory: None
    ) -> None:
        load_demo_targets(session=session)
        rows = service.county_progress(session=session, actor=None, year=2022)
        targets: dict[str, dict[str, float]] = {}
        for r in rows:
            targets.setdefault(r.kind, {})[r.county_code] = float(r.target_value)
        # Haining 2020: 4,362,000 tce over GDP 10,307,800 ×10^4 CNY = 0.423175; the city
        # 21,810,000 / 55,635,800 = 0.392014; 13.5 × √(0.423175/0.392014) = 13.5 × 1.038985
        # = 14.03 → 14.0 %. Cap: growth 7.0 − 3 = 4 % a year, 4,362,000 × 1.04^5 (1.2166529)
        # × (1 − 0.140) / 10^4 = 456.41 ×10^4 tce
        assert targets["energy_intensity_reduction"]["330481"] == 14.0
        assert targets["energy_total_cap"]["330481"] == 456.41
        for kind, by_county in targets.items():  # no two counties share a target
            assert len(by_county) == 7 and len(set(by_county.values())) == 7, kind
