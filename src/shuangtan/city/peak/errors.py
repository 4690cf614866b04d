"""Domain errors of the road to the peak (达峰路径业务错误), rendered as RFC 9457 problems."""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound, PermissionDenied

__all__ = [
    "BaseUnavailable",
    "PeakDenied",
    "PeakInvalid",
    "PeakOutOfScope",
    "ScenarioNotFound",
    "StaleVersion",
]


class PeakDenied(PermissionDenied):
    """无权使用达峰情景 only officials and administrators work with peak scenarios."""

    code = "peak.permission_denied"
    title = "Permission denied"

    def __init__(self) -> None:
        super().__init__(
            "只有政府官员和系统管理员可以查看和编辑达峰情景。",
            "Only officials and administrators may read and edit peak scenarios.",
        )


class PeakOutOfScope(PermissionDenied):
    """超出管辖范围 a county official asked about another county, the city or an industry."""

    code = "peak.out_of_scope"
    title = "Outside the official's scope"

    def __init__(self, scope_code: str) -> None:
        super().__init__(
            f"县(市、区)官员只能查看和编辑本县的情景,无权访问 {scope_code}。",
            f"A county official may read and edit only their own county's scenarios, "
            f"not {scope_code}.",
            scope_code=scope_code,
        )


class ScenarioNotFound(NotFound):
    """情景不存在 no such scenario, a deleted one, or one the caller may not see."""

    code = "peak.scenario_not_found"
    title = "Scenario not found"

    def __init__(self, scenario_id: int) -> None:
        super().__init__(
            f"情景 {scenario_id} 不存在或已删除。",
            f"Scenario {scenario_id} does not exist or was deleted.",
            scenario_id=scenario_id,
        )


class PeakInvalid(InvalidInput):
    """情景输入无效 a scenario that cannot be saved or projected; nothing was written."""

    code = "peak.invalid_input"
    title = "Invalid scenario"


class BaseUnavailable(InvalidInput):
    """基准数据缺失 the stored data do not hold what a base year needs."""

    code = "peak.base_unavailable"
    title = "Base-year data missing"


class StaleVersion(Conflict):
    """版本冲突 the scenario changed since the caller read it."""

    code = "peak.stale_version"
    title = "Scenario changed meanwhile"

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(
            f"情景已被他人修改(您编辑的是第 {expected} 版,当前为第 {current} 版),请刷新后重试。",
            f"The scenario changed meanwhile (you edited version {expected}, it is now "
            f"version {current}); reload and retry.",
            current_version=current,
        )
