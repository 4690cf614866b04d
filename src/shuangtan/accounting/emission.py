"""Gas emissions of the inventory methods (温室气体排放量): the result and the checks they share.

The engines of :mod:`~shuangtan.accounting.waste` and :mod:`~shuangtan.accounting.agriculture`
take activity data as pint quantities of the core's one registry and factors as records of the
one library (``library().factor(id)``). Each engine checks every input here — a quantity of
another dimension, a number without a unit, a factor whose unit counts something else, a
fraction above 1 — and refuses it with an :class:`AccountingError` naming the line, then
computes one gas in tonnes and returns a :class:`GasEmission` with the factors that made it.

CO2e is not computed here: :meth:`GasEmission.as_line` turns the mass into the core's
``non_co2`` line, so the GWP100 comes from the same library through
:func:`~shuangtan.accounting.calculate`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import AccountingError
from .library import Factor
from .limits import plain_zero, quantity_fits, result_fits
from .model import ActivityLine, Note, is_number
from .units import UnitProblem, labelled_unit, scale_between, ureg

__all__ = ["GasEmission", "activity_in", "emission", "factor_in"]


@dataclass(frozen=True, slots=True)
class GasEmission:
    """温室气体排放量 the mass of one gas from one method, with the factors that made it.

    ``mass`` is a pint quantity in t of ``gas`` (``CH4``, ``N2O``, ``CO2``; a sink's CO2 is
    the mass removed); ``method`` the formula with its source; ``factors`` every factor used,
    each with its id, value, unit, source and status.
    """

    line: str
    gas: str
    mass: Any
    method: str
    factors: tuple[Factor, ...]
    notes: tuple[Note, ...] = ()

    @property
    def tonnes(self) -> float:
        """The mass in t, as a float."""
        return float(self.mass.magnitude)

    def as_line(self, line_id: str | None = None) -> ActivityLine:
        """The core's ``non_co2`` line of this mass, for :func:`calculate` to apply the GWP."""
        return ActivityLine(line_id or self.line, "non_co2", self.tonnes, "t", gas=self.gas)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: line, gas, t, method, factors and notes."""
        return {
            "line": self.line,
            "gas": self.gas,
            "t": self.tonnes,
            "method": self.method,
            "factors": [factor.as_dict() for factor in self.factors],
            "notes": [note.as_dict() for note in self.notes],
        }


def emission(
    line: str, gas: str, tonnes: float, method: str, factors: tuple[Factor, ...], *notes: Note
) -> GasEmission:
    """A :class:`GasEmission` of ``tonnes`` t of ``gas``; refused, naming the line, unless it
    is a finite number below :data:`~.limits.MAX_RESULT` t (``accounting.result_out_of_range``)."""
    if not result_fits(tonnes):
        raise AccountingError(
            "accounting.result_out_of_range",
            f"第“{line}”行（{method}）：计算结果 {tonnes!r} t {gas} 超出可计算范围"
            "（须为小于 10^12 t 的有限数），请检查数量和单位",
            f"line '{line}' ({method}): the result {tonnes!r} t {gas} is out of range (it must "
            "be a finite number below 10^12 t); check the quantities and the units",
            line_id=line,
        )
    return GasEmission(
        line, gas, ureg.Quantity(plain_zero(tonnes), "t"), method, factors, tuple(notes)
    )


def activity_in(value: Any, target: str, *, line: str, name: str, engine: str) -> float:
    """The magnitude of the activity quantity ``name`` of ``engine`` in ``target`` (``"head"``).

    Refused, naming the line: a plain number or a quantity of another registry
    (``accounting.unit_unknown``), a unit of another dimension (``accounting.unit_dimension``),
    a negative or non-finite amount (``accounting.invalid_quantity``).
    """
    wanted = labelled_unit(target).scale
    if not isinstance(value, ureg.Quantity):
        raise AccountingError(
            "accounting.unit_unknown",
            f"第“{line}”行（{engine}）：{name} 须为带单位的量（{target}），收到“{value!r}”",
            f"line '{line}' ({engine}): {name} must be a quantity with a unit ({target}), "
            f"not {value!r}",
            line_id=line,
            pointer=f"/{name}",
        )
    if value.dimensionality != wanted.dimensionality:
        raise AccountingError(
            "accounting.unit_dimension",
            f"第“{line}”行（{engine}）：{name} 的单位“{value.units:~}”量纲不符，此处需要{target}",
            f"line '{line}' ({engine}): the unit '{value.units:~}' of {name} is of another "
            f"dimension; {target} is expected",
            line_id=line,
            pointer=f"/{name}",
        )
    magnitude = value.magnitude
    if not is_number(magnitude) or not math.isfinite(magnitude) or magnitude < 0:
        raise AccountingError(
            "accounting.invalid_quantity",
            f"第“{line}”行（{engine}）：{name}“{magnitude!r}”无效，须为非负有限数",
            f"line '{line}' ({engine}): {name} {magnitude!r} must be a finite number ≥ 0",
            line_id=line,
            pointer=f"/{name}",
        )
    if not quantity_fits(float(magnitude)):
        raise AccountingError(
            "accounting.invalid_quantity",
            f"第“{line}”行（{engine}）：{name} {magnitude!r} 过大（须小于 10^14），"
            "请检查数量和单位",
            f"line '{line}' ({engine}): {name} {magnitude!r} is too large (it must be below "
            "10^14); check the quantity and the unit",
            line_id=line,
            pointer=f"/{name}",
        )
    return float(magnitude) * scale_between(ureg.Quantity(1.0, value.units), wanted)


def factor_in(
    factor: Any, expected: str, *, line: str, name: str, engine: str, fraction: bool = False
) -> tuple[float, float]:
    """(value, scale) of the factor ``name``: its value, and what turns its unit into ``expected``.

    ``expected`` is a labelled unit (``"t CH4/head/yr"``): the factor's unit must count the
    same things (``kg CH4/head/yr`` passes with scale 0.001, ``kg N2O/head/yr`` does not).
    Refused, naming the line: not a library factor, a unit that counts something else or is of
    another dimension (``accounting.factor_unit``), a negative or non-finite value or, for a
    ``fraction``, one above 1 (``accounting.invalid_value``).
    """
    if not isinstance(factor, Factor):
        raise AccountingError(
            "accounting.factor_unit",
            f"第“{line}”行（{engine}）：{name} 须为因子库的因子，收到“{factor!r}”",
            f"line '{line}' ({engine}): {name} must be a factor of the library, not {factor!r}",
            line_id=line,
            pointer=f"/{name}",
        )
    wanted = labelled_unit(expected)
    try:
        given = labelled_unit(factor.unit)
        if given.labels != wanted.labels:
            raise UnitProblem("accounting.factor_unit", "", "")
        scale = scale_between(given.scale, wanted.scale)
    except UnitProblem:
        raise AccountingError(
            "accounting.factor_unit",
            f"第“{line}”行（{engine}）：因子 {factor.id} 的单位“{factor.unit}”不适用于 {name}"
            f"（应为“{expected}”或同类单位）",
            f"line '{line}' ({engine}): factor {factor.id} in '{factor.unit}' does not fit "
            f"{name} ('{expected}' or a unit counting the same)",
            line_id=line,
            pointer=f"/{name}",
        ) from None
    value = factor.value
    upper = 1.0 if fraction else math.inf
    if not (is_number(value) and math.isfinite(value) and 0 <= value * scale <= upper):
        raise AccountingError(
            "accounting.invalid_value",
            f"第“{line}”行（{engine}）：因子 {factor.id} 的值 {value!r} 无效"
            f"（须为非负{'且不大于1' if fraction else '有限数'}）",
            f"line '{line}' ({engine}): factor {factor.id} value {value!r} is invalid (must be "
            f"{'between 0 and 1' if fraction else 'finite and ≥ 0'})",
            line_id=line,
            pointer=f"/{name}",
        )
    return value, scale
