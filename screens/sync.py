"""Sync: the everyday exchange at the findings meeting, from the app.

Choose the shared folder or USB stick; Fieldwork takes in every other laptop's bundle found
there (each all or nothing) and writes mine under my device's name (temporary name, flushed,
renamed). The same functions as `fieldwork sync FOLDER`. The store's connection belongs to the
app's thread, so bundles are taken one at a time with the screen redrawn between them: progress
is shown per bundle and the app never looks frozen for more than one bundle's work.
"""

from __future__ import annotations

from datetime import date
import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, ProgressBar, RichLog, Static

from fieldwork.errors import FieldworkError
from fieldwork.trust import summarize_refusals
from store.trust_view import quarantine_count
from screens.widgets.footer import KeysFooter
from screens.base import SectionScreen
from screens.state_style import state_style
from store.files import atomic_write
from store.workspace import Workspace
from sync.bundle import export_bundle
from store.pending import dropped_note
from sync.folder import bundle_name, clear_interrupted_writes, deletions, import_file, other_bundles, sea_count

FOLDER_SETTING = "settings:sync-folder"


class SyncScreen(SectionScreen):
    """Exchange bundles through a shared folder, and see what came in."""

    CSS_PATH = "sync.tcss"
    TITLE = "Sync"
    BINDINGS = [
        Binding("ctrl+s", "sync", "Sync now"),
        Binding("x", "conflicts", "Conflicts"),
    ]

    def __init__(self, workspace: "Workspace", *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.running = False

    def compose(self) -> ComposeResult:
        yield Static(
            "Take in every other laptop's bundle from a shared folder or USB stick, and leave mine there.",
            id="sync-intro",
        )
        with Horizontal(id="sync-row"):
            yield Label("Folder", id="sync-label")
            yield Input(placeholder="/media/usb/inspection", id="sync-folder")
        # A total from the start: a bar without one animates as if busy, and an error before the
        # first bundle left it so, looking as if the sync were still running.
        yield ProgressBar(total=1, id="sync-progress", show_eta=False)
        yield Static("", id="sync-summary")
        # Lines wrap to the log's own width (RichLog draws at 78 columns at least by default, which
        # at 60 columns cut a bundle's name and scrolled the log sideways).
        yield RichLog(id="sync-log", wrap=True, markup=False, min_width=20)
        yield KeysFooter()

    def on_mount(self) -> None:
        saved = self.workspace.get_local(FOLDER_SETTING) or {}
        folder = self.query_one("#sync-folder", Input)
        folder.value = str(saved.get("path", ""))
        folder.focus()
        self._show_state()

    def _show_state(self, extra: str = "") -> None:
        conflicts = self.workspace.conflict_count()
        text = Text(f"This laptop holds {self.workspace.version_count()} versions. ")
        if conflicts:
            text.append(f"{conflicts} conflict{'s' if conflicts != 1 else ''} to resolve (x).", style=state_style(self.app, "conflict"))
        else:
            text.append("No conflicts.")
        kept_aside = quarantine_count(self.workspace)
        if kept_aside:
            text.append(f" {kept_aside} refused version{'s' if kept_aside != 1 else ''} kept aside.", style=state_style(self.app, "kept-aside"))
        if extra:
            text.append(f"\n{extra}")
        self.query_one("#sync-summary", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_sync()

    def action_sync(self) -> None:
        if self.running:
            return
        self.run_worker(self._sync(), exclusive=True, group="sync")

    async def _sync(self) -> None:
        log = self.query_one("#sync-log", RichLog)
        bar = self.query_one("#sync-progress", ProgressBar)
        raw = self.query_one("#sync-folder", Input).value.strip()
        if not raw:
            self.notify("Type the folder to sync through first.", severity="warning")
            return
        folder = Path(raw).expanduser()
        if not folder.is_dir():
            self.notify(f"{folder} is not a folder: give the shared folder or the USB stick's folder.", severity="error")
            return
        self.running = True
        try:
            self.workspace.put_local(FOLDER_SETTING, {"path": str(folder)})
            clear_interrupted_writes(self.workspace, folder)
            sea_before = sea_count(self.workspace)
            results = []
            others = other_bundles(folder, self.workspace.device_id)
            bar.update(total=len(others) + 1, progress=0)
            log.clear()
            new = conflicts = refused = quarantined = 0
            for path in others:
                log.write(f"Reading {path.name} …")
                await self._breathe()
                try:
                    result = import_file(self.workspace, path)
                except FieldworkError as err:
                    refused += 1
                    log.write(Text(f"  refused: {err}", style=state_style(self.app, "refused")))
                else:
                    results.append(result)
                    new += result.new
                    conflicts += result.conflicts_created
                    pending = f", {result.pending} waiting for earlier versions" if result.pending else ""
                    log.write(f"  {result.new} new, {result.present} already here{pending}, {result.conflicts_created} new conflict(s)")
                    if result.pending_dropped:
                        log.write(f"  {dropped_note(result.pending_dropped)}")
                    # What the trust checks refused, in plain words: kept aside, never shown.
                    for line in summarize_refusals(((d, k, why) for _v, d, _a, k, why in result.quarantined), self.workspace.judge.name_of):
                        log.write(Text(f"  {line}", style=state_style(self.app, "kept-aside")))
                    quarantined += len(result.quarantined)
                bar.advance(1)
            log.write("Writing my bundle …")
            await self._breathe()
            data, count = export_bundle(self.workspace)
            target = folder / bundle_name(self.workspace.device_id)
            atomic_write(target, data)
            bar.advance(1)
            log.write(f"  wrote {count} versions to {target.name}")
            summary = f"Took in {new} new version(s) from {len(others) - refused} bundle(s); wrote mine."
            if refused:
                summary += f" {refused} bundle(s) refused: nothing of them was kept."
            if quarantined:
                summary += f"\n{quarantined} version(s) refused by the trust checks and kept aside: the log says why (and 'fieldwork quarantine')."
            deleted = deletions(self.workspace, results, sea_before)
            if deleted.summary():
                summary += f"\n{deleted.summary()}"
            self._show_state(summary)
            self.notify(summary, severity="warning" if refused or conflicts or quarantined or deleted.many else "information")
            # Out of the folder box, so the screen's keys (x for conflicts) work at once.
            log.focus()
        except (FieldworkError, OSError) as err:
            message = str(err) if isinstance(err, FieldworkError) else f"The folder could not be used ({err.strerror})."
            log.write(Text(message, style=state_style(self.app, "refused")))
            self.notify(message, severity="error")
            bar.update(total=1, progress=0)  # stopped, not busy
        finally:
            self.running = False

    async def _breathe(self) -> None:
        # Let the screen draw the progress so far before the next blocking bundle.
        self.refresh()
        await asyncio.sleep(0)

    def action_conflicts(self) -> None:
        # The app runs the navigation: it closes this screen, which would cancel our own workers.
        opener = getattr(self.app, "action_open", None)
        if opener is not None:
            opener("conflicts")

