"""Domain errors of grades and evaluations (评价业务错误).

Each has a fixed HTTP status and a stable ``code``; the app renders them as RFC 9457 problem
documents with Chinese and English messages.
"""

from __future__ import annotations

from shuangtan.errors import NotFound, PermissionDenied

__all__ = ["GradeNotFound", "GradingDenied", "OutOfScope"]


class GradingDenied(PermissionDenied):
    """无权执行评价 the caller may not compute or read these grades."""

    code = "grading.permission_denied"
    title = "Permission denied"


class OutOfScope(PermissionDenied):
    """超出管辖范围 a county official asked about another county."""

    code = "grading.out_of_scope"
    title = "Outside the official's scope"


class GradeNotFound(NotFound):
    """评价不存在 no such grade, or not one the caller may see."""

    code = "grading.not_found"
    title = "Grade not found"
