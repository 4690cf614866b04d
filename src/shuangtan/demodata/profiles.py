"""The demo's profiles of emitters (排放主体画像): industries, energy mixes, line items, seasons,
trends and the words names are made of. Assumptions of the demo, not statistics.

The six plan industries (纺织, 化纤, 造纸, 化工, 建材, 钢铁) have lognormal sizes with a few very
large energy users; they use about 90 % of the enterprises' energy, as the plan says of the
eight energy-intensive industries (> 80 %).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "BANK_NAMES",
    "BRAND_1",
    "BRAND_2",
    "BUILDINGS",
    "CH4",
    "COAL",
    "COAL_LIKE",
    "COAL_TREND",
    "CONFLICT_REASON",
    "DIESEL",
    "ELEC",
    "ENERGY_INTENSIVE",
    "FARMS",
    "GAS",
    "GAS_TREND",
    "INDUSTRY",
    "ITEMS",
    "LIMESTONE",
    "LNG",
    "MIX",
    "MIX_KIND",
    "MIX_OTHER",
    "N2O",
    "RETURN_COMMENTS",
    "ROADS",
    "SEASON",
    "TRANSPORT_WORDS",
    "VERIFIER_NAMES",
    "VERIFIER_PROFILES",
    "IndustryProfile",
    "VerifierProfile",
]


class IndustryProfile(NamedTuple):
    """行业画像 an industry's size, intensity and output, and the words of its names."""

    mean_tce: float  # mean energy tce/yr before calibration
    sigma: float  # lognormal sigma of the size
    tce_per_value_added: float  # tce per 10^4 CNY value added
    output_per_tce: float
    output_unit: str
    words: tuple[str, ...]


INDUSTRY: dict[str, IndustryProfile] = {
    "C17": IndustryProfile(8000, 1.0, 0.9, 1.2, "t", ("纺织", "织造", "印染", "丝绸")),
    "C28": IndustryProfile(40000, 1.2, 2.0, 2.5, "t", ("化纤", "化学纤维", "新纤维")),
    "C22": IndustryProfile(25000, 1.0, 1.6, 2.0, "t", ("纸业", "造纸", "包装材料")),
    "C26": IndustryProfile(20000, 1.1, 1.2, 1.5, "t", ("化工", "新材料", "精细化工")),
    "C30": IndustryProfile(15000, 1.0, 2.5, 4.0, "t", ("建材", "水泥", "玻璃", "新型建材")),
    "C31": IndustryProfile(60000, 0.9, 3.0, 1.5, "t", ("钢铁", "特钢", "钢业")),
    "C18": IndustryProfile(2500, 0.8, 0.25, 50.0, "件", ("服饰", "制衣", "时装")),
    "C29": IndustryProfile(2500, 0.8, 0.3, 1.0, "t", ("塑胶", "橡塑", "塑业")),
    "C33": IndustryProfile(2500, 0.8, 0.3, 0.8, "t", ("五金", "金属制品", "紧固件")),
    "C34": IndustryProfile(2500, 0.8, 0.2, 5.0, "台", ("机械", "通用设备", "机电")),
    "C36": IndustryProfile(4000, 0.9, 0.2, 2.0, "件", ("汽车部件", "汽配", "车业")),
    "C38": IndustryProfile(3000, 0.9, 0.2, 20.0, "件", ("电气", "光伏", "电器")),
    "C39": IndustryProfile(3000, 0.9, 0.15, 100.0, "件", ("电子", "微电子", "光电")),
}
"""The industries (GB/T 4754-2017 divisions) the enterprises belong to."""
ENERGY_INTENSIVE = ("C17", "C22", "C26", "C28", "C30", "C31")
"""The six energy-intensive plan industries."""

ITEMS: tuple[tuple[str, str, str], ...] = (
    ("purchased_electricity", "", "MWh"),
    ("fuel_combustion", "natural_gas", "10^4 Nm3"),
    ("purchased_heat", "", "GJ"),
    ("fuel_combustion", "diesel", "t"),
    ("fuel_combustion", "gasoline", "t"),
    ("fuel_combustion", "bituminous_coal", "t"),
    ("fuel_combustion", "coke", "t"),
    ("fuel_combustion", "fuel_oil", "t"),
    ("fuel_combustion", "lpg", "t"),
    ("fuel_combustion", "lng", "t"),
    ("process", "limestone", "t"),
    ("non_co2", "CH4", "t"),
    ("non_co2", "N2O", "t"),
)
"""Line items: (activity, code for the accounting core, unit stored); indexed by the names below."""
ELEC, GAS, HEAT, DIESEL, GASOLINE, COAL, COKE, FUEL_OIL, LPG, LNG = range(10)
LIMESTONE, CH4, N2O = 10, 11, 12
COAL_LIKE = (COAL, COKE)

MIX: dict[str, dict[int, float]] = {
    "C17": {ELEC: 0.55, GAS: 0.15, HEAT: 0.25, DIESEL: 0.04, GASOLINE: 0.01},
    "C28": {ELEC: 0.52, HEAT: 0.25, GAS: 0.12, COAL: 0.10, GASOLINE: 0.01},
    "C22": {COAL: 0.35, HEAT: 0.22, ELEC: 0.30, GAS: 0.12, DIESEL: 0.01},
    "C26": {GAS: 0.25, COAL: 0.15, ELEC: 0.35, HEAT: 0.19, FUEL_OIL: 0.05, DIESEL: 0.01},
    "C30": {COAL: 0.55, ELEC: 0.30, GAS: 0.10, DIESEL: 0.05},
    "C31": {COKE: 0.40, ELEC: 0.35, GAS: 0.15, COAL: 0.09, DIESEL: 0.01},
}
"""Energy mix (share of tce) of the energy-intensive industries."""
MIX_OTHER = {ELEC: 0.74, GAS: 0.18, DIESEL: 0.04, GASOLINE: 0.02, LPG: 0.02}
"""Energy mix of the other industries."""
MIX_KIND: dict[str, dict[int, float]] = {
    "public_building": {ELEC: 0.75, GAS: 0.19, DIESEL: 0.02, HEAT: 0.04},
    "transport": {DIESEL: 0.55, GASOLINE: 0.10, GAS: 0.15, LNG: 0.10, ELEC: 0.10},
    "farm": {DIESEL: 0.40, ELEC: 0.60},
}
"""Energy mix of the emitters that are not industrial enterprises."""

SEASON: dict[str, tuple[float, ...]] = {
    "industrial": (0.98, 0.72, 1.0, 1.02, 1.03, 1.03, 1.06, 1.06, 1.03, 1.02, 1.03, 1.02),
    "public_building": (1.15, 1.05, 0.9, 0.85, 0.9, 1.05, 1.25, 1.3, 1.05, 0.85, 0.85, 1.0),
    "transport": (1.0, 0.85, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.05, 1.0, 1.0),
    "farm": (0.7, 0.7, 1.0, 1.2, 1.2, 1.1, 1.1, 1.1, 1.2, 1.0, 0.9, 0.8),
}
"""Seasonal profile of each kind's monthly activity, January to December."""
COAL_TREND = {2020: 1.0, 2021: 0.97, 2022: 0.92, 2023: 0.86, 2024: 0.80, 2025: 0.74}
"""Coal relative to the rest of the energy, by year (0.74 after 2025)."""
GAS_TREND = {2020: 1.0, 2021: 1.02, 2022: 1.05, 2023: 1.08, 2024: 1.10, 2025: 1.12}
"""Gas relative to the rest of the energy, by year (1.12 after 2025)."""

BRAND_1 = "华恒新宏盛鑫天永金达瑞丰祥佳美正博凯联信富嘉兴隆荣昌泰安海远"
BRAND_2 = "华达源丰盛利通诚泰润昌宇辉邦泽航锦康弘晟越欣茂伟科创力成德"
ROADS = (
    "中山路",
    "文昌路",
    "环城北路",
    "经济开发区兴业路",
    "工业园区纬二路",
    "长水路",
    "滨海大道",
)
BUILDINGS = (
    "人民医院",
    "中医院",
    "第一中学",
    "实验小学",
    "行政中心",
    "图书馆",
    "体育中心",
    "职业技术学校",
    "妇幼保健院",
    "市民服务中心",
    "文化艺术中心",
    "购物中心",
)
TRANSPORT_WORDS = ("公交", "客运", "物流", "货运", "港口运输")
FARMS = ("生猪养殖场", "家庭农场", "粮油专业合作社", "水产养殖场")
VERIFIER_NAMES = (
    "浙江示范碳核查中心",
    "浙江绿衡碳核查技术有限公司",
    "浙江中环碳核查技术有限公司",
    "浙江天衡碳核查技术有限公司",
    "浙江禾源碳核查技术有限公司",
)


class VerifierProfile(NamedTuple):
    """核查机构画像 a verification body's pace and care (assumptions of the demo)."""

    median_days: float  # days from submission to verification, median
    spread: float  # σ of the days' logarithm (lognormal)
    correction_rate: float  # chance that a re-check of an entity-year it verified corrects it
    return_rate: float  # share of an entity's newest verified months it sends back (退回)


VERIFIER_PROFILES = (
    VerifierProfile(21.0, 0.30, 0.12, 0.04),
    VerifierProfile(12.0, 0.45, 0.30, 0.01),  # fast and careless
    VerifierProfile(28.0, 0.25, 0.06, 0.05),
    VerifierProfile(45.0, 0.35, 0.03, 0.08),  # slow and careful
    VerifierProfile(33.0, 0.50, 0.20, 0.03),
)
"""The bodies of ``VERIFIER_NAMES``, in order: each its own pace, correction rate and return
rate. Invented for the demo (no body publishes them); the mean of a lognormal is median ×
exp(σ²/2), so the pages show about 22.0, 13.3, 28.9, 47.8 and 37.4 days."""
BANK_NAMES = ("嘉兴示范银行", "浙江示范农村商业银行", "长三角示范绿色银行")
RETURN_COMMENTS = (
    "第1行电力消耗与电费发票不一致，请核对抄表记录后重新提交。",
    "天然气用量与购气合同记录不符，请补充计量凭证。",
    "本月数据较上月异常波动，请说明原因并补充生产记录。",
)
CONFLICT_REASON = "该机构曾为该企业提供碳资产咨询服务（利益冲突）"
