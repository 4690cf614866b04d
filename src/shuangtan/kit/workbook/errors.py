"""Problems of an uploaded workbook (模板错误) and the one error that lists them.

Every problem the engine or a room finds in an upload is a :class:`Problem`: where it is
(sheet, row, column letter, header) and what is wrong, in Chinese and English. They are
collected, never raised one by one, and raised together as one :class:`WorkbookInvalid`
(422) whose problem document carries ``errors: [{sheet, row, column, header, message_zh,
message_en}]``. A room subclasses :class:`WorkbookInvalid` to keep its own stable code
(``report.workbook_invalid``, ``inventory.workbook_invalid``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from shuangtan.errors import InvalidInput

__all__ = ["NOT_A_WORKBOOK", "Problem", "WorkbookInvalid"]


@dataclass(frozen=True, slots=True)
class Problem:
    """模板错误 one problem of an uploaded workbook: where it is and what is wrong.

    ``row`` is the worksheet's row number (1-based) and ``column`` its letter; either is None
    when the problem is about a whole sheet, column or file.
    """

    sheet: str
    row: int | None
    column: str | None
    header: str | None
    message_zh: str
    message_en: str

    @property
    def where(self) -> str:
        """A short place name: ``活动数据 Activity E4``, or the sheet alone, or nothing."""
        cell = f"{self.column or ''}{self.row or ''}"
        return " ".join(part for part in (self.sheet, cell) if part)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of one entry of the problem document's ``errors``."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def file_problem(message_zh: str, message_en: str) -> Problem:
    """A problem of the file as a whole (no sheet, row or column)."""
    return Problem("", None, None, None, message_zh, message_en)


NOT_A_WORKBOOK = file_problem(
    "文件不是有效的 Excel（.xlsx）工作簿，请上传平台下载的模板",
    "the file is not an Excel (.xlsx) workbook; please upload the platform's template",
)
"""The one answer to a file that cannot be read as xlsx: not a zip, a part missing, bad XML."""


class WorkbookInvalid(InvalidInput):
    """模板内容有误 the uploaded workbook has problems; each is listed, nothing was imported.

    A room subclasses it with its own ``code``; the engine raises the room's class.
    """

    code = "workbook.invalid"
    title = "Workbook invalid"

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> Self:
        """The error listing ``problems`` (at least one), the first named in the message."""
        if not problems:
            raise ValueError("a workbook error needs at least one problem")
        first = problems[0]
        count = len(problems)
        where_zh = f"（{first.where}）" if first.where else ""
        where_en = f" ({first.where})" if first.where else ""
        return cls(
            f"模板有 {count} 处错误，未导入任何数据；第一处{where_zh}：{first.message_zh}",
            f"The workbook has {count} problem(s); nothing was imported. "
            f"First{where_en}: {first.message_en}",
            errors=[problem.as_dict() for problem in problems],
        )
