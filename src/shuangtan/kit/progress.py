"""Progress of long work (进度): what a loader reports, for the CLI's progress bars."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress"]

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: a long job reports each step's progress (a bar per step)."""
