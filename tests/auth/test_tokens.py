from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from shuangtan.auth.errors import InvalidToken
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.auth.tokens import AccessClaims, decode_access_token, issue_access_token
from shuangtan.place.scope import Scope, ScopeKind

PRINCIPAL = Principal(42, "bank", "银行", Role.bank, Scope(ScopeKind.consented))
SECRET = "test-secret-with-at-least-32-bytes-of-key"


class TestIssueAccessToken:
    def test_the_token_decodes_to_the_user_id(self) -> None:
        token = issue_access_token(PRINCIPAL, secret=SECRET, minutes=5, jti="login-1")
        assert decode_access_token(token, secret=SECRET) == AccessClaims(42, "login-1")

    def test_the_token_carries_sub_jti_iat_exp_and_role(self) -> None:
        token = issue_access_token(PRINCIPAL, secret=SECRET, minutes=5, jti="login-1")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        assert (claims["sub"], claims["jti"]) == ("42", "login-1")
        assert claims["role"] == "bank"
        assert claims["exp"] - claims["iat"] == 300

    def test_a_token_must_live_at_least_a_minute(self) -> None:
        with pytest.raises(ValueError):
            issue_access_token(PRINCIPAL, secret=SECRET, minutes=0, jti="login-1")


class TestDecodeAccessToken:
    def test_an_expired_token_is_refused(self) -> None:
        past = datetime.now(UTC) - timedelta(hours=1)
        token = jwt.encode(
            {
                "sub": "42",
                "jti": "login-1",
                "iat": past,
                "exp": past + timedelta(minutes=5),
                "typ": "access",
            },
            SECRET,
            algorithm="HS256",
        )
        with pytest.raises(InvalidToken):
            decode_access_token(token, secret=SECRET)

    def test_a_token_signed_with_another_secret_is_refused(self) -> None:
        token = issue_access_token(
            PRINCIPAL, secret="another-secret-with-at-least-32-bytes", minutes=5, jti="login-1"
        )
        with pytest.raises(InvalidToken):
            decode_access_token(token, secret=SECRET)

    def test_a_tampered_payload_is_refused(self) -> None:
        token = issue_access_token(PRINCIPAL, secret=SECRET, minutes=5, jti="login-1")
        header, _payload, signature = token.split(".")
        forged = jwt.encode(
            {"sub": "1", "iat": 0, "exp": 2**40, "typ": "access"}, "x" * 32, algorithm="HS256"
        ).split(".")[1]
        with pytest.raises(InvalidToken):
            decode_access_token(f"{header}.{forged}.{signature}", secret=SECRET)

    def test_an_unsigned_token_is_refused(self) -> None:
        token = jwt.encode({"sub": "42", "iat": 0, "exp": 2**40, "typ": "access"}, None, "none")
        with pytest.raises(InvalidToken):
            decode_access_token(token, secret=SECRET)

    def test_a_token_without_a_jti_is_refused(self) -> None:
        # a token of before the server-side logins (no jti): no login row can be found for it
        now = datetime.now(UTC)
        token = jwt.encode(
            {"sub": "42", "iat": now, "exp": now + timedelta(minutes=5), "typ": "access"},
            SECRET,
            algorithm="HS256",
        )
        with pytest.raises(InvalidToken):
            decode_access_token(token, secret=SECRET)

    def test_garbage_is_refused(self) -> None:
        with pytest.raises(InvalidToken):
            decode_access_token("not.a.token", secret=SECRET)
