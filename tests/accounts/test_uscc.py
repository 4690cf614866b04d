"""GB 32100-2015 credit codes: published codes pass, each kind of mistake is named."""

from __future__ import annotations

import pytest

from shuangtan.accounts.errors import InvalidUscc
from shuangtan.accounts.uscc import check_character, organisation_check, validate_uscc

# Character values: digits 0-9, then A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23
# Q24 R25 T26 U27 W28 X29 Y30; weights 3^i mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
PUBLISHED = [
    # GB 32100-2015's own example:
    # 9·1+1·3+3·9+5·27+0·19+1·26+0·16+0·17+21·20+0·29+0·25+0·13+1·8+0·24+0·10+30·30+4·28
    # = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3'
    "91350100M000100Y43",
    # 阿里巴巴(中国)有限公司:
    # 9·1+1·3+3·9+3·27+0·19+1·26+0·16+0·17+7·20+1·29+6·25+1·13+0·8+5·24+8·10+5·30+2·28
    # = 884; 884 mod 31 = 16; 31 − 16 = 15 → 'F'
    "91330100716105852F",
    # 腾讯科技(深圳)有限公司:
    # 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+7·20+1·29+5·25+2·13+6·8+7·24+2·10+6·30+29·28
    # = 1782; 1782 mod 31 = 15; 31 − 15 = 16 → 'G'
    "9144030071526726XG",
    # 华为技术有限公司:
    # 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+1·20+9·29+2·25+2·13+0·8+3·24+8·10+2·30+1·28
    # = 831; 831 mod 31 = 25; 31 − 25 = 6 → '6'
    "914403001922038216",
]


class TestValidateUscc:
    @pytest.mark.parametrize("code", PUBLISHED)
    def test_a_published_code_is_valid(self, code: str) -> None:
        assert validate_uscc(code) == code

    def test_a_code_is_normalised_to_upper_case_without_spaces(self) -> None:
        assert validate_uscc(" 91330100716105852f ") == "91330100716105852F"

    def test_a_wrong_check_character_names_the_expected_one(self) -> None:
        with pytest.raises(InvalidUscc) as caught:
            validate_uscc("91330100716105852G")
        assert caught.value.code == "entity.invalid_uscc"
        assert caught.value.status == 422
        assert "应为“F”" in caught.value.message_zh
        assert "should be 'F'" in caught.value.message_en

    def test_a_wrong_organisation_check_is_refused(self) -> None:
        # GB 11714: 7·3+1·7+6·9+1·10+0·5+5·8+8·4+5·2 = 174; 11 − 174 mod 11 (9) = 2 → '2'
        with pytest.raises(InvalidUscc) as caught:
            validate_uscc("91330100716105853F")
        assert "第17位" in caught.value.message_zh
        assert "'2'" in caught.value.message_en

    @pytest.mark.parametrize("code", ["9133010071610585", "91330100716105852FF", ""])
    def test_a_wrong_length_is_refused(self, code: str) -> None:
        with pytest.raises(InvalidUscc) as caught:
            validate_uscc(code)
        assert "18" in caught.value.message_en

    @pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V"])
    def test_a_forbidden_letter_is_named(self, char: str) -> None:
        with pytest.raises(InvalidUscc) as caught:
            validate_uscc("91330100716105852" + char)
        assert f"'{char}' is not allowed" in caught.value.message_en
        assert "I、O、Z、S、V" in caught.value.message_zh

    def test_an_unknown_registration_authority_is_refused(self) -> None:
        with pytest.raises(InvalidUscc) as caught:
            validate_uscc("B1330100716105852F")
        assert "registration authority" in caught.value.message_en

    def test_a_division_with_letters_is_refused(self) -> None:
        with pytest.raises(InvalidUscc):
            validate_uscc("9133A100716105852F")


class TestCheckCharacters:
    def test_thirty_one_becomes_zero(self) -> None:
        # 17 zeros: Σ = 0, 31 − 0 = 31 → 0
        assert check_character("0" * 17) == "0"

    def test_organisation_check_ten_is_x(self) -> None:
        # 腾讯 body 71526726: 7·3+1·7+5·9+2·10+6·5+7·8+2·4+6·2 = 199; 199 mod 11 = 1 → 10 → 'X'
        assert organisation_check("71526726") == "X"
