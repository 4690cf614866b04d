"""The synergy index's doors (协同指数服务): enter inputs, set weights, compute, read.

Rules, checked here whatever the door (API, page, CLI, demo):

- only officials and administrators use the index; a county official reads and writes its own
  county only, a city official (scope code of the city) or an administrator every county;
- weight sets and computations concern every county at once: city officials and administrators;
- every write is audited; a computation is a new run, old runs are never rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.city.inventory import service as inventory_service
from shuangtan.city.synergy import computation, repository
from shuangtan.city.synergy.definition import Definition, default_version, load_definition
from shuangtan.city.synergy.errors import (
    NotEnoughCounties,
    SynergyDenied,
    SynergyInputInvalid,
    SynergyNotFound,
    SynergyOutOfScope,
    UnknownDefinition,
    UnknownIndicator,
    WeightSetExists,
    WeightsRefused,
)
from shuangtan.city.synergy.inventory_inputs import Totals, computed_inputs
from shuangtan.city.synergy.models import SynergyInput, SynergyRun, SynergyScore, SynergyWeightSet
from shuangtan.db import utcnow
from shuangtan.kit.params import check_year
from shuangtan.place import repository as place_repository
from shuangtan.place.models import County

__all__ = [
    "compute_year",
    "county_of",
    "create_weight_set",
    "definition",
    "enter_input",
    "enter_inputs",
    "inputs",
    "readable_counties",
    "refresh_from_inventory",
    "store_computed_inputs",
    "weight_sets",
]

SIX_PLACES = Decimal("0.000001")
FOUR_PLACES = Decimal("0.0001")
MAX_NOTE = 500


def definition(version: str | None = None) -> Definition:
    """The definition ``version`` (the newest if ``None``); 404 if none was shipped."""
    chosen = version or default_version()
    try:
        return load_definition(chosen)
    except KeyError:
        raise UnknownDefinition(chosen) from None


def _official(actor: Principal | None) -> None:
    if actor is not None and not actor.has_role(Role.official, Role.admin):
        raise SynergyDenied(
            "协同指数仅限政府官员和系统管理员使用。",
            "Only officials and administrators use the synergy index.",
        )


def _city_wide(actor: Principal | None) -> bool:
    """Whether ``actor`` acts for the whole city (``None`` is the system itself)."""
    return actor is None or actor.scope.whole_city


def _require_city(session: Session, actor: Principal | None, what_zh: str, what_en: str) -> None:
    _official(actor)
    if not _city_wide(actor):
        raise SynergyOutOfScope(
            f"{what_zh}涉及全市各县(市、区),仅限市级官员或系统管理员。",
            f"{what_en} concerns every county: city officials and administrators only.",
        )


def county_of(session: Session, actor: Principal | None, county_code: str) -> County:
    """The county, if ``actor`` may read and write it (404 if none, 403 if out of scope)."""
    _official(actor)
    county = session.get(County, county_code)
    if county is None:
        raise SynergyNotFound(
            f"没有代码为 {county_code} 的县(市、区)。",
            f"There is no county with code {county_code}.",
            county_code=county_code,
        )
    if not _city_wide(actor) and (actor is None or not actor.scope.covers(county_code)):
        raise SynergyOutOfScope(
            "县级官员只能查看和填报本县(市、区)的数据。",
            "A county official reads and enters data of its own county only.",
            county_code=county_code,
        )
    return county


def readable_counties(*, session: Session, actor: Principal) -> list[County]:
    """The counties ``actor`` may see: all for the city, its own for a county official."""
    _official(actor)
    every = list(place_repository.counties(session).values())
    if _city_wide(actor):
        return every
    return [c for c in every if actor.scope.covers(c.code)]


def _decimal(value: Any, indicator_id: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or abs(number) >= Decimal("1e14"):
        raise SynergyInputInvalid(
            f"指标 {indicator_id} 的值“{value}”不是有效数字。",
            f"The value '{value}' of {indicator_id} is not a valid number.",
            indicator_id=indicator_id,
        )
    return number.quantize(SIX_PLACES)


def _note(source_note: str | None, indicator_id: str) -> str:
    note = (source_note or "").strip()
    if not note or len(note) > MAX_NOTE:
        raise SynergyInputInvalid(
            f"指标 {indicator_id} 须注明数据来源(1–{MAX_NOTE} 字)。",
            f"Give the source of {indicator_id} (1-{MAX_NOTE} characters).",
            indicator_id=indicator_id,
        )
    return note


def _input_json(row: SynergyInput) -> dict[str, Any]:
    return {
        "county_code": row.county_code,
        "year": row.year,
        "indicator_id": row.indicator_id,
        "value": row.value,
        "unit": row.unit,
        "origin": row.origin,
        "source_note": row.source_note,
    }


def _store(
    session: Session,
    actor: Principal | None,
    *,
    county_code: str,
    year: int,
    indicator_id: str,
    unit: str,
    value: Decimal,
    origin: str,
    note: str,
) -> SynergyInput:
    row = repository.input_row(
        session, county_code=county_code, year=year, indicator_id=indicator_id
    )
    before = _input_json(row) if row is not None else None
    if row is None:
        row = SynergyInput(county_code=county_code, year=year, indicator_id=indicator_id)
        session.add(row)
    elif (row.value, row.origin, row.source_note, row.unit) == (value, origin, note, unit):
        return row  # unchanged: no write, no audit entry
    row.value, row.unit, row.origin, row.source_note = value, unit, origin, note
    row.updated_by = actor.username if actor else None
    row.updated_at = utcnow()
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="synergy.input_saved",
        entity_type="synergy_input",
        entity_id=str(row.id),
        before=before,
        after=_input_json(row),
    )
    return row


def enter_inputs(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str,
    values: Mapping[str, tuple[Any, str | None]],
    version: str | None = None,
) -> list[SynergyInput]:
    """Store entered values ``{indicator id: (value, source note)}`` of one county-year.

    Every value is checked before anything is written; an indicator id unknown to the
    definition, a value that is not a finite number or an empty source note refuses the lot.
    """
    check_year(year)
    county_of(session, actor, county_code)
    spec = definition(version)
    checked = []
    for indicator_id, (value, note) in values.items():
        try:
            indicator = spec.indicator(indicator_id)
        except KeyError:
            raise UnknownIndicator(indicator_id, spec.version) from None
        checked.append((indicator, _decimal(value, indicator_id), _note(note, indicator_id)))
    return [
        _store(
            session,
            actor,
            county_code=county_code,
            year=year,
            indicator_id=indicator.id,
            unit=indicator.unit,
            value=value,
            origin="entered",
            note=note,
        )
        for indicator, value, note in checked
    ]


def enter_input(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str,
    indicator_id: str,
    value: Any,
    source_note: str | None,
    version: str | None = None,
) -> SynergyInput:
    """Store one entered value with its source note (see :func:`enter_inputs`)."""
    rows = enter_inputs(
        session=session,
        actor=actor,
        year=year,
        county_code=county_code,
        values={indicator_id: (value, source_note)},
        version=version,
    )
    return rows[0]


def store_computed_inputs(
    *,
    session: Session,
    actor: Principal | None,
    totals: Totals,
    county_code: str,
    version: str | None = None,
) -> tuple[list[SynergyInput], list[str]]:
    """Store the inputs computable from one county-year's inventory ``totals``, marked
    ``computed`` with their formula; returns them and the ids the inventory could not give."""
    check_year(totals.year)
    county_of(session, actor, county_code)
    spec = definition(version)
    stored, skipped = [], []
    for indicator_id, result in computed_inputs(totals, spec.indicator_ids).items():
        if result is None:
            skipped.append(indicator_id)
            continue
        value, formula = result
        indicator = spec.indicator(indicator_id)
        note = f"computed from the city inventory {totals.year}: {formula}"
        stored.append(
            _store(
                session,
                actor,
                county_code=county_code,
                year=totals.year,
                indicator_id=indicator_id,
                unit=indicator.unit,
                value=_decimal(value, indicator_id),
                origin="computed",
                note=note[:MAX_NOTE],
            )
        )
    return stored, skipped


def refresh_from_inventory(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    county_code: str,
    version: str | None = None,
) -> tuple[list[SynergyInput], list[str]]:
    """Recompute the inventory-based inputs of one county-year from the stored inventory
    (``city_totals``); returns the inputs stored and the ids the inventory could not give."""
    check_year(year)
    county_of(session, actor, county_code)
    totals = inventory_service.city_totals(
        session=session, year=year, county_code=county_code, with_inventory=False
    )
    return store_computed_inputs(
        session=session, actor=actor, totals=totals, county_code=county_code, version=version
    )


def inputs(
    *, session: Session, actor: Principal, year: int, county_code: str
) -> list[SynergyInput]:
    """The stored inputs of one county-year (within the caller's scope)."""
    check_year(year)
    county_of(session, actor, county_code)
    return repository.inputs_of_year(session, year, county_code)


def create_weight_set(
    *,
    session: Session,
    actor: Principal | None,
    name: str,
    weights: Mapping[str, Any],
    note: str = "",
    version: str | None = None,
) -> SynergyWeightSet:
    """A new set of official weights for definition ``version``: one weight ≥ 0 per
    indicator, summing to 1. City officials and administrators; audited."""
    _require_city(session, actor, "设定权重", "Setting weights")
    spec = definition(version)
    name = name.strip()
    if not name or len(name) > 100:
        raise WeightsRefused("权重方案须有名称(1–100 字)。", "A weight set needs a name (1-100).")
    try:
        numbers = {k: float(Decimal(str(v).strip())) for k, v in weights.items()}
    except (InvalidOperation, ValueError):
        raise WeightsRefused("权重须为数字。", "Every weight must be a number.") from None
    try:
        computation.check_official_weights(numbers, spec.indicator_ids)
    except computation.WeightsInvalid as error:
        raise WeightsRefused(error.message_zh, error.message_en) from None
    if repository.weight_set_named(session, spec.version, name) is not None:
        raise WeightSetExists(
            f"定义 {spec.version} 已有名为“{name}”的权重方案。",
            f"Definition {spec.version} already has a weight set named '{name}'.",
        )
    row = SynergyWeightSet(
        definition_version=spec.version,
        name=name,
        weights={i: str(Decimal(str(weights[i]).strip())) for i in spec.indicator_ids},
        note=note.strip()[:MAX_NOTE],
        created_by=actor.username if actor else None,
    )
    session.add(row)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="synergy.weight_set_created",
        entity_type="synergy_weight_set",
        entity_id=str(row.id),
        before=None,
        after={"version": row.definition_version, "name": row.name, "weights": row.weights},
    )
    return row


def weight_sets(
    *, session: Session, actor: Principal, version: str | None = None
) -> list[SynergyWeightSet]:
    """The official weight sets (officials of any scope may read them)."""
    _official(actor)
    return repository.weight_sets(session, version)


def _reference_inputs(session: Session, spec: Definition) -> dict[str, dict[str, float]] | None:
    """The stored inputs of the definition's reference year (county → indicator → value)."""
    if spec.reference_year is None:
        return None
    values: dict[str, dict[str, float]] = {}
    for row in repository.inputs_of_year(session, spec.reference_year):
        if row.indicator_id in spec.indicator_ids:
            values.setdefault(row.county_code, {})[row.indicator_id] = float(row.value)
    return values


def _detail(
    spec: Definition,
    score: computation.CountyScore,
    rows: Mapping[str, SynergyInput],
    bounds: Mapping[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    detail = []
    for item in score.indicators:
        indicator = spec.indicator(item.indicator_id)
        row = rows[item.indicator_id]
        fixed = bounds.get(item.indicator_id)
        extra = {"bounds": [round(fixed[0], 6), round(fixed[1], 6)]} if fixed else {}
        detail.append(
            {
                "indicator_id": item.indicator_id,
                "dimension": indicator.dimension,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "raw": str(row.value),
                "normalised": round(item.normalised, 6),
                "weight": round(item.weight, 6),
                "contribution": round(item.contribution, 4),
                "origin": row.origin,
                "source_note": row.source_note,
                **extra,
            }
        )
    return detail


def compute_year(
    *,
    session: Session,
    actor: Principal | None,
    year: int,
    version: str | None = None,
    weight_set_id: int | None = None,
) -> SynergyRun:
    """Score every county of ``year`` that has every input (a new run; audited).

    Entropy weights over the complete counties, or the official weight set ``weight_set_id``
    (which must belong to the same definition version). Counties with missing inputs are
    recorded in the run's ``unscored`` with the missing indicator ids. A version anchored on a
    reference year reads that year's stored inputs for its bounds (and entropy weights) and
    refuses (409) if fewer than two counties have all of them; each score's ``detail`` keeps
    the bounds its values were normalised against.
    """
    _require_city(session, actor, "计算协同指数", "Computing the index")
    check_year(year)
    weight_set = None
    if weight_set_id is not None:
        weight_set = repository.weight_set(session, weight_set_id)
        if weight_set is None:
            raise SynergyNotFound(
                f"没有编号为 {weight_set_id} 的权重方案。",
                f"There is no weight set {weight_set_id}.",
            )
        version = version or weight_set.definition_version
    spec = definition(version)
    if weight_set is not None and weight_set.definition_version != spec.version:
        raise WeightsRefused(
            f"权重方案属于定义 {weight_set.definition_version},不能用于 {spec.version}。",
            f"The weight set belongs to definition {weight_set.definition_version}, "
            f"not {spec.version}.",
        )
    rows: dict[str, dict[str, SynergyInput]] = {c: {} for c in place_repository.counties(session)}
    for row in repository.inputs_of_year(session, year):
        if row.indicator_id in spec.indicator_ids:
            rows.setdefault(row.county_code, {})[row.indicator_id] = row
    values = {c: {i: float(r.value) for i, r in by_id.items()} for c, by_id in rows.items()}
    official = {i: float(Decimal(w)) for i, w in weight_set.weights.items()} if weight_set else None
    reference = _reference_inputs(session, spec)
    try:
        result = computation.score_year(
            spec, values, official_weights=official, reference=reference
        )
    except computation.ReferenceIncomplete:
        raise NotEnoughCounties(
            f"定义 {spec.version} 以 {spec.reference_year} 年为基准,但该年数据完整的县(市、区)"
            f"不足两个,无法计算;请先补全 {spec.reference_year} 年的输入。",
            f"Definition {spec.version} is anchored on {spec.reference_year}, but fewer than two "
            f"counties have every input of {spec.reference_year}: enter them first.",
            reference_year=spec.reference_year,
        ) from None
    except ValueError:
        gaps = {c: [i for i in spec.indicator_ids if i not in by_id] for c, by_id in rows.items()}
        raise NotEnoughCounties(
            f"{year} 年数据完整的县(市、区)不足两个,无法计算。",
            f"Fewer than two counties have every input of {year}: nothing computed.",
            missing={c: g for c, g in gaps.items() if g},
        ) from None
    run = SynergyRun(
        year=year,
        definition_version=spec.version,
        weighting="official" if weight_set else "entropy",
        weight_set_id=weight_set.id if weight_set else None,
        weights={i: round(w, 6) for i, w in result.weights.items()},
        entropy={i: round(e, 6) for i, e in result.entropy.items()} if result.entropy else None,
        unscored={c: list(g) for c, g in result.missing.items()},
        computed_by=actor.username if actor else None,
    )
    session.add(run)
    session.flush()
    indices = [_q4(s.index) for s in result.scores]
    for score, index in zip(result.scores, indices, strict=True):
        band = spec.bands[score.band_index]
        rank = 1 + sum(1 for other in indices if other > index)  # ties share a rank
        session.add(
            SynergyScore(
                run_id=run.id,
                county_code=score.county_code,
                rank=rank,
                index_value=index,
                economy=_q4(score.dimensions["economy"]),
                pollutants=_q4(score.dimensions["pollutants"]),
                energy=_q4(score.dimensions["energy"]),
                carbon=_q4(score.dimensions["carbon"]),
                u1=_q6(score.u1),
                u2=_q6(score.u2),
                coupling_c=_q6(score.coupling.c),
                coordination_t=_q6(score.coupling.t),
                coordination_d=_q6(score.coupling.d),
                band_zh=band.name_zh,
                band_en=band.name_en,
                detail=_detail(spec, score, rows[score.county_code], result.bounds),
            )
        )
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="synergy.computed",
        entity_type="synergy_run",
        entity_id=str(run.id),
        before=None,
        after={
            "year": year,
            "version": spec.version,
            "weighting": run.weighting,
            "weight_set_id": run.weight_set_id,
            "scored": len(result.scores),
            "unscored": run.unscored,
            "reference_year": spec.reference_year,
        },
    )
    return run


def _q4(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(FOUR_PLACES)


def _q6(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(SIX_PLACES)
