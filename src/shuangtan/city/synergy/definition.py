"""Definitions of the synergy index (协同指数定义) as data: ``data/synergy/<version>.yaml``.

A definition names the indicators (dimension, unit, direction, normalisation, source), which of
them form the pollution-reduction subsystem U1 and the carbon-reduction subsystem U2, the
default weighting method (and whether entropy weights come from each year or from the
reference year), the reference year and margin of anchored normalisation, the coupling model
(``traditional`` or ``modified``), the coupling weights alpha and beta and the grade bands of D.
Each file
is parsed once per process into frozen objects (:func:`load_definition`); a version, once
shipped, is never edited: a change is a new file with a new version, and stored scores keep the
version they were computed with.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "DIMENSIONS",
    "Band",
    "Definition",
    "DefinitionError",
    "Dimension",
    "Indicator",
    "default_version",
    "load_definition",
    "parse_definition",
    "versions",
]

DIMENSIONS = ("economy", "pollutants", "energy", "carbon")
"""The four dimensions the plan names: economy, main pollutants, energy and carbon."""
_NORMALISATIONS = frozenset({"min_max", "bounds", "reference"})
_WEIGHTINGS = frozenset({"entropy", "official"})
_WEIGHTING_BASES = frozenset({"year", "reference"})
_COUPLING_MODELS = frozenset({"traditional", "modified"})
_VERSION = re.compile(r"^\d{4}\.\d{1,3}$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class DefinitionError(ValueError):
    """A synergy definition file is malformed (协同指数定义错误); the message names the field."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """协同指数指标 one indicator: what is measured, in which unit, which way is better."""

    id: str
    name_zh: str
    name_en: str
    dimension: str
    unit: str
    positive: bool  # direction "+": larger is better; "-": smaller is better
    normalisation: str  # "min_max" across the year's counties, "bounds" or "reference" (anchored)
    bounds: tuple[float, float] | None
    computed_from: str | None  # the inventory fields it is computed from, if any
    source: str

    @property
    def direction(self) -> str:
        """``+`` (larger is better) or ``-`` (smaller is better)."""
        return "+" if self.positive else "-"


@dataclass(frozen=True, slots=True)
class Dimension:
    """维度 one of the four dimensions of the index."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Band:
    """协调等级 a class of the coupling coordination degree D: (previous upper, upper]."""

    lower: float
    upper: float
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Definition:
    """协同指数定义 one frozen version of the synergy index definition."""

    version: str
    status: str
    title_zh: str
    title_en: str
    source: str
    scale: int
    dimensions: tuple[Dimension, ...]
    indicators: tuple[Indicator, ...]
    pollution_reduction: tuple[str, ...]  # U1 indicator ids
    carbon_reduction: tuple[str, ...]  # U2 indicator ids
    default_weighting: str
    alpha: float
    beta: float
    bands: tuple[Band, ...]
    method_sources: tuple[tuple[str, str], ...]  # (method, source)
    reference_year: int | None = None  # the year "reference" indicators are anchored on
    reference_margin: float = 0.0  # bounds = reference range widened by margin × spread
    reference_floor: float = 0.0  # spread = max(reference range, floor × |reference mean|)
    weighting_basis: str = "year"  # entropy weights of each year, or of the reference year
    coupling_model: str = "traditional"  # C = 2√(U1U2)/(U1+U2), or 王淑佳 et al. 2021

    @property
    def anchored(self) -> bool:
        """Whether a county's scores depend on its own inputs and the reference year only, so
        that they compare between years: no indicator is normalised across the year's counties
        and entropy weights (if used) come from the reference year."""
        return self.weighting_basis == "reference" and all(
            i.normalisation != "min_max" for i in self.indicators
        )

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """The indicator ids in the definition's order (the columns of the matrix)."""
        return tuple(i.id for i in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator ``indicator_id``; :class:`KeyError` if the version has none."""
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        raise KeyError(indicator_id)

    def band(self, d: float) -> Band:
        """The grade band of a coupling coordination degree ``d`` in [0, 1]."""
        for band in self.bands:
            if d <= band.upper + 1e-12:
                return band
        return self.bands[-1]


def _text(row: dict[str, Any], key: str, where: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(f"{where}: '{key}' is missing or empty")
    return value.strip()


def _indicator(row: dict[str, Any], where: str) -> Indicator:
    ident = _text(row, "id", where)
    if not _ID.match(ident):
        raise DefinitionError(f"{where}: id {ident!r} is not a lower-case identifier")
    where = f"{where} ({ident})"
    dimension = _text(row, "dimension", where)
    if dimension not in DIMENSIONS:
        raise DefinitionError(f"{where}: dimension {dimension!r} is not one of {DIMENSIONS}")
    direction = str(row.get("direction", ""))
    if direction not in ("+", "-"):
        raise DefinitionError(f"{where}: direction must be '+' or '-'")
    normalisation = _text(row, "normalisation", where)
    if normalisation not in _NORMALISATIONS:
        raise DefinitionError(f"{where}: normalisation {normalisation!r} is unknown")
    bounds: tuple[float, float] | None = None
    if normalisation == "bounds":
        raw = row.get("bounds")
        if not (isinstance(raw, list) and len(raw) == 2):
            raise DefinitionError(f"{where}: 'bounds' needs [lower, upper]")
        lower, upper = float(raw[0]), float(raw[1])
        if not (math.isfinite(lower) and math.isfinite(upper) and lower < upper):
            raise DefinitionError(f"{where}: bounds must be finite with lower < upper")
        bounds = (lower, upper)
    computed = row.get("computed_from")
    return Indicator(
        id=ident,
        name_zh=_text(row, "name_zh", where),
        name_en=_text(row, "name_en", where),
        dimension=dimension,
        unit=_text(row, "unit", where),
        positive=direction == "+",
        normalisation=normalisation,
        bounds=bounds,
        computed_from=str(computed) if computed else None,
        source=_text(row, "source", where),
    )


def _bands(raw: Any, where: str) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise DefinitionError(f"{where}: methods.bands.classes is missing")
    bands = []
    lower = 0.0
    for row in raw:
        upper = float(row["upper"])
        if not lower < upper <= 1.0:
            raise DefinitionError(f"{where}: band uppers must rise within (0, 1]")
        bands.append(Band(lower, upper, str(row["name_zh"]), str(row["name_en"])))
        lower = upper
    if abs(lower - 1.0) > 1e-12:
        raise DefinitionError(f"{where}: the last band must end at 1.0")
    return tuple(bands)


def _reference(
    methods: dict[str, Any], indicators: tuple[Indicator, ...], where: str
) -> tuple[int | None, float, float]:
    """The reference year, margin and spread floor of anchored normalisation
    (``methods.normalisation.reference``); required when an indicator is normalised
    ``reference``."""
    raw = (methods.get("normalisation") or {}).get("reference")
    if raw is None:
        if any(i.normalisation == "reference" for i in indicators):
            raise DefinitionError(f"{where}: 'reference' normalisation needs a reference year")
        return None, 0.0, 0.0
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where}: methods.normalisation.reference needs year and margin")
    try:
        year = int(raw["year"])
        margin, floor = float(raw.get("margin", 0.0)), float(raw.get("floor", 0.0))
    except (KeyError, TypeError, ValueError):
        raise DefinitionError(f"{where}: reference year, margin, floor must be numbers") from None
    if not 1990 <= year <= 2100 or not all(math.isfinite(x) and x >= 0 for x in (margin, floor)):
        raise DefinitionError(f"{where}: reference year in 1990-2100, margin and floor >= 0")
    return year, margin, floor


def parse_definition(document: dict[str, Any], *, where: str = "definition") -> Definition:
    """A frozen :class:`Definition` from the parsed YAML ``document``; checks every field."""
    version = str(document.get("version", ""))
    if not _VERSION.match(version):
        raise DefinitionError(f"{where}: version {version!r} is not YYYY.N")
    rows = document.get("indicators")
    if not isinstance(rows, list) or len(rows) < 2:
        raise DefinitionError(f"{where}: at least two indicators are needed")
    indicators = tuple(_indicator(row, f"{where} indicator {n}") for n, row in enumerate(rows, 1))
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise DefinitionError(f"{where}: indicator ids repeat")
    subsystems = document.get("subsystems") or {}
    u1 = tuple(subsystems.get("pollution_reduction") or ())
    u2 = tuple(subsystems.get("carbon_reduction") or ())
    for name, members in (("pollution_reduction", u1), ("carbon_reduction", u2)):
        if not members:
            raise DefinitionError(f"{where}: subsystem {name} is empty")
        unknown = sorted(set(members) - set(ids))
        if unknown:
            raise DefinitionError(f"{where}: subsystem {name} names unknown {unknown}")
    methods = document.get("methods") or {}
    weighting = (methods.get("weighting") or {}).get("default", "entropy")
    if weighting not in _WEIGHTINGS:
        raise DefinitionError(f"{where}: weighting {weighting!r} is unknown")
    coupling = methods.get("coupling") or {}
    alpha, beta = float(coupling.get("alpha", 0.5)), float(coupling.get("beta", 0.5))
    if alpha < 0 or beta < 0 or abs(alpha + beta - 1.0) > 1e-9:
        raise DefinitionError(f"{where}: coupling alpha and beta must be >= 0 and sum to 1")
    model = str(coupling.get("model", "traditional"))
    if model not in _COUPLING_MODELS:
        raise DefinitionError(f"{where}: coupling model {model!r} is unknown")
    reference_year, margin, floor = _reference(methods, indicators, where)
    basis = str((methods.get("weighting") or {}).get("basis", "year"))
    if basis not in _WEIGHTING_BASES:
        raise DefinitionError(f"{where}: weighting basis {basis!r} is unknown")
    if basis == "reference" and reference_year is None:
        raise DefinitionError(f"{where}: weighting basis 'reference' needs a reference year")
    bands = _bands((methods.get("bands") or {}).get("classes"), where)
    dims = tuple(
        Dimension(str(d["id"]), str(d["name_zh"]), str(d["name_en"]))
        for d in document.get("dimensions") or ()
    )
    if tuple(d.id for d in dims) != DIMENSIONS:
        raise DefinitionError(f"{where}: dimensions must be {DIMENSIONS} in that order")
    empty = [d for d in DIMENSIONS if not any(i.dimension == d for i in indicators)]
    if empty:
        raise DefinitionError(f"{where}: dimensions {empty} have no indicator")
    sources = tuple(
        (name, str((methods.get(name) or {}).get("source", "")).strip())
        for name in ("normalisation", "weighting", "coupling", "bands")
    )
    if any(not text for _, text in sources):
        raise DefinitionError(f"{where}: every method needs a source")
    return Definition(
        version=version,
        status=str(document.get("status", "assumption")),
        title_zh=_text(document, "title_zh", where),
        title_en=_text(document, "title_en", where),
        source=_text(document, "source", where),
        scale=int(document.get("scale", 100)),
        dimensions=dims,
        indicators=indicators,
        pollution_reduction=u1,
        carbon_reduction=u2,
        default_weighting=weighting,
        alpha=alpha,
        beta=beta,
        bands=bands,
        method_sources=sources,
        reference_year=reference_year,
        reference_margin=margin,
        reference_floor=floor,
        weighting_basis=basis,
        coupling_model=model,
    )


def _folder() -> Any:
    return resources.files("shuangtan").joinpath("data", "synergy")


@lru_cache(maxsize=1)
def versions() -> tuple[str, ...]:
    """Every shipped definition version, oldest first (``2025.1``, ``2025.2``, …)."""
    names = [p.name[: -len(".yaml")] for p in _folder().iterdir() if p.name.endswith(".yaml")]
    return tuple(sorted(names, key=lambda v: tuple(int(part) for part in v.split("."))))


def default_version() -> str:
    """The newest shipped version: the one new computations use unless told otherwise."""
    return versions()[-1]


@lru_cache(maxsize=8)
def load_definition(version: str) -> Definition:
    """The frozen definition ``version``, parsed once per process; :class:`KeyError` if unknown."""
    if version not in versions():
        raise KeyError(version)
    text = _folder().joinpath(f"{version}.yaml").read_text(encoding="utf-8")
    definition = parse_definition(yaml.safe_load(text), where=f"data/synergy/{version}.yaml")
    if definition.version != version:
        raise DefinitionError(f"data/synergy/{version}.yaml declares version {definition.version}")
    return definition
