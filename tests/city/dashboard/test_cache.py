"""The public dashboard's cache and rate limit (issue 9, point 7): computed once per data
version, computed again after a write, and the public pages counted like the public tools.

The city of conftest.py: 13 entities, 1,980 tCO2e in 2024.
"""

from __future__ import annotations

import threading

from city.dashboard.conftest import NANHU, YEAR, ApiWorld
from grading.factories import make_account, make_entity
from shuangtan.audit import log as audit
from shuangtan.city.dashboard.cache import PublicCache, cache_of
from shuangtan.ratelimit import WindowCounter

PUBLIC = f"/api/v1/dashboard/public/{YEAR}"


class TestPublicCache:
    def test_one_build_per_key_and_version(self) -> None:
        cache = PublicCache()
        calls: list[str] = []

        def build(value: str) -> str:
            calls.append(value)
            return value

        assert cache.get_or_build(("overview", 2024), 7, lambda: build("a")) == "a"
        assert cache.get_or_build(("overview", 2024), 7, lambda: build("b")) == "a"
        assert cache.get_or_build(("overview", 2023), 7, lambda: build("c")) == "c"
        assert cache.get_or_build(("overview", 2024), 8, lambda: build("d")) == "d"  # a write
        assert calls == ["a", "c", "d"] and cache.builds == 3

    def test_the_least_recently_used_view_is_dropped_first(self) -> None:
        cache = PublicCache(max_entries=2)
        cache.get_or_build("x", 1, lambda: 1)
        cache.get_or_build("y", 1, lambda: 2)
        cache.get_or_build("x", 1, lambda: 0)  # x is used again: y is now the oldest
        cache.get_or_build("z", 1, lambda: 3)
        assert cache.get_or_build("x", 1, lambda: -1) == 1
        assert cache.get_or_build("y", 1, lambda: -2) == -2  # dropped, built again
        assert cache.builds == 4

    def test_a_crowd_after_a_write_waits_for_one_build(self) -> None:
        cache = PublicCache()
        started, release = threading.Event(), threading.Event()

        def slow() -> str:
            started.set()
            release.wait(timeout=30)
            return "view"

        answers: list[str] = []
        first = threading.Thread(target=lambda: answers.append(cache.get_or_build("k", 1, slow)))
        first.start()
        started.wait(timeout=30)
        others = [
            threading.Thread(target=lambda: answers.append(cache.get_or_build("k", 1, slow)))
            for _ in range(4)
        ]
        for thread in others:
            thread.start()
        release.set()
        for thread in (first, *others):
            thread.join(timeout=30)
        assert answers == ["view"] * 5 and cache.builds == 1


class TestThroughTheApp:
    def test_the_public_overview_is_computed_once_until_data_is_written(
        self, api_world: ApiWorld
    ) -> None:
        with api_world.session() as session:
            before = cache_of(session).builds
        first = api_world.client.get(PUBLIC).json()
        second = api_world.client.get(PUBLIC).json()
        assert first == second
        with api_world.session() as session:
            assert cache_of(session).builds == before + 1
            # a new enterprise's verified 2024 account of 30 tCO2e, recorded as every write is
            entity = make_entity(session, name="新企业", county_code=NANHU, industry_code="C28")
            account = make_account(
                session, entity=entity, year=YEAR, tco2e="30", value_added=None, energy_tce="7.5"
            )
            audit.record(
                session=session,
                actor=None,
                action="account.verified",
                entity_type="annual_account",
                entity_id=str(account.id),
                before=None,
                after={"tco2e": "30"},
            )
        third = api_world.client.get(PUBLIC).json()
        # 1,980 + 30 = 2,010 tCO2e from 13 + 1 = 14 entities
        assert (third["total"]["entities"], float(third["total"]["tco2e"])) == (14, 2010)
        with api_world.session() as session:
            assert cache_of(session).builds == before + 2

    def test_the_public_page_is_rate_limited_and_an_officials_is_not(
        self, api_world: ApiWorld
    ) -> None:
        api_world.app.state.public_rate_limiter = WindowCounter(2, clock=lambda: 600.0)
        statuses = [api_world.client.get(f"/dashboard?year={YEAR}").status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        api_world.web_login("city")
        statuses = [api_world.client.get(f"/dashboard?year={YEAR}").status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
