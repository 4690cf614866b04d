"""Domain errors of the dashboard (驾驶舱业务错误), rendered as RFC 9457 problems (zh + en)."""

from __future__ import annotations

from shuangtan.errors import NotFound, PermissionDenied

__all__ = ["DashboardDenied", "DashboardNotFound", "OutOfScope"]


class DashboardDenied(PermissionDenied):
    """无权查看 the official view is for officials and administrators."""

    code = "dashboard.permission_denied"
    title = "Permission denied"


class OutOfScope(PermissionDenied):
    """超出管辖范围 a county official asked for the entities of another county."""

    code = "dashboard.out_of_scope"
    title = "Outside the official's scope"


class DashboardNotFound(NotFound):
    """不存在 no such county or industry in the city configuration."""

    code = "dashboard.not_found"
    title = "Not found"
