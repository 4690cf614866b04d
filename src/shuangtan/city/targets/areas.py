"""The plan's areas (规划领域): indicators grouped by the plan section they come from.

The longest matching prefix of an indicator's ``section`` names its area. Chapter 1 (the
13th-FYP achievements) and chapter 2 (the goals) are folded into the chapter-3 task areas they
speak of; the headline targets (2.(3), 1.(1)) stand first as 总体目标.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AREAS", "Area", "area_of"]


@dataclass(frozen=True, slots=True)
class Area:
    """规划领域 an area of the plan's tasks."""

    key: str
    name_zh: str
    name_en: str


AREAS: tuple[Area, ...] = (
    Area("overall", "总体目标(能耗与碳排放双控)", "Headline targets (dual control)"),
    Area("industry", "产业结构绿色转型", "Green transition of industry"),
    Area("energy", "用能结构低碳变革", "Low-carbon energy supply"),
    Area("buildings", "建筑节能减排降碳", "Buildings"),
    Area("transport", "低碳交通运输体系", "Low-carbon transport"),
    Area("agriculture", "农业低碳循环发展", "Agriculture"),
    Area("sinks", "生态系统碳汇能力", "Carbon sinks"),
    Area("governance", "低碳治理与示范", "Governance and pilots"),
)
_BY_KEY = {a.key: a for a in AREAS}
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("1.(1).1", "industry"),  # 一(一)1 产业低碳化发展成效
    ("1.(1).2", "energy"),  # 一(一)2 能源结构低碳转型
    ("1.(1).6", "governance"),  # 一(一)6 节能低碳发展制度
    ("1.(1)", "overall"),
    ("2.(3)", "overall"),  # 二(三) 发展目标
    ("3.(1)", "industry"),
    ("3.(2)", "energy"),
    ("3.(3)", "buildings"),
    ("3.(4)", "transport"),
    ("3.(5)", "agriculture"),
    ("3.(8)", "sinks"),
    ("3.(10)", "governance"),
)


_BY_INDICATOR = {"energy_consumption_total": "overall"}
"""Indicators whose section is a 13th-FYP paragraph but that are a headline target: the energy
total is half of the energy dual control (能耗双控), so it stands with the intensity."""


def area_of(section: str, indicator_id: str | None = None) -> Area:
    """The area of a plan section (``governance`` when no prefix matches)."""
    if indicator_id in _BY_INDICATOR:
        return _BY_KEY[_BY_INDICATOR[indicator_id]]
    best = max(
        (
            p
            for p in _PREFIXES
            if section == p[0] or section.startswith(p[0] + ".") or section.startswith(p[0] + " ")
        ),
        key=lambda p: len(p[0]),
        default=("", "governance"),
    )
    return _BY_KEY[best[1]]
