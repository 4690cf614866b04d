"""Pydantic shapes of carbon accounts: what is entered, what is read back."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.accounts.models import EntityKind


class EntityCreate(BaseModel):
    """排放主体登记 registration of an emitting entity."""

    kind: EntityKind = Field(description="主体类型 kind of entity")
    name: str = Field(min_length=2, max_length=200, description="名称 name")
    uscc: str | None = Field(
        default=None, description="统一社会信用代码 unified social credit code (GB 32100-2015)"
    )
    county_code: str = Field(description="所在县(市、区) county-level division code (GB/T 2260)")
    industry_code: str | None = Field(default=None, description="行业 GB/T 4754-2017 code")
    address: str | None = None
    land_area_mu: Decimal | None = Field(default=None, ge=0, description="用地面积 land area, mu")
    floor_area_m2: Decimal | None = Field(default=None, ge=0, description="建筑面积 floor area")
    sown_area_mu: Decimal | None = Field(default=None, ge=0, description="播种面积 sown area")
    livestock_head: int | None = Field(default=None, ge=0, description="存栏 livestock, head")


class ReportLineIn(BaseModel):
    """活动数据行 one activity line, as the accounting core's contract names it."""

    model_config = ConfigDict(extra="forbid")

    activity: str = Field(
        description="fuel_combustion / purchased_electricity / purchased_heat / process / non_co2"
    )
    item: str | None = Field(default=None, description="燃料/原料/气体 fuel, material or gas code")
    quantity: Decimal = Field(ge=0, description="数量 quantity")
    unit: str = Field(description="单位 unit, e.g. t, 10^4 Nm3, MWh, GJ, 万千瓦时")
    ncv: Decimal | None = Field(default=None, gt=0, description="实测低位发热量 measured NCV")
    ncv_unit: str | None = None
    carbon_content: Decimal | None = Field(
        default=None, gt=0, description="实测单位热值含碳量 tC/TJ"
    )
    oxidation_rate: Decimal | None = Field(default=None, gt=0, le=1, description="实测碳氧化率")
    green_certificates_mwh: Decimal | None = Field(default=None, ge=0, description="绿证 MWh")


class ReportIn(BaseModel):
    """月度活动数据报告 a month's activity data and denominators of one entity."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    lines: list[ReportLineIn] = Field(max_length=500)
    value_added_10k_cny: Decimal | None = Field(default=None, ge=0, description="工业增加值 万元")
    tax_10k_cny: Decimal | None = Field(default=None, ge=0, description="税收 万元")
    output_quantity: Decimal | None = Field(default=None, ge=0, description="产品产量")
    output_unit: str | None = None
    passenger_km: Decimal | None = Field(default=None, ge=0, description="旅客周转量 人公里")
    tonne_km: Decimal | None = Field(default=None, ge=0, description="货物周转量 吨公里")
