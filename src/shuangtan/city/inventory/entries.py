"""Writing the inventory's data (清单数据录入): one door for the form, Excel and the API.

``prepare(session=..., kind=..., data=...)`` checks one entry and returns the column values to
store (or raises :class:`InvalidEntry` listing every problem); ``record(...)`` checks the
writer's scope, prepares, upserts on the entry's natural key and audits. Energy rows are
computed by the accounting core here, on the way in, with the inventory series' one method and
the year's grid-factor vintage (:mod:`.series`): the stored tce and tCO2 carry the factors that
made them.

Who may write: an administrator, a city-scope official (any area), a county official (its own
county only); ``actor`` None is the system (the demo loader).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.accounting import (
    AccountingError,
    ActivityLine,
    calculate,
)
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.db import Base
from shuangtan.place import repository as place_repository

from . import series
from .catalogue import activity_kinds, carriers, gpc_rows
from .errors import DuplicateReference, InvalidEntry, OutsideScope
from .models import (
    ECONOMIC_ITEMS,
    GENERATION_SOURCES,
    NOTATION_KEYS,
    POWER_TYPES,
    SCHEMES,
    SECTORS,
    VEHICLE_TYPES,
    ActivityEntry,
    ClaimedReduction,
    EconomicStatistic,
    EnergyBalanceEntry,
    FleetEntry,
    GenerationEntry,
    NotationKeyEntry,
)
from .series import region_of

__all__ = [
    "ECONOMIC_UNITS",
    "KINDS",
    "Problem",
    "check_scope",
    "prepare",
    "record",
    "region_of",
]

_SIX = Decimal("0.000001")
ECONOMIC_UNITS = {
    "gdp_current": "10^4 CNY",
    "gdp_2015_prices": "10^4 CNY",
    "gdp_2020_prices": "10^4 CNY",
    "va_primary": "10^4 CNY",
    "va_secondary": "10^4 CNY",
    "va_tertiary": "10^4 CNY",
    "va_industry": "10^4 CNY",
    "population": "10^4 persons",
}
VIAS = ("form", "excel", "api", "demo")
FIELD_ZH = {
    "year": "年份",
    "month": "月份",
    "area_code": "区域代码",
    "sector": "消费部门",
    "carrier": "能源品种",
    "quantity": "数量",
    "unit": "单位",
    "source": "发电类型",
    "generation_mwh": "发电量",
    "fuel_carrier": "燃料品种",
    "fuel_quantity": "燃料量",
    "item": "指标",
    "value": "数值",
    "vehicle_type": "车辆类别",
    "power": "动力类型",
    "vehicles": "车辆数",
    "activity": "活动类别",
    "notation_key": "注释键",
    "scheme": "机制",
    "amount_tco2e": "减排量",
}
"""Chinese names of the fields, for the messages."""


def _zh(name: str) -> str:
    return FIELD_ZH.get(name, name)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of an entry: the field and the message in both languages."""

    field: str
    message_zh: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message_zh": self.message_zh, "message_en": self.message_en}


def _rounded(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(_SIX)


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _integer(
    data: Mapping[str, Any], name: str, low: int, high: int, problems: list[Problem]
) -> int:
    raw = data.get(name)
    try:
        if isinstance(raw, bool) or raw is None or str(raw).strip() == "":
            raise ValueError
        value = int(str(raw).strip())
    except ValueError:
        problems.append(Problem(name, f"{_zh(name)}须为整数", f"{name} must be a whole number"))
        return 0
    if not low <= value <= high:
        problems.append(
            Problem(
                name,
                f"{_zh(name)}={value} 超出范围 {low}–{high}",
                f"{name}={value} is outside {low}-{high}",
            )
        )
    return value


def _decimal(data: Mapping[str, Any], name: str, problems: list[Problem]) -> Decimal:
    raw = data.get(name)
    try:
        if isinstance(raw, bool) or raw is None or str(raw).strip() == "":
            raise InvalidOperation
        value = Decimal(str(raw).strip().replace(",", ""))
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(Problem(name, f"{_zh(name)}须为数字", f"{name} must be a number"))
        return Decimal(0)
    if value < 0:
        problems.append(Problem(name, f"{_zh(name)}不能为负数", f"{name} cannot be negative"))
    return value


def _choice(
    data: Mapping[str, Any], name: str, allowed: tuple[str, ...], problems: list[Problem]
) -> str:
    value = _text(data, name)
    if value not in allowed:
        problems.append(
            Problem(
                name,
                f"{_zh(name)}“{value}”无效，可选：{'、'.join(allowed)}",
                f"{name} '{value}' is not one of: {', '.join(allowed)}",
            )
        )
    return value


def _common(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    year = _integer(data, "year", 1990, 2100, problems)
    month = 0 if data.get("month") in (None, "") else _integer(data, "month", 0, 12, problems)
    area_code = _text(data, "area_code")
    city_code, counties = place_repository.city_and_counties(session)
    if area_code not in (city_code, *counties):
        problems.append(
            Problem(
                "area_code",
                f"区域代码“{area_code}”不是本市或其区县",
                f"area code '{area_code}' is neither the city nor one of its counties",
            )
        )
    source_note = _text(data, "source_note")
    if not source_note:
        problems.append(
            Problem(
                "source_note",
                "须注明数据来源（如：2021年嘉兴统计年鉴表8-3）",
                "a source note is required (e.g. Jiaxing Statistical Yearbook 2021, Table 8-3)",
            )
        )
    return {"year": year, "month": month, "area_code": area_code, "source_note": source_note}


def _core(
    session: Session,
    carrier_key: str,
    quantity: Decimal,
    unit: str,
    year: int,
    field_prefix: str,
    problems: list[Problem],
) -> dict[str, Any] | None:
    """tce, tCO2, scope and factors of one energy quantity, computed by the core."""
    carrier = carriers().get(carrier_key)
    if carrier is None:
        problems.append(
            Problem(
                f"{field_prefix}carrier",
                f"未知能源品种“{carrier_key}”",
                f"unknown energy carrier '{carrier_key}'",
            )
        )
        return None
    line = ActivityLine(
        id="entry",
        activity=carrier.activity,
        quantity=float(quantity),
        unit=unit or carrier.default_unit,
        fuel=carrier.fuel,
    )
    try:
        result = calculate([line], context=series.context(session, year))
    except AccountingError as error:
        for problem in error.problems:
            problems.append(Problem(f"{field_prefix}unit", problem.message_zh, problem.message_en))
        return None
    computed = result.lines[0]
    if not (math.isfinite(computed.tce) and math.isfinite(computed.tco2e)):
        problems.append(Problem(f"{field_prefix}quantity", "数量过大", "quantity is too large"))
        return None
    return {
        "tce": _rounded(computed.tce),
        "co2_t": _rounded(computed.tco2e),
        "scope": computed.scope,
        "factor_set": series.SERIES_FACTOR_SET,
        "factors": [factor.as_dict() for factor in computed.factors],
    }


def _energy(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["sector"] = _choice(data, "sector", SECTORS, problems)
    values["carrier"] = _choice(data, "carrier", tuple(carriers()), problems)
    values["quantity"] = _decimal(data, "quantity", problems)
    carrier = carriers().get(values["carrier"])
    values["unit"] = _text(data, "unit") or (carrier.default_unit if carrier else "")
    if not problems:
        computed = _core(
            session,
            values["carrier"],
            values["quantity"],
            values["unit"],
            values["year"],
            "",
            problems,
        )
        if computed is not None:
            values.update(computed)
    return values


def _generation(
    session: Session, data: Mapping[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["source"] = _choice(data, "source", GENERATION_SOURCES, problems)
    values["generation_mwh"] = _decimal(data, "generation_mwh", problems)
    fuel_carrier = _text(data, "fuel_carrier") or None
    values.update(
        fuel_carrier=fuel_carrier,
        fuel_quantity=None,
        fuel_unit=None,
        fuel_tce=None,
        fuel_co2_t=None,
        factors=None,
    )
    if fuel_carrier is not None:
        quantity = _decimal(data, "fuel_quantity", problems)
        carrier = carriers().get(fuel_carrier)
        unit = _text(data, "fuel_unit") or (carrier.default_unit if carrier else "")
        if carrier is not None and carrier.activity != "fuel_combustion":
            problems.append(
                Problem(
                    "fuel_carrier",
                    f"发电燃料须为燃料，“{fuel_carrier}”不是",
                    f"a generation fuel must be a fuel; '{fuel_carrier}' is not",
                )
            )
        if not problems:
            computed = _core(
                session, fuel_carrier, quantity, unit, values["year"], "fuel_", problems
            )
            if computed is not None:
                values.update(
                    fuel_quantity=quantity,
                    fuel_unit=unit,
                    fuel_tce=computed["tce"],
                    fuel_co2_t=computed["co2_t"],
                    factors=computed["factors"],
                )
    return values


def _economic(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["item"] = _choice(data, "item", ECONOMIC_ITEMS, problems)
    values["value"] = _decimal(data, "value", problems)
    expected = ECONOMIC_UNITS.get(values["item"], "")
    unit = _text(data, "unit") or expected
    if expected and unit != expected:
        problems.append(
            Problem(
                "unit",
                f"{values['item']} 的单位须为 {expected}（填写的是“{unit}”）",
                f"the unit of {values['item']} must be {expected} (given '{unit}')",
            )
        )
    values["unit"] = expected or unit
    return values


def _fleet(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["vehicle_type"] = _choice(data, "vehicle_type", VEHICLE_TYPES, problems)
    values["power"] = _choice(data, "power", POWER_TYPES, problems)
    values["vehicles"] = _integer(data, "vehicles", 0, 100_000_000, problems)
    return values


def _activity(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["activity"] = _choice(data, "activity", tuple(activity_kinds()), problems)
    values["quantity"] = _decimal(data, "quantity", problems)
    kind = activity_kinds().get(values["activity"])
    unit = _text(data, "unit") or (kind.unit if kind else "")
    if kind is not None and unit != kind.unit:
        problems.append(
            Problem(
                "unit",
                f"{kind.name_zh}的单位须为 {kind.unit}（填写的是“{unit}”）",
                f"the unit of {kind.name_en} must be {kind.unit} (given '{unit}')",
            )
        )
    if kind is not None and kind.method == "loss_rate" and values["quantity"] >= 100:
        problems.append(
            Problem("quantity", "线损率须小于100%", "the grid loss rate must be below 100 %")
        )
    if kind is not None and kind.method == "loss_rate" and values["month"] != 0:
        problems.append(
            Problem(
                "month",
                "线损率按全年填写（月份填0）",
                "the grid loss rate is entered for the whole year (month 0)",
            )
        )
    if kind is not None and kind.method == "sink_factor" and values["month"] != 0:
        problems.append(
            Problem(
                "month",
                "碳汇因子按全年填写（月份填0）",
                "a sink sequestration factor is entered for the whole year (month 0)",
            )
        )
    values["unit"] = unit
    return values


def _gpc_ref(data: Mapping[str, Any], problems: list[Problem]) -> str:
    ref = _text(data, "gpc_ref")
    if ref not in gpc_rows():
        problems.append(
            Problem(
                "gpc_ref",
                f"GPC编号“{ref}”不存在（如 I.1.1、II.1.1、III.1.1）",
                f"GPC reference '{ref}' does not exist (e.g. I.1.1, II.1.1, III.1.1)",
            )
        )
    return ref


def _notation(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["gpc_ref"] = _gpc_ref(data, problems)
    values["notation_key"] = _choice(data, "notation_key", NOTATION_KEYS, problems)
    values["reason"] = _text(data, "reason")
    if not values["reason"]:
        problems.append(Problem("reason", "注释键须说明理由", "a notation key needs its reason"))
    return values


def _claim(session: Session, data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values = _common(session, data, problems)
    values["gpc_ref"] = _gpc_ref(data, problems)
    values["scheme"] = _choice(data, "scheme", SCHEMES, problems)
    values["reference"] = _text(data, "reference")
    if not values["reference"] or len(values["reference"]) > 128:
        problems.append(
            Problem(
                "reference",
                "须填写减排量编号（1–128个字符，如碳普惠核证编号或CCER项目编号）",
                "a reference is required (1-128 characters: carbon-points or CCER id)",
            )
        )
    values["amount_tco2e"] = _decimal(data, "amount_tco2e", problems)
    values["description"] = _text(data, "description")
    return values


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of entry: its table, natural key and checker."""

    name: str
    table: type[Base]
    key: tuple[str, ...]
    check: Callable[[Session, Mapping[str, Any], list[Problem]], dict[str, Any]]


KINDS: dict[str, Kind] = {
    "energy": Kind(
        "energy", EnergyBalanceEntry, ("year", "month", "area_code", "sector", "carrier"), _energy
    ),
    "generation": Kind(
        "generation", GenerationEntry, ("year", "month", "area_code", "source"), _generation
    ),
    "economic": Kind(
        "economic", EconomicStatistic, ("year", "month", "area_code", "item"), _economic
    ),
    "fleet": Kind(
        "fleet", FleetEntry, ("year", "month", "area_code", "vehicle_type", "power"), _fleet
    ),
    "activity": Kind(
        "activity", ActivityEntry, ("year", "month", "area_code", "activity"), _activity
    ),
    "notation": Kind(
        "notation", NotationKeyEntry, ("year", "month", "area_code", "gpc_ref"), _notation
    ),
    "claim": Kind("claim", ClaimedReduction, ("scheme", "reference"), _claim),
}


def register(kind: Kind) -> None:
    """Add a kind of entry (the GPC activity data, notation keys and claims register theirs)."""
    KINDS[kind.name] = kind


def check_scope(actor: Principal | None, area_code: str, *, session: Session) -> None:
    """Refuse a writer outside its scope: a county official writes only its own county."""
    if actor is None or actor.role is Role.admin:
        return
    if actor.role is Role.official and actor.scope.covers(area_code):
        return
    raise OutsideScope(
        f"您的职责范围（{actor.scope.code or '无'}）不含区域 {area_code}，不能录入其数据。",
        f"Your scope ({actor.scope.code or 'none'}) does not include area {area_code}; "
        "you cannot enter its data.",
    )


def prepare(*, session: Session, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The checked column values of one entry, or :class:`InvalidEntry` with every problem."""
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidEntry(f"未知的数据类型“{kind}”", f"unknown kind of entry '{kind}'")
    problems: list[Problem] = []
    values = spec.check(session, data, problems)
    if problems:
        raise InvalidEntry(
            "录入的数据有误：" + "；".join(p.message_zh for p in problems),
            "The entry is invalid: " + "; ".join(p.message_en for p in problems),
            errors=[p.as_dict() for p in problems],
        )
    return values


def _snapshot(row: Base) -> dict[str, Any]:
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if column.key not in ("factors", "entered_at")
    }


def record(
    *,
    session: Session,
    actor: Principal | None,
    kind: str,
    data: Mapping[str, Any],
    via: str = "form",
) -> Base:
    """Check, store (replacing the same cell) and audit one entry; flushes, never commits."""
    values = prepare(session=session, kind=kind, data=data)
    check_scope(actor, values["area_code"], session=session)
    spec = KINDS[kind]
    table: Any = spec.table
    statement = select(table).where(*(getattr(table, k) == values[k] for k in spec.key))
    row = session.scalars(statement).first()
    if (
        kind == "claim"
        and row is not None
        and (row.year, row.area_code) != (values["year"], values["area_code"])
    ):
        raise DuplicateReference(
            f"{values['scheme']} 编号“{values['reference']}”"
            f"已登记在 {row.year} 年 {row.area_code}，"
            "同一减排量不能重复计入。",
            f"{values['scheme']} reference '{values['reference']}' is already recorded for "
            f"{row.year} in {row.area_code}; a reduction is counted once.",
        )
    before = _snapshot(row) if row is not None else None
    if row is None:
        row = table()
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.entered_by = actor.username if actor is not None else "system"
    row.entered_via = via if via in VIAS else "form"
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action=f"inventory.{kind}.{'update' if before else 'create'}",
        entity_type=spec.table.__tablename__,
        entity_id=str(row.id),
        before=before,
        after=_snapshot(row),
    )
    stored: Base = row
    return stored
