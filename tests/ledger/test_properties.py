"""Property: random issues, transfers, trades and retirements never create or lose a unit.

A plain-Python model of the same book predicts which operations succeed (a holding never goes
below zero) and what every balance is; the ledger must agree with it after each operation,
every asset's balances over all accounts must sum to zero, and ``verify`` must pass.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan import ledger
from shuangtan.ledger import Leg
from shuangtan.ledger.errors import InsufficientBalance
from shuangtan.ledger.models import Account, Balance

ASSETS = ("points", "allowance:2025", "energy_use_right", "cash")
HOLDERS = 3
_examples = itertools.count()


@dataclass(frozen=True)
class Issue:
    asset: str
    to: int
    units: int


@dataclass(frozen=True)
class Move:
    asset: str
    source: int
    destination: int
    units: int


@dataclass(frozen=True)
class Trade:
    """The seller delivers allowances, the buyer pays cash: both legs or neither."""

    seller: int
    buyer: int
    tonnes: int
    fen: int


@dataclass(frozen=True)
class Retire:
    asset: str
    source: int
    units: int


holder = st.integers(0, HOLDERS - 1)
# Two different holders, without filtering: the second is one or two places after the first.
pair = st.tuples(holder, st.integers(1, HOLDERS - 1)).map(lambda p: (p[0], (p[0] + p[1]) % HOLDERS))
units = st.integers(1, 60)
issue = st.builds(Issue, st.sampled_from(ASSETS), holder, units)
operation = st.one_of(
    issue,
    issue,  # twice as likely as the others, so that the holders usually have something to spend
    st.builds(lambda a, p, n: Move(a, p[0], p[1], n), st.sampled_from(ASSETS), pair, units),
    st.builds(lambda p, q, f: Trade(p[0], p[1], q, f), pair, units, st.integers(1, 600)),
    st.builds(Retire, st.sampled_from(ASSETS), holder, units),
)


def _legs(
    op: Issue | Move | Trade | Retire, ids: dict[tuple[str, object], int]
) -> tuple[list[Leg], list[tuple[tuple[str, object], int]]]:
    """The ledger legs of ``op`` (amounts in the asset's unit) and the model's moves (units)."""

    def amount(asset: str, n: int) -> Decimal:
        return ledger.asset_spec(asset).from_units(n)

    moves: list[tuple[tuple[str, object], int]]
    if isinstance(op, Issue):
        moves = [((op.asset, "issuance"), -op.units), ((op.asset, op.to), op.units)]
    elif isinstance(op, Move):
        moves = [((op.asset, op.source), -op.units), ((op.asset, op.destination), op.units)]
    elif isinstance(op, Retire):
        moves = [((op.asset, op.source), -op.units), ((op.asset, "retirement"), op.units)]
    else:
        moves = [
            (("allowance:2025", op.seller), -op.tonnes),
            (("allowance:2025", op.buyer), op.tonnes),
            (("cash", op.buyer), -op.fen),
            (("cash", op.seller), op.fen),
        ]
    legs = [Leg(ids[key], amount(str(key[0]), n)) for key, n in moves]
    return legs, moves


def _open(session: Session, example: int) -> dict[tuple[str, object], int]:
    """This example's accounts: per asset an issuance, a retirement and three holders."""
    ids: dict[tuple[str, object], int] = {}
    for asset in ASSETS:
        for kind in ("issuance", "retirement"):
            # Platform accounts are one per asset and kind; examples share them.
            ids[(asset, kind)] = ledger.open_account(
                session=session, owner_type="platform", kind=kind, asset=asset
            ).id
        for h in range(HOLDERS):
            ids[(asset, h)] = ledger.open_account(
                session=session,
                owner_type="entity",
                owner_id=f"{example}-{h}",
                kind="holding",
                asset=asset,
            ).id
    return ids


def _asset_sums(session: Session) -> dict[str, int]:
    statement = (
        select(Account.asset_code, func.sum(Balance.balance))
        .join(Balance, Balance.account_id == Account.id)
        .group_by(Account.asset_code)
    )
    return {code: int(total) for code, total in session.execute(statement)}


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.integers(0, 40), operations=st.lists(operation, min_size=1, max_size=10))
def test_no_unit_is_created_or_lost(
    session: Session, start: int, operations: list[Issue | Move | Trade | Retire]
) -> None:
    example = next(_examples)
    ids = _open(session, example)
    holdings: dict[tuple[str, object], int] = defaultdict(int)  # the model, holders only
    if start:  # one opening transaction: every holder gets `start` units of every asset
        opening = [Issue(asset, h, start) for asset in ASSETS for h in range(HOLDERS)]
        legs = [leg for op in opening for leg in _legs(op, ids)[0]]
        ledger.post(
            session=session, key=f"prop-{example}-open", kind="issue", postings=legs, actor=None
        )
        holdings.update({(op.asset, op.to): start for op in opening})
    session.commit()
    for step, op in enumerate(operations):
        legs, moves = _legs(op, ids)
        covered = all(
            holdings[key] + n >= 0 for key, n in moves if key[1] not in ("issuance", "retirement")
        )
        try:
            ledger.post(
                session=session,
                key=f"prop-{example}-{step}",
                kind=type(op).__name__.lower(),
                postings=legs,
                actor=None,
            )
        except InsufficientBalance:
            event("refused: would overdraw")
            session.rollback()
            assert not covered, f"{op} was refused though the model covers it"
            continue
        session.commit()  # on PostgreSQL the deferred balance trigger runs here
        event("posted")
        assert covered, f"{op} overdrew a holding"
        for key, n in moves:
            if key[1] not in ("issuance", "retirement"):
                holdings[key] += n
    for (asset, h), account_id in ids.items():
        if isinstance(h, int):
            held = ledger.balance(session=session, account_id=account_id).units
            assert held == holdings[(asset, h)], (asset, h)
            assert held >= 0
    sums = _asset_sums(session)
    assert all(total == 0 for total in sums.values()), sums
    assert ledger.verify(session=session).ok
