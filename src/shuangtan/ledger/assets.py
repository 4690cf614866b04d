"""Assets (资产): what the ledger counts, each with a unit and a smallest amount (quantum).

=====================  ==============================  ==========  ============  ==============
code                   asset                           unit        quantum       stored as
=====================  ==============================  ==========  ============  ==============
``points``             碳普惠积分 carbon points        point       1 point       points
``allowance:<year>``   碳排放配额 allowance of a       tCO2e       1 t           tonnes
                       vintage (one asset per year)
``ccer``               国家核证自愿减排量 CCER         tCO2e       1 t           tonnes
``energy_use_right``   用能权 energy-use right         tce         0.001 tce     kgce
``cash``               资金 cash (CNY)                 fen (分)    1 fen         fen
=====================  ==============================  ==========  ============  ==============

Amounts are stored as **integers of the quantum** (``BIGINT``), never as decimals: SQLite keeps
a ``NUMERIC`` value that is not a whole number as a binary float, so ``1.001 + 2.002`` would not
be exact there, while integers add exactly on every backend, and ``SUM(amount) = 0`` (the
double-entry rule) is an integer comparison that the database can hold. Callers speak in the
asset's unit (``Decimal("12.345")`` tce, ``300`` fen); :meth:`AssetSpec.to_units` refuses an
amount that is not a whole number of quanta rather than round it.

The five families are code: a new kind of unit changes what the ledger means and needs a
release. The assets in use are also rows of ``ledger_assets`` (seeded by the migration;
an allowance vintage is added the first time an account of it is opened), so every account
points at a known asset and the database itself says how many decimals an amount has.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from shuangtan.ledger.errors import InvalidAmount, UnknownAsset

__all__ = [
    "FIRST_VINTAGE",
    "LAST_VINTAGE",
    "MAX_UNITS",
    "AssetFamily",
    "AssetSpec",
    "allowance",
    "asset_spec",
]

MAX_UNITS = 10**15
"""The largest amount of one posting, in quanta (10^15 fen is ten trillion yuan): several
thousand times below the 64-bit column's 9.2 x 10^18, which leaves balances room to grow."""

FIRST_VINTAGE = 1990
LAST_VINTAGE = 2100
"""The house's one year rule (1990–2100) bounds an allowance's vintage."""


class AssetFamily(StrEnum):
    """资产类别 asset family: the kinds of unit the ledger counts."""

    points = "points"  # 碳普惠积分
    allowance = "allowance"  # 碳排放配额 (per vintage)
    ccer = "ccer"  # 国家核证自愿减排量
    energy_use_right = "energy_use_right"  # 用能权
    cash = "cash"  # 资金


@dataclass(frozen=True, slots=True)
class AssetSpec:
    """资产 asset: its code, names, unit and quantum (``10 ** -scale`` of the unit)."""

    code: str
    family: AssetFamily
    vintage: int | None
    name_zh: str
    name_en: str
    unit: str
    scale: int

    @property
    def quantum(self) -> Decimal:
        """The smallest amount, in the unit: 1 point, 1 t, 0.001 tce, 1 fen."""
        return Decimal(1).scaleb(-self.scale)

    def to_units(self, amount: int | Decimal) -> int:
        """``amount`` (in the asset's unit) as a whole number of quanta; refuses anything else.

        Floats are refused: ``0.1`` is not one tenth in binary, and the ledger keeps exact units.
        """
        if isinstance(amount, bool) or not isinstance(amount, (int, Decimal)):
            raise InvalidAmount(
                f"金额必须是整数或十进制数（Decimal），不能是 {type(amount).__name__}。",
                f"An amount must be an int or a Decimal, not {type(amount).__name__}.",
            )
        if isinstance(amount, int):
            factor: int = 10**self.scale
            units = amount * factor
        else:
            if not amount.is_finite():
                raise self._not_quantum(amount)
            try:
                scaled = amount.scaleb(self.scale)
                whole = scaled.to_integral_value()
            except InvalidOperation as error:
                raise self._not_quantum(amount) from error
            if scaled != whole:
                raise self._not_quantum(amount)
            units = int(whole)
        if abs(units) > MAX_UNITS:
            raise InvalidAmount(
                f"金额 {amount} {self.unit} 超出账本可记录的范围。",
                f"{amount} {self.unit} is beyond what the ledger can record.",
                asset=self.code,
            )
        return units

    def from_units(self, units: int) -> Decimal:
        """A whole number of quanta as a decimal amount in the unit."""
        return Decimal(units).scaleb(-self.scale)

    def _not_quantum(self, amount: Decimal) -> InvalidAmount:
        return InvalidAmount(
            f"{self.name_zh}的金额 {amount} 不是最小单位 {self.quantum} {self.unit} 的整数倍。",
            f"{amount} is not a whole number of {self.name_en}'s smallest unit "
            f"({self.quantum} {self.unit}).",
            asset=self.code,
        )


_FIXED = {
    AssetFamily.points: AssetSpec(
        "points", AssetFamily.points, None, "碳普惠积分", "carbon points", "point", 0
    ),
    AssetFamily.ccer: AssetSpec(
        "ccer",
        AssetFamily.ccer,
        None,
        "国家核证自愿减排量",
        "China Certified Emission Reduction (CCER)",
        "tCO2e",
        0,
    ),
    AssetFamily.energy_use_right: AssetSpec(
        "energy_use_right",
        AssetFamily.energy_use_right,
        None,
        "用能权",
        "energy-use right",
        "tce",
        3,
    ),
    AssetFamily.cash: AssetSpec("cash", AssetFamily.cash, None, "资金", "cash (CNY)", "fen", 0),
}


def allowance(vintage: int) -> str:
    """The code of the allowance asset of ``vintage``: ``allowance(2025) == "allowance:2025"``."""
    return asset_spec(f"{AssetFamily.allowance.value}:{vintage}").code


def _unknown(code: str) -> UnknownAsset:
    return UnknownAsset(
        f"未知资产「{code}」：可用 points、ccer、energy_use_right、cash 或 allowance:<年份>。",
        f"Unknown asset '{code}': use points, ccer, energy_use_right, cash or allowance:<year>.",
        asset=code,
    )


def asset_spec(code: str) -> AssetSpec:
    """The asset named by ``code`` (``points``, ``allowance:2025``…); refuses an unknown code."""
    family_code, _, vintage_text = code.partition(":")
    try:
        family = AssetFamily(family_code)
    except ValueError as error:
        raise _unknown(code) from error
    if family is not AssetFamily.allowance:
        if vintage_text or ":" in code:
            raise _unknown(code)
        return _FIXED[family]
    if not (vintage_text.isascii() and vintage_text.isdigit() and len(vintage_text) == 4):
        raise _unknown(code)
    vintage = int(vintage_text)
    if not FIRST_VINTAGE <= vintage <= LAST_VINTAGE:
        raise UnknownAsset(
            f"配额年度 {vintage} 超出 {FIRST_VINTAGE}–{LAST_VINTAGE}。",
            f"Allowance vintage {vintage} is outside {FIRST_VINTAGE}-{LAST_VINTAGE}.",
            asset=code,
        )
    return AssetSpec(
        code,
        family,
        vintage,
        f"{vintage}年度碳排放配额",
        f"carbon emission allowance, vintage {vintage}",
        "tCO2e",
        0,
    )
