"""Domain errors of the city inventory (城市清单业务错误).

Each has a fixed HTTP status and a stable ``code``; the app renders them as RFC 9457 problem
documents with Chinese and English messages.
"""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound, PermissionDenied

__all__ = [
    "DuplicateReference",
    "EntryNotFound",
    "InvalidEntry",
    "MeterFileRefused",
    "OutsideScope",
    "UnknownArea",
    "UnknownCarrier",
]


class InvalidEntry(InvalidInput):
    """清单数据无效 an entry that cannot be stored as given (every problem listed)."""

    code = "inventory.invalid_entry"
    title = "Invalid inventory entry"


class UnknownArea(InvalidInput):
    """未知区域 an area code that is neither the city nor one of its counties."""

    code = "inventory.unknown_area"
    title = "Unknown area"


class UnknownCarrier(InvalidInput):
    """未知能源品种 an energy carrier the inventory does not know."""

    code = "inventory.unknown_carrier"
    title = "Unknown energy carrier"


class OutsideScope(PermissionDenied):
    """超出职责范围 a county official writing another county's or the whole city's data."""

    code = "inventory.outside_scope"
    title = "Outside your scope"


class EntryNotFound(NotFound):
    """清单数据不存在 no such entry."""

    code = "inventory.entry_not_found"
    title = "Entry not found"


class DuplicateReference(Conflict):
    """减排量编号已登记 this scheme's reference is already recorded."""

    code = "inventory.duplicate_reference"
    title = "Reference already recorded"


class MeterFileRefused(InvalidInput):
    """计量数据文件被拒 a monthly meter file that cannot be loaded (nothing is written)."""

    code = "inventory.meter_file_refused"
    title = "Meter file refused"
