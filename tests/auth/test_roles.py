from __future__ import annotations

from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.place.scope import Scope, ScopeKind


class TestRole:
    def test_the_eight_roles_of_the_requirements_exist(self) -> None:
        assert [r.value for r in Role] == [
            "official",
            "enterprise",
            "verifier",
            "bank",
            "resident",
            "merchant",
            "partner",
            "admin",
        ]

    def test_every_role_has_a_chinese_and_an_english_label(self) -> None:
        assert Role.verifier.label_zh == "核查机构"
        assert Role.verifier.label_en == "Verifier"
        assert all(role.label_zh and role.label_en for role in Role)


class TestPrincipal:
    def test_has_role_is_true_for_one_of_the_roles_given(self) -> None:
        principal = Principal(1, "a", "A", Role.bank, Scope(ScopeKind.consented))
        assert principal.has_role(Role.official, Role.bank)
        assert not principal.has_role(Role.admin)
