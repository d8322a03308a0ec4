"""Findings: the Thursday meeting (para 39) on one screen, and the letter draft out of it.

Findings are grouped by strand and type. Beside each, the judgement mix of the SEA entries behind it,
and a flag where most of them point the other way (fieldwork.findings.balance: the same rule the CLI
warns with). Add, edit and agree findings here, pick their supporting entries from the SEA, open any
entry, and export the letter draft or the keep-in-touch summary. Every rule runs in
fieldwork.findings through store.findings, exactly as the `fieldwork finding` verbs do.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea, Tree
from textual.widgets.selection_list import Selection

from fieldwork import findings as fnd
from fieldwork import free_text
from fieldwork import records as rec
from fieldwork.errors import FieldworkError, ValidationError
from fieldwork.free_text import NameFlag, words
from fieldwork.gaps import Entry
from screens import settings
from screens.judgement_style import judgement_colours
from screens.state_style import state_style
from screens.base import SectionScreen, after_typing
from screens.gaps import EntryListScreen
from screens.widgets.footer import KeysFooter
from screens.widgets.not_names import NOT_NAMES_BINDING, NotNames, refusal_of
from screens.widgets.picker import Picker
from store import findings as store
from store import gaps as store_gaps
from store.sea_query import EvidenceIndex
from store.workspace import Workspace

CSS = "findings.tcss"

_SHORT = {"strength": "Str", "development": "Dev", "concern": "Con", "context": "Ctx"}
SHOWN = 100  # unticked entries listed in the picker at once
_GROUPS = {"strength": "Strengths", "development": "Areas for development", "priority": "Areas for priority action"}


def mix_bar(counts: Mapping[str, int], colours: Mapping[str, str]) -> Text:
    """The judgement mix of a finding's evidence as coloured blocks, with the numbers in words too
    (colour alone fails on some screens and some eyes). `colours`: judgement_colours(app)."""
    out = Text()
    for judgement in rec.JUDGEMENTS:
        n = counts.get(judgement, 0)
        if n:
            out.append("█" * min(n, 8), style=colours.get(judgement, ""))
            out.append(f" {n} {_SHORT[judgement]}  ")
    return out


def entry_line(e: Entry, colours: Mapping[str, str]) -> Text:
    text = Text()
    text.append(f"{_SHORT.get(e.judgement, e.judgement[:3]):<4}", style=colours.get(e.judgement, ""))
    text.append(f"{','.join(e.criteria)[:14]:<15}{e.evidence_at[5:10]:<6}")
    return text


# --- forms -------------------------------------------------------------------------------------


class FindingForm(ModalScreen[str | None]):
    """Add or edit a finding; dismisses with the finding's id once the store accepts it. A refusal
    (no supporting entry, a possible name, an unknown criterion) is shown here and nothing typed is lost."""

    CSS_PATH = CSS
    AUTO_FOCUS = "#field-type"  # the first field, so nothing typed as the form opens is lost
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NOT_NAMES_BINDING,
    ]

    def __init__(self, workspace: Workspace, finding_id: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.finding_id = finding_id
        current = workspace.require(finding_id, store.KIND).payload if finding_id else {}
        self.current = current
        # In the order the evidence was gathered, so the picker and the appendix read in time order.
        self.entries = dict(sorted(store_gaps.entries_by_id(workspace).items(),
                                   key=lambda kv: (kv[1].evidence_at, kv[1].recorded_at, kv[0])))
        self.texts = {r.id: " ".join(str(r.payload.get("text", "")).split()) for r in workspace.records("sea")}
        # Built once: the filter runs on every keystroke over thousands of entries, in the SEA
        # list's own language (esn:7 j:strength child:CR-104233 late, and words).
        self.index = EvidenceIndex(workspace)
        self.chosen: set[str] = set(current.get("sea", []))
        self.hidden = 0
        self.problems: tuple[str, ...] = ()
        self.refused: dict[str, Any] | None = None  # the form as it was when last refused

    def on_mount(self) -> None:
        self._count()

    def compose(self) -> ComposeResult:
        framework = self.workspace.framework
        c = self.current
        agencies = sorted({a for e in self.entries.values() for a in e.agencies}, key=str.casefold)
        with Vertical(id="finding-form"):
            yield Static("Edit finding" if self.finding_id else "New finding", id="form-title")
            with VerticalScroll(id="form-fields"):
                with Horizontal(classes="form-row"):
                    yield Label("Type", classes="form-label")
                    yield Select([(label, key) for key, label in fnd.FINDING_TYPES.items()], value=c.get("type", "development"),
                                 allow_blank=False, compact=True, id="field-type")
                with Horizontal(classes="form-row"):
                    yield Label("Scope", classes="form-label")
                    yield Input(c.get("scope", fnd.PARTNERSHIP), placeholder="partnership, or the agency it is about",
                                suggester=SuggestFromList([fnd.PARTNERSHIP, *agencies], case_sensitive=False),
                                compact=True, id="field-scope")
                with Horizontal(classes="form-row"):
                    yield Label("Strand", classes="form-label")
                    yield Select([(s.label, s.id) for s in framework.strands], value=c.get("strand", Select.NULL),
                                 prompt="from its criteria or evidence", compact=True, id="field-strand")
                with Horizontal(classes="form-row"):
                    yield Label("Criteria", classes="form-label")
                    yield Input(", ".join(c.get("criteria", [])), placeholder="e.g. 7, 13 (blank: its evidence's)",
                                compact=True, id="field-criteria")
                with Horizontal(classes="form-row form-text"):
                    yield Label("Statement", classes="form-label")
                    yield TextArea(c.get("text", ""), compact=True, soft_wrap=True, show_line_numbers=False, id="field-text")
                with Horizontal(classes="form-row"):
                    yield Label("Evidence", classes="form-label")
                    yield Input(placeholder="filter: esn:7 j:strength child:CR-104233 late, words", compact=True, id="field-filter")
                yield Picker[str](*self._options(""), id="field-sea", compact=True)
                yield Static("", id="form-count")
            yield NotNames()
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Save ^s", variant="primary", id="save", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)

    def _matching(self, query: str) -> list[str]:
        """The entries matching the filter, ticked ones first, at most SHOWN of the rest: thousands
        of options would make every keystroke slow, and nobody scrolls through them anyway."""
        flt = self.index.parse(query)
        self.problems = flt.problems
        matches = self.index.run(flt, self.entries) if not flt.empty else list(self.entries)
        ticked = [i for i in matches if i in self.chosen]
        others = [i for i in matches if i not in self.chosen]
        self.hidden = max(0, len(others) - SHOWN)
        return ticked + others[:SHOWN]

    def _shown(self) -> list[str]:
        picker = self.query_one("#field-sea", Picker)
        return [picker.get_option_at_index(i).value for i in range(picker.option_count)]

    def _options(self, query: str) -> list[Selection[str]]:
        out: list[Selection[str]] = []
        colours = judgement_colours(self.app)
        for entry_id in self._matching(query):
            prompt = entry_line(self.entries[entry_id], colours)
            prompt.append(self.texts.get(entry_id, ""))
            # One line each, inside the form (100 columns at most) less its border and the tick box.
            prompt.truncate(min(self.app.size.width, 100) - 12, overflow="ellipsis")
            out.append(Selection(prompt, entry_id, entry_id in self.chosen))
        return out

    def _count(self) -> None:
        more = f" · {self.hidden} more: type to narrow" if self.hidden else ""
        problem = f" · {self.problems[0]}" if self.problems else ""
        self.query_one("#form-count", Static).update(Text(f"{len(self.chosen)} ticked{more}{problem}", no_wrap=True, overflow="ellipsis"))

    @on(Input.Changed, "#field-filter")
    def _filter(self, event: Input.Changed) -> None:
        picker = self.query_one("#field-sea", Picker)
        picker.clear_options()
        picker.add_options(self._options(event.value))
        if picker.option_count:
            picker.highlighted = 0  # so space ticks the first match straight away
        self._count()

    @on(SelectionList.SelectedChanged, "#field-sea")
    def _picked(self, event: SelectionList.SelectedChanged[str]) -> None:
        # The filter hides entries; picks among the hidden ones must survive it.
        picker = event.selection_list
        visible = {picker.get_option_at_index(i).value for i in range(picker.option_count)}
        self.chosen = (self.chosen - visible) | set(picker.selected)
        self._count()

    def values(self) -> dict[str, Any]:
        criteria = [c.strip() for c in self.query_one("#field-criteria", Input).value.replace(";", ",").split(",") if c.strip()]
        strand = self.query_one("#field-strand", Select).value
        return {
            "type": self.query_one("#field-type", Select).value,
            "scope": self.query_one("#field-scope", Input).value,
            "strand": None if strand is Select.NULL else strand,
            "text": self.query_one("#field-text", TextArea).text,
            "criteria": criteria,
            "sea": [i for i in self.entries if i in self.chosen] + [i for i in self.current.get("sea", []) if i in self.chosen and i not in self.entries],
        }

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        # A refusal is about what was there when saving: once the form changes it may no longer hold.
        if self.refused is not None:
            self.query_one(NotNames).track(words(self._names()))
        if self.refused is not None and self.refused != self.values():
            self.refused = None
            self.query_one("#form-error", Static).update("")

    def _names(self) -> list[NameFlag]:
        # The store's own rule: a change is asked about only the texts it changes.
        return free_text.names_in(store.KIND, self.values(), before=self.current or None)

    def _refuse(self, message: str) -> None:
        self.refused = self.values()
        self.query_one("#form-error", Static).update(Text(message, style=state_style(self.app, "refused")))

    def action_not_names(self) -> None:
        self.query_one(NotNames).confirm()

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        fields = self.values()
        found = self._names()
        guard = self.query_one(NotNames)
        if not guard.allows(words(found)):
            self._refuse(refusal_of(found))
            return
        confirmed = guard.confirmed
        try:
            if self.finding_id:
                record = store.edit(self.workspace, self.finding_id, fields, confirm_no_names=confirmed)
            else:
                record = store.add(self.workspace, fields, confirm_no_names=confirmed)
        except FieldworkError as err:
            self._refuse(str(err))
            return
        self.dismiss(record.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()


class PathForm(ModalScreen[bool]):
    """Where to write a document; `write` raises FieldworkError to refuse, shown in the form."""

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: Path, write: Callable[[Path, bool], Path], *, drafts_option: bool,
                 workspace: Workspace | None = None) -> None:
        """`workspace`: where the folder written to is remembered for the next export."""
        super().__init__()
        self.workspace = workspace
        self.form_title = title
        self.default = default
        self.write = write
        self.drafts_option = drafts_option

    def compose(self) -> ComposeResult:
        with Vertical(id="path-form"):
            yield Static(self.form_title, id="form-title")
            yield Input(str(self.default), id="field-path", compact=True)
            if self.drafts_option:
                yield Checkbox("Include draft findings, marked (draft)", id="include-drafts", compact=True)
            yield Static("A .docx name writes Word, a .md name Markdown. Enter writes.", classes="form-hint")
            yield Static("", id="form-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        drafts = self.drafts_option and self.query_one("#include-drafts", Checkbox).value
        try:
            path = self.write(Path(event.value.strip()).expanduser(), drafts)
        except FieldworkError as err:
            self.query_one("#form-error", Static).update(Text(str(err), style=state_style(self.app, "refused")))
            return
        self.app.notify(f"Wrote {path}.")
        if self.workspace is not None:
            settings.remember_export(self.workspace, path)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class SummaryForm(ModalScreen[bool]):
    """The lead's summary of findings for the letter (para 84)."""

    CSS_PATH = CSS
    AUTO_FOCUS = "#field-summary"
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel"), NOT_NAMES_BINDING]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.refused: str | None = None

    def _refuse(self, text: str, message: str) -> None:
        self.refused = text
        self.query_one("#form-error", Static).update(Text(message, style=state_style(self.app, "refused")))

    def compose(self) -> ComposeResult:
        with Vertical(id="summary-form"):
            yield Static("Summary of findings (para 84): paragraphs separated by a blank line", id="form-title")
            yield TextArea(store.summary(self.workspace), soft_wrap=True, show_line_numbers=False, id="field-summary")
            yield NotNames()
            yield Static("", id="form-error")
            yield Static("ctrl+s saves · esc cancels", classes="form-hint")

    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self.refused is not None and self.refused != self.query_one(TextArea).text:
            self.refused = None
            self.query_one("#form-error", Static).update("")

    def action_not_names(self) -> None:
        self.query_one(NotNames).confirm()

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        text = self.query_one(TextArea).text
        found = free_text.names_in(store.SUMMARY_KIND, {"text": text})
        guard = self.query_one(NotNames)
        if not guard.allows(words(found)):
            self._refuse(text, refusal_of(found))
            return
        try:
            store.set_summary(self.workspace, text, confirm_no_names=guard.confirmed)
        except FieldworkError as err:
            self._refuse(text, str(err))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


# --- the screen --------------------------------------------------------------------------------


class FindingsScreen(SectionScreen):
    """The findings meeting: agree and trace findings, export the letter draft."""

    CSS_PATH = CSS
    TITLE = "Findings"
    BINDINGS = [
        Binding("n", "add", "New"),
        Binding("e", "edit", "Edit"),
        Binding("a", "agree", "Agree"),
        Binding("v", "evidence", "Evidence", show=False),  # Enter does it too; ? lists it
        Binding("x", "export", "Letter"),
        Binding("k", "kit", "KIT"),
        Binding("m", "summary", "Summary", show=False),
        Binding("i", "innovative", "Mark a strength as innovative practice", show=False),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.rows: dict[str, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="findings-title")
        with Horizontal(id="findings-body"):
            tree: Tree[str] = Tree("Findings", id="findings-tree")
            tree.show_root = False
            yield tree
            with VerticalScroll(id="finding-detail"):
                yield Static("", id="finding-detail-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_tree()
        self.query_one(Tree).focus()

    # --- drawing ------------------------------------------------------------------------------

    def refresh_tree(self, select: str | None = None) -> None:
        rows = store.list_json(self.workspace)
        self.rows = {r["id"]: r for r in rows}
        tree: Tree[str] = self.query_one(Tree)
        keep = select or self.selected_id()
        tree.clear()
        target = None
        by_strand: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_strand.setdefault(r["strand"], []).append(r)
        for strand, items in by_strand.items():
            strand_node = tree.root.add(Text(items[0]["strand_label"], style="bold"), expand=True)
            for finding_type, heading in _GROUPS.items():
                mine = [r for r in items if r["type"] == finding_type]
                if not mine:
                    continue
                group = strand_node.add(Text(f"{heading} ({len(mine)})", style="italic"), expand=True)
                for r in mine:
                    node = group.add_leaf(self._label(r), data=r["id"])
                    if r["id"] == keep:
                        target = node
        agreed = sum(1 for r in rows if r["state"] == "agreed")
        contrary = sum(1 for r in rows if r["balance"]["contrary"])
        title = Text(f"Findings: {agreed} agreed · {len(rows) - agreed} draft")
        if contrary:
            title.append(f" · {contrary} point the other way", style=state_style(self.app, "contrary"))
        self.query_one("#findings-title", Static).update(title)
        # A new node has no line until the tree has laid itself out again.
        if target is not None:
            self.call_after_refresh(tree.move_cursor, target)
        elif rows:
            self.call_after_refresh(tree.move_cursor_to_line, 2)  # the first finding, under its strand and type
        self.show_detail()

    def _label(self, r: dict[str, Any]) -> Text:
        text = Text()
        text.append("✓ " if r["state"] == "agreed" else "○ ", style=state_style(self.app, "done") if r["state"] == "agreed" else "dim")
        if r["balance"]["contrary"]:
            text.append("⚑ ", style=state_style(self.app, "contrary"))
        if r["scope"] != fnd.PARTNERSHIP:
            text.append(f"[{r['scope']}] ", style="bold")
        text.append(r["text"])
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def selected_id(self) -> str | None:
        tree: Tree[str] = self.query_one(Tree)
        node = tree.cursor_node
        return node.data if node is not None and node.data else None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self.show_detail()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            event.stop()
            self.action_evidence()

    def show_detail(self) -> None:
        out = Text()
        row = self.rows.get(self.selected_id() or "")
        if row is None:
            if not self.rows:
                out.append("No findings yet. Press n to add one, picking the SEA entries that support it.", style="italic")
            self.query_one("#finding-detail-text", Static).update(out)
            return
        framework = self.workspace.framework
        out.append(f"{row['type_label']}", style="bold")
        out.append(f" · {fnd.scope_label(row['scope'])} · {row['strand_label']}\n")
        if row.get("innovative"):
            out.append("Innovative and effective practice (para 6, 86)\n", style="bold")
        if row["state"] == "agreed":
            who = f" (entered by {row['agreed_by']})" if row["agreed_by"] else ""
            out.append(f"Agreed{who}\n", style=state_style(self.app, "done"))
        else:
            out.append("Draft: not yet agreed by the team\n", style="dim")
        out.append("\n")
        out.append(row["text"] + "\n\n")
        for code in row["criteria_with_evidence"]:
            out.append(framework.shown(code), style="bold")  # with "working criterion" where it is one (para 4)
            out.append(f" {framework.full(code)}\n")
        out.append("\nEvidence: ")
        colours = judgement_colours(self.app)
        out.append(mix_bar(row["balance"]["counts"], colours))
        out.append("\n")
        for note in row["balance"]["notes"]:
            out.append(f"⚑ {note}\n", style=state_style(self.app, "contrary") if row["balance"]["contrary"] else state_style(self.app, "caution"))
        entries = store_gaps.entries_by_id(self.workspace)
        for entry_id in row["sea"]:
            e = entries.get(entry_id)
            if e is None:
                out.append(f"  {entry_id[:8]} deleted since it was cited\n", style=state_style(self.app, "missing"))
                continue
            out.append(f"  {entry_id[:8]} ")
            out.append(entry_line(e, colours))
            out.append("\n")
        self.query_one("#finding-detail-text", Static).update(out)

    # --- actions ------------------------------------------------------------------------------

    def _after_form(self, finding_id: str | None) -> None:
        if finding_id:
            self.refresh_tree(select=finding_id)

    def action_add(self) -> None:
        self.app.push_screen(FindingForm(self.workspace), self._after_form)

    def action_edit(self) -> None:
        finding_id = self.selected_id()
        if finding_id:
            self.app.push_screen(FindingForm(self.workspace, finding_id), self._after_form)

    def action_agree(self) -> None:
        finding_id = self.selected_id()
        if not finding_id:
            return
        try:
            store.agree(self.workspace, finding_id)
        except FieldworkError as err:
            self.notify(str(err), severity="error")
            return
        self.refresh_tree(select=finding_id)

    def action_innovative(self) -> None:
        """Para 6, 86: mark (or unmark) a strength as innovative and effective practice; the letter
        says so. Like any change of substance, it makes an agreed finding a draft again."""
        finding_id = self.selected_id()
        row = self.rows.get(finding_id or "")
        if row is None:
            return
        try:
            store.edit(self.workspace, row["id"], {"innovative": not row.get("innovative")})
        except FieldworkError as err:
            self.notify(str(err), severity="error")
            return
        self.refresh_tree(select=row["id"])

    def action_evidence(self) -> None:
        row = self.rows.get(self.selected_id() or "")
        if row is not None:
            self.app.push_screen(EntryListScreen(self.workspace, f"Evidence for: {row['text'][:40]}", row["sea"]))

    def action_export(self) -> None:
        def write(path: Path, drafts: bool) -> Path:
            fmt = {".docx": "docx", ".md": "md"}.get(path.suffix.lower())
            if fmt is None:
                raise ValidationError("End the file name in .docx (Word) or .md (Markdown).")
            return store.export_letter(self.workspace, fmt, path, include_drafts=drafts, today=self.today)

        default = settings.export_path(self.workspace, "letter-of-findings-draft.docx")
        self.app.push_screen(PathForm("Export the letter draft", default, write, drafts_option=True, workspace=self.workspace))

    def action_kit(self) -> None:
        def write(path: Path, _drafts: bool) -> Path:
            return store.export_kit(self.workspace, path, today=self.today)

        default = settings.export_path(self.workspace, f"keep-in-touch-{self.today.isoformat()}.md")
        self.app.push_screen(PathForm("Export the keep-in-touch summary (Markdown)", default, write, drafts_option=False, workspace=self.workspace))

    def action_summary(self) -> None:
        self.app.push_screen(SummaryForm(self.workspace))

