"""The Markdown report: the machine, a summary table per size and the breakdowns."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
from dataclasses import dataclass, field
from importlib.metadata import version

from bench.timing import Timing, ratio, seconds


@dataclass
class SizeResult:
    """Every measurement of one table size, by step: a/b/c/d -> "plain"/"editor" -> Timing."""

    rows: int
    steps: dict[str, dict[str, Timing]] = field(default_factory=dict)
    load: list[float] = field(default_factory=list)  # 1-minute load average at start and end

    def note_load(self) -> None:
        self.load.append(os.getloadavg()[0])

    def get(self, step: str, name: str) -> Timing | None:
        return self.steps.get(step, {}).get(name)


def machine(browser_version: str) -> list[str]:
    mem = _mem_gib()
    libs = ", ".join(
        f"{p} {version(p)}"
        for p in ("streamlit", "streamlit-aggrid", "pandas", "pyarrow", "sqlite-utils", "playwright")
    )
    return [
        f"- machine: {os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {mem:.1f} GiB memory, "
        f"{platform.platform()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {libs}",
        f"- chromium {browser_version} (headless, Debian's)",
        f"- run at {dt.datetime.now().isoformat(timespec='minutes')}",
    ]


def _mem_gib() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _cell(timing: Timing | None) -> str:
    return "–" if timing is None else timing.cell()


def _ratio(ours: Timing | None, base: Timing | None) -> str:
    return "–" if ours is None or base is None else ratio(ours, base)


def _part(timing: Timing | None, name: str) -> str:
    value = None if timing is None else timing.part_median(name)
    return "–" if value is None else seconds(value)


def _saved_cell(timing: Timing | None, target: float) -> str:
    text = _cell(timing)
    median = None if timing is None else timing.median
    if median is not None:
        text += " ✓" if median < target else " ✗"
    return text


def summary(results: list[SizeResult]) -> list[str]:
    lines = [
        "| rows | (a) raw read | (a) editor load+prepare | (a) ratio ≤3x | (b) plain 100 UPDATEs | "
        "(b) editor validate+save | (b) ratio ≤5x | (c) plain AgGrid open | (c) editor open | (c) ratio ≤1.5x | "
        "(d) editor edit→rerun | (d) editor edit→saved <1 s | (d) plain edit→rerun (whole grid) |",
        "|" + "---|" * 13,
    ]
    for r in results:
        cols = [
            f"{r.rows:,}",
            _cell(r.get("a", "plain")),
            _cell(r.get("a", "editor")),
            _ratio(r.get("a", "editor"), r.get("a", "plain")),
            _cell(r.get("b", "plain")),
            _cell(r.get("b", "editor")),
            _ratio(r.get("b", "editor"), r.get("b", "plain")),
            _cell(r.get("c", "plain")),
            _cell(r.get("c", "editor")),
            _ratio(r.get("c", "editor"), r.get("c", "plain")),
            _part(r.get("d", "editor"), "rerun"),
            _saved_cell(r.get("d", "editor"), 1.0),
            _cell(r.get("d", "plain")),
        ]
        lines.append("| " + " | ".join(cols) + " |")
    return lines


def details(results: list[SizeResult]) -> list[str]:
    lines = [
        "| rows | load avg (start→end) | (a) pd.read_sql | (a) loaded_frame | (a) fk_options | (a) display_frame | "
        "(a) grid_options | "
        "(b) validate_changes | (b) save_changes |",
        "|" + "---|" * 9,
    ]
    for r in results:
        a_plain, a_ed, b_ed = r.get("a", "plain"), r.get("a", "editor"), r.get("b", "editor")
        load = "→".join(f"{x:.1f}" for x in r.load) or "–"
        cols = [
            f"{r.rows:,}",
            load,
            _part(a_plain, "read_sql"),
            _part(a_ed, "loaded_frame"),
            _part(a_ed, "fk_options"),
            _part(a_ed, "display_frame"),
            _part(a_ed, "grid_options"),
            _part(b_ed, "validate"),
            _part(b_ed, "save_changes"),
        ]
        lines.append("| " + " | ".join(cols) + " |")
    return lines


def all_runs(results: list[SizeResult]) -> list[str]:
    """Every counted run, to judge the noise (browser steps vary from run to run)."""
    names = {"a": "load+prepare", "b": "save 100 rows", "c": "page open", "d": "one cell edit (→saved)"}
    lines = ["| rows | step | plain runs | editor runs |", "|---|---|---|---|"]
    for r in results:
        for step, label in names.items():
            plain, editor = r.get(step, "plain"), r.get(step, "editor")
            if plain is None and editor is None:
                continue
            lines.append(f"| {r.rows:,} | ({step}) {label} | {_runs(plain)} | {_runs(editor)} |")
    return lines


def _runs(timing: Timing | None) -> str:
    if timing is None:
        return "–"
    text = ", ".join(seconds(v) for v in timing.runs)
    if timing.over_cap:
        text += (", " if text else "") + f"> {timing.cap:g}"
    if timing.error:
        text += (", " if text else "") + "error"
    return text or "–"


def render(results: list[SizeResult], header: list[str], runs: int, cap: float) -> str:
    out = [
        "# Grid editor benchmark",
        "",
        "`python bench/bench_grid.py` (see its docstring). Median seconds of "
        f"{runs} runs; a step over the cap of {cap:g} s is shown as `> {cap:g}` and not repeated; "
        "a ratio is editor ÷ plain.",
        "",
        *header,
        "",
        "## Summary",
        "",
        *summary(results),
        "",
        "## Where the time goes (medians)",
        "",
        f"The machine has {os.cpu_count()} CPUs: a load average well above that while a size ran means "
        "other work shared the machine and its times are inflated.",
        "",
        *details(results),
        "",
        "## All runs (seconds, in order)",
        "",
        *all_runs(results),
        "",
        "Steps: (a) rows from SQLite to what AgGrid gets: a plain cursor into a DataFrame vs "
        "`loaded_frame` + `fk_options` + first page + `display_frame` + `grid_options`. "
        "(b) 100 changed rows: 100 UPDATEs in one transaction vs `validate_changes` + `save_changes` "
        "(version checks, audit). (c) headless chromium, a new page (a new Streamlit session; static assets "
        "cached after one warm-up page): page open until the first grid row is visible, "
        "`bench/grid_app.py` in plain mode (`AgGrid(df)` of all rows) vs editor mode "
        "(`edit_table`, 1,000-row pages). (d) one cell: Enter until the rerun has finished, and until "
        "Save has shown its message (value checked in SQLite); the plain grid returns the whole grid "
        '(`update_on=["cellValueChanged"]`, `AS_INPUT`).',
        "",
    ]
    return "\n".join(out)
