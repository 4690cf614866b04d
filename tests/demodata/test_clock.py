"""The demo's clock: the city is generated relative to "today" and never ages.

The rules (hand-stated from ``demodata/mrv.py``): the months end at the last complete month
before today; an entity of lag k (0–4; entity 1 has k = 1) has its month k + 2 or more back
verified (locked before the year before the year in progress), k + 1 back under verification,
k back submitted, k − 1 back a draft, nothing after; entity 1's month 3 back is returned.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy.orm import Session

import testkit
from shuangtan.accounts import deadlines
from shuangtan.auth.roles import Role
from shuangtan.demodata.calibration import growth_factor
from shuangtan.demodata.clock import REFERENCE_TODAY, DemoClock
from shuangtan.demodata.generate import SyntheticCity, generate_city
from shuangtan.demodata.load import load_synthetic_city

SMALL = 60
DECEMBER_DAY = date(2026, 12, 4)  # last complete month: November 2026
FEBRUARY_DAY = date(2027, 2, 3)  # last complete month: January 2027


def _states(city: SyntheticCity, entity_id: int) -> dict[tuple[int, int], str]:
    """(year, month) -> state of one entity's reports."""
    mine = city.report_entity == entity_id
    return {
        (int(y), int(m)): city.report_status[r]
        for r, y, m in zip(
            np.flatnonzero(mine), city.report_year[mine], city.report_month[mine], strict=True
        )
    }


def _last(city: SyntheticCity) -> tuple[int, int]:
    """The last (year, month) of the city's reports."""
    return max(zip(city.report_year.tolist(), city.report_month.tolist(), strict=True))


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months, (y, m) = [], first
    while (y, m) <= last:
        months.append((y, m))
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return months


class TestDemoClock:
    @pytest.mark.parametrize(
        ("today", "last_month", "report_years", "complete_years"),
        [
            (REFERENCE_TODAY, (2025, 12), range(2020, 2026), range(2020, 2026)),
            (DECEMBER_DAY, (2026, 11), range(2020, 2027), range(2020, 2026)),
            (FEBRUARY_DAY, (2027, 1), range(2020, 2028), range(2020, 2027)),
            (date(2026, 1, 1), (2025, 12), range(2020, 2026), range(2020, 2026)),
            (date(2026, 12, 31), (2026, 11), range(2020, 2027), range(2020, 2026)),
        ],
    )
    def test_the_months_and_years_of_a_day(
        self,
        today: date,
        last_month: tuple[int, int],
        report_years: range,
        complete_years: range,
    ) -> None:
        clock = DemoClock(today)
        assert clock.last_month == last_month
        assert clock.report_years == tuple(report_years)
        assert clock.complete_years == tuple(complete_years)

    def test_months_back_counts_over_the_turn_of_the_year(self) -> None:
        clock = DemoClock(FEBRUARY_DAY)
        assert [clock.months_back(*ym) for ym in ((2027, 1), (2026, 12), (2026, 1))] == [0, 1, 12]

    def test_a_day_before_february_2020_has_no_month_to_show(self) -> None:
        with pytest.raises(ValueError, match="2020"):
            DemoClock(date(2020, 1, 31))
        assert DemoClock(date(2020, 2, 1)).last_month == (2020, 1)


class TestGrowthAfter2025:
    def test_two_percent_a_year_on_2025(self) -> None:
        assert growth_factor(2025) == 1.16  # calibration.GROWTH
        assert growth_factor(2026) == pytest.approx(1.16 * 1.02)  # 1.1832
        assert growth_factor(2028) == pytest.approx(1.16 * 1.02**3)  # 1.2310


class TestTheReferenceDay:
    """At REFERENCE_TODAY the city is the one of 2020–2025 the tests were written against."""

    @pytest.fixture(scope="class")
    @classmethod
    def city(cls) -> SyntheticCity:
        return generate_city(entities=SMALL)

    def test_the_years_and_the_last_month(self, city: SyntheticCity) -> None:
        assert city.years == tuple(range(2020, 2026))
        assert _last(city) == (2025, 12)

    def test_each_entity_has_one_month_submitted_and_one_under_verification(
        self, city: SyntheticCity
    ) -> None:
        statuses = np.array(city.report_status)
        for state in ("submitted", "under_verification"):
            assert sorted(city.report_entity[statuses == state].tolist()) == list(
                range(1, SMALL + 1)
            )
        # lags 0–4: the submitted month is December back to August 2025
        months = city.report_month[statuses == "submitted"]
        assert set(months.tolist()) <= {8, 9, 10, 11, 12}
        assert set(city.report_year[statuses == "submitted"].tolist()) == {2025}


class TestADecemberDay:
    """On 4 December 2026 the reports run to November 2026; nothing is left in 2025."""

    @pytest.fixture(scope="class")
    @classmethod
    def city(cls) -> SyntheticCity:
        return generate_city(entities=SMALL, today=DECEMBER_DAY)

    def test_no_month_after_november_2026(self, city: SyntheticCity) -> None:
        assert city.years == tuple(range(2020, 2027))
        assert _last(city) == (2026, 11)

    def test_entity_one_lags_one_month(self, city: SyntheticCity) -> None:
        states = _states(city, 1)
        assert sorted(states) == _months((2020, 1), (2026, 11))  # 83 months, none missing
        assert [states[(2026, m)] for m in range(7, 12)] == [
            "verified",  # July: 4 back
            "returned",  # August: 3 back, entity 1's returned month
            "under_verification",  # September: lag + 1 = 2 back
            "submitted",  # October: lag = 1 back
            "draft",  # November: lag − 1 = 0 back
        ]
        assert {states[(2026, m)] for m in range(1, 7)} == {"verified"}
        assert {states[(2025, m)] for m in range(1, 13)} == {"verified"}  # the year before
        assert {states[(2023, m)] for m in range(1, 13)} == {"locked"}

    def test_every_entity_reports_into_2026_as_far_as_its_lag(self, city: SyntheticCity) -> None:
        statuses = np.array(city.report_status)
        submitted = statuses == "submitted"
        assert sorted(city.report_entity[submitted].tolist()) == list(range(1, SMALL + 1))
        assert set(city.report_year[submitted].tolist()) == {2026}
        assert set(city.report_month[submitted].tolist()) <= {7, 8, 9, 10, 11}  # lag 4 … 0

    def test_the_re_checks_of_2025_are_pending_and_of_2024_decided(
        self, city: SyntheticCity
    ) -> None:
        # re-checks are drawn in May of the year after (10 May, tables.recheck_rows): by
        # December 2026 those of 2025 are drawn and pending, those of 2021–2024 decided
        pending = {r.year for r in city.rechecks if r.outcome is None}
        decided = {r.year for r in city.rechecks if r.outcome is not None}
        assert (pending, decided) == ({2025}, {2021, 2022, 2023, 2024})

    def test_only_an_entitys_three_newest_verified_months_are_returned(
        self, city: SyntheticCity
    ) -> None:
        # an entity of lag k has its newest verified months k + 2 to k + 4 before November 2026;
        # older returns would have been resubmitted (demodata/mrv.py)
        statuses = np.array(city.report_status)
        submitted = statuses == "submitted"
        lag = dict(
            zip(
                city.report_entity[submitted].tolist(),
                (11 - city.report_month[submitted]).tolist(),
                strict=True,
            )
        )
        returned = statuses == "returned"
        assert returned.any()
        for e, y, m in zip(
            city.report_entity[returned].tolist(),
            city.report_year[returned].tolist(),
            city.report_month[returned].tolist(),
            strict=True,
        ):
            back = (2026 - y) * 12 + 11 - m
            assert lag[e] + 2 <= back <= lag[e] + 4

    def test_no_report_is_verified_after_the_clock(self, city: SyntheticCity) -> None:
        # submitted on the 10th of the month after; verified the body's days later, but never
        # on or after 1 December 2026 (the earliest today with November as the last month)
        verified = city.report_body >= 0
        latest = max(
            date(int(y) + int(m) // 12, int(m) % 12 + 1, 10) + timedelta(days=float(d))
            for y, m, d in zip(
                city.report_year[verified],
                city.report_month[verified],
                city.report_verify_days[verified],
                strict=True,
            )
        )
        assert latest < date(2026, 12, 1)

    def test_an_official_sees_only_the_months_that_really_lag(self, session: Session) -> None:
        """Months due before 4 December 2026 are January 2025 to September 2026 (30 September +
        40 days = 9 November; 31 October + 40 = 10 December is not yet due). Of those an entity
        of lag 3 has September as a draft (1 overdue), one of lag 4 August as a draft and no
        September (2); smaller lags have submitted September. The returned months (each entity's
        newest verified ones) and the planted missing months are overdue too. Before the clock
        the city stopped in 2025 and every entity's January–September 2026 showed as overdue:
        60 × 9 = 540."""
        testkit.city(session)
        load_synthetic_city(session=session, entities=SMALL, today=DECEMBER_DAY, derive=False)
        city = generate_city(entities=SMALL, today=DECEMBER_DAY)
        found = deadlines.overdue_reports(
            session=session,
            actor=testkit.principal(Role.official, "330400"),
            today=DECEMBER_DAY,
        )
        overdue = {(i.entity_id, i.year, i.month): i.status for c in found for i in c.items}

        statuses = np.array(city.report_status)
        submitted = statuses == "submitted"
        # the lag of each entity: how many months before November 2026 it submitted
        lag = {
            int(e): 11 - int(m)
            for e, m in zip(
                city.report_entity[submitted], city.report_month[submitted], strict=True
            )
        }
        due = set(_months((2025, 1), (2026, 9)))
        expected: dict[tuple[int, int, int], str | None] = {}
        for entity_id, k in lag.items():
            if k == 3:
                expected[(entity_id, 2026, 9)] = "draft"
            elif k == 4:
                expected[(entity_id, 2026, 8)] = "draft"
                expected[(entity_id, 2026, 9)] = None
        returned = statuses == "returned"
        for e, y, m in zip(
            city.report_entity[returned],
            city.report_year[returned],
            city.report_month[returned],
            strict=True,
        ):
            if (int(y), int(m)) in due:
                expected[(int(e), int(y), int(m))] = "returned"
        for e, y, m in city.planted["missing"]:
            if (y, m) in due:
                expected[(e, y, m)] = None
        assert overdue == expected
        assert len(overdue) < 2 * SMALL  # against 540 months had the city stopped in 2025


class TestAFebruaryDay:
    """On 3 February 2027 the last month is January 2027: the lags reach back into 2026."""

    @pytest.fixture(scope="class")
    @classmethod
    def city(cls) -> SyntheticCity:
        return generate_city(entities=SMALL, today=FEBRUARY_DAY)

    def test_no_month_after_january_2027(self, city: SyntheticCity) -> None:
        assert city.years == tuple(range(2020, 2028))
        assert _last(city) == (2027, 1)

    def test_entity_one_lags_one_month_over_the_turn_of_the_year(self, city: SyntheticCity) -> None:
        states = _states(city, 1)
        assert sorted(states) == _months((2020, 1), (2027, 1))  # 85 months
        assert [states[ym] for ym in _months((2026, 9), (2027, 1))] == [
            "verified",  # September 2026: 4 back
            "returned",  # October: 3 back
            "under_verification",  # November: 2 back
            "submitted",  # December: 1 back
            "draft",  # January 2027: 0 back
        ]
        assert {states[(2025, m)] for m in range(1, 13)} == {"locked"}

    def test_the_re_checks_of_2026_are_not_drawn_before_may(self, city: SyntheticCity) -> None:
        # in January 2027 the newest re-checks drawn are those of 2025 (May 2026), pending
        pending = {r.year for r in city.rechecks if r.outcome is None}
        assert pending == {2025}
        assert max(r.year for r in city.rechecks) == 2025
        assert "recheck" not in {
            city.report_status[r] for r in np.flatnonzero(city.report_year == 2026)
        }

    def test_the_submitted_months_run_from_september_2026_to_january_2027(
        self, city: SyntheticCity
    ) -> None:
        statuses = np.array(city.report_status)
        submitted = statuses == "submitted"
        assert sorted(city.report_entity[submitted].tolist()) == list(range(1, SMALL + 1))
        years, numbers = city.report_year[submitted], city.report_month[submitted]
        months = set(zip(years.tolist(), numbers.tolist(), strict=True))
        assert months <= set(_months((2026, 9), (2027, 1)))
        assert set(city.report_year[statuses == "draft"].tolist()) <= {2026, 2027}


def test_the_benchmarks_one_year_is_a_year_in_progress_of_its_own() -> None:
    # benchmarks/accounts.py generates years=(2024,): 2024's months only, counted back from
    # December 2024 — entity 1 (lag 1) as in 2025 at the reference date
    city = generate_city(entities=SMALL, years=(2024,))
    assert set(city.report_year.tolist()) == {2024}
    states = [s for _, s in sorted(_states(city, 1).items())]
    assert states[-4:] == ["returned", "under_verification", "submitted", "draft"]
    assert set(states[:6]) == {"verified"}  # July and August may be returned (3 newest verified)
    assert set(states[6:8]) <= {"verified", "returned"}
    with pytest.raises(ValueError, match="2027"):
        generate_city(entities=SMALL, years=(2027,))


def test_the_demo_uses_the_beijing_date_when_no_day_is_given_and_its_complete_years(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shuangtan import demo

    seen: dict[str, Any] = {}

    def fake_load(**kwargs: Any) -> Any:
        seen.update(kwargs)
        return demo.LoadStats(skipped=True)

    parts: dict[str, Any] = {}

    def fake_part(name: str) -> Any:
        def load(**kwargs: Any) -> int:
            parts[name] = kwargs["years"]
            return 0

        return load

    monkeypatch.setattr(demo, "load_synthetic_city", fake_load)
    monkeypatch.setattr(demo, "today_in_beijing", lambda _now: DECEMBER_DAY)
    names = ("load_demo_inventory", "load_demo_targets", "load_demo_peak", "load_demo_synergy")
    for name in names:
        monkeypatch.setattr(demo, name, fake_part(name))
    demo.load_demo(session=session, synthetic=True)
    assert seen["today"] == DECEMBER_DAY
    # the data centre holds the complete calendar years: 2020–2025 on 4 December 2026
    assert parts == dict.fromkeys(names, tuple(range(2020, 2026)))
    demo.load_demo(session=session, synthetic=True, today=FEBRUARY_DAY)
    assert seen["today"] == FEBRUARY_DAY
    assert parts == dict.fromkeys(names, tuple(range(2020, 2027)))  # 2026 complete in February
