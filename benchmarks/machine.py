"""The machine a benchmark ran on (机器), for the figures' record in docs/benchmarks.md.

Benchmarks run as scripts (``.venv/bin/python benchmarks/<name>.py``), so this module is
imported by its name from the same folder.
"""

from __future__ import annotations

import platform

__all__ = ["cpu"]


def cpu() -> str:
    """The processor's model name (from /proc/cpuinfo), or what the platform says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
