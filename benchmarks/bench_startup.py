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

Three starts are timed: warm (the store unchanged since the app last ran, so Home is drawn from the
facts it kept), cold (one version written into the store between two starts, as a sync from the
command line would: the kept facts no longer hold) and first_start (no facts kept at all). When
Home's first frame says it is still counting, the child also marks the first frame that shows
the counts (`complete_*`). Each start runs on a private copy of the inspection.

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
COMPLETE = "FIELDWORK-BENCH-COMPLETE"  # Home's first frame that shows its facts, when that is a later one


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
_MARKS: dict[str, float] = {}


def shown_rows(table: Any) -> int:
    """How many entries the SEA table holds (the screen has kept ids or rows as it changed)."""
    for attr in ("ids", "rows"):
        if hasattr(table, attr):
            return len(getattr(table, attr))
    return -1


def _say(payload: dict[str, Any], marker: str = MARKER) -> None:
    # os.write, not print: Textual redirects print() while it runs.
    os.write(1, (marker + " " + json.dumps(payload) + "\n").encode())
    if _PROFILER is not None and marker == MARKER:  # BENCH_PROFILE=FILE: a cProfile of the child up to its first frame
        _PROFILER.disable()
        _PROFILER.dump_stats(os.environ["BENCH_PROFILE"])


def _instrument(targets: list[str], on_paint: Callable[[Any, Any, str], None], *, every_frame: bool = False) -> None:
    """Run every App headless at a fixed size and call on_paint at each target's first frame
    (`every_frame`: at each of the first target's frames)."""
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
            if not every_frame:
                waiting.pop(0)
            on_paint(self, screen, name)

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        _MARKS.setdefault("run", time.perf_counter())
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    tapp.App._display = _display  # type: ignore[method-assign]
    tapp.App.run = run  # type: ignore[method-assign]


def _phases() -> dict[str, float]:
    """Where the child's time went, in ms from the start of its main(): imports and the CLI up to
    App.run, the store's opening (Workspace.__init__: decrypting, building the projection), and
    the rest (screens, CSS, layout and the first frame)."""
    now = time.perf_counter()
    start = _MARKS["start"]
    run = _MARKS.get("run", now)
    unlock = _MARKS.get("workspace", 0.0)
    return {
        "imports_and_cli_ms": round((run - start) * 1000, 1),
        "store_open_ms": round(unlock * 1000, 1),
        "screens_and_first_frame_ms": round((now - run - unlock) * 1000, 1),
        "child_total_ms": round((now - start) * 1000, 1),
        # The child's CPU time since it started, every thread's (other people's work on a shared
        # machine does not inflate it; waiting for the disk is not in it).
        "child_cpu_ms": round(time.process_time() * 1000, 1),
    }


def _time_store_open() -> None:
    """Count the time spent in Workspace.__init__ (decrypt and project), when the app gets there."""
    import importlib.abc
    import importlib.machinery

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name != "store.workspace":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            loader = spec.loader
            original_exec = loader.exec_module

            def exec_module(module: Any) -> None:
                original_exec(module)
                init = module.Workspace.__init__

                def timed_init(self: Any, *args: Any, **kwargs: Any) -> None:
                    began = time.perf_counter()
                    try:
                        init(self, *args, **kwargs)
                    finally:
                        _MARKS["workspace"] = _MARKS.get("workspace", 0.0) + time.perf_counter() - began

                module.Workspace.__init__ = timed_init
                load = module.Workspace._load

                def timed_load(self: Any) -> None:  # decrypting the records, wherever it happens
                    began = time.perf_counter()
                    try:
                        load(self)
                    finally:
                        _MARKS["workspace"] = _MARKS.get("workspace", 0.0) + time.perf_counter() - began

                module.Workspace._load = timed_load

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    # A finder, not an import here: importing store.workspace early would move its cost.
    sys.meta_path.insert(0, Finder())


def _run_fieldwork(home: str) -> None:
    sys.path.insert(0, str(ROOT))
    _time_store_open()
    from fieldwork.cli import cmd_app, main

    cmd_app.has_terminal = lambda: True  # the child draws the app headless, on a pipe, on purpose
    try:
        main(["--home", home, "open"])  # the real entry point, as `fieldwork open` runs it
        return
    except SystemExit as exit_:
        if exit_.code != 2:  # 2: no such verb in this build; anything else is the app's own exit
            raise
    from screens.app import FieldworkApp

    FieldworkApp(Path(home), passphrase=os.environ.get("FIELDWORK_PASSPHRASE")).run()


def child_app(home: str) -> None:
    said: list[str] = []

    def painted(app: Any, screen: Any, name: str) -> None:
        if not said:
            said.append(name)
            _say({"screen": name, "vmhwm_kib": _vmhwm_kib(), "phases": _phases()})
        # A Home drawn before its facts were counted says so (`counting`); the parent also times
        # the first frame that shows them.
        if getattr(screen, "counting", False) or len(said) > 1:
            return
        said.append("complete")
        _say({"complete": True}, COMPLETE)
        # The figure ends here. Home keeps facts it counted just after a frame: a moment more lets
        # it, as anyone's session would, so that the next start finds them; then no tearing down.
        app.set_timer(0.5, lambda: os._exit(0))

    _instrument(["HomeScreen"], painted, every_frame=True)
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
        _say({"screen": name, "vmhwm_kib": _vmhwm_kib(), "phases": _phases()})
        os._exit(0)

    _instrument(["Screen"], painted)
    Bare().run()
    os._exit(3)


# --- the parent ---------------------------------------------------------------------------------


def run_child(args: list[str], passphrase: str | None = None, timeout: float = 120.0,
              complete: list[float] | None = None) -> tuple[float, dict[str, Any]]:
    """Seconds from spawning the child to its marker line, and what the marker carried.
    `complete`: given, it gets the seconds to the child's second line, the first frame of Home
    that shows its facts (the same as the first when Home was drawn from kept facts)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    # A person's Python writes .pyc files on the first start and reads them ever after; with this
    # set (some sandboxes set it) every start would compile the app's modules again (~80 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT)
    if passphrase is not None:
        env["FIELDWORK_PASSPHRASE"] = passphrase
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), "child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=str(ROOT))
    assert proc.stdout is not None
    try:
        first: tuple[float, dict[str, Any]] | None = None
        for raw in proc.stdout:
            line = raw.decode(errors="replace")
            if line.startswith(MARKER):
                first = (time.perf_counter() - start, json.loads(line[len(MARKER):]))
                if complete is None:
                    break
            elif line.startswith(COMPLETE) and first is not None and complete is not None:
                complete.append(time.perf_counter() - start)
                break
        if first is not None:
            proc.wait(timeout=timeout)
            return first
        proc.wait(timeout=timeout)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"the child ({' '.join(args)}) ended without drawing its screen (exit {proc.returncode}): {err[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def change_store(home: Path, passphrase: str, n: int) -> None:
    """Make the next start a cold one: change the store as a command run between two starts of
    the app would (one real version, the lead's sufficiency mark on a criterion set or cleared),
    so that the facts the app kept for Home no longer hold."""
    sys.path.insert(0, str(ROOT))
    from store import gaps
    from store.workspace import Workspace

    ws = Workspace.open(home, passphrase)
    try:
        gaps.set_sufficient(ws, ws.framework.criteria[0].code, n % 2 == 0)
    finally:
        ws.close()


def forget_home_facts(home: Path, passphrase: str) -> None:
    """Make the next start a first one: no facts kept for Home at all (the app's first start on a
    store made or joined from the command line)."""
    sys.path.insert(0, str(ROOT))
    from store.home_facts import LOCAL_KEY
    from store.workspace import Workspace

    ws = Workspace.open(home, passphrase)
    try:
        ws.delete_local(LOCAL_KEY)
    finally:
        ws.close()


def measure_startup(home: Path, passphrase: str, *, repeats: int) -> dict[str, Any]:
    """Warm: the store unchanged since the app last ran, so Home is drawn from its kept facts and
    the records are decrypted just after the first frame. Cold (`cold`): the store changed since
    (one version written between two starts, as a sync from the command line would), so the facts
    kept no longer hold. `first_start`: no facts kept at all. For both, `complete_*` times the
    first frame of Home that shows its counted facts, when that comes after the first frame."""
    import shutil
    import tempfile

    from bench_common import figure, fresh_copy, log, ms

    work = Path(tempfile.mkdtemp(prefix="fieldwork-startup-"))
    try:
        # A private copy: the cold runs write versions, and the cached inspection serves other figures.
        home = fresh_copy(home, work / "home")
        return _measure_startup(home, passphrase, repeats, figure, log, ms)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure_startup(home: Path, passphrase: str, repeats: int, figure: Any, log: Any, ms: Any) -> dict[str, Any]:
    import statistics

    # One untimed run of each first: the first start after a change compiles .pyc files (and
    # the app keeps Home's facts, as any earlier session would have).
    run_child(["bare"])
    run_child(["app", str(home)], passphrase, complete=[])
    samples: list[float] = []
    floors: list[float] = []
    phases: list[dict[str, float]] = []
    floor_phases: list[dict[str, float]] = []
    colds: list[float] = []
    cold_complete: list[float] = []
    cold_phases: list[dict[str, float]] = []
    firsts: list[float] = []
    first_complete: list[float] = []
    first_phases: list[dict[str, float]] = []
    for i in range(repeats):
        elapsed, said = run_child(["bare"])
        floors.append(elapsed)
        floor_phases.append(said["phases"])
        elapsed, said = run_child(["app", str(home)], passphrase)
        samples.append(elapsed)
        phases.append(said["phases"])
        change_store(home, passphrase, i)
        elapsed, said = run_child(["app", str(home)], passphrase, complete=cold_complete)  # keeps the facts again
        colds.append(elapsed)
        cold_phases.append(said["phases"])
        forget_home_facts(home, passphrase)
        elapsed, said = run_child(["app", str(home)], passphrase, complete=first_complete)  # and again
        firsts.append(elapsed)
        first_phases.append(said["phases"])
        log(f"startup run {i + 1}/{repeats}: {samples[-1] * 1000:.0f} ms, cold {colds[-1] * 1000:.0f} ms "
            f"(facts shown {cold_complete[-1] * 1000:.0f} ms), first start {firsts[-1] * 1000:.0f} ms "
            f"(floor {floors[-1] * 1000:.0f} ms) {phases[-1]} cold {cold_phases[-1]}")

    floor_median = statistics.median(floors)
    floor_cpu = statistics.median(p["child_cpu_ms"] for p in floor_phases)

    def cpu(phases_of: list[dict[str, float]]) -> dict[str, float]:
        mine = statistics.median(p["child_cpu_ms"] for p in phases_of)
        return {"cpu_median_ms": round(mine, 1), "cpu_ratio_to_floor": round(mine / floor_cpu, 2)}

    def variant(runs: list[float], complete: list[float], extra: dict[str, Any]) -> dict[str, Any]:
        return {
            "median_ms": ms(statistics.median(runs)),
            "ratio_to_floor": round(statistics.median(runs) / floor_median, 2),
            "runs_ms": [ms(r) for r in runs],
            "complete_median_ms": ms(statistics.median(complete)),
            "complete_ratio_to_floor": round(statistics.median(complete) / floor_median, 2),
            "complete_runs_ms": [ms(r) for r in complete],
            **extra,
        }

    cold = variant(colds, cold_complete, {"phases_median_ms": _median_phases(cold_phases), **cpu(cold_phases),
                                          "within_budget": statistics.median(colds) <= 1.5 * floor_median})
    first = variant(firsts, first_complete, {"phases_median_ms": _median_phases(first_phases), **cpu(first_phases)})
    return figure(samples, floor=floors, budget_ratio=1.5, phases_median_ms=_median_phases(phases),
                  floor_phases_median_ms=_median_phases(floor_phases), cold=cold, first_start=first,
                  floor_cpu_median_ms=round(floor_cpu, 1), **cpu(phases),
                  notes=f"process start to the first frame of HomeScreen, headless at {SIZE[0]}x{SIZE[1]}, "
                        "fast-KDF store (KDF excluded), store unchanged since the app last ran (Home drawn from "
                        "its kept facts, records decrypted after the first frame; store_open_ms counts only "
                        "what happened before it); `cold`: one version written since the app last ran, Home's "
                        "first frame says it is counting and `complete_*` is the frame with the counts (records "
                        "decrypted in between); `first_start`: no facts kept at all, records decrypted before "
                        "the first frame; floor: bare Header+DataTable+Footer app, same harness")


def _median_phases(runs: list[dict[str, float]]) -> dict[str, float]:
    import statistics

    return {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]} if runs else {}


def measure_memory(home: Path, passphrase: str, *, repeats: int = 1, budget: bool = True) -> dict[str, Any]:
    from bench_common import log

    # One untimed start first, which lets Home keep its facts (as any earlier session would): each
    # measured start then draws Home before decrypting, as a person's start does.
    run_child(["app", str(home)], passphrase, complete=[])
    peaks: list[dict[str, Any]] = []
    for i in range(repeats):
        peaks.append(run_child(["memory", str(home)], passphrase)[1])
        log(f"memory run {i + 1}/{repeats}: {peaks[-1]}")
    bare = run_child(["bare"])[1].get("vmhwm_kib")
    worst = max(p["vmhwm_kib_with_sea_list"] for p in peaks)
    mib = round(worst / 1024, 1)
    out = {
        "peak_rss_mib": mib,
        "peak_rss_mib_at_home": round(max(p["vmhwm_kib_at_home"] for p in peaks) / 1024, 1),
        "sea_rows_listed": peaks[-1].get("sea_rows"),
        "bare_textual_app_rss_mib": round(bare / 1024, 1) if bare else None,
        "notes": "VmHWM of the app process with the inspection unlocked, Home drawn, then the SEA list opened "
                 "and drawn; fast-KDF store (the shipped Argon2id would add its 64 MiB while unlocking)",
    }
    if budget:  # DESIGN.md's budget is for 10,000 entries (the x5 inspection)
        out["budget"] = {"max_mib": 150}
        out["within_budget"] = mib <= 150
    return out


def main(argv: list[str]) -> None:
    global _PROFILER
    _MARKS["start"] = time.perf_counter()
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
