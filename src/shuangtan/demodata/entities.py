"""The synthetic emitters (合成排放主体): how many of each kind, where, named what, how large.

Every draw comes from the city's one generator, in a fixed order: counties, then entity by
entity (address, size, name, codes, areas). Entity 1 is the demo enterprise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shuangtan.accounts.uscc import check_character, organisation_check
from shuangtan.demodata.calibration import (
    COUNTY_NAMES,
    COUNTY_WEIGHTS,
    INDUSTRY_COUNTS,
    KIND_COUNTS,
)
from shuangtan.demodata.city import FloatArray, SyntheticEntity
from shuangtan.demodata.profiles import (
    BRAND_1,
    BRAND_2,
    BUILDINGS,
    FARMS,
    INDUSTRY,
    ROADS,
    TRANSPORT_WORDS,
)

__all__ = ["Names", "OrganisationCodes", "Population", "generate_entities", "make_uscc"]

_COUNTY_SHORT = {code: name[:2] for code, name in COUNTY_NAMES.items()}


def make_uscc(admin_code: str, organisation_body: str, *, registry: str = "91") -> str:
    """A USCC (GB 32100-2015): registry and type (91 enterprise), admin code, organisation code.

    The check characters come from :mod:`shuangtan.accounts.uscc`.
    """
    first17 = registry + admin_code + organisation_body + organisation_check(organisation_body)
    return first17 + check_character(first17)


class OrganisationCodes:
    """组织机构代码 fresh 8-digit organisation code bodies, never the same twice in a city."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def fresh(self) -> str:
        """A body not handed out before (drawn until one is free)."""
        while True:
            body = f"{int(self.rng.integers(10_000_000, 99_999_999)):08d}"
            if body not in self.used:
                self.used.add(body)
                return body


class Names:
    """企业名称 unique names built of a brand (two characters) and the words around it."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def brand(self) -> str:
        a, b = self.rng.integers(0, len(BRAND_1)), self.rng.integers(0, len(BRAND_2))
        return BRAND_1[a] + BRAND_2[b]

    def unique(self, before: str, after: str, first: str | None = None) -> str:
        """``first`` if still free, else ``before + brand + after`` with a fresh brand."""
        candidate = first if first is not None else before + self.brand() + after
        while candidate in self.seen:
            candidate = before + self.brand() + after
        self.seen.add(candidate)
        return candidate


@dataclass(frozen=True)
class Population:
    """The emitters generated, with the columns later steps draw on (N = entities)."""

    records: list[SyntheticEntity]
    kinds: list[str]
    industries: list[str | None]
    base_energy: FloatArray  # planned 2020 energy, tce (before calibration)
    value_added: FloatArray  # 10^4 CNY a year; NaN but for industrial enterprises
    livestock: FloatArray  # head (farms that keep animals)
    sown: FloatArray  # mu (farms that grow crops)


@dataclass
class _Entry:
    """What one entity's kind-specific draws give besides its energy."""

    name: str
    uscc: str | None = None
    land: float | None = None
    floor: float | None = None
    sown_mu: float | None = None
    head: int | None = None


def kind_counts(entities: int) -> dict[str, int]:
    """Emitters by kind for ``entities`` in all, in the full-scale proportions."""
    total = sum(KIND_COUNTS.values())
    counts = {k: max(1, round(v * entities / total)) for k, v in KIND_COUNTS.items()}
    counts["industrial"] += entities - sum(counts.values())
    return counts


def industry_codes(n: int) -> list[str]:
    """The industries of ``n`` industrial enterprises, in the full-scale proportions."""
    full = sum(INDUSTRY_COUNTS.values())
    codes: list[str] = []
    for code, count in INDUSTRY_COUNTS.items():
        codes += [code] * max(1, round(count * n / full)) if n >= len(INDUSTRY_COUNTS) else []
    if not codes:
        codes = list(INDUSTRY_COUNTS)[:n]
    while len(codes) > n:
        codes.pop(codes.index("C18") if "C18" in codes else -1)
    while len(codes) < n:
        codes.append("C17")
    return codes


def generate_entities(
    rng: np.random.Generator, counts: dict[str, int], names: Names, orgs: OrganisationCodes
) -> Population:
    """The emitters: kinds and industries by ``counts``, counties by GDP weight, then each
    entity's address, size, name and codes. Entity 1 is a mid-sized textile firm in Tongxiang."""
    kinds: list[str] = []
    industries: list[str | None] = []
    for kind, count in counts.items():
        kinds += [kind] * count
        industries += industry_codes(count) if kind == "industrial" else [None] * count
    first = industries.index("C17")
    industries.insert(0, industries.pop(first))
    n = len(kinds)
    county_codes = list(COUNTY_WEIGHTS)
    weights = np.array(list(COUNTY_WEIGHTS.values()))
    weights /= weights.sum()
    counties = [str(c) for c in rng.choice(county_codes, size=n, p=weights)]
    counties[0] = "330483"
    population = Population(
        records=[],
        kinds=kinds,
        industries=industries,
        base_energy=np.zeros(n),
        value_added=np.full(n, np.nan),
        livestock=np.zeros(n),
        sown=np.zeros(n),
    )
    for i in range(n):
        population.records.append(_entity(rng, population, i, counties[i], names, orgs))
    return population


def _entity(
    rng: np.random.Generator,
    population: Population,
    i: int,
    county: str,
    names: Names,
    orgs: OrganisationCodes,
) -> SyntheticEntity:
    """Entity ``i + 1``: its address, then the draws of its kind (which fill its columns)."""
    kind, industry = population.kinds[i], population.industries[i]
    full_county = COUNTY_NAMES[county]
    address = (
        f"浙江省嘉兴市{full_county}{ROADS[int(rng.integers(0, len(ROADS)))]}"
        f"{int(rng.integers(1, 999))}号"
    )
    if kind == "industrial":
        assert industry is not None
        entry = _industrial(rng, population, i, industry, county, names, orgs)
    elif kind == "public_building":
        entry = _public_building(rng, population, i, full_county, names)
    elif kind == "transport":
        entry = _transport(rng, population, i, county, names, orgs)
    else:
        entry = _farm(rng, population, i, county, names)
    return SyntheticEntity(
        id=i + 1,
        kind=kind,
        name=entry.name,
        uscc=entry.uscc,
        county_code=str(county),
        industry_code=industry,
        address=address,
        land_area_mu=None if entry.land is None else round(entry.land, 3),
        floor_area_m2=entry.floor,
        sown_area_mu=entry.sown_mu,
        livestock_head=entry.head,
    )


def _industrial(
    rng: np.random.Generator,
    population: Population,
    i: int,
    industry: str,
    county: str,
    names: Names,
    orgs: OrganisationCodes,
) -> _Entry:
    """An industrial enterprise: lognormal energy, value added by intensity, land by output."""
    base_energy, value_added = population.base_energy, population.value_added
    profile = INDUSTRY[industry]
    sigma = profile.sigma
    base_energy[i] = profile.mean_tce * rng.lognormal(-sigma * sigma / 2, sigma)
    value_added[i] = base_energy[i] / profile.tce_per_value_added * rng.lognormal(0, 0.35)
    word = profile.words[int(rng.integers(0, len(profile.words)))]
    suffix = "股份有限公司" if rng.random() < 0.2 else "有限公司"
    short = _COUNTY_SHORT[county]
    prefix = ("嘉兴市", "浙江", short, short)[int(rng.integers(0, 4))]
    if i == 0:
        name = names.unique("", "", "嘉兴示范纺织有限公司")
        base_energy[i], value_added[i] = 9000.0, 9000.0 / 0.9
    else:
        name = names.unique(prefix, word + suffix)
    uscc = make_uscc(county, orgs.fresh())
    land = float(np.clip(value_added[i] / rng.lognormal(np.log(100), 0.5), 3, 5000))
    return _Entry(name=name, uscc=uscc, land=land)


def _public_building(
    rng: np.random.Generator, population: Population, i: int, full_county: str, names: Names
) -> _Entry:
    """A public building (hospital, school, …) of the county: energy and floor area."""
    base_energy = population.base_energy
    base_energy[i] = 600 * rng.lognormal(-0.32, 0.8)
    btype = BUILDINGS[int(rng.integers(0, len(BUILDINGS)))]
    name = names.unique(full_county, btype, full_county + btype)
    floor = float(round(base_energy[i] * rng.lognormal(np.log(60), 0.3), 0))
    return _Entry(name=name, floor=floor)


def _transport(
    rng: np.random.Generator,
    population: Population,
    i: int,
    county: str,
    names: Names,
    orgs: OrganisationCodes,
) -> _Entry:
    """A transport company (bus, coach, logistics, freight, port)."""
    population.base_energy[i] = 2500 * rng.lognormal(-0.32, 0.8)
    what = TRANSPORT_WORDS[int(rng.integers(0, 5))]
    name = names.unique(("嘉兴", _COUNTY_SHORT[county])[i % 2], what + "有限公司")
    return _Entry(name=name, uscc=make_uscc(county, orgs.fresh()))


def _farm(
    rng: np.random.Generator, population: Population, i: int, county: str, names: Names
) -> _Entry:
    """A farm: livestock (head) if it keeps animals, else a sown area (mu)."""
    base_energy = population.base_energy
    base_energy[i] = 150 * rng.lognormal(-0.18, 0.6)
    what = FARMS[int(rng.integers(0, 4))]
    name = names.unique(_COUNTY_SHORT[county], what)
    if "养殖" in what:
        head = int(base_energy[i] * rng.lognormal(np.log(30), 0.3))
        population.livestock[i] = head
        return _Entry(name=name, head=head)
    sown_mu = float(round(base_energy[i] * rng.lognormal(np.log(8), 0.3), 1))
    population.sown[i] = sown_mu
    return _Entry(name=name, sown_mu=sown_mu)
