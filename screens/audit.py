"""The audit: a partnership's multi-agency case audit (JTAI para 2), keyboard first.

Cases with their grades and the grade distribution above; the selected case's notes per domain
below. Set a grade (g), write a domain's good practice, development and recommendations (e), and
export the audit report (x). Every word the screen shows about the work comes from the audit's
framework (vocabulary, grading scale, domains); every rule runs in store.audit, exactly as the
`fieldwork case` and `fieldwork audit` verbs run them.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from fieldwork import free_text
from fieldwork.audit import DOMAIN_KIND, NOTE_FIELDS, NOTE_LABELS, CaseAudit, distribution
from fieldwork.errors import FieldworkError
from fieldwork.free_text import NameFlag, words
from screens.widgets.not_names import NOT_NAMES_BINDING, NotNames, refusal_of
from screens.state_style import state_style
from store import audit as store
from store.workspace import Workspace

CSS = "audit.tcss"


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few options (a grade, a domain) with the arrows and Enter; Escape cancels."""

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.choice_title = title
        self.options = options
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Static(self.choice_title, id="choice-title")
            yield OptionList(*(Option(label, id=value) for value, label in self.options), id="choice-list")
            yield Static("↑↓ choose · Enter confirm · Esc cancel", id="choice-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [value for value, _ in self.options]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotesForm(ModalScreen[bool]):
    """One domain of one case: good practice, development, recommendations. Ctrl+S saves through
    `submit`, which raises FieldworkError to refuse; the refusal shows and the typing is kept.
    A possible name (para 80) is saved only once Ctrl+O confirms it is not one, as on every form."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NOT_NAMES_BINDING,
    ]

    def __init__(self, title: str, values: dict[str, str], submit: Callable[[dict[str, Any], bool], None]) -> None:
        super().__init__()
        self.form_title = title
        self.values = values
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="notes"):
            yield Static(self.form_title, id="notes-title")
            with VerticalScroll(id="notes-fields"):
                for key in NOTE_FIELDS:
                    yield Label(NOTE_LABELS[key], classes="notes-label")
                    yield TextArea(self.values.get(key, ""), id=f"notes-{key}", compact=True, soft_wrap=True,
                                   show_line_numbers=False)
            yield NotNames(id="notes-check")
            yield Static("", id="notes-error")
            yield Static("ctrl+s save · Tab next box · ctrl+o not names · Esc cancel", id="notes-hint")

    def on_mount(self) -> None:
        self.query_one(f"#notes-{NOTE_FIELDS[0]}", TextArea).focus()
        self._check()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._check()

    def _found(self) -> list[NameFlag]:
        # The store's own rule: only the texts this edit changes are asked about.
        return free_text.names_in(DOMAIN_KIND, self.texts(), before=self.values)

    def _check(self) -> None:
        # Checked as it is typed (para 80), so the auditor sees a likely name before saving.
        self.query_one(NotNames).track(words(self._found()))

    def texts(self) -> dict[str, Any]:
        return {key: self.query_one(f"#notes-{key}", TextArea).text for key in NOTE_FIELDS}

    def action_not_names(self) -> None:
        self.query_one(NotNames).confirm()

    def action_save(self) -> None:
        found = self._found()
        guard = self.query_one(NotNames)
        error = self.query_one("#notes-error", Static)
        if not guard.allows(words(found)):
            error.update(Text(refusal_of(found)))
            return
        try:
            self.submit(self.texts(), guard.confirmed)
        except FieldworkError as err:
            error.update(Text(str(err)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class ExportForm(ModalScreen[Path | None]):
    """Where to write the report: .docx for Word, .md for Markdown. Enter writes."""

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: Path, write: Callable[[Path], Path]) -> None:
        super().__init__()
        self.form_title = title
        self.default = default
        self.write = write

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(self.form_title, id="export-title")
            yield Input(str(self.default), id="export-path", compact=True)
            yield Static("", id="export-error")
            yield Static("Enter write (.docx or .md) · Esc cancel", id="export-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            written = self.write(Path(event.value.strip()))
        except FieldworkError as err:
            self.query_one("#export-error", Static).update(Text(str(err)))
            return
        self.dismiss(written)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AuditScreen(Screen[None]):
    """The audit's cases: grades, the distribution, and each case's domain notes."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("g", "grade", "Grade"),
        Binding("e", "edit_domain", "Domain notes"),
        Binding("x", "export", "Export report"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self._today = today  # fixed in tests; None follows the clock
        self.cases: list[CaseAudit] = []

    @property
    def words(self) -> dict[str, str]:
        return self.workspace.framework.vocabulary

    def compose(self) -> ComposeResult:
        yield Static("", id="audit-title")
        yield Static("", id="audit-grades")
        yield DataTable(id="audit-cases", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="audit-detail"):
            yield Static("", id="audit-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _cap(self.words["inspection"])
        table = self.query_one(DataTable)
        # Widths add up to 80 columns with the cell padding, so nothing scrolls sideways.
        table.add_column(_cap(self.words["child"]), key="case", width=14)
        table.add_column("Grade", key="grade", width=22)
        table.add_column("Domains", key="domains", width=8)
        table.add_column(_cap(self.words["entries"]), key="entries", width=14)
        table.add_column("", key="flag", width=8)
        self.refresh_cases()
        table.focus()

    # --- the list ---------------------------------------------------------------------------

    def refresh_cases(self, select: str | None = None) -> None:
        ws = self.workspace
        table = self.query_one(DataTable)
        keep = select or self.selected_id()
        self.cases = store.cases(ws)
        labels = {g.id: g.label for g in store.grading(ws)}
        table.clear()
        for item in self.cases:
            table.add_row(
                item.case_ref,
                labels.get(item.grade, item.grade) if item.grade else Text("not graded", style="dim"),
                str(len(item.domains)),
                str(item.entries),
                # Said in words, not only colour: a conflict needs a person to settle it.
                Text("CONFLICT", style=state_style(self.app, "conflict")) if item.conflicted or any(d.conflicted for d in item.domains) else "",
                key=item.child_id,
            )
        info = ws.inspection
        count = len(self.cases)
        ungraded = sum(1 for c in self.cases if not c.grade)
        self.query_one("#audit-title", Static).update(Text(
            f"{_cap(self.words['inspection'])} of {info.get('area', '')} · "
            f"{count} {self.words['children'] if count != 1 else self.words['child']}, {ungraded} not graded · "
            f"{info.get('theme', '')}", overflow="ellipsis", no_wrap=True))
        self.query_one("#audit-grades", Static).update(self._distribution())
        ids = [c.child_id for c in self.cases]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.show_detail()

    def _distribution(self) -> Text:
        text = Text()
        # The ungraded count sits in the title line, so a four-step scale fits in 80 columns.
        rows = [row for row in distribution(self.cases, store.grading(self.workspace)) if row.grade]
        for i, row in enumerate(rows):
            if i:
                text.append(" · ", style="dim")
            text.append(f"{row.label} ")
            text.append(str(row.count), style="bold")
        return text

    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def selected(self) -> CaseAudit | None:
        wanted = self.selected_id()
        return next((c for c in self.cases if c.child_id == wanted), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a case opens its domain notes, the thing most often written.
        event.stop()
        self.action_edit_domain()

    def show_detail(self) -> None:
        item = self.selected()
        fw = self.workspace.framework
        text = Text()
        if item is None:
            text.append(f"No {self.words['children']} yet: add them with 'fieldwork child add CASE_REF'.")
        else:
            grade = next((g.label for g in store.grading(self.workspace) if g.id == item.grade), item.grade or "not graded")
            count = f"{item.entries} {self.words['entry'] if item.entries == 1 else self.words['entries']}"
            text.append(f"{item.case_ref} · {grade} · {count}\n", style="bold reverse")
            for strand in fw.strands:
                notes = item.domain(strand.id)
                text.append(strand.label, style="bold")
                if notes is not None and notes.conflicted:
                    text.append("  CONFLICT", style=state_style(self.app, "conflict"))
                text.append("\n")
                if notes is None or notes.empty:
                    text.append("  nothing recorded\n", style="dim")
                    continue
                for key in NOTE_FIELDS:
                    if notes.text(key):
                        text.append(f"  {NOTE_LABELS[key]}: ", style="italic")
                        text.append(f"{notes.text(key)}\n")
        self.query_one("#audit-detail-text", Static).update(text)

    # --- actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _need_case(self) -> CaseAudit | None:
        item = self.selected()
        if item is None:
            self.notify(f"No {self.words['child']} selected.", severity="warning")
        return item

    def action_grade(self) -> None:
        item = self._need_case()
        if item is None:
            return
        grading = store.grading(self.workspace)
        if not grading:
            self.notify(f"This {self.words['inspection']} has no grading scale.", severity="warning")
            return

        def chosen(grade: str | None) -> None:
            if grade is None:
                return
            try:
                store.set_grade(self.workspace, item.case_ref, grade)
            except FieldworkError as err:
                self.notify(str(err), severity="error", timeout=8)
                return
            self.refresh_cases(select=item.child_id)

        options = [(g.id, g.label) for g in grading]
        self.app.push_screen(ChoiceScreen(f"Grade {self.words['child']} {item.case_ref}", options, item.grade), chosen)

    def action_edit_domain(self) -> None:
        item = self._need_case()
        if item is None:
            return
        strands = self.workspace.framework.strands
        options = [(s.id, f"{s.label}{'' if item.domain(s.id) is None else '  ✓'}") for s in strands]

        def chosen(strand_id: str | None) -> None:
            if strand_id is not None:
                self._edit_notes(item, strand_id)

        self.app.push_screen(ChoiceScreen(f"Which domain of {item.case_ref}?", options), chosen)

    def _edit_notes(self, item: CaseAudit, strand_id: str) -> None:
        notes = item.domain(strand_id)
        values = {key: notes.text(key) for key in NOTE_FIELDS} if notes else {}

        def submit(texts: dict[str, Any], confirm: bool) -> None:
            store.set_domain(self.workspace, item.case_ref, strand_id, texts, confirm_no_names=confirm)

        def done(saved: bool | None) -> None:
            if saved:
                self.refresh_cases(select=item.child_id)

        label = self.workspace.framework.strand_label(strand_id)
        self.app.push_screen(NotesForm(f"{item.case_ref} · {label}", values, submit), done)

    def action_export(self) -> None:
        ws = self.workspace
        area = re.sub(r"[^a-z0-9]+", "-", str(ws.inspection.get("area", "")).lower()).strip("-") or "report"
        default = Path(os.getcwd()) / f"{self.words['inspection'].replace(' ', '-')}-report-{area}.docx"

        def write(path: Path) -> Path:
            return store.export(ws, path, produced=self._today)

        def done(written: Path | None) -> None:
            if written is not None:
                self.notify(f"Wrote {written}")

        self.app.push_screen(ExportForm(f"Export the {self.words['inspection']} report", default, write), done)
