"""The published figures the synthetic city is calibrated to (校准), and the demo's shares.

Hand-checkable against the sources:

- The reporting industrial enterprises' 2020 energy is ``INDUSTRY_ENERGY_SHARE`` (70 %) of the
  city's 2020 total energy, 2181 ×10^4 tce (the plan, §1.(1).2; ``statistics.csv``): about
  15.27 Mtce. The generator computes the 2020 energy of the planned quantities with the core and
  rescales every industrial quantity so that the core's total hits the target.
- Their 2020 value added is ``INDUSTRY_VALUE_ADDED_SHARE`` (55 %) of the city's 2020 industrial
  value added, 2560.40 ×10^8 CNY (2020 statistical bulletin): 1408.22 ×10^8 CNY.
- Counties are weighted by 2020 GDP: Haining 1030.78, Tongxiang 1002.98, Jiashan 655.77
  ×10^8 CNY (2020 bulletin); the other 2874.05 are split among Pinghu, Nanhu, Xiuzhou and Haiyan
  in the proportions 0.32 : 0.27 : 0.21 : 0.20 (an assumption of the demo, not a statistic).
- The six plan industries and the others get the counts of ``INDUSTRY_COUNTS``; the targets
  scale with the number of industrial enterprises generated (``KIND_COUNTS`` at full scale).
"""

from __future__ import annotations

__all__ = [
    "CITY_ENERGY_2020_TCE",
    "COUNTY_NAMES",
    "COUNTY_WEIGHTS",
    "GROWTH",
    "INDUSTRIAL_VALUE_ADDED_2020_10K_CNY",
    "INDUSTRY_COUNTS",
    "INDUSTRY_ENERGY_SHARE",
    "INDUSTRY_VALUE_ADDED_SHARE",
    "KIND_COUNTS",
    "LATER_GROWTH",
    "SEED",
    "growth_factor",
    "industrial_energy_target",
    "industrial_value_added_target",
]

SEED = 20211
"""The seed of the demo city."""
CITY_ENERGY_2020_TCE = 2181e4
"""Jiaxing's 2020 total energy consumption, 2181 ×10^4 tce (the plan §1.(1).2)."""
INDUSTRY_ENERGY_SHARE = 0.70
"""Share of the city's 2020 energy used by the reporting industrial enterprises (assumption)."""
INDUSTRIAL_VALUE_ADDED_2020_10K_CNY = 2560.40e4
"""Jiaxing's 2020 industrial value added, 2560.40 ×10^8 CNY = 25,604,000 ×10^4 CNY."""
INDUSTRY_VALUE_ADDED_SHARE = 0.55
"""Share of that value added produced by the reporting enterprises (assumption)."""

COUNTY_WEIGHTS: dict[str, float] = {
    "330481": 1030.78,  # 海宁市 Haining (2020 bulletin)
    "330483": 1002.98,  # 桐乡市 Tongxiang (2020 bulletin)
    "330421": 655.77,  # 嘉善县 Jiashan (2020 bulletin)
    "330482": 2874.05 * 0.32,  # 平湖市 Pinghu (assumed split of the rest)
    "330402": 2874.05 * 0.27,  # 南湖区 Nanhu
    "330411": 2874.05 * 0.21,  # 秀洲区 Xiuzhou
    "330424": 2874.05 * 0.20,  # 海盐县 Haiyan
}
"""County weights: 2020 GDP in 10^8 CNY (5563.58 in all)."""
COUNTY_NAMES = {
    "330402": "南湖区",
    "330411": "秀洲区",
    "330421": "嘉善县",
    "330424": "海盐县",
    "330481": "海宁市",
    "330482": "平湖市",
    "330483": "桐乡市",
}
"""The counties' names by administrative code."""

INDUSTRY_COUNTS: dict[str, int] = {
    "C17": 400,  # 纺织业 textiles
    "C28": 120,  # 化学纤维 chemical fibres
    "C22": 80,  # 造纸 paper
    "C26": 150,  # 化学原料和化学制品 chemicals
    "C30": 120,  # 非金属矿物制品 building materials
    "C31": 15,  # 黑色金属 steel
    "C18": 120,
    "C29": 120,
    "C33": 100,
    "C34": 100,
    "C36": 50,
    "C38": 80,
    "C39": 45,
}
"""Industrial enterprises per GB/T 4754-2017 division at full scale (1,500)."""
KIND_COUNTS = {"industrial": 1500, "public_building": 250, "transport": 150, "farm": 100}
"""Emitters by kind at full scale (2,000)."""

GROWTH = {2020: 1.0, 2021: 1.07, 2022: 1.08, 2023: 1.11, 2024: 1.14, 2025: 1.16}
"""City-wide growth of energy use relative to 2020 (assumption; see :func:`growth_factor`)."""
LATER_GROWTH = 1.02
"""Growth of energy use a year after 2025 (+2 %/yr, an assumption of the demo: the 2021–2025
pace of about +3 %/yr slowing as the plan's intensity targets bite)."""


def growth_factor(year: int) -> float:
    """The city's energy use in ``year`` relative to 2020: :data:`GROWTH`, then
    :data:`LATER_GROWTH` a year compounded on 2025 (1.16 × 1.02 = 1.1832 in 2026)."""
    if year in GROWTH:
        return GROWTH[year]
    last = max(GROWTH)
    if year < min(GROWTH):
        return GROWTH[min(GROWTH)]
    return GROWTH[last] * LATER_GROWTH ** (year - last)


def industrial_energy_target(industrial: int, base_year: int) -> float:
    """The industrial enterprises' energy (tce) in ``base_year``: the share of the city's 2020
    energy, scaled by the enterprises generated and grown to ``base_year``."""
    base_growth = growth_factor(base_year)
    return (
        INDUSTRY_ENERGY_SHARE
        * CITY_ENERGY_2020_TCE
        * industrial
        / KIND_COUNTS["industrial"]
        * base_growth
    )


def industrial_value_added_target(industrial: int) -> float:
    """The industrial enterprises' value added (10^4 CNY) in the base year: the share of the
    city's 2020 industrial value added, scaled by the enterprises generated."""
    return (
        INDUSTRY_VALUE_ADDED_SHARE
        * INDUSTRIAL_VALUE_ADDED_2020_10K_CNY
        * industrial
        / KIND_COUNTS["industrial"]
    )
