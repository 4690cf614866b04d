"""Pydantic shapes of the finance API (绿色金融 API)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.grading.schemas import GradeRead


class BankRead(BaseModel):
    """银行 a bank an enterprise may consent to."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class ConsentIn(BaseModel):
    """授权 the bank to consent to."""

    bank_id: int = Field(description="银行 bank id")


class ConsentRead(BaseModel):
    """授权记录 a consent, active while ``withdrawn_at`` is null."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    entity_id: int
    bank_id: int
    granted_at: datetime
    withdrawn_at: datetime | None


class EnterpriseRead(BaseModel):
    """授权企业 a consenting enterprise."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    uscc: str | None = Field(description="统一社会信用代码")
    county_code: str
    industry_code: str | None


class AnnualRead(BaseModel):
    """经核查年度排放 a verified year."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    months_verified: int
    tco2e: Decimal = Field(description="经核查排放量 verified tCO2e")
    energy_tce: Decimal = Field(description="能源消费量 tce")
    value_added_10k_cny: Decimal | None


class EnterpriseFileRead(BaseModel):
    """授权企业档案 grade history and verified emissions of a consenting enterprise."""

    model_config = ConfigDict(from_attributes=True)

    entity: EnterpriseRead
    grades: list[GradeRead]
    accounts: list[AnnualRead]
