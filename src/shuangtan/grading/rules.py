"""The grading rules as data: thresholds of the carbon-efficiency grade and per-mu weights.

Read once per process from ``data/grading/*.yaml`` into frozen objects (like the factor
library); every threshold is an exact :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "CarbonEfficiencyRules",
    "PerMuRules",
    "carbon_efficiency_rules",
    "per_mu_rules",
]

PER_MU_INDICATORS = (
    "value_added_per_mu",
    "tax_per_mu",
    "energy_per_value_added",
    "carbon_per_value_added",
)
"""The four per-mu indicators, in the order of the tables and the data file."""
LOWER_IS_BETTER = frozenset({"energy_per_value_added", "carbon_per_value_added"})


def _load(name: str) -> dict[str, Any]:
    path = resources.files("shuangtan").joinpath("data", "grading", name)
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class CarbonEfficiencyRules:
    """碳效码规则 thresholds of level (by L) and grade (by K), and the benchmark settings."""

    source: str
    low_max: Decimal
    medium_max: Decimal
    grade_max: tuple[Decimal, ...]  # inclusive upper bound of grade 1, 2, 3, 4
    min_enterprises: int
    mean: str  # ratio_of_sums | mean_of_ratios

    def as_json(self) -> dict[str, Any]:
        """The thresholds as plain JSON data (for a grade's explanation)."""
        return {
            "source": self.source,
            "level": {"low_max": str(self.low_max), "medium_max": str(self.medium_max)},
            "grade_max": [str(v) for v in self.grade_max],
        }


@dataclass(frozen=True, slots=True)
class PerMuRules:
    """亩均评价规则 weights, cap and class thresholds of the per-mu evaluation."""

    source: str
    cap: Decimal
    weights: dict[str, Decimal]
    classes: tuple[tuple[str, Decimal], ...]  # (class, inclusive lower bound), best first

    def as_json(self) -> dict[str, Any]:
        """The rules as plain JSON data (for an evaluation's explanation)."""
        return {
            "source": self.source,
            "cap": str(self.cap),
            "weights": {k: str(v) for k, v in self.weights.items()},
            "classes": {k: str(v) for k, v in self.classes},
        }


def parse_carbon_efficiency(data: dict[str, Any]) -> CarbonEfficiencyRules:
    """Rules from the YAML mapping (exposed so tests can try a changed file)."""
    bounds = tuple(Decimal(str(v)) for v in data["grade_max"])
    if len(bounds) != 4 or list(bounds) != sorted(bounds):
        raise ValueError("grade_max needs four increasing bounds")
    mean = str(data["benchmark"].get("mean", "ratio_of_sums"))
    if mean not in ("ratio_of_sums", "mean_of_ratios"):
        raise ValueError(f"unknown benchmark mean {mean!r}")
    return CarbonEfficiencyRules(
        source=str(data["source"]),
        low_max=Decimal(str(data["level"]["low_max"])),
        medium_max=Decimal(str(data["level"]["medium_max"])),
        grade_max=bounds,
        min_enterprises=int(data["benchmark"]["min_enterprises"]),
        mean=mean,
    )


def parse_per_mu(data: dict[str, Any]) -> PerMuRules:
    """Rules from the YAML mapping; the weights must cover the four indicators and sum to 1."""
    weights = {k: Decimal(str(data["weights"][k])) for k in PER_MU_INDICATORS}
    if sum(weights.values()) != Decimal(1):
        raise ValueError("per-mu weights must sum to 1")
    classes = tuple((k, Decimal(str(data["classes"][k]))) for k in ("A", "B", "C"))
    return PerMuRules(
        source=str(data["source"]),
        cap=Decimal(str(data["cap"])),
        weights=weights,
        classes=(*classes, ("D", Decimal("-Infinity"))),
    )


@lru_cache(maxsize=1)
def carbon_efficiency_rules() -> CarbonEfficiencyRules:
    """The shipped carbon-efficiency rules (``data/grading/carbon-efficiency.yaml``)."""
    return parse_carbon_efficiency(_load("carbon-efficiency.yaml"))


@lru_cache(maxsize=1)
def per_mu_rules() -> PerMuRules:
    """The shipped per-mu rules (``data/grading/per-mu.yaml``)."""
    return parse_per_mu(_load("per-mu.yaml"))
