"""A keyboard monkey on the demo inspection (issue 13): seeded random walks over every screen and
dialog, keys sent in bursts with no pause between them (as a terminal delivers fast typing), and
the terminal resized between 60x20 and 160x50 as it goes.

What must hold after every sequence:
- no unhandled exception (the app is still running and raised nothing);
- the app is still on a screen of its own (not Textual's blank default);
- no store write the keys did not ask for: on the read-only walk, whose keys can open every
  screen and form and type into them but never save, agree, toggle or confirm, the store's
  version count does not move.

The quick run below is part of the suite. The long run is behind FIELDWORK_MONKEY_SEQUENCES
(for example 2000): `FIELDWORK_MONKEY_SEQUENCES=2000 pytest tests/screens/test_monkey.py -s`.
Each run prints its key and sequence counts.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from textual.widgets import Input

from screens.unlock import UnlockScreen
from store.demo import DEMO_PASSPHRASE
from tests.screens.app_support import demo_home, demo_source, make_app, settle  # noqa: F401
from tests.screens.keys import burst, typed

# What an inspector's hands can do, less what leaves the app on purpose (ctrl+q, ctrl+c), what
# locks it (ctrl+l: the unlock screen is covered by its own tests) and Textual's own command
# palette (whose system commands include quitting).
HOME_KEYS = list("cosgftxyp")
TEXT = [*typed("esn:7 j:strength CR-104233 late police AB Sarah -.,/"), *"abcdefghijklmnopqrstuvwxyz0123456789"]
MOVES = ["up", "down", "left", "right", "home", "end", "pageup", "pagedown", "tab", "shift+tab"]
CONTROL = ["escape", "enter", "ctrl+s", "ctrl+u", "ctrl+o", "backspace", "space", "f2", "question_mark", "slash", "delete"]
ALL_KEYS = TEXT + MOVES * 3 + CONTROL * 3 + HOME_KEYS * 2

# The read-only walk: opens and types, never commits. No Enter (confirms dialogs, submits), no
# Ctrl+S, no y (yes), no a (agree a finding), no s (sufficient in Gaps, sent in Concerns), no i
# (marks a strength innovative in Findings: a one-key toggle, as s and a are; the long run found
# it writing), no space (ticks); `s` is still reached from Home through the F2 + section start.
COMMITTING = {"enter", "ctrl+s", "y", "a", "s", "i", "space", "ctrl+o"}
READ_ONLY_KEYS = [k for k in ALL_KEYS if k not in COMMITTING]

SIZES = [(60, 20), (80, 24), (100, 30), (120, 40), (160, 50)]


def _sequence(rng: random.Random, alphabet: list[str]) -> list[str]:
    return [rng.choice(alphabet) for _ in range(rng.randint(3, 30))]


async def _walk(home: Path, *, seed: int, sequences: int, alphabet: list[str], read_only: bool) -> tuple[int, int]:
    rng = random.Random(seed)
    app = make_app(home)
    keys_sent = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ws = app.workspace
        assert ws is not None
        for n in range(sequences):
            if rng.random() < 0.2:
                await pilot.resize_terminal(*rng.choice(SIZES))
            if isinstance(app.screen, UnlockScreen):
                # `l` on Home locks, as it should: unlock and walk on (the screens come back).
                app.screen.query_one("#passphrase", Input).value = DEMO_PASSPHRASE
                keys_sent += burst(app, ["enter"])
                await settle(pilot)
                ws = app.workspace
                assert ws is not None
            before = ws.version_count()
            start: list[str] = []
            if rng.random() < 0.5:
                # Now and then from Home into a section, so every one is walked; F2 settles first
                # so the section key is read on Home, not by the screen being left.
                start = ["f2", rng.choice(HOME_KEYS)]
                keys_sent += burst(app, start[:1])
                await settle(pilot)
                keys_sent += burst(app, start[1:])
            keys = _sequence(rng, alphabet)
            keys_sent += burst(app, keys)
            await settle(pilot)
            where = f"seed {seed}, sequence {n}: {start + keys}"
            assert app.is_running and app._exception is None, where
            assert len(app.screen_stack) > 1 and type(app.screen).__module__.startswith(("screens.", "textual.")), where
            if read_only:
                assert ws.version_count() == before, f"an unasked write after {where}"
    assert app._exception is None
    return keys_sent, sequences


def _count() -> int:
    return int(os.environ.get("FIELDWORK_MONKEY_SEQUENCES", "0"))


@pytest.mark.parametrize("seed", [13])
async def test_monkey_every_key(demo_home: Path, seed: int, monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # an export or a sync folder typed at random lands here
    keys, sequences = await _walk(demo_home, seed=seed, sequences=_count() or 20, alphabet=ALL_KEYS, read_only=False)
    with capsys.disabled():
        print(f"\nmonkey (every key, seed {seed}): {keys} keys in {sequences} sequences")


async def test_monkey_read_only_walk_writes_nothing(demo_home: Path, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    keys, sequences = await _walk(demo_home, seed=7, sequences=_count() or 15, alphabet=READ_ONLY_KEYS, read_only=True)
    with capsys.disabled():
        print(f"\nmonkey (read-only walk): {keys} keys in {sequences} sequences, no unasked write")


def test_the_key_alphabets_cover_what_the_issue_names() -> None:
    for key in ("escape", "tab", "enter", "ctrl+s", "ctrl+u"):
        assert key in ALL_KEYS
    assert any(k.isalpha() and len(k) == 1 for k in ALL_KEYS)
    assert (60, 20) in SIZES and (160, 50) in SIZES
    assert not COMMITTING & set(READ_ONLY_KEYS)
