"""What every benchmark shares: timing, medians, the shape of a figure, copying stores, progress.

A figure is the median of several runs; its floor (the same work with no framework) is measured
in the same run, interleaved with the figure's own runs, so that a busy machine slows both alike
and the ratio stays meaningful. Progress goes to stderr: stdout carries one JSON document.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The benchmark stores use the fast test KDF (FIELDWORK_KDF=fast), which Fieldwork refuses
# outside its tests and benchmarks; this says where we are, for every script and child process.
os.environ.setdefault("FIELDWORK_BENCHMARK", "1")


def log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


class Clock:
    """Wall time for the figure, and this process's CPU time beside it: on a shared machine the
    wall clock also counts other people's work, the CPU time only ours (but not waits on disk)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, fn: Callable[[], Any]) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return result


def median_ms(samples: list[float]) -> float:
    return ms(statistics.median(samples))


def figure(
    samples: list[float],
    *,
    floor: list[float] | None = None,
    cpu: list[float] | None = None,
    floor_cpu: list[float] | None = None,
    budget_ms: float | None = None,
    budget_ratio: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One figure: median and every run in ms, the floor and ratio if any, and the budget verdict."""
    out: dict[str, Any] = {"median_ms": median_ms(samples), "runs_ms": [ms(s) for s in samples]}
    checks: list[bool] = []
    if cpu:
        out["cpu_median_ms"] = median_ms(cpu)
    if floor_cpu:
        out["floor_cpu_median_ms"] = median_ms(floor_cpu)
    if floor:
        out["floor_median_ms"] = median_ms(floor)
        out["floor_runs_ms"] = [ms(s) for s in floor]
        out["ratio_to_floor"] = round(statistics.median(samples) / statistics.median(floor), 2)
    budget: dict[str, float] = {}
    if budget_ms is not None:
        budget["max_ms"] = budget_ms
        checks.append(out["median_ms"] <= budget_ms)
    if budget_ratio is not None:
        budget["max_ratio_to_floor"] = budget_ratio
        if "ratio_to_floor" in out:
            checks.append(out["ratio_to_floor"] <= budget_ratio)
    if budget:
        out["budget"] = budget
        out["within_budget"] = all(checks) if checks else None
    out.update(extra)
    return out


def fresh_copy(src: Path, dst: Path) -> Path:
    """A private copy of a closed store: benchmarks that write never touch the cached original."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def machine() -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    import platform

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def render_frame(app: Any, renderable: Any) -> bool:
    """Turn a frame headless mode drew into terminal bytes, as a real terminal run would (call
    from an App._display override); False when there was no frame to draw."""
    if renderable is None or app._batch_count:
        return False
    render = getattr(renderable, "render_segments", None)
    if render is not None:
        render(app.console)
    return True

