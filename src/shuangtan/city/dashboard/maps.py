"""The county map of the dashboard (驾驶舱区县地图): an ECharts map configured per city as data.

``data/cities/<city>/map.yaml`` says where the boundaries come from: a UMD script of an
installed package that registers the map itself (Jiaxing: ``echarts-china-cities-pypkg``,
boundaries from AMap), or any GeoJSON FeatureCollection in the city folder, which is wrapped
into ``echarts.registerMap`` when served. Either way the script is served by the platform at
``/maps/<city>.js`` (no CDN: the platform runs on closed networks), after ``echarts.min.js``.

Regions are matched to the configured counties by GB/T 2260 code (the feature's ``id`` or
``properties.adcode``), else by Chinese name; :func:`county_regions` refuses a map that misses
a county.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from shuangtan.place.configuration import CityConfig, CityConfigError, cities_dir, load_city

__all__ = [
    "MapConfig",
    "MapRegion",
    "county_regions",
    "load_map",
    "load_map_from",
    "map_regions",
    "map_script",
]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_SCRIPT_FEATURE = re.compile(r'id:"(\d+)",properties:\{name:"([^"]+)"')


@dataclass(frozen=True, slots=True)
class MapConfig:
    """地图配置 where a city's county map comes from (``map.yaml``)."""

    city: str
    name: str  # the ECharts map name, e.g. 嘉兴
    kind: str  # package_script | geojson
    path: Path  # the script or GeoJSON file
    source: str
    source_zh: str
    label_offsets: tuple[tuple[str, int, int], ...]  # (region name, right, down) in pixels


@dataclass(frozen=True, slots=True)
class MapRegion:
    """One region (区域) of the map: its feature id (if any) and name."""

    id: str | None
    name: str


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise CityConfigError(f"map package {package!r} is not installed (see docs/dashboard.md)")
    return Path(next(iter(spec.submodule_search_locations))) / relative


@lru_cache(maxsize=8)
def load_map(city: str) -> MapConfig:
    """The map configuration of the shipped city ``city`` (``data/cities/<city>/map.yaml``)."""
    if not _NAME.match(city):
        raise CityConfigError(f"{city!r} is not a city configuration name")
    return load_map_from(cities_dir() / city)


def load_map_from(folder: Path) -> MapConfig:
    """The map configuration in a city folder (not cached: for tests and tools)."""
    city = folder.name
    path = folder / "map.yaml"
    if not path.is_file():
        raise CityConfigError(f"{path}: file missing")
    meta: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    kind = str(meta.get("kind", ""))
    if kind == "package_script":
        target = _package_file(str(meta["package"]), str(meta["script"]))
    elif kind == "geojson":
        target = folder / str(meta["file"])
    else:
        raise CityConfigError(f"{path}: kind must be package_script or geojson, not {kind!r}")
    if not target.is_file():
        raise CityConfigError(f"{path}: map file {target} missing")
    return MapConfig(
        city=city,
        name=str(meta["name"]),
        kind=kind,
        path=target,
        source=" ".join(str(meta.get("source", "")).split()),
        source_zh=str(meta.get("source_zh", meta.get("source", ""))).strip(),
        label_offsets=tuple(
            (str(name), int(offset[0]), int(offset[1]))
            for name, offset in (meta.get("label_offsets") or {}).items()
        ),
    )


@lru_cache(maxsize=8)
def map_script(config: MapConfig) -> str:
    """The JavaScript that registers the map with ECharts (to load after echarts.min.js)."""
    text = config.path.read_text(encoding="utf-8")
    if config.kind == "package_script":
        return text
    geojson = json.loads(text)
    return (
        "(function(){if(!window.echarts){return;}"
        f"window.echarts.registerMap({json.dumps(config.name)},{json.dumps(geojson)});}})();\n"
    )


def map_regions(config: MapConfig) -> list[MapRegion]:
    """The regions the map draws (read from the script or the GeoJSON)."""
    text = config.path.read_text(encoding="utf-8")
    if config.kind == "package_script":
        return [MapRegion(id=i, name=n) for i, n in _SCRIPT_FEATURE.findall(text)]
    features = json.loads(text).get("features", [])
    regions = []
    for feature in features:
        properties = feature.get("properties") or {}
        code = feature.get("id", properties.get("adcode"))
        regions.append(
            MapRegion(id=None if code is None else str(code), name=str(properties.get("name", "")))
        )
    return regions


def county_regions(config: MapConfig, city: CityConfig | None = None) -> dict[str, str]:
    """Each configured county's region name on the map, by county code.

    Raises :class:`CityConfigError` naming every county the map does not draw.
    """
    city = city or load_city(config.city)
    regions = map_regions(config)
    by_id = {r.id: r.name for r in regions if r.id}
    names = {r.name for r in regions}
    found: dict[str, str] = {}
    missing = []
    for county in city.counties:
        if county.code in by_id:
            found[county.code] = by_id[county.code]
        elif county.name_zh in names:
            found[county.code] = county.name_zh
        else:
            missing.append(f"{county.code} {county.name_zh}")
    if missing:
        raise CityConfigError(f"map {config.name} has no region for: {', '.join(missing)}")
    return found
