"""Base-year Kaya factors from the stored data (基准年因素): city, county, industry.

* City and county (城市、县区): the inventory's totals of the year
  (:func:`shuangtan.city.inventory.service.city_totals`): population P (10^4), GDP at 2015
  prices G (10^4 CNY → 10^8 CNY), energy E (tce) and energy CO2 C (t). Then
  G/P = G[10^8 CNY] / P[10^4] (10^4 CNY/person), E/G = E[tce] / G[10^4 CNY], C/E = C / E.
  Without inventory data for the city in 2020 the published 2020 base of
  :func:`shuangtan.city.kaya.jiaxing_base_2020` is used (its C/E is an assumption).
* Industry (行业): the adapted identity C = VA × (E/VA) × (C/E) over the sums of the industry's
  verified annual accounts; it runs on the same engine with P ≡ 1 and G/P = VA in 10^8 CNY,
  E/VA in tce/10^4 CNY and C/E = verified emissions / energy (tCO2e/tce; process emissions
  included, which is why cement's C/E exceeds its fuel mix). A part-year (部分年度, e.g. 1–8月
  still being verified) is refused: its sums hold only some months and would understate a
  year.

The base year of a new scenario is by default the scope's last observed year
(:func:`last_observed_year`), so that the years before it are history, not projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.accounts import query as accounts_query
from shuangtan.city import kaya
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.peak import observed
from shuangtan.city.peak.errors import BaseUnavailable, PeakInvalid
from shuangtan.place.models import City, County, Industry

__all__ = [
    "SuggestedBase",
    "city_code",
    "last_observed_year",
    "quantize",
    "suggest_base",
    "validate_scope",
]

PLACES = Decimal("1e-10")
TEN_THOUSAND = Decimal(10_000)
JIAXING_2020 = ("330400", 2020)
"""The city and year of :func:`shuangtan.city.kaya.jiaxing_base_2020` (the published fallback)."""


def quantize(value: Decimal | float) -> Decimal:
    """A factor as stored: 10 decimals."""
    return Decimal(str(value)).quantize(PLACES)


@dataclass(frozen=True, slots=True)
class SuggestedBase:
    """建议基准 the four base factors derived from the stored data, with their source."""

    scope_kind: str
    scope_code: str
    year: int
    population: Decimal
    gdp_per_capita: Decimal
    energy_intensity: Decimal
    carbon_intensity: Decimal
    source: str

    @property
    def emissions_10k_t(self) -> float:
        """C of the base year, 10^4 tCO2."""
        return float(
            self.population * self.gdp_per_capita * self.energy_intensity * self.carbon_intensity
        )


def city_code(session: Session) -> str:
    """The configured city's code (one database serves one city)."""
    code = session.scalars(select(City.code).order_by(City.code)).first()
    if code is None:
        raise BaseUnavailable("尚未载入城市配置。", "No city configuration is loaded.")
    return code


def validate_scope(session: Session, scope_kind: str, scope_code: str | None) -> str:
    """The scope code checked against the configuration (the city's code when omitted)."""
    if scope_kind == "city":
        code = city_code(session)
        if scope_code not in (None, "", code):
            raise PeakInvalid(
                f"全市情景的代码应为 {code},收到 {scope_code}。",
                f"A city scenario's code is {code}, got {scope_code}.",
            )
        return code
    table: type[County] | type[Industry] = County if scope_kind == "county" else Industry
    if not scope_code or session.get(table, scope_code) is None:
        zh = "县(市、区)" if scope_kind == "county" else "行业"
        raise PeakInvalid(
            f"未知的{zh}代码:{scope_code!r}。",
            f"Unknown {scope_kind} code: {scope_code!r}.",
        )
    return scope_code


def _from_totals(session: Session, scope_kind: str, code: str, year: int) -> SuggestedBase | None:
    county = None if scope_kind == "city" else code
    totals = inventory_service.city_totals(
        session=session, year=year, county_code=county, with_inventory=False
    )
    p, g = totals.population_10k, totals.gdp_2015_prices_10k_cny
    e, c = totals.energy_tce, totals.energy_co2_t
    if p is None or g is None or e is None or c is None or min(p, g, e, c) <= 0:
        return None
    return SuggestedBase(
        scope_kind=scope_kind,
        scope_code=code,
        year=year,
        population=quantize(p),
        gdp_per_capita=quantize(g / TEN_THOUSAND / p),
        energy_intensity=quantize(e / g),
        carbon_intensity=quantize(c / e),
        source=_totals_source(session, scope_kind, code, year, p, g, e, c),
    )


def _place(session: Session, scope_kind: str, code: str) -> tuple[str, str]:
    """The scope's name (zh, en), e.g. 嘉兴市 / Jiaxing, 纺织业 / Textiles."""
    row: City | County | Industry | None
    if scope_kind == "city":
        row = session.get(City, code)
    elif scope_kind == "county":
        row = session.get(County, code)
    else:
        row = session.get(Industry, code)
    return (row.name_zh, row.name_en) if row is not None else (code, code)


def _n(value: Decimal, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _totals_source(
    session: Session,
    scope_kind: str,
    code: str,
    year: int,
    p: Decimal,
    g: Decimal,
    e: Decimal,
    c: Decimal,
) -> str:
    """Where a city or county base comes from, in words (zh, then en), units written out."""
    zh, en = _place(session, scope_kind, code)
    return (
        f"城市清单{year}年综合数据({zh}):常住人口{_n(p, 2)}万人,GDP(2015年价)"
        f"{_n(g / TEN_THOUSAND, 2)}亿元,能源消费{_n(e / TEN_THOUSAND)}万吨标准煤,"
        f"能源活动二氧化碳{_n(c / TEN_THOUSAND)}万吨。"
        f" City inventory totals of {year} ({en}): resident population {_n(p, 2)} × 10⁴, "
        f"GDP (2015 prices) {_n(g / TEN_THOUSAND, 2)} × 10⁸ CNY, energy "
        f"{_n(e / TEN_THOUSAND)} × 10⁴ tce, energy CO₂ {_n(c / TEN_THOUSAND)} × 10⁴ t."
    )


def _published_city_2020(code: str) -> SuggestedBase:
    base = kaya.jiaxing_base_2020()
    return SuggestedBase(
        scope_kind="city",
        scope_code=code,
        year=2020,
        population=quantize(base.population),
        gdp_per_capita=quantize(base.gdp_per_capita),
        energy_intensity=quantize(base.energy_intensity),
        carbon_intensity=quantize(base.carbon_intensity),
        source=(
            "《嘉兴市应对气候变化“十四五”规划》§1.(1)(2020年能源消费2181万吨标准煤,能耗强度0.427吨标准煤/万元,"
            "2015年价)与第七次全国人口普查公报(540.0868万人);能源碳强度2.1吨二氧化碳/吨标准煤为假设。"
            " The plan §1.(1) (2,181 × 10⁴ tce, 0.427 tce per 10⁴ CNY at 2015 prices) and the 7th "
            "census bulletin (540.0868 × 10⁴ persons); the carbon intensity of energy, 2.1 t CO₂ "
            "per tce, is an assumption."
        ),
    )


def _from_accounts(session: Session, code: str, year: int) -> SuggestedBase | None:
    part = observed.part_year_of(session, year)
    if part is not None:
        zh_months = part.months_text(zh=True) or "无核查月份"
        en_months = part.months_text(zh=False) or "no verified month"
        raise BaseUnavailable(
            f"{year} 年为部分年度(仅{zh_months}),不能作为基准年;请选最近的完整年度。",
            f"{year} is a part-year (only {en_months}) and cannot be a base year; choose the "
            f"last complete year.",
            scope_code=code,
            year=year,
        )
    rows = accounts_query.verified_totals(
        session, by=("year",), year=year, industry_code=code, with_value_added=True
    )
    row = rows[0] if rows else None
    if row is None or row.value_added_10k_cny <= 0 or row.energy_tce <= 0 or row.tco2e <= 0:
        return None
    return SuggestedBase(
        scope_kind="industry",
        scope_code=code,
        year=year,
        population=Decimal(1),
        gdp_per_capita=quantize(row.value_added_10k_cny / TEN_THOUSAND),
        energy_intensity=quantize(row.energy_tce / row.value_added_10k_cny),
        carbon_intensity=quantize(row.tco2e / row.energy_tce),
        source=_accounts_source(session, code, year, row),
    )


def _accounts_source(
    session: Session, code: str, year: int, row: accounts_query.VerifiedTotal
) -> str:
    """Where an industry base comes from, in words (zh, then en), units written out."""
    zh, en = _place(session, "industry", code)
    va = row.value_added_10k_cny / TEN_THOUSAND
    energy = row.energy_tce / TEN_THOUSAND
    co2 = row.tco2e / TEN_THOUSAND
    return (
        f"经核查的{year}年全年碳账户({zh} {code}):{row.entities}家企业,增加值{_n(va, 2)}亿元,"
        f"能源消费{_n(energy, 2)}万吨标准煤,核查排放{_n(co2, 2)}万吨二氧化碳当量。"
        f" Verified annual accounts of {year}, whole year ({en} {code}): {row.entities} "
        f"enterprises, value added {_n(va, 2)} × 10⁸ CNY, energy {_n(energy, 2)} × 10⁴ tce, "
        f"verified emissions {_n(co2, 2)} × 10⁴ t CO₂e."
    )


def suggest_base(
    *, session: Session, scope_kind: str, scope_code: str | None, year: int
) -> SuggestedBase:
    """The base factors of a scope and year from the stored data; refused when missing."""
    code = validate_scope(session, scope_kind, scope_code)
    if scope_kind == "industry":
        found = _from_accounts(session, code, year)
    else:
        found = _from_totals(session, scope_kind, code, year)
        if found is None and scope_kind == "city" and (code, year) == JIAXING_2020:
            found = _published_city_2020(code)
    if found is None:
        if scope_kind == "industry":
            zh, en = "经核查的增加值、能耗或排放", "verified value added, energy or emissions"
        else:
            zh, en = "人口、GDP、能耗或排放数据", "population, GDP, energy or emissions data"
        raise BaseUnavailable(
            f"{code} 在 {year} 年缺少{zh},无法形成基准。",
            f"{code} has no {en} for {year}; no base can be formed.",
            scope_code=code,
            year=year,
        )
    return found


def last_observed_year(session: Session, scope_kind: str, scope_code: str) -> int | None:
    """最近观测年 the last complete year the stored data hold for a scope, ``None`` without."""
    return observed.observed(session, scope_kind, scope_code).last_year
