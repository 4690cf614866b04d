"""Typed indicator values (填报值) and the attachments that back them (佐证材料).

An official enters a typed (not computed) indicator's value for a year with its source and,
optionally, an uploaded document. Plain functions with keyword-only arguments; they ``flush()``,
never ``commit()``; every write is audited.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.city.targets import computed, inputs, repository
from shuangtan.city.targets.attachments import sniff
from shuangtan.city.targets.errors import ComputedIndicator, IndicatorNotFound, InvalidValue
from shuangtan.city.targets.models import IndicatorValue, TargetAttachment
from shuangtan.city.targets.permissions import actor_id, can_read, can_write
from shuangtan.kit.params import check_year

__all__ = ["attachment", "enter_value", "store_attachment"]


def store_attachment(
    *, session: Session, actor: Principal, filename: str, content: bytes
) -> TargetAttachment:
    """Check an upload (kind, size, name) and keep it; the stored attachment."""
    can_write(session, actor)
    name, media_type, digest = sniff(filename, content)
    row = TargetAttachment(
        filename=name,
        media_type=media_type,
        size_bytes=len(content),
        sha256=digest,
        content=content,
        uploaded_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="target_attachment.create",
        entity_type="target_attachment",
        entity_id=str(row.id),
        before=None,
        after={
            "filename": name,
            "media_type": media_type,
            "size_bytes": len(content),
            "sha256": digest,
        },
    )
    return row


def attachment(*, session: Session, actor: Principal, attachment_id: int) -> TargetAttachment:
    """An attachment, for an official or an administrator."""
    can_read(actor)
    row = repository.attachment(session, attachment_id)
    if row is None:
        raise IndicatorNotFound("附件不存在。", "No such attachment.")
    return row


def _value_view(row: IndicatorValue) -> dict[str, Any]:
    return {
        "indicator_id": row.indicator_id,
        "year": row.year,
        "value": row.value,
        "source_note": row.source_note,
        "attachment_id": row.attachment_id,
    }


def enter_value(
    *,
    session: Session,
    actor: Principal | None,
    indicator_id: str,
    year: int,
    value: Decimal | str | float | int,
    source_note: str,
    attachment_id: int | None = None,
) -> IndicatorValue:
    """Enter (or correct) a typed indicator's value for a year, with its source; audited.

    Refuses computed indicators (:class:`ComputedIndicator`), years outside 2000–2100 or before
    the baseline year, values out of the unit's range, and a missing source note.
    """
    number, note = _checked_entry(session, actor, indicator_id, year, value, source_note)
    if attachment_id is not None and repository.attachment(session, attachment_id) is None:
        raise IndicatorNotFound("附件不存在。", "No such attachment.")
    row = repository.value(session, indicator_id=indicator_id, year=year)
    before = None if row is None else _value_view(row)
    if row is None:
        row = IndicatorValue(
            indicator_id=indicator_id,
            year=year,
            value=number,
            source_note=note,
            attachment_id=attachment_id,
            entered_by=actor_id(actor),
        )
        session.add(row)
    else:
        row.value, row.source_note, row.entered_by = number, note, actor_id(actor)
        if attachment_id is not None:
            row.attachment_id = attachment_id
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="indicator_value.create" if before is None else "indicator_value.update",
        entity_type="indicator_value",
        entity_id=f"{indicator_id}/{year}",
        before=before,
        after=_value_view(row),
    )
    return row


def _checked_entry(
    session: Session,
    actor: Principal | None,
    indicator_id: str,
    year: int,
    value: Decimal | str | float | int,
    note: str,
) -> tuple[Decimal, str]:
    """The entry's value and source note, once the actor, indicator, year and value pass."""
    can_write(session, actor)
    indicator = inputs.known_indicator(session, indicator_id)
    if indicator_id in computed.COMPUTED:
        raise ComputedIndicator(indicator_id)
    check_year(year)
    if indicator.baseline_year is not None and year < indicator.baseline_year:
        raise InvalidValue(
            f"年份 {year} 早于基期 {indicator.baseline_year}。",
            f"Year {year} is before the baseline year {indicator.baseline_year}.",
        )
    number = inputs.to_decimal(value, "填报值")
    inputs.check_value(indicator, number)
    return number, inputs.source_note(note)
