"""The six energy-intensive industries of the peak plan (六大高耗能行业) as GB/T 4754 divisions.

The plan names them in §3.(10).6 (推进钢铁、建材、化工、化纤、造纸、纺织等高碳排放行业达峰行动)
and again in §3.(1) (控制钢铁、建材、化工、化纤、造纸、纺织等行业新增产能). In
``data/cities/jiaxing/industries.csv`` they are exactly the rows with a ``plan_key_industry``;
all six are also flagged ``energy_intensive`` (浙江省八大高耗能行业, which adds C25 petroleum
processing and D44 electricity and heat, not in the plan's list of six).
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["SIX_INDUSTRIES", "is_six"]

SIX_INDUSTRIES = MappingProxyType(
    {
        "C31": ("钢铁", "Steel"),  # 黑色金属冶炼和压延加工业, plan_key_industry=steel
        "C30": ("建材", "Building materials"),  # 非金属矿物制品业 (cement, glass)
        "C26": ("化工", "Chemicals"),  # 化学原料和化学制品制造业
        "C28": ("化纤", "Chemical fibres"),  # 化学纤维制造业
        "C22": ("造纸", "Paper"),  # 造纸和纸制品业
        "C17": ("纺织", "Textiles"),  # 纺织业
    }
)
"""Division code → the plan's short name (zh, en), in the plan's order."""


def is_six(code: str) -> bool:
    """Whether ``code`` is one of the plan's six energy-intensive industries."""
    return code in SIX_INDUSTRIES
