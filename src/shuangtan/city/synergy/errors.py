"""Domain errors of the synergy index (协同指数业务错误): fixed status, stable code, zh + en."""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound, PermissionDenied

__all__ = [
    "NotEnoughCounties",
    "SynergyDenied",
    "SynergyInputInvalid",
    "SynergyNotFound",
    "SynergyOutOfScope",
    "UnknownDefinition",
    "UnknownIndicator",
    "WeightSetExists",
    "WeightsRefused",
]


class SynergyDenied(PermissionDenied):
    """无权操作协同指数 the caller's role may not do this."""

    code = "synergy.permission_denied"
    title = "Permission denied"


class SynergyOutOfScope(PermissionDenied):
    """超出管辖范围 a county official asked about or wrote for another county."""

    code = "synergy.out_of_scope"
    title = "Outside the official's scope"


class SynergyNotFound(NotFound):
    """不存在 no such county, weight set or score (or not one the caller may see)."""

    code = "synergy.not_found"
    title = "Not found"


class UnknownDefinition(NotFound):
    """未知的定义版本 no shipped definition has this version."""

    code = "synergy.unknown_definition"
    title = "Unknown definition version"

    def __init__(self, version: str) -> None:
        super().__init__(
            f"没有版本为 {version} 的协同指数定义。",
            f"There is no synergy index definition version {version}.",
            version=version,
        )


class UnknownIndicator(InvalidInput):
    """未知指标 the indicator is not in the definition."""

    code = "synergy.unknown_indicator"
    title = "Unknown indicator"

    def __init__(self, indicator_id: str, version: str) -> None:
        super().__init__(
            f"定义 {version} 中没有指标 {indicator_id}。",
            f"Definition {version} has no indicator {indicator_id}.",
            indicator_id=indicator_id,
            version=version,
        )


class SynergyInputInvalid(InvalidInput):
    """输入值无效 a value that is not a finite number, a bad year, an empty source note."""

    code = "synergy.input_invalid"
    title = "Invalid input value"


class WeightsRefused(InvalidInput):
    """权重无效 official weights that do not name every indicator once or do not sum to 1."""

    code = "synergy.weights_invalid"
    title = "Invalid weights"


class WeightSetExists(Conflict):
    """权重方案已存在 a weight set of this name exists for this version."""

    code = "synergy.weight_set_exists"
    title = "Weight set exists"


class NotEnoughCounties(Conflict):
    """县区数据不足 fewer than two counties have every input of the year."""

    code = "synergy.not_enough_counties"
    title = "Not enough complete counties"
