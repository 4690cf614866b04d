from __future__ import annotations

from shuangtan.auth.passwords import hash_password, needs_rehash, verify_password


class TestHashPassword:
    def test_the_hash_is_argon2id_and_not_the_password(self) -> None:
        hashed = hash_password("correct horse battery")
        assert hashed.startswith("$argon2id$")
        assert "correct horse battery" not in hashed

    def test_two_hashes_of_one_password_differ_by_their_salt(self) -> None:
        assert hash_password("correct horse battery") != hash_password("correct horse battery")


class TestVerifyPassword:
    def test_the_right_password_verifies(self) -> None:
        assert verify_password(hash_password("correct horse battery"), "correct horse battery")

    def test_a_wrong_password_does_not_verify(self) -> None:
        assert not verify_password(hash_password("correct horse battery"), "correct horse batterz")

    def test_a_malformed_hash_never_verifies(self) -> None:
        assert not verify_password("not-a-hash", "anything at all")


class TestNeedsRehash:
    def test_a_hash_with_current_parameters_needs_no_rehash(self) -> None:
        assert not needs_rehash(hash_password("correct horse battery"))

    def test_a_malformed_hash_needs_a_rehash(self) -> None:
        assert needs_rehash("not-a-hash")
