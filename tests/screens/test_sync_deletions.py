"""The Sync screen says when a sync deleted many records (issue 12, part 11)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from screens.sync import SyncScreen
from store.demo import DEMO_PASSPHRASE
from store.workspace import Workspace
from sync.bundle import export_bundle
from tests.screens.app_support import copy_demo, demo_home, demo_source, make_app, open_with, press, settle  # noqa: F401


async def test_the_sync_screen_calls_out_many_deletions(demo_home: Path, demo_source: Path, tmp_path: Path) -> None:
    # The same laptop's store copied, with eleven SEA entries deleted there: what a teammate's
    # slip would bring (the copy's versions are signed by the lead's own device).
    other = copy_demo(demo_source, tmp_path / "other")
    ws = Workspace.open(other, DEMO_PASSPHRASE)
    try:
        gone = [r.id for r in ws.records("sea")[:11]]
        for rid in gone:
            ws.delete(rid)
        data = export_bundle(ws)[0]
    finally:
        ws.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "other.fwbundle").write_bytes(data)
    app = make_app(demo_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_with(pilot, "y", SyncScreen)
        screen.query_one("#sync-folder", Input).value = str(stick)
        await press(pilot, "enter")
        await settle(pilot)
        summary = str(screen.query_one("#sync-summary", Static).render())
        assert "This sync deleted 11 records, 11 of the team's" in summary
        assert "undelete" in summary
        assert all(screen.workspace.resolve_id(rid).deleted for rid in gone)
