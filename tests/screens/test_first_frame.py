"""The collector is held off from a section's key to its first frame, and only that long
(screens/first_frame.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from screens import first_frame
from tests.screens.app_support import demo_home, demo_source, make_app, open_with  # noqa: F401


class Section(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.collector_on_at_mount: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static("a section")

    def on_mount(self) -> None:
        self.collector_on_at_mount = gc.isenabled()


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[Screen[Any]] = []

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        super()._display(screen, renderable)
        if renderable is not None:
            self.drawn.append(screen)


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    gc.enable()  # whatever an earlier test in this process left
    yield
    gc.enable()


async def _drawn_once(pilot: Any, screen: Screen[Any]) -> None:
    """Wait (on a busy machine, a while) until the screen has drawn a frame."""
    for _ in range(200):
        await pilot.pause(0.01)
        if screen in pilot.app.drawn:
            await pilot.pause()
            return


async def test_held_while_the_screen_mounts_and_given_back_once_it_has_drawn(monkeypatch: Any) -> None:
    monkeypatch.setattr(first_frame, "LONGEST_HOLD", 60.0)  # only the frame can give it back here
    app = Host()
    async with app.run_test() as pilot:
        screen = Section()
        first_frame.collect_after_first_frame(screen)
        assert not gc.isenabled()
        await app.push_screen(screen)
        assert screen.collector_on_at_mount is False
        await _drawn_once(pilot, screen)
        assert gc.isenabled()


async def test_not_given_back_when_someone_else_holds_it() -> None:
    app = Host()
    async with app.run_test() as pilot:
        gc.disable()  # as the store does while it decrypts
        screen = Section()
        first_frame.collect_after_first_frame(screen)
        await app.push_screen(screen)
        await _drawn_once(pilot, screen)
        assert not gc.isenabled()


async def test_given_back_by_the_timer_when_the_screen_never_draws(monkeypatch: Any) -> None:
    monkeypatch.setattr(first_frame, "LONGEST_HOLD", 0.05)
    app = Host()
    async with app.run_test() as pilot:
        screen = Section()  # never pushed: no frame will come
        first_frame.collect_after_first_frame(screen)
        assert not gc.isenabled()
        await pilot.pause(0.2)
        assert gc.isenabled()


async def test_a_section_opened_from_home_mounts_with_the_collector_held(demo_home: Any, monkeypatch: Any) -> None:
    from screens.children import ChildrenScreen

    seen: list[bool] = []
    mount = ChildrenScreen.on_mount

    def on_mount(self: ChildrenScreen) -> None:
        seen.append(gc.isenabled())
        mount(self)

    monkeypatch.setattr(ChildrenScreen, "on_mount", on_mount)
    monkeypatch.setattr(first_frame, "LONGEST_HOLD", 60.0)  # only the frame can give it back here
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "c", ChildrenScreen)
        assert seen == [False]
        for _ in range(200):
            if gc.isenabled():
                break
            await pilot.pause(0.01)
        assert gc.isenabled() and screen.is_mounted


async def test_given_back_even_when_the_app_ends_before_the_frame(monkeypatch: Any) -> None:
    import time

    monkeypatch.setattr(first_frame, "LONGEST_HOLD", 0.05)
    app = Host()
    async with app.run_test():
        first_frame.collect_after_first_frame(Section())  # never pushed, and the app ends at once
    time.sleep(0.2)
    assert gc.isenabled()
