"""The account page labels a year with its verified months when it is not all twelve.

The world (``city/dashboard/part_year_world.py``): 南湖 #2 has 2025's months 1–8 verified
(18 t each: 144 t), 嘉善 #4 months 1–6 (45 t each: 270 t); both have all twelve of 2024.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from city.dashboard.part_year_world import JIASHAN, NANHU, seed_part_year
from testkit import World


@pytest.fixture
def part_year(worlds: Any) -> Iterator[World]:
    with worlds(seed_part_year) as made:
        yield made


def _label(html: str) -> str:
    match = re.search(r'data-testid="account-period">([^<]*)<', html)
    assert match is not None
    return match.group(1)


def _history_years(html: str) -> list[str]:
    charts = [json.loads(m) for m in re.findall(r"data-chart='([^']*)'", html)]
    history = next(c for c in charts if c.get("yAxis") and isinstance(c["yAxis"], list))
    return list(history["xAxis"]["data"])


class TestAccountPage:
    def test_a_part_year_says_its_months(self, part_year: World) -> None:
        part_year.web_login("firm")
        entity = part_year.ids[f"{NANHU}-2"]
        html = part_year.client.get(f"/accounts/entities/{entity}?year=2025").text
        assert _label(html) == "2025年1–8月"
        assert "部分年度:目前仅1–8月已核查,不是全年合计。" in html
        assert 'data-testid="account-total">144' in html  # 18 t × 8 months
        assert _history_years(html) == ["2024", "2025\n1–8月"]

    def test_an_entity_behind_the_others_says_its_own_months(self, part_year: World) -> None:
        part_year.web_login("late")
        entity = part_year.ids[f"{JIASHAN}-4"]
        html = part_year.client.get(f"/accounts/entities/{entity}?year=2025").text
        assert _label(html) == "2025年1–6月"
        english = part_year.client.get(f"/accounts/entities/{entity}?year=2025&lang=en").text
        assert _label(english) == "2025 Jan–Jun"
        assert "Part year: only Jan–Jun verified so far" in english

    def test_a_full_year_is_just_the_year(self, part_year: World) -> None:
        part_year.web_login("firm")
        entity = part_year.ids[f"{NANHU}-2"]
        html = part_year.client.get(f"/accounts/entities/{entity}?year=2024").text
        assert _label(html) == "2024"
        assert 'data-testid="part-year-note"' not in html
