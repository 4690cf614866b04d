"""The county map: Jiaxing's seven divisions from the package, a replacement GeoJSON, the route."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from shuangtan.city.dashboard.maps import (
    county_regions,
    load_map,
    load_map_from,
    map_regions,
    map_script,
)
from shuangtan.place.configuration import CityConfigError, cities_dir, load_city, load_city_from

JIAXING_COUNTIES = {
    # data/cities/jiaxing/counties.csv (GB/T 2260)
    "330402": "南湖区",
    "330411": "秀洲区",
    "330421": "嘉善县",
    "330424": "海盐县",
    "330481": "海宁市",
    "330482": "平湖市",
    "330483": "桐乡市",
}


class TestLoadMap:
    def test_jiaxing_draws_its_map_from_the_installed_package(self) -> None:
        config = load_map("jiaxing")
        assert (config.name, config.kind) == ("嘉兴", "package_script")
        assert config.path.name == "zhe4_jiang1_jia1_xing1.js"
        assert "AMap" in config.source and "commercial" in config.source

    def test_a_name_that_is_not_a_city_folder_is_refused(self) -> None:
        with pytest.raises(CityConfigError):
            load_map("../jiaxing")


class TestCountyRegions:
    def test_every_county_of_the_configuration_is_on_the_map_by_its_code(self) -> None:
        config = load_map("jiaxing")
        assert len(map_regions(config)) == 7
        assert county_regions(config) == JIAXING_COUNTIES
        assert {c.code for c in load_city("jiaxing").counties} == set(JIAXING_COUNTIES)

    def test_a_geojson_replacement_is_matched_by_name_and_wrapped_for_echarts(
        self, tmp_path: Path
    ) -> None:
        folder = _city_copy(tmp_path)
        features = [_square(name, i) for i, name in enumerate(JIAXING_COUNTIES.values())]
        _write_geojson(folder, features)
        config = load_map_from(folder)
        assert config.kind == "geojson"
        assert county_regions(config, load_city_from(folder)) == JIAXING_COUNTIES
        script = map_script(config)
        assert script.startswith("(function(){")
        assert 'registerMap("\\u5609\\u5174"' in script  # json.dumps("嘉兴")

    def test_a_map_missing_a_county_is_refused_naming_it(self, tmp_path: Path) -> None:
        folder = _city_copy(tmp_path)
        names = [n for n in JIAXING_COUNTIES.values() if n != "海盐县"]
        _write_geojson(folder, [_square(name, i) for i, name in enumerate(names)])
        with pytest.raises(CityConfigError, match="330424 海盐县"):
            county_regions(load_map_from(folder), load_city_from(folder))


class TestMapRoute:
    def test_the_map_script_is_served_from_the_package_without_login(
        self, anonymous_client: Any
    ) -> None:
        response = anonymous_client.get("/maps/jiaxing.js")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/javascript")
        assert 'registerMap("嘉兴"' in response.text
        assert response.text.count("properties:{name:") == 7

    def test_an_unknown_city_is_not_found(self, anonymous_client: Any) -> None:
        response = anonymous_client.get("/maps/atlantis.js")
        assert response.status_code == 404
        assert response.json()["code"] == "dashboard.not_found"


def _city_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "testcity"
    shutil.copytree(cities_dir() / "jiaxing", folder)
    return folder


def _square(name: str, i: int) -> dict[str, Any]:
    x, y = 120.0 + i * 0.1, 30.5
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _write_geojson(folder: Path, features: list[dict[str, Any]]) -> None:
    (folder / "counties.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    (folder / "map.yaml").write_text(
        "name: 嘉兴\nkind: geojson\nfile: counties.geojson\nsource: test squares\n",
        encoding="utf-8",
    )
