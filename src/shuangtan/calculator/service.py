"""The calculator's one rule: the accounting core computes the document, or refuses it whole."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shuangtan import accounting
from shuangtan.calculator.errors import CalculationRefused


def calculate(*, document: Mapping[str, Any]) -> dict[str, Any]:
    """Compute ``document`` (the public JSON contract); raise :class:`CalculationRefused`.

    The API, the CLI and the web page call this one function, so they give the same answer
    and the same refusal.
    """
    try:
        return accounting.calculate_document(document)
    except accounting.AccountingError as error:
        raise refusal(error) from error


def refusal(error: accounting.AccountingError) -> CalculationRefused:
    """The problem document of a refused calculation, every failing line listed."""
    errors = [dict(item) for item in getattr(error, "errors", None) or []]
    if not errors:
        errors = [
            {
                "line_id": error.line_id,
                "pointer": getattr(error, "pointer", None),
                "code": error.code,
                "message_zh": error.message_zh,
                "message_en": error.message_en,
            }
        ]
    return CalculationRefused(error.message_zh, error.message_en, errors=errors)
