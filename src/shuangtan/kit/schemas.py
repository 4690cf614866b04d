"""Shapes every room's API shares (通用数据结构): one page of a list, how times and exact
quantities are written in JSON."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from shuangtan.audit import chain

__all__ = ["IsoTime", "Page", "PlainDecimal", "UtcTime"]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """一页 one page of a list, with the total the list holds."""

    items: list[T]
    total: int = Field(description="列表总条数 rows in the whole list")
    page: int = Field(description="页码 this page, from 1")
    page_size: int = Field(description="每页条数 rows per page")


IsoTime = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A time as ``datetime.isoformat()`` writes it (``…+00:00``): the data centre's answers."""

UtcTime = Annotated[datetime, PlainSerializer(chain.timestamp, return_type=str)]
"""A stored time in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``: the accounts' answers, the form
the audit log records."""

PlainDecimal = Annotated[Decimal, PlainSerializer(chain.json_default, return_type=str)]
"""A stored quantity as a string in plain notation without trailing zeros (``"713.618881"``,
``"700"``): the form the audit log records."""
