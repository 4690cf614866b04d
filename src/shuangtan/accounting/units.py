"""Units of Chinese energy statistics (能源统计计量单位) on one pint registry.

The registry knows t, kg, 10^4 t; Nm3, m3, 10^4 Nm3; kWh, MWh, 10^4 kWh; MJ, GJ, TJ; tce,
kgce; CNY, 10^4 CNY; and the Chinese spellings (吨, 万吨, 立方米, 万立方米, 千瓦时, 万千瓦时,
吉焦, 吨标准煤, 万元 ...). Standard coal (tce) is a dimension of its own, not energy: turning GJ
into tce is a step of a method with its cited coefficient (GB/T 2589-2020: 1 kgce = 29,307.6 kJ),
never a silent pint conversion. Currency is a dimension of its own too.

A unit string may carry a 10^4 multiplier as statistics tables print it: ``"10^4 Nm3"``,
``"10⁴ t"``, ``"1e4 kWh"``, ``"万立方米"``, ``"万 t"``. ``Nm3`` and ``m3`` are the same volume
(gas quantities in Chinese statistics are normal cubic metres).

Inventory factors say what each term counts: ``kg CH4/head/yr`` is kilograms of CH4 per head
of livestock (头, a dimension of its own) per year, ``kg N2O-N/kg N leached`` kilograms of N2O-N
per kilogram of N leached. :func:`labelled_unit` reads such a unit as pint units plus the words
after each term's unit (its labels), so a method can check both the dimension and what is
counted; ``fraction`` is dimensionless.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pint

__all__ = [
    "CANONICAL_UNITS",
    "Dimension",
    "LabelledUnit",
    "UnitProblem",
    "conversion_factor",
    "dimension_of",
    "labelled_unit",
    "quantity",
    "scale_between",
    "ureg",
]

#: The one unit registry of the process (never create another: pint cannot mix two).
ureg: Any = pint.UnitRegistry(cache_folder=None)

_DEFINITIONS = (
    # standard coal: its own dimension (GB/T 2589-2020)
    "tce = [standard_coal] = _ = tonne_coal_equivalent = 吨标准煤 = 吨标煤",
    "kgce = 1e-3 * tce = _ = 千克标准煤 = 千克标煤 = 公斤标准煤",
    "万吨标准煤 = 1e4 * tce = _ = 万吨标煤",
    # currency: its own dimension
    "CNY = [currency] = _ = yuan = RMB = 元",
    "万元 = 1e4 * CNY",
    # gas volume at normal conditions, treated as volume
    "Nm3 = meter ** 3 = _ = normal_cubic_meter = 标准立方米 = 标立方米",
    "m3 = meter ** 3 = _ = 立方米 = 方",
    "万立方米 = 1e4 * m3 = _ = 万标准立方米 = 万方",
    # mass
    "吨 = metric_ton",
    "千克 = kilogram = _ = 公斤",
    "万吨 = 1e4 * metric_ton",
    # energy
    "千瓦时 = kilowatt_hour = _ = 度",
    "兆瓦时 = megawatt_hour",
    "万千瓦时 = 1e4 * kilowatt_hour = _ = 万度",
    "兆焦 = megajoule",
    "吉焦 = gigajoule",
    "太焦 = terajoule",
    # livestock counted by head (average annual population): a dimension of its own
    "head = [livestock] = _ = 头",
)
for _definition in _DEFINITIONS:
    ureg.define(_definition)


class Dimension(StrEnum):
    """The physical kind of a quantity (量纲)."""

    MASS = "mass"
    VOLUME = "volume"
    ENERGY = "energy"
    STANDARD_COAL = "standard_coal"
    CURRENCY = "currency"


#: The unit each dimension is computed in inside the core.
CANONICAL_UNITS: dict[Dimension, str] = {
    Dimension.MASS: "t",
    Dimension.VOLUME: "10^4 Nm3",
    Dimension.ENERGY: "GJ",
    Dimension.STANDARD_COAL: "tce",
    Dimension.CURRENCY: "10^4 CNY",
}

_DIMENSIONALITY = {
    Dimension.MASS: ureg.metric_ton.dimensionality,
    Dimension.VOLUME: ureg.m3.dimensionality,
    Dimension.ENERGY: ureg.joule.dimensionality,
    Dimension.STANDARD_COAL: ureg.tce.dimensionality,
    Dimension.CURRENCY: ureg.CNY.dimensionality,
}

_MULTIPLIER = re.compile(r"^\s*(?:10\s*\^\s*4|1e4|万)\s*(?:[*·×]\s*)?(?=\S)")
_VOLUME_POWER = re.compile(r"(N?m)\s*(?:\^\s*3|\*\*\s*3|³)")
_HOUR_PRODUCT = re.compile(r"([kMG]W)\s*[·.*]\s*h")


class UnitProblem(ValueError):
    """A unit string that cannot be used; carries the zh and en reason."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def _normalise(text: str) -> str:
    """Superscripts and full-width forms to ASCII: ``"10⁴ Nm³"`` → ``"10^4 Nm3"``."""
    text = text.replace("⁴", "^4").replace("（", "(").replace("）", ")")
    text = _VOLUME_POWER.sub(r"\g<1>3", text)
    text = unicodedata.normalize("NFKC", text).strip()
    return _HOUR_PRODUCT.sub(r"\g<1>h", text)


def _parse_factor(text: str) -> Any:
    """One unit term with an optional 10^4 prefix, as a pint quantity of magnitude 1 or 10^4."""
    match = _MULTIPLIER.match(text)
    multiplier = 1e4 if match else 1.0
    rest = text[match.end() :] if match else text
    if not rest.strip() or any(ch.isdigit() for ch in rest.replace("m3", "").replace("CO2", "")):
        raise pint.UndefinedUnitError(text)
    return multiplier * ureg.Quantity(1.0, ureg.parse_units(rest.strip()))


@lru_cache(maxsize=4096)
def _parse(text: str) -> Any:
    """A unit string as a pint quantity: ``"GJ/10^4 Nm3"`` → 1e-4 GJ/m³."""
    normal = _normalise(text)
    if not normal:
        raise UnitProblem("accounting.unit_unknown", "单位为空", "the unit is empty")
    try:
        parts = normal.split("/")
        if len(parts) > 2:
            raise pint.UndefinedUnitError(text)
        quantity = _parse_factor(parts[0].strip("() "))
        if len(parts) == 2:
            quantity = quantity / _parse_factor(parts[1].strip("() "))
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise UnitProblem(
            "accounting.unit_unknown",
            f"无法识别的单位“{text}”",
            f"unknown unit '{text}'",
        ) from exc
    return quantity


def dimension_of(text: str) -> Dimension | None:
    """The dimension of a unit string, or None for a unit of another kind (e.g. GJ/t).

    Raises :class:`UnitProblem` (``accounting.unit_unknown``) when the string is not a unit.
    """
    dimensionality = _parse(text).dimensionality
    for dimension, known in _DIMENSIONALITY.items():
        if dimensionality == known:
            return dimension
    return None


def _rounded(raw: float) -> float:
    """15 significant digits: pint's float path leaves 1000.0000000000001 for TJ -> GJ."""
    return float(f"{raw:.15g}")


@lru_cache(maxsize=4096)
def conversion_factor(text: str, target: str) -> float:
    """The number that turns a magnitude in ``text`` into one in ``target``.

    ``conversion_factor("万千瓦时", "MWh") == 10.0``. Both units must share a dimension:
    otherwise :class:`UnitProblem` with code ``accounting.unit_dimension``.
    """
    source_quantity = _parse(text)
    target_quantity = _parse(target)
    if source_quantity.dimensionality != target_quantity.dimensionality:
        raise UnitProblem(
            "accounting.unit_dimension",
            f"单位“{text}”不能换算为“{target}”",
            f"unit '{text}' cannot be converted to '{target}'",
        )
    raw = float((source_quantity / target_quantity).to("dimensionless").magnitude)
    factor = _rounded(raw)
    if not math.isfinite(factor) or factor <= 0:
        raise UnitProblem(
            "accounting.unit_unknown", f"无法识别的单位“{text}”", f"unknown unit '{text}'"
        )
    return factor


_DIMENSIONLESS_WORDS = ("fraction", "1")
_MULTIPLIER_WORDS = ("10^4", "1e4", "万")


@dataclass(frozen=True, slots=True)
class LabelledUnit:
    """A unit whose terms say what they count (计量对象): ``kg CH4/head/yr``.

    ``scale`` is a pint quantity of magnitude 1 (10^4 with a 万 prefix) in the units of the
    terms; ``labels`` the words after each term's unit, '' where there are none:
    ``("CH4", "", "")`` for ``kg CH4/head/yr``.
    """

    text: str
    scale: Any
    labels: tuple[str, ...]


def _labelled_term(term: str) -> tuple[Any, str]:
    """One term ``10^4 t waste (wet)`` as (pint quantity of the unit, label)."""
    words = term.split()
    if not words:
        raise pint.UndefinedUnitError(term)
    take = 2 if words[0] in _MULTIPLIER_WORDS and len(words) > 1 else 1
    symbol = " ".join(words[:take])
    label = " ".join(words[take:])
    if symbol in _DIMENSIONLESS_WORDS:
        return ureg.Quantity(1.0, ureg.dimensionless), label
    return _parse_factor(symbol), label


@lru_cache(maxsize=1024)
def labelled_unit(text: str) -> LabelledUnit:
    """A unit with labels: ``"g N2O/t waste (wet)"`` → g/t, labels ``("N2O", "waste (wet)")``.

    Each ``/``-separated term is an optional 10^4 multiplier, one unit symbol and any words
    naming what is counted. Raises :class:`UnitProblem` (``accounting.unit_unknown``).
    """
    normal = _normalise(text)
    try:
        if not normal:
            raise pint.UndefinedUnitError(text)
        scale: Any = None
        labels: list[str] = []
        for index, term in enumerate(normal.split("/")):
            part, label = _labelled_term(term.strip())
            scale = part if index == 0 else scale / part
            labels.append(label)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, SyntaxError) as exc:
        raise UnitProblem(
            "accounting.unit_unknown",
            f"无法识别的单位“{text}”",
            f"unknown unit '{text}'",
        ) from exc
    return LabelledUnit(text, scale, tuple(labels))


def quantity(value: float, unit: str) -> Any:
    """A pint quantity of the one registry from a number and a (labelled) unit string.

    ``quantity(100, "t N")`` is 100 t (the label says it is nitrogen; pint alone would read
    ``t N`` as tonne-newton).
    """
    return value * labelled_unit(unit).scale


def scale_between(given: Any, target: Any) -> float:
    """How many ``target`` one ``given`` is: ``scale_between(1 kg/head, 1 t/head) == 0.001``.

    Both are pint quantities of the one registry (a :class:`LabelledUnit`'s ``scale``, or a
    unit quantity of magnitude 1); they must share a dimension, otherwise :class:`UnitProblem`
    with code ``accounting.unit_dimension``.
    """
    if given.dimensionality != target.dimensionality:
        raise UnitProblem(
            "accounting.unit_dimension",
            f"单位“{given.units:~}”不能换算为“{target.units:~}”",
            f"unit '{given.units:~}' cannot be converted to '{target.units:~}'",
        )
    return _rounded(float((given / target).to("dimensionless").magnitude))
