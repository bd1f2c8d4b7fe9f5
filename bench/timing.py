"""Timings of one measurement (several runs), their median and how they print."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``fn``, after one warm-up call (imports,
    caches)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Timing:
    """The runs of one measurement; ``over_cap`` once a run ran past the cap (the
    measurement then stops: its median would be over the cap too, or near it)."""

    cap: float
    runs: list[float] = field(default_factory=list)
    parts: list[dict[str, float]] = field(default_factory=list)
    over_cap: bool = False
    error: str | None = None

    def add(self, seconds: float, parts: dict[str, float] | None = None) -> None:
        self.runs.append(seconds)
        self.parts.append(parts or {})

    @property
    def median(self) -> float | None:
        if self.over_cap or self.error or not self.runs:
            return None
        return statistics.median(self.runs)

    def part_median(self, name: str) -> float | None:
        values = [p[name] for p in self.parts if name in p]
        return statistics.median(values) if values and not self.over_cap else None

    def cell(self) -> str:
        if self.error:
            return f"error: {self.error[:60]}"
        if self.over_cap:
            return f"> {self.cap:g}"
        median = self.median
        return "–" if median is None else seconds(median)


def seconds(value: float) -> str:
    """Three significant digits: 0.000472, 0.0181, 0.312, 3.17, 12.3."""
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def ratio(ours: Timing, base: Timing) -> str:
    """ours / base as ``2.1x``; bounded when one side ran over the cap."""
    if ours.error or base.error:
        return "–"
    if ours.over_cap and base.median:
        return f"> {ours.cap / base.median:.0f}x"
    if base.over_cap and ours.median:
        return f"< {ours.median / base.cap:.2f}x"
    if ours.median is None or not base.median:
        return "–"
    return f"{ours.median / base.median:.2f}x"
