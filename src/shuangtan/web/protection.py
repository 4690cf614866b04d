"""Protection at the door (入口防护): what every response and request passes through first.

Installed outermost, so that it sees every request before the rest of the application and
every response after it.
"""

from __future__ import annotations

from fastapi import FastAPI

from shuangtan.config import Settings

__all__ = ["install"]


def install(app: FastAPI, settings: Settings) -> None:
    """Add the protections of ``settings`` to ``app`` (none yet beyond the others' own)."""
    del app, settings
