"""Run a :mod:`bench.steps` worker and abandon it when a measurement runs over the cap."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.timing import Timing

ROOT = Path(__file__).resolve().parents[1]
SETUP_LIMIT = 300.0  # seconds a worker may spend importing and loading between measurements


def run_python_step(step: str, db_path: Path, runs: int, cap: float, log: Path) -> dict[str, Timing]:
    """Timings by measurement name ("plain", "editor") of ``python -m bench.steps``."""
    timings: dict[str, Timing] = {}
    with log.open("a") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.steps", step, str(db_path), str(runs)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        lines = _lines(proc)
        try:
            _collect(lines, timings, cap)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    if proc.returncode not in (0, -9):
        for timing in timings.values():
            timing.error = timing.error or f"worker exit {proc.returncode} (see {log.name})"
    return timings


def _lines(proc: subprocess.Popen) -> queue.Queue[str | None]:
    """The worker's stdout lines, read by a thread so that waiting can time out."""
    out: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line)
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _collect(lines: queue.Queue[str | None], timings: dict[str, Timing], cap: float) -> None:
    started: str | None = None
    deadline = time.monotonic() + SETUP_LIMIT
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            if started is not None:
                timings[started].over_cap = True
            return
        if line is None:
            return
        event = json.loads(line)
        if "start" in event:
            started = event["start"]
            timings.setdefault(started, Timing(cap))
            deadline = time.monotonic() + cap
            continue
        name, seconds = event["done"], float(event["seconds"])
        started = None
        deadline = time.monotonic() + SETUP_LIMIT
        if seconds > cap:
            timings[name].over_cap = True
            return
        if event["run"] >= 0:
            timings[name].add(seconds, event["parts"])
