"""Requests at once: each callable in its own thread, all released together by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable

from shuangtan.errors import DomainError


def run_together(work: list[Callable[[], object]], *, success: str = "ok") -> list[str]:
    """Run each callable in its own thread, released at once; for each, ``success`` or the
    refusal's code (any other error as its repr, so an assertion shows it)."""
    barrier = threading.Barrier(len(work))
    outcomes: list[str] = [""] * len(work)

    def run(i: int) -> None:
        barrier.wait()
        try:
            work[i]()
            outcomes[i] = success
        except DomainError as refusal:
            outcomes[i] = refusal.code
        except BaseException as error:  # pragma: no cover - shown by the assertion
            outcomes[i] = repr(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
