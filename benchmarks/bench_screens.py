"""`screens`: each section's first frame after its key on Home, on the standard inspection.

The real app (`FieldworkApp`) runs headless under Pilot at 80x24 on a private copy of the
standard benchmark inspection (2,000 SEA entries), unlocked at start as FIELDWORK_PASSPHRASE
would, with Home drawn and the SQL projection warmed (as it is a moment after unlocking). For each
section the clock starts when its key is handed to the driver, as a terminal would, and stops at
the first frame painted (turned into terminal bytes, which headless mode otherwise skips) once the
section's screen has mounted. Then F2 goes Home, the app settles, and the next section is timed;
every section is opened `repeats` times.

The benchmark imports no section's module itself: the first timed opening of each section finds
what the app has done by then (it imports every section's module in the background once Home is
drawn, and the benchmark, like a person reading Home, waits until the app is idle before the first
key), and `first_opening_ms` reports that run apart.

Reported: per section median and worst, and over all sections the median and worst against the
issue's 100 ms; beside them this process's CPU time from key to frame (which other people's work
on a shared machine does not inflate), and `with_keys_ms`: the first frame that also shows the
footer's keys, which Textual's Footer draws one refresh after the screen's first frame (reported,
not budgeted).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench_common import fresh_copy, log, ms, render_frame

BUDGET_MS = 100.0
SIZE = (80, 24)


class _Run:
    """One opening of one section: when its key went, and the frames that followed."""

    def __init__(self, module: str, cls: str) -> None:
        self.module, self.cls = module, cls
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        self.first: tuple[float, float] | None = None  # wall, cpu
        self.with_keys: float | None = None
        self.done = asyncio.Event()

    def is_section(self, screen: Any) -> bool:
        kind = type(screen)
        # By name, not by class: importing the section's module here would take its cost out of the figure.
        return kind.__module__ == self.module and kind.__name__ == self.cls and screen.is_mounted

    def painted(self, screen: Any) -> None:
        if not self.is_section(screen):
            return
        if self.first is None:
            self.first = (time.perf_counter() - self.wall, time.process_time() - self.cpu)
        if self.with_keys is None and _keys_shown(screen):
            self.with_keys = time.perf_counter() - self.wall
            self.done.set()


def _keys_shown(screen: Any) -> bool:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    footers = screen.query(Footer)
    return bool(footers) and all(f.query(FooterKey) for f in footers)


async def _drive(home: Path, passphrase: str, repeats: int) -> dict[str, list[_Run]]:
    from textual import events

    from screens.app import FieldworkApp, sections_for
    from screens.home import HomeScreen
    from tests.screens.app_support import settle

    class Measured(FieldworkApp):
        # Relative paths are read beside the subclass's module: name the app's own files.
        CSS_PATH = [str(Path(sys.modules[FieldworkApp.__module__].__file__ or "").parent / p) for p in FieldworkApp.CSS_PATH]

        def __init__(self) -> None:
            super().__init__(home, passphrase=passphrase, idle_check_every=0)
            self.run_now: _Run | None = None

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if render_frame(self, renderable) and self.run_now is not None:
                self.run_now.painted(screen)

    app = Measured()
    runs: dict[str, list[_Run]] = {}

    def send(key: str) -> None:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        assert app._driver is not None
        app._driver.send_message(event)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ws = app.workspace
        assert ws is not None and isinstance(app.screen, HomeScreen)
        ws.projection  # warmed, as it is in a thread right after Home is drawn
        for name, section in sections_for(ws).items():
            if section.module in sys.modules and not hasattr(sys.modules[section.module], section.cls):
                continue  # not in this build
            for _ in range(repeats):
                run = app.run_now = _Run(section.module, section.cls)
                send(section.key)
                await asyncio.wait_for(run.done.wait(), 30)
                runs.setdefault(name, []).append(run)
                app.run_now = None
                await settle(pilot)
                send("f2")
                await settle(pilot)
                assert isinstance(app.screen, HomeScreen), app.screen
    return runs


def measure(store: Path, passphrase: str, work: Path, *, repeats: int) -> dict[str, Any]:
    home = fresh_copy(store, work / "screens")
    runs = asyncio.run(_drive(home, passphrase, repeats))
    walls = {name: [r.first[0] for r in rs if r.first] for name, rs in runs.items()}
    cpus = {name: [r.first[1] for r in rs if r.first] for name, rs in runs.items()}
    keys = {name: [r.with_keys for r in rs if r.with_keys is not None] for name, rs in runs.items()}
    every = [t for ts in walls.values() for t in ts]
    every_cpu = [t for ts in cpus.values() for t in ts]
    medians = {name: statistics.median(ts) for name, ts in walls.items()}
    sections = {
        name: {
            "median_ms": ms(medians[name]),
            "worst_ms": ms(max(walls[name])),
            "first_opening_ms": ms(walls[name][0]),  # the one that imports the section's module
            "runs_ms": [ms(t) for t in walls[name]],
            "cpu_median_ms": ms(statistics.median(cpus[name])),
            "cpu_worst_ms": ms(max(cpus[name])),
            "with_keys_median_ms": ms(statistics.median(keys[name])),
        }
        for name in walls
    }
    slowest = max(medians, key=lambda n: medians[n])
    log(f"screens: slowest {slowest} {ms(medians[slowest])} ms (median); every section: "
        + ", ".join(f"{n} {s['median_ms']:.0f}/{s['worst_ms']:.0f}" for n, s in sections.items()))
    return {
        "median_ms": ms(statistics.median(every)),
        "worst_ms": ms(max(every)),
        "cpu_median_ms": ms(statistics.median(every_cpu)),
        "cpu_worst_ms": ms(max(every_cpu)),
        "slowest_section": slowest,
        "sections": sections,
        "budget": {"max_ms": BUDGET_MS, "of": "every section's median first frame"},
        "within_budget": all(m * 1000 <= BUDGET_MS for m in medians.values()),
        "size": f"{SIZE[0]}x{SIZE[1]}",
    }
