"""Timing primitives shared by the main harness and the jamlib worker (stdlib only).

A *case* is a callable ``run(n)`` that performs its operation ``n`` times. A
case that needs untimed set-up per operation (``session_clear`` must first
create the sessions it clears) returns the seconds it spent in the timed part
as a float; otherwise the whole call is timed.
Cases of one operation are timed in interleaved rounds (round ``r`` times every
library once before round ``r + 1`` starts), so that noise from other
processes on the machine hits every library of a row alike and the ratios
stay meaningful even when absolute numbers drift.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

Run = Callable[[int], Any]


@dataclass(frozen=True)
class Params:
    """How long and how often to time each case."""

    repeats: int = 7
    min_time: float = 0.2
    max_iterations: int = 5_000_000


QUICK = Params(repeats=3, min_time=0.04)
FULL = Params()


@dataclass
class Result:
    """One cell of the table: an operation measured for one library."""

    group: str
    op: str
    lib: str
    ops: float | None = None
    samples: list[float] = field(default_factory=list)
    iterations: int = 0
    note: str = ""
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the result as plain JSON data."""
        return {
            "group": self.group,
            "op": self.op,
            "lib": self.lib,
            "ops_per_s": self.ops,
            "us_per_op": None if not self.ops else 1e6 / self.ops,
            "samples_ops_per_s": self.samples,
            "iterations": self.iterations,
            "note": self.note,
            "error": self.error,
        }


def loop(fn: Callable[[], Any]) -> Run:
    """Turn a zero-argument callable into a case that calls it ``n`` times."""

    def run(n: int) -> None:
        for _ in repeat(None, n):
            fn()

    return run


def _time_once(run: Run, n: int, wall: bool = False) -> float:
    """Seconds spent in the timed part of ``run(n)`` (or the whole call when ``wall``)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        timed = run(n)
        elapsed = time.perf_counter() - start
        return timed if isinstance(timed, float) and not wall else elapsed
    finally:
        if gc_was_enabled:
            gc.enable()


def calibrate(run: Run, params: Params) -> int:
    """Return an iteration count for which one call takes at least ``min_time`` of wall time.

    Wall time, not the timed part, so that cases with untimed set-up stay bounded.
    """
    n = 1
    while True:
        elapsed = _time_once(run, n, wall=True)
        if elapsed >= params.min_time or n >= params.max_iterations:
            return n
        if elapsed <= 0:
            n *= 10
            continue
        # aim 20% above the target so one more step is rarely needed
        n = min(params.max_iterations, max(n * 2, int(n * params.min_time * 1.2 / elapsed)))


def measure_group(
    group: str, op: str, cases: dict[str, Run], params: Params, notes: dict[str, str] | None = None
) -> list[Result]:
    """Time every case of one operation in interleaved rounds; return one result per library.

    A case that raises is reported with its error instead of a number.
    """
    notes = notes or {}
    results = {lib: Result(group, op, lib, note=notes.get(lib, "")) for lib in cases}
    counts: dict[str, int] = {}
    for lib, run in cases.items():
        try:
            counts[lib] = calibrate(run, params)
        except Exception as err:  # a broken case is reported, never fatal
            results[lib].error = f"{type(err).__name__}: {err}"[:300]
    for _ in range(params.repeats):
        for lib, n in counts.items():
            if results[lib].error:
                continue
            try:
                results[lib].samples.append(n / _time_once(cases[lib], n))
            except Exception as err:
                results[lib].error = f"{type(err).__name__}: {err}"[:300]
    for lib, result in results.items():
        result.iterations = counts.get(lib, 0)
        if result.samples and not result.error:
            result.ops = statistics.median(result.samples)
    return list(results.values())
