"""The ledger's rules (账本服务): open accounts and post balanced transactions.

Every function takes keyword arguments, ``flush()``es and never commits: the caller's one
transaction commits (or rolls back) the posting together with whatever the room wrote beside it.

:func:`post` in order: check the input (accounts, amounts, one asset's legs sum to zero) →
lock the chain head (every writer queues here, so the chain never forks) → if the key was
posted before, return that transaction or refuse a different one → lock the balance rows
involved in account-id order (``SELECT … FOR UPDATE``) and refuse an overdraft → write the
transaction and its postings (database triggers move the balances; a check constraint
refuses a negative one) → move the chain head.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from shuangtan.audit import Actor, chain
from shuangtan.db import utcnow
from shuangtan.ledger import repository
from shuangtan.ledger.assets import FIRST_VINTAGE, LAST_VINTAGE, asset_spec
from shuangtan.ledger.errors import (
    AccountNotFound,
    InsufficientBalance,
    InvalidAccount,
    InvalidAmount,
    InvalidTransaction,
    KeyReused,
    Unbalanced,
)
from shuangtan.ledger.hashing import HashedPosting, TransactionFacts, transaction_hash
from shuangtan.ledger.models import (
    NEGATIVE_KINDS,
    OWNED_KINDS,
    Account,
    AccountKind,
    LedgerChainHead,
    OwnerType,
    Transaction,
)
from shuangtan.ledger.values import Leg, Posted, PostedLine

__all__ = [
    "MAX_KEY_LENGTH",
    "MAX_LEGS",
    "MAX_MEMO_LENGTH",
    "open_account",
    "parse_kind",
    "parse_owner",
    "post",
]

MAX_KEY_LENGTH = 128
MAX_MEMO_LENGTH = 1000
MAX_LEGS = 1000
_KIND = re.compile(r"[a-z][a-z0-9_.:-]{0,47}")


# --- accounts --------------------------------------------------------------------------------


def parse_owner(owner_type: str, owner_id: str | int) -> tuple[OwnerType, str]:
    try:
        kind = OwnerType(owner_type)
    except ValueError as error:
        allowed = ", ".join(OwnerType)
        raise InvalidAccount(
            f"未知的账户所有者类型「{owner_type}」（可用：{allowed}）。",
            f"Unknown owner type '{owner_type}' (allowed: {allowed}).",
        ) from error
    text = str(owner_id).strip()
    if kind is OwnerType.platform and text:
        raise InvalidAccount(
            "平台账户没有所有者编号。", "A platform account has no owner id.", owner_id=text
        )
    if kind is not OwnerType.platform and not 1 <= len(text) <= 64:
        raise InvalidAccount(
            "所有者编号须为 1–64 个字符。",
            "An owner id must be 1-64 characters.",
            owner_type=owner_type,
        )
    return kind, text


def parse_kind(kind: str, owner_type: OwnerType) -> AccountKind:
    try:
        account_kind = AccountKind(kind)
    except ValueError as error:
        allowed = ", ".join(AccountKind)
        raise InvalidAccount(
            f"未知的账户类型「{kind}」（可用：{allowed}）。",
            f"Unknown account kind '{kind}' (allowed: {allowed}).",
        ) from error
    if account_kind not in OWNED_KINDS and owner_type is not OwnerType.platform:
        raise InvalidAccount(
            f"{account_kind.value} 类账户只属于平台。",
            f"A {account_kind.value} account belongs to the platform only.",
            kind=account_kind.value,
        )
    return account_kind


def open_account(
    *, session: Session, owner_type: str, owner_id: str | int = "", kind: str, asset: str
) -> Account:
    """The account of this owner, kind and asset; opened (at zero) if it is not there yet.

    Safe to call again and from concurrent writers: opening is an insert that ignores a
    duplicate. Only issuance and external accounts may go negative (decided by the kind);
    issuance, retirement, clearing, fee and external accounts belong to the platform
    (``owner_type="platform"``, no owner id).
    """
    owner, owner_key = parse_owner(owner_type, owner_id)
    account_kind = parse_kind(kind, owner)
    spec = asset_spec(asset)
    found = repository.account_by_owner(
        session, owner_type=owner, owner_id=owner_key, kind=account_kind, asset_code=spec.code
    )
    if found is not None:
        return found
    repository.ensure_asset(session, spec)
    repository.insert_account(
        session,
        owner_type=owner.value,
        owner_id=owner_key,
        kind=account_kind.value,
        asset_code=spec.code,
        may_go_negative=account_kind in NEGATIVE_KINDS,
    )
    opened = repository.account_by_owner(
        session, owner_type=owner, owner_id=owner_key, kind=account_kind, asset_code=spec.code
    )
    if opened is None:  # pragma: no cover - the insert above or a concurrent one made it
        raise RuntimeError("ledger account vanished after opening")
    return opened


# --- posting ---------------------------------------------------------------------------------


def _check_header(
    key: str, kind: str, memo: str, area_code: str | None, year: int | None, reference: str | None
) -> None:
    if not key or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise InvalidTransaction(
            f"幂等键须为 1–{MAX_KEY_LENGTH} 个字符。",
            f"An idempotency key must be 1-{MAX_KEY_LENGTH} characters.",
        )
    if not _KIND.fullmatch(kind):
        raise InvalidTransaction(
            f"交易类型「{kind}」无效：须为小写字母开头的 1–48 个字符（a-z 0-9 _ . : -）。",
            f"Transaction kind '{kind}' is invalid: 1-48 characters, a lowercase letter first "
            "(a-z 0-9 _ . : -).",
        )
    if len(memo) > MAX_MEMO_LENGTH:
        raise InvalidTransaction(
            f"摘要不能超过 {MAX_MEMO_LENGTH} 个字符。",
            f"A memo may not exceed {MAX_MEMO_LENGTH} characters.",
        )
    if area_code is not None and not 1 <= len(area_code) <= 12:
        raise InvalidTransaction(
            "地区代码须为 1–12 个字符。", "An area code must be 1-12 characters."
        )
    if year is not None and not FIRST_VINTAGE <= year <= LAST_VINTAGE:
        raise InvalidTransaction(
            f"年份 {year} 超出 {FIRST_VINTAGE}–{LAST_VINTAGE}。",
            f"Year {year} is outside {FIRST_VINTAGE}-{LAST_VINTAGE}.",
        )
    if reference is not None and not 1 <= len(reference) <= 128:
        raise InvalidTransaction(
            "引用编号须为 1–128 个字符。", "A reference must be 1-128 characters."
        )


def _resolve(
    session: Session, legs: Sequence[Leg]
) -> tuple[dict[int, Account], list[HashedPosting]]:
    """The accounts of the legs and the postings in whole quanta, sorted (the line order)."""
    if not 2 <= len(legs) <= MAX_LEGS:
        raise InvalidTransaction(
            f"一笔交易须有 2–{MAX_LEGS} 条分录。",
            f"A transaction needs 2-{MAX_LEGS} postings.",
        )
    found = repository.accounts(session, (leg.account_id for leg in legs))
    postings: list[HashedPosting] = []
    for leg in legs:
        account = found.get(leg.account_id)
        if account is None:
            raise AccountNotFound(
                f"账户 {leg.account_id} 不存在。",
                f"Ledger account {leg.account_id} does not exist.",
                account_id=leg.account_id,
            )
        units = asset_spec(account.asset_code).to_units(leg.amount)
        if units == 0:
            raise InvalidAmount(
                "分录金额不能为零。", "A posting's amount cannot be zero.", account_id=account.id
            )
        if account.kind == AccountKind.retirement and units < 0:
            raise InvalidTransaction(
                f"注销账户 {account.id} 中的单位不能再转出。",
                f"Retired units cannot leave retirement account {account.id}.",
                account_id=account.id,
            )
        postings.append(
            HashedPosting(
                account.id,
                account.asset_code,
                units,
                account.owner_type,
                account.owner_id,
                account.kind,
            )
        )
    return found, sorted(postings)


def _check_balanced(postings: Iterable[HashedPosting]) -> None:
    sums: dict[str, int] = defaultdict(int)
    for p in postings:
        sums[p.asset_code] += p.amount
    for code, total in sorted(sums.items()):
        if total != 0:
            spec = asset_spec(code)
            amount = spec.from_units(total)
            raise Unbalanced(
                f"{spec.name_zh}的分录合计为 {amount} {spec.unit}，须为零（借贷必须相等）。",
                f"The postings of {spec.name_en} sum to {amount} {spec.unit}; they must sum to "
                "zero (double entry).",
                asset=code,
            )


def _check_covered(session: Session, accounts: dict[int, Account], nets: dict[int, int]) -> None:
    """Lock the balance rows (account-id order) and refuse a transaction that overdraws."""
    held = repository.lock_balances(session, nets)
    for account_id in sorted(nets):
        account = accounts[account_id]
        before = held.get(account_id, 0)
        after = before + nets[account_id]
        if account.may_go_negative or after >= 0:
            continue
        spec = asset_spec(account.asset_code)
        have, need = spec.from_units(before), spec.from_units(-nets[account_id])
        raise InsufficientBalance(
            f"账户 {account_id} 的{spec.name_zh}余额不足：现有 {have} {spec.unit}，"
            f"需要 {need} {spec.unit}。",
            f"Ledger account {account_id} holds {have} {spec.unit} of {spec.name_en}; "
            f"{need} {spec.unit} are needed.",
            account_id=account_id,
            asset=spec.code,
        )


def _same(
    first: Transaction,
    lines: list[tuple[int, int]],
    kind: str,
    area_code: str | None,
    year: int | None,
    reference: str | None,
    session: Session,
) -> bool:
    stored = sorted((p.account_id, p.amount) for p in repository.postings_of(session, first.seq))
    return (first.kind, first.area_code, first.year, first.reference, stored) == (
        kind,
        area_code,
        year,
        reference,
        lines,
    )


def _posted(session: Session, transaction: Transaction, *, replayed: bool) -> Posted:
    lines = tuple(
        PostedLine(
            p.line,
            p.account_id,
            p.asset_code,
            p.amount,
            asset_spec(p.asset_code).from_units(p.amount),
        )
        for p in repository.postings_of(session, transaction.seq)
    )
    return Posted(
        transaction.seq,
        transaction.key,
        transaction.kind,
        transaction.memo,
        transaction.area_code,
        transaction.year,
        transaction.reference,
        transaction.created_at,
        transaction.hash,
        lines,
        replayed,
    )


def post(
    *,
    session: Session,
    key: str,
    kind: str,
    postings: Sequence[Leg],
    actor: Actor | None,
    memo: str = "",
    area_code: str | None = None,
    year: int | None = None,
    reference: str | None = None,
) -> Posted:
    """Post one balanced transaction under the idempotency ``key`` and flush it.

    ``postings`` are :class:`~shuangtan.ledger.values.Leg` s whose amounts of each asset sum to
    zero. A retry with the same key and the same kind, postings and attribution (``area_code``,
    ``year``, ``reference``) returns the first transaction (``replayed=True``) and writes
    nothing; the same key with anything else is refused (409 ``ledger.key_reused``). An account
    that may not go negative is never taken below zero (409 ``ledger.insufficient_balance``).
    ``actor`` ``None`` is the system itself.
    """
    _check_header(key, kind, memo, area_code, year, reference)
    accounts, hashed = _resolve(session, postings)
    _check_balanced(hashed)
    lines = [(p.account_id, p.amount) for p in hashed]

    head = chain.lock_head(session, LedgerChainHead)
    first = repository.transaction_by_key(session, key)
    if first is not None:
        if not _same(first, lines, kind, area_code, year, reference, session):
            raise KeyReused(
                f"幂等键「{key}」已用于另一笔交易（第 {first.seq} 笔）。",
                f"Idempotency key '{key}' was used for a different transaction (seq {first.seq}).",
                seq=first.seq,
            )
        return _posted(session, first, replayed=True)

    nets: dict[int, int] = defaultdict(int)
    for p in hashed:
        nets[p.account_id] += p.amount
    _check_covered(session, accounts, nets)

    facts = TransactionFacts(
        seq=head.last_seq + 1,
        prev_hash=head.last_hash,
        key=key,
        kind=kind,
        memo=memo,
        area_code=area_code,
        year=year,
        reference=reference,
        actor_user_id=actor.user_id if actor else None,
        actor_username=actor.username if actor else None,
        actor_role=str(actor.role) if actor else None,
        created_at=utcnow(),
    )
    transaction = Transaction(
        seq=facts.seq,
        key=key,
        kind=kind,
        memo=memo,
        area_code=area_code,
        year=year,
        reference=reference,
        actor_user_id=facts.actor_user_id,
        actor_username=facts.actor_username,
        actor_role=facts.actor_role,
        created_at=facts.created_at,
        prev_hash=facts.prev_hash,
        hash=transaction_hash(facts, hashed),
    )
    session.add(transaction)
    session.flush()
    repository.insert_postings(
        session,
        [
            {
                "transaction_seq": transaction.seq,
                "line": line,
                "account_id": p.account_id,
                "asset_code": p.asset_code,
                "amount": p.amount,
            }
            for line, p in enumerate(hashed, start=1)
        ],
    )
    head.last_seq = transaction.seq
    head.last_hash = transaction.hash
    head.entry_count = head.entry_count + 1
    head.updated_at = transaction.created_at
    session.flush()
    return _posted(session, transaction, replayed=False)
