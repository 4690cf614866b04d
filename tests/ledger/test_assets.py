"""Assets and their quanta: pure, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shuangtan.ledger import allowance, asset_spec
from shuangtan.ledger.assets import MAX_UNITS
from shuangtan.ledger.errors import InvalidAmount, UnknownAsset


class TestAssetSpec:
    def test_the_five_families_have_their_units_and_quanta(self) -> None:
        seen = {
            code: (asset_spec(code).unit, asset_spec(code).quantum)
            for code in ("points", "allowance:2025", "ccer", "energy_use_right", "cash")
        }
        assert seen == {
            "points": ("point", Decimal(1)),
            "allowance:2025": ("tCO2e", Decimal(1)),
            "ccer": ("tCO2e", Decimal(1)),
            "energy_use_right": ("tce", Decimal("0.001")),
            "cash": ("fen", Decimal(1)),
        }

    def test_an_allowance_is_one_asset_per_vintage(self) -> None:
        spec = asset_spec(allowance(2025))
        assert (spec.code, spec.vintage, spec.name_zh) == (
            "allowance:2025",
            2025,
            "2025年度碳排放配额",
        )

    @pytest.mark.parametrize(
        "code", ["gold", "allowance", "allowance:25", "allowance:1989", "ccer:2025", "points:"]
    )
    def test_an_unknown_code_is_refused(self, code: str) -> None:
        with pytest.raises(UnknownAsset) as refused:
            asset_spec(code)
        assert refused.value.code == "ledger.unknown_asset"
        assert refused.value.status == 422


class TestUnits:
    def test_tonnes_of_coal_equivalent_are_kept_in_thousandths(self) -> None:
        spec = asset_spec("energy_use_right")
        # 12.345 tce = 12,345 thousandths; 3 tce = 3,000.
        assert spec.to_units(Decimal("12.345")) == 12_345
        assert spec.to_units(3) == 3_000
        assert spec.from_units(12_345) == Decimal("12.345")

    def test_trailing_zeros_are_not_a_finer_amount(self) -> None:
        assert asset_spec("points").to_units(Decimal("5.000")) == 5

    @pytest.mark.parametrize(
        ("code", "amount"),
        [
            ("energy_use_right", Decimal("1.2345")),
            ("points", Decimal("0.5")),
            ("cash", Decimal("NaN")),
            ("cash", Decimal("Infinity")),
        ],
    )
    def test_an_amount_finer_than_the_quantum_is_refused(self, code: str, amount: Decimal) -> None:
        with pytest.raises(InvalidAmount) as refused:
            asset_spec(code).to_units(amount)
        assert refused.value.code == "ledger.invalid_amount"

    @pytest.mark.parametrize("amount", [0.1, True, "5"])
    def test_floats_booleans_and_text_are_refused(self, amount: object) -> None:
        with pytest.raises(InvalidAmount):
            asset_spec("cash").to_units(amount)  # type: ignore[arg-type]

    def test_an_amount_beyond_the_column_is_refused(self) -> None:
        assert asset_spec("cash").to_units(MAX_UNITS) == 10**15
        with pytest.raises(InvalidAmount):
            asset_spec("cash").to_units(MAX_UNITS + 1)
        with pytest.raises(InvalidAmount):
            asset_spec("energy_use_right").to_units(10**13)  # 10^16 thousandths
