"""The password policy (issue 9, point 6: "1234567890" was an accepted password).

Each refused example says the rule that refuses it; the accepted ones are long, mixed and not
built on a name.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import testkit
from shuangtan.auth.errors import WeakPassword
from shuangtan.auth.policy import check_password, is_common

REFUSED = [
    ("1234567890", "digits"),  # the example
    ("0987654321", "digits"),
    ("13905731234", "digits"),  # a phone number
    ("aaaaaaaaaaaa", "repeated"),
    ("abcabcabcabc", "repeated"),
    ("qwertyuiop", "sequence"),  # the top row of keys
    ("1qaz2wsx3edc", "sequence"),  # the columns of keys
    ("abcdefghijk", "sequence"),
    ("qwerty12345", "sequence"),  # two runs, nothing else
    ("password123", "common"),  # a common password with digits after it
    ("Admin@2024", "common"),
    ("P@ssw0rd!!", "common"),
    ("iloveyou!!", "common"),
    ("woaini1314", "common"),  # 我爱你一生一世, pinyin and digits
    ("shuangtan2025", "common"),  # the programme's own name
    ("Tg7#mq2-L", "length"),  # 9 characters
    ("x" * 40 + "Tg7#mq2-Lp9x" * 20, "length"),  # 280 characters, over 256
]
ACCEPTED = [
    "lake-willow-bridge-42",
    "Tg7#mq2-Lp9x",
    "嘉兴南湖的红船1921",
    "lixiaoming-88-lake-willow",  # the name, and more than 10 characters besides
]


class TestCheckPassword:
    @pytest.mark.parametrize(("password", "rule"), REFUSED)
    def test_a_trivial_or_common_password_is_refused(self, password: str, rule: str) -> None:
        with pytest.raises(WeakPassword) as refused:
            check_password(password, username="zhang")
        assert (refused.value.code, refused.value.extra["rule"]) == ("auth.weak_password", rule)
        assert refused.value.message_zh and refused.value.message_en

    @pytest.mark.parametrize("password", ACCEPTED)
    def test_a_long_mixed_password_is_accepted(self, password: str) -> None:
        check_password(password, username="lixiaoming", display_name="李小明")

    def test_a_password_built_on_the_username_is_refused(self) -> None:
        # without "lixiaoming", "-88" is left: 3 characters, fewer than 10
        with pytest.raises(WeakPassword) as refused:
            check_password("lixiaoming-88", username="lixiaoming")
        assert refused.value.extra["rule"] == "name"
        check_password("lixiaoming-88", username="zhang")  # someone else's name is fine

    def test_a_password_built_on_the_display_name_is_refused(self) -> None:
        with pytest.raises(WeakPassword) as refused:
            check_password("Wang.Fang.1990!", username="wf01", display_name="Wang Fang")
        assert refused.value.extra["rule"] == "name"

    def test_the_bundled_list_is_read_and_matches_without_case(self) -> None:
        assert (is_common("PASSWORD"), is_common("woaini"), is_common("Tg7#mq2-Lp9x")) == (
            True,
            True,
            False,
        )


class TestWeakPasswordsAtTheDoors:
    def test_an_administrator_cannot_give_a_new_user_1234567890(self, world: testkit.World) -> None:
        admin = testkit.bearer(TestClient(world.app), "root")
        body = {
            "username": "liming",
            "password": "1234567890",
            "role": "resident",
            "display_name": "李明",
        }
        response = world.client.post("/api/v1/admin/users", json=body, headers=admin)
        problem = testkit.problem(response, 422, "auth.weak_password")
        assert problem["message_zh"] == "密码不能全是数字。"

    def test_the_password_page_refuses_a_common_password_in_chinese(
        self, world: testkit.World
    ) -> None:
        csrf = world.web_login("zhang")
        response = world.client.post(
            "/account/password",
            data={
                "csrf_token": csrf,
                "current_password": testkit.PASSWORD,
                "new_password": "password123",
                "repeat_password": "password123",
            },
            headers={"accept": "text/html"},
        )
        assert response.status_code == 422
        assert "这是常见密码" in response.text
        assert world.client.get("/account/password").status_code == 200  # still logged in
