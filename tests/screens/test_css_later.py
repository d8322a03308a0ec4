"""The stylesheets a start needs are read before Home's first frame, every other screen's just after
it, so that no section reads (and re-parses) a stylesheet as it opens (screens/app.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.css.stylesheet import Stylesheet

from screens.gaps import GapsScreen
from screens.home import HomeScreen
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, settle  # noqa: F401

SCREENS = Path(__file__).resolve().parents[2] / "screens"


def _files(app: Any) -> set[str]:
    return {Path(str(place)).name for place, _ in app.stylesheet.source if str(place).endswith(".tcss")}


async def test_the_start_reads_a_few_and_the_sections_find_theirs_read(demo_home: Path, monkeypatch: Any) -> None:
    app = make_app(demo_home)
    at_home: list[set[str]] = []
    display = app._display

    def noting(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if isinstance(screen, HomeScreen) and renderable is not None and not at_home:
            at_home.append(_files(app))

    app._display = noting  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert at_home == [{"app.tcss", "home.tcss", "unlock.tcss", "dialogs.tcss"}]
        assert _files(app) == {p.name for p in SCREENS.glob("*.tcss")}
        read: list[object] = []
        real = Stylesheet.read
        monkeypatch.setattr(Stylesheet, "read", lambda self, path: read.append(path) or real(self, path))
        await open_with(pilot, "g", GapsScreen)
        assert read == []
