"""Conflicts: records two laptops edited differently, their versions side by side, and a person's
choice of what to keep (DESIGN "Records are chains of versions": never resolved silently).

Keeping one version or writing a merged one both go through `Workspace.resolve`, which writes a
version whose parents are all the heads, so the losing versions stay in the history.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from fieldwork import free_text
from fieldwork import records as rec
from fieldwork import word_diff
from fieldwork.errors import FieldworkError
from screens.base import SectionScreen, after_typing
from screens.dialogs import Confirm
from screens.widgets.footer import KeysFooter
from screens.widgets.not_names import NOT_NAMES_BINDING, NotNames, refusal_of
from screens.widgets.values import describe, label, local_time, show

if TYPE_CHECKING:
    from screens.app import FieldworkApp
    from store.workspace import Conflict, ConflictHead, Workspace

MAX_KEEP_KEYS = 9
# Bookkeeping fields shown only when the versions disagree on them.
QUIET = {"confirmed_no_names"}


def winner_of(conflict: "Conflict") -> "ConflictHead":
    """The head the store shows until someone chooses (the one a merge starts from)."""
    puts = [h for h in conflict.heads if h.op == "put"] or list(conflict.heads)
    return next((h for h in puts if h.version == conflict.winner), puts[0])


def marked_text(text: str, other: str) -> Content:
    """`text` with the words that differ from `other` highlighted, so a reader sees at once
    what the two versions disagree on inside a paragraph."""
    parts: list[str | tuple[str, str]] = []
    for piece in word_diff.diff(text, other):
        if not piece.mine:
            parts.append(("‸", "b $error"))  # the other version has words here that this one lacks
        else:
            parts.append(piece.mine if piece.same else (piece.mine, "b reverse $warning"))
        parts.append(" ")
    return Content.assemble(*parts).rstrip()


def head_label(head: "ConflictHead", n: int) -> str:
    return f"{n} · {head.author_name or head.author[:8]} · {local_time(head.when)}"


def head_view(ws: "Workspace", conflict: "Conflict", head: "ConflictHead", n: int) -> Content:
    """One version's fields, the ones the versions disagree on marked ≠ and highlighted."""
    lines = [Content.from_markup("[b $accent]$h[/]", h=head_label(head, n))]
    if head.op == "delete":
        lines.append(Content.from_markup("[b $error]≠ deletes the record[/]"))
        return Content("\n").join(lines)
    keys = sorted({k for h in conflict.heads for k in h.payload}, key=lambda k: (k not in conflict.differing, k))
    winner = winner_of(conflict)
    # Against the winner; the winner against the first other version.
    against = winner if head is not winner else next((h for h in conflict.heads if h is not winner and h.op == "put"), winner)
    for key in keys:
        if key in QUIET and key not in conflict.differing:
            continue
        value = show(ws, key, head.payload.get(key))
        if key == "text" and key in conflict.differing and against is not head:
            lines.append(Content.from_markup("[b reverse $warning]≠ $k[/] [dim](words that differ marked)[/]", k=label(key)))
            lines.append(marked_text(str(head.payload.get(key, "")), str(against.payload.get(key, ""))))
        elif key in conflict.differing:
            lines.append(Content.from_markup("[b reverse $warning]≠ $k[/] [b]$v[/]", k=label(key), v=value))
        else:
            lines.append(Content.from_markup("[dim]  $k[/] $v", k=label(key), v=value))
    return Content("\n").join(lines)


class MergeScreen(ModalScreen[bool]):
    """Write a merged version: each differing field picked from a version, and the text starting
    from the winner's words with the other versions' differing passages shown beside it to take
    in by hand. Never a concatenation: saved unedited, it is the winner's text."""

    AUTO_FOCUS = "#m-text, Select"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # under 24 rows the text box is shorter
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save merge", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NOT_NAMES_BINDING,
    ]

    def __init__(self, ws: "Workspace", conflict: "Conflict") -> None:
        super().__init__()
        self.ws = ws
        self.conflict = conflict
        self.heads = [h for h in conflict.heads if h.op == "put"]
        self.winner = winner_of(conflict)

    def compose(self) -> ComposeResult:
        winner = self.winner
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
                    yield Label(f"Text: {winner.author_name or 'the winner'}'s, to edit; the other version's differing words below",
                                id="m-text-label")
                    yield TextArea(str(winner.payload.get("text", "")), id="m-text", soft_wrap=True, compact=True)
                    yield Static(self._passages(), id="m-passages")
            yield NotNames()
            yield Static("", id="merge-message")
            yield Static(Content.from_markup("[b]^s[/] save merge · [b]esc[/] cancel"), id="merge-keys")

    def _passages(self) -> Content:
        """What each other version says where it differs from the winner's text."""
        mine = str(self.winner.payload.get("text", ""))
        lines: list[Content] = []
        for head in self.heads:
            if head is self.winner:
                continue
            who = head.author_name or head.author[:8]
            for piece in word_diff.differing(mine, str(head.payload.get("text", ""))):
                if not piece.theirs:
                    lines.append(Content.from_markup("[dim]$who leaves out:[/] $w", who=who, w=piece.mine))
                elif not piece.mine:
                    lines.append(Content.from_markup("[dim]$who adds:[/] [b $warning]$t[/]", who=who, t=piece.theirs))
                else:
                    lines.append(Content.from_markup("[dim]$who has[/] [b $warning]$t[/] [dim]for[/] $w", who=who, t=piece.theirs, w=piece.mine))
        return Content("\n").join(lines) if lines else Content("The texts differ only in spacing.")

    def merged(self) -> dict[str, Any]:
        payload = dict(self.winner.payload)
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

    def action_not_names(self) -> None:
        self.query_one(NotNames).confirm()

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        payload = self.merged()
        kind = self.conflict.kind
        if kind == "sea":
            from store.sea import rules

            try:
                payload = rec.sea_payload(payload, rules(self.ws), base=payload)
            except FieldworkError as err:
                self._say(str(err))
                return
        # Any kind's free text (para 80): what the merge writes anew, not what a version already held.
        found = free_text.names_in(kind, payload, before=[h.payload for h in self.heads])
        if not self.query_one(NotNames).allows(free_text.words(found)):
            self._say(refusal_of(found))
            return
        if found and "confirmed_no_names" in payload:
            prior = payload["confirmed_no_names"]
            fields = {f.field for f in found}
            payload["confirmed_no_names"] = sorted(set(prior) | fields) if isinstance(prior, list) else True
        try:
            self.ws.resolve(self.conflict.record, payload=payload)
        except FieldworkError as err:
            self._say(str(err))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConflictsScreen(SectionScreen):
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
    ]

    def __init__(self, workspace: "Workspace", *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.conflicts: list[Conflict] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="conflicts-title")
        yield OptionList(id="conflict-list")
        yield Horizontal(id="conflict-heads")
        yield KeysFooter()

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
        # With nothing in conflict the keys that would act on one are not offered at all.
        if action in ("keep", "merge", "history") and not self.conflicts:
            return False
        return True

    async def action_history(self) -> None:
        conflict = self.current
        if conflict is None:
            return
        app: FieldworkApp = self.app  # type: ignore[assignment]
        await app.open_history(conflict.record)
