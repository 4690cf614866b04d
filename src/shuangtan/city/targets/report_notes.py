"""The officials' own text of a report (报告补充说明): problems found and next steps.

The annual, mid-term and final evaluation reports (:mod:`~shuangtan.city.targets.report`) are built
from the figures; officials add the text the figures cannot give. Saving ``flush()``-es, never
``commit()``-s, and is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.city.targets.errors import InvalidValue
from shuangtan.city.targets.models import REPORT_KINDS, EvaluationNote
from shuangtan.city.targets.permissions import can_write
from shuangtan.kit.params import check_year

__all__ = ["MAX_TEXT", "evaluation_note", "save_note"]

MAX_TEXT = 8000
"""The longest text of each part (problems, next steps) in characters."""


def evaluation_note(*, session: Session, year: int, kind: str) -> EvaluationNote | None:
    """The officials' own text of a report, if any."""
    return session.get(EvaluationNote, (year, kind))


def save_note(
    *, session: Session, actor: Principal, year: int, kind: str, problems: str, next_steps: str
) -> EvaluationNote:
    """Save the officials' text added to a report's problems and next steps. Audited."""
    can_write(session, actor)
    check_year(year)
    if kind not in REPORT_KINDS:
        raise InvalidValue(f"报告类型 {kind} 无效。", f"{kind!r} is not a report kind.")
    if len(problems) > MAX_TEXT or len(next_steps) > MAX_TEXT:
        raise InvalidValue(f"文字不超过 {MAX_TEXT} 字。", f"At most {MAX_TEXT} characters.")
    row = session.get(EvaluationNote, (year, kind))
    before = None if row is None else {"problems": row.problems, "next_steps": row.next_steps}
    if row is None:
        row = EvaluationNote(year=year, kind=kind)
        session.add(row)
    row.problems, row.next_steps = problems.strip(), next_steps.strip()
    row.updated_by = actor.user_id
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="evaluation_note.save",
        entity_type="evaluation_note",
        entity_id=f"{year}/{kind}",
        before=before,
        after={"problems": row.problems, "next_steps": row.next_steps},
    )
    return row
