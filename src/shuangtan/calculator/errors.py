"""Errors of the calculator: the core's refusals as problem documents."""

from __future__ import annotations

from shuangtan.errors import InvalidInput


class CalculationRefused(InvalidInput):
    """A document or line that cannot be computed (无法核算); nothing is half-computed."""

    code = "accounting.calculation_refused"
    title = "Calculation refused"
