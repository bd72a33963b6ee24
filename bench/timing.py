"""The best of N timings, as every benchmark here reports them (the least disturbed
run on a machine shared with other jobs)."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

R = TypeVar("R")


def best_of(repeat: int, work: Callable[[], R], clock: Callable[[], float] = time.perf_counter) -> tuple[float, R]:
    """The shortest of `repeat` (at least one) runs of `work` by `clock`, and the last result."""
    best, result = float("inf"), None
    for _ in range(max(1, repeat)):
        started = clock()
        result = work()
        best = min(best, clock() - started)
    return best, result
