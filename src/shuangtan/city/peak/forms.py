"""The scenario editor's form (情景编辑表单): a saved row, a new scope's blank form, a posted
form, as strings for the template, and the posted strings as the API's shape (%/yr → fractions,
percentage points → standard deviations). A number that is not one is refused in zh + en.

A new scenario starts from its scope's **last observed year** (最近观测年), its rates the
policy-like template's for the years after that year only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from shuangtan.auth.principal import Principal
from shuangtan.city import kaya
from shuangtan.city.peak import bases, demo, service
from shuangtan.city.peak.errors import PeakInvalid
from shuangtan.city.peak.models import PeakScenario
from shuangtan.errors import DomainError

__all__ = ["blank_form", "form_from_row", "number", "posted_form", "raw_content"]

JIAXING_BASE_YEAR = bases.JIAXING_2020[1]
"""Without observed data, the year of the published city base (docs/peak.md)."""


def pct(value: float) -> str:
    return f"{100 * value:.4g}"


def form_from_row(row: PeakScenario) -> dict[str, Any]:
    return {
        "name": row.name,
        "scope_kind": row.scope_kind,
        "scope_code": row.scope_code,
        "base_year": str(row.base_year),
        "base": {
            "population": f"{row.base_population.normalize():f}",
            "gdp_per_capita": f"{row.base_gdp_per_capita.normalize():f}",
            "energy_intensity": f"{row.base_energy_intensity.normalize():f}",
            "carbon_intensity": f"{row.base_carbon_intensity.normalize():f}",
        },
        "base_source": row.base_source,
        "periods": [
            {
                "first_year": str(p["first_year"]),
                "last_year": str(p["last_year"]),
                **{f: pct(float(p[f])) for f in kaya.FACTORS},
            }
            for p in row.rates
        ],
        "spread": {f: pct(float(row.spread.get(f, 0.0))) for f in kaya.FACTORS},
        "mc_seed": str(row.mc_seed),
        "note": row.note,
        "version": str(row.version),
    }


def blank_form(
    session: Session, principal: Principal, scope_kind: str, scope_code: str
) -> tuple[dict[str, Any], DomainError | None]:
    """A new scenario's form: the base of the scope's last observed year where the data give
    one (else 2020, the published city base), the policy-like rates for the years after it."""
    year = bases.last_observed_year(session, scope_kind, scope_code) or JIAXING_BASE_YEAR
    industry = scope_kind == "industry"
    form: dict[str, Any] = {
        "name": "",
        "scope_kind": scope_kind,
        "scope_code": scope_code,
        "base_year": str(year),
        "base": dict.fromkeys(kaya.FACTORS, ""),
        "base_source": "",
        "periods": [
            {
                "first_year": str(p.first_year),
                "last_year": str(p.last_year),
                **{f: pct(getattr(p, f)) for f in kaya.FACTORS},
            }
            for p in demo.periods_after(kaya.POLICY, industry=industry, base_year=year)
        ],
        "spread": {
            "population": "0" if industry else "0.3",
            "gdp_per_capita": "1",
            "energy_intensity": "0.8",
            "carbon_intensity": "0.8",
        },
        "mc_seed": "2026",
        "note": "",
        "version": "",
    }
    try:
        base = service.suggest_base(
            session=session,
            actor=principal,
            scope_kind=scope_kind,
            scope_code=scope_code,
            year=year,
        )
    except DomainError as error:
        return form, error
    form["base"] = {
        "population": f"{base.population.normalize():f}",
        "gdp_per_capita": f"{base.gdp_per_capita.normalize():f}",
        "energy_intensity": f"{base.energy_intensity.normalize():f}",
        "carbon_intensity": f"{base.carbon_intensity.normalize():f}",
    }
    form["base_source"] = base.source
    return form, None


def number(raw: str, zh: str, en: str, *, scale: float = 1.0) -> float:
    """``raw`` as a number divided by ``scale``; refused in zh + en when it is not one."""
    try:
        return float(raw.strip().replace(",", "")) / scale
    except ValueError as error:
        raise PeakInvalid(f"{zh}不是数字:{raw!r}。", f"{en} is not a number: {raw!r}.") from error


def posted_form(
    *,
    name: str,
    scope_kind: str,
    scope_code: str,
    base_year: str,
    base: dict[str, str],
    base_source: str,
    first_year: list[str],
    last_year: list[str],
    rates: dict[str, list[str]],
    spread: dict[str, str],
    mc_seed: str,
    note: str,
    version: str,
) -> dict[str, Any]:
    periods = [
        {
            "first_year": first,
            "last_year": last,
            **{f: rates[f][i] if i < len(rates[f]) else "" for f in kaya.FACTORS},
        }
        for i, (first, last) in enumerate(zip(first_year, last_year, strict=False))
    ]
    return {
        "name": name,
        "scope_kind": scope_kind,
        "scope_code": scope_code,
        "base_year": base_year,
        "base": base,
        "base_source": base_source,
        "periods": periods,
        "spread": spread,
        "mc_seed": mc_seed,
        "note": note,
        "version": version,
    }


def raw_content(form: dict[str, Any]) -> dict[str, Any]:
    """The form's strings as the API's shape: %/yr → fractions, percentage points → sd."""
    periods = []
    for i, p in enumerate(form["periods"], start=1):
        periods.append(
            {
                "first_year": int(number(p["first_year"], f"第{i}行起始年", f"Row {i} first year")),
                "last_year": int(number(p["last_year"], f"第{i}行结束年", f"Row {i} last year")),
                **{
                    f: number(p[f], f"第{i}行 {f} 增速", f"Row {i} rate of {f}", scale=100)
                    for f in kaya.FACTORS
                },
            }
        )
    return {
        "name": form["name"].strip(),
        "base_year": int(number(form["base_year"], "基准年", "Base year")),
        "base": {f: form["base"][f].strip().replace(",", "") or "0" for f in kaya.FACTORS},
        "base_source": form["base_source"].strip(),
        "rates": periods,
        "spread": {
            f: number(form["spread"][f] or "0", f"{f} 标准差", f"sd of {f}", scale=100)
            for f in kaya.FACTORS
            if (form["spread"][f] or "0").strip() not in ("0", "")
        },
        "mc_seed": int(number(form["mc_seed"] or "2026", "随机种子", "Seed")),
        "note": form["note"],
    }
