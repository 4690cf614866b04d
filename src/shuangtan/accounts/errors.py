"""Domain errors of carbon accounts and the MRV workflow (碳账户与MRV业务错误).

Each has a fixed HTTP status and a stable ``code``; the app renders them as RFC 9457 problem
documents with Chinese and English messages.
"""

from __future__ import annotations

from shuangtan.errors import Conflict, InvalidInput, NotFound

__all__ = [
    "AssignmentConflicted",
    "EntityNotFound",
    "InvalidUscc",
    "ReportNotComputable",
    "ReportNotEditable",
    "ReportNotFound",
    "TransitionRefused",
    "UnknownReference",
    "UsccTaken",
    "VerifierBodyNotFound",
]


class InvalidUscc(InvalidInput):
    """统一社会信用代码无效 the unified social credit code fails GB 32100-2015."""

    code = "entity.invalid_uscc"
    title = "Invalid unified social credit code"


class UsccTaken(Conflict):
    """统一社会信用代码已登记 another entity already has this code."""

    code = "entity.uscc_taken"
    title = "Credit code already registered"


class UnknownReference(InvalidInput):
    """未知的区县或行业 a county or industry code that is not configured."""

    code = "entity.unknown_reference"
    title = "Unknown county or industry"


class EntityNotFound(NotFound):
    """排放主体不存在 no such entity, or not one the caller may see."""

    code = "entity.not_found"
    title = "Entity not found"


class ReportNotFound(NotFound):
    """报告不存在 no such report, or not one the caller may see."""

    code = "report.not_found"
    title = "Report not found"


class VerifierBodyNotFound(NotFound):
    """核查机构不存在 no such verification body."""

    code = "verifier.not_found"
    title = "Verifier body not found"


class ReportNotEditable(Conflict):
    """报告不可编辑 only a draft or returned report can be edited."""

    code = "report.not_editable"
    title = "Report not editable"


class TransitionRefused(Conflict):
    """状态流转被拒绝 the action is not allowed from the report's current state."""

    code = "report.transition_refused"
    title = "Transition refused"


class ReportNotComputable(InvalidInput):
    """报告无法核算 the accounting core refused one or more lines (each listed)."""

    code = "report.not_computable"
    title = "Report cannot be computed"


class AssignmentConflicted(Conflict):
    """存在利益冲突 the verifier body is conflicted with the entity, or rotation forbids it."""

    code = "assignment.conflicted"
    title = "Verifier conflicted"
