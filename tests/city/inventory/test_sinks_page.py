"""Sinks on the inventory's API and page: computed only with an entered factor, and its source."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.city.inventory import gpc
from shuangtan.city.inventory.demo import SINK_FACTOR_SOURCE, load_demo_inventory

from .conftest import CITY, JIASHAN, World

YEAR = 2022


def _activity(world: World, headers: dict[str, str], key: str, quantity: str, note: str) -> None:
    body = {"year": YEAR, "month": 0, "area_code": JIASHAN if key.endswith("_area") else CITY}
    body |= {"activity": key, "quantity": quantity, "source_note": note}
    response = world.client.post("/api/v1/inventory/entries/activity", json=body, headers=headers)
    assert response.status_code == 201, response.text


class TestSinksShown:
    def test_a_sink_without_a_factor_says_not_computed_and_why(self, world: World) -> None:
        headers = world.login("city")
        _activity(world, headers, "forest_area", "100", "林业统计")
        read = world.client.get(
            f"/api/v1/inventory/{YEAR}", params={"county_code": JIASHAN}, headers=headers
        ).json()
        assert read["sinks"] == [] and read["sinks_tco2"] is None
        (refused,) = read["sinks_not_computed"]
        assert refused["kind"] == "forest" and "不计算森林碳汇" in refused["reason_zh"]
        world.web_login("city")
        page = world.client.get(f"/inventory/{YEAR}?county_code={JIASHAN}").text
        assert 'data-testid="sink-not-computed-forest"' in page
        assert "未录入2022年森林碳汇因子" in page

    def test_an_entered_factor_computes_the_sink_and_the_page_shows_its_source(
        self, world: World
    ) -> None:
        headers = world.login("city")
        _activity(world, headers, "forest_area", "100", "林业统计")
        _activity(world, headers, "forest_sink_factor", "4.0", "嘉兴市森林资源监测2022")
        read = world.client.get(
            f"/api/v1/inventory/{YEAR}", params={"county_code": JIASHAN}, headers=headers
        ).json()
        # 100 ha × 4.0 t CO2/ha/yr = 400 t CO2
        assert read["sinks_tco2"] == "400.000000"
        assert read["sinks"][0]["factor"]["document"] == "嘉兴市森林资源监测2022"
        assert read["sinks_not_computed"] == []
        world.web_login("city")
        page = world.client.get(f"/inventory/{YEAR}?county_code={JIASHAN}").text
        assert "嘉兴市森林资源监测2022" in page


class TestDemoSinks:
    def test_the_demo_enters_synthetic_factors_that_say_so_and_computes_with_them(
        self, city: Session
    ) -> None:
        load_demo_inventory(session=city)
        result = gpc.inventory(session=city, year=2020, county_code=None)
        assert result is not None and result.sinks_not_computed == ()
        # 2020 city areas × the demo's entered factors: forest 52,000 ha × 4.0 = 208,000;
        # wetland 78,000 × 1.5 = 117,000; urban green 9,000 × 3.0 = 27,000 → 352,000 t CO2
        assert result.sinks_tco2 == Decimal("352000")
        for sink in result.sinks:
            assert sink.factor.document == SINK_FACTOR_SOURCE
            assert "synthetic demo value, not a published factor" in sink.factor.document
