"""The shipped synergy definition: parsed once, frozen, complete, with sources and the
published grade bands (田深圳 et al. 2021, 地理学报 76(4), Table 1)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from shuangtan.city.synergy.definition import (
    DefinitionError,
    default_version,
    load_definition,
    parse_definition,
    versions,
)

from .test_computation import tiny_definition


def _rows() -> list[dict[str, Any]]:
    return [
        {
            "id": i.id,
            "name_zh": i.id,
            "name_en": i.id,
            "dimension": i.dimension,
            "direction": i.direction,
            "unit": "u",
            "normalisation": i.normalisation,
            "source": "test",
        }
        for i in tiny_definition().indicators
    ]


def _methods(**changes: Any) -> dict[str, Any]:
    bands = [{"upper": 1.0, "name_zh": "z", "name_en": "e"}]
    methods: dict[str, Any] = {
        "normalisation": {"source": "s"},
        "weighting": {"source": "s"},
        "coupling": {"source": "s"},
        "bands": {"source": "s", "classes": bands},
    }
    return methods | changes


class TestLoadDefinition:
    def test_the_first_version_is_shipped_and_the_newest_is_the_default(self) -> None:
        assert versions()[:2] == ("2025.1", "2026.1")
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


class TestAnchoredVersion:
    """2026.1: anchored on 2020 (issue 10), everything else as 2025.1."""

    def test_it_is_anchored_on_2020_with_the_modified_coupling_degree(self) -> None:
        spec = load_definition("2026.1")
        assert (spec.reference_year, spec.reference_margin, spec.reference_floor) == (
            2020,
            1.0,
            0.5,
        )
        assert (spec.weighting_basis, spec.coupling_model, spec.anchored) == (
            "reference",
            "modified",
            True,
        )
        published = {"pm25_concentration": (15.0, 35.0), "surface_water_class_iii_share": (0, 100)}
        for indicator in spec.indicators:
            if indicator.id in published:
                assert (indicator.normalisation, indicator.bounds) == (
                    "bounds",
                    published[indicator.id],
                )
            else:
                assert indicator.normalisation == "reference"
        assert "王淑佳" in dict(spec.method_sources)["coupling"]

    def test_2025_1_stays_as_it_was(self) -> None:
        spec = load_definition("2025.1")
        assert (spec.reference_year, spec.weighting_basis, spec.coupling_model) == (
            None,
            "year",
            "traditional",
        )
        assert not spec.anchored
        assert [i.normalisation for i in spec.indicators].count("min_max") == 9

    def test_an_indicator_id_means_the_same_quantity_in_both_versions(self) -> None:
        old, new = load_definition("2025.1"), load_definition("2026.1")
        assert [(i.id, i.unit, i.direction) for i in old.indicators] == [
            (i.id, i.unit, i.direction) for i in new.indicators
        ]
        assert (old.pollution_reduction, old.carbon_reduction, old.bands) == (
            new.pollution_reduction,
            new.carbon_reduction,
            new.bands,
        )


class TestParseDefinition:
    def test_reference_normalisation_without_a_reference_year_is_refused(self) -> None:
        rows = [dict(r, normalisation="reference") for r in _rows()]
        with pytest.raises(DefinitionError, match="reference year"):
            tiny_definition(indicators=rows)

    def test_an_unknown_coupling_model_is_refused(self) -> None:
        with pytest.raises(DefinitionError, match="coupling model"):
            tiny_definition(methods=_methods(coupling={"model": "fan", "source": "s"}))

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
