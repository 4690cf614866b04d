"""The landfill line names its method for what it is: the 1996 mass balance, not 2006 FOD."""

from __future__ import annotations

from shuangtan.accounting import GasEmission, library, quantity, waste


def _landfill() -> GasEmission:
    factors = {
        name: library().factor(f"waste.landfill_mass_balance.{name}")
        for name in ("mcf", "doc", "docf", "f", "ox")
    }
    return waste.landfill_mass_balance_ch4(waste=quantity(1000, "t"), **factors)


class TestLandfillLabel:
    def test_the_method_is_the_1996_mass_balance_and_not_the_2006_tier_1(self) -> None:
        method = _landfill().method
        assert "mass-balance default method of the IPCC 1996 Revised Guidelines" in method
        assert "not the first-order decay (FOD) of the 2006 IPCC Guidelines" in method
        assert "Tier 1" not in method  # the 2006 Tier 1 is FOD

    def test_the_method_says_which_way_it_departs_from_fod(self) -> None:
        method = _landfill().method
        assert "overstates the year's emission while the waste landfilled grows" in method
        assert "understates it once landfilling falls or stops" in method

    def test_the_mass_balance_arithmetic_is_unchanged(self) -> None:
        # 1000 t × MCF 1.0 × DOC 0.15 × DOCf 0.5 × F 0.5 × 16/12 = 50 t CH4 generated;
        # × (1 − OX 0.1) = 45 t CH4 emitted
        assert abs(_landfill().tonnes - 45.0) < 1e-9
