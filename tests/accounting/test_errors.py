"""The one exception family of the accounting core."""

from __future__ import annotations

import pytest

from shuangtan.accounting import AccountingError
from shuangtan.accounting.errors import LineProblem


class TestAccountingError:
    def test_a_single_problem_carries_code_messages_line_and_pointer(self) -> None:
        error = AccountingError(
            "accounting.unknown_fuel",
            "未知燃料",
            "unknown fuel",
            line_id="a",
            pointer="/lines/0/fuel",
        )
        assert isinstance(error, Exception)
        assert (error.code, error.message_zh, error.message_en) == (
            "accounting.unknown_fuel",
            "未知燃料",
            "unknown fuel",
        )
        assert (error.line_id, error.pointer) == ("a", "/lines/0/fuel")
        assert error.errors == [
            {
                "line_id": "a",
                "pointer": "/lines/0/fuel",
                "code": "accounting.unknown_fuel",
                "message_zh": "未知燃料",
                "message_en": "unknown fuel",
            }
        ]

    def test_many_problems_keep_the_first_as_the_headline(self) -> None:
        error = AccountingError.from_problems(
            [
                LineProblem("accounting.unit_dimension", "甲", "first", "a", "/lines/0/unit"),
                LineProblem("accounting.unknown_gas", "乙", "second", "b", "/lines/1/gas"),
            ]
        )
        assert error.code == "accounting.unit_dimension" and error.line_id == "a"
        assert "2" in error.message_en and "first" in error.message_en
        assert [e["code"] for e in error.errors] == [
            "accounting.unit_dimension",
            "accounting.unknown_gas",
        ]

    def test_no_problems_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError):
            AccountingError.from_problems([])
