"""Per-mu evaluation (亩均论英雄): four indicators, one weighted score, classes A/B/C/D.

Indicators of an enterprise's year (from its verified annual account and its land area):

    value added per mu   = value added (10^4 CNY) ÷ land (mu)          higher is better
    tax per mu           = tax (10^4 CNY) ÷ land (mu)                  higher is better
    energy per value added = energy (tce) ÷ value added (10^4 CNY)     lower is better
    carbon per value added = verified tCO2e ÷ value added (10^4 CNY)   lower is better

Normalisation: each indicator is compared with the **median of the enterprises evaluated in
the same county and year** — ratio = value ÷ median (higher is better) or median ÷ value (lower
is better), capped at ``cap`` — and

    score = 100 × Σ weight_i × ratio_i ÷ cap

so an enterprise at its county's median in every indicator scores 100 ÷ cap (50 with cap 2).
Classes by score with inclusive lower bounds (A ≥ 65, B ≥ 50, C ≥ 35, else D by default).
Weights, cap and bounds are configurable defaults in ``data/grading/per-mu.yaml``, **not** the
official formula of Zhejiang's 亩均效益综合评价 (whose county rules set their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from statistics import median
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import utcnow
from shuangtan.grading import repository
from shuangtan.grading.carbon_grade import require_grader
from shuangtan.grading.errors import GradingDenied, OutOfScope
from shuangtan.grading.models import PerMuEvaluation
from shuangtan.grading.rules import LOWER_IS_BETTER, PER_MU_INDICATORS, PerMuRules, per_mu_rules
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository

__all__ = [
    "DClassRow",
    "PerMuRun",
    "class_of",
    "d_class_list",
    "evaluate_year",
    "indicator_ratio",
    "indicators_of",
    "score_of",
]

SIX = Decimal("0.000001")
FOUR = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class PerMuRun:
    """一次亩均评价 what an evaluation run stored, and the enterprises it skipped (and why)."""

    year: int
    evaluations: list[PerMuEvaluation]
    skipped: dict[int, str]  # entity id -> reason code


@dataclass(frozen=True, slots=True)
class DClassRow:
    """D类企业 a D-class enterprise of a county: who, and its indicators."""

    entity_id: int
    name: str
    uscc: str | None
    county_code: str
    county_name_zh: str
    county_name_en: str
    industry_code: str | None
    score: Decimal
    value_added_per_mu: Decimal
    tax_per_mu: Decimal
    energy_per_value_added: Decimal
    carbon_per_value_added: Decimal


def indicators_of(row: repository.EnterpriseYear) -> dict[str, Decimal] | None:
    """The four indicators of an enterprise-year, or ``None`` if land, value added or tax lack."""
    land, va, tax = row.land_area_mu, row.value_added_10k_cny, row.tax_10k_cny
    if not land or land <= 0 or not va or va <= 0 or tax is None:
        return None
    return {
        "value_added_per_mu": (va / land).quantize(SIX),
        "tax_per_mu": (tax / land).quantize(SIX),
        "energy_per_value_added": (row.energy_tce / va).quantize(SIX),
        "carbon_per_value_added": (row.tco2e / va).quantize(SIX),
    }


def indicator_ratio(
    value: Decimal, middle: Decimal, *, lower_is_better: bool, cap: Decimal
) -> Decimal:
    """An indicator against its county median: value/median (or median/value), capped at ``cap``."""
    if lower_is_better:
        ratio = cap if value == 0 else middle / value
    elif middle == 0:
        ratio = cap if value > 0 else Decimal(1)
    else:
        ratio = value / middle
    return min(ratio, cap).quantize(SIX)


def score_of(
    indicators: dict[str, Decimal], medians: dict[str, Decimal], rules: PerMuRules
) -> tuple[Decimal, dict[str, Decimal]]:
    """score = 100 × Σ weight × ratio ÷ cap (4 decimals), and the ratios it used."""
    ratios = {
        name: indicator_ratio(
            indicators[name], medians[name], lower_is_better=name in LOWER_IS_BETTER, cap=rules.cap
        )
        for name in PER_MU_INDICATORS
    }
    total = sum((rules.weights[n] * ratios[n] for n in PER_MU_INDICATORS), Decimal(0))
    return (Decimal(100) * total / rules.cap).quantize(FOUR), ratios


def class_of(score: Decimal, rules: PerMuRules) -> str:
    """Class A/B/C/D of a score (inclusive lower bounds, best first)."""
    for klass, lower in rules.classes:
        if score >= lower:
            return klass
    return "D"


def evaluate_year(
    *, session: Session, actor: Principal | None, year: int, rules: PerMuRules | None = None
) -> PerMuRun:
    """Evaluate every industrial enterprise of ``year`` with land, value added and tax; store it."""
    require_grader(actor, session)
    check_year(year)
    rules = rules or per_mu_rules()
    existing = repository.evaluations_of_year(session, year)
    before = {str(eid): e.klass for eid, e in existing.items()}
    by_county: dict[str, list[tuple[repository.EnterpriseYear, dict[str, Decimal]]]] = {}
    skipped: dict[int, str] = {}
    for row in repository.enterprise_years(session, year):
        indicators = indicators_of(row)
        if indicators is None:
            skipped[row.entity_id] = "per_mu.missing_inputs"
            if row.entity_id in existing:
                session.delete(existing[row.entity_id])
            continue
        by_county.setdefault(row.county_code, []).append((row, indicators))
    evaluations: list[PerMuEvaluation] = []
    for county, members in sorted(by_county.items()):
        medians = {
            name: Decimal(median([ind[name] for _row, ind in members])).quantize(SIX)
            for name in PER_MU_INDICATORS
        }
        for row, indicators in members:
            score, ratios = score_of(indicators, medians, rules)
            evaluation = existing.get(row.entity_id) or PerMuEvaluation(
                entity_id=row.entity_id, year=year
            )
            session.add(evaluation)
            for name in PER_MU_INDICATORS:
                setattr(evaluation, name, indicators[name])
            evaluation.score = score
            evaluation.klass = class_of(score, rules)
            evaluation.explanation = _explanation(county, indicators, medians, ratios, rules)
            evaluation.computed_at = utcnow()
            evaluations.append(evaluation)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="grading.per_mu_evaluate",
        entity_type="per_mu_year",
        entity_id=str(year),
        before={"classes": before},
        after={"classes": {str(e.entity_id): e.klass for e in evaluations}},
    )
    return PerMuRun(year=year, evaluations=evaluations, skipped=skipped)


def _explanation(
    county: str,
    indicators: dict[str, Decimal],
    medians: dict[str, Decimal],
    ratios: dict[str, Decimal],
    rules: PerMuRules,
) -> dict[str, Any]:
    return {
        "county_code": county,
        "normalisation": "ratio to the county median, capped",
        "indicators": {n: str(v) for n, v in indicators.items()},
        "medians": {n: str(v) for n, v in medians.items()},
        "ratios": {n: str(v) for n, v in ratios.items()},
        "rules": rules.as_json(),
    }


def official_counties(session: Session, actor: Principal, county_code: str | None) -> str | None:
    """The county an official may list (``None``: all); a county official sees only its own."""
    if not actor.has_role(Role.official, Role.admin):
        raise GradingDenied(
            "只有政府官员或系统管理员可以查看D类企业名单。",
            "Only an official or an administrator may see the D-class list.",
        )
    scope = actor.scope
    if scope.whole_city:
        return county_code
    if county_code is not None and not scope.covers(county_code):
        raise OutOfScope(
            f"您的管辖范围是 {scope.code},不能查看 {county_code}。",
            f"Your scope is {scope.code}; you may not see {county_code}.",
            county_code=county_code,
        )
    return scope.county_code


def d_class_list(
    *, session: Session, actor: Principal, year: int, county_code: str | None = None
) -> list[DClassRow]:
    """D-class enterprises of ``year`` (city officials: all counties; county officials: theirs)."""
    county = official_counties(session, actor, county_code)
    counties = place_repository.counties(session)
    rows: list[DClassRow] = []
    for evaluation, entity in repository.evaluations_with_entities(session, year, "D"):
        if county is not None and entity.county_code != county:
            continue
        c = counties.get(entity.county_code)
        rows.append(
            DClassRow(
                entity_id=entity.id,
                name=entity.name,
                uscc=entity.uscc,
                county_code=entity.county_code,
                county_name_zh=c.name_zh if c else entity.county_code,
                county_name_en=c.name_en if c else entity.county_code,
                industry_code=entity.industry_code,
                score=evaluation.score,
                value_added_per_mu=evaluation.value_added_per_mu,
                tax_per_mu=evaluation.tax_per_mu,
                energy_per_value_added=evaluation.energy_per_value_added,
                carbon_per_value_added=evaluation.carbon_per_value_added,
            )
        )
    return sorted(rows, key=lambda r: (r.county_code, r.score, r.entity_id))
