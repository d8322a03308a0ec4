"""Measure the para 80 name check against the labelled corpus and print one JSON document.

Run from the repo root: .venv/bin/python benchmarks/name_check.py

A sentence with a name counts as found only when a flag covers that name (not merely any word in
the sentence); a sentence without a name counts as a false positive if anything in it is flagged.
"wrong" lists the sentences the check got wrong, so a change in the figures can be read at once.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script from anywhere: make the repo root importable for `fieldwork` and `tests`.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from fieldwork.checks.names import check_names, load_name_lists  # noqa: E402
from tests.fieldwork.name_corpus import SAMPLES, Sample  # noqa: E402


def evaluate(samples: list[Sample]) -> dict[str, Any]:
    per_category: dict[str, dict[str, float]] = {}
    right_named = 0
    wrong_plain = 0
    wrong: list[str] = []
    for s in samples:
        right = s.judged_right(check_names(s.text))
        cat = per_category.setdefault(s.category, {"sentences": 0, "with_names": 0, "right": 0})
        cat["sentences"] += 1
        cat["with_names"] += s.has_name
        cat["right"] += right
        if s.has_name:
            right_named += right
        else:
            wrong_plain += not right
        if not right:
            wrong.append(s.text)
    for cat in per_category.values():
        if cat["with_names"]:
            cat["recall"] = round(cat["right"] / cat["with_names"], 3)
        else:
            cat["false_positive_rate"] = round(1 - cat["right"] / cat["sentences"], 3)
    named = sum(s.has_name for s in samples)
    plain = len(samples) - named
    return {
        "recall": round(right_named / named, 4) if named else 0.0,
        "false_positive_rate": round(wrong_plain / plain, 4) if plain else 0.0,
        "per_category": per_category,
        "wrong": wrong,
    }


def _best_us(fn: Callable[[Any], object], arg: object, calls: int, rounds: int = 7) -> float:
    """Best-of-rounds CPU microseconds per call. CPU time, because on a shared machine wall time
    mostly measures the other processes; best-of, because the check's own cost is the floor."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for _ in range(calls):
            fn(arg)
        best = min(best, (time.process_time() - t0) / calls * 1e6)
    return best


def _check_all(texts: list[str]) -> None:
    for text in texts:
        check_names(text)


def main() -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    lists = load_name_lists()
    load_ms = (time.perf_counter() - started) * 1000.0
    load_cpu_ms = (time.process_time() - cpu_started) * 1000.0
    result = evaluate(SAMPLES)
    texts = [s.text for s in SAMPLES]
    _check_all(texts)  # warm up
    per_sentence_us = _best_us(_check_all, texts, calls=5) / len(texts)
    paragraph = " ".join(texts[:9])  # about 150 words: what one keystroke re-checks
    paragraph_us = _best_us(check_names, paragraph, calls=200)
    doc = {
        "sentences": len(SAMPLES),
        "with_names": sum(s.has_name for s in SAMPLES),
        "recall": result["recall"],
        "false_positive_rate": result["false_positive_rate"],
        "per_category": result["per_category"],
        # Wall time of the one-off load (read and parse ~150,000 list entries).
        "list_load_ms": round(lists.load_ms or load_ms, 1),
        "list_load_cpu_ms": round(load_cpu_ms, 1),
        # CPU time per call, best of 7 rounds.
        "check_us_per_sentence": round(per_sentence_us, 1),
        "paragraph_words": len(paragraph.split()),
        "check_us_per_paragraph": round(paragraph_us, 1),
        "wrong": result["wrong"],
    }
    print(json.dumps(doc, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
