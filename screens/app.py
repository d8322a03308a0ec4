"""The Fieldwork app: unlock, the inspector's screens, navigation, and the idle lock.

Navigation is a hub: Home lists every section with its key, a section sits one level above Home,
and details (history, an editor) sit above a section. Escape goes back a level, so no key has to
mean one thing on one screen and another elsewhere, and the command palette (ctrl+p) reaches
everything from anywhere.

Sections written by other modules are imported only when opened: a build without one says so
plainly instead of failing to start. The contract is small: a `Screen` subclass whose constructor
takes the unlocked Workspace first; the app exposes it as `app.workspace`.

Idle lock (DESIGN "Keys and encryption"): after `lock_after` minutes without a key press or mouse
action the app asks each open screen to `save_draft()` (the SEA editor keeps unsaved text,
encrypted, with `put_local`), closes the workspace (dropping keys and decrypted data) and shows
the unlock screen. Unlocking rebuilds the same stack of screens on the new workspace, each through
its own `reopen(workspace) -> Screen` (section screens inherit one from screens.base.SectionScreen);
a section without one is opened afresh, and anything else (dialogs) is dropped.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import time
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from screens import safe_render
from screens import settings
from screens import terminal_keys
from screens.commands import FieldworkCommands
from screens.settings import SETTINGS_KEY  # noqa: F401 - where tests and callers have read it
from screens.crash_guard import CrashGuard
from screens.keys_in_turn import KeysInTurn
from screens.first_frame import collect_after_first_frame

if TYPE_CHECKING:
    from store.workspace import Workspace

# Colours picked from the xterm 256-colour cube and greys, so that a terminal without true colour
# shows what was designed rather than the nearest approximation of it.
FIELDWORK_THEME = Theme(
    name="fieldwork",
    primary="#5f87af",
    secondary="#5f8787",
    accent="#d7af5f",
    warning="#d7af00",
    error="#ff5f5f",
    success="#5faf5f",
    foreground="#e4e4e4",
    background="#1c1c1c",
    surface="#262626",
    panel="#3a3a3a",
    dark=True,
)

DEFAULT_LOCK_MINUTES = 10.0
WARM_ENTRIES_AFTER = 0.2  # seconds after Home's first frame


@dataclass(frozen=True)
class Section:
    module: str
    cls: str
    label: str
    key: str  # the key that opens it from Home
    why: str  # one line for Home and the command palette
    modes: tuple[str, ...] = ("inspection", "audit")  # the inspection modes it serves


SECTIONS: dict[str, Section] = {
    "children": Section("screens.children", "ChildrenScreen", "Children", "c", "tracking, sampling and the balance of the sample"),
    "sea": Section("screens.sea_list", "SeaListScreen", "SEA entries", "s", "the summary of evidence and analysis, filtered as you type"),
    "concerns": Section("screens.concerns", "ConcernsScreen", "Concerns (Annex C)", "o", "serious concerns from referral to sign-off"),
    "gaps": Section("screens.gaps", "GapsScreen", "Gaps", "g", "where the evidence is thin"),
    "findings": Section("screens.findings", "FindingsScreen", "Findings", "f", "agree and trace findings; the letter draft"),
    "timeline": Section("screens.timeline", "TimelineScreen", "Timeline", "t", "working days 0-43 as dates"),
    "conflicts": Section("screens.conflicts", "ConflictsScreen", "Conflicts", "x", "entries two laptops edited differently"),
    "sync": Section("screens.sync", "SyncScreen", "Sync", "y", "exchange bundles with the team"),
    "plan": Section("screens.plan", "PlanScreen", "Plan", "p", "the on-site plan: days, checks, leaders to meet", ("inspection",)),
    "meetings": Section("screens.meetings", "MeetingsScreen", "Meetings", "m", "team, keep-in-touch and feedback meetings; the meeting view", ("inspection",)),
    "retention": Section("screens.retention", "RetentionScreen", "Retention", "r", "para 81: export my records; close this laptop", ("inspection",)),
    # A partnership's own multi-agency audit (JTAI para 2), for stores created in audit mode.
    "audit": Section("screens.audit", "AuditScreen", "Case audit", "a", "grades and domain notes per case", ("audit",)),
    "activities": Section("screens.qa", "ActivitiesScreen", "Activities", "v", "the partnership's QA activities", ("audit",)),
    "actions": Section("screens.qa", "ActionsScreen", "Action plans", "p", "actions, owners and their review", ("audit",)),
    "calendar": Section("screens.qa", "CalendarScreen", "QA calendar", "k", "the year by month, with statuses", ("audit",)),
    "trend": Section("screens.qa", "TrendScreen", "Across quarters", "t", "each priority's grades by quarter", ("audit",)),
}


def sections_for(ws: "Workspace") -> dict[str, Section]:
    """The sections this inspection's mode uses, in Home's order."""
    mode = ws.inspection.get("mode", "inspection") if ws.has_inspection else "inspection"
    return sections_for_mode(mode)


def sections_for_mode(mode: str) -> dict[str, Section]:
    return {name: s for name, s in SECTIONS.items() if mode in s.modes}

SYNC_BY_CLI = "Sync from the app is not available in this build yet: use 'fieldwork sync FOLDER' in a terminal."


def load_section(name: str) -> type[Screen[Any]] | None:
    """The section's screen class, or None when this build does not have it (yet)."""
    section = SECTIONS[name]
    try:
        module = importlib.import_module(section.module)
    except ModuleNotFoundError as err:
        if err.name == section.module:
            return None
        raise
    cls = getattr(module, section.cls, None)
    return cls if isinstance(cls, type) and issubclass(cls, Screen) else None


def reopen_recipe(screen: Screen[Any]) -> Callable[["Workspace"], Screen[Any]] | None:
    """How to rebuild `screen` on a new workspace after the idle lock: its own `reopen(workspace)`,
    or None to drop it (dialogs, and anything that cannot say how it was made)."""
    reopen = getattr(screen, "reopen", None)
    return reopen if callable(reopen) else None  # type: ignore[no-any-return]


safe_render.install()  # stored text is drawn as text (issue 12)
terminal_keys.install()  # Escape then a key, typed fast, is not read as Alt+key (issue 13)


class FieldworkApp(KeysInTurn, CrashGuard, App[None]):
    """Fieldwork on one home folder: unlock (or create), then the inspector's screens."""

    # The stylesheets a start needs before its first frame (the app's own, Home's, the prompt's
    # and its dialogs') are read at start; every other screen's are read just after Home's first
    # frame, all at once (_read_later_css): parsing all nineteen files cost 25-30 ms of every
    # start. Textual re-parses the whole stylesheet from scratch whenever a screen brings a file
    # it has not seen (~40 ms on a first visit), which reading them all before any section opens
    # avoids; the screens still name their own file, already loaded by then.
    CSS_PATH = ["app.tcss", "home.tcss", "unlock.tcss", "dialogs.tcss"]
    TITLE = "Fieldwork"
    COMMANDS = App.COMMANDS | {FieldworkCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Over every screen, forms and dialogs too: Textual offers a modal screen none of the
        # app's bindings but its priority ones. `?` still types in a field (a field that takes a
        # key takes it from the app's bindings, priority or not).
        Binding("f1,question_mark", "help", "Help", key_display="?", priority=True),
        Binding("ctrl+l", "lock", "Lock now", show=False),
        # Home from anywhere, whatever a screen does with escape.
        Binding("f2", "open('home')", "Home", show=False, priority=True),
        # Focus moves as the app reads Tab, not when the field before has worked through its
        # queue: typed at speed, the next field's words used to land in the field being left
        # ("CR-999001police").
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(
        self,
        home: Path,
        *,
        passphrase: str | None = None,
        today: date | None = None,
        lock_after: float | None = None,
        remember_lock_after: bool = False,
        idle_clock: Callable[[], float] = time.monotonic,
        idle_check_every: float = 5.0,
    ) -> None:
        """`passphrase` unlocks at start (FIELDWORK_PASSPHRASE); `today` fixes the date (tests);
        `lock_after` (minutes) overrides the idle-lock setting for this run, and is stored for
        later runs only with `remember_lock_after` (--save); `idle_clock` is the
        monotonic clock the idle lock reads, injectable so tests need not wait."""
        super().__init__()
        self.home = Path(home)
        self.workspace: Workspace | None = None
        self._start_passphrase = passphrase
        self._today = today
        self._lock_override = lock_after
        self._remember_lock = remember_lock_after
        self.lock_after = DEFAULT_LOCK_MINUTES if lock_after is None else lock_after
        self._idle_clock = idle_clock
        self._idle_check_every = idle_check_every
        self._last_activity = idle_clock()
        self._restore: list[Callable[[Workspace], Screen[Any]]] = []
        self._locking = False
        self._nav_lock = asyncio.Lock()  # one screen change at a time (see _navigate)
        # Our theme from the first parse of the stylesheet: assigning `self.theme` runs Textual's
        # watcher, which parses every stylesheet again from scratch (~50 ms before the first
        # frame). So set it as App.__init__ sets the default theme: the value without watchers,
        # and the classes the watcher would have set.
        self.register_theme(FIELDWORK_THEME)
        self.set_reactive(App.theme, FIELDWORK_THEME.name)
        self.set_class(True, f"-theme-{FIELDWORK_THEME.name}", update=False)
        self.set_class(FIELDWORK_THEME.dark, "-dark-mode", update=False)
        self.set_class(not FIELDWORK_THEME.dark, "-light-mode", update=False)
        self.stylesheet.set_variables(self.get_css_variables())  # App.__init__ took the default theme's

    # --- start -----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's "Screenshot" writes the screen, case references and text included, to an SVG
        # file in clear: the store promises that nothing decrypted reaches the disk.
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command

    def today(self) -> date:
        return self._today or date.today()

    def on_mount(self) -> None:
        if self._idle_check_every > 0:
            self.set_interval(self._idle_check_every, self.check_idle_lock)
        passphrase, self._start_passphrase = self._start_passphrase, None  # used once, never kept
        if passphrase and self._has_store():
            # Given at start (FIELDWORK_PASSPHRASE, --passphrase-file): no prompt to draw, so open
            # straight away and draw Home first; a refused passphrase brings the prompt up.
            self._open_at_start(passphrase)
        else:
            self.push_screen(self._entry_screen())

    def _has_store(self) -> bool:
        from store.workspace import Workspace

        return Workspace.exists(self.home)

    @work(group="unlock", exclusive=True)
    async def _open_at_start(self, passphrase: str) -> None:
        from screens.opening import open_in_background, unlock_failure

        try:
            ws = await open_in_background(self.home, passphrase)
        except Exception as err:  # noqa: BLE001 - said on the prompt in plain words
            from screens.unlock import UnlockScreen  # only now: the prompt is not needed otherwise

            await self.push_screen(UnlockScreen(self.home, message=unlock_failure(err)))
            return
        await self.unlocked(ws)

    def _entry_screen(self, *, locked: bool = False) -> Screen[Any]:
        from screens.unlock import FirstRunScreen, UnlockScreen

        if self._has_store():
            return UnlockScreen(self.home, locked=locked)
        return FirstRunScreen(self.home)

    async def unlocked(self, ws: "Workspace") -> None:
        """Called by the unlock and first-run screens with the opened workspace."""
        from screens.home import HomeScreen

        from screens.qa_mode import is_audit

        if is_audit(ws):
            from screens.qa import QaHomeScreen as HomeScreen  # type: ignore[assignment]  # a partnership's Home

        self.workspace = ws
        self._apply_settings(ws)
        if len(self.screen_stack) > 1:
            await self.switch_screen(HomeScreen(ws))  # in place of the unlock or first-run screen
        else:
            await self.push_screen(HomeScreen(ws))  # opened at start, straight from the blank screen
        # Home may have been drawn from its kept facts: decrypt the records right after its first
        # frame, then build the SQL tables the SEA list filters on in a thread.
        self.call_after_refresh(self._finish_opening, ws)
        restore, self._restore = self._restore, []
        for recipe in restore:
            try:
                await self.push_screen(recipe(ws))
            except Exception as err:  # noqa: BLE001 - a screen that cannot come back must not lose the unlock
                self.notify(f"Could not reopen a screen after unlocking ({type(err).__name__}).", severity="warning")
                break
        self.touch()

    def _finish_opening(self, ws: "Workspace") -> None:
        self._read_later_css()
        if ws.ring is None:
            return  # locked meanwhile
        ws.load()
        # Every section's screen module, imported in the same thread: a first press of `g` or `f`
        # then finds it ready instead of importing it (20-40 ms each) before its first frame.
        modules = [s.module for s in sections_for(ws).values()] if ws.has_inspection else []

        def build() -> None:
            try:
                ws.projection
            except Exception:  # noqa: BLE001 - locked meanwhile: the next unlock builds it on use
                pass
            for module in modules:
                try:
                    importlib.import_module(module)
                except Exception:  # noqa: BLE001 - opening the section says what is wrong with it
                    pass

        self.run_worker(build, thread=True, group="warm-projection", exit_on_error=False)
        # Gaps, Findings and the letter read every SEA entry through the gap analysis's view of it
        # (store/derived.py keeps it): worked out now, here on the app's thread, where no write can
        # change the records under it, a moment after Home's first frame.
        self.set_timer(WARM_ENTRIES_AFTER, partial(self._warm_entries, ws))

    def _read_later_css(self) -> None:
        """Every screen's stylesheet not read at start, in one parse (only the new files: the
        others are in the stylesheet's parse cache), applied to what is on screen."""
        sheet = self.stylesheet
        here = Path(__file__).parent
        added = False
        for path in sorted(here.glob("*.tcss")):
            # Resolved as Textual resolves a screen's CSS_PATH, so that the screen finds it read.
            if not sheet.has_source(str(path.resolve()), ""):
                sheet.read(path.resolve())
                added = True
        if added:
            sheet.parse()
            sheet.update(self)

    def _warm_entries(self, ws: "Workspace") -> None:
        if ws.ring is None or self.workspace is not ws or not ws.has_inspection:
            return  # locked or changed meanwhile
        from store import gaps as store_gaps

        store_gaps.entries(ws)

    # --- settings --------------------------------------------------------------------------

    def _apply_settings(self, ws: "Workspace") -> None:
        stored = settings.read(ws)
        value = stored.get("lock_after_minutes")
        if isinstance(value, (int, float)) and value >= 0:
            self.lock_after = float(value)
        if self._lock_override is not None:
            # Given on the command line: for this run only, unless it was given with --save
            # (a one-off `--lock-after 0.2` must not quietly become every later start's setting).
            self.lock_after = max(float(self._lock_override), 0.0)
            if self._remember_lock:
                self.set_lock_after(self._lock_override)
        theme = stored.get("theme")
        if isinstance(theme, str) and theme != self.theme and theme in self.available_themes:
            self.theme = theme

    def set_lock_after(self, minutes: float) -> None:
        self.lock_after = max(float(minutes), 0.0)
        if self.workspace is not None:
            settings.update(self.workspace, lock_after_minutes=self.lock_after)

    def watch_theme(self, theme: str) -> None:
        # Picked from the palette: remembered on this laptop for the next start.
        ws = self.workspace
        if ws is not None and ws.ring is not None:
            settings.update(ws, theme=theme)

    # --- idle lock -------------------------------------------------------------------------

    def touch(self) -> None:
        self._last_activity = self._idle_clock()

    async def on_event(self, event: Any) -> None:
        from textual import events

        # Only what a person does counts as activity: keys, clicks, scrolls and mouse movement.
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.MouseMove)):
            self.touch()
        await super().on_event(event)  # keys are read in turn (screens/keys_in_turn.py)

    def _screens_changing(self) -> bool:
        return self._locking  # the idle lock runs from its timer, not from a worker

    async def _key_binding_now(self, event: Any) -> bool:
        """Run a key's binding as the app reads it, when the focused widget is not one that types.

        Textual runs a screen's binding only once the key has gone through the focused widget's
        queue and bubbled back to the app; the keys typed after it are meanwhile handed to the
        same widget, so `a` then "CR-999001" added a child with an empty form and the letters
        went nowhere. A list, table or menu has no use for a key its screen binds, so the binding
        runs now and the keys after it reach whatever the binding opened."""
        from textual.widgets import Input, TextArea

        focused = self.focused
        if focused is None or isinstance(focused, (Input, TextArea)) or self.screen.maximized is not None:
            return False
        # Priority bindings first, as Textual itself would (Concerns' Enter is "next step", not
        # the table's own select), then the rest from the focused widget up.
        return await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key)

    def idle_for(self) -> float:
        return self._idle_clock() - self._last_activity

    async def check_idle_lock(self) -> bool:
        """Lock if idle for longer than the setting; True when it locked."""
        if self.workspace is None or self.lock_after <= 0 or self._locking:
            return False
        if self.idle_for() < self.lock_after * 60:
            return False
        await self.lock()
        return True

    async def lock(self) -> None:
        """Save drafts, drop the keys and decrypted data, and show the unlock screen."""
        ws = self.workspace
        if ws is None or self._locking:
            return
        self._locking = True
        try:
            from screens.home import HomeScreen

            recipes: list[Callable[[Workspace], Screen[Any]]] = []
            for screen in self.screen_stack[1:]:
                await self._mounted(screen)
                await self._save_draft(screen)
                if isinstance(screen, HomeScreen):
                    continue
                recipe = reopen_recipe(screen) or self._section_recipe(screen)
                if recipe is not None:
                    recipes.append(recipe)
            self._restore = recipes
            with self.batch_update():
                while len(self.screen_stack) > 1:
                    await self.pop_screen()
            self.workspace = None
            # A toast can quote a case reference: none may outlive the lock.
            self.clear_notifications()
            from store.derived import forget

            forget(ws)  # what the screens worked out from the records goes with them
            ws.close()
            await self.push_screen(self._entry_screen(locked=True))
        finally:
            self._locking = False

    def _section_recipe(self, screen: Screen[Any]) -> Callable[["Workspace"], Screen[Any]] | None:
        """A section screen with no `reopen` of its own comes back as the section opened afresh."""
        cls = type(screen)
        if any(s.module == cls.__module__ and s.cls == cls.__name__ for s in SECTIONS.values()):
            return lambda ws: self.make_screen(cls)
        return None

    async def _save_draft(self, screen: Screen[Any]) -> None:
        save = getattr(screen, "save_draft", None)
        if not callable(save):
            return
        try:
            result = save()
            if inspect.isawaitable(result):
                await result
        except Exception as err:  # noqa: BLE001 - locking must happen even if a draft cannot be kept
            self.log.error(f"save_draft failed on {type(screen).__name__}: {err!r}")

    def action_lock(self) -> None:
        # Never exclusive: a second Ctrl+L cancelled the first lock half-way through its pops.
        if not self._locking:
            self.run_worker(self.lock(), group="lock")

    # --- navigation ------------------------------------------------------------------------

    def _home_index(self) -> int | None:
        from screens.home import HomeScreen

        for n, screen in enumerate(self.screen_stack):
            if isinstance(screen, HomeScreen):
                return n
        return None

    def make_screen(self, cls: type[Screen[Any]]) -> Screen[Any]:
        assert self.workspace is not None
        from screens.base import SectionScreen

        if issubclass(cls, SectionScreen):
            return cls(self.workspace, today=self._today)
        try:
            accepts_today = "today" in inspect.signature(cls.__init__).parameters
        except (TypeError, ValueError):
            accepts_today = False
        # Screens that date things take the app's today, so a fixed test date reaches them.
        if accepts_today and self._today is not None:
            return cls(self.workspace, today=self._today)  # type: ignore[call-arg]
        return cls(self.workspace)  # type: ignore[call-arg]

    async def open_section(self, name: str) -> Screen[Any] | None:
        """Show a section one level above Home (closing whatever was open); None if unavailable."""
        if self.workspace is None:
            return None
        if name == "home":
            await self._back_to_home()
            return self.screen
        section = SECTIONS[name]
        if not self.workspace.has_inspection and name != "sync":
            self.notify("The inspection's details have not arrived yet: sync with the lead's bundle first.", severity="warning")
            return None
        if name not in sections_for(self.workspace):
            self.notify(f"{section.label} is not part of this {self.workspace.framework.vocabulary['inspection']}.", severity="warning")
            return None
        try:
            cls = load_section(name)
        except Exception as err:  # noqa: BLE001 - a broken section must not take the app down
            self.notify(f"{section.label} could not be opened ({type(err).__name__}: {err}).", severity="error")
            return None
        if cls is None:
            if name == "sync":
                self.notify(SYNC_BY_CLI, severity="warning", timeout=8)
            else:
                self.notify(f"{section.label} is not available in this build yet.", severity="warning")
            return None
        if isinstance(self.screen, cls):
            return self.screen
        await self._back_to_home()
        screen = self.make_screen(cls)
        collect_after_first_frame(screen)
        await self.push_screen(screen)
        return screen

    async def _back_to_home(self) -> None:
        home = self._home_index()
        if home is None:
            return
        while len(self.screen_stack) > home + 1:
            await self._mounted(self.screen)
            await self._save_draft(self.screen)
            await self.pop_screen()

    @staticmethod
    async def _mounted(screen: Screen[Any]) -> None:
        """Wait (briefly) for a screen pushed a moment ago to finish mounting before it is popped:
        popped first, its on_mount ran on widgets already gone (found by the keyboard monkey,
        `o` then F2 at typing speed)."""
        try:
            await asyncio.wait_for(screen._mounted_event.wait(), timeout=2)
        except asyncio.TimeoutError:
            pass  # a screen that never mounts is popped all the same

    # Screen changes that take several steps run as app workers: awaiting them inside a message
    # handler would stall the very message loop that has to carry them out.

    def _navigate(self, step: Any) -> None:
        """Run a screen change in a worker, after any still under way. They used to be exclusive,
        which cancelled one half-way through its pops when keys came fast (F2 then a section key):
        the keyboard monkey's long run ended on a pop cancelled mid-way."""
        async def in_turn() -> None:
            async with self._nav_lock:
                await step

        self.run_worker(in_turn(), group="nav")

    def go(self, name: str) -> None:
        screen = self._section_from_home(name)
        if screen is not None:
            # Pushed now, not from a worker: keys typed straight after the section's key reach
            # the section instead of Home (where `s` or `o` would open another one).
            collect_after_first_frame(screen)
            self.push_screen(screen)
            return
        self._navigate(self.open_section(name))

    def _section_from_home(self, name: str) -> Screen[Any] | None:
        """The section's new screen when it goes straight on top of Home (the usual case)."""
        from screens.home import HomeScreen

        ws = self.workspace
        if ws is None or name == "home" or not isinstance(self.screen, HomeScreen) or self._nav_lock.locked():
            return None
        if not ws.has_inspection or name not in sections_for(ws):
            return None  # open_section says why
        try:
            cls = load_section(name)
        except Exception:  # noqa: BLE001 - open_section reports it
            return None
        return self.make_screen(cls) if cls is not None else None

    def action_open(self, name: str) -> None:
        self.go(name)

    def go_child(self, case_ref: str) -> None:
        self._navigate(self.open_child(case_ref))

    def go_raise_concern(self) -> None:
        self._navigate(self.raise_concern())

    async def open_child(self, case_ref: str) -> None:
        screen = await self.open_section("children")
        show = getattr(screen, "show_child", None)
        if callable(show):
            show(case_ref)

    def new_sea_entry(self) -> None:
        if self.workspace is None:
            return
        try:
            from screens.sea_editor import SeaEditorScreen
        except ImportError:
            self.notify("The SEA editor is not available in this build yet: use 'fieldwork sea add'.", severity="warning")
            return
        self.push_screen(self.make_screen(SeaEditorScreen))

    def action_new_sea_entry(self) -> None:
        self.new_sea_entry()

    async def raise_concern(self) -> None:
        screen = await self.open_section("concerns")
        start = getattr(screen, "action_raise_concern", None)
        if callable(start):
            result = start()
            if inspect.isawaitable(result):
                await result

    async def open_history(self, record_id: str) -> None:
        """Push the history of any record (awaitable, for screens that await it)."""
        if self.workspace is None:
            return
        from screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.workspace, record_id))

    def action_back(self) -> None:
        """Escape: one level back towards Home (a screen that binds escape itself wins)."""
        self._navigate(self.back())

    async def back(self) -> None:
        home = self._home_index()
        if home is None or len(self.screen_stack) <= home + 1:
            return
        # Leaving an editor by escape keeps its text as a draft rather than losing it.
        await self._mounted(self.screen)
        await self._save_draft(self.screen)
        await self.pop_screen()

    def action_move_focus(self, step: int) -> None:
        if step > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move_focus":
            from textual.widgets import TextArea

            # A text area that indents with Tab keeps it.
            focused = self.focused
            return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")
        return True

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))
