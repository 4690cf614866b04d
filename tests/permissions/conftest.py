"""The permissions world, one per backend for the whole directory's modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .world import PermissionsWorld, seed


@pytest.fixture(scope="module")
def world(module_worlds: Any) -> Iterator[PermissionsWorld]:
    """The permissions world of this module (a copy of the seed per backend); the public tools'
    rate limit is lifted so that every role may call them."""
    with module_worlds(seed, kind=PermissionsWorld, public_rate_limit_per_minute=1_000_000) as made:
        yield made
