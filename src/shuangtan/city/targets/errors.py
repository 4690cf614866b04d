"""Domain errors of plan targets (规划目标业务错误): fixed status, stable code, zh + en."""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound, PermissionDenied

__all__ = [
    "AttachmentRefused",
    "ComputedIndicator",
    "IndicatorNotFound",
    "InvalidValue",
    "NotPublished",
    "PlanTargetFixed",
    "TargetsDenied",
    "TargetsOutOfScope",
]


class TargetsDenied(PermissionDenied):
    """无权操作规划目标 the caller may not read or change plan targets."""

    code = "targets.permission_denied"
    title = "Permission denied"


class TargetsOutOfScope(PermissionDenied):
    """超出管辖范围 a county official asked about another county or wrote city data."""

    code = "targets.out_of_scope"
    title = "Outside the official's scope"


class IndicatorNotFound(NotFound):
    """指标不存在 no such plan indicator (or county, attachment)."""

    code = "targets.not_found"
    title = "Not found"


class ComputedIndicator(Conflict):
    """平台自动计算的指标 the value is computed from the inventory and cannot be typed."""

    code = "targets.computed_indicator"
    title = "Computed indicator"

    def __init__(self, indicator_id: str) -> None:
        super().__init__(
            f"指标 {indicator_id} 由平台根据能源与排放清单自动计算,不能手工填报。",
            f"Indicator {indicator_id} is computed by the platform from the inventory; "
            "it cannot be entered by hand.",
            indicator_id=indicator_id,
        )


class PlanTargetFixed(Conflict):
    """规划已定目标 the plan itself gives this target; it is not set by officials."""

    code = "targets.plan_target_fixed"
    title = "The plan sets this target"


class InvalidValue(InvalidInput):
    """填报值无效 a value, year, note or target that cannot be accepted."""

    code = "targets.invalid_value"
    title = "Invalid value"


class AttachmentRefused(InvalidInput):
    """附件被拒绝 too large, empty, or not one of the accepted kinds of document."""

    code = "targets.attachment_refused"
    title = "Attachment refused"


class NotPublished(NotFound):
    """尚未公开 the year's progress has not been published."""

    code = "targets.not_published"
    title = "Not published"
