"""The worlds of the shell's tests: the demo's users over each backend, served live for Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import testkit
from testkit import World


@pytest.fixture
def demo_world(worlds: Any) -> Iterator[World]:
    """The app over the demo's city and users (logins: see shuangtan.demo)."""
    with worlds(testkit.demo) as world:
        yield world


@pytest.fixture
def live_server(worlds: Any) -> Iterator[World]:
    """The demo world served live (one per backend)."""
    with worlds(testkit.demo, live=True) as world:
        yield world
