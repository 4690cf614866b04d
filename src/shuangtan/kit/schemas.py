"""Shapes every room's API shares (通用数据结构): one page of a list."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

__all__ = ["Page"]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """一页 one page of a list, with the total the list holds."""

    items: list[T]
    total: int = Field(description="列表总条数 rows in the whole list")
    page: int = Field(description="页码 this page, from 1")
    page_size: int = Field(description="每页条数 rows per page")
