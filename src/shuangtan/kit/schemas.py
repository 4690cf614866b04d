"""Shapes every room's API shares (通用数据结构): one page of a list, how times and exact
quantities are written in JSON.

Every time an answer holds carries its offset (the OpenAPI ``date-time`` format): stored times
are UTC, and SQLite hands them back without a timezone, so a naive time is taken to be UTC.
A ``…Read`` never declares a plain ``datetime``: it is :data:`IsoTime` or :data:`UtcTime`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from shuangtan.audit import chain

__all__ = [
    "QUANTITY_LIMIT",
    "TONNES_LIMIT",
    "IsoTime",
    "Page",
    "PlainDecimal",
    "UtcTime",
    "aware",
    "numeric_limit",
]

T = TypeVar("T")


def numeric_limit(precision: int, scale: int) -> Decimal:
    """The first magnitude a ``NUMERIC(precision, scale)`` column cannot hold: a schema's
    ``lt`` (and ``gt`` of its negative), so that an input too large for PostgreSQL is refused
    at the door on SQLite too (which would store it)."""
    return Decimal(10) ** (precision - scale)


QUANTITY_LIMIT = numeric_limit(20, 6)
"""Quantities (activity data, denominators): ``NUMERIC(20, 6)``, below 10^14."""
TONNES_LIMIT = numeric_limit(18, 6)
"""Tonnes of CO2e and of standard coal: ``NUMERIC(18, 6)``, below 10^12."""


class Page(BaseModel, Generic[T]):
    """一页 one page of a list, with the total the list holds."""

    items: list[T]
    total: int = Field(description="列表总条数 rows in the whole list")
    page: int = Field(description="页码 this page, from 1")
    page_size: int = Field(description="每页条数 rows per page")


_DATE_TIME = WithJsonSchema({"type": "string", "format": "date-time"})


def aware(value: datetime) -> datetime:
    """``value`` with its timezone; a naive (stored, SQLite) time is taken to be UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _isoformat(value: datetime) -> str:
    return aware(value).isoformat()


IsoTime = Annotated[
    datetime,
    PlainSerializer(_isoformat, return_type=str, when_used="json"),
    _DATE_TIME,
]
"""A time as ``datetime.isoformat()`` writes it, always with its offset (``…+00:00``): the
data centre's answers."""

UtcTime = Annotated[datetime, PlainSerializer(chain.timestamp, return_type=str), _DATE_TIME]
"""A stored time in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``: the accounts' answers, the form
the audit log records."""

PlainDecimal = Annotated[Decimal, PlainSerializer(chain.json_default, return_type=str)]
"""A stored quantity as a string in plain notation without trailing zeros (``"713.618881"``,
``"700"``): the form the audit log records."""
