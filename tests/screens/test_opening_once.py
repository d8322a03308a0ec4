"""A section reads its rows once as it opens, and again whenever it comes back to the top."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import ModalScreen

from screens.children import ChildrenScreen
from screens.concerns import ConcernsScreen
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, settle  # noqa: F401


class Over(ModalScreen[None]):
    """Anything that covers the section for a while (a form, History)."""


@pytest.mark.parametrize(("key", "cls", "method"), [("c", ChildrenScreen, "refresh_rows"), ("o", ConcernsScreen, "refresh_list")])
async def test_rows_are_read_once_on_opening_and_again_on_coming_back(
    demo_home: Path, monkeypatch: Any, key: str, cls: type, method: str
) -> None:
    calls: list[str] = []
    original = getattr(cls, method)

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(method)
        original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, counted)
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_with(pilot, key, cls)
        assert len(calls) == 1
        await app.push_screen(Over())
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        assert len(calls) == 2  # back on top: a sync or a form may have changed the store
