"""JSON shapes of what the accounts API returns (读取视图): plain dicts from ORM rows."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from shuangtan.accounts.models import ActivityReport, AnomalyFlag, Entity, VerifierAssignment
from shuangtan.accounts.workflow import allowed_actions
from shuangtan.audit import jsonable, snapshot

__all__ = ["assignment_view", "dataclass_view", "entity_view", "flag_view", "report_view"]


def entity_view(entity: Entity) -> dict[str, Any]:
    """An entity's columns."""
    return snapshot(entity)


def flag_view(flag: AnomalyFlag) -> dict[str, Any]:
    """An anomaly flag: rule, score and reasons."""
    return snapshot(flag, exclude=("id", "report_id"))


def report_view(
    report: ActivityReport, flags: list[AnomalyFlag] | None = None, *, lines: bool = True
) -> dict[str, Any]:
    """A report with its lines (results and factors), flags and the actions its state allows."""
    out = snapshot(report)
    if lines:
        out["lines"] = [snapshot(line, exclude=("report_id",)) for line in report.lines]
    if flags is not None:
        out["flags"] = [flag_view(flag) for flag in flags]
    out["allowed_actions"] = allowed_actions(report.status)
    return out


def assignment_view(assignment: VerifierAssignment) -> dict[str, Any]:
    """A verifier assignment."""
    return snapshot(assignment)


def dataclass_view(value: Any) -> dict[str, Any]:
    """A frozen result (candidate, record, overdue county) as JSON data."""
    return jsonable(asdict(value)) or {}
