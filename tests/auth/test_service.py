from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry
from shuangtan.auth import passwords
from shuangtan.auth.errors import (
    InvalidCredentials,
    InvalidScope,
    UsernameTaken,
    WeakPassword,
    WrongPassword,
)
from shuangtan.auth.models import User
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.auth.service import (
    authenticate,
    change_password,
    create_user,
    deactivate_user,
    get_principal,
    list_users,
    principal_of,
)
from shuangtan.errors import InvalidInput, PermissionDenied
from shuangtan.place.scope import Scope

PASSWORD = "a-good-password"


def _user(
    session: Session, actor: Principal | None, username: str, role: Role, **scope: object
) -> User:
    return create_user(
        session=session,
        actor=actor,
        username=username,
        password=PASSWORD,
        role=role,
        display_name=f"用户 {username}",
        **scope,  # type: ignore[arg-type]
    )


class TestCreateUser:
    def test_an_admin_creates_a_resident(self, session: Session, admin: Principal) -> None:
        user = _user(session, admin, "zhang", Role.resident)
        got = (user.role, user.is_active, user.county_code, user.entity_id)
        assert got == ("resident", True, None, None)

    def test_a_non_admin_is_refused(self, session: Session, admin: Principal) -> None:
        official = principal_of(_user(session, admin, "wang", Role.official, county_code="330400"))
        with pytest.raises(PermissionDenied):
            _user(session, official, "lili", Role.resident)

    def test_an_official_needs_a_scope(self, session: Session, admin: Principal) -> None:
        with pytest.raises(InvalidScope):
            _user(session, admin, "wang", Role.official)

    def test_an_official_of_the_whole_city_has_the_city_code(
        self, session: Session, admin: Principal
    ) -> None:
        user = _user(session, admin, "wang", Role.official, county_code="330400")
        assert (user.city_code, user.county_code) == ("330400", None)
        assert principal_of(user).scope == Scope.city("330400")

    def test_an_official_of_jiashan_has_its_county_code(
        self, session: Session, admin: Principal
    ) -> None:
        user = _user(session, admin, "lili", Role.official, county_code="330421")
        assert principal_of(user).scope == Scope.county("330421")

    def test_an_unknown_division_code_is_refused(self, session: Session, admin: Principal) -> None:
        with pytest.raises(InvalidScope):
            _user(session, admin, "wang", Role.official, county_code="330499")

    def test_a_county_scope_is_refused_for_other_roles(
        self, session: Session, admin: Principal
    ) -> None:
        with pytest.raises(InvalidScope):
            _user(session, admin, "zhang", Role.resident, county_code="330421")

    def test_an_enterprise_user_needs_an_entity(self, session: Session, admin: Principal) -> None:
        with pytest.raises(InvalidScope):
            _user(session, admin, "firm", Role.enterprise)
        assert _user(session, admin, "firm", Role.enterprise, entity_id=7).entity_id == 7

    def test_a_password_of_nine_characters_is_too_short(
        self, session: Session, admin: Principal
    ) -> None:
        with pytest.raises(WeakPassword):
            create_user(
                session=session,
                actor=admin,
                username="zhang",
                password="123456789",
                role=Role.resident,
                display_name="张",
            )

    def test_a_username_is_unique_ignoring_case(self, session: Session, admin: Principal) -> None:
        _user(session, admin, "zhang", Role.resident)
        with pytest.raises(UsernameTaken):
            _user(session, admin, "ZHANG", Role.resident)

    def test_an_unknown_role_is_invalid_input(self, session: Session, admin: Principal) -> None:
        with pytest.raises(InvalidInput):
            _user(session, admin, "zhang", "emperor")  # type: ignore[arg-type]

    def test_the_creation_is_audited_without_the_password_hash(
        self, session: Session, admin: Principal
    ) -> None:
        user = _user(session, admin, "zhang", Role.resident)
        latest = select(AuditEntry).where(AuditEntry.action == "user.create")
        entry = session.execute(latest.order_by(AuditEntry.seq.desc())).scalars().first()
        assert entry is not None
        assert (entry.entity_id, entry.actor_username) == (str(user.id), "root")
        assert entry.after is not None and entry.after["username"] == "zhang"
        assert "password_hash" not in entry.after
        assert user.password_hash not in str(entry.after)

    def test_the_database_refuses_an_official_without_scope(
        self, session: Session, city: None
    ) -> None:
        session.add(User(username="x", display_name="x", role="official", password_hash="x"))
        with pytest.raises(IntegrityError):
            session.flush()


class TestAuthenticate:
    def test_the_right_password_gives_the_principal(
        self, session: Session, admin: Principal
    ) -> None:
        user = _user(session, admin, "lili", Role.official, county_code="330421")
        principal = authenticate(session=session, username="lili", password=PASSWORD)
        assert principal == Principal(
            user.id, "lili", "用户 lili", Role.official, Scope.county("330421")
        )

    def test_a_wrong_password_is_refused(self, session: Session, admin: Principal) -> None:
        _user(session, admin, "zhang", Role.resident)
        with pytest.raises(InvalidCredentials):
            authenticate(session=session, username="zhang", password="not-the-password")

    def test_an_unknown_user_gets_the_same_refusal(
        self, session: Session, admin: Principal
    ) -> None:
        with pytest.raises(InvalidCredentials) as refused:
            authenticate(session=session, username="nobody", password=PASSWORD)
        assert refused.value.code == "auth.invalid_credentials"
        assert refused.value.status == 401

    def test_an_inactive_user_is_refused(self, session: Session, admin: Principal) -> None:
        user = _user(session, admin, "zhang", Role.resident)
        deactivate_user(session=session, actor=admin, user_id=user.id)
        with pytest.raises(InvalidCredentials):
            authenticate(session=session, username="zhang", password=PASSWORD)

    def test_a_hash_with_old_parameters_is_replaced_on_login(
        self, session: Session, admin: Principal, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        user = _user(session, admin, "zhang", Role.resident)
        old_hash = user.password_hash
        stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
        monkeypatch.setattr(passwords, "_HASHER", stronger)
        authenticate(session=session, username="zhang", password=PASSWORD)
        assert user.password_hash != old_hash
        assert "m=2048,t=2,p=1" in user.password_hash
        assert (
            authenticate(session=session, username="zhang", password=PASSWORD).username == "zhang"
        )


class TestGetPrincipal:
    def test_an_unknown_id_gives_none(self, session: Session, admin: Principal) -> None:
        assert get_principal(session=session, user_id=999_999) is None

    def test_a_deactivated_user_gives_none(self, session: Session, admin: Principal) -> None:
        user = _user(session, admin, "zhang", Role.resident)
        assert get_principal(session=session, user_id=user.id) is not None
        deactivate_user(session=session, actor=admin, user_id=user.id)
        assert get_principal(session=session, user_id=user.id) is None


class TestChangePassword:
    def test_a_user_changes_their_own_password_giving_the_current_one(
        self, session: Session, admin: Principal
    ) -> None:
        me = principal_of(_user(session, admin, "zhang", Role.resident))
        change_password(
            session=session,
            actor=me,
            user_id=me.user_id,
            new_password="a-new-password",
            current_password=PASSWORD,
        )
        assert authenticate(session=session, username="zhang", password="a-new-password")

    def test_a_wrong_current_password_is_refused(self, session: Session, admin: Principal) -> None:
        me = principal_of(_user(session, admin, "zhang", Role.resident))
        with pytest.raises(WrongPassword):
            change_password(
                session=session,
                actor=me,
                user_id=me.user_id,
                new_password="a-new-password",
                current_password="wrong-password",
            )

    def test_only_an_admin_resets_another_users_password(
        self, session: Session, admin: Principal
    ) -> None:
        zhang = principal_of(_user(session, admin, "zhang", Role.resident))
        li = _user(session, admin, "lili", Role.resident)
        new = "reset-by-the-admin"
        with pytest.raises(PermissionDenied):
            change_password(session=session, actor=zhang, user_id=li.id, new_password=new)
        change_password(session=session, actor=admin, user_id=li.id, new_password=new)
        assert authenticate(session=session, username="lili", password=new)


class TestDeactivateUser:
    def test_a_non_admin_is_refused(self, session: Session, admin: Principal) -> None:
        zhang = principal_of(_user(session, admin, "zhang", Role.resident))
        li = _user(session, admin, "lili", Role.resident)
        with pytest.raises(PermissionDenied):
            deactivate_user(session=session, actor=zhang, user_id=li.id)

    def test_an_admin_cannot_deactivate_themself(self, session: Session, admin: Principal) -> None:
        with pytest.raises(InvalidInput):
            deactivate_user(session=session, actor=admin, user_id=admin.user_id)


class TestListUsers:
    def test_an_admin_sees_every_user(self, session: Session, admin: Principal) -> None:
        _user(session, admin, "zhang", Role.resident)
        users, total = list_users(session=session, actor=admin)
        assert total == 2
        assert [u.username for u in users] == ["root", "zhang"]

    def test_a_non_admin_is_refused(self, session: Session, admin: Principal) -> None:
        zhang = principal_of(_user(session, admin, "zhang", Role.resident))
        with pytest.raises(PermissionDenied):
            list_users(session=session, actor=zhang)
