"""`screens`: each section's first frame after its key on Home, on the standard inspection.

The real app (`FieldworkApp`) runs headless under Pilot at 80x24 on a private copy of the
standard benchmark inspection (2,000 SEA entries), unlocked at start as FIELDWORK_PASSPHRASE
would, with Home drawn and the SQL projection warmed (as it is a moment after unlocking). For each
section the clock starts when its key is handed to the driver, as a terminal would, and stops at
the first frame painted (turned into terminal bytes, which headless mode otherwise skips) once the
section's screen has mounted. Then F2 goes Home, the app settles, and the next section is timed;
every section is opened `repeats` times. Reported: per section median and worst, and over all
sections the median and worst against the issue's 100 ms.
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


async def _drive(home: Path, passphrase: str, repeats: int) -> dict[str, list[float]]:
    from textual import events

    from screens.app import FieldworkApp, load_section, sections_for
    from screens.home import HomeScreen
    from tests.screens.app_support import settle

    class Measured(FieldworkApp):
        # Relative paths are read beside the subclass's module: name the app's own files.
        CSS_PATH = [str(Path(sys.modules[FieldworkApp.__module__].__file__ or "").parent / p) for p in FieldworkApp.CSS_PATH]

        def __init__(self) -> None:
            super().__init__(home, passphrase=passphrase, idle_check_every=0)
            self.waiting_for: type | None = None
            self.painted = asyncio.Event()
            self.painted_at = 0.0

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if not render_frame(self, renderable):
                return
            wanted = self.waiting_for
            if wanted is not None and isinstance(screen, wanted) and screen.is_mounted and not self.painted.is_set():
                self.painted_at = time.perf_counter()
                self.painted.set()

    app = Measured()
    times: dict[str, list[float]] = {}

    def send(key: str) -> float:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        start = time.perf_counter()
        assert app._driver is not None
        app._driver.send_message(event)
        return start

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ws = app.workspace
        assert ws is not None and isinstance(app.screen, HomeScreen)
        ws.projection  # warmed, as it is in a thread right after Home is drawn
        for name, section in sections_for(ws).items():
            cls = load_section(name)
            if cls is None:
                continue
            for _ in range(repeats):
                app.waiting_for = cls
                app.painted.clear()
                start = send(section.key)
                await asyncio.wait_for(app.painted.wait(), 30)
                times.setdefault(name, []).append(app.painted_at - start)
                app.waiting_for = None
                await settle(pilot)
                send("f2")
                await settle(pilot)
                assert isinstance(app.screen, HomeScreen), app.screen
    return times


def measure(store: Path, passphrase: str, work: Path, *, repeats: int) -> dict[str, Any]:
    home = fresh_copy(store, work / "screens")
    times = asyncio.run(_drive(home, passphrase, repeats))
    every = [t for runs in times.values() for t in runs]
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    sections = {name: {"median_ms": ms(medians[name]), "worst_ms": ms(max(runs))} for name, runs in times.items()}
    slowest = max(medians, key=lambda n: medians[n])
    log(f"screens: slowest {slowest} {ms(medians[slowest])} ms (median)")
    return {
        "median_ms": ms(statistics.median(every)),
        "worst_ms": ms(max(every)),
        "slowest_section": slowest,
        "sections": sections,
        "budget": {"max_ms": BUDGET_MS, "of": "every section's median first frame"},
        "within_budget": all(m * 1000 <= BUDGET_MS for m in medians.values()),
        "size": f"{SIZE[0]}x{SIZE[1]}",
    }
