"""The shipped synergy definition: parsed once, frozen, complete, with sources and the
published grade bands (田深圳 et al. 2021, 地理学报 76(4), Table 1)."""

from __future__ import annotations

import dataclasses

import pytest

from shuangtan.city.synergy.definition import (
    DefinitionError,
    default_version,
    load_definition,
    parse_definition,
    versions,
)

from .test_computation import tiny_definition


class TestLoadDefinition:
    def test_the_first_version_is_shipped_and_is_the_default(self) -> None:
        assert "2025.1" in versions()
        assert default_version() == versions()[-1]

    def test_it_is_parsed_once_and_frozen(self) -> None:
        spec = load_definition("2025.1")
        assert load_definition("2025.1") is spec
        with pytest.raises(dataclasses.FrozenInstanceError):
            spec.alpha = 0.9  # type: ignore[misc]

    def test_every_indicator_names_its_source_and_every_dimension_is_covered(self) -> None:
        spec = load_definition("2025.1")
        assert all(len(i.source) > 20 for i in spec.indicators)
        assert {i.dimension for i in spec.indicators} == {
            "economy",
            "pollutants",
            "energy",
            "carbon",
        }
        assert all(text for _, text in spec.method_sources)

    def test_u1_holds_the_pollutants_and_u2_the_energy_and_carbon_indicators(self) -> None:
        spec = load_definition("2025.1")
        dims = {i.id: i.dimension for i in spec.indicators}
        assert {dims[i] for i in spec.pollution_reduction} == {"pollutants"}
        assert {dims[i] for i in spec.carbon_reduction} == {"energy", "carbon"}

    def test_pm25_is_scored_against_the_gb_3095_annual_limits(self) -> None:
        # GB 3095-2012 Table 1: annual PM2.5 grade I 15 μg/m³, grade II 35 μg/m³
        pm25 = load_definition("2025.1").indicator("pm25_concentration")
        assert (pm25.bounds, pm25.direction) == ((15.0, 35.0), "-")

    def test_the_ten_published_bands_of_d(self) -> None:
        # Table 1: 0.00<D≤0.10 极度失调 … 0.60<D≤0.70 初级协调 … 0.90<D≤1.00 优质协调
        spec = load_definition("2025.1")
        assert [b.name_zh for b in spec.bands] == [
            "极度失调",
            "严重失调",
            "中度失调",
            "轻度失调",
            "濒临失调",
            "勉强协调",
            "初级协调",
            "中级协调",
            "良好协调",
            "优质协调",
        ]
        assert spec.band(0.699927).name_zh == "初级协调"  # the methods.md check's D
        assert spec.band(0.70).name_zh == "初级协调"  # upper bound inclusive
        assert spec.band(0.95).name_zh == "优质协调"

    def test_an_unknown_version_is_a_key_error(self) -> None:
        with pytest.raises(KeyError):
            load_definition("1999.1")


class TestParseDefinition:
    def test_a_subsystem_naming_an_unknown_indicator_is_refused(self) -> None:
        with pytest.raises(DefinitionError, match="unknown"):
            tiny_definition(
                subsystems={"pollution_reduction": ["nope"], "carbon_reduction": ["carb"]}
            )

    def test_alpha_and_beta_must_sum_to_one(self) -> None:
        methods = dataclasses.asdict(tiny_definition())  # only to prove the base parses
        assert methods["alpha"] == 0.5
        with pytest.raises(DefinitionError, match="alpha and beta"):
            tiny_definition(
                methods={
                    "normalisation": {"source": "s"},
                    "weighting": {"source": "s"},
                    "coupling": {"alpha": 0.6, "beta": 0.6, "source": "s"},
                    "bands": {
                        "source": "s",
                        "classes": [{"upper": 1.0, "name_zh": "z", "name_en": "e"}],
                    },
                }
            )

    def test_a_bad_version_is_refused(self) -> None:
        with pytest.raises(DefinitionError, match=r"YYYY\.N"):
            parse_definition({"version": "latest"})
