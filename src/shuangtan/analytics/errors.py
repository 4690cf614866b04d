"""Domain errors of the meter pipeline (计量数据分析业务错误).

Each has a fixed HTTP status and a stable ``code`` and names what was wrong where: the file,
the row (of the small map file) or the meter and timestamp (of the readings, which a
distributed engine reads without row numbers). The CLI prints both messages.
"""

from __future__ import annotations

from shuangtan.errors import InvalidInput

__all__ = [
    "ConflictingDuplicates",
    "FactorUnavailable",
    "InputNotReadable",
    "InvalidMap",
    "InvalidQuantity",
    "InvalidTimestamp",
    "MeterDataRefused",
    "UnknownBackend",
    "UnknownEntity",
    "UnknownMeter",
    "WrongUnit",
]


class MeterDataRefused(InvalidInput):
    """计量数据被拒绝 the readings or the meter map cannot be aggregated as given."""

    code = "analytics.refused"
    title = "Meter data refused"


class InputNotReadable(MeterDataRefused):
    """无法读取输入文件 missing file, unknown format or missing columns."""

    code = "analytics.input_not_readable"
    title = "Input not readable"


class InvalidMap(MeterDataRefused):
    """计量点对照表无效 a row of the meter → entity map is wrong."""

    code = "analytics.invalid_map"
    title = "Invalid meter map"


class UnknownEntity(MeterDataRefused):
    """未知主体 the map names entities that the accounts do not hold."""

    code = "analytics.unknown_entity"
    title = "Unknown entity"


class UnknownMeter(MeterDataRefused):
    """未登记的计量点 readings of meters that are not in the map."""

    code = "analytics.unknown_meter"
    title = "Unknown meter"


class WrongUnit(MeterDataRefused):
    """计量单位不符 readings in a unit other than the map's unit for the meter."""

    code = "analytics.wrong_unit"
    title = "Wrong unit"


class InvalidQuantity(MeterDataRefused):
    """读数无效 negative, missing or non-finite quantities."""

    code = "analytics.invalid_quantity"
    title = "Invalid quantity"


class InvalidTimestamp(MeterDataRefused):
    """时间戳缺失 readings without a timestamp."""

    code = "analytics.invalid_timestamp"
    title = "Invalid timestamp"


class ConflictingDuplicates(MeterDataRefused):
    """重复读数不一致 one meter, one timestamp, two different quantities."""

    code = "analytics.conflicting_duplicate"
    title = "Conflicting duplicate readings"


class FactorUnavailable(MeterDataRefused):
    """无可用因子 the accounting core has no factor for a carrier, unit, region or year."""

    code = "analytics.factor_unavailable"
    title = "No factor"


class UnknownBackend(MeterDataRefused):
    """未知计算后端 the backend is neither duckdb nor spark."""

    code = "analytics.unknown_backend"
    title = "Unknown backend"
