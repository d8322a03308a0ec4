"""`startup` and `memory`: the app in a fresh process, timed to the first paint of its home screen.

Each run starts a new Python process (this file with `child ...`), so interpreter start, imports,
CSS parsing, unlock and the first frame are all counted, as a person starting the app pays them.
The child runs the real entry point (`fieldwork open --home HOME`, or `FieldworkApp` directly if
that verb is not there) with the passphrase in FIELDWORK_PASSPHRASE, on a fast-KDF store (the KDF
is excluded; `kdf` measures it alone).

Detecting "drawn": Textual hands every frame to `App._display(screen, update)`. The child wraps it
(headless mode skips turning the frame into terminal bytes, so the wrapper does that too, for the
app and the floor alike) and, on the first frame whose screen is the target (`HomeScreen` for the
app, the default screen for the floor), writes a marker line on stdout. The parent stops its clock
when it reads that line. No sleeps: the parent blocks on the pipe.

Floor: a bare Textual app with a Header, a DataTable (with a few rows) and a Footer, started the
same way, in the same kind of process, with the same wrapper.

`memory` runs the same child on the ×5 inspection (10,000 entries), opens the SEA list once Home
is drawn, and reports the process's peak resident set (VmHWM) after the list's first frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (120, 40)
MARKER = "FIELDWORK-BENCH-PAINTED"


# --- the child ----------------------------------------------------------------------------------


def _vmhwm_kib() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


_PROFILER: Any = None


def shown_rows(table: Any) -> int:
    """How many entries the SEA table holds (the screen has kept ids or rows as it changed)."""
    for attr in ("ids", "rows"):
        if hasattr(table, attr):
            return len(getattr(table, attr))
    return -1


def _say(payload: dict[str, Any]) -> None:
    # os.write, not print: Textual redirects print() while it runs.
    os.write(1, (MARKER + " " + json.dumps(payload) + "\n").encode())
    if _PROFILER is not None:  # BENCH_PROFILE=FILE: a cProfile of the child up to this frame
        _PROFILER.disable()
        _PROFILER.dump_stats(os.environ["BENCH_PROFILE"])


def _instrument(targets: list[str], on_paint: Callable[[Any, Any, str], None]) -> None:
    """Run every App headless at a fixed size and call on_paint at each target's first frame."""
    import textual.app as tapp

    original_display = tapp.App._display
    original_run = tapp.App.run
    waiting = list(targets)

    def _display(self: Any, screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(self.console)  # what a terminal would be sent: headless mode skips it
        name = type(screen).__name__
        if waiting and name == waiting[0]:
            waiting.pop(0)
            on_paint(self, screen, name)

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    tapp.App._display = _display  # type: ignore[method-assign]
    tapp.App.run = run  # type: ignore[method-assign]


def _run_fieldwork(home: str) -> None:
    sys.path.insert(0, str(ROOT))
    from fieldwork.cli import build_parser, main

    verbs = next((a.choices for a in build_parser()._actions if getattr(a, "choices", None)), {})
    if "open" in verbs:
        main(["--home", home, "open"])
        return
    from screens.app import FieldworkApp

    FieldworkApp(Path(home), passphrase=os.environ.get("FIELDWORK_PASSPHRASE")).run()


def child_app(home: str) -> None:
    def painted(app: Any, screen: Any, name: str) -> None:
        _say({"screen": name, "vmhwm_kib": _vmhwm_kib()})
        os._exit(0)  # the figure ends at the first frame; tearing down is not part of it

    _instrument(["HomeScreen"], painted)
    _run_fieldwork(home)
    os._exit(3)  # the app ended without drawing Home: the parent reports it


def child_memory(home: str) -> None:
    marks: dict[str, Any] = {}

    def painted(app: Any, screen: Any, name: str) -> None:
        marks[name] = _vmhwm_kib()
        if name == "HomeScreen":
            app.call_later(app.open_section, "sea")
        else:
            _say({"vmhwm_kib_at_home": marks["HomeScreen"], "vmhwm_kib_with_sea_list": marks[name],
                  "sea_rows": shown_rows(screen.query_one("#sea-table"))})
            os._exit(0)

    _instrument(["HomeScreen", "SeaListScreen"], painted)
    _run_fieldwork(home)
    os._exit(3)


def child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Due", "What", "Where")
            table.add_rows([(f"day {i}", f"item {i}", "front door") for i in range(10)])

    def painted(app: Any, screen: Any, name: str) -> None:
        _say({"screen": name, "vmhwm_kib": _vmhwm_kib()})
        os._exit(0)

    _instrument(["Screen"], painted)
    Bare().run()
    os._exit(3)


# --- the parent ---------------------------------------------------------------------------------


def run_child(args: list[str], passphrase: str | None = None, timeout: float = 120.0) -> tuple[float, dict[str, Any]]:
    """Seconds from spawning the child to its marker line, and what the marker carried."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env["PYTHONPATH"] = str(ROOT)
    if passphrase is not None:
        env["FIELDWORK_PASSPHRASE"] = passphrase
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(ROOT))
    assert proc.stdout is not None
    try:
        for raw in proc.stdout:
            line = raw.decode(errors="replace")
            if line.startswith(MARKER):
                elapsed = time.perf_counter() - start
                proc.wait(timeout=timeout)
                return elapsed, json.loads(line[len(MARKER):])
        proc.wait(timeout=timeout)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"the child ({' '.join(args)}) ended without drawing its screen (exit {proc.returncode}): {err[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def measure_startup(home: Path, passphrase: str, *, repeats: int) -> dict[str, Any]:
    from bench_common import figure, log

    # One untimed run of each first: the first start after a change compiles .pyc files.
    run_child(["bare"])
    run_child(["app", str(home)], passphrase)
    samples: list[float] = []
    floors: list[float] = []
    for i in range(repeats):
        floors.append(run_child(["bare"])[0])
        samples.append(run_child(["app", str(home)], passphrase)[0])
        log(f"startup run {i + 1}/{repeats}: {samples[-1] * 1000:.0f} ms (floor {floors[-1] * 1000:.0f} ms)")
    return figure(samples, floor=floors, budget_ratio=1.5,
                  notes=f"process start to the first frame of HomeScreen, headless at {SIZE[0]}x{SIZE[1]}, "
                        "fast-KDF store (KDF excluded); floor: bare Header+DataTable+Footer app, same harness")


def measure_memory(home: Path, passphrase: str, *, repeats: int = 1) -> dict[str, Any]:
    from bench_common import log

    peaks: list[dict[str, Any]] = []
    for i in range(repeats):
        peaks.append(run_child(["memory", str(home)], passphrase)[1])
        log(f"memory run {i + 1}/{repeats}: {peaks[-1]}")
    bare = run_child(["bare"])[1].get("vmhwm_kib")
    worst = max(p["vmhwm_kib_with_sea_list"] for p in peaks)
    mib = round(worst / 1024, 1)
    return {
        "peak_rss_mib": mib,
        "peak_rss_mib_at_home": round(max(p["vmhwm_kib_at_home"] for p in peaks) / 1024, 1),
        "sea_rows_listed": peaks[-1].get("sea_rows"),
        "bare_textual_app_rss_mib": round(bare / 1024, 1) if bare else None,
        "budget": {"max_mib": 150},
        "within_budget": mib <= 150,
        "notes": "VmHWM of the app process with the x5 inspection (10,000 SEA entries) unlocked, Home drawn, "
                 "then the SEA list opened and drawn; fast-KDF store (the shipped Argon2id would add its 64 MiB while unlocking)",
    }


def main(argv: list[str]) -> None:
    global _PROFILER
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        _PROFILER = cProfile.Profile()
        _PROFILER.enable()
    if argv[:1] != ["child"]:
        raise SystemExit("usage: bench_startup.py child (app HOME | memory HOME | bare)")
    kind = argv[1]
    if kind == "app":
        child_app(argv[2])
    elif kind == "memory":
        child_memory(argv[2])
    elif kind == "bare":
        child_bare()
    raise SystemExit(f"unknown child {kind!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
