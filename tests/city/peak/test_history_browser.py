"""The peak page in Chromium over the demo inventory (2020–2025) and a textile part-year
(issue 11): history first, then the projection from the last observed year, clearly marked; no
probability of a peak before the base year; the part-year named, not drawn; at 1440 and 390 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from testkit import World, screenshot

from .conftest import seed_people
from .test_data import _industry_accounts

pytestmark = pytest.mark.browser

OPTION = "el => echarts.getInstanceByDom(el).getOption()"
"""The option ECharts drew a chart with."""
WIDEST = "() => document.documentElement.scrollWidth"


def seed_history(session: Session) -> dict[str, Any]:
    """People, the demo inventory 2020–2025, C17 accounts (2020 whole, 2021 Jan–Aug) and the
    shipped scenarios (test data)."""
    from shuangtan.city.inventory.demo import load_demo_inventory
    from shuangtan.city.peak.demo import load_demo_peak

    fields = seed_people(session)
    load_demo_inventory(session=session)
    _industry_accounts(session)
    load_demo_peak(session=session)
    return fields


@pytest.fixture
def history_world(worlds: Any) -> Iterator[World]:
    with worlds(seed_history, live=True) as made:
        yield made


def _option(page: Any, testid: str) -> dict[str, Any]:
    chart = page.locator(f"[data-testid={testid}]")
    chart.locator("svg, canvas").first.wait_for()
    option: dict[str, Any] = chart.evaluate(OPTION)
    return option


@pytest.mark.parametrize("width", [1440, 390])
def test_the_city_chart_shows_observed_years_then_the_projection_from_2025(
    page: Any, history_world: World, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    history_world.page_login(page, "city")
    page.goto(f"{history_world.url}/peak")
    note = page.locator("[data-testid=base-year-note]")
    assert "最近观测年(2025年)" in note.inner_text()

    option = _option(page, "projection-chart")
    years = option["xAxis"][0]["data"]
    assert years[0] == "2020" and years[-1] == "2060"
    observed = next(s for s in option["series"] if s["name"] == "实际观测")
    at = {y: v for y, v in zip(years, observed["data"], strict=True) if v is not None}
    assert sorted(at) == ["2020", "2021", "2022", "2023", "2024", "2025"]
    scenarios = [s for s in option["series"] if s["name"] != "实际观测"]
    assert len(scenarios) == 3
    for series in scenarios:  # each scenario begins at the observed 2025 and is dashed
        first = next(i for i, v in enumerate(series["data"]) if v is not None)
        assert years[first] == "2025"
        assert series["data"][first] == pytest.approx(at["2025"], abs=0.01)
        assert series["lineStyle"]["type"] == "dashed"
    bands = scenarios[0]["markArea"]["data"]
    assert [(b[0]["name"], b[0]["xAxis"], b[1]["xAxis"]) for b in bands] == [
        ("实际观测", "2020", "2025"),
        ("预测", "2025", "2060"),
    ]

    chance = _option(page, "probability-chart")
    labels = chance["xAxis"][0]["data"]
    for series in chance["series"]:  # observed 2020 < 2021 < … < 2025: no peak before 2025
        before = dict(zip(labels, series["data"], strict=True))
        assert [before[str(y)] for y in range(2020, 2025)] == [0, 0, 0, 0, 0]

    assert page.evaluate(WIDEST) <= width
    screenshot(page, f"peak-history-{width}")


def test_the_industry_part_year_is_named_and_not_drawn(page: Any, history_world: World) -> None:
    history_world.page_login(page, "city")
    page.goto(f"{history_world.url}/peak?scope_kind=industry&scope_code=C17&lang=en")
    note = page.locator("[data-testid=part-year-note]")
    assert note.inner_text() == (
        "Part-year: 2021 holds only Jan–Aug of verified accounts; it is left out of the "
        "observed path, the bases and the peak."
    )
    option = _option(page, "projection-chart")
    years = option["xAxis"][0]["data"]
    observed = next(s for s in option["series"] if s["name"] == "Observed")
    assert observed["data"][years.index("2021")] is None
    screenshot(page, "peak-part-year")
