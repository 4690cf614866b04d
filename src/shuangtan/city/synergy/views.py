"""What officials read of the synergy index (协同指数查询): a year's ranking, a county's
drill-down and a county's scores across years, each scoped to what the caller may see.

A year shows its newest run (of one definition version if asked); a county's trend lists the
newest run of each year of one version, since only an anchored version (``Definition.anchored``)
gives scores that compare between years.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.city.synergy import repository
from shuangtan.city.synergy.definition import Definition
from shuangtan.city.synergy.models import SynergyRun, SynergyScore
from shuangtan.city.synergy.service import county_of, definition, readable_counties
from shuangtan.kit.params import check_year
from shuangtan.place.models import County

__all__ = [
    "CountyDetail",
    "TrendPoint",
    "YearView",
    "county_detail",
    "county_trend",
    "year_view",
]


@dataclass(frozen=True, slots=True)
class YearView:
    """一年的协同指数 the newest run of a year and the scores the caller may see."""

    year: int
    run: SynergyRun | None
    definition: Definition | None
    scores: list[SynergyScore]
    unscored: dict[str, list[str]]
    counties: dict[str, County]
    total_counties: int


def year_view(
    *, session: Session, actor: Principal, year: int, version: str | None = None
) -> YearView:
    """The newest run of ``year`` (of ``version`` if given), scoped to what ``actor`` sees."""
    check_year(year)
    visible = {c.code: c for c in readable_counties(session=session, actor=actor)}
    run = repository.latest_run(session, year, version)
    if run is None:
        return YearView(year, None, None, [], {}, visible, len(visible))
    scores = [s for s in repository.scores_of_run(session, run.id) if s.county_code in visible]
    unscored = {c: list(g) for c, g in run.unscored.items() if c in visible}
    total = len(repository.scores_of_run(session, run.id)) + len(run.unscored)
    return YearView(year, run, definition(run.definition_version), scores, unscored, visible, total)


@dataclass(frozen=True, slots=True)
class CountyDetail:
    """一县一年的明细 a county-year's score with each indicator's input, x', weight and
    contribution, or, if it was not scored, the inputs it lacks."""

    county: County
    year: int
    run: SynergyRun | None
    definition: Definition
    score: SynergyScore | None
    missing: list[str]
    scored_counties: int


def county_detail(
    *, session: Session, actor: Principal, year: int, county_code: str, version: str | None = None
) -> CountyDetail:
    """The drill-down of one county-year in the newest run (within the caller's scope)."""
    check_year(year)
    county = county_of(session, actor, county_code)
    run = repository.latest_run(session, year, version)
    if run is None:
        spec = definition(version)
        present = {r.indicator_id for r in repository.inputs_of_year(session, year, county_code)}
        missing = [i for i in spec.indicator_ids if i not in present]
        return CountyDetail(county, year, None, spec, None, missing, 0)
    scores = repository.scores_of_run(session, run.id)
    score = next((s for s in scores if s.county_code == county_code), None)
    return CountyDetail(
        county=county,
        year=year,
        run=run,
        definition=definition(run.definition_version),
        score=score,
        missing=list(run.unscored.get(county_code, [])),
        scored_counties=len(scores),
    )


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """一年的得分 a county's score in the newest run of one year of a definition version."""

    year: int
    run_id: int
    score: SynergyScore


def county_trend(
    *, session: Session, actor: Principal, county_code: str, version: str
) -> list[TrendPoint]:
    """The county's score in the newest run of ``version`` of every year, oldest year first
    (within the caller's scope); years without such a run, or not scoring the county, are
    left out."""
    county_of(session, actor, county_code)
    points = []
    for year in repository.years_with_data(session):
        run: SynergyRun | None = repository.latest_run(session, year, version)
        if run is None:
            continue
        score = next(
            (s for s in repository.scores_of_run(session, run.id) if s.county_code == county_code),
            None,
        )
        if score is not None:
            points.append(TrendPoint(year, run.id, score))
    return points
