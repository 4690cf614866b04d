"""The ledger's service on SQLite and PostgreSQL: accounts, posting, idempotency, reading."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan import ledger
from shuangtan.audit.chain import GENESIS_HASH, timestamp
from shuangtan.ledger import Leg, transfer
from shuangtan.ledger.errors import (
    AccountNotFound,
    InsufficientBalance,
    InvalidAccount,
    InvalidAmount,
    InvalidTransaction,
    KeyReused,
    Unbalanced,
    UnknownAsset,
)
from shuangtan.ledger.models import Asset, LedgerChainHead, Posting, Transaction

from .conftest import ACTOR, Book, issue_points


def _count(session: Session, model: type[object]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _units(session: Session, account_id: int) -> int:
    return ledger.balance(session=session, account_id=account_id).units


class TestOpenAccount:
    def test_opening_twice_gives_the_same_account(self, session: Session) -> None:
        first = ledger.open_account(
            session=session, owner_type="entity", owner_id=42, kind="holding", asset="ccer"
        )
        again = ledger.open_account(
            session=session, owner_type="entity", owner_id="42", kind="holding", asset="ccer"
        )
        assert again.id == first.id
        assert (first.owner_type, first.owner_id, first.asset_code) == ("entity", "42", "ccer")

    def test_issuance_may_go_negative_and_a_holding_may_not(
        self, session: Session, book: Book
    ) -> None:
        from shuangtan.ledger.models import Account

        flags = {
            kind: session.get(Account, account_id).may_go_negative  # type: ignore[union-attr]
            for kind, account_id in [
                ("issuance", book.points_issuance),
                ("external", book.cash_external),
                ("retirement", book.points_retirement),
                ("holding", book.alice),
            ]
        }
        assert flags == {"issuance": True, "external": True, "retirement": False, "holding": False}

    def test_a_vintage_asset_is_added_on_first_use(self, session: Session) -> None:
        assert session.get(Asset, "allowance:2026") is None
        ledger.open_account(
            session=session,
            owner_type="entity",
            owner_id="42",
            kind="holding",
            asset=ledger.allowance(2026),
        )
        row = session.get(Asset, "allowance:2026")
        assert row is not None
        assert (row.family, row.vintage, row.unit, row.scale) == ("allowance", 2026, "tCO2e", 0)

    def test_the_seeded_assets_are_there(self, session: Session) -> None:
        scales = {code: scale for code, scale in session.execute(select(Asset.code, Asset.scale))}
        assert scales == {"points": 0, "ccer": 0, "energy_use_right": 3, "cash": 0}

    @pytest.mark.parametrize(
        ("owner_type", "owner_id", "kind"),
        [
            ("alien", "1", "holding"),  # unknown owner type
            ("resident", "user:1", "issuance"),  # issuance belongs to the platform
            ("resident", "", "holding"),  # an owner needs an id
            ("platform", "7", "issuance"),  # the platform has none
            ("resident", "user:1", "vault"),  # unknown kind
        ],
    )
    def test_a_bad_account_is_refused(
        self, session: Session, owner_type: str, owner_id: str, kind: str
    ) -> None:
        with pytest.raises(InvalidAccount) as refused:
            ledger.open_account(
                session=session,
                owner_type=owner_type,
                owner_id=owner_id,
                kind=kind,
                asset="points",
            )
        assert (refused.value.code, refused.value.status) == ("ledger.invalid_account", 422)

    def test_an_unknown_asset_is_refused(self, session: Session) -> None:
        with pytest.raises(UnknownAsset):
            ledger.open_account(
                session=session, owner_type="resident", owner_id="u", kind="holding", asset="gold"
            )


class TestPost:
    def test_points_earned_and_spent_move_between_accounts(
        self, session: Session, book: Book
    ) -> None:
        issue_points(session, book, book.alice, 100, "earn-1")
        ledger.post(
            session=session,
            key="spend-1",
            kind="points.redeem",
            postings=transfer(source=book.alice, destination=book.merchant, amount=30),
            actor=ACTOR,
            memo="兑换咖啡 coffee",
        )
        # issued 100 to alice; alice paid 30 to the merchant: 100 - 30 = 70.
        assert (_units(session, book.alice), _units(session, book.merchant)) == (70, 30)
        assert _units(session, book.points_issuance) == -100

    def test_the_chain_links_each_transaction_to_the_one_before(
        self, session: Session, book: Book
    ) -> None:
        first = issue_points(session, book, book.alice, 10, "a")
        second = issue_points(session, book, book.bob, 20, "b")
        stored = session.get(Transaction, 2)
        assert stored is not None
        assert (first.seq, second.seq, stored.prev_hash) == (1, 2, first.hash)
        assert session.get(Transaction, 1).prev_hash == GENESIS_HASH  # type: ignore[union-attr]
        head = session.get(LedgerChainHead, 1, populate_existing=True)
        assert head is not None
        assert (head.last_seq, head.last_hash, head.entry_count) == (2, second.hash, 2)

    def test_the_hash_is_sha256_of_the_documented_canonical_json(
        self, session: Session, book: Book
    ) -> None:
        posted = ledger.post(
            session=session,
            key="k-1",
            kind="points.earn",
            postings=transfer(source=book.points_issuance, destination=book.alice, amount=5),
            actor=ACTOR,
            memo="骑行",
            area_code="330421",
            year=2025,
            reference="EV-9",
        )
        # Written out by hand from docs/ledger.md: sorted keys, no spaces, UTF-8, postings
        # sorted by account id; the issuance account was opened first, so it has the lower id.
        issuance, alice = book.points_issuance, book.alice
        expected = (
            '{"actor":{"role":"official","user_id":7,"username":"wang"},"area_code":"330421",'
            f'"created_at":"{timestamp(posted.created_at)}","key":"k-1","kind":"points.earn",'
            '"memo":"骑行","postings":['
            f'{{"account_id":{issuance},"account_kind":"issuance","amount":-5,'
            '"asset":"points","owner_id":"","owner_type":"platform"},'
            f'{{"account_id":{alice},"account_kind":"holding","amount":5,'
            '"asset":"points","owner_id":"user:1","owner_type":"resident"}],'
            f'"prev_hash":"{GENESIS_HASH}","reference":"EV-9","seq":1,"year":2025}}'
        )
        assert issuance < alice
        assert posted.hash == hashlib.sha256(expected.encode("utf-8")).hexdigest()

    def test_energy_use_rights_are_exact_to_a_thousandth_of_a_tce(self, session: Session) -> None:
        source = ledger.open_account(
            session=session, owner_type="platform", kind="issuance", asset="energy_use_right"
        )
        county = ledger.open_account(
            session=session,
            owner_type="county",
            owner_id="330421",
            kind="holding",
            asset="energy_use_right",
        )
        for i, amount in enumerate(["0.001", "1.002", "12.345"]):
            ledger.post(
                session=session,
                key=f"eur-{i}",
                kind="energy.allocate",
                postings=transfer(source=source.id, destination=county.id, amount=Decimal(amount)),
                actor=ACTOR,
            )
        held = ledger.balance(session=session, account_id=county.id)
        # 0.001 + 1.002 + 12.345 = 13.348 tce exactly (in binary floats it is 13.347999…).
        assert (held.amount, held.units, held.unit) == (Decimal("13.348"), 13_348, "tce")

    def test_an_amount_finer_than_the_quantum_is_refused(self, session: Session) -> None:
        source = ledger.open_account(
            session=session, owner_type="platform", kind="issuance", asset="energy_use_right"
        )
        county = ledger.open_account(
            session=session,
            owner_type="county",
            owner_id="330421",
            kind="holding",
            asset="energy_use_right",
        )
        with pytest.raises(InvalidAmount):
            ledger.post(
                session=session,
                key="x",
                kind="energy.allocate",
                actor=ACTOR,
                postings=transfer(
                    source=source.id, destination=county.id, amount=Decimal("0.0005")
                ),
            )
        assert _count(session, Transaction) == 0

    def test_an_unbalanced_transaction_is_refused_and_nothing_is_written(
        self, session: Session, book: Book
    ) -> None:
        with pytest.raises(Unbalanced) as refused:
            ledger.post(
                session=session,
                key="u",
                kind="points.earn",
                actor=ACTOR,
                postings=[Leg(book.points_issuance, -10), Leg(book.alice, 9)],
            )
        assert (refused.value.code, refused.value.status) == ("ledger.unbalanced", 422)
        assert "-1" in refused.value.message_en  # -10 + 9
        assert (_count(session, Transaction), _count(session, Posting)) == (0, 0)

    def test_legs_of_two_assets_must_each_balance(self, session: Session, book: Book) -> None:
        with pytest.raises(Unbalanced):
            ledger.post(
                session=session,
                key="u",
                kind="swap",
                actor=ACTOR,
                postings=[Leg(book.alice, -10), Leg(book.alice_cash, 10)],
            )

    def test_a_delivery_versus_payment_trade_moves_both_assets_at_once(
        self, session: Session, book: Book
    ) -> None:
        issue_points(session, book, book.alice, 50, "earn")
        ledger.post(
            session=session,
            key="cash-in",
            kind="cash.deposit",
            actor=ACTOR,
            postings=transfer(
                source=book.cash_external, destination=book.merchant_cash, amount=1_000
            ),
        )
        ledger.post(
            session=session,
            key="trade-1",
            kind="points.sell",
            actor=ACTOR,
            postings=[
                *transfer(source=book.alice, destination=book.merchant, amount=40),
                *transfer(source=book.merchant_cash, destination=book.alice_cash, amount=500),
            ],
        )
        # alice: 50 - 40 = 10 points, 500 fen; merchant: 40 points, 1,000 - 500 = 500 fen.
        assert [_units(session, a) for a in (book.alice, book.alice_cash)] == [10, 500]
        assert [_units(session, a) for a in (book.merchant, book.merchant_cash)] == [40, 500]

    def test_an_overdraft_is_refused_with_both_amounts(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.alice, 20, "earn")
        with pytest.raises(InsufficientBalance) as refused:
            ledger.post(
                session=session,
                key="spend",
                kind="points.redeem",
                actor=ACTOR,
                postings=transfer(source=book.alice, destination=book.merchant, amount=30),
            )
        error = refused.value
        assert (error.code, error.status) == ("ledger.insufficient_balance", 409)
        assert "20" in error.message_en and "30" in error.message_en
        assert "余额不足" in error.message_zh
        assert error.extra["account_id"] == book.alice
        assert (_units(session, book.alice), _count(session, Transaction)) == (20, 1)

    def test_spending_the_whole_balance_is_allowed(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.alice, 20, "earn")
        ledger.post(
            session=session,
            key="spend",
            kind="points.redeem",
            actor=ACTOR,
            postings=transfer(source=book.alice, destination=book.merchant, amount=20),
        )
        assert _units(session, book.alice) == 0

    def test_a_retry_with_the_same_key_returns_the_first_transaction(
        self, session: Session, book: Book
    ) -> None:
        first = issue_points(session, book, book.alice, 20, "earn")
        spend = transfer(source=book.alice, destination=book.merchant, amount=20)
        spent = ledger.post(
            session=session, key="spend", kind="points.redeem", actor=ACTOR, postings=spend
        )
        # The retry would overdraw alice (0 left) if it ran again: it must not run again.
        again = ledger.post(
            session=session,
            key="spend",
            kind="points.redeem",
            actor=ACTOR,
            postings=list(reversed(spend)),
        )
        assert (first.replayed, spent.replayed, again.replayed) == (False, False, True)
        assert (again.seq, again.hash) == (spent.seq, spent.hash)
        assert (_units(session, book.merchant), _count(session, Transaction)) == (20, 2)

    @pytest.mark.parametrize(
        "change", ["amount", "account", "kind", "year"], ids=lambda c: f"other {c}"
    )
    def test_a_reused_key_with_another_transaction_is_refused(
        self, session: Session, book: Book, change: str
    ) -> None:
        issue_points(session, book, book.alice, 20, "earn")
        amount = 21 if change == "amount" else 20
        to = book.bob if change == "account" else book.alice
        with pytest.raises(KeyReused) as refused:
            ledger.post(
                session=session,
                key="earn",
                kind="points.bonus" if change == "kind" else "points.earn",
                postings=transfer(source=book.points_issuance, destination=to, amount=amount),
                actor=None,
                year=2025 if change == "year" else None,
            )
        assert (refused.value.code, refused.value.status) == ("ledger.key_reused", 409)
        assert _count(session, Transaction) == 1

    def test_an_unknown_account_is_refused(self, session: Session, book: Book) -> None:
        with pytest.raises(AccountNotFound) as refused:
            ledger.post(
                session=session,
                key="k",
                kind="points.earn",
                actor=None,
                postings=transfer(source=book.points_issuance, destination=9_999, amount=1),
            )
        assert refused.value.status == 404

    def test_retired_units_never_leave(self, session: Session, book: Book) -> None:
        issue_points(session, book, book.alice, 5, "earn")
        ledger.post(
            session=session,
            key="retire",
            kind="points.retire",
            actor=None,
            postings=transfer(source=book.alice, destination=book.points_retirement, amount=5),
        )
        with pytest.raises(InvalidTransaction):
            ledger.post(
                session=session,
                key="unretire",
                kind="points.transfer",
                actor=None,
                postings=transfer(source=book.points_retirement, destination=book.bob, amount=5),
            )

    @pytest.mark.parametrize(
        ("key", "kind", "legs"),
        [
            ("", "points.earn", 2),  # no key
            ("k" * 129, "points.earn", 2),  # key too long
            ("k", "Points Earn", 2),  # kind not a code
            ("k", "points.earn", 1),  # one leg
        ],
    )
    def test_a_malformed_transaction_is_refused(
        self, session: Session, book: Book, key: str, kind: str, legs: int
    ) -> None:
        postings = transfer(source=book.points_issuance, destination=book.alice, amount=1)
        with pytest.raises(InvalidTransaction) as refused:
            ledger.post(session=session, key=key, kind=kind, postings=postings[:legs], actor=None)
        assert refused.value.code == "ledger.invalid_transaction"

    def test_a_zero_leg_is_refused(self, session: Session, book: Book) -> None:
        with pytest.raises(InvalidAmount):
            ledger.post(
                session=session,
                key="k",
                kind="points.earn",
                actor=None,
                postings=[Leg(book.alice, 0), Leg(book.bob, 0)],
            )

    def test_the_actor_is_recorded_and_none_is_the_system(
        self, session: Session, book: Book
    ) -> None:
        issue_points(session, book, book.alice, 1, "by-system")
        ledger.post(
            session=session,
            key="by-wang",
            kind="points.redeem",
            actor=ACTOR,
            postings=transfer(source=book.alice, destination=book.merchant, amount=1),
        )
        actors = session.execute(
            select(Transaction.actor_username, Transaction.actor_role).order_by(Transaction.seq)
        ).all()
        assert [tuple(a) for a in actors] == [(None, None), ("wang", "official")]
