"""LMDI-I index decomposition (对数平均迪氏指数分解法), additive and multiplicative.

Pure: no database, no web. Method of Ang (2005, Energy Policy 33:867–871): the aggregate
V = Σ_i Π_k x_{k,i} over sub-categories i (子类) and factors k (因素); between year 0 and year T

* additive (加和分解):       ΔV_k = Σ_i L(V_i^T, V_i^0) · ln(x_{k,i}^T / x_{k,i}^0)
* multiplicative (乘积分解): D_k = exp(Σ_i w_i · ln(x_{k,i}^T / x_{k,i}^0)),
  w_i = L(V_i^T, V_i^0) / L(V^T, V^0)

with the logarithmic mean (对数平均) L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a.
Σ_k ΔV_k = V^T − V^0 and Π_k D_k = V^T / V^0 hold exactly (no residual).

Zero values (零值) follow the analytical limits of Ang, Zhang & Choi (1998, Energy 23:489–495,
Table 2), i.e. each zero is replaced by δ and δ → 0:

* V_i^0 = 0 and V_i^T = 0: the sub-category contributes 0 to every factor.
* V_i^0 = 0 < V_i^T (it appears, 新出现): V_i^T goes to the factor that went from 0 to positive.
  If m factors are zero in year 0, each gets V_i^T / m — the limit when every zero is replaced
  by the same δ (ln V_i^0 ≈ m ln δ). With one zero factor (the usual case) the limit is exact.
* V_i^0 > 0 = V_i^T (it vanishes, 消失): −V_i^0 goes to the factor(s) that went to 0, split the
  same way.
* A factor that is zero in both years while the value is zero in both adds nothing.

Multiplicative with zeros: in LMDI-I, ln D_k = ΔV_k / L(V^T, V^0) term by term, so the same limits
carry over to the weights: an appearing sub-category adds V_i^T / L(V^T, V^0) to ln D_k of the
factor that appeared, and nothing to the others. When the aggregate itself is zero in either
year the ratio V^T / V^0 does not exist: ``total_ratio`` and every multiplicative factor are then
``None`` (null in JSON); the additive decomposition still holds.

Input rules: at least two years; year keys are integers written as strings ("2019") and are
chained in numeric order (2019→2020, 2020→2021, …); every sub-category must be present in every
year (a missing one is refused rather than guessed: give its factors with the zero that says
which factor did not exist yet, e.g. a structure share of 0); each list has one finite,
non-negative number per factor. Limits for a public request: :data:`MAX_FACTORS` factors,
:data:`MAX_YEARS` years, :data:`MAX_SUBCATEGORIES` sub-categories a year and
:data:`MAX_VALUES` numbers in all, checked before anything is read. Anything else raises
:class:`LmdiInputError`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

MAX_FACTORS = 10
"""Factors of one decomposition (因素个数上限): Kaya has four, the longest published chains
about seven."""
MAX_YEARS = 101
"""Years of one decomposition (年份上限), i.e. at most 100 periods: longer than any city's
statistics (China's energy balances start in the 1980s)."""
MAX_SUBCATEGORIES = 500
"""Sub-categories of one year (子类上限): GB/T 4754 has 97 industry divisions; 500 leaves room
for counties × sectors."""
MAX_VALUES = 100_000
"""Numbers of one request in all (years × sub-categories × factors, 数值总数上限): bounds the
work and the answer (one effect per number) of a public request."""


class LmdiInputError(ValueError):
    """Input that cannot be decomposed (分解输入无效), with a Chinese and an English message."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


def logarithmic_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b) for a, b > 0; L(a, a) = a; 0 if either is 0."""
    if a == b:
        return a
    if a == 0 or b == 0:
        return 0.0
    if abs(a - b) < 0.5 * b:  # close: log1p keeps the denominator accurate (a − b is exact)
        return (a - b) / math.log1p((a - b) / b)
    return (a - b) / math.log(a / b)


def _refuse(zh: str, en: str) -> LmdiInputError:
    return LmdiInputError(zh, en)


def _validate_factors(factors: Any) -> list[str]:
    if isinstance(factors, str) or not isinstance(factors, Sequence) or not factors:
        raise _refuse(
            "factors 必须是非空的因素名称列表。",
            "factors must be a non-empty list of factor names.",
        )
    if len(factors) > MAX_FACTORS:
        raise _refuse(
            f"因素最多 {MAX_FACTORS} 个,收到 {len(factors)} 个。",
            f"At most {MAX_FACTORS} factors, got {len(factors)}.",
        )
    names: list[str] = []
    for name in factors:
        if not isinstance(name, str) or not name.strip():
            raise _refuse(
                f"因素名称必须是非空字符串:{name!r}。",
                f"Every factor name must be a non-empty string: {name!r}.",
            )
        if name in names:
            raise _refuse(f"因素名称重复:{name}。", f"Factor name repeated: {name}.")
        names.append(name)
    return names


def _year_order(year: Any) -> int:
    if isinstance(year, str) and year.strip().lstrip("-").isdigit():
        return int(year)
    raise _refuse(
        f'年份必须是写成字符串的整数(如 "2019"):{year!r}。',
        f'Every year must be an integer written as a string (e.g. "2019"): {year!r}.',
    )


def _validate_data(
    factors: list[str], data: Any
) -> tuple[list[str], list[str], dict[str, dict[str, list[float]]]]:
    if not isinstance(data, Mapping):
        raise _refuse("data 必须是按年份的对象。", "data must be an object keyed by year.")
    _check_size(len(factors), data)
    years = sorted(data, key=_year_order)
    if len(years) < 2:
        raise _refuse("至少需要两个年份才能分解。", "At least two years are needed to decompose.")
    if len({_year_order(y) for y in years}) != len(years):
        raise _refuse("年份重复。", "A year is given twice.")
    clean: dict[str, dict[str, list[float]]] = {}
    subs: list[str] | None = None
    for year in years:
        by_sub = data[year]
        if not isinstance(by_sub, Mapping) or not by_sub:
            raise _refuse(
                f"{year} 年的数据必须是按子类的非空对象。",
                f"The data of {year} must be a non-empty object keyed by sub-category.",
            )
        clean[year] = {}
        for sub, values in by_sub.items():
            clean[year][str(sub)] = _validate_values(factors, year, str(sub), values)
        if subs is None:
            subs = list(clean[year])
        elif set(subs) != set(clean[year]):
            missing = sorted(set(subs) ^ set(clean[year]))
            raise _refuse(
                f"子类 {', '.join(missing)} 未在每个年份出现({year} 年与 {years[0]} 年不一致);"
                "新出现或消失的子类请在没有它的年份填 0,并让为 0 的因素表明是哪个因素出现或消失。",
                f"Sub-category {', '.join(missing)} is not present in every year ({year} differs "
                f"from {years[0]}); give a sub-category that appears or vanishes in every year, "
                "with 0 for the factor that did not exist.",
            )
    assert subs is not None
    return years, subs, clean


def _check_size(factors: int, data: Mapping[Any, Any]) -> None:
    """Refuse a request past the limits (years, sub-categories, numbers) before reading it."""
    if len(data) > MAX_YEARS:
        raise _refuse(
            f"年份最多 {MAX_YEARS} 个(即 {MAX_YEARS - 1} 个分解期),收到 {len(data)} 个。",
            f"At most {MAX_YEARS} years ({MAX_YEARS - 1} periods), got {len(data)}.",
        )
    values = 0
    for year, by_sub in data.items():
        count = len(by_sub) if isinstance(by_sub, Mapping) else 0
        if count > MAX_SUBCATEGORIES:
            raise _refuse(
                f"{year} 年的子类最多 {MAX_SUBCATEGORIES} 个,收到 {count} 个。",
                f"At most {MAX_SUBCATEGORIES} sub-categories a year; {year} has {count}.",
            )
        values += count * factors
    if values > MAX_VALUES:
        raise _refuse(
            f"数值总数(年份 × 子类 × 因素)最多 {MAX_VALUES} 个,收到 {values} 个。",
            f"At most {MAX_VALUES} numbers (years × sub-categories × factors), got {values}.",
        )


def _validate_values(factors: list[str], year: str, sub: str, values: Any) -> list[float]:
    if isinstance(values, str) or not isinstance(values, Sequence) or len(values) != len(factors):
        raise _refuse(
            f"{year} 年子类 {sub} 必须给出 {len(factors)} 个数值(每个因素一个)。",
            f"Sub-category {sub} in {year} must give {len(factors)} numbers, one per factor.",
        )
    out: list[float] = []
    for factor, value in zip(factors, values, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _refuse(
                f"{year} 年子类 {sub} 的因素 {factor} 不是数值:{value!r}。",
                f"Factor {factor} of sub-category {sub} in {year} is not a number: {value!r}.",
            )
        number = float(value)
        if not math.isfinite(number):
            raise _refuse(
                f"{year} 年子类 {sub} 的因素 {factor} 不是有限数值:{value!r}。",
                f"Factor {factor} of sub-category {sub} in {year} is not finite: {value!r}.",
            )
        if number < 0:
            raise _refuse(
                f"{year} 年子类 {sub} 的因素 {factor} 为负数({value}),LMDI 不能分解负值。",
                f"Factor {factor} of sub-category {sub} in {year} is negative ({value}); "
                "LMDI cannot decompose negative values.",
            )
        out.append(number)
    return out


def _subcategory_effects(x0: list[float], xt: list[float]) -> list[float]:
    """Additive effect of each factor for one sub-category, zeros by their analytical limits."""
    v0 = math.prod(x0)
    vt = math.prod(xt)
    if v0 == 0 and vt == 0:
        return [0.0] * len(x0)
    if v0 == 0:  # appears: V^T to the factor(s) that went from 0 to positive
        zeros = [k for k, value in enumerate(x0) if value == 0]
        return [vt / len(zeros) if k in zeros else 0.0 for k in range(len(x0))]
    if vt == 0:  # vanishes: −V^0 to the factor(s) that went to 0
        zeros = [k for k, value in enumerate(xt) if value == 0]
        return [-v0 / len(zeros) if k in zeros else 0.0 for k in range(len(x0))]
    weight = logarithmic_mean(vt, v0)
    return [weight * math.log(b / a) for a, b in zip(x0, xt, strict=True)]


def _period(
    factors: list[str],
    subs: list[str],
    year0: str,
    year_t: str,
    data0: dict[str, list[float]],
    data_t: dict[str, list[float]],
) -> dict[str, Any]:
    by_sub = {sub: _subcategory_effects(data0[sub], data_t[sub]) for sub in subs}
    total0 = math.fsum(math.prod(data0[sub]) for sub in subs)
    total_t = math.fsum(math.prod(data_t[sub]) for sub in subs)
    additive = {f: math.fsum(by_sub[sub][k] for sub in subs) for k, f in enumerate(factors)}
    multiplicative: dict[str, float | None]
    ratio: float | None
    if total0 > 0 and total_t > 0:
        weight = logarithmic_mean(total_t, total0)
        multiplicative = {f: math.exp(additive[f] / weight) for f in factors}
        ratio = total_t / total0
    else:
        multiplicative = dict.fromkeys(factors)
        ratio = None
    return {
        "from": year0,
        "to": year_t,
        "total_change": total_t - total0,
        "total_ratio": ratio,
        "additive": additive,
        "multiplicative": multiplicative,
        "by_subcategory": {
            sub: dict(zip(factors, effects, strict=True)) for sub, effects in by_sub.items()
        },
    }


def decompose(
    factors: Sequence[str], data: Mapping[str, Mapping[str, Sequence[float]]]
) -> dict[str, Any]:
    """Decompose the change of V = Σ_i Π_k x_{k,i} year by year into factor effects (LMDI-I).

    ``data`` is ``{year: {sub_category: [x_1, …, x_n]}}`` with one value per name in
    ``factors``. Answers ``{"periods": [{"from", "to", "total_change", "total_ratio",
    "additive", "multiplicative", "by_subcategory"}]}``, one period per consecutive pair of years.
    """
    names = _validate_factors(factors)
    years, subs, clean = _validate_data(names, data)
    periods = [
        _period(names, subs, y0, yt, clean[y0], clean[yt]) for y0, yt in itertools.pairwise(years)
    ]
    return {"periods": periods}
