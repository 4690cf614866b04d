"""Domain errors of grades and evaluations (评价业务错误).

Each has a fixed HTTP status and a stable ``code``; the app renders them as RFC 9457 problem
documents with Chinese and English messages.
"""

from __future__ import annotations

from shuangtan.errors import InvalidInput, NotFound, PermissionDenied

__all__ = ["GradeNotFound", "GradingDenied", "InvalidYear", "OutOfScope"]


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


class InvalidYear(InvalidInput):
    """年份无效 a year outside the platform's range."""

    code = "grading.invalid_year"
    title = "Invalid year"

    def __init__(self, year: int) -> None:
        super().__init__(
            f"年份 {year} 无效(应在 2000–2100 之间)。",
            f"Year {year} is not valid (2000-2100).",
            year=year,
        )
