"""The checks of what an official enters (填报校验): source notes, numbers, units, indicators.

Each raises :class:`~shuangtan.city.targets.errors.InvalidValue` (or
:class:`~shuangtan.city.targets.errors.IndicatorNotFound`) with the message in Chinese and
English, before anything is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from shuangtan.city.targets.errors import IndicatorNotFound, InvalidValue
from shuangtan.place.models import Indicator

__all__ = ["MAX_NOTE", "check_value", "known_indicator", "source_note", "to_decimal"]

MAX_NOTE = 2000
"""The longest source note (数据来源) in characters."""


def source_note(note: str) -> str:
    """The stripped source note, 2 to :data:`MAX_NOTE` characters."""
    text = (note or "").strip()
    if len(text) < 2 or len(text) > MAX_NOTE:
        raise InvalidValue(
            f"请注明数据来源(2–{MAX_NOTE} 个字符),例如统计公报或文件名称。",
            f"Give the value's source (2-{MAX_NOTE} characters), e.g. the bulletin or document.",
        )
    return text


def to_decimal(value: Decimal | str | float | int, what: str) -> Decimal:
    """``value`` as a finite decimal below 10^14 in magnitude; ``what`` names it in errors."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidValue(f"{what}不是数字。", f"The {what} is not a number.") from None
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise InvalidValue(f"{what}不是有效数字。", f"The {what} is not a valid number.")
    return number


def known_indicator(session: Session, indicator_id: str) -> Indicator:
    """The plan indicator ``indicator_id`` (:class:`IndicatorNotFound` if there is none)."""
    indicator = session.get(Indicator, indicator_id)
    if indicator is None:
        raise IndicatorNotFound(
            f"没有指标 {indicator_id}。", f"No indicator {indicator_id}.", indicator_id=indicator_id
        )
    return indicator


def check_value(indicator: Indicator, value: Decimal) -> None:
    """Refuse a value outside the range of the indicator's unit (%, yes/no, count, others)."""
    unit = indicator.unit
    if unit == "%" and not Decimal(-100) <= value <= Decimal(100):
        raise InvalidValue(
            "百分比应在 −100 至 100 之间。", "A percentage lies between -100 and 100."
        )
    if unit == "yes/no" and value not in (Decimal(0), Decimal(1)):
        raise InvalidValue("是否类指标只能填 1(是)或 0(否)。", "A yes/no indicator takes 1 or 0.")
    if unit == "count" and (value < 0 or value != value.to_integral_value()):
        raise InvalidValue("个数应为非负整数。", "A count is a whole number, not negative.")
    if unit not in {"%"} and value < 0:
        raise InvalidValue("该指标的值不能为负。", "This indicator cannot be negative.")
