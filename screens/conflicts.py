"""Conflicts: records two laptops edited differently, their versions side by side, and a person's
choice of what to keep (DESIGN "Records are chains of versions": never resolved silently).

Keeping one version or writing a merged one both go through `Workspace.resolve`, which writes a
version whose parents are all the heads, so the losing versions stay in the history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from fieldwork import records as rec
from fieldwork.errors import FieldworkError
from screens.widgets.values import describe, label, local_time, show

if TYPE_CHECKING:
    from screens.app import FieldworkApp
    from store.workspace import Conflict, ConflictHead, Workspace

MAX_KEEP_KEYS = 9
# Bookkeeping fields shown only when the versions disagree on them.
QUIET = {"confirmed_no_names"}


def merge_texts(texts: list[str]) -> str:
    """A starting point for a merged text: when each version added to a shared beginning, the
    beginning once and every addition; when one contains another, the longer; otherwise each text
    in turn. The inspector edits it before saving."""
    merged = ""
    for text in texts:
        if not merged or text in merged:
            merged = merged or text
            continue
        if merged in text:
            merged = text
            continue
        common = 0
        for a, b in zip(merged, text):
            if a != b:
                break
            common += 1
        # Back to a word boundary, so an addition never starts mid-word.
        while common and not merged[common - 1].isspace() and merged[common - 1] not in ".;,":
            common -= 1
        if common >= 20:
            merged = merged.rstrip() + " " + text[common:].strip()
        else:
            merged = merged.rstrip() + "\n\n" + text.strip()
    return merged


def head_label(head: "ConflictHead", n: int) -> str:
    return f"{n} · {head.author_name or head.author[:8]} · {local_time(head.when)}"


def head_view(ws: "Workspace", conflict: "Conflict", head: "ConflictHead", n: int) -> Content:
    """One version's fields, the ones the versions disagree on marked ≠ and highlighted."""
    lines = [Content.from_markup("[b $accent]$h[/]", h=head_label(head, n))]
    if head.op == "delete":
        lines.append(Content.from_markup("[b $error]≠ deletes the record[/]"))
        return Content("\n").join(lines)
    keys = sorted({k for h in conflict.heads for k in h.payload}, key=lambda k: (k not in conflict.differing, k))
    for key in keys:
        if key in QUIET and key not in conflict.differing:
            continue
        value = show(ws, key, head.payload.get(key))
        if key in conflict.differing:
            lines.append(Content.from_markup("[b reverse $warning]≠ $k[/] [b]$v[/]", k=label(key), v=value))
        else:
            lines.append(Content.from_markup("[dim]  $k[/] $v", k=label(key), v=value))
    return Content("\n").join(lines)


class Confirm(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MergeScreen(ModalScreen[bool]):
    """Write a merged version: pick each differing field from a version; the text is editable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save merge", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, ws: "Workspace", conflict: "Conflict") -> None:
        super().__init__()
        self.ws = ws
        self.conflict = conflict
        self.heads = [h for h in conflict.heads if h.op == "put"]
        self._confirm_names = False

    def compose(self) -> ComposeResult:
        winner = next((h for h in self.heads if h.version == self.conflict.winner), self.heads[0])
        with Vertical(id="merge-box"):
            yield Static(f"Merge: {describe(self.ws, self.conflict.record)}", id="merge-title")
            with VerticalScroll(id="merge-fields"):
                with Grid(classes="form"):
                    for key in self.conflict.differing:
                        if key == "text" or key == "(deleted)":
                            continue
                        options = []
                        for n, head in enumerate(self.heads, start=1):
                            shown = show(self.ws, key, head.payload.get(key))
                            options.append((f"{n} {head.author_name}: {shown}"[:60], str(n - 1)))
                        yield Label(label(key))
                        yield Select(options, value=str(self.heads.index(winner)), allow_blank=False, id=f"m-{key}", compact=True)
                if "text" in self.conflict.differing:
                    yield Label("Text — both versions' words, to edit into one")
                    yield TextArea(merge_texts([str(h.payload.get("text", "")) for h in self.heads]), id="m-text", soft_wrap=True)
            yield Static("", id="merge-message")
            with Horizontal(id="merge-buttons"):
                yield Button("Save merge (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def merged(self) -> dict[str, Any]:
        winner = next((h for h in self.heads if h.version == self.conflict.winner), self.heads[0])
        payload = dict(winner.payload)
        for key in self.conflict.differing:
            if key == "text" or key == "(deleted)":
                continue
            choice = self.query_one(f"#m-{key}", Select).value
            head = self.heads[int(str(choice))]
            if key in head.payload:
                payload[key] = head.payload[key]
            else:
                payload.pop(key, None)
        if "text" in self.conflict.differing:
            payload["text"] = self.query_one("#m-text", TextArea).text.strip()
        return payload

    def _say(self, message: str) -> None:
        self.query_one("#merge-message", Static).update(Content.from_markup("[b $error]$m[/]", m=message))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        payload = self.merged()
        if self.conflict.kind == "sea":
            from fieldwork.sea_checks import blocking_names, check_sea
            from store.sea import calendar, rules

            try:
                payload = rec.sea_payload(payload, rules(self.ws), base=payload)
            except FieldworkError as err:
                self._say(str(err))
                return
            names = blocking_names(check_sea(payload, calendar=calendar(self.ws)))
            if names and not payload.get("confirmed_no_names") and not self._confirm_names:
                self._confirm_names = True
                self._say(
                    f"Possible personal name {', '.join(repr(n) for n in names)}: use case references, initials and job "
                    "titles (para 80). Press Save again to confirm it is not a name."
                )
                return
            if names:
                payload["confirmed_no_names"] = True
        try:
            self.ws.resolve(self.conflict.record, payload=payload)
        except FieldworkError as err:
            self._say(str(err))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ConflictsScreen(Screen[None]):
    """Each conflicted record, its versions side by side, and the choice of what to keep."""

    CSS_PATH = "conflicts.tcss"
    TITLE = "Conflicts"
    HELP = (
        "Two laptops edited the same record from the same version. Nothing is settled until you choose: "
        "keep one version (the others stay in the history) or merge them into a new one. "
        "Fields marked ≠ differ."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"keep({n})", f"Keep {n}", show=n <= 2) for n in range(1, MAX_KEEP_KEYS + 1)],
        Binding("m", "merge", "Merge"),
        Binding("h", "history", "History"),
        Binding("escape", "app.back", "Back", show=False),
    ]

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__()
        self.workspace = workspace
        self.conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="conflicts-title")
        yield OptionList(id="conflict-list")
        yield Horizontal(id="conflict-heads")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_conflicts()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.workspace.ring is not None:
            self.refresh_conflicts()

    def refresh_conflicts(self) -> None:
        ws = self.workspace
        options = self.query_one(OptionList)
        keep = self.current.record if self.current else None
        self.conflicts = ws.conflicts()
        options.clear_options()
        for conflict in self.conflicts:
            who = ", ".join(h.author_name or h.author[:5] for h in conflict.heads)
            options.add_option(
                Option(
                    Content.from_markup(
                        "[b]$what[/] [dim]— $n versions by $who; differ in: $fields[/]",
                        what=describe(ws, conflict.record),
                        n=str(len(conflict.heads)),
                        who=who,
                        fields=", ".join(label(f) for f in conflict.differing) or "nothing",
                    ),
                    id=conflict.record,
                )
            )
        count = len(self.conflicts)
        if count:
            title = f"{count} record{'s' if count != 1 else ''} in conflict: press a version's number to keep it, m to merge"
        else:
            title = "No conflicts: every record has one current version."
        self.query_one("#conflicts-title", Static).update(title)
        self.refresh_bindings()
        if self.conflicts:
            index = next((n for n, c in enumerate(self.conflicts) if c.record == keep), 0)
            options.highlighted = index
        self._show_heads()

    @property
    def current(self) -> "Conflict | None":
        if not self.conflicts:
            return None
        index = self.query_one(OptionList).highlighted
        return self.conflicts[index] if index is not None and index < len(self.conflicts) else self.conflicts[0]

    @on(OptionList.OptionHighlighted, "#conflict-list")
    def _highlighted(self) -> None:
        self._show_heads()

    def _show_heads(self) -> None:
        box = self.query_one("#conflict-heads", Horizontal)
        box.remove_children()
        conflict = self.current
        if conflict is None:
            return
        panes = []
        for n, head in enumerate(conflict.heads, start=1):
            pane = VerticalScroll(Static(head_view(self.workspace, conflict, head, n)), classes="head")
            panes.append(pane)
        box.mount_all(panes)

    def action_keep(self, n: int) -> None:
        conflict = self.current
        if conflict is None:
            self.notify("There is no conflict to resolve.", severity="warning")
            return
        if not 1 <= n <= len(conflict.heads):
            self.notify(f"This record has {len(conflict.heads)} versions.", severity="warning")
            return
        head = conflict.heads[n - 1]
        who = head.author_name or head.author[:8]
        what = "deletion" if head.op == "delete" else "version"
        question = (
            f"Keep {who}'s {what} ({local_time(head.when)}) of {describe(self.workspace, conflict.record)}? "
            "The other versions stay in the history."
        )

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.workspace.resolve(conflict.record, keep=head.version)
            except FieldworkError as err:
                self.notify(str(err), severity="error")
                return
            self.notify(f"Kept {who}'s {what}. The conflict is settled on this laptop; sync to share it.")
            self.refresh_conflicts()

        self.app.push_screen(Confirm(question, yes=f"Keep {who}'s"), answer)

    def action_merge(self) -> None:
        conflict = self.current
        if conflict is None:
            self.notify("There is no conflict to resolve.", severity="warning")
            return
        if any(h.op == "delete" for h in conflict.heads):
            self.notify("One version deletes the record: keep one of them instead of merging.", severity="warning")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.notify("Merged version saved. Sync to share it.")
                self.refresh_conflicts()

        self.app.push_screen(MergeScreen(self.workspace, conflict), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With nothing in conflict the footer dims the keys that would act on one.
        if action in ("keep", "merge", "history") and not self.conflicts:
            return None
        return True

    async def action_history(self) -> None:
        conflict = self.current
        if conflict is None:
            return
        app: FieldworkApp = self.app  # type: ignore[assignment]
        await app.open_history(conflict.record)
