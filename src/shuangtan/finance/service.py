"""Bank consent (数据授权): an enterprise lets a bank see its account; the bank reads, audited.

An enterprise user grants and withdraws consent for a bank (each audited with before/after).
A bank user (a :class:`~shuangtan.finance.models.BankMember`) sees only enterprises with an
active consent to its bank: the list, their grade history and verified annual emissions; every
such read leaves an audit entry ``finance.read`` on the entity. After a withdrawal the bank
sees nothing of the enterprise (a not-found, so it cannot tell a withdrawn from an unknown one).

The database holds one active consent per enterprise and bank (a partial unique index, see
:mod:`shuangtan.finance.models`): of two grants at once (a double click) one inserts and the
other is refused with 409 ``finance.consent_exists``, as a grant of an active consent is.
A withdrawal withdraws every active consent of the pair in one conditional ``UPDATE``, so of
two withdrawals at once one withdraws and the other finds nothing to withdraw (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounts import documents as accounts_documents
from shuangtan.accounts import query as accounts_query
from shuangtan.accounts.query import AccountRecord, EntityRecord
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import utcnow
from shuangtan.finance.errors import BankNotFound, ConsentExists, ConsentNotFound, FinanceDenied
from shuangtan.finance.models import Bank, BankMember, Consent
from shuangtan.grading import service as grading_service

__all__ = [
    "EnterpriseFile",
    "add_bank_member",
    "annual_report",
    "bank_of",
    "consenting_enterprises",
    "create_bank",
    "enterprise_file",
    "grant_consent",
    "list_banks",
    "list_consents",
    "withdraw_consent",
]


@dataclass(frozen=True, slots=True)
class EnterpriseFile:
    """授权企业档案 what a consenting enterprise shares with a bank."""

    entity: EntityRecord
    grades: Sequence[grading_service.CarbonGrade]
    accounts: Sequence[AccountRecord]


def _require_admin(actor: Principal | None) -> None:
    if actor is not None and not actor.is_admin:
        raise FinanceDenied(
            "只有系统管理员可以管理银行。", "Only an administrator may manage banks."
        )


def create_bank(
    *, session: Session, actor: Principal | None, name: str, uscc: str | None = None
) -> Bank:
    """Register a bank (admin; ``None``: the system)."""
    _require_admin(actor)
    bank = Bank(name=name, uscc=uscc)
    session.add(bank)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="finance.bank_create",
        entity_type="bank",
        entity_id=str(bank.id),
        before=None,
        after=audit.snapshot(bank),
    )
    return bank


def add_bank_member(
    *, session: Session, actor: Principal | None, bank_id: int, user_id: int
) -> BankMember:
    """Make a bank user a member of a bank (admin; ``None``: the system)."""
    _require_admin(actor)
    if session.get(Bank, bank_id) is None:
        raise BankNotFound("银行不存在。", "No such bank.", bank_id=bank_id)
    member = BankMember(user_id=user_id, bank_id=bank_id)
    session.add(member)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="finance.member_add",
        entity_type="bank",
        entity_id=str(bank_id),
        before=None,
        after=audit.snapshot(member),
    )
    return member


def list_banks(*, session: Session, actor: Principal) -> Sequence[Bank]:
    """The banks an enterprise may consent to."""
    del actor  # any logged-in user may see the list of banks
    return session.execute(select(Bank).order_by(Bank.name)).scalars().all()


def _enterprise(actor: Principal) -> int:
    if actor.role is not Role.enterprise or actor.entity_id is None:
        raise FinanceDenied(
            "只有企业用户可以授权或撤回授权。",
            "Only an enterprise user may grant or withdraw consent.",
        )
    return actor.entity_id


def _active(session: Session, entity_id: int, bank_id: int) -> Consent | None:
    statement = select(Consent).where(
        Consent.entity_id == entity_id, Consent.bank_id == bank_id, Consent.withdrawn_at.is_(None)
    )
    return session.execute(statement).scalars().first()


def _already_granted() -> ConsentExists:
    return ConsentExists("已向该银行授权。", "Consent to this bank is already granted.")


def _insert_active(session: Session, entity_id: int, bank_id: int, user_id: int) -> int | None:
    """Insert an active consent unless the pair has one; its id, or ``None``.

    ``INSERT … ON CONFLICT (entity_id, bank_id) WHERE withdrawn_at IS NULL DO NOTHING`` on the
    one-active-consent index: a concurrent grant waits for the first and then inserts nothing,
    without an error that would end the transaction.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Consent)
        .values(entity_id=entity_id, bank_id=bank_id, granted_by_user_id=user_id)
        .on_conflict_do_nothing(
            index_elements=["entity_id", "bank_id"], index_where=Consent.withdrawn_at.is_(None)
        )
        .returning(Consent.id)
    )
    return session.execute(statement).scalar_one_or_none()


def grant_consent(*, session: Session, actor: Principal, bank_id: int) -> Consent:
    """The actor's enterprise lets ``bank_id`` see its account (audited).

    An active consent to the bank already (granted before, or by a request running at the
    same time) is refused with 409 ``finance.consent_exists``, and nothing is written: the
    database's index decides between concurrent grants.
    """
    entity_id = _enterprise(actor)
    if session.get(Bank, bank_id) is None:
        raise BankNotFound("银行不存在。", "No such bank.", bank_id=bank_id)
    if _active(session, entity_id, bank_id) is not None:
        raise _already_granted()
    consent_id = _insert_active(session, entity_id, bank_id, actor.user_id)
    consent = session.get(Consent, consent_id) if consent_id is not None else None
    if consent is None:
        raise _already_granted()
    audit.record(
        session=session,
        actor=actor,
        action="finance.consent_grant",
        entity_type="consent",
        entity_id=str(consent.id),
        before=None,
        after=audit.snapshot(consent),
    )
    return consent


def withdraw_consent(*, session: Session, actor: Principal, bank_id: int) -> Consent:
    """The actor's enterprise withdraws its consent to ``bank_id`` (each withdrawal audited).

    Every active consent of the enterprise and bank is withdrawn by one conditional
    ``UPDATE … WHERE withdrawn_at IS NULL``; a withdrawal running at the same time waits for
    it and then finds nothing active (404 ``finance.consent_not_found``). Returns the oldest
    consent withdrawn.
    """
    entity_id = _enterprise(actor)
    withdrawn_at = utcnow()
    statement = (
        update(Consent)
        .where(
            Consent.entity_id == entity_id,
            Consent.bank_id == bank_id,
            Consent.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=withdrawn_at)
        .returning(Consent.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(session.execute(statement).scalars())
    if not ids:
        raise ConsentNotFound("没有对该银行的有效授权。", "No active consent to this bank.")
    consents = session.scalars(
        select(Consent)
        .where(Consent.id.in_(ids))
        .order_by(Consent.id)
        .execution_options(populate_existing=True)
    ).all()
    for consent in consents:
        after = audit.snapshot(consent)
        audit.record(
            session=session,
            actor=actor,
            action="finance.consent_withdraw",
            entity_type="consent",
            entity_id=str(consent.id),
            before={**after, "withdrawn_at": None},
            after=after,
        )
    return consents[0]


def list_consents(*, session: Session, actor: Principal) -> Sequence[tuple[Consent, Bank]]:
    """The enterprise's consents, active and withdrawn, newest first."""
    entity_id = _enterprise(actor)
    statement = (
        select(Consent, Bank)
        .join(Bank, Bank.id == Consent.bank_id)
        .where(Consent.entity_id == entity_id)
        .order_by(Consent.granted_at.desc(), Consent.id.desc())
    )
    return [(consent, bank) for consent, bank in session.execute(statement)]


def bank_of(*, session: Session, actor: Principal) -> Bank:
    """The bank the actor works for; only bank users who are members of a bank have one."""
    member = session.get(BankMember, actor.user_id) if actor.role is Role.bank else None
    bank = session.get(Bank, member.bank_id) if member is not None else None
    if bank is None:
        raise FinanceDenied(
            "只有银行成员可以查看授权企业。",
            "Only a member of a bank may see consenting enterprises.",
        )
    return bank


def _read(session: Session, actor: Principal, bank: Bank, entity_id: int, what: str) -> None:
    audit.record(
        session=session,
        actor=actor,
        action="finance.read",
        entity_type="entity",
        entity_id=str(entity_id),
        before=None,
        after={"bank_id": bank.id, "read": what},
    )


def consenting_enterprises(*, session: Session, actor: Principal) -> list[EntityRecord]:
    """The enterprises that consent to the actor's bank (each listing audited per entity)."""
    bank = bank_of(session=session, actor=actor)
    consenting = session.scalars(
        select(Consent.entity_id).where(Consent.bank_id == bank.id, Consent.withdrawn_at.is_(None))
    )
    found = accounts_query.entities(session, consenting)
    entities = sorted(found.values(), key=lambda e: (e.name, e.id))
    for entity in entities:
        _read(session, actor, bank, entity.id, "list")
    return entities


def _consenting(session: Session, actor: Principal, entity_id: int) -> Bank:
    """The actor's bank, if the enterprise consents to it (else 404, as for no enterprise)."""
    bank = bank_of(session=session, actor=actor)
    if _active(session, entity_id, bank.id) is None:
        raise ConsentNotFound(
            "该企业不存在或未向贵行授权。",
            "No such enterprise, or it has not consented to your bank.",
            entity_id=entity_id,
        )
    return bank


def annual_report(
    *, session: Session, actor: Principal, entity_id: int, year: int
) -> accounts_documents.AnnualReportData:
    """A consenting enterprise's annual carbon report for ``year`` (audited): the bank's
    download. The consent is checked here; the report is the accounts room's."""
    bank = _consenting(session, actor, entity_id)
    data = accounts_documents.annual_report_of(session=session, entity_id=entity_id, year=year)
    _read(session, actor, bank, entity_id, f"annual_report:{year}")
    return data


def enterprise_file(*, session: Session, actor: Principal, entity_id: int) -> EnterpriseFile:
    """A consenting enterprise's grade history and verified annual emissions (audited)."""
    bank = _consenting(session, actor, entity_id)
    entity = accounts_query.entity(session, entity_id)
    if entity is None:  # pragma: no cover - a consent's entity exists (foreign key)
        raise ConsentNotFound("该企业不存在。", "No such enterprise.", entity_id=entity_id)
    grades = grading_service.grade_history(session=session, entity_id=entity_id)
    accounts = accounts_query.accounts_of_entity(session, entity_id)
    _read(session, actor, bank, entity_id, "file")
    return EnterpriseFile(entity=entity, grades=grades, accounts=accounts)
