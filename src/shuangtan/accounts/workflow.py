"""The MRV workflow as data (监测、报告、核查流程): one table of transitions, one function.

========================  ====================  ====================  =========================
action                    from                  to                    who
========================  ====================  ====================  =========================
submit 提交               draft, returned       submitted             enterprise (own), admin
start_verification 开始核查 submitted            under_verification    assigned verifier
verify 核查通过            under_verification    verified              assigned verifier
return_report 退回         submitted,            returned              assigned verifier
                          under_verification
select_for_recheck 抽中复查 verified              recheck               official (scope), admin
confirm 复查确认           recheck               confirmed             official (scope), admin
correct 复查更正           recheck               corrected             official (scope), admin
lock 锁定                 verified, confirmed,  locked                official (scope), admin
                          corrected
========================  ====================  ====================  =========================

The re-check (复查) is the authority's own check, so confirm and correct are the official's
(a verifier assigned to the re-check would be a second verifier body checking the first; the
platform keeps that decision with the authority). "Assigned verifier" means a member of the
body assigned to the entity-year that has declared no conflict with the entity. A role not in
the row is refused with 403, an entity out of the actor's reach with 403, a state not in the
row with 409 ``report.transition_refused``. Every transition is audited with the report's
status and values before and after. ``verify`` and ``correct`` change what the year counts, so
they recompute the entity's annual account (:mod:`shuangtan.accounts.annual`) in the same
transaction.

Steps are serialised per report: :func:`transition` reads the report's state only once its
transaction holds the report (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a no-op
``UPDATE`` takes the database's write lock first), so of two steps at once the second reads
the state the first left and, if the table no longer allows it, is refused with 409
``report.transition_refused`` having written nothing (no audit entry, no recomputation). The
locks are taken in one order — the report, then (for ``verify`` and ``correct``) its entity's
annual accounts, then the audit chain's head — so concurrent steps queue and never deadlock.
Entering a month's lines (:func:`shuangtan.accounts.service.save_report`) holds the report the
same way, so lines cannot change under a submission that is computing them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from shuangtan import audit
from shuangtan.accounts import annual, anomalies, computation, repository
from shuangtan.accounts.errors import ReportNotFound, TransitionRefused
from shuangtan.accounts.models import (
    ActivityReport,
    RecheckSelection,
    ReportStatus,
)
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import utcnow
from shuangtan.errors import InvalidInput, PermissionDenied

__all__ = [
    "ACTIONS",
    "TRANSITIONS",
    "Transition",
    "allowed_actions",
    "held_report",
    "transition",
]

S = ReportStatus


@dataclass(frozen=True, slots=True)
class Transition:
    """流转 one row of the state table."""

    action: str
    sources: frozenset[ReportStatus]
    target: ReportStatus
    roles: frozenset[Role]
    label_zh: str


def _row(action: str, sources: set[S], target: S, roles: set[Role], label_zh: str) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), label_zh)


_AUTHORITY = {Role.official, Role.admin}
TRANSITIONS: tuple[Transition, ...] = (
    _row("submit", {S.draft, S.returned}, S.submitted, {Role.enterprise, Role.admin}, "提交"),
    _row("start_verification", {S.submitted}, S.under_verification, {Role.verifier}, "开始核查"),
    _row("verify", {S.under_verification}, S.verified, {Role.verifier}, "核查通过"),
    _row(
        "return_report",
        {S.submitted, S.under_verification},
        S.returned,
        {Role.verifier},
        "退回",
    ),
    _row("select_for_recheck", {S.verified}, S.recheck, _AUTHORITY, "抽中复查"),
    _row("confirm", {S.recheck}, S.confirmed, _AUTHORITY, "复查确认"),
    _row("correct", {S.recheck}, S.corrected, _AUTHORITY, "复查更正"),
    _row("lock", {S.verified, S.confirmed, S.corrected}, S.locked, _AUTHORITY, "锁定"),
)
ACTIONS = {row.action: row for row in TRANSITIONS}
"""The state table by action."""

_STATUS_ZH = {
    S.draft: "草稿",
    S.submitted: "已提交",
    S.under_verification: "核查中",
    S.returned: "已退回",
    S.verified: "已核查",
    S.recheck: "复查中",
    S.confirmed: "复查确认",
    S.corrected: "复查更正",
    S.locked: "已锁定",
}


def allowed_actions(status: str) -> list[str]:
    """The actions the table allows from ``status`` (whoever the actor)."""
    return [row.action for row in TRANSITIONS if S(status) in row.sources]


def _acting_body(session: Session, actor: Principal, report: ActivityReport) -> int:
    """The actor's body assigned to the report's entity-year, not conflicted; else 403."""
    assigned = repository.assignment(session, report.entity_id, report.year)
    bodies = repository.body_ids_of(session, actor.user_id)
    if assigned is None or assigned.verifier_body_id not in bodies:
        raise PermissionDenied(
            "该报告未分配给您所在的核查机构。",
            "This report is not assigned to your verification body.",
        )
    if repository.is_conflicted(session, assigned.verifier_body_id, report.entity_id):
        raise PermissionDenied(
            "您所在的核查机构与该企业存在利益冲突，不得核查。",
            "Your verification body declared a conflict with this entity and may not verify it.",
        )
    return assigned.verifier_body_id


def _check_role(actor: Principal, row: Transition) -> None:
    """Refuse a role that never takes the step ``row``."""
    if actor.role not in row.roles:
        names_zh = "、".join(sorted(role.label_zh for role in row.roles))
        names_en = ", ".join(sorted(role.label_en for role in row.roles))
        raise PermissionDenied(
            f"“{row.label_zh}”仅限{names_zh}。", f"Only these roles may {row.action}: {names_en}."
        )


def _authorise(
    session: Session, actor: Principal, report: ActivityReport, row: Transition
) -> int | None:
    """Check reach; the acting verifier body for a verifier."""
    _check_role(actor, row)
    if actor.role is Role.verifier:
        return _acting_body(session, actor, report)
    if actor.role is Role.enterprise and actor.entity_id != report.entity_id:
        raise PermissionDenied("这不是您企业的报告。", "This is not your entity's report.")
    if actor.role is Role.official and not repository.entity_in_scope(
        session, actor, report.entity_id
    ):
        raise PermissionDenied(
            "该企业不在您的管辖范围内。", "This entity is outside your jurisdiction."
        )
    return None


def _decimal(payload: Mapping[str, Any], key: str) -> Decimal | None:
    value = payload.get(key)
    if value is None:
        return None
    number = Decimal(str(value))
    if not number.is_finite() or number < 0:
        raise InvalidInput(f"{key} 须为非负数。", f"{key} must be a number ≥ 0.")
    return number.quantize(computation.SIX_PLACES)


def _comment(payload: Mapping[str, Any], *, required: bool) -> str | None:
    comment = (payload.get("comment") or "").strip() or None
    if required and comment is None:
        raise InvalidInput(
            "退回报告须附意见。", "A returned report needs a comment saying what to fix."
        )
    return comment


Payload = Mapping[str, Any]
Effect = Callable[[Session, Principal, ActivityReport, int | None, Payload], None]


def _submit(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    if report.status == S.returned.value:
        report.version += 1
    computation.compute_report(session, report)
    report.submitted_at = utcnow()
    report.verified_tco2e = report.verified_tce = None
    report.verified_at = None
    report.verified_by_body_id = None
    session.flush()
    anomalies.detect(session=session, report=report)


def _verify(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    tco2e = _decimal(p, "verified_tco2e")
    tce = _decimal(p, "verified_tce")
    report.verified_tco2e = tco2e if tco2e is not None else report.reported_tco2e
    report.verified_tce = tce if tce is not None else report.reported_tce
    report.verified_by_body_id = body
    report.verified_at = utcnow()
    report.comment = _comment(p, required=False) or report.comment


def _return(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    report.comment = _comment(p, required=True)


def _selection(session: Session, report: ActivityReport) -> RecheckSelection | None:
    return session.execute(
        select(RecheckSelection).where(
            RecheckSelection.entity_id == report.entity_id, RecheckSelection.year == report.year
        )
    ).scalar_one_or_none()


def _select(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    if _selection(session, report) is None:
        # chosen by an official's judgement, not drawn: recorded as risk with probability 1
        session.add(
            RecheckSelection(
                entity_id=report.entity_id,
                year=report.year,
                reason="risk",
                probability=Decimal(1),
                seed=None,
            )
        )


def _decide(session: Session, report: ActivityReport, outcome: str) -> None:
    selection = _selection(session, report)
    if selection is None:
        return
    if outcome == "corrected" or selection.outcome is None:
        selection.outcome = outcome
    selection.decided_at = utcnow()
    if selection.outcome == "corrected":
        months = session.execute(
            select(ActivityReport).where(
                ActivityReport.entity_id == report.entity_id,
                ActivityReport.year == report.year,
                ActivityReport.verified_tco2e.is_not(None),
            )
        ).scalars()
        selection.corrected_tco2e = sum(
            (
                m.corrected_tco2e
                if m.corrected_tco2e is not None
                else m.verified_tco2e or Decimal(0)
                for m in months
            ),
            Decimal(0),
        )


def _confirm(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    report.comment = _comment(p, required=False) or report.comment
    _decide(session, report, "confirmed")


def _correct(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    tco2e = _decimal(p, "corrected_tco2e")
    if tco2e is None:
        raise InvalidInput(
            "复查更正须给出更正后的排放量 corrected_tco2e。",
            "A correction needs the corrected emissions, corrected_tco2e.",
        )
    tce = _decimal(p, "corrected_tce")
    report.corrected_tco2e = tco2e
    report.corrected_tce = tce if tce is not None else report.verified_tce
    report.comment = _comment(p, required=False) or report.comment
    session.flush()
    _decide(session, report, "corrected")


def _nothing(
    session: Session,
    actor: Principal,
    report: ActivityReport,
    body: int | None,
    p: Mapping[str, Any],
) -> None:
    return None


_EFFECTS: dict[str, Effect] = {
    "submit": _submit,
    "start_verification": _nothing,
    "verify": _verify,
    "return_report": _return,
    "select_for_recheck": _select,
    "confirm": _confirm,
    "correct": _correct,
    "lock": _nothing,
}

_COUNTED_VALUES_CHANGE = frozenset({"verify", "correct"})
"""Actions after which the annual account (sum of verified months) is recomputed."""

_AUDITED = (
    "status",
    "version",
    "reported_tco2e",
    "reported_scope1_tco2e",
    "reported_scope2_tco2e",
    "reported_tce",
    "verified_tco2e",
    "verified_tce",
    "corrected_tco2e",
    "corrected_tce",
    "verified_by_body_id",
    "comment",
)


def _state(report: ActivityReport) -> dict[str, Any]:
    return {key: getattr(report, key) for key in _AUDITED}


def held_report(session: Session, report_id: int) -> ActivityReport | None:
    """The report with its lines, read once this transaction holds it (until it ends).

    PostgreSQL: ``SELECT … FOR UPDATE``; a second transaction waits here and then reads the
    state the first committed. SQLite has no row locks: a no-op ``UPDATE`` takes the
    database's write lock before the read. The read refreshes a report already in the
    session, so the state checked is the one held. Every write that checks a report's state
    first (the transitions, entering a draft's lines) reads the report through here.
    """
    statement = (
        select(ActivityReport)
        .where(ActivityReport.id == report_id)
        .options(selectinload(ActivityReport.lines))
        .execution_options(populate_existing=True)
    )
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text("UPDATE activity_reports SET status = status WHERE id = :id"), {"id": report_id}
        )
    else:
        statement = statement.with_for_update(of=ActivityReport)
    return session.execute(statement).scalar_one_or_none()


def _readable(session: Session, actor: Principal, report_id: int) -> bool:
    """Whether ``actor`` may read report ``report_id`` (the reads' scope, the repository's)."""
    readable = repository.readable_reports(actor).where(ActivityReport.id == report_id)
    return session.scalar(readable.with_only_columns(ActivityReport.id)) is not None


def transition(
    *, session: Session, actor: Principal, report_id: int, action: str, **payload: Any
) -> ActivityReport:
    """Apply ``action`` to report ``report_id`` as the state table allows; audited.

    Payload by action: ``verify`` optional ``verified_tco2e``/``verified_tce`` (default: the
    reported values) and ``comment``; ``return_report`` a required ``comment``; ``correct`` a
    required ``corrected_tco2e`` and optional ``corrected_tce``; ``confirm`` optional
    ``comment``.

    Concurrent transitions of one report are serialised (see the module's notes): exactly one
    of two conflicting steps at once wins; the other gets 409 ``report.transition_refused``.
    """
    row = ACTIONS.get(action)
    if row is None:
        raise InvalidInput(
            f"未知的操作“{action}”，可用：{'、'.join(ACTIONS)}。",
            f"Unknown action '{action}'; known: {', '.join(ACTIONS)}.",
        )
    _check_role(actor, row)  # a role that never takes this step: 403 before any lookup
    report = held_report(session, report_id)
    if report is None or not _readable(session, actor, report_id):
        # another tenant's report is not found, as on a read: the answer never says it exists
        raise ReportNotFound(f"报告 {report_id} 不存在。", f"No report {report_id}.")
    body = _authorise(session, actor, report, row)
    status = S(report.status)
    if status not in row.sources:
        raise TransitionRefused(
            f"报告处于“{_STATUS_ZH[status]}”状态，不能执行“{row.label_zh}”。",
            f"A report in state '{status.value}' cannot be given the action '{action}'.",
            report_status=status.value,
            action=action,
            allowed=allowed_actions(status.value),
        )
    if action in _COUNTED_VALUES_CHANGE:  # before the audit's head: one order of locks
        annual.hold_entity(session=session, entity_id=report.entity_id)
    before = _state(report)
    _EFFECTS[action](session, actor, report, body, payload)
    report.status = row.target.value
    session.flush()
    after = _state(report)
    if action == "submit":
        flags = repository.flags_of(session, [report.id])[report.id]
        after["anomaly_flags"] = [flag.rule for flag in flags]
    audit.record(
        session=session,
        actor=actor,
        action=f"report.{action}",
        entity_type="activity_report",
        entity_id=str(report.id),
        before=before,
        after=after,
    )
    if action in _COUNTED_VALUES_CHANGE:
        annual.recompute_annual_account(
            session=session, entity_id=report.entity_id, year=report.year, actor=actor
        )
    return report
