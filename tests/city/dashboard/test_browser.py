"""The dashboard in a real headless Chromium: the map, drill-down, and what the public sees."""

from __future__ import annotations

from typing import Any

import pytest

from testkit import screenshot

from .conftest import JIASHAN, NANHU, YEAR, DashboardWorld

pytestmark = pytest.mark.browser

COUNTY_NAMES = {"南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"}


def _open_dashboard(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#county-map[data-ready='1']", state="attached")


MAP_STATE = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById('county-map'));
  const series = chart.getOption().series[0];
  return {
    map: series.map,
    regions: echarts.getMap(series.map).geoJSON.features.map(f => f.properties.name),
    data: series.data.map(d => [d.name, d.code, d.value]),
  };
}"""


class TestPublicDashboard:
    def test_the_map_draws_the_seven_counties_with_their_data(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        _open_dashboard(page, f"{live_world.url}/dashboard?year={YEAR}")
        state = page.evaluate(MAP_STATE)
        assert state["map"] == "嘉兴"
        assert set(state["regions"]) == COUNTY_NAMES and len(state["regions"]) == 7
        # no inventory in this world: the map shows the verified accounts, 万tCO2e
        values = {name: value for name, _code, value in state["data"]}
        assert set(values) == COUNTY_NAMES
        assert values["南湖区"] == 0.09  # 920 t = 0.092 万t, shown to 2 decimals
        assert values["嘉善县"] == 0.11  # 1060 t
        assert page.locator("[data-testid=dashboard]").get_attribute("data-view") == "public"
        screenshot(page, "dashboard-public")

    def test_the_english_map_names_the_counties_in_english(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        _open_dashboard(page, f"{live_world.url}/dashboard?year={YEAR}&lang=en")
        drawn = page.evaluate(
            """() => {
              const chart = echarts.getInstanceByDom(document.getElementById('county-map'));
              const data = chart.getModel().getSeriesByIndex(0).getData();
              const out = {};
              for (let i = 0; i < data.count(); i++) out[data.getName(i)] = data.get('value', i);
              return out;
            }"""
        )
        # the regions of the (Chinese) boundary file carry the English names, each with its
        # county's value: one entry per county, none left over unmatched
        assert set(drawn) == {
            "Nanhu District",
            "Xiuzhou District",
            "Jiashan County",
            "Haiyan County",
            "Haining",
            "Pinghu",
            "Tongxiang",
        }
        assert drawn["Nanhu District"] == 0.09  # 920 t = 0.092 × 10⁴ t, two decimals
        assert drawn["Jiashan County"] == 0.11  # 1060 t
        legend = page.locator("[data-metric=accounts]").inner_text()
        assert "万" not in legend and "10⁴ t CO₂e" in legend
        screenshot(page, "dashboard-public-en")

    def test_clicking_a_county_on_the_map_drills_down(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        _open_dashboard(page, f"{live_world.url}/dashboard?year={YEAR}")
        point = page.evaluate(
            """() => {
              const el = document.getElementById('county-map');
              const chart = echarts.getInstanceByDom(el);
              const feature = echarts.getMap('嘉兴').geoJSON.features
                .find(f => f.properties.name === '嘉善县');
              const [x, y] = chart.convertToPixel({seriesIndex: 0}, feature.properties.cp);
              const box = el.getBoundingClientRect();
              return {x: box.left + x, y: box.top + y};
            }"""
        )
        page.mouse.click(point["x"], point["y"])
        page.wait_for_url(f"**/dashboard/county/{JIASHAN}?year={YEAR}")
        assert page.locator("[data-testid=county-dashboard]").get_attribute("data-county") == (
            JIASHAN
        )
        screenshot(page, "dashboard-county-public")

    def test_the_public_pages_show_no_entity_name(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        urls = [
            f"/dashboard?year={YEAR}",
            f"/dashboard/county/{NANHU}?year={YEAR}",
            f"/dashboard/county/{NANHU}/industry/C26?year={YEAR}",
            f"/dashboard/county/{JIASHAN}/industry/C26?year={YEAR}",
        ]
        for url in urls:
            page.goto(live_world.url + url)
            text = page.content()
            assert not [n for n in live_world.world.names if n in text], url
        assert page.locator("[data-testid=entities-hidden]").count() == 1
        # 南湖·C26 has one entity: its entities, tCO2e and tce are one mark each, which says
        # only that the figure is withheld (no count, no reason)
        page.goto(f"{live_world.url}/dashboard/county/{NANHU}?year={YEAR}")
        marks = page.locator("tr[data-industry=C26] [data-testid=suppressed]")
        assert marks.count() == 3
        assert {marks.nth(i).inner_text() for i in range(3)} == {"✱"}
        assert marks.first.get_attribute("title") == "为保护企业数据不予公开(统计数据保密)"
        screenshot(page, "dashboard-county-suppressed")


class TestOfficialDrillDown:
    def test_an_official_drills_from_the_city_to_an_industry_and_an_entity(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        live_world.page_login(page, "city")
        _open_dashboard(page, f"{live_world.url}/dashboard?year={YEAR}")
        assert page.locator("[data-testid=dashboard]").get_attribute("data-view") == "official"
        screenshot(page, "dashboard-official")
        page.click(f"[data-testid=counties-table] tr[data-county='{JIASHAN}'] a")
        page.wait_for_url(f"**/dashboard/county/{JIASHAN}?year={YEAR}")
        page.click("tr[data-industry=C26] a")
        page.wait_for_url(f"**/dashboard/county/{JIASHAN}/industry/C26?year={YEAR}")
        links = page.locator("[data-testid=entity-link]")
        assert links.all_inner_texts() == [
            "测试21C26企业1号",
            "测试21C26企业2号",
            "测试21C26企业3号",
        ]
        screenshot(page, "dashboard-industry-official")
        links.first.click()
        entity_id = live_world.world.ids["测试21C26企业1号"]
        page.wait_for_url(f"**/accounts/entities/{entity_id}?year={YEAR}")
        assert "测试21C26企业1号" in page.locator("main").inner_text()

    def test_a_county_official_sees_another_county_without_entities(
        self, page: Any, live_world: DashboardWorld
    ) -> None:
        live_world.page_login(page, "jiashan")
        page.goto(f"{live_world.url}/dashboard/county/{NANHU}/industry/C17?year={YEAR}")
        assert page.locator("[data-testid=entities-hidden]").count() == 1
        text = page.content()
        assert not [n for n in live_world.world.names if n.startswith("测试02") and n in text]
