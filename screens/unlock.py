"""Unlock an inspection, or on first run create one or join one with an invite.

Unlocking derives a key from the passphrase with a deliberately slow, memory-hard KDF (about 0.3 s),
so it runs in a thread while a loading indicator shows. The version log's SQLite connection must
be made on the thread that uses it, so only the keyring is read in the background; the workspace
itself (decrypting into the projection) is then built on the app's thread.
"""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TabbedContent, TabPane

from screens.widgets.footer import KeysFooter
from fieldwork import free_text
from fieldwork import records as rec
from fieldwork.errors import FieldworkError
from fieldwork.passphrases import MIN_LENGTH, check_passphrase
from screens.opening import open_in_background, unlock_failure

if TYPE_CHECKING:
    from screens.app import FieldworkApp
    from store.workspace import Workspace

MIN_PASSPHRASE = MIN_LENGTH  # as `fieldwork init` asks


def hand_over(screen: Screen[Any], ws: "Workspace") -> None:
    """Give the workspace to the app on an app worker: the screen goes away as the app switches
    to Home, and a screen's own workers go with it."""
    app: FieldworkApp = screen.app  # type: ignore[assignment]
    app.run_worker(app.unlocked(ws), group="unlock", exclusive=True)


class UnlockScreen(Screen[None]):
    """The passphrase prompt. Wrong passphrase: a plain message, nothing changed."""

    CSS_PATH = "unlock.tcss"
    AUTO_FOCUS = "#passphrase"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", "Quit")]
    HELP = "Type the passphrase of this laptop's copy of the inspection and press Enter."

    def __init__(self, home: Path, *, passphrase: str | None = None, locked: bool = False, message: str = "") -> None:
        """`message`: why the passphrase is asked for again (the one given at start was refused)."""
        super().__init__()
        self.home = Path(home)
        self._auto = passphrase
        self.locked = locked
        self._message = message

    def compose(self) -> ComposeResult:
        from store.demo_marker import demo_passphrase

        with Center():
            with Vertical(id="unlock-box"):
                yield Static("Fieldwork", id="unlock-title")
                if self.locked:
                    yield Static(
                        "Locked: the keys and decrypted data were dropped from memory. "
                        "Unlock to carry on where you were.",
                        id="unlock-locked",
                    )
                yield Static(f"Inspection folder: {self.home}", id="unlock-home", classes="dim")
                phrase = demo_passphrase(self.home)
                if phrase:
                    yield Static(f"This is the demo inspection (made-up data). Its passphrase is: {phrase}", id="unlock-demo")
                yield Label("Passphrase")
                yield Input(password=True, id="passphrase", placeholder="your passphrase for this laptop")
                with Horizontal(id="unlock-buttons"):
                    yield Button("Unlock", id="unlock", variant="primary")
                yield Static("", id="unlock-message")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self._message:
            self._say(self._message)
        if self._auto:
            passphrase, self._auto = self._auto, None
            self.unlock(passphrase)

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock")
    def _submit(self) -> None:
        box = self.query_one("#passphrase", Input)
        if not box.value:
            self._say("Type the passphrase first.")
            return
        self.unlock(box.value)

    def _say(self, message: str, *, error: bool = True) -> None:
        line = self.query_one("#unlock-message", Static)
        line.update(message)
        line.set_class(error, "-error")

    @work(exclusive=True, group="unlock")
    async def unlock(self, passphrase: str) -> None:
        box = self.query_one("#unlock-box")
        box.loading = True
        self._say("Unlocking…", error=False)
        try:
            ws = await open_in_background(self.home, passphrase)
        except Exception as err:  # noqa: BLE001 - a damaged store is said plainly, never a traceback
            box.loading = False
            self._say(unlock_failure(err))
            field = self.query_one("#passphrase", Input)
            field.value = ""
            field.focus()
            return
        hand_over(self, ws)


def _packs() -> list[Any]:
    from fieldwork.frameworks import shipped_packs

    return shipped_packs()


AUDITOR_CHOICE = "None: a partnership auditor"


class FirstRunScreen(Screen[None]):
    """No inspection here yet: create one (and lead it) or join one with an invite."""

    CSS_PATH = "unlock.tcss"
    # The two tabs must be reachable without the mouse, from inside any field.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "show_tab('tab-new')", "New inspection"),
        Binding("ctrl+o", "show_tab('tab-join')", "Join with an invite"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
    HELP = (
        "New inspection (Ctrl+N): you become its lead. Join (Ctrl+O): open the invite file the lead gave "
        "you, with the one-time invite passphrase they told you separately. Tab moves between fields."
    )

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = Path(home)

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#first-tabs", TabbedContent).active = tab
        first = "#new-area" if tab == "tab-new" else "#join-file"
        found = self.query(first)
        if found:
            found.first().focus()

    def compose(self) -> ComposeResult:
        inspectorates = [(label, key) for key, label in rec.INSPECTORATES.items()]
        with Vertical(id="first-run"):
            yield Static(f"Fieldwork — no inspection in {self.home} yet", id="first-title")
            with TabbedContent(id="first-tabs"):
                with TabPane("New inspection", id="tab-new"):
                    with VerticalScroll():
                        with Grid(classes="form"):
                            yield Label("Local area")
                            yield Input(id="new-area", placeholder="the local authority area", compact=True)
                            yield Label("Deep-dive theme")
                            yield Input(id="new-theme", placeholder="e.g. Neglect", compact=True)
                            yield Label("Notified on")
                            yield Input(date.today().isoformat(), id="new-notified", placeholder="YYYY-MM-DD (working day 0)", compact=True)
                            yield Label("Your initials")
                            yield Input(id="new-initials", placeholder="e.g. AB", compact=True, max_length=10)
                            yield Label("Inspectorate")
                            yield Select(inspectorates, id="new-inspectorate", value="ofsted", allow_blank=False, compact=True)
                            yield Label("Passphrase")
                            yield Input(id="new-pass", password=True, placeholder=f"at least {MIN_PASSPHRASE} characters", compact=True)
                            yield Label("Again")
                            yield Input(id="new-pass2", password=True, placeholder="the same again", compact=True)
                        yield Label("Framework packs (space to tick; the front door and one deep-dive theme)")
                        yield SelectionList[str](
                            *[(f"{p.title}", p.id, p.id == "jtai-2016-front-door") for p in _packs() if p.criteria],
                            id="new-packs",
                        )
                        yield Button("Create the inspection", id="create", variant="primary")
                with TabPane("Join with an invite", id="tab-join"):
                    with VerticalScroll():
                        yield Static(
                            "The lead exports an invite file and tells you its one-time invite passphrase "
                            "separately. Your own passphrase protects your copy on this laptop.",
                            classes="dim",
                        )
                        with Grid(classes="form"):
                            yield Label("Invite file")
                            yield Input(id="join-file", placeholder="path to the invite file the lead gave you", compact=True)
                            yield Label("Invite passphrase")
                            yield Input(id="join-invite-pass", password=True, compact=True)
                            yield Label("Your initials")
                            yield Input(id="join-initials", placeholder="e.g. CD", compact=True, max_length=10)
                            yield Label("Inspectorate")
                            yield Select(
                                [*inspectorates, (AUDITOR_CHOICE, "")], id="join-inspectorate", value="ofsted", allow_blank=False, compact=True
                            )
                            yield Label("Your agency")
                            yield Input(id="join-agency", placeholder="for a partnership audit, e.g. Health", compact=True)
                            yield Label("Your passphrase")
                            yield Input(id="join-pass", password=True, placeholder=f"at least {MIN_PASSPHRASE} characters", compact=True)
                            yield Label("Again")
                            yield Input(id="join-pass2", password=True, compact=True)
                        yield Button("Join the inspection", id="join", variant="primary")
            yield Static("", id="first-message")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#new-area", Input).focus()

    @on(SelectionList.SelectedChanged, "#new-packs")
    def _theme_from_pack(self) -> None:
        # Ticking a deep-dive pack names the theme, unless one was typed already.
        from fieldwork.frameworks import load_pack

        theme = self.query_one("#new-theme", Input)
        if theme.value.strip():
            return
        for pack_id in self.query_one("#new-packs", SelectionList).selected:
            pack = load_pack(pack_id)
            if pack.kind == "deep-dive":
                title = pack.title.split(":", 1)[-1].strip()
                theme.value = title[:1].upper() + title[1:]
                return

    def _say(self, message: str, *, error: bool = True) -> None:
        line = self.query_one("#first-message", Static)
        line.update(message)
        line.set_class(error, "-error")

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _passphrase(self, first: str, second: str) -> str:
        one = check_passphrase(self.query_one(first, Input).value)  # the CLI's rule (issue 12)
        if self.query_one(second, Input).value != one:
            raise FieldworkError("The two passphrases differ. Nothing was created.")
        return one

    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        from fieldwork.frameworks import load_pack

        try:
            packs = list(self.query_one("#new-packs", SelectionList).selected)
            if not packs:
                raise FieldworkError("Tick at least one framework pack (the front door, ESN 01-22, is usual).")
            kinds = {load_pack(p).kind for p in packs}
            inspection = rec.inspection_payload(
                area=self._value("#new-area"),
                theme=self._value("#new-theme"),
                notified=self._value("#new-notified"),
                packs=packs,
                mode="audit" if "audit" in kinds else "inspection",
            )
            # Para 80 as everywhere; Ctrl+O is Join on this screen, so a theme that only looks like
            # a name is confirmed where the inspection can also be made: 'fieldwork init'.
            found = free_text.names_in("inspection", inspection)
            if found:
                raise free_text.refusal(found, "with 'fieldwork init ... --confirm-no-names'")
            me = rec.inspector_payload(
                name=self._value("#new-initials"),
                inspectorate=str(self.query_one("#new-inspectorate", Select).value),
                role="lead",
            )
            passphrase = self._passphrase("#new-pass", "#new-pass2")
        except FieldworkError as err:
            self._say(str(err))
            return
        self.create(inspection, me, passphrase)

    def create(self, inspection: dict[str, Any], me: dict[str, Any], passphrase: str) -> None:
        from screens.recovery_sheet import lead_secrets
        from store import crypto
        from store.workspace import Workspace

        code, paper = crypto.new_recovery_code(), crypto.new_signing_key()
        shown: list[str] = [code]

        def make() -> None:
            ws = Workspace.create(self.home, passphrase, inspection=inspection, me=me, paper_key=paper, recovery_code=code)
            shown.append(lead_secrets(ws, paper))
            ws.close()

        self.make_and_open(make, passphrase, f"Created the inspection of {inspection['area']}; you are its lead.", secrets=shown)

    @work(exclusive=True, group="unlock")
    async def make_and_open(self, make: Callable[[], None], passphrase: str, done: str, secrets: list[str] | None = None) -> None:
        """Create a store on a thread (its database connection is made and closed there), then
        open it here as an unlock does. `secrets`: the recovery code (and the lead's paper key),
        shown once before Home."""
        self.loading = True
        try:
            await asyncio.to_thread(make)
            ws = await open_in_background(self.home, passphrase)
        except FieldworkError as err:
            self.loading = False
            self._say(str(err))
            return
        self.app.notify(done)
        if secrets:
            from screens.recovery_sheet import show_once

            show_once(self, secrets, lambda: hand_over(self, ws))
            return
        hand_over(self, ws)

    @on(Button.Pressed, "#join")
    def _join(self) -> None:
        try:
            from sync import invite
        except ImportError:
            self._say("Joining from the app is not available in this build: use 'fieldwork join' in a terminal.")
            return
        path = Path(self._value("#join-file")).expanduser()
        try:
            if not self._value("#join-file"):
                raise FieldworkError("Give the path of the invite file the lead sent you.")
            try:
                data = path.read_bytes()
            except OSError as err:
                raise FieldworkError(f"Cannot read the invite file {path}: {err.strerror}.") from None
            name = self._value("#join-initials")
            inspectorate = str(self.query_one("#join-inspectorate", Select).value) or None
            agency = self._value("#join-agency") or None
            # Refuse bad input before the slow part. A partnership auditor joins by agency.
            from fieldwork.audit import auditor_payload

            auditor_payload(name=name, agency=agency, inspectorate=inspectorate)
            passphrase = self._passphrase("#join-pass", "#join-pass2")
        except FieldworkError as err:
            self._say(str(err))
            return
        self.join(invite, data, self.query_one("#join-invite-pass", Input).value, name, inspectorate, passphrase, agency)

    def join(
        self, invite: Any, data: bytes, invite_pass: str, name: str, inspectorate: str | None, passphrase: str, agency: str | None = None
    ) -> None:
        from store import crypto

        code = crypto.new_recovery_code()

        def make() -> None:
            opened = invite.open_invite(data, invite_pass)
            invite.join(self.home, opened, passphrase, name=name, inspectorate=inspectorate, agency=agency, recovery_code=code).close()

        self.make_and_open(make, passphrase, "Joined the inspection. Sync with the team to receive everyone's records.", secrets=[code])
