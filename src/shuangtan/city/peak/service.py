"""The rules of saved peak scenarios (达峰情景): who may read and write, validation, versions,
audit; the projection, Monte Carlo, comparison, Jiashan's tracking and the city's LMDI.

Officials and administrators only. A city-scope official (and an administrator) reads and
writes every scope; a county official only their own county's scenarios. Every write is
audited; an edit saves a new version and keeps the old ones; a delete marks the row deleted
(its versions stay). Bad input raises :class:`PeakInvalid` (zh + en) before anything is written.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city import kaya
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.peak import bases, city_lmdi, observed, repository
from shuangtan.city.peak.errors import (
    PeakDenied,
    PeakInvalid,
    PeakOutOfScope,
    ScenarioNotFound,
    StaleVersion,
)
from shuangtan.city.peak.models import PeakScenario, PeakScenarioVersion
from shuangtan.city.peak.results import HORIZON, MC_DRAWS, JiashanTracking, ScenarioResult
from shuangtan.city.peak.schemas import ScenarioContent, ScenarioIn, ScenarioUpdate
from shuangtan.db import utcnow

__all__ = [
    "HORIZON",
    "JIASHAN",
    "MC_DRAWS",
    "JiashanTracking",
    "ScenarioResult",
    "check_scope",
    "city_decomposition",
    "compare",
    "create_scenario",
    "delete_scenario",
    "evaluate",
    "get_scenario",
    "history",
    "jiashan_tracking",
    "kaya_inputs",
    "list_scenarios",
    "observed_of",
    "observed_path",
    "parse_content",
    "results_of",
    "suggest_base",
    "update_scenario",
]

MAX_COMPARE = 8
MAX_SPREAD = 0.2
"""A standard deviation of 20 %/yr on an annual rate is already far beyond any plan."""
JIASHAN = "330421"
JIASHAN_PEAK_YEAR = 2025
"""The plan's ``jiashan_peak`` indicator: 嘉善片区率先达峰 by 2025 (§3.(10).6)."""


# ---------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------


def _check_role(actor: Principal | None) -> None:
    if actor is not None and not actor.has_role(Role.official, Role.admin):
        raise PeakDenied()


def _own_county(session: Session, actor: Principal | None) -> str | None:
    """The county a county official is limited to; ``None`` for city scope, admin, system."""
    _check_role(actor)
    if actor is None or actor.scope.whole_city:
        return None
    return actor.scope.county_code or ""


def _check_scope(session: Session, actor: Principal | None, scope_kind: str, code: str) -> None:
    county = _own_county(session, actor)
    if county is not None and (scope_kind != "county" or code != county):
        raise PeakOutOfScope(code)


def check_scope(
    *, session: Session, actor: Principal | None, scope_kind: str, scope_code: str
) -> None:
    """Refuse unless ``actor`` may read and write scenarios of this scope."""
    _check_scope(session, actor, scope_kind, scope_code)


# ---------------------------------------------------------------------------------------------
# Validation and the engine's inputs
# ---------------------------------------------------------------------------------------------


def _rates_of(periods: Sequence[dict[str, Any]]) -> dict[kaya.Period, kaya.FactorRates]:
    return {
        (int(p["first_year"]), int(p["last_year"])): kaya.FactorRates(
            *(float(p[name]) for name in kaya.FACTORS)
        )
        for p in periods
    }


def _check_content(data: ScenarioContent, scope_kind: str) -> tuple[kaya.KayaBase, kaya.Scenario]:
    """The engine's inputs of ``data``, or :class:`PeakInvalid` saying what is wrong."""
    try:
        base = kaya.KayaBase(
            year=data.base_year, **{n: float(getattr(data.base, n)) for n in kaya.FACTORS}
        )
        periods = [p.model_dump() for p in data.rates]
        keys = [(p["first_year"], p["last_year"]) for p in periods]
        if len(set(keys)) != len(keys):
            raise PeakInvalid("时期重复。", "A period is given twice.")
        scenario = kaya.Scenario(name=data.name, name_zh=data.name, rates=_rates_of(periods))
        kaya.project(base, scenario, until=HORIZON)  # every year to 2060 covered
    except kaya.KayaInputError as error:
        raise PeakInvalid(error.message_zh, error.message_en) from error
    unknown = sorted(set(data.spread) - set(kaya.FACTORS))
    if unknown:
        raise PeakInvalid(
            f"蒙特卡洛标准差中有未知因素:{', '.join(unknown)}。",
            f"Unknown factors in the Monte Carlo spread: {', '.join(unknown)}.",
        )
    for name, sd in data.spread.items():
        if not math.isfinite(sd) or not 0 <= sd <= MAX_SPREAD:
            raise PeakInvalid(
                f"因素 {name} 的标准差须在 0 到 {MAX_SPREAD} 之间(即 0–20 个百分点),收到 {sd}。",
                f"The standard deviation of {name} must be between 0 and {MAX_SPREAD} "
                f"(0-20 percentage points), got {sd}.",
            )
    if scope_kind == "industry" and (
        data.base.population != 1 or any(p.population != 0 for p in data.rates)
    ):
        raise PeakInvalid(
            "行业情景按 C = 增加值 × 单位增加值能耗 × 能源碳强度 计算:人口须为 1,人口增速须为 0。",
            "An industry scenario follows C = value added × energy per value added × CO2 per "
            "energy: its population must be 1 and its population rates 0.",
        )
    return base, scenario


def parse_content(model: type[ScenarioContent], raw: dict[str, Any]) -> Any:
    """``model`` from a form's dict; a shape error becomes :class:`PeakInvalid` (zh + en)."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        fields = "; ".join(
            ".".join(str(p) for p in e["loc"]) + ": " + str(e["msg"]) for e in error.errors()
        )
        raise PeakInvalid(
            f"情景输入有误,请检查:{fields}",
            f"The scenario is not valid; check: {fields}",
        ) from error


def kaya_inputs(row: PeakScenario) -> tuple[kaya.KayaBase, kaya.Scenario]:
    """The engine's base and scenario of a saved row."""
    base = kaya.KayaBase(
        year=row.base_year,
        population=float(row.base_population),
        gdp_per_capita=float(row.base_gdp_per_capita),
        energy_intensity=float(row.base_energy_intensity),
        carbon_intensity=float(row.base_carbon_intensity),
    )
    return base, kaya.Scenario(name=row.name, name_zh=row.name, rates=_rates_of(row.rates))


def content_of(row: PeakScenario) -> dict[str, Any]:
    """The saved content of a row (the version snapshot and the audit's before/after)."""
    return {
        "key": row.key,
        "name": row.name,
        "owner_name": row.owner_name,
        "scope_kind": row.scope_kind,
        "scope_code": row.scope_code,
        "base_year": row.base_year,
        "base": {
            "population": str(row.base_population),
            "gdp_per_capita": str(row.base_gdp_per_capita),
            "energy_intensity": str(row.base_energy_intensity),
            "carbon_intensity": str(row.base_carbon_intensity),
        },
        "base_source": row.base_source,
        "rates": list(row.rates),
        "spread": dict(row.spread),
        "mc_seed": row.mc_seed,
        "note": row.note,
        "version": row.version,
    }


def _apply(row: PeakScenario, data: ScenarioContent) -> None:
    row.name = data.name
    row.base_year = data.base_year
    row.base_population = bases.quantize(data.base.population)
    row.base_gdp_per_capita = bases.quantize(data.base.gdp_per_capita)
    row.base_energy_intensity = bases.quantize(data.base.energy_intensity)
    row.base_carbon_intensity = bases.quantize(data.base.carbon_intensity)
    row.base_source = data.base_source
    row.rates = sorted(
        (p.model_dump() for p in data.rates), key=lambda p: (p["first_year"], p["last_year"])
    )
    row.spread = {k: float(v) for k, v in data.spread.items()}
    row.mc_seed = data.mc_seed
    row.note = data.note


def _save_version(session: Session, row: PeakScenario, actor: Principal | None) -> None:
    session.add(
        PeakScenarioVersion(
            scenario_id=row.id,
            version=row.version,
            content=content_of(row),
            saved_by_user_id=actor.user_id if actor else None,
            saved_at=row.updated_at,
        )
    )
    session.flush()


# ---------------------------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------------------------


def create_scenario(
    *, session: Session, actor: Principal | None, data: ScenarioIn, key: str | None = None
) -> PeakScenario:
    """Save a new scenario (version 1), audited. ``key`` marks a shipped scenario."""
    _check_role(actor)
    code = bases.validate_scope(session, data.scope_kind, data.scope_code)
    _check_scope(session, actor, data.scope_kind, code)
    _check_content(data, data.scope_kind)
    now = utcnow()
    row = PeakScenario(
        key=key,
        owner_user_id=actor.user_id if actor else None,
        owner_name=actor.display_name if actor else "system 系统",
        scope_kind=data.scope_kind,
        scope_code=code,
        version=1,
        created_at=now,
        updated_at=now,
    )
    _apply(row, data)
    session.add(row)
    session.flush()
    _save_version(session, row, actor)
    audit.record(
        session=session,
        actor=actor,
        action="peak.scenario.create",
        entity_type="peak_scenario",
        entity_id=str(row.id),
        before=None,
        after=content_of(row),
    )
    return row


def _writable(session: Session, actor: Principal | None, scenario_id: int) -> PeakScenario:
    _check_role(actor)
    row = repository.live_scenario(session, scenario_id)
    if row is None:
        raise ScenarioNotFound(scenario_id)
    _check_scope(session, actor, row.scope_kind, row.scope_code)
    return row


def update_scenario(
    *, session: Session, actor: Principal | None, scenario_id: int, data: ScenarioUpdate
) -> PeakScenario:
    """Save a new version of a scenario (the old ones stay), audited; refuses a stale edit."""
    row = _writable(session, actor, scenario_id)
    if data.version != row.version:
        raise StaleVersion(data.version, row.version)
    _check_content(data, row.scope_kind)
    before = content_of(row)
    _apply(row, data)
    row.version += 1
    row.updated_at = utcnow()
    session.flush()
    _save_version(session, row, actor)
    audit.record(
        session=session,
        actor=actor,
        action="peak.scenario.update",
        entity_type="peak_scenario",
        entity_id=str(row.id),
        before=before,
        after=content_of(row),
    )
    return row


def delete_scenario(*, session: Session, actor: Principal | None, scenario_id: int) -> None:
    """Mark a scenario deleted (its versions stay), audited with its last content."""
    row = _writable(session, actor, scenario_id)
    before = content_of(row)
    row.deleted_at = utcnow()
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="peak.scenario.delete",
        entity_type="peak_scenario",
        entity_id=str(row.id),
        before=before,
        after=None,
    )


# ---------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------


def get_scenario(*, session: Session, actor: Principal | None, scenario_id: int) -> PeakScenario:
    """One live scenario the caller may see."""
    return _writable(session, actor, scenario_id)  # reading needs the same scope as writing


def list_scenarios(
    *,
    session: Session,
    actor: Principal | None,
    scope_kind: str | None = None,
    scope_code: str | None = None,
) -> list[PeakScenario]:
    """Live scenarios the caller may see, optionally of one scope."""
    county = _own_county(session, actor)
    if county is not None and scope_code not in (None, county):
        raise PeakOutOfScope(scope_code or "")
    return repository.scenarios(
        session, scope_kind=scope_kind, scope_code=scope_code, only_county=county
    )


def shipped_city_scenarios(*, session: Session) -> list[PeakScenario]:
    """The shipped city scenarios (baseline, policy, enhanced) as they stand: published
    assumptions (docs/peak.md), so anyone may read them; officials' own scenarios stay private."""
    return [row for row in repository.scenarios(session, scope_kind="city") if row.key is not None]


def history(
    *, session: Session, actor: Principal | None, scenario_id: int
) -> list[PeakScenarioVersion]:
    """Every saved version of a live scenario the caller may see."""
    row = _writable(session, actor, scenario_id)
    return repository.versions(session, row.id)


def suggest_base(
    *,
    session: Session,
    actor: Principal | None,
    scope_kind: str,
    scope_code: str | None,
    year: int | None,
) -> bases.SuggestedBase:
    """Base factors of a scope from the stored data (inventory or verified accounts); ``year``
    ``None``: the scope's last observed year (2020, the published city base, without data)."""
    _check_role(actor)
    code = bases.validate_scope(session, scope_kind, scope_code)
    _check_scope(session, actor, scope_kind, code)
    if year is None:
        year = bases.last_observed_year(session, scope_kind, code) or bases.JIAXING_2020[1]
    return bases.suggest_base(session=session, scope_kind=scope_kind, scope_code=code, year=year)


def _content_key(row: PeakScenario, history: Sequence[tuple[int, float]]) -> str:
    """What the arithmetic depends on, as canonical JSON (the name and scope do not count):
    the saved content and the observed history before its base year."""
    return json.dumps(
        {
            "history": [[year, value] for year, value in history],
            "base_year": row.base_year,
            "base": [
                str(row.base_population),
                str(row.base_gdp_per_capita),
                str(row.base_energy_intensity),
                str(row.base_carbon_intensity),
            ],
            "rates": row.rates,
            "spread": row.spread,
            "seed": row.mc_seed,
        },
        sort_keys=True,
    )


@functools.lru_cache(maxsize=256)
def _evaluate_content(key: str) -> tuple[kaya.Projection, kaya.PeakDistribution]:
    """Projection and Monte Carlo of one content; the same content always gives the same result
    (seeded), so it is computed once per process."""
    content = json.loads(key)
    base = kaya.KayaBase(content["base_year"], *(float(v) for v in content["base"]))
    scenario = kaya.Scenario(name="saved", name_zh="saved", rates=_rates_of(content["rates"]))
    history = [(int(year), float(value)) for year, value in content["history"]]
    return (
        kaya.project(base, scenario, until=HORIZON, history=history),
        kaya.peak_probabilities(
            base,
            scenario,
            spread=content["spread"],
            n=MC_DRAWS,
            seed=content["seed"],
            until=HORIZON,
            history=history,
        ),
    )


def evaluate(row: PeakScenario, observed_path: Sequence[tuple[int, float]] = ()) -> ScenarioResult:
    """Project a saved scenario to 2060 and run its Monte Carlo (10,000 draws, its seed).

    ``observed_path`` is its scope's observed emissions (complete years): the consecutive years
    just before the base year are the history the peak is sought over as well, so a peak is
    placed in an observed year only where the observations show it."""
    history = observed.history_before(tuple(observed_path), row.base_year)
    projection, distribution = _evaluate_content(_content_key(row, history))
    return ScenarioResult(scenario=row, projection=projection, distribution=distribution)


def results_of(session: Session, rows: Sequence[PeakScenario]) -> list[ScenarioResult]:
    """:func:`evaluate` of each row with its scope's observed path (read once per scope)."""
    paths: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
    out = []
    for row in rows:
        scope = (row.scope_kind, row.scope_code)
        if scope not in paths:
            paths[scope] = observed.observed(session, *scope).path
        out.append(evaluate(row, paths[scope]))
    return out


def compare(
    *, session: Session, actor: Principal | None, scenario_ids: Sequence[int]
) -> list[ScenarioResult]:
    """Several scenarios side by side (1–8, each one the caller may see), in the given order."""
    ids = list(dict.fromkeys(scenario_ids))
    if not 1 <= len(ids) <= MAX_COMPARE:
        raise PeakInvalid(
            f"请选择 1–{MAX_COMPARE} 个情景进行比较,收到 {len(ids)} 个。",
            f"Choose 1-{MAX_COMPARE} scenarios to compare, got {len(ids)}.",
        )
    rows = [get_scenario(session=session, actor=actor, scenario_id=i) for i in ids]
    return results_of(session, rows)


# ---------------------------------------------------------------------------------------------
# Jiashan's early peak and the city's LMDI
# ---------------------------------------------------------------------------------------------


def _observed_verdict(observed: Sequence[tuple[int, float]]) -> tuple[int | None, str]:
    if not observed:
        return None, "no_data"
    top = max(observed, key=lambda pair: pair[1])  # the first maximum (years are sorted)
    later = [value for year, value in observed if year > top[0]]
    if top[0] <= JIASHAN_PEAK_YEAR and later and all(v < top[1] for v in later):
        return top[0], "peaked"
    return top[0], "not_yet"


def observed_of(
    *, session: Session, actor: Principal | None, scope_kind: str, scope_code: str
) -> observed.Observed:
    """Observed emissions of a scope, 10^4 t: energy CO2 of the inventory (city, county) or
    the verified emissions of an industry's accounts, every complete year with data; an
    industry's part-years (still being verified) apart, with their months."""
    _check_scope(session, actor, scope_kind, scope_code)
    return observed.observed(session, scope_kind, scope_code)


def observed_path(
    *, session: Session, actor: Principal | None, scope_kind: str, scope_code: str
) -> list[tuple[int, float]]:
    """The complete observed years of a scope (:func:`observed_of`), 10^4 t."""
    return list(
        observed_of(session=session, actor=actor, scope_kind=scope_kind, scope_code=scope_code).path
    )


def jiashan_tracking(*, session: Session, actor: Principal | None) -> JiashanTracking:
    """Jiashan's observed and projected path against the plan's 2025 peak."""
    observed = observed_path(session=session, actor=actor, scope_kind="county", scope_code=JIASHAN)
    peak_year, verdict = _observed_verdict(observed)
    rows = repository.scenarios(session, scope_kind="county", scope_code=JIASHAN)
    return JiashanTracking(
        county_code=JIASHAN,
        target_year=JIASHAN_PEAK_YEAR,
        observed=tuple(observed),
        observed_peak_year=peak_year,
        observed_verdict=verdict,
        results=tuple(evaluate(row, observed) for row in rows),
    )


def city_decomposition(
    *, session: Session, actor: Principal | None, county_code: str | None = None
) -> city_lmdi.CityDecomposition:
    """LMDI-I of the city's (or a county's) energy CO2 over the inventory's years."""
    if county_code is None:
        if _own_county(session, actor) is not None:
            raise PeakOutOfScope(bases.city_code(session))
    else:
        _check_scope(session, actor, "county", county_code)
    years = inventory_service.years_with_data(session=session, county_code=county_code)
    totals = [
        inventory_service.city_totals(
            session=session, year=y, county_code=county_code, with_inventory=False
        )
        for y in years
    ]
    return city_lmdi.decompose_city(totals)
