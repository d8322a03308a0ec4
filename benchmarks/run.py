"""Run every benchmark and print the figures, against the budget in DESIGN.md ("Performance budget").

    .venv/bin/python benchmarks/run.py --json            # one JSON document on stdout
    .venv/bin/python benchmarks/run.py --json --quick    # no ×25 inspection, fewer repeats
    .venv/bin/python benchmarks/run.py --only unlock,filter

Progress goes to stderr, the figures to stdout. Generated inspections are cached (by a
fingerprint of the generator and the store format) under --cache, so a second run starts at once.
Every store is made with FIELDWORK_KDF=fast: the passphrase KDF is excluded from every figure
but `kdf`. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from bench_common import log, machine  # noqa: E402

FIGURES = ("startup", "unlock", "filter", "screens", "merge", "export", "memory", "kdf", "name_check")


def _name_check() -> dict[str, Any]:
    """The name check's own benchmark (another engineer's script), its figures only."""
    script = HERE / "name_check.py"
    if not script.exists():
        return {"available": False, "notes": "benchmarks/name_check.py does not exist yet"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=str(HERE.parent), timeout=600)
    if done.returncode != 0:
        return {"available": False, "notes": f"name_check.py failed (exit {done.returncode}): {done.stderr.strip()[-500:]}"}
    doc = json.loads(done.stdout)
    # Its "wrong" list quotes corpus sentences, names included: keep the figures, not the text.
    doc.pop("wrong", None)
    return doc


def _verdict(figures: dict[str, Any]) -> dict[str, Any]:
    over = sorted(k for k, v in figures.items() if isinstance(v, dict) and v.get("within_budget") is False)
    errors = sorted(k for k, v in figures.items() if isinstance(v, dict) and "error" in v)
    return {"over_budget": over, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON document (otherwise a short table)")
    parser.add_argument("--quick", action="store_true", help="skip the ×25 inspection and repeat less")
    parser.add_argument("--only", default="", help=f"comma-separated figures of {', '.join(FIGURES)}")
    parser.add_argument("--repeats", type=int, default=0, help="runs per figure (default 7, or 3 with --quick)")
    parser.add_argument("--cache", default=os.environ.get("FIELDWORK_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "fieldwork-bench-cache")))
    args = parser.parse_args(argv)
    wanted = [f for f in (args.only.split(",") if args.only else FIGURES) if f]
    unknown = set(wanted) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s): {', '.join(sorted(unknown))}")
    repeats = args.repeats or (3 if args.quick else 7)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)

    import generate

    pp = generate.PASSPHRASE
    started = time.time()
    doc: dict[str, Any] = {
        "machine": machine(),
        "kdf_in_figures": "excluded: every store is created with FIELDWORK_KDF=fast (Argon2id 64 KiB, 1 pass); `kdf` measures the shipped parameters alone",
        "repeats": repeats,
        "quick": args.quick,
        "figures": {},
    }
    figures: dict[str, Any] = doc["figures"]
    stores: dict[str, Path] = {}

    def store(scale: float) -> Path:
        key = f"x{scale:g}"
        if key not in stores:
            log(f"inspection {key}: generating or taking from the cache")
            stores[key] = generate.cached_inspection(cache, scale)
        return stores[key]

    with tempfile.TemporaryDirectory(prefix="fieldwork-bench-") as tmp:
        work = Path(tmp)

        def run(name: str, fn: Callable[[], Any]) -> None:
            if name.split(":")[0] not in wanted:
                return
            log(f"--- {name}")
            try:
                figures[name.replace(":", "_")] = fn()
            except Exception as err:  # noqa: BLE001 - one broken figure must not hide the others
                figures[name.replace(":", "_")] = {"error": f"{type(err).__name__}: {err}"}
                log(f"{name} failed: {type(err).__name__}: {err}")

        import bench_filter
        import bench_kdf
        import bench_screens
        import bench_startup
        import bench_sync
        import bench_unlock

        run("startup", lambda: bench_startup.measure_startup(store(1), pp, repeats=repeats))
        run("unlock", lambda: bench_unlock.measure(store(1), pp, work, repeats=repeats))
        run("unlock:x5", lambda: bench_unlock.measure(store(5), pp, work, repeats=repeats, label="x5"))
        if not args.quick:
            run("unlock:x25", lambda: bench_unlock.measure(store(25), pp, work, repeats=max(3, repeats // 2), label="x25"))
        run("filter", lambda: bench_filter.measure(store(5), pp, work, repeats=max(1, repeats // 3)))
        run("screens", lambda: bench_screens.measure(store(1), pp, work, repeats=max(3, repeats // 2)))
        run("merge", lambda: bench_sync.measure_merge(generate.cached_merge(cache), pp, work, repeats=max(3, repeats // 2)))
        run("export", lambda: bench_sync.measure_export(store(1), pp, work, repeats=repeats, label="standard"))
        run("export:x5", lambda: bench_sync.measure_export(store(5), pp, work, repeats=repeats, label="x5"))
        run("memory", lambda: bench_startup.measure_memory(store(5), pp, repeats=1 if args.quick else 3))
        if not args.quick:
            run("memory:x25", lambda: bench_startup.measure_memory(store(25), pp, repeats=1, budget=False))
        run("kdf", lambda: bench_kdf.measure(repeats=repeats))
        run("name_check", _name_check)

    doc["verdict"] = _verdict(figures)
    doc["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    doc["seconds"] = round(time.time() - started, 1)
    if args.json:
        sys.stdout.write(json.dumps(doc, indent=2) + "\n")
    else:
        for name, fig in figures.items():
            value = fig.get("median_ms", fig.get("peak_rss_mib", fig.get("recall", fig.get("error", ""))))
            extra = f"  x{fig['ratio_to_floor']} of floor" if "ratio_to_floor" in fig else ""
            budget = {True: "within budget", False: "OVER BUDGET", None: ""}.get(fig.get("within_budget"), "")
            print(f"{name:<14} {value!s:>10}{extra:<20} {budget}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
