"""Shared by the shell's UI tests: a demo inspection built once per session, a fixed today, and a
way to let the app's workers (unlock, navigation, lock) finish without sleeping."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot

from screens.app import FieldworkApp
from store.demo import DEMO_PASSPHRASE

T = TypeVar("T")

#: A Wednesday: day 11 of the demo inspection (notified Tuesday 10 November 2026), on site.
TODAY = date(2026, 11, 25)


class FakeClock:
    """The idle lock's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def copy_demo(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def make_app(home: Path, *, passphrase: str | None = DEMO_PASSPHRASE, **kwargs: Any) -> FieldworkApp:
    # No idle timer in tests: the idle lock is driven by hand through check_idle_lock().
    kwargs.setdefault("idle_check_every", 0)
    return FieldworkApp(home, passphrase=passphrase, today=TODAY, **kwargs)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the app's workers are done and the messages they caused are handled."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
        await app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    widget.value = text  # type: ignore[attr-defined]
    await pilot.pause()


def notices(app: FieldworkApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo inspection, built once (fast KDF, as every test store is) and copied per test."""
    from store.demo import build_demo

    home = tmp_path_factory.mktemp("demo-source") / "home"
    build_demo(home, DEMO_PASSPHRASE, today=TODAY).close()
    return home


@pytest.fixture
def demo_home(demo_source: Path, tmp_path: Path) -> Path:
    return copy_demo(demo_source, tmp_path / "demo")


async def open_with(pilot: Pilot[Any], key: str, cls: type[T]) -> T:
    """Unlocked at start, press the Home key of a section and return its screen."""
    await settle(pilot)
    await press(pilot, key)
    screen = pilot.app.screen
    assert isinstance(screen, cls), screen
    return screen
