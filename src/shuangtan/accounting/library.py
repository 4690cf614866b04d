"""The factor library (排放因子库): the shipped CSV tables parsed once into frozen objects.

Like pint's definition files, the tables under ``shuangtan/data/factors/`` are read once per
process (:func:`library`) into one immutable :class:`FactorLibrary`. Every row keeps its source
(document, edition, table) and a status: ``confirmed`` (read in, or exactly derived from, the
cited document) or ``assumption`` (a documented, configurable choice; see docs/data-sources.md).
Every factor of every table is also found by its id (:meth:`FactorLibrary.factor`), which is
how the inventory methods of :mod:`~shuangtan.accounting.waste` and
:mod:`~shuangtan.accounting.agriculture` are given theirs (``agriculture.csv``, ``waste.csv``).
No sink (碳汇) factor is shipped: a sequestration rate depends on the forest, wetland or green
space measured, so the inventory uses one an official entered with its source.

The folder is found by :func:`tables_dir` and every table is read by :func:`table_rows`, the one
place the core reads files; :func:`table_rows` is also how the tests compare the shipped tables
with their independent transcriptions (``tests/accounting/transcriptions``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

from .errors import AccountingError
from .units import Dimension, dimension_of

__all__ = [
    "Factor",
    "FactorLibrary",
    "FactorSet",
    "Fuel",
    "GridChoice",
    "Material",
    "Region",
    "library",
    "table_names",
    "table_rows",
    "tables_dir",
]

#: The tables of the inventory methods (waste, agriculture): plain factors found by id.
INVENTORY_TABLES = ("agriculture.csv", "waste.csv")
MEASURED_SOURCE = "measured (enterprise-supplied)"
REQUEST_SOURCE = "request option (caller-supplied)"


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor or parameter with its provenance (排放因子/参数)."""

    id: str
    value: float
    unit: str
    document: str
    edition: str = ""
    table: str = ""
    status: str = "confirmed"
    note: str = ""
    valid_from: int | None = None
    valid_to: int | None = None

    @property
    def source(self) -> str:
        """``document (edition), table`` in one string."""
        text = self.document
        if self.edition and self.edition not in text:
            text += f" ({self.edition})"
        if self.table and self.table not in text:
            text += f", {self.table}"
        return text

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used in results: id, value, unit, source and the parts of the source."""
        return {
            "id": self.id,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "document": self.document,
            "edition": self.edition,
            "table": self.table,
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Fuel:
    """A fuel of the national tables (燃料品种) with its default parameters."""

    code: str
    name_zh: str
    name_en: str
    form: str
    default_unit: str
    ncv: Factor | None
    carbon_content: Factor | None
    oxidation_rate: Factor | None
    standard_coal: Factor | None
    ipcc_co2: Factor | None

    @property
    def quantity_dimension(self) -> Dimension:
        """Mass or volume: what the default NCV is given per."""
        return Dimension.VOLUME if "Nm3" in (self.ncv.unit if self.ncv else "") else Dimension.MASS


@dataclass(frozen=True, slots=True)
class Material:
    """A carbonate or other process input (工业生产过程原料) with its CO2 factor."""

    code: str
    name_zh: str
    name_en: str
    factor: Factor


@dataclass(frozen=True, slots=True)
class Region:
    """A region with published grid factors (区域): ISO 3166-2 province, grid or CN."""

    code: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class FactorSet:
    """A named, versioned choice of factors (因子集)."""

    id: str
    version: str
    name_zh: str
    name_en: str
    fuel_parameters: str
    electricity_family: str
    residual_family: str
    heat_factor: str
    source: Factor

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of :func:`list_factor_sets`."""
        return {
            "id": self.id,
            "version": self.version,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "fuel_parameters": self.fuel_parameters,
            "electricity_family": self.electricity_family,
            "residual_family": self.residual_family,
            "heat_factor": self.heat_factor,
            "source": self.source.source,
            "status": self.source.status,
            "description": self.source.note,
        }


@dataclass(frozen=True, slots=True)
class GridChoice:
    """The factor picked for a year, and the year asked for when an older one stands in."""

    factor: Factor
    fallback_from_year: int | None


@dataclass(frozen=True)
class FactorLibrary:
    """Every shipped table, frozen; obtain the process's one instance with :func:`library`."""

    fuels: Mapping[str, Fuel]
    materials: Mapping[str, Material]
    factor_sets: Mapping[str, FactorSet]
    regions: Mapping[str, Region]
    region_aliases: Mapping[str, str]
    grid: Mapping[tuple[str, str], tuple[Factor, ...]]
    heat: Mapping[str, Factor]
    gwp: Mapping[tuple[str, str], Factor]
    gwp_reports: tuple[str, ...]
    gases: tuple[str, ...]
    standard_coal: Mapping[str, Factor]
    electricity_equal_value: tuple[Factor, ...]
    gj_per_tce: Factor
    electricity_equivalent: Factor
    heat_standard_coal: Factor
    factors: Mapping[str, Factor]

    def factor(self, factor_id: str) -> Factor:
        """The factor of an id (``waste.wastewater.bo``), from any shipped table.

        Raises :class:`~shuangtan.accounting.errors.AccountingError`
        (``accounting.unknown_factor``) for an id the library does not hold.
        """
        found = self.factors.get(factor_id)
        if found is None:
            raise AccountingError(
                "accounting.unknown_factor",
                f"因子库中没有因子“{factor_id}”",
                f"the factor library holds no factor '{factor_id}'",
            )
        return found

    def resolve_region(self, text: str) -> str | None:
        """A region code from a code, a grid name or a Chinese name (``浙江省`` → ``CN-ZJ``)."""
        key = text.strip()
        for candidate in (key, key.upper(), key.lower()):
            if candidate in self.regions:
                return candidate
        return self.region_aliases.get(key) or self.region_aliases.get(key.lower())

    def grid_factor(self, family: str, region: str, year: int) -> GridChoice | None:
        """The factor of ``family`` for ``region`` valid in ``year``, or the latest before it.

        None when no factor of the family was published for the region at or before the year.
        """
        rows = self.grid.get((family, region), ())
        return _choose_by_year(rows, year)

    def equal_value(self, year: int) -> GridChoice | None:
        """The equal-value (等价值) coal per kWh of the year, or the latest before it."""
        return _choose_by_year(self.electricity_equal_value, year)

    def first_year(self, family: str, region: str) -> int | None:
        """The first year a factor of the family is valid for the region."""
        rows = self.grid.get((family, region), ())
        return min((row.valid_from for row in rows if row.valid_from is not None), default=None)


def _choose_by_year(rows: tuple[Factor, ...], year: int) -> GridChoice | None:
    """Latest row with ``valid_from <= year``; a fallback when the year is past ``valid_to``."""
    candidates = [row for row in rows if row.valid_from is not None and row.valid_from <= year]
    if not candidates:
        return None
    chosen = max(candidates, key=lambda row: row.valid_from or 0)
    beyond = chosen.valid_to is not None and year > chosen.valid_to
    return GridChoice(chosen, year if beyond else None)


_TABLES: Traversable | None = None
"""Where the tables are read from when not the package's folder: only a tool that checks the
tests against changed tables (``scripts/mutation_check.py``) sets it, on a copy, and then clears
:func:`library`'s cache."""


def tables_dir() -> Traversable:
    """The folder of the shipped factor tables, ``shuangtan/data/factors``."""
    if _TABLES is not None:
        return _TABLES
    return resources.files("shuangtan").joinpath("data", "factors")


def table_names() -> tuple[str, ...]:
    """The file names of every shipped table (``*.csv``), sorted."""
    return tuple(sorted(f.name for f in tables_dir().iterdir() if f.name.endswith(".csv")))


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of one shipped table as text (the only I/O of the accounting core)."""
    text = tables_dir().joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _year(text: str) -> int | None:
    return int(text) if text.strip() else None


def _factor(row: Mapping[str, str], *, value_column: str = "value") -> Factor:
    """A :class:`Factor` from a table row with the common columns."""
    return Factor(
        id=row["id"],
        value=float(row[value_column]),
        unit=row["unit"],
        document=row["document"],
        edition=row.get("edition", ""),
        table=row.get("table", ""),
        status=row.get("status", "confirmed") or "confirmed",
        note=row.get("note", ""),
        valid_from=_year(row.get("valid_from", "")),
        valid_to=_year(row.get("valid_to", "")),
    )


def _fuels() -> dict[str, Fuel]:
    properties: dict[tuple[str, str], Factor] = {
        (row["fuel"], row["parameter"]): _factor(row) for row in table_rows("fuel-properties.csv")
    }
    coal = {row["energy"]: _factor(row) for row in table_rows("standard-coal.csv")}
    ipcc = {row["fuel"]: _factor(row) for row in table_rows("ipcc-2006-stationary.csv")}
    fuels: dict[str, Fuel] = {}
    for row in table_rows("fuels.csv"):
        code = row["id"]
        fuels[code] = Fuel(
            code=code,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            form=row["form"],
            default_unit=row["default_unit"],
            ncv=properties.get((code, "ncv")),
            carbon_content=properties.get((code, "carbon_content")),
            oxidation_rate=properties.get((code, "oxidation_rate")),
            standard_coal=coal.get(code),
            ipcc_co2=ipcc.get(code),
        )
        ncv = fuels[code].ncv
        if ncv is None or dimension_of(ncv.unit.split("/")[1]) not in (
            Dimension.MASS,
            Dimension.VOLUME,
        ):
            raise ValueError(f"fuel {code}: NCV missing or not per mass or volume")
    return fuels


_REGION_EXTRA_ALIASES = {
    "CN": ("全国", "中国", "china", "national", "全国电网"),
    "east_china_grid": ("华东", "华东电网", "east china grid", "ecg"),
}


def _regions(grid_rows: list[dict[str, str]]) -> tuple[dict[str, Region], dict[str, str]]:
    regions: dict[str, Region] = {}
    aliases: dict[str, str] = {}
    for row in grid_rows:
        code = row["region"]
        regions.setdefault(code, Region(code, row["region_zh"]))
        if code.startswith("CN-"):
            name = row["region_zh"]
            for alias in (name, name + "省", name + "市", code[3:]):
                aliases[alias] = code
    for code, extra in _REGION_EXTRA_ALIASES.items():
        for alias in extra:
            aliases[alias] = code
    return regions, aliases


@lru_cache(maxsize=1)
def library() -> FactorLibrary:
    """The process's one factor library, read from the shipped tables on first use."""
    grid_rows = table_rows("electricity.csv")
    grid: dict[tuple[str, str], list[Factor]] = {}
    for row in grid_rows:
        grid.setdefault((row["family"], row["region"]), []).append(_factor(row))
    regions, aliases = _regions(grid_rows)
    gwp_rows = table_rows("gwp.csv")
    gwp = {(row["report"], row["gas"]): _factor(row) for row in gwp_rows}
    materials = {
        row["material"]: Material(row["material"], row["name_zh"], row["name_en"], _factor(row))
        for row in table_rows("process.csv")
    }
    heat = {row["id"]: _factor(row) for row in table_rows("heat.csv")}
    coal = {row["energy"]: _factor(row) for row in table_rows("standard-coal.csv")}
    sets: dict[str, FactorSet] = {}
    for row in table_rows("factor-sets.csv"):
        source = Factor(
            id=f"factor_set.{row['id']}",
            value=0.0,
            unit="",
            document=row["document"],
            edition=row["edition"],
            table=row["table"],
            status=row["status"],
            note=row["note"],
        )
        sets[row["id"]] = FactorSet(
            id=row["id"],
            version=row["version"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            fuel_parameters=row["fuel_parameters"],
            electricity_family=row["electricity_family"],
            residual_family=row["residual_family"],
            heat_factor=row["heat_factor"],
            source=source,
        )
    fuels = _fuels()
    inventory = [_factor(row) for name in INVENTORY_TABLES for row in table_rows(name)]
    every = [
        *(
            f
            for fuel in fuels.values()
            for f in (fuel.ncv, fuel.carbon_content, fuel.oxidation_rate)
        ),
        *coal.values(),
        *(fuel.ipcc_co2 for fuel in fuels.values()),
        *(f for rows in grid.values() for f in rows),
        *heat.values(),
        *gwp.values(),
        *(material.factor for material in materials.values()),
        *inventory,
    ]
    equal = tuple(
        sorted(
            (_factor(row) for row in table_rows("electricity-equal-value.csv")),
            key=lambda factor: factor.valid_from or 0,
        )
    )
    return FactorLibrary(
        fuels=MappingProxyType(fuels),
        materials=MappingProxyType(materials),
        factor_sets=MappingProxyType(sets),
        regions=MappingProxyType(regions),
        region_aliases=MappingProxyType(aliases),
        grid=MappingProxyType({key: tuple(rows) for key, rows in grid.items()}),
        heat=MappingProxyType(heat),
        gwp=MappingProxyType(gwp),
        gwp_reports=tuple(dict.fromkeys(row["report"] for row in gwp_rows)),
        gases=tuple(dict.fromkeys(row["gas"] for row in gwp_rows)),
        standard_coal=MappingProxyType(coal),
        electricity_equal_value=equal,
        gj_per_tce=coal["tce"],
        electricity_equivalent=coal["electricity"],
        heat_standard_coal=coal["heat"],
        factors=MappingProxyType(_by_id([*every, *equal])),
    )


def _by_id(factors: list[Factor | None]) -> dict[str, Factor]:
    """Every factor by id; an id shipped twice is a defect of the tables."""
    out: dict[str, Factor] = {}
    for factor in factors:
        if factor is None:
            continue
        if factor.id in out and out[factor.id] != factor:
            raise ValueError(f"factor id {factor.id} is shipped twice")
        out[factor.id] = factor
    return out
