"""A hand-built verifier's queue (核查队列) that the queue's tests share.

Verification body 1 is assigned five entities for 2024; each has one report a month for
``months`` months: months 1–2 under verification, later months submitted. Report (entity k,
month m) was submitted at 2025-01-05 08:00 + (m − 1) days + k hours, so submission order is by
month, then by entity in the order below. The one flagged report is the last entity's last
month: the last one submitted, the bottom of an oldest-first queue.

======  ==================  ======  =================  ==========
label   name                county  code (Unicode 1st) due date
======  ==================  ======  =================  ==========
E1      嘉善甲纺织有限公司  嘉善县  330421 (U+5609)    2025-05-31
E2      南湖乙造纸有限公司  南湖区  330402 (U+5357)    none
E3      海宁丙化纤有限公司  海宁市  330481 (U+6D77)    2025-03-31
E4      平湖丁印染有限公司  平湖市  330482 (U+5E73)    2025-04-30
E6      桐乡戊新材料有限公司 桐乡市 330483 (U+6850)    2025-06-30
======  ==================  ======  =================  ==========

Not in body 1's queue: E1's draft January and verified February of 2025 (a year also
assigned to body 1, but neither waits for it); E1's 2023 January
(2023 is assigned to body 2) and the January of E5 (秀洲己化工有限公司, body 2's), both
submitted and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from shuangtan.accounts.models import (
    ActivityReport,
    AnomalyFlag,
    Entity,
    VerifierAssignment,
    VerifierBody,
    VerifierMember,
)
from shuangtan.auth.roles import Role
from testkit import make_users

from . import factories as f

REASON_ZH = "本月排放为上月的3.81倍"
REASON_EN = "Emissions 3.81 times the previous month"
FIRST_SUBMISSION = datetime(2025, 1, 5, 8, tzinfo=UTC)
ENTITIES = (
    ("E1", "嘉善甲纺织有限公司", "330421", date(2025, 5, 31)),
    ("E2", "南湖乙造纸有限公司", "330402", None),
    ("E3", "海宁丙化纤有限公司", "330481", date(2025, 3, 31)),
    ("E4", "平湖丁印染有限公司", "330482", date(2025, 4, 30)),
    ("E6", "桐乡戊新材料有限公司", "330483", date(2025, 6, 30)),
)
LABELS = tuple(label for label, *_ in ENTITIES)


@dataclass
class QueueWorld:
    body1: VerifierBody
    body2: VerifierBody
    entities: dict[str, Entity]
    other: Entity
    reports: dict[tuple[str, int], ActivityReport]
    flagged: ActivityReport
    hidden: list[ActivityReport]

    def label(self, report: ActivityReport) -> tuple[str, int]:
        """(entity label, month) of one of the queue's reports."""
        names = {entity.id: label for label, entity in self.entities.items()}
        return names[report.entity_id], report.month


def _assign(session: Session, entity: Entity, body_id: int, year: int, due: date | None) -> None:
    session.add(
        VerifierAssignment(
            entity_id=entity.id,
            year=year,
            verifier_body_id=body_id,
            method="assigned",
            due_date=due,
        )
    )


def _flag(session: Session, report: ActivityReport) -> None:
    session.add(
        AnomalyFlag(
            report_id=report.id,
            rule="mom_jump",
            score=Decimal("3.81"),
            reason_zh=REASON_ZH,
            reason_en=REASON_EN,
        )
    )


def build(session: Session, *, months: int, users: bool = False) -> QueueWorld:
    """The queue above, with ``months`` months a report; with ``users`` also the verifier users
    ``verifier1`` (body 1) and ``verifier2`` (body 2) and the official ``official``, whose
    password is testkit's."""
    f.city(session)
    body1 = f.make_verifier_body(session, "嘉禾碳核查技术有限公司")
    body2 = f.make_verifier_body(session, "浙北低碳认证中心")
    entities: dict[str, Entity] = {}
    for label, name, county, due in ENTITIES:
        entity = f.make_entity(session, county_code=county, name=name)
        entities[label] = entity
        _assign(session, entity, body1.id, 2024, due)
    other = f.make_entity(session, county_code="330411", name="秀洲己化工有限公司")
    _assign(session, other, body2.id, 2024, date(2025, 4, 30))
    _assign(session, entities["E1"], body2.id, 2023, date(2024, 4, 30))
    _assign(session, entities["E1"], body1.id, 2025, date(2026, 4, 30))
    reports: dict[tuple[str, int], ActivityReport] = {}
    for month in range(1, months + 1):
        for k, label in enumerate(LABELS):
            reports[label, month] = f.make_report(
                session,
                entities[label],
                year=2024,
                month=month,
                status="under_verification" if month <= 2 else "submitted",
                submitted_at=FIRST_SUBMISSION + timedelta(days=month - 1, hours=k),
                reported_tco2e=Decimal(100 * month + k),
            )
    flagged = reports[LABELS[-1], months]
    _flag(session, flagged)
    hidden = [
        f.make_report(session, entities["E1"], year=2025, month=1, status="draft"),
        f.make_report(session, entities["E1"], year=2025, month=2, status="verified"),
        f.make_report(session, entities["E1"], year=2023, month=1, status="submitted"),
        f.make_report(session, other, year=2024, month=1, status="submitted"),
    ]
    session.flush()
    _flag(session, hidden[2])
    _flag(session, hidden[3])
    if users:
        made = make_users(
            session,
            [
                ("verifier1", Role.verifier, None, None),
                ("verifier2", Role.verifier, None, None),
                ("official", Role.official, "330400", None),
            ],
        )
        session.add(VerifierMember(user_id=made["verifier1"].id, verifier_body_id=body1.id))
        session.add(VerifierMember(user_id=made["verifier2"].id, verifier_body_id=body2.id))
    session.flush()
    return QueueWorld(body1, body2, entities, other, reports, flagged, hidden)
