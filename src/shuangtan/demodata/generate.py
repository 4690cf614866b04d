"""The generator of the synthetic Jiaxing (合成嘉兴): entities, monthly reports, MRV states.

Pure and deterministic: ``generate_city(seed=20211)`` always returns the same city (NumPy
``default_rng``), and does no I/O beyond the accounting core's shipped factor tables. Every
tCO2e and tce of a line comes from :func:`shuangtan.accounting.calculate_batch`.

Calibration (校准), hand-checkable against the published figures:

- The reporting industrial enterprises' 2020 energy is ``INDUSTRY_ENERGY_SHARE`` (70 %) of the
  city's 2020 total energy, 2181 ×10^4 tce (the plan, §1.(1).2; ``statistics.csv``): about
  15.27 Mtce. The generator computes the 2020 energy of the planned quantities with the core and
  rescales every industrial quantity so that the core's total hits the target.
- Their 2020 value added is ``INDUSTRY_VALUE_ADDED_SHARE`` (55 %) of the city's 2020 industrial
  value added, 2560.40 ×10^8 CNY (2020 statistical bulletin): 1408.22 ×10^8 CNY.
- Counties are weighted by 2020 GDP: Haining 1030.78, Tongxiang 1002.98, Jiashan 655.77
  ×10^8 CNY (2020 bulletin); the other 2874.05 are split among Pinghu, Nanhu, Xiuzhou and Haiyan
  in the proportions 0.32 : 0.27 : 0.21 : 0.20 (an assumption of the demo, not a statistic).
- The six plan industries and the others get the counts of ``INDUSTRY_COUNTS`` and lognormal
  sizes (a few very large energy users); the energy-intensive ones use about 90 % of the
  enterprises' energy, as the plan says of the eight energy-intensive industries (> 80 %).

The 2020 reports use the ``cn-ets-reporting`` factor set (the national ETS electricity factor
0.6101 tCO2/MWh of 2019–2020), because the MEE/NBS provincial factors of ``cn-default`` start
in 2021; later years use ``cn-default``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from shuangtan.accounting import calculate_batch
from shuangtan.accounting.batch import Categorical
from shuangtan.accounts.uscc import check_character, organisation_check

__all__ = [
    "CITY_ENERGY_2020_TCE",
    "COUNTY_WEIGHTS",
    "INDUSTRIAL_VALUE_ADDED_2020_10K_CNY",
    "INDUSTRY_COUNTS",
    "INDUSTRY_ENERGY_SHARE",
    "INDUSTRY_VALUE_ADDED_SHARE",
    "SEED",
    "SyntheticCity",
    "SyntheticEntity",
    "generate_city",
    "make_uscc",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SEED = 20211
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
_COUNTY_SHORT = {code: name[:2] for code, name in COUNTY_NAMES.items()}

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

# industry: (mean energy tce/yr before calibration, lognormal sigma, tce per 10^4 CNY value added,
#            output per tce, output unit, name words)
_INDUSTRY: dict[str, tuple[float, float, float, float, str, tuple[str, ...]]] = {
    "C17": (8000, 1.0, 0.9, 1.2, "t", ("纺织", "织造", "印染", "丝绸")),
    "C28": (40000, 1.2, 2.0, 2.5, "t", ("化纤", "化学纤维", "新纤维")),
    "C22": (25000, 1.0, 1.6, 2.0, "t", ("纸业", "造纸", "包装材料")),
    "C26": (20000, 1.1, 1.2, 1.5, "t", ("化工", "新材料", "精细化工")),
    "C30": (15000, 1.0, 2.5, 4.0, "t", ("建材", "水泥", "玻璃", "新型建材")),
    "C31": (60000, 0.9, 3.0, 1.5, "t", ("钢铁", "特钢", "钢业")),
    "C18": (2500, 0.8, 0.25, 50.0, "件", ("服饰", "制衣", "时装")),
    "C29": (2500, 0.8, 0.3, 1.0, "t", ("塑胶", "橡塑", "塑业")),
    "C33": (2500, 0.8, 0.3, 0.8, "t", ("五金", "金属制品", "紧固件")),
    "C34": (2500, 0.8, 0.2, 5.0, "台", ("机械", "通用设备", "机电")),
    "C36": (4000, 0.9, 0.2, 2.0, "件", ("汽车部件", "汽配", "车业")),
    "C38": (3000, 0.9, 0.2, 20.0, "件", ("电气", "光伏", "电器")),
    "C39": (3000, 0.9, 0.15, 100.0, "件", ("电子", "微电子", "光电")),
}
_ENERGY_INTENSIVE = ("C17", "C22", "C26", "C28", "C30", "C31")

# line items: (activity, code for the core, unit stored)
_ITEMS: tuple[tuple[str, str, str], ...] = (
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
_ELEC, _GAS, _HEAT, _DIESEL, _GASOLINE, _COAL, _COKE, _FUEL_OIL, _LPG, _LNG = range(10)
_LIMESTONE, _CH4, _N2O = 10, 11, 12
_COAL_LIKE = (_COAL, _COKE)

# energy mix (share of tce) by industry
_MIX: dict[str, dict[int, float]] = {
    "C17": {_ELEC: 0.55, _GAS: 0.15, _HEAT: 0.25, _DIESEL: 0.04, _GASOLINE: 0.01},
    "C28": {_ELEC: 0.52, _HEAT: 0.25, _GAS: 0.12, _COAL: 0.10, _GASOLINE: 0.01},
    "C22": {_COAL: 0.35, _HEAT: 0.22, _ELEC: 0.30, _GAS: 0.12, _DIESEL: 0.01},
    "C26": {_GAS: 0.25, _COAL: 0.15, _ELEC: 0.35, _HEAT: 0.19, _FUEL_OIL: 0.05, _DIESEL: 0.01},
    "C30": {_COAL: 0.55, _ELEC: 0.30, _GAS: 0.10, _DIESEL: 0.05},
    "C31": {_COKE: 0.40, _ELEC: 0.35, _GAS: 0.15, _COAL: 0.09, _DIESEL: 0.01},
}
_MIX_OTHER = {_ELEC: 0.74, _GAS: 0.18, _DIESEL: 0.04, _GASOLINE: 0.02, _LPG: 0.02}
_MIX_KIND: dict[str, dict[int, float]] = {
    "public_building": {_ELEC: 0.75, _GAS: 0.19, _DIESEL: 0.02, _HEAT: 0.04},
    "transport": {_DIESEL: 0.55, _GASOLINE: 0.10, _GAS: 0.15, _LNG: 0.10, _ELEC: 0.10},
    "farm": {_DIESEL: 0.40, _ELEC: 0.60},
}

_SEASON: dict[str, tuple[float, ...]] = {
    "industrial": (0.98, 0.72, 1.0, 1.02, 1.03, 1.03, 1.06, 1.06, 1.03, 1.02, 1.03, 1.02),
    "public_building": (1.15, 1.05, 0.9, 0.85, 0.9, 1.05, 1.25, 1.3, 1.05, 0.85, 0.85, 1.0),
    "transport": (1.0, 0.85, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 1.05, 1.0, 1.0),
    "farm": (0.7, 0.7, 1.0, 1.2, 1.2, 1.1, 1.1, 1.1, 1.2, 1.0, 0.9, 0.8),
}
# city-wide growth of energy use relative to 2020, and of coal and gas relative to the rest
_GROWTH = {2020: 1.0, 2021: 1.07, 2022: 1.08, 2023: 1.11, 2024: 1.14, 2025: 1.16}
_COAL_TREND = {2020: 1.0, 2021: 0.97, 2022: 0.92, 2023: 0.86, 2024: 0.80, 2025: 0.74}
_GAS_TREND = {2020: 1.0, 2021: 1.02, 2022: 1.05, 2023: 1.08, 2024: 1.10, 2025: 1.12}

_BRAND_1 = "华恒新宏盛鑫天永金达瑞丰祥佳美正博凯联信富嘉兴隆荣昌泰安海远"
_BRAND_2 = "华达源丰盛利通诚泰润昌宇辉邦泽航锦康弘晟越欣茂伟科创力成德"
_ROADS = (
    "中山路",
    "文昌路",
    "环城北路",
    "经济开发区兴业路",
    "工业园区纬二路",
    "长水路",
    "滨海大道",
)
_BUILDINGS = (
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
_FARMS = ("生猪养殖场", "家庭农场", "粮油专业合作社", "水产养殖场")
_VERIFIER_NAMES = (
    "浙江示范碳核查中心",
    "浙江绿衡碳核查技术有限公司",
    "浙江中环碳核查技术有限公司",
    "浙江天衡碳核查技术有限公司",
    "浙江禾源碳核查技术有限公司",
)
_BANK_NAMES = ("嘉兴示范银行", "浙江示范农村商业银行", "长三角示范绿色银行")
_RETURN_COMMENTS = (
    "第1行电力消耗与电费发票不一致，请核对抄表记录后重新提交。",
    "天然气用量与购气合同记录不符，请补充计量凭证。",
    "本月数据较上月异常波动，请说明原因并补充生产记录。",
)
_CONFLICT_REASON = "该机构曾为该企业提供碳资产咨询服务（利益冲突）"

# ---------------------------------------------------------------- unified social credit code


def make_uscc(admin_code: str, organisation_body: str, *, registry: str = "91") -> str:
    """A USCC (GB 32100-2015): registry and type (91 enterprise), admin code, organisation code.

    The check characters come from :mod:`shuangtan.accounts.uscc`.
    """
    first17 = registry + admin_code + organisation_body + organisation_check(organisation_body)
    return first17 + check_character(first17)


# ---------------------------------------------------------------- the city


@dataclass(frozen=True, slots=True)
class SyntheticEntity:
    """合成排放主体 one generated emitter (ids start at 1, in order)."""

    id: int
    kind: str
    name: str
    uscc: str | None
    county_code: str
    industry_code: str | None
    address: str
    land_area_mu: float | None
    floor_area_m2: float | None
    sown_area_mu: float | None
    livestock_head: int | None


@dataclass(frozen=True, slots=True)
class Assignment:
    """核查任务分配 body (index into ``verifier_bodies``) verifying an entity's year."""

    entity_id: int
    year: int
    body: int
    method: str
    seed: int | None
    due_date: date


@dataclass(frozen=True, slots=True)
class Recheck:
    """复查抽取 an entity-year drawn for re-check, and its outcome (None: pending)."""

    entity_id: int
    year: int
    reason: str
    probability: float | None
    outcome: str | None
    corrected_tco2e: float | None


@dataclass(frozen=True)
class SyntheticCity:
    """合成城市 the generated city: entities, reports and lines as columns, MRV records.

    Report arrays are indexed by report (0-based; the database id is index + 1); line arrays by
    line, ``line_report`` pointing into the reports. NaN marks an absent number.
    """

    seed: int
    years: tuple[int, ...]
    entities: tuple[SyntheticEntity, ...]
    report_entity: IntArray
    report_year: IntArray
    report_month: IntArray
    report_status: tuple[str, ...]
    report_comment: tuple[str | None, ...]
    report_factor_set: tuple[str, ...]
    report_value_added: FloatArray
    report_tax: FloatArray
    report_output: FloatArray
    report_output_unit: tuple[str | None, ...]
    report_passenger_km: FloatArray
    report_tonne_km: FloatArray
    reported_tco2e: FloatArray
    reported_scope1_tco2e: FloatArray
    reported_scope2_tco2e: FloatArray
    reported_tce: FloatArray
    verified_tco2e: FloatArray
    verified_tce: FloatArray
    corrected_tco2e: FloatArray
    corrected_tce: FloatArray
    report_body: IntArray  # index into verifier_bodies, -1 when not verified
    line_report: IntArray
    line_no: IntArray
    line_activity: tuple[str, ...]
    line_item: tuple[str | None, ...]
    line_unit: tuple[str, ...]
    line_quantity: FloatArray
    line_tco2e: FloatArray
    line_tce: FloatArray
    line_scope: npt.NDArray[np.int8]
    verifier_bodies: tuple[tuple[str, str], ...]  # (name, uscc)
    banks: tuple[tuple[str, str], ...]
    assignments: tuple[Assignment, ...]
    conflicts: tuple[tuple[int, int, str], ...]  # (body index, entity id, reason)
    rechecks: tuple[Recheck, ...]
    planted: dict[str, tuple[tuple[int, int, int], ...]] = field(default_factory=dict)

    def industrial_energy_tce(self, year: int) -> float:
        """Σ tce of the industrial enterprises' lines of ``year`` (as stored)."""
        industrial = np.array([e.kind == "industrial" for e in self.entities])
        reports = (self.report_year == year) & industrial[self.report_entity - 1]
        return float(self.line_tce[reports[self.line_report]].sum())

    def industrial_value_added(self, year: int) -> float:
        """Σ value added (10^4 CNY) of the industrial enterprises' reports of ``year``."""
        industrial = np.array([e.kind == "industrial" for e in self.entities])
        reports = (self.report_year == year) & industrial[self.report_entity - 1]
        return float(np.nansum(self.report_value_added[reports]))


def _kind_counts(entities: int) -> dict[str, int]:
    total = sum(KIND_COUNTS.values())
    counts = {k: max(1, round(v * entities / total)) for k, v in KIND_COUNTS.items()}
    counts["industrial"] += entities - sum(counts.values())
    return counts


def _industry_counts(n: int) -> list[str]:
    full = sum(INDUSTRY_COUNTS.values())
    codes: list[str] = []
    for code, count in INDUSTRY_COUNTS.items():
        codes += [code] * max(1, round(count * n / full)) if n >= len(INDUSTRY_COUNTS) else []
    if not codes:
        codes = list(INDUSTRY_COUNTS)[:n]
    while len(codes) > n:
        codes.pop(codes.index("C18") if "C18" in codes else -1)
    while len(codes) < n:
        codes.append("C17")
    return codes


class _Names:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def brand(self) -> str:
        a, b = self.rng.integers(0, len(_BRAND_1)), self.rng.integers(0, len(_BRAND_2))
        return _BRAND_1[a] + _BRAND_2[b]

    def unique(self, before: str, after: str, first: str | None = None) -> str:
        """``first`` if still free, else ``before + brand + after`` with a fresh brand."""
        candidate = first if first is not None else before + self.brand() + after
        while candidate in self.seen:
            candidate = before + self.brand() + after
        self.seen.add(candidate)
        return candidate


def generate_city(
    *,
    seed: int = SEED,
    entities: int = 2000,
    years: Sequence[int] = tuple(range(2020, 2026)),
    meters: int = 1,
) -> SyntheticCity:
    """The synthetic city: ``entities`` emitters with monthly reports for ``years``.

    ``meters`` splits every activity line over that many sub-meters (the benchmark uses 2 for
    about 11 lines a report; the demo keeps 1, about 5.6). Entity counts by kind and the
    calibration targets scale with ``entities``.

    At the default scale (2,000 entities, 2020–2025) entity 1 is 嘉兴示范纺织有限公司, a
    mid-sized textile enterprise in 桐乡市 with a full history (the demo ``enterprise`` login).
    """
    rng = np.random.default_rng(seed)
    years = tuple(sorted(years))
    counts = _kind_counts(entities)
    county_codes = list(COUNTY_WEIGHTS)
    weights = np.array(list(COUNTY_WEIGHTS.values()))
    weights /= weights.sum()
    names = _Names(rng)
    used_org: set[str] = set()

    def org_body() -> str:
        while True:
            body = f"{int(rng.integers(10_000_000, 99_999_999)):08d}"
            if body not in used_org:
                used_org.add(body)
                return body

    kinds: list[str] = []
    industries: list[str | None] = []
    for kind, count in counts.items():
        kinds += [kind] * count
        industries += _industry_counts(count) if kind == "industrial" else [None] * count
    # entity 1: the demo enterprise, a mid-sized textile firm in Tongxiang
    first = industries.index("C17")
    industries.insert(0, industries.pop(first))
    n = len(kinds)
    counties = [str(c) for c in rng.choice(county_codes, size=n, p=weights)]
    counties[0] = "330483"

    # planned 2020 energy (tce) and the entity records
    base_energy = np.zeros(n)
    value_added = np.full(n, np.nan)
    livestock = np.zeros(n)
    sown = np.zeros(n)
    records: list[SyntheticEntity] = []
    for i in range(n):
        kind, industry, county = kinds[i], industries[i], counties[i]
        short, full_county = _COUNTY_SHORT[county], COUNTY_NAMES[county]
        address = (
            f"浙江省嘉兴市{full_county}{_ROADS[int(rng.integers(0, len(_ROADS)))]}"
            f"{int(rng.integers(1, 999))}号"
        )
        uscc: str | None = None
        land = floor = sown_mu = None
        head: int | None = None
        if kind == "industrial":
            assert industry is not None
            mean, sigma, intensity, _, _, words = _INDUSTRY[industry]
            base_energy[i] = mean * rng.lognormal(-sigma * sigma / 2, sigma)
            value_added[i] = base_energy[i] / intensity * rng.lognormal(0, 0.35)
            word = words[int(rng.integers(0, len(words)))]
            suffix = "股份有限公司" if rng.random() < 0.2 else "有限公司"
            prefix = ("嘉兴市", "浙江", short, short)[int(rng.integers(0, 4))]
            if i == 0:
                name = names.unique("", "", "嘉兴示范纺织有限公司")
                base_energy[i], value_added[i] = 9000.0, 9000.0 / 0.9
            else:
                name = names.unique(prefix, word + suffix)
            uscc = make_uscc(county, org_body())
            land = float(np.clip(value_added[i] / rng.lognormal(np.log(100), 0.5), 3, 5000))
        elif kind == "public_building":
            base_energy[i] = 600 * rng.lognormal(-0.32, 0.8)
            btype = _BUILDINGS[int(rng.integers(0, len(_BUILDINGS)))]
            name = names.unique(full_county, btype, full_county + btype)
            floor = float(round(base_energy[i] * rng.lognormal(np.log(60), 0.3), 0))
        elif kind == "transport":
            base_energy[i] = 2500 * rng.lognormal(-0.32, 0.8)
            what = ("公交", "客运", "物流", "货运", "港口运输")[int(rng.integers(0, 5))]
            name = names.unique(("嘉兴", short)[i % 2], what + "有限公司")
            uscc = make_uscc(county, org_body())
        else:
            base_energy[i] = 150 * rng.lognormal(-0.18, 0.6)
            what = ("生猪养殖场", "家庭农场", "粮油专业合作社", "水产养殖场")[
                int(rng.integers(0, 4))
            ]
            name = names.unique(short, what)
            if "养殖" in what:
                head = int(base_energy[i] * rng.lognormal(np.log(30), 0.3))
                livestock[i] = head
            else:
                sown_mu = float(round(base_energy[i] * rng.lognormal(np.log(8), 0.3), 1))
                sown[i] = sown_mu
        records.append(
            SyntheticEntity(
                id=i + 1,
                kind=kind,
                name=name,
                uscc=uscc,
                county_code=str(county),
                industry_code=industry,
                address=address,
                land_area_mu=None if land is None else round(land, 3),
                floor_area_m2=floor,
                sown_area_mu=sown_mu,
                livestock_head=head,
            )
        )

    # line templates: (entity index, item, share of the entity's energy or quantity per year)
    t_entity: list[int] = []
    t_item: list[int] = []
    t_share: list[float] = []
    for i in range(n):
        kind, industry = kinds[i], industries[i]
        mix = dict(
            _MIX.get(industry or "", _MIX_OTHER) if kind == "industrial" else _MIX_KIND[kind]
        )
        coal_optional = kind == "industrial" and i != 0 and industry in ("C28", "C26")
        if coal_optional and _COAL in mix and rng.random() < 0.6:  # coal for a few only
            mix[_ELEC] += mix.pop(_COAL)
        shares = np.array(list(mix.values())) * rng.lognormal(0, 0.25, len(mix))
        shares /= shares.sum()
        items = list(mix)
        for item, share in zip(items, shares, strict=True):
            count = 1  # meters of this item
            if item == _ELEC:
                count = 1 + int(base_energy[i] > 3000) + int(base_energy[i] > 20000)
            elif item == _GAS and base_energy[i] > 10000:
                count = 2
            split = rng.dirichlet(np.full(count, 4.0))
            for part in split:
                t_entity.append(i)
                t_item.append(item)
                t_share.append(float(share * part))
        if industry in ("C30", "C31"):  # limestone: t per tce of energy
            t_entity.append(i)
            t_item.append(_LIMESTONE)
            t_share.append(-(1.2 if industry == "C30" else 0.15))
        if livestock[i] > 0:  # CH4 of enteric fermentation and manure, t/head/yr (assumed)
            t_entity.append(i)
            t_item.append(_CH4)
            t_share.append(-0.004 * livestock[i] / base_energy[i])
        if sown[i] > 0:  # N2O from fertiliser, t/mu/yr (assumed)
            t_entity.append(i)
            t_item.append(_N2O)
            t_share.append(-0.00012 * sown[i] / base_energy[i])
            t_entity.append(i)
            t_item.append(_CH4)  # paddy rice CH4, t/mu/yr (assumed)
            t_share.append(-0.012 * sown[i] / base_energy[i])
    te = np.array(t_entity, dtype=np.int64)
    ti = np.array(t_item, dtype=np.int64)
    ts = np.array(t_share)
    if meters > 1:  # every line split over sub-meters (分表计量)
        split = rng.dirichlet(np.full(meters, 4.0), len(ts)).reshape(-1)
        te, ti, ts = np.repeat(te, meters), np.repeat(ti, meters), np.repeat(ts, meters) * split

    # tce per canonical unit of each item, from the core (non-energy items: 0)
    unit_tce = calculate_batch(
        [a for a, _, _ in _ITEMS],
        [c for _, c, _ in _ITEMS],
        np.ones(len(_ITEMS)),
        region="CN-ZJ",
        year=2021,
    ).tce
    energy_line = ts > 0
    annual_quantity = np.where(
        energy_line,
        base_energy[te] * np.abs(ts) / np.where(unit_tce[ti] > 0, unit_tce[ti], 1.0),
        base_energy[te] * np.abs(ts),
    )

    # month factors per entity (N × T): season × growth × an entity's own drift × noise
    months = [(y, m) for y in years for m in range(1, 13)]
    t_count = len(months)
    month_year = np.array([y for y, _ in months])
    month_no = np.array([m for _, m in months])
    by_kind = {k: np.array(v)[month_no - 1] / np.mean(v) for k, v in _SEASON.items()}
    season = np.stack([by_kind[k] for k in kinds]) if kinds else np.ones((0, t_count))
    covid = np.ones(t_count)  # the first weeks of 2020: February and March low
    covid[(month_year == 2020) & (month_no == 2)] = 0.55
    covid[(month_year == 2020) & (month_no == 3)] = 0.9
    growth = np.array([_GROWTH.get(y, 1.16) for y in month_year])
    drift = np.exp(np.cumsum(rng.normal(0, 0.03, (n, len(years))), axis=1))
    drift /= drift[:, :1]
    year_idx = month_year - years[0]
    factor = season * covid * growth * drift[:, year_idx] * rng.lognormal(0, 0.04, (n, t_count))
    present = np.ones((n, t_count), dtype=bool)
    output_factor = np.ones((n, t_count))
    va_factor = np.ones(n)

    planted: dict[str, list[tuple[int, int, int]]] = {
        "mom_jump": [],
        "missing": [],
        "mismatch": [],
        "peer_intensity": [],
    }
    late = np.flatnonzero(month_year >= max(years[0], years[-1] - 1))
    for i in range(1, n):
        roll = rng.random()
        if roll < 0.02 and len(late):
            t = int(rng.choice(late))
            factor[i, t] *= rng.uniform(2.5, 4.0)
            planted["mom_jump"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.035 and len(late):
            t = int(rng.choice(late[late < t_count - 12] if (late < t_count - 12).any() else late))
            present[i, t] = False
            planted["missing"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.05 and kinds[i] == "industrial" and len(late):
            t = int(rng.choice(late))
            output_factor[i, t] = 0.3
            planted["mismatch"].append((i + 1, int(month_year[t]), int(month_no[t])))
        elif roll < 0.06 and kinds[i] == "industrial":
            va_factor[i] = 0.2
            planted["peer_intensity"].append((i + 1, years[0], 1))

    # per item year trends (coal down, gas up)
    coal_trend = np.array([_COAL_TREND.get(y, 0.74) for y in month_year])
    gas_trend = np.array([_GAS_TREND.get(y, 1.12) for y in month_year])
    trend = np.ones((len(_ITEMS), t_count))
    for item in _COAL_LIKE:
        trend[item] = coal_trend
    trend[_GAS] = gas_trend
    trend[_LNG] = gas_trend
    trend[_CH4] = trend[_N2O] = 1.0 / growth  # farming does not grow with industry

    # reports (entity-major, then month), and lines (report-major, then template order)
    report_index = np.full((n, t_count), -1, dtype=np.int64)
    status = np.full((n, t_count), "locked", dtype=object)
    # 2025-like last year: every workflow state; earlier years verified or locked
    lag = rng.choice(5, size=n, p=[0.45, 0.3, 0.15, 0.07, 0.03])
    lag[0] = 1
    last_year = years[-1]
    selected: dict[tuple[int, int], str] = {}
    rechecks: list[Recheck] = []
    large = base_energy >= 50_000
    risky = {(e, y) for rule in planted.values() for e, y, _ in rule}
    for y in years:
        if y < 2021 or y >= last_year:
            continue
        draw = np.random.default_rng(seed * 100 + y - 2000).random(n)
        for i in range(n):
            risk = (i + 1, y) in risky
            probability = 0.5 if risk else 0.03
            if large[i]:
                reason, p = "tier", None
            elif draw[i] < probability:
                reason, p = ("risk" if risk else "random"), probability
            else:
                continue
            pending = y == last_year - 1
            outcome = None if pending else ("corrected" if rng.random() < 0.15 else "confirmed")
            selected[(i, y)] = outcome or "recheck"
            rechecks.append(Recheck(i + 1, y, reason, p, outcome, None))
    for t, (y, m) in enumerate(months):
        if y == last_year:
            cut = 12 - lag
            status[:, t] = np.where(
                m <= cut - 2,
                "verified",
                np.where(
                    m == cut - 1,
                    "under_verification",
                    np.where(m == cut, "submitted", np.where(m == cut + 1, "draft", "")),
                ),
            )
            present[:, t] &= m <= cut + 1
        elif y == last_year - 1:
            status[:, t] = "verified"
        for (i, sy), outcome in selected.items():
            if sy == y and y >= last_year - 2:
                status[i, t] = outcome
    # returned reports: a few verified months of the last year went back with a comment
    returned = (status == "verified") & (month_year == last_year)[None, :]
    returned &= rng.random((n, t_count)) < 0.03
    if last_year == 2025 and n > 0 and 9 in month_no:
        returned[0, (month_year == last_year) & (month_no == 9)] = True
    status[returned] = "returned"
    present &= status != ""
    rows, cols = np.nonzero(present)
    report_count = len(rows)
    report_index[rows, cols] = np.arange(report_count)

    # lines: every template line of the entity in every present month
    order = np.argsort(te, kind="stable")
    te, ti, annual_quantity = te[order], ti[order], annual_quantity[order]
    starts = np.searchsorted(te, np.arange(n))
    ends = np.searchsorted(te, np.arange(n), side="right")
    per_entity = ends - starts
    lines_per_report = per_entity[rows]
    line_report = np.repeat(np.arange(report_count), lines_per_report)
    offsets = np.arange(len(line_report)) - np.repeat(
        np.cumsum(lines_per_report) - lines_per_report, lines_per_report
    )
    template = starts[rows][line_report] + offsets
    line_month = cols[line_report]
    line_entity = rows[line_report]
    item = ti[template]
    quantity = (
        annual_quantity[template]
        / 12
        * factor[line_entity, line_month]
        * trend[item, line_month]
        * rng.lognormal(0, 0.05, len(template))
    )
    line_year = month_year[line_month]

    activity_cat = Categorical(tuple(a for a, _, _ in _ITEMS), item.astype(np.intp))
    code_cat = Categorical(tuple(c for _, c, _ in _ITEMS), item.astype(np.intp))

    def compute(q: FloatArray) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int8]]:
        tco2e, tce = np.zeros(len(q)), np.zeros(len(q))
        scope = np.zeros(len(q), dtype=np.int8)
        for sets, mask in (
            ("cn-ets-reporting", line_year < 2021),
            ("cn-default", line_year >= 2021),
        ):
            if not mask.any():
                continue
            idx = np.flatnonzero(mask)
            result = calculate_batch(
                Categorical(activity_cat.categories, activity_cat.codes[idx]),
                Categorical(code_cat.categories, code_cat.codes[idx]),
                q[idx],
                region="CN-ZJ",
                year=line_year[idx],
                factor_set=sets,
            )
            tco2e[idx], tce[idx], scope[idx] = result.tco2e, result.tce, result.scope
        return tco2e, tce, scope

    # calibration: rescale industrial quantities so the core's 2020 (or first-year) energy of
    # the industrial enterprises is the target share of the city's energy
    industrial = np.array([k == "industrial" for k in kinds])
    _, tce0, _ = compute(quantity)
    base_year = 2020 if 2020 in years else years[0]
    base_growth = _GROWTH.get(base_year, 1.16)
    target = (
        INDUSTRY_ENERGY_SHARE
        * CITY_ENERGY_2020_TCE
        * counts["industrial"]
        / KIND_COUNTS["industrial"]
        * base_growth
    )
    in_base = industrial[line_entity] & (line_year == base_year)
    scale = target / float(tce0[in_base].sum())
    quantity = np.where(industrial[line_entity], quantity * scale, quantity)

    # verifier adjustments and re-check corrections: the entity reported the first line off by δ
    report_status = status[rows, cols]
    report_year = month_year[cols]
    delta = np.zeros(report_count)
    verified_state = np.isin(report_status, ["verified", "recheck", "confirmed", "locked"])
    adjust = verified_state & (rng.random(report_count) < 0.03)
    delta[adjust] = rng.choice([-1, 1], adjust.sum()) * rng.uniform(0.02, 0.08, adjust.sum())
    corrected_pairs = {(i, y) for (i, y), o in selected.items() if o == "corrected"}
    corrected = np.array(
        [(int(r), int(y)) in corrected_pairs for r, y in zip(rows, report_year, strict=True)],
        dtype=bool,
    )
    delta[corrected] = rng.uniform(0.06, 0.15, int(corrected.sum()))
    returned_r = report_status == "returned"
    delta[returned_r] = rng.uniform(0.1, 0.3, int(returned_r.sum()))
    first_line = offsets == 0
    # lines keep what the entity entered; the verifier's and the re-check's values are the core's
    # results on the true quantities
    entered = np.round(np.where(first_line, quantity * (1 + delta[line_report]), quantity), 6)
    true_quantity = np.round(quantity, 6)
    is_verified = verified_state | (report_status == "corrected")
    tco2e, tce, scope = compute(entered)
    true_tco2e, true_tce, _ = compute(true_quantity)

    def per_report(values: FloatArray) -> FloatArray:
        return np.bincount(line_report, weights=values, minlength=report_count).astype(np.float64)

    drafts = report_status == "draft"
    nan = np.full(report_count, np.nan)
    reported_tco2e = np.where(drafts, nan, per_report(tco2e))
    reported_s1 = np.where(drafts, nan, per_report(np.where(scope == 1, tco2e, 0.0)))
    reported_s2 = np.where(drafts, nan, per_report(np.where(scope == 2, tco2e, 0.0)))
    reported_tce = np.where(drafts, nan, per_report(tce))
    # the verifier caught its adjustments; a re-check caught what the verifier missed
    verified_tco2e = np.where(
        is_verified, np.where(corrected, reported_tco2e, per_report(true_tco2e)), nan
    )
    verified_tce = np.where(
        is_verified, np.where(corrected, reported_tce, per_report(true_tce)), nan
    )
    corrected_tco2e = np.where(corrected, per_report(true_tco2e), nan)
    corrected_tce = np.where(corrected, per_report(true_tce), nan)
    if corrected_pairs:
        rechecks = [
            Recheck(
                r.entity_id,
                r.year,
                r.reason,
                r.probability,
                r.outcome,
                float(corrected_tco2e[(rows == r.entity_id - 1) & (report_year == r.year)].sum())
                if r.outcome == "corrected"
                else None,
            )
            for r in rechecks
        ]

    # denominators of the month
    va_annual = value_added * va_factor
    report_month = month_no[cols]
    va = va_annual[rows] / 12 * factor[rows, cols] * rng.lognormal(0, 0.05, report_count)
    in_va_base = industrial[rows] & (report_year == base_year)
    va_target = (
        INDUSTRY_VALUE_ADDED_SHARE
        * INDUSTRIAL_VALUE_ADDED_2020_10K_CNY
        * counts["industrial"]
        / KIND_COUNTS["industrial"]
    )
    va = np.round(va * va_target / float(np.nansum(va[in_va_base])), 6)
    tax = np.round(va * rng.uniform(0.08, 0.16, report_count), 6)
    energy_month = per_report(tce)
    per_tce = np.array([_INDUSTRY[c][3] if c else np.nan for c in industries])
    unit_of = [_INDUSTRY[c][4] if c else None for c in industries]
    output = np.round(energy_month * per_tce[rows] * output_factor[rows, cols], 3)
    output_unit = [unit_of[i] for i in rows.tolist()]
    transport = np.array([k == "transport" for k in kinds])
    passengers = np.array([any(w in e.name for w in ("公交", "客运")) for e in records])
    passenger_km = np.where(
        (transport & passengers)[rows], np.round(energy_month * 1.2e5, 0), np.nan
    )
    tonne_km = np.where((transport & ~passengers)[rows], np.round(energy_month * 2.5e4, 0), np.nan)
    industrial_va = np.where(industrial[rows], va, np.nan)

    # verifiers: assignment per entity-year, rotation (≤ 3 years in a row), conflicts
    bodies = tuple(
        (name, make_uscc("330100" if k else "330402", org_body()))
        for k, name in enumerate(_VERIFIER_NAMES)
    )
    banks = tuple((name, make_uscc("330400", org_body())) for name in _BANK_NAMES)
    conflicts: list[tuple[int, int, str]] = []
    conflicted: dict[int, int] = {}
    for i in rng.choice(np.arange(1, n), size=max(1, n // 100), replace=False) if n > 1 else []:
        body = int(rng.integers(0, len(bodies)))
        conflicted[int(i)] = body
        conflicts.append((body, int(i) + 1, _CONFLICT_REASON))
    assignments: list[Assignment] = []
    history: dict[int, list[int]] = {}
    for y in years:
        for i in range(n):
            past = history.setdefault(i, [])
            allowed = [
                b
                for b in range(len(bodies))
                if b != conflicted.get(i) and not (len(past) >= 3 and past[-3:] == [b, b, b])
            ]
            body = int(allowed[int(rng.integers(0, len(allowed)))])
            if i == 0 and y == last_year:
                body = 0
            elif i == 0 and body == 0:
                body = 1
            past.append(body)
            chosen = rng.random() < 0.1
            assignments.append(
                Assignment(
                    i + 1,
                    y,
                    body,
                    "assigned" if chosen else "random",
                    None if chosen else seed * 100 + y - 2000,
                    date(y + 1, 4, 30),
                )
            )
    body_of = {(a.entity_id - 1, a.year): a.body for a in assignments}
    report_body = np.array(
        [
            body_of[(int(i), int(y))] if v else -1
            for i, y, v in zip(rows, report_year, is_verified, strict=True)
        ],
        dtype=np.int64,
    )
    comments = tuple(
        _RETURN_COMMENTS[r % len(_RETURN_COMMENTS)]
        if s == "returned"
        else ("复查发现第1行数据有误，已按复查结果更正。" if s == "corrected" else None)
        for r, s in enumerate(report_status)
    )
    return SyntheticCity(
        seed=seed,
        years=years,
        entities=tuple(records),
        report_entity=(rows + 1).astype(np.int64),
        report_year=report_year.astype(np.int64),
        report_month=report_month.astype(np.int64),
        report_status=tuple(str(s) for s in report_status),
        report_comment=comments,
        report_factor_set=tuple(
            "cn-ets-reporting" if y < 2021 else "cn-default" for y in report_year.tolist()
        ),
        report_value_added=industrial_va,
        report_tax=np.where(industrial[rows], tax, np.nan),
        report_output=output,
        report_output_unit=tuple(output_unit),
        report_passenger_km=passenger_km,
        report_tonne_km=tonne_km,
        reported_tco2e=reported_tco2e,
        reported_scope1_tco2e=reported_s1,
        reported_scope2_tco2e=reported_s2,
        reported_tce=reported_tce,
        verified_tco2e=verified_tco2e,
        verified_tce=verified_tce,
        corrected_tco2e=corrected_tco2e,
        corrected_tce=corrected_tce,
        report_body=report_body,
        line_report=line_report.astype(np.int64),
        line_no=(offsets + 1).astype(np.int64),
        line_activity=tuple(_ITEMS[k][0] for k in item.tolist()),
        line_item=tuple(_ITEMS[k][1] or None for k in item.tolist()),
        line_unit=tuple(_ITEMS[k][2] for k in item.tolist()),
        line_quantity=entered,
        line_tco2e=tco2e,
        line_tce=tce,
        line_scope=scope,
        verifier_bodies=bodies,
        banks=banks,
        assignments=tuple(assignments),
        conflicts=tuple(conflicts),
        rechecks=tuple(rechecks),
        planted={k: tuple(v) for k, v in planted.items()},
    )
