"""Idempotent writes (kit.idempotency): one write per key, the first answer replayed, never a
second write or a 500 when two requests with one key arrive at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from shuangtan import audit
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.principal import Principal
from shuangtan.auth.service import create_user, principal_of
from shuangtan.errors import DomainError, InvalidInput
from shuangtan.kit.errors import IdempotencyInProgress, IdempotencyKeyReused
from shuangtan.kit.idempotency import Idempotency, request_hash
from shuangtan.kit.models import IdempotencyKey


class NoteRead(BaseModel):
    """A written note, as a route would answer it."""

    seq: int
    text: str


def _actor(session: Session, username: str) -> Principal:
    user = create_user(
        session=session,
        actor=None,
        username=username,
        password="correct-horse-battery",
        role="resident",
        display_name=username,
    )
    session.commit()
    return principal_of(user)


def _writes(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "note.write")
        )
        or 0
    )


def _write(session: Session, actor: Principal, text: str) -> Callable[[], NoteRead]:
    def write() -> NoteRead:
        entry = audit.record(
            session=session,
            actor=actor,
            action="note.write",
            entity_type="note",
            entity_id=text,
            before=None,
            after={"text": text},
        )
        return NoteRead(seq=entry.seq, text=text)

    return write


def _once(session: Session, actor: Principal, key: str | None) -> Idempotency:
    return Idempotency(
        session=session,
        actor=actor,
        key=key,
        scope="POST /notes",
        status=201,
        response_type=NoteRead,
    )


class TestRequestHash:
    def test_secrets_are_left_out_of_the_hash(self) -> None:
        with_secret = request_hash("POST /admin/users", {"username": "a", "password": "x"})
        other_secret = request_hash("POST /admin/users", {"username": "a", "password": "y"})
        assert with_secret == other_secret

    def test_the_endpoint_and_the_body_both_count(self) -> None:
        base = request_hash("POST /notes", {"text": "a"})
        assert base != request_hash("POST /other", {"text": "a"})
        assert base != request_hash("POST /notes", {"text": "b"})


class TestOnce:
    def test_without_a_key_every_request_writes(self, session: Session) -> None:
        actor = _actor(session, "nokey")
        for _ in range(2):
            _once(session, actor, None)({"text": "a"}, _write(session, actor, "a"))
        assert _writes(session) == 2

    def test_a_retry_gets_the_first_answer_and_writes_nothing(self, session: Session) -> None:
        actor = _actor(session, "retry")
        first = _once(session, actor, "k-1")({"text": "a"}, _write(session, actor, "a"))
        session.commit()
        called: list[bool] = []

        def never() -> NoteRead:
            called.append(True)
            raise AssertionError("a retry must not run the write")

        again = _once(session, actor, "k-1")({"text": "a"}, never)
        assert isinstance(again, NoteRead) and again == first
        assert not called and _writes(session) == 1

    def test_the_same_key_with_another_body_is_refused(self, session: Session) -> None:
        actor = _actor(session, "reuse")
        _once(session, actor, "k-2")({"text": "a"}, _write(session, actor, "a"))
        session.commit()
        with pytest.raises(IdempotencyKeyReused) as caught:
            _once(session, actor, "k-2")({"text": "b"}, _write(session, actor, "b"))
        assert caught.value.status == 409 and caught.value.code == "idempotency.key_reused"

    def test_keys_belong_to_their_actor(self, session: Session) -> None:
        one, two = _actor(session, "one"), _actor(session, "two")
        _once(session, one, "shared")({"text": "a"}, _write(session, one, "a"))
        _once(session, two, "shared")({"text": "a"}, _write(session, two, "a"))
        assert _writes(session) == 2

    def test_a_refused_write_leaves_no_key_behind(self, session: Session) -> None:
        actor = _actor(session, "refused")

        def refuse() -> NoteRead:
            raise InvalidInput("不行。", "No.")

        with pytest.raises(DomainError):
            _once(session, actor, "k-3")({"text": "a"}, refuse)
        session.rollback()  # the request's transaction, as get_session rolls it back
        answer = _once(session, actor, "k-3")({"text": "a"}, _write(session, actor, "a"))
        assert answer.text == "a" and _writes(session) == 1

    @pytest.mark.parametrize("key", ["", "x" * 129])
    def test_a_key_of_the_wrong_length_is_refused(self, session: Session, key: str) -> None:
        actor = _actor(session, "length")
        with pytest.raises(InvalidInput):
            _once(session, actor, key)


class TestTwoRequestsAtOnce:
    """Two requests with one key, each in its own transaction, released together."""

    def test_one_writes_and_the_other_gets_its_answer_or_a_clear_409(
        self, session_factory: sessionmaker[Session]
    ) -> None:
        with session_factory() as setup:
            actor = _actor(setup, "racer")
        barrier = threading.Barrier(4)
        outcomes: list[Any] = []
        lock = threading.Lock()

        def request() -> None:
            with session_factory() as session:
                barrier.wait()
                try:
                    answer = _once(session, actor, "race")(
                        {"text": "a"}, _write(session, actor, "a")
                    )
                    session.commit()
                    result: Any = answer
                except IdempotencyInProgress as error:
                    session.rollback()
                    result = error
                with lock:
                    outcomes.append(result)

        threads = [threading.Thread(target=request) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with session_factory() as check:
            assert _writes(check) == 1
            keys = check.scalar(
                select(func.count()).select_from(IdempotencyKey).where(IdempotencyKey.key == "race")
            )
            assert keys == 1
        answers = [o for o in outcomes if isinstance(o, NoteRead)]
        assert len(outcomes) == 4 and answers  # every request answered; none failed with a 500
        assert len({(a.seq, a.text) for a in answers}) == 1  # one answer, replayed
        assert all(isinstance(o, (NoteRead, IdempotencyInProgress)) for o in outcomes)
