"""The arithmetic of the synergy index (协同指数计算): pure functions over NumPy arrays.

Rows are counties (i = 1…n), columns indicators (j = 1…m). Steps, each a function below:

1. Normalisation to [0, 1] (:func:`normalise_min_max`, :func:`normalise_bounds`):
   positive ``x' = (x - min) / (max - min)``, negative ``x' = (max - x) / (max - min)``,
   min and max over the counties scored in the year; or against fixed bounds ``[L, U]`` of the
   definition, clipped to [0, 1]. A column where every county has the same value carries no
   ranking information: every county gets 0.5 (neither best nor worst).
   *Anchored* (``reference``, :func:`reference_bounds`): against bounds taken from the
   reference year, ``[min_R - m s, max_R + m s]`` with ``s = max(max_R - min_R, f |mean_R|)``
   over the counties complete in the reference year, the definition's margin m and spread
   floor f, clipped to [0, 1]; a county's
   x' then depends on its own value only, so it compares between years.
2. Weights: the entropy method (:func:`entropy_weights`) ``p_ij = x'_ij / Σ_i x'_ij``,
   ``e_j = -k Σ_i p_ij ln p_ij`` with ``k = 1 / ln n`` and ``0 · ln 0 = 0`` (the limit),
   ``d_j = 1 - e_j``, ``w_j = d_j / Σ_j d_j``. A column whose x' are all equal, or all zero,
   has ``e_j = 1`` and weight 0. If no column varies at all, every ``d_j`` is 0 and the
   weights fall back to equal weights (flagged ``degenerate``). Or official weights
   (:func:`check_official_weights`): one per indicator, each ≥ 0, summing to 1. A definition
   whose weighting basis is ``reference`` takes the entropy weights of the reference year
   (min-max across its counties, as above) and holds them for every year.
3. The composite index ``I_i = 100 Σ_j w_j x'_ij`` (0–100); an indicator's contribution is
   ``100 w_j x'_ij`` (points of the index); a dimension's sub-score is the weighted mean of its
   indicators ×100, ``100 Σ_{j∈k} w_j x'_ij / Σ_{j∈k} w_j`` (equal weights inside the
   dimension if all its weights are 0).
4. Subsystems: U1 (pollution reduction) and U2 (carbon reduction) are weighted means (0–1) of
   their indicators' x' in the same way.
5. Coupling coordination (:func:`coupling_coordination`): ``C = 2 √(U1 U2) / (U1 + U2)``,
   ``T = α U1 + β U2``, ``D = √(C T)``; C is 0 when U1 + U2 = 0. Or the modified coupling
   degree of 王淑佳 et al. 2021 (:func:`modified_coupling_degree`), for two subsystems
   ``C = √[(1 - |U1 - U2|) · min(U1, U2) / max(U1, U2)]`` (0 when both are 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from shuangtan.city.synergy.definition import Definition, Indicator

__all__ = [
    "Anchor",
    "CountyScore",
    "Coupling",
    "EntropyWeights",
    "IndicatorScore",
    "ReferenceIncomplete",
    "WeightsInvalid",
    "YearScores",
    "anchor_of",
    "check_official_weights",
    "coupling_coordination",
    "entropy_weights",
    "modified_coupling_degree",
    "normalise",
    "normalise_bounds",
    "normalise_min_max",
    "reference_bounds",
    "score_year",
    "weighted_mean",
]

Vector = NDArray[np.float64]
CONSTANT_COLUMN_VALUE = 0.5
"""x' of every county when all counties have the same value of a min-max indicator."""
WEIGHT_SUM_TOLERANCE = 1e-6


class WeightsInvalid(ValueError):
    """Official weights that cannot be used (权重无效); ``message_zh``/``message_en`` say why."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def normalise_min_max(values: Vector, *, positive: bool) -> Vector:
    """Range standardisation of one column: ``(x - min)/(max - min)`` or ``(max - x)/(…)``."""
    low, high = float(values.min()), float(values.max())
    if high - low <= 0:
        return np.full(values.shape, CONSTANT_COLUMN_VALUE)
    scaled = (values - low) / (high - low)
    return scaled if positive else 1.0 - scaled


def normalise_bounds(values: Vector, *, bounds: tuple[float, float], positive: bool) -> Vector:
    """Standardisation against fixed bounds ``[L, U]``, clipped to [0, 1]."""
    low, high = bounds
    scaled = np.clip((values - low) / (high - low), 0.0, 1.0)
    return scaled if positive else 1.0 - scaled


def reference_bounds(values: Vector, *, margin: float, floor: float = 0.0) -> tuple[float, float]:
    """Anchored bounds from one indicator's reference-year values: ``[min - m s, max + m s]``
    with spread ``s = max(max - min, floor × |mean|)``, so that a column on which the counties
    were (nearly) equal in the reference year still leaves room; ``s = 1`` if that is 0."""
    low, high = float(values.min()), float(values.max())
    spread = max(high - low, floor * abs(float(values.mean())))
    if spread <= 0:
        spread = 1.0
    return (low - margin * spread, high + margin * spread)


def normalise(
    raw: Vector,
    indicators: Sequence[Indicator],
    anchors: Mapping[str, tuple[float, float]] | None = None,
) -> Vector:
    """The n×m matrix of x' from the n×m matrix of raw values, column by column; ``anchors``
    (indicator id → bounds) holds the reference bounds of ``reference`` indicators, which are
    normalised min-max across the rows when it is ``None``."""
    columns = []
    for j, indicator in enumerate(indicators):
        column = raw[:, j]
        bounds = indicator.bounds if indicator.normalisation == "bounds" else None
        if indicator.normalisation == "reference" and anchors is not None:
            bounds = anchors[indicator.id]
        if bounds is not None:
            columns.append(normalise_bounds(column, bounds=bounds, positive=indicator.positive))
        else:
            columns.append(normalise_min_max(column, positive=indicator.positive))
    return np.column_stack(columns)


class ReferenceIncomplete(ValueError):
    """Fewer than two counties have every input of the reference year (参考年数据不足)."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """锚定 what an anchored definition takes from its reference year: the bounds of each
    ``reference`` indicator and, for weighting basis ``reference``, the entropy weights."""

    year: int
    counties: tuple[str, ...]  # the reference year's complete counties
    bounds: dict[str, tuple[float, float]]
    entropy: EntropyWeights | None


def _complete(
    ids: Sequence[str], inputs: Mapping[str, Mapping[str, float]]
) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    missing = {
        county: tuple(i for i in ids if i not in values or values[i] is None)
        for county, values in sorted(inputs.items())
    }
    complete = [county for county, gaps in missing.items() if not gaps]
    return complete, {county: gaps for county, gaps in missing.items() if gaps}


def _matrix(
    ids: Sequence[str], inputs: Mapping[str, Mapping[str, float]], rows: list[str]
) -> Vector:
    raw = np.array([[float(inputs[county][i]) for i in ids] for county in rows])
    if not np.isfinite(raw).all():
        raise ValueError("inputs must be finite numbers")
    return raw


def anchor_of(definition: Definition, reference: Mapping[str, Mapping[str, float]]) -> Anchor:
    """The anchor of ``definition`` from the reference year's inputs (county → indicator id →
    raw value); :class:`ReferenceIncomplete` if fewer than two counties have every input."""
    if definition.reference_year is None:
        raise ValueError(f"definition {definition.version} has no reference year")
    ids = definition.indicator_ids
    complete, _ = _complete(ids, reference)
    if len(complete) < 2:
        raise ReferenceIncomplete("at least two counties with every input are needed")
    raw = _matrix(ids, reference, complete)
    bounds = {
        indicator.id: reference_bounds(
            raw[:, j], margin=definition.reference_margin, floor=definition.reference_floor
        )
        for j, indicator in enumerate(definition.indicators)
        if indicator.normalisation == "reference"
    }
    entropy = None
    if definition.weighting_basis == "reference":
        entropy = entropy_weights(normalise(raw, definition.indicators))
    return Anchor(definition.reference_year, tuple(complete), bounds, entropy)


@dataclass(frozen=True, slots=True)
class EntropyWeights:
    """熵权 entropy weights with the entropy e_j and the divergence d_j of each column."""

    weights: Vector
    entropy: Vector
    divergence: Vector
    degenerate: bool  # no column varies: equal weights were used


def entropy_weights(normalised: Vector) -> EntropyWeights:
    """Entropy weights of the columns of ``normalised`` (n ≥ 2 rows, every x' ≥ 0)."""
    n, m = normalised.shape
    if n < 2:
        raise ValueError("the entropy method needs at least two counties")
    if (normalised < 0).any():
        raise ValueError("the entropy method needs non-negative normalised values")
    totals = normalised.sum(axis=0)
    entropy = np.ones(m)
    k = 1.0 / math.log(n)
    for j in range(m):
        if totals[j] <= 0:
            continue  # every x' is 0: no information, e_j = 1
        p = normalised[:, j] / totals[j]
        nonzero = p[p > 0]
        entropy[j] = min(1.0, -k * float((nonzero * np.log(nonzero)).sum()))
    divergence = 1.0 - entropy
    divergence[divergence < 1e-12] = 0.0
    if divergence.sum() <= 0:
        return EntropyWeights(np.full(m, 1.0 / m), entropy, divergence, degenerate=True)
    return EntropyWeights(divergence / divergence.sum(), entropy, divergence, degenerate=False)


def check_official_weights(weights: Mapping[str, float], indicator_ids: Sequence[str]) -> Vector:
    """Official weights in the order of ``indicator_ids``; :class:`WeightsInvalid` unless
    there is exactly one finite weight ≥ 0 per indicator and they sum to 1 (± 1e-6)."""
    missing = [i for i in indicator_ids if i not in weights]
    unknown = sorted(set(weights) - set(indicator_ids))
    if missing or unknown:
        raise WeightsInvalid(
            f"权重须逐一对应定义中的指标:缺少 {missing},多余 {unknown}。",
            f"Weights must name each indicator of the definition: missing {missing}, "
            f"unknown {unknown}.",
        )
    vector = np.array([float(weights[i]) for i in indicator_ids])
    if not np.isfinite(vector).all() or (vector < 0).any():
        raise WeightsInvalid("权重须为不小于 0 的数。", "Every weight must be a number ≥ 0.")
    total = float(vector.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise WeightsInvalid(
            f"权重之和须为 1(现为 {total:.6f})。",
            f"The weights must sum to 1 (they sum to {total:.6f}).",
        )
    return vector


def weighted_mean(values: Vector, weights: Vector) -> float:
    """``Σ w x / Σ w``; the plain mean if every weight is 0."""
    total = float(weights.sum())
    if total <= 0:
        return float(values.mean())
    return float((weights * values).sum() / total)


@dataclass(frozen=True, slots=True)
class Coupling:
    """耦合协调度 coupling degree C, coordination index T and coupling coordination degree D."""

    c: float
    t: float
    d: float


def modified_coupling_degree(subsystems: Sequence[float]) -> float:
    """The modified coupling degree of 王淑佳 et al. 2021 (自然资源学报 36(3)) for two
    subsystems in [0, 1]: ``C = √[(1 - |U1 - U2|) · (U1 / max)(U2 / max)]``, that is
    ``√[(1 - |U1 - U2|) · min / max]``; 0 when both are 0.

    Only two subsystems are accepted: for three or more the secondary sources disagree on the
    dispersion term (root of the mean squared pairwise difference, or mean absolute
    difference) and the paper's own equation could not be read to settle it (docs/synergy.md).
    """
    if len(subsystems) != 2:
        raise ValueError("the modified coupling degree is implemented for two subsystems only")
    u1, u2 = (float(u) for u in subsystems)
    if not (0.0 <= u1 <= 1.0 and 0.0 <= u2 <= 1.0):
        raise ValueError("U1 and U2 must lie in [0, 1]")
    top = max(u1, u2)
    if top <= 0:
        return 0.0
    return math.sqrt((1.0 - abs(u1 - u2)) * (u1 / top) * (u2 / top))


def coupling_coordination(
    u1: float, u2: float, *, alpha: float = 0.5, beta: float = 0.5, model: str = "traditional"
) -> Coupling:
    """``C = 2√(U1 U2)/(U1 + U2)`` (``traditional``) or the modified coupling degree
    (``modified``), ``T = αU1 + βU2``, ``D = √(C T)`` for U1, U2 in [0, 1]."""
    if not (0.0 <= u1 <= 1.0 and 0.0 <= u2 <= 1.0):
        raise ValueError("U1 and U2 must lie in [0, 1]")
    if model == "modified":
        c = modified_coupling_degree((u1, u2))
    elif model == "traditional":
        c = 0.0 if u1 + u2 <= 0 else 2.0 * math.sqrt(u1 * u2) / (u1 + u2)
    else:
        raise ValueError(f"unknown coupling model {model!r}")
    t = alpha * u1 + beta * u2
    return Coupling(c=c, t=t, d=math.sqrt(c * t))


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator of one county-year: raw value, x', weight and contribution (points)."""

    indicator_id: str
    raw: float
    normalised: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class CountyScore:
    """一县一年的得分 the scores of one county-year."""

    county_code: str
    index: float  # 0-100
    dimensions: dict[str, float]  # 0-100
    u1: float
    u2: float
    coupling: Coupling
    band_index: int  # 0-based position in the definition's bands
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True, slots=True)
class YearScores:
    """一年的计算结果 the scores of a year, the weights used and the counties not scored."""

    weights: dict[str, float]
    entropy: dict[str, float] | None  # e_j of the entropy method
    degenerate: bool
    scores: tuple[CountyScore, ...]  # ranked: highest index first
    missing: dict[str, tuple[str, ...]]  # county -> indicator ids without input
    bounds: dict[str, tuple[float, float]]  # fixed bounds used (published or anchored)
    anchor: Anchor | None  # what was taken from the reference year, if anchored


def score_year(
    definition: Definition,
    inputs: Mapping[str, Mapping[str, float]],
    *,
    official_weights: Mapping[str, float] | None = None,
    reference: Mapping[str, Mapping[str, float]] | None = None,
) -> YearScores:
    """Score every county of ``inputs`` (county → indicator id → raw value) that has every
    indicator; the others are listed in ``missing``. Entropy weights unless
    ``official_weights`` is given. At least two complete counties are needed. A definition
    with a reference year needs ``reference``, the reference year's inputs (the same shape):
    its bounds and, for weighting basis ``reference``, its entropy weights are used."""
    ids = definition.indicator_ids
    complete, missing = _complete(ids, inputs)
    if len(complete) < 2:
        raise ValueError("at least two counties with every input are needed")
    raw = _matrix(ids, inputs, complete)
    anchor = None
    if definition.reference_year is not None:
        if reference is None:
            raise ValueError(f"definition {definition.version} needs the reference year's inputs")
        anchor = anchor_of(definition, reference)
    normalised = normalise(raw, definition.indicators, anchor.bounds if anchor else None)
    entropy: dict[str, float] | None = None
    degenerate = False
    if official_weights is not None:
        weights = check_official_weights(official_weights, ids)
    else:
        result = anchor.entropy if anchor and anchor.entropy else entropy_weights(normalised)
        weights, degenerate = result.weights, result.degenerate
        entropy = {i: float(e) for i, e in zip(ids, result.entropy, strict=True)}
    scale = float(definition.scale)
    position = {i: j for j, i in enumerate(ids)}
    u1_cols = [position[i] for i in definition.pollution_reduction]
    u2_cols = [position[i] for i in definition.carbon_reduction]
    dim_cols = {
        d.id: [j for j, ind in enumerate(definition.indicators) if ind.dimension == d.id]
        for d in definition.dimensions
    }
    scores = []
    for row, county in enumerate(complete):
        x = normalised[row]
        dimensions = {
            dim: scale * weighted_mean(x[cols], weights[cols])
            for dim, cols in dim_cols.items()
            if cols
        }
        u1 = min(1.0, weighted_mean(x[u1_cols], weights[u1_cols]))
        u2 = min(1.0, weighted_mean(x[u2_cols], weights[u2_cols]))
        coupling = coupling_coordination(
            u1, u2, alpha=definition.alpha, beta=definition.beta, model=definition.coupling_model
        )
        band = definition.band(coupling.d)
        scores.append(
            CountyScore(
                county_code=county,
                index=scale * float((weights * x).sum()),
                dimensions=dimensions,
                u1=u1,
                u2=u2,
                coupling=coupling,
                band_index=definition.bands.index(band),
                indicators=tuple(
                    IndicatorScore(
                        i,
                        float(raw[row, j]),
                        float(x[j]),
                        float(weights[j]),
                        scale * float(weights[j] * x[j]),
                    )
                    for j, i in enumerate(ids)
                ),
            )
        )
    scores.sort(key=lambda s: (-s.index, s.county_code))
    return YearScores(
        weights={i: float(w) for i, w in zip(ids, weights, strict=True)},
        entropy=entropy,
        degenerate=degenerate,
        scores=tuple(scores),
        missing=missing,
        bounds={i.id: i.bounds for i in definition.indicators if i.bounds is not None}
        | (anchor.bounds if anchor else {}),
        anchor=anchor,
    )
