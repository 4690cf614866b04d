"""Demo scenarios (演示情景): the three illustrative scenarios of :mod:`shuangtan.city.kaya`
saved for the city, each county with inventory data and each of the six energy-intensive
industries with verified accounts. Idempotent: a shipped scenario is found by its key.

Each scenario starts from the **last observed year** (最近观测年) of its scope: the latest of
the demo's complete ``years`` for which the stored data give a base (the inventory for the city
and the counties, a complete year of verified accounts for an industry). Its rates are stated
only for the years after that base year; the years before it are observed history.

Every rate here is an **assumption for the demo** (docs/peak.md): counties follow the city's
rates; an industry's value added grows as the city's population × GDP per capita, its energy
and carbon intensities follow the city's.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan.city import kaya
from shuangtan.city.peak import bases, repository, service
from shuangtan.city.peak.errors import BaseUnavailable
from shuangtan.city.peak.industries import SIX_INDUSTRIES
from shuangtan.city.peak.schemas import BaseValues, PeriodRates, ScenarioIn
from shuangtan.kit.progress import Progress
from shuangtan.place import repository as place_repository
from shuangtan.place.models import City

__all__ = [
    "DEMO_SPREAD",
    "DEMO_YEARS",
    "SHIPPED_NAMES",
    "latest_base",
    "load_demo_peak",
    "periods_after",
    "shipped_scenario_in",
]

DEMO_YEARS: tuple[int, ...] = tuple(range(2020, 2026))
"""The complete years of the demo data by default (the demo clock passes its own)."""

DEMO_SPREAD = {
    "population": 0.003,
    "gdp_per_capita": 0.01,
    "energy_intensity": 0.008,
    "carbon_intensity": 0.008,
}
"""Monte Carlo standard deviations of docs/peak.md (assumptions)."""
DEMO_SEED = 2026
SHIPPED_NAMES = {
    "baseline": "基准情景 Baseline",
    "policy": "政策情景 Policy",
    "enhanced": "强化情景 Enhanced",
}
ASSUMPTION_NOTE = (
    "演示用示例情景,非嘉兴官方情景;增速为假设。"
    " Illustrative scenario for the demo, not an official Jiaxing scenario; the rates are "
    "assumptions."
)


def periods_after(scenario: kaya.Scenario, *, industry: bool, base_year: int) -> list[PeriodRates]:
    """The scenario's rates for the years after ``base_year``: a five-year period that ends by
    the base year is history and dropped; the one holding the base year starts after it. For an
    industry, value added grows as (1 + population rate)(1 + GDP per capita rate) − 1 and the
    population rate is 0."""
    periods = []
    for (first, last), r in scenario.rates.items():
        if last <= base_year:
            continue
        growth = (1 + r.population) * (1 + r.gdp_per_capita) - 1 if industry else r.gdp_per_capita
        periods.append(
            PeriodRates(
                first_year=max(first, base_year + 1),
                last_year=last,
                population=0.0 if industry else r.population,
                gdp_per_capita=round(growth, 10),
                energy_intensity=r.energy_intensity,
                carbon_intensity=r.carbon_intensity,
            )
        )
    return periods


def shipped_scenario_in(key: str, base: bases.SuggestedBase) -> ScenarioIn:
    """The shipped scenario ``key`` on ``base`` (city, county or industry)."""
    industry = base.scope_kind == "industry"
    spread = dict(DEMO_SPREAD)
    if industry:
        spread.pop("population")
    return ScenarioIn(
        name=SHIPPED_NAMES[key],
        scope_kind=base.scope_kind,
        scope_code=base.scope_code,
        base_year=base.year,
        base=BaseValues(
            population=base.population,
            gdp_per_capita=base.gdp_per_capita,
            energy_intensity=base.energy_intensity,
            carbon_intensity=base.carbon_intensity,
        ),
        base_source=base.source,
        rates=periods_after(kaya.SCENARIOS[key], industry=industry, base_year=base.year),
        spread=spread,
        mc_seed=DEMO_SEED,
        note=ASSUMPTION_NOTE
        + (
            " 行业:增加值增速 = (1+人口增速)(1+人均GDP增速)−1。"
            " Industry: value added grows as (1 + population rate)(1 + GDP per capita rate) − 1."
            if industry
            else ""
        ),
    )


def latest_base(
    session: Session, scope_kind: str, scope_code: str, years: Sequence[int]
) -> bases.SuggestedBase | None:
    """The base of the latest of ``years`` that the stored data give one for, or ``None``."""
    for year in sorted(set(years), reverse=True):
        try:
            return bases.suggest_base(
                session=session, scope_kind=scope_kind, scope_code=scope_code, year=year
            )
        except BaseUnavailable:
            continue
    return None


def load_demo_peak(
    *,
    session: Session,
    progress: Progress | None = None,
    years: Sequence[int] = DEMO_YEARS,
) -> int:
    """Save the shipped scenarios where data allow, each from the latest of the complete
    ``years`` its scope has data for; the number written (0 the second time)."""
    if not years:
        raise ValueError("load_demo_peak needs at least one complete year")
    city = session.scalars(select(City.code).order_by(City.code)).first()
    if city is None:
        return 0
    scopes = [("city", city)]
    scopes += [("county", code) for code in place_repository.counties(session)]
    scopes += [("industry", code) for code in SIX_INDUSTRIES]
    changes = 0
    for done, (kind, code) in enumerate(scopes, start=1):
        missing = [
            key for key in kaya.SCENARIOS if repository.by_key(session, kind, code, key) is None
        ]
        base = latest_base(session, kind, code, years) if missing else None
        if base is not None:  # no data for this scope (yet): nothing to seed
            for key in missing:
                data = shipped_scenario_in(key, base)
                service.create_scenario(session=session, actor=None, data=data, key=key)
                changes += 1
        if progress is not None:
            progress("peak", done, len(scopes))
    return changes
