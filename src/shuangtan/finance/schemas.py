"""Pydantic shapes of the finance API (绿色金融 API): banks, consents, consenting files."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.grading.schemas import GradeRead
from shuangtan.kit.params import Id
from shuangtan.kit.schemas import UtcTime

if TYPE_CHECKING:
    from shuangtan.accounts.query import EntityRecord
    from shuangtan.finance.models import Bank, Consent
    from shuangtan.finance.service import EnterpriseFile

__all__ = [
    "AnnualRead",
    "BankRead",
    "ConsentIn",
    "ConsentRead",
    "EnterpriseFileRead",
    "EnterpriseRead",
]

_READ = ConfigDict(from_attributes=True)


class BankRead(BaseModel):
    """银行 a bank an enterprise may consent to."""

    model_config = _READ

    id: int
    name: str = Field(description="银行名称 bank name")

    @classmethod
    def of(cls, bank: Bank) -> BankRead:
        """The answer for a bank row."""
        return cls.model_validate(bank)


class ConsentIn(BaseModel):
    """授权 the bank to consent to."""

    bank_id: Id = Field(description="银行 bank id")


class ConsentRead(BaseModel):
    """授权记录 a consent, active while ``withdrawn_at`` is null."""

    model_config = _READ

    id: int
    entity_id: int
    bank_id: int
    granted_at: UtcTime = Field(description="授权时间 granted at")
    withdrawn_at: UtcTime | None = Field(description="撤回时间 withdrawn at; null while active")

    @classmethod
    def of(cls, consent: Consent) -> ConsentRead:
        """The answer for a consent row."""
        return cls.model_validate(consent)


class EnterpriseRead(BaseModel):
    """授权企业 a consenting enterprise."""

    model_config = _READ

    id: int
    name: str
    uscc: str | None = Field(description="统一社会信用代码")
    county_code: str
    industry_code: str | None

    @classmethod
    def of(cls, entity: EntityRecord) -> EnterpriseRead:
        """The answer for a consenting enterprise."""
        return cls.model_validate(entity)


class AnnualRead(BaseModel):
    """经核查年度排放 a verified year."""

    model_config = _READ

    year: int
    months_verified: int = Field(description="已核查月数 months verified")
    tco2e: Decimal = Field(description="经核查排放量 verified tCO2e")
    energy_tce: Decimal = Field(description="能源消费量 tce")
    value_added_10k_cny: Decimal | None = Field(description="工业增加值 万元")


class EnterpriseFileRead(BaseModel):
    """授权企业档案 grade history and verified emissions of a consenting enterprise."""

    model_config = _READ

    entity: EnterpriseRead
    grades: list[GradeRead]
    accounts: list[AnnualRead]

    @classmethod
    def of(cls, file: EnterpriseFile) -> EnterpriseFileRead:
        """The answer for a consenting enterprise's file (each grade as the grading API
        answers it, with its benchmark's peer count)."""
        return cls(
            entity=EnterpriseRead.of(file.entity),
            grades=[GradeRead.of(grade) for grade in file.grades],
            accounts=[AnnualRead.model_validate(account) for account in file.accounts],
        )
