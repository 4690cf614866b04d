"""The city configuration (城市配置): one folder of files under ``data/cities/<name>/``.

``load_city("jiaxing")`` parses the folder once per process into frozen objects; another city
is another folder, never a code change. ``sync_city`` writes the configuration into the
database (tables ``cities``, ``counties``, ``industries``, ``indicators``), idempotently and
audited. Files (see the folder's README.md):

- ``city.yaml``: code, names, province, plan title, the file names below;
- ``counties.csv``: code, name_zh, name_en, pinyin, kind, source;
- ``industries.csv``: code, name_zh, name_en, plan_key_industry, energy_intensive, note, source;
- ``indicators.csv``: id, section, name_zh, name_en, unit, baseline_year, baseline_value,
  target_year, target_value, direction, note, [responsible_department,] source
  (``responsible_department`` 责任部门 may be absent or blank: the plan names none);
- ``statistics.csv``: item, year, value, unit, source.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.audit import Actor
from shuangtan.db import Base
from shuangtan.errors import PermissionDenied
from shuangtan.place.models import City, County, Indicator, Industry

__all__ = [
    "CityConfig",
    "CityConfigError",
    "CountyConfig",
    "IndicatorConfig",
    "IndustryConfig",
    "StatisticConfig",
    "cities_dir",
    "load_city",
    "load_city_from",
    "sync_city",
]

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_CODE = re.compile(r"^\d{6}$")
_DIRECTIONS = frozenset({"up", "down", "none"})


class CityConfigError(ValueError):
    """A city configuration file is missing or malformed (城市配置错误); names file and row."""


@dataclass(frozen=True, slots=True)
class CountyConfig:
    """县级行政区 a county-level division of the city."""

    code: str
    name_zh: str
    name_en: str
    pinyin: str
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class IndustryConfig:
    """行业 a GB/T 4754-2017 industry with the plan's and the province's flags."""

    code: str
    name_zh: str
    name_en: str
    plan_key_industry: str | None
    energy_intensive: bool
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class IndicatorConfig:
    """规划指标 a target or baseline of the plan; missing numbers are ``None``."""

    id: str
    section: str
    name_zh: str
    name_en: str
    unit: str
    baseline_year: int | None
    baseline_value: Decimal | None
    target_year: int | None
    target_value: Decimal | None
    direction: str
    note: str
    source: str
    responsible_department: str = ""


@dataclass(frozen=True, slots=True)
class StatisticConfig:
    """统计数据 a published statistic; ``value`` is text (some are ratios like 2.3:51.9:45.8)."""

    item: str
    year: int
    value: str
    unit: str
    source: str

    @property
    def decimal(self) -> Decimal | None:
        """The value as a decimal, or ``None`` when it is not one number."""
        try:
            return Decimal(self.value)
        except InvalidOperation:
            return None


@dataclass(frozen=True, slots=True)
class CityConfig:
    """城市配置 a city's configuration, as read from its folder."""

    name: str
    code: str
    name_zh: str
    name_en: str
    pinyin: str
    province_code: str
    province_zh: str
    province_en: str
    source: str
    plan_title_zh: str
    plan_title_en: str
    counties: tuple[CountyConfig, ...]
    industries: tuple[IndustryConfig, ...]
    indicators: tuple[IndicatorConfig, ...]
    statistics: tuple[StatisticConfig, ...]

    def county(self, code: str) -> CountyConfig:
        """The county-level division with ``code``; ``KeyError`` if not in this city."""
        for county in self.counties:
            if county.code == code:
                return county
        raise KeyError(code)

    def indicator(self, indicator_id: str) -> IndicatorConfig:
        """The plan indicator with ``indicator_id``; ``KeyError`` if none."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    @property
    def scope_codes(self) -> frozenset[str]:
        """Codes an official's scope may take: the city's and its counties'."""
        return frozenset({self.code, *(c.code for c in self.counties)})


def cities_dir() -> Path:
    """The folder of the shipped city configurations (``shuangtan/data/cities``)."""
    return Path(str(resources.files("shuangtan").joinpath("data", "cities")))


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise CityConfigError(f"{path}: file missing")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CityConfigError(f"{path}: missing columns {', '.join(missing)}")
        rows = [
            (line, {k: (v or "").strip() for k, v in row.items()})
            for line, row in enumerate(reader, start=2)
        ]
    for line, row in rows:
        if not row.get("source"):
            raise CityConfigError(f"{path}:{line}: every row needs its source")
    return rows


def _int(path: Path, line: int, value: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CityConfigError(f"{path}:{line}: {value!r} is not a whole number") from None


def _decimal(path: Path, line: int, value: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise CityConfigError(f"{path}:{line}: {value!r} is not a number") from None


def _flag(path: Path, line: int, value: str) -> bool:
    if value in {"yes", "true", "1"}:
        return True
    if value in {"", "no", "false", "0"}:
        return False
    raise CityConfigError(f"{path}:{line}: {value!r} is not yes/no")


def _unique(path: Path, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise CityConfigError(f"{path}: {key} appears twice")
        seen.add(key)


def _counties(path: Path, city_code: str) -> tuple[CountyConfig, ...]:
    columns = ("code", "name_zh", "name_en", "pinyin", "kind", "source")
    result = []
    for line, row in _read_csv(path, columns):
        code = row["code"]
        if not _CODE.match(code) or code[:4] != city_code[:4] or code == city_code:
            raise CityConfigError(f"{path}:{line}: {code!r} is not a county code of {city_code}")
        result.append(CountyConfig(**{c: row[c] for c in columns}))
    _unique(path, [c.code for c in result])
    return tuple(result)


def _industries(path: Path) -> tuple[IndustryConfig, ...]:
    columns = ("code", "name_zh", "name_en", "plan_key_industry", "energy_intensive", "note")
    result = [
        IndustryConfig(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            plan_key_industry=row["plan_key_industry"] or None,
            energy_intensive=_flag(path, line, row["energy_intensive"]),
            note=row["note"],
            source=row["source"],
        )
        for line, row in _read_csv(path, (*columns, "source"))
    ]
    _unique(path, [i.code for i in result])
    return tuple(result)


def _indicators(path: Path) -> tuple[IndicatorConfig, ...]:
    optional = {"responsible_department"}
    columns = tuple(f.name for f in fields(IndicatorConfig) if f.name not in optional)
    result = []
    for line, row in _read_csv(path, columns):
        if row["direction"] not in _DIRECTIONS:
            raise CityConfigError(f"{path}:{line}: direction must be up, down or none")
        result.append(
            IndicatorConfig(
                id=row["id"],
                section=row["section"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                unit=row["unit"],
                baseline_year=_int(path, line, row["baseline_year"]),
                baseline_value=_decimal(path, line, row["baseline_value"]),
                target_year=_int(path, line, row["target_year"]),
                target_value=_decimal(path, line, row["target_value"]),
                direction=row["direction"],
                note=row["note"],
                source=row["source"],
                responsible_department=row.get("responsible_department", ""),
            )
        )
    _unique(path, [i.id for i in result])
    return tuple(result)


def _statistics(path: Path) -> tuple[StatisticConfig, ...]:
    rows = _read_csv(path, ("item", "year", "value", "unit", "source"))
    result = []
    for line, row in rows:
        year = _int(path, line, row["year"])
        if year is None:
            raise CityConfigError(f"{path}:{line}: year missing")
        result.append(StatisticConfig(row["item"], year, row["value"], row["unit"], row["source"]))
    return tuple(result)


def load_city_from(folder: Path) -> CityConfig:
    """Read a city configuration from ``folder`` (not cached: for tests and tools)."""
    meta_path = folder / "city.yaml"
    if not meta_path.is_file():
        raise CityConfigError(f"{meta_path}: file missing")
    meta: dict[str, Any] = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    try:
        code = str(meta["code"])
        files: dict[str, str] = meta.get("files") or {}
        plan: dict[str, str] = meta.get("plan") or {}
        if not _CODE.match(code):
            raise CityConfigError(f"{meta_path}: code {code!r} is not a six-digit GB/T 2260 code")
        return CityConfig(
            name=folder.name,
            code=code,
            name_zh=str(meta["name_zh"]),
            name_en=str(meta["name_en"]),
            pinyin=str(meta.get("pinyin", "")),
            province_code=str(meta["province_code"]),
            province_zh=str(meta["province_zh"]),
            province_en=str(meta["province_en"]),
            source=str(meta["source"]).strip(),
            plan_title_zh=str(plan.get("title_zh", "")),
            plan_title_en=str(plan.get("title_en", "")),
            counties=_counties(folder / files.get("counties", "counties.csv"), code),
            industries=_industries(folder / files.get("industries", "industries.csv")),
            indicators=_indicators(folder / files.get("indicators", "indicators.csv")),
            statistics=_statistics(folder / files.get("statistics", "statistics.csv")),
        )
    except KeyError as exc:
        raise CityConfigError(f"{meta_path}: missing key {exc.args[0]}") from None


@lru_cache(maxsize=8)
def load_city(name: str = "jiaxing") -> CityConfig:
    """The configuration of the shipped city ``name`` (parsed once per process)."""
    if not _NAME.match(name):
        raise CityConfigError(f"{name!r} is not a city configuration name")
    folder = cities_dir() / name
    if not folder.is_dir():
        raise CityConfigError(f"no city configuration {name!r} under {cities_dir()}")
    return load_city_from(folder)


def _upsert(
    session: Session,
    actor: Actor | None,
    model: type[Base],
    key: str,
    values: dict[str, Any],
    entity_type: str,
) -> int:
    """Insert or update one row; 1 if it changed, 0 if it already matched. Audited."""
    row = session.get(model, values[key])
    if row is None:
        session.add(model(**values))
        session.flush()
        audit.record(
            session=session,
            actor=actor,
            action=f"{entity_type}.create",
            entity_type=entity_type,
            entity_id=str(values[key]),
            before=None,
            after=values,
        )
        return 1
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if not changed:
        return 0
    before = {k: getattr(row, k) for k in changed}
    for k, v in changed.items():
        setattr(row, k, v)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=f"{entity_type}.update",
        entity_type=entity_type,
        entity_id=str(values[key]),
        before=before,
        after=changed,
    )
    return 1


def sync_city(*, session: Session, config: CityConfig, actor: Actor | None = None) -> int:
    """Write the configuration into the database; the number of rows inserted or changed.

    Idempotent: a second run with the same configuration changes nothing and returns 0.
    Rows no longer in the configuration are kept (users and reports may refer to them).
    Only the system (``actor`` ``None``) or an administrator may sync.
    """
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(
            "只有系统管理员可以更新城市配置。", "Only an administrator may update the city."
        )
    city = {
        "code": config.code,
        "name_zh": config.name_zh,
        "name_en": config.name_en,
        "province_zh": config.province_zh,
        "province_en": config.province_en,
        "source": config.source,
    }
    changes = _upsert(session, actor, City, "code", city, "city")
    for county in config.counties:
        values = {f.name: getattr(county, f.name) for f in fields(CountyConfig)}
        values["city_code"] = config.code
        changes += _upsert(session, actor, County, "code", values, "county")
    for industry in config.industries:
        values = {f.name: getattr(industry, f.name) for f in fields(IndustryConfig)}
        changes += _upsert(session, actor, Industry, "code", values, "industry")
    for indicator in config.indicators:
        values = {f.name: getattr(indicator, f.name) for f in fields(IndicatorConfig)}
        values["city_code"] = config.code
        changes += _upsert(session, actor, Indicator, "id", values, "indicator")
    return changes
