"""The one exception family of the accounting core (核算错误).

Every refusal carries a stable machine ``code`` (``accounting.unit_dimension``), a Chinese and
an English message, the id of the activity line at fault and a JSON pointer into the request
document (``/lines/2/unit``). A document with several bad lines raises one
:class:`AccountingError` whose ``errors`` lists every problem, so a caller can report them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["AccountingError", "LineProblem"]


@dataclass(frozen=True, slots=True)
class LineProblem:
    """One problem of one line or of the document (核算问题)."""

    code: str
    message_zh: str
    message_en: str
    line_id: str | None = None
    pointer: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: ``{line_id, pointer, code, message_zh, message_en}``."""
        return {
            "line_id": self.line_id,
            "pointer": self.pointer,
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


class AccountingError(Exception):
    """A calculation refused, with every reason (核算错误).

    Attributes: ``code``, ``message_zh``, ``message_en``, ``line_id``, ``pointer`` of the first
    problem, and ``errors``: the list of all problems as dicts
    ``{line_id, pointer, code, message_zh, message_en}``. With several problems the messages
    say how many there are and repeat the first one.
    """

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        *,
        line_id: str | None = None,
        pointer: str | None = None,
    ) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.line_id = line_id
        self.pointer = pointer
        self.problems: tuple[LineProblem, ...] = (
            LineProblem(code, message_zh, message_en, line_id, pointer),
        )

    @classmethod
    def from_problems(cls, problems: Sequence[LineProblem]) -> AccountingError:
        """One error carrying every problem; the first one gives ``code`` and ``line_id``."""
        if not problems:
            raise ValueError("from_problems needs at least one problem")
        first = problems[0]
        if len(problems) == 1:
            zh, en = first.message_zh, first.message_en
        else:
            zh = f"共{len(problems)}处错误，第一处：{first.message_zh}"
            en = f"{len(problems)} problems; the first: {first.message_en}"
        error = cls(first.code, zh, en, line_id=first.line_id, pointer=first.pointer)
        error.problems = tuple(problems)
        return error

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Every problem as ``{line_id, pointer, code, message_zh, message_en}``."""
        return [problem.as_dict() for problem in self.problems]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary (for the API's problem document and the CLI)."""
        return {
            "code": self.code,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "line_id": self.line_id,
            "pointer": self.pointer,
            "errors": self.errors,
        }
