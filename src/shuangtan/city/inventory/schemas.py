"""Shapes of the inventory API (城市清单接口数据): what a client reads back.

Quantities of CO2e, energy and money are decimals and travel as strings (exact, as stored);
factors' values are floats. Each ``…Read`` is built from the service's own result with
:meth:`of` (or ``model_validate`` where the result already has the fields' names).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.kit.schemas import IsoTime

from .gpc import Cell, Inventory, SinkLine, SinkWithoutFactor
from .reconciliation import Reconciliation
from .series import Vintage
from .service import CityTotals

__all__ = [
    "ENTRY_READS",
    "ActivityEntryRead",
    "CityTotalsRead",
    "ClaimEntryRead",
    "ClaimedElsewhereRead",
    "EconomicEntryRead",
    "EnergyEntryRead",
    "EntriesRead",
    "EntryWrittenRead",
    "FleetEntryRead",
    "GapRowRead",
    "GenerationEntryRead",
    "InventoryClaimRead",
    "InventoryFactorRead",
    "InventoryImportRead",
    "InventoryRead",
    "InventoryReconciliationRead",
    "InventoryRowRead",
    "InventorySinkRead",
    "NotationEntryRead",
    "VintageRead",
    "entries_of",
]


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class VintageRead(_Read):
    """电力因子年份 the grid factor a year is computed with: one method, and why this vintage."""

    year: int
    factor_set: str = Field(description="核算因子集 the core's factor set of every year")
    family: str = Field(description="电力因子族 grid factor family (mee-nbs: MEE/NBS, location)")
    region: str = Field(description="电网区域 region of the factor (e.g. CN-ZJ)")
    method_zh: str
    method_en: str
    vintage_year: int = Field(description="因子年份 the year of the published factor used")
    factor_id: str
    value: float = Field(description="因子值 tCO2/MWh (= kgCO2/kWh)")
    unit: str
    source: str = Field(description="来源 the announcement that published it")
    recalculated: bool = Field(
        description="重算 true when the year uses another year's factor (backcast or carried)"
    )
    note_zh: str = Field(description="说明 the recalculation note")
    note_en: str

    @classmethod
    def of(cls, vintage: Vintage) -> VintageRead:
        return cls.model_validate(vintage)


class CityTotalsRead(_Read):
    """综合数 one year's totals of the city or a county, read from the stored data."""

    year: int
    county_code: str | None = Field(description="区县代码 county (null: the whole city)")
    energy_tce: Decimal | None = Field(description="综合能源消费量 energy consumption, tce")
    energy_co2_t: Decimal | None = Field(description="能源活动CO2 energy CO2, t")
    inventory_basic_tco2e: Decimal | None = Field(description="GPC BASIC 合计 tCO2e")
    inventory_basic_plus_tco2e: Decimal | None = Field(description="GPC BASIC+ 合计 tCO2e")
    sinks_tco2: Decimal | None = Field(description="碳汇 removals, t CO2 (positive)")
    gdp_current_10k_cny: Decimal | None = Field(description="GDP 当年价 current prices, 10^4 CNY")
    gdp_2015_prices_10k_cny: Decimal | None = Field(description="GDP 2015年不变价, 10^4 CNY")
    gdp_2020_prices_10k_cny: Decimal | None = Field(description="GDP 2020年不变价, 10^4 CNY")
    population_10k: Decimal | None = Field(description="常住人口 resident population, 10^4")
    value_added_10k_cny: dict[str, Decimal] = Field(description="增加值 value added, 10^4 CNY")
    energy_tce_by_sector: dict[str, Decimal] = Field(description="分部门能耗 energy by sector, tce")
    energy_co2_t_by_sector: dict[str, Decimal] = Field(description="分部门CO2 CO2 by sector, t")
    renewable_generation_share_pct: Decimal | None = Field(
        description="可再生能源发电占比 renewable share of local generation, %"
    )
    nev_share_pct: dict[str, Decimal] = Field(
        description="新能源汽车占比 NEV share by vehicle type, %"
    )
    vintage: VintageRead | None = Field(
        default=None, description="电力因子 the year's grid factor and recalculation note"
    )

    @classmethod
    def of(cls, totals: CityTotals) -> CityTotalsRead:
        return cls.model_validate(totals)


class InventoryFactorRead(_Read):
    """排放因子 a factor with its provenance (the accounting core's JSON shape)."""

    id: str
    value: float
    unit: str
    source: str = Field(description="来源 document (edition), table")
    document: str
    edition: str
    table: str
    status: str = Field(description="confirmed 已核实 / assumption 假设")
    note: str


class ClaimedElsewhereRead(_Read):
    """已在别处计入的减排量 a reduction claimed elsewhere, marked beside its cell."""

    scheme: str = Field(description="carbon_points 碳普惠 / ccer / other_offset")
    reference: str
    amount_tco2e: Decimal
    description: str


class InventoryRowRead(BaseModel):
    """清单行 one GPC row: tCO2e by gas, or a notation key with its reason."""

    gpc_ref: str = Field(description="GPC编号 GPC reference number")
    sector: str
    subsector: str
    scope: int
    reporting_level: str = Field(description="basic / basic+ / territorial / other")
    china_sector: str
    china_category_zh: str
    tco2e: Decimal | None = Field(description="排放量 tCO2e (null: no number, or confidential)")
    tco2e_by_gas: dict[str, Decimal] = Field(description="分气体 tCO2e by gas")
    notation_key: str | None = Field(description="注释键 NO / IE / NE / C")
    reason_zh: str
    reason_en: str
    sources: list[str] = Field(description="数据来源 where the figures come from")
    claimed_elsewhere: list[ClaimedElsewhereRead]

    @classmethod
    def of(cls, cell: Cell) -> InventoryRowRead:
        row = cell.row
        return cls(
            gpc_ref=row.ref,
            sector=row.sector,
            subsector=row.subsector,
            scope=row.scope,
            reporting_level=row.level,
            china_sector=row.china_sector,
            china_category_zh=row.china_category_zh,
            tco2e=cell.tco2e,
            tco2e_by_gas=dict(cell.tco2e_by_gas),
            notation_key=cell.notation_key,
            reason_zh=cell.reason_zh,
            reason_en=cell.reason_en,
            sources=list(cell.sources),
            claimed_elsewhere=[ClaimedElsewhereRead.model_validate(c) for c in cell.claims],
        )


class InventorySinkRead(BaseModel):
    """碳汇 one kind of sink: area × sequestration factor = removals, t CO2 per year."""

    kind: str
    area_ha: Decimal = Field(description="面积 area, ha")
    factor: InventoryFactorRead
    tco2: Decimal = Field(description="吸收量 removals, t CO2")

    @classmethod
    def of(cls, sink: SinkLine) -> InventorySinkRead:
        return cls(
            kind=sink.kind,
            area_ha=sink.area_ha,
            factor=InventoryFactorRead.model_validate(sink.factor),
            tco2=sink.tco2,
        )


class InventorySinkNotComputedRead(BaseModel):
    """碳汇未计算 a sink area entered without a sequestration factor: not computed, and why."""

    model_config = ConfigDict(from_attributes=True)

    kind: str
    area_ha: Decimal = Field(description="面积 area, ha")
    reason_zh: str = Field(description="原因 why it was not computed")
    reason_en: str

    @classmethod
    def of(cls, sink: SinkWithoutFactor) -> InventorySinkNotComputedRead:
        return cls.model_validate(sink)


class InventoryRead(BaseModel):
    """GPC清单 the inventory of a year (or month) and area, sinks beside, claims marked."""

    year: int
    month: int | None = Field(description="月份 one month (1–12), null for the year")
    county_code: str | None = Field(description="区县代码 county (null: the whole city)")
    gwp: str = Field(description="全球增温潜势 the GWP set (e.g. AR5)")
    basic_tco2e: Decimal | None = Field(description="BASIC 合计 tCO2e")
    basic_plus_tco2e: Decimal | None = Field(description="BASIC+ 合计 tCO2e")
    territorial_tco2e: Decimal | None = Field(description="辖区排放 territorial total, tCO2e")
    sinks_tco2: Decimal | None = Field(description="碳汇 removals, t CO2 (never netted)")
    rows: list[InventoryRowRead]
    sinks: list[InventorySinkRead]
    sinks_not_computed: list[InventorySinkNotComputedRead] = Field(
        description="未计算的碳汇 sink areas without an entered factor (no default is shipped)"
    )
    factors: list[InventoryFactorRead] = Field(description="所用因子 every factor used")
    vintage: VintageRead | None = Field(
        description="电力因子 the year's grid factor (one method every year) and recalculation note"
    )
    recomputed_rows: int = Field(
        description="读取时重算 energy rows stored under an older rule, recomputed for this read"
    )

    @classmethod
    def of(cls, inventory: Inventory) -> InventoryRead:
        return cls(
            year=inventory.year,
            month=inventory.month,
            county_code=inventory.county_code,
            gwp=inventory.gwp,
            basic_tco2e=inventory.basic_tco2e,
            basic_plus_tco2e=inventory.basic_plus_tco2e,
            territorial_tco2e=inventory.territorial_tco2e,
            sinks_tco2=inventory.sinks_tco2,
            rows=[InventoryRowRead.of(c) for c in inventory.cells],
            sinks=[InventorySinkRead.of(s) for s in inventory.sinks],
            sinks_not_computed=[
                InventorySinkNotComputedRead.of(s) for s in inventory.sinks_not_computed
            ],
            factors=[InventoryFactorRead.model_validate(f) for f in inventory.factors],
            vintage=VintageRead.of(inventory.vintage) if inventory.vintage else None,
            recomputed_rows=inventory.recomputed_rows,
        )


class GapRowRead(_Read):
    """核对行 one county and sector: statistics against verified entities, gap and flag."""

    county_code: str
    sector: str
    statistical_tce: Decimal | None = Field(description="统计能耗 statistics, tce")
    entities_tce: Decimal = Field(description="核证主体能耗 verified entities, tce")
    entities_tco2e: Decimal
    statistical_co2_t: Decimal | None
    entities: int = Field(description="主体数 number of verified entities")
    gap_tce: Decimal | None = Field(description="差额 statistics − entities, tce")
    gap_pct: Decimal | None = Field(description="差额占比 gap as % of the statistics")
    flagged: bool = Field(description="超过阈值 above the threshold")
    metered_tce: Decimal | None = Field(description="计量数据 metered energy, tce")
    metered_months: int
    metered_gap_pct: Decimal | None = Field(description="计量差额 vs statistics, % (12 months)")
    metered_flagged: bool
    partial: bool = Field(
        default=False,
        description="部分覆盖 the entities are only part of the sector: flagged only when above",
    )


class InventoryClaimRead(_Read):
    """已在别处计入的减排量 a claim of the year with its cell and area."""

    id: int
    gpc_ref: str = Field(description="GPC编号 the cell it sits in")
    scheme: str = Field(description="carbon_points 碳普惠 / ccer / other_offset")
    reference: str
    amount_tco2e: Decimal
    description: str
    area_code: str


class InventoryReconciliationRead(BaseModel):
    """年度核对 the year's reconciliation and the reductions claimed elsewhere."""

    year: int
    threshold_pct: Decimal = Field(description="阈值 flag a gap above this %")
    rows: list[GapRowRead]
    claims_elsewhere: list[InventoryClaimRead]

    @classmethod
    def of(cls, result: Reconciliation) -> InventoryReconciliationRead:
        return cls(
            year=result.year,
            threshold_pct=result.threshold_pct,
            rows=[GapRowRead.model_validate(r) for r in result.rows],
            claims_elsewhere=[InventoryClaimRead.model_validate(c) for c in result.claims],
        )


class _EntryRead(_Read):
    """录入的数据 what every entered row has: year, month, area, provenance, who and when."""

    id: int
    year: int
    month: int = Field(description="月份 0 = the whole year, 1–12 a month")
    area_code: str = Field(description="区域代码 county or the city's own code")
    source_note: str = Field(description="统计来源 source")
    entered_by: str
    entered_via: str = Field(description="form / excel / api / demo")
    entered_at: IsoTime


class EnergyEntryRead(_EntryRead):
    """能源平衡表录入 sector × carrier × quantity, with the core's tce and tCO2."""

    sector: str
    carrier: str
    quantity: Decimal
    unit: str
    tce: Decimal
    co2_t: Decimal
    scope: int
    factor_set: str
    factors: list[InventoryFactorRead]


class GenerationEntryRead(_EntryRead):
    """本地发电量 local generation of one source, with the fuel it burnt if any."""

    source: str
    generation_mwh: Decimal
    fuel_carrier: str | None
    fuel_quantity: Decimal | None
    fuel_unit: str | None
    fuel_tce: Decimal | None
    fuel_co2_t: Decimal | None
    factors: list[InventoryFactorRead] | None


class EconomicEntryRead(_EntryRead):
    """经济社会统计 one economic or population figure."""

    item: str
    value: Decimal
    unit: str


class FleetEntryRead(_EntryRead):
    """机动车 vehicles of one type and power."""

    vehicle_type: str
    power: str
    vehicles: int


class ActivityEntryRead(_EntryRead):
    """清单活动数据 one activity figure (transport fuel, agriculture, waste, sink areas)."""

    activity: str
    quantity: Decimal
    unit: str


class NotationEntryRead(_EntryRead):
    """注释键 a notation key set for a GPC row, with the reason."""

    gpc_ref: str
    notation_key: str
    reason: str


class ClaimEntryRead(_EntryRead):
    """已在别处计入的减排量 a reduction claimed elsewhere, as entered."""

    gpc_ref: str
    scheme: str
    reference: str
    amount_tco2e: Decimal
    description: str


EntriesRead = (
    list[EnergyEntryRead]
    | list[GenerationEntryRead]
    | list[EconomicEntryRead]
    | list[FleetEntryRead]
    | list[ActivityEntryRead]
    | list[NotationEntryRead]
    | list[ClaimEntryRead]
)
"""The entered rows of one kind (the shape depends on the kind)."""

ENTRY_READS: Mapping[str, type[_EntryRead]] = {
    "energy": EnergyEntryRead,
    "generation": GenerationEntryRead,
    "economic": EconomicEntryRead,
    "fleet": FleetEntryRead,
    "activity": ActivityEntryRead,
    "notation": NotationEntryRead,
    "claim": ClaimEntryRead,
}


def entries_of(kind: str, rows: list[dict[str, Any]]) -> EntriesRead:
    """The entered rows of ``kind`` as their shape."""
    shape = ENTRY_READS[kind]
    return cast("EntriesRead", [shape.model_validate(row) for row in rows])


class EntryWrittenRead(BaseModel):
    """已录入 the entry written: its kind, id and who entered it."""

    kind: str
    id: int
    entered_by: str


class InventoryImportRead(BaseModel):
    """导入结果 every row of the workbook written, counted by kind."""

    rows: int = Field(description="导入行数 rows written")
    by_kind: dict[str, int] = Field(description="分类行数 rows by kind")
