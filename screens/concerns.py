"""Concerns: Annex C referrals from raising to sign-off (para 74), keyboard first.

The screen only gathers what the inspector types and shows what the store answers: every rule
(states, dates, names, who may sign) lives in fieldwork.concerns and runs through store.concerns,
exactly as the `fieldwork concern` verbs do.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, RadioButton, RadioSet, Static, TextArea

from fieldwork import concerns as con
from fieldwork import free_text
from fieldwork.errors import FieldworkError
from fieldwork.free_text import NameFlag, PossibleName, words
from screens import settings
from screens.base import SectionScreen, after_typing
from screens.state_style import follow_theme, state_styles
from screens.widgets.fixed_table import FixedWidthTable
from screens.widgets.footer import KeysFooter
from screens.widgets.not_names import APP_CONFIRM, NOT_NAMES_BINDING, NotNames, refusal_of
from store import concerns as store
from store.record import Record
from store.workspace import Workspace

CSS = "concerns.tcss"


@dataclass(frozen=True)
class FormField:
    """One field of a form: a one-line input, a multi-line text or a choice of options."""

    name: str
    label: str
    kind: str = "input"  # "input" | "date" | "text" | "choice"
    value: str = ""
    placeholder: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for a choice
    key: str = ""  # the record's field it fills, when not `name` (for the name check)


def _dated(f: FormField, today: date) -> FormField:
    """A date field starts at today: most steps are recorded the day they happen."""
    return replace(f, value=today.isoformat(), placeholder="YYYY-MM-DD") if f.kind == "date" else f


# The form for each step forward: its title, the store action it calls, and the fields it asks for.
STEP_FORMS: dict[str, tuple[str, Callable[..., Record], list[FormField]]] = {
    "sent": ("Mark the concern sent to the agency", store.mark_sent, [FormField("on", "Sent on", kind="date")]),
    "responded": (
        "Record the agency's response",
        store.record_response,
        [FormField("text", "Response", kind="text", key="response"), FormField("received", "Received on", kind="date")],
    ),
    "evaluated": (
        "Record the inspector's evaluation of the response",
        store.evaluate,
        [FormField("text", "Evaluation", kind="text", key="evaluation"), FormField("on", "Evaluated on", kind="date")],
    ),
    "shared": (
        "Share the evaluation with the senior officer (para 74)",
        store.share,
        [FormField("by", "Shared by", placeholder="keep-in-touch meeting or secure email", key="shared_by"),
         FormField("on", "Shared on", kind="date")],
    ),
    "signed-off": (
        "Sign off (chief officer and lead inspector)",
        store.sign_off,
        [
            FormField("chief_officer", "Chief officer", placeholder="job title only, e.g. Director of Children's Services"),
            FormField("chief_officer_date", "Signed on", kind="date"),
            FormField("lead_date", "Lead signs on", kind="date"),
        ],
    ),
}


class ConcernForm(ModalScreen[bool]):
    """A small form over the list. `submit` gets the values and raises FieldworkError to refuse;
    the refusal is shown in the form, which stays open with everything typed kept.

    `kind`: the record kind the form writes. Its free-text fields (fieldwork.free_text, the store's
    own rule) are checked for names before saving, and a flagged word is saved only once Ctrl+O
    confirms it; a form with no `kind`, or `names_check=False`, writes no free text. `before`: the
    stored record a change starts from, whose texts are not asked about again (as in the store)."""

    CSS_PATH = CSS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NOT_NAMES_BINDING,
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        submit: Callable[[dict[str, Any]], None],
        *,
        kind: str = "",
        before: Mapping[str, Any] | None = None,
        names_check: bool = True,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.submit = submit
        self.kind = kind
        self.before = before  # the stored record a change starts from: its texts were checked then
        self.names_check = names_check and bool(free_text.keys(kind) & {f.key or f.name for f in fields})
        self.refused: dict[str, Any] | None = None  # the form as it was when last refused

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.form_title, id="form-title")
            with VerticalScroll(id="form-fields", can_focus=False):
                for f in self.fields:
                    with Horizontal(classes=f"form-row form-{f.kind}"):
                        yield Label(f.label, classes="form-label")
                        yield self._widget(f)
            if self.names_check:
                yield NotNames()
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Save ^s", variant="primary", id="save", compact=True)
                yield Button("Cancel esc", id="cancel", compact=True)
        yield KeysFooter()

    def _widget(self, f: FormField) -> Input | TextArea | RadioSet:
        wid = f"field-{f.name}"
        if f.kind == "text":
            return TextArea(f.value, id=wid, compact=True, soft_wrap=True, show_line_numbers=False)
        if f.kind == "choice":
            return RadioSet(*(RadioButton(label, value=(v == f.value)) for v, label in f.options), id=wid, compact=True)
        return Input(f.value, placeholder=f.placeholder, id=wid, compact=True)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, RadioSet):
                index = widget.pressed_index
                out[f.name] = f.options[index][0] if index >= 0 else ""
            elif isinstance(widget, Input):
                out[f.name] = widget.value
        return out

    def names_found(self) -> list[NameFlag]:
        """Possible names in what the form would save, field by field, as the store will judge them."""
        values = self.values()
        payload = {f.key or f.name: values.get(f.name, "") for f in self.fields}
        return free_text.names_in(self.kind, payload, before=self.before)

    def action_not_names(self) -> None:
        if self.names_check:
            self.query_one(NotNames).confirm()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.names_check if action == "not_names" else True

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        error = self.query_one("#form-error", Static)
        values = self.values()
        if self.names_check:
            # The confirmation covers the words flagged when it was given; changed words clear it.
            guard = self.query_one(NotNames)
            found = self.names_found()
            if not guard.allows(words(found)):
                error.update(Text(refusal_of(found)))
                self.refused = values
                return
            values["confirm_no_names"] = guard.confirmed
        try:
            self.submit(values)
        except PossibleName as err:
            # Words the form does not show (a stored text the step adds to): confirmed the same way.
            if self.names_check:
                self.query_one(NotNames).track(frozenset(err.words))
            error.update(Text(err.worded(APP_CONFIRM)))
            self.refused = self.values()
            return
        except FieldworkError as err:
            error.update(Text(str(err)))
            self.refused = self.values()
            return
        self.dismiss(True)

    def on_input_changed(self) -> None:
        self._edited()

    def on_text_area_changed(self) -> None:
        self._edited()

    def _edited(self) -> None:
        if self.names_check and self.refused is not None:
            # The name line follows the words as they are fixed, not only at the next save.
            self.query_one(NotNames).track(words(self.names_found()))
        # A refusal is about the form as it was: once it changes, the message may no longer hold.
        if self.refused is not None and self.refused != self.values():
            self.refused = None
            self.query_one("#form-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter moves on through the form, as on paper; on the last line it saves.
        event.stop()
        inputs = list(self.query(Input))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


# The list's own short words for the states; the detail below says each in full.
SHORT_STATE: dict[str, str] = {
    "raised": "Raised", "sent": "Sent", "responded": "Responded", "evaluated": "Evaluated", "shared": "Shared",
    "signed-off": "Signed off",
}
# (key, header) of the columns always shown, in order; the service goes before Due when it fits.
FIXED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("state", "State"), ("category", "Cat"), ("case_refs", "Case"), ("due", "Due"), ("late", "Late"),
)
SERVICE = ("service", "Service")
#: Narrower than this, the service (free text, wrapped in its column) is left to the detail below.
MIN_SERVICE = 12
PADDING = 2  # a DataTable cell's padding, one each side


def list_cells(row: dict[str, Any]) -> dict[str, str]:
    """What the list shows of a concern: every value in full, nothing cut (the detail has the rest)."""
    refs = row["case_refs"]
    return {
        "state": SHORT_STATE.get(row["state"], row["state_label"]),
        "category": str(row["category"]),
        # The child referred first, and how many more in the household (all of them in the detail).
        "case_refs": (refs[0] + (f" +{len(refs) - 1}" if len(refs) > 1 else "")) if refs else "",
        "service": row["service"],
        "due": row["response_due"],
        "late": f"{row['days_overdue']}d" if row["overdue"] else "",
    }


def fit_columns(cells: list[dict[str, str]], width: int) -> list[tuple[str, str, int]]:
    """(key, header, width) for each column at `width`: the fixed columns as wide as their longest
    value or header, and the service, wrapped, in the room left; none of it cut."""

    def widest(key: str, header: str) -> int:
        return max([len(header), *(len(c[key]) for c in cells)])

    fixed = [(key, header, widest(key, header)) for key, header in FIXED_COLUMNS]
    room = width - sum(w + PADDING for _k, _h, w in fixed) - PADDING
    if room < MIN_SERVICE:
        return fixed
    service = (*SERVICE, min(room, widest(*SERVICE)))
    return [*fixed[:3], service, *fixed[3:]]


class ConcernsScreen(SectionScreen):
    """The inspection's Annex C concerns: list, raise, move along, export."""

    CSS_PATH = CSS
    TITLE = "Concerns (Annex C)"
    BINDINGS = [
        Binding("n", "raise_concern", "Raise"),
        # Priority: the table would otherwise take Enter for its own (hidden) "select" binding.
        Binding("enter", "next_step", "Next step", priority=True),
        Binding("s", "step('sent')", "Mark sent", show=False),
        Binding("r", "step('responded')", "Response", show=False),
        Binding("e", "step('evaluated')", "Evaluate", show=False),
        Binding("o", "step('signed-off')", "Sign off", show=False),
        Binding("x", "export", "Export"),
        Binding("h", "history", "History"),
        Binding("c", "correct_referral", "Correct the referral", show=False),
    ]
    _drawn_width = 0  # the width the list's columns were last laid out for

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self._just_mounted = False

    def compose(self) -> ComposeResult:
        yield Static("", id="concerns-title")
        yield FixedWidthTable(id="concern-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="concern-detail"):
            yield Static("", id="concern-detail-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        follow_theme(self, self.refresh_list)
        self.refresh_list()
        self._just_mounted = True
        table.focus()

    def on_screen_resume(self) -> None:
        if self._just_mounted:
            self._just_mounted = False  # the resume that follows mounting: the list was just drawn
            return
        # Back from History, a form or another section (a sync may have brought new versions).
        if self.is_mounted:
            self.refresh_list()

    # --- the list ---------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.is_mounted and event.size.width != self._drawn_width:
            self.refresh_list()  # the columns are laid out for the width

    def refresh_list(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = select or self.selected_id()
        records = store.ordered(self.workspace)
        rows = [store.to_json(self.workspace, record, self.today) for record in records]
        cells = [list_cells(row) for row in rows]
        self._drawn_width = self.app.size.width
        columns = fit_columns(cells, self._drawn_width - table.styles.scrollbar_size_vertical)
        table.clear(columns=True)
        for key, header, width in columns:
            table.add_column(header, key=key, width=width)
        overdue = state_styles(self.app)["overdue"]
        wrapped = any(key == "service" for key, _h, _w in columns)
        for record, row, shown in zip(records, rows, cells):
            style = overdue if row["overdue"] else ""
            # Overdue is said in words (the days in Late) as well as colour.
            styled = {"state": style, "due": style, "late": style, "category": "bold" if row["category"] == 1 else ""}
            table.add_row(*(Text(shown[key], style=styled.get(key, "")) for key, _h, _w in columns),
                          key=record.id, height=None if wrapped else 1)
        overdue_count = sum(row["overdue"] for row in rows)
        waiting = sum(1 for r in records if con.awaiting_response(r.payload))
        title = f"Annex C concerns: {len(records)} · awaiting a response: {waiting}"
        if overdue_count:
            title += f" · overdue: {overdue_count}"
        self.query_one("#concerns-title", Static).update(Text(title))
        if keep and keep in {r.id for r in records}:
            table.move_cursor(row=table.get_row_index(keep))
        self.show_detail()

    def selected(self) -> Record | None:
        rid = self.selected_id()
        return self.workspace.get(rid) if rid else None

    def selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        record = self.selected()
        text = Text()
        if record is None:
            text.append("No concerns yet. Press n to raise one (Annex C, para 74).")
        else:
            detail = store.detail_json(self.workspace, record, self.today)
            text = _detail(detail, self.workspace.is_lead, state_styles(self.app)["overdue"])
        self.query_one("#concern-detail-text", Static).update(text)

    # --- actions ----------------------------------------------------------------------------


    async def action_history(self) -> None:
        """Every version of the concern: who took each step, and when (para 74's record)."""
        record = self.selected()
        opener = getattr(self.app, "open_history", None)
        if record is None or not callable(opener):
            self.notify("History is in 'fieldwork history ID' in this build.")
            return
        await opener(record.id)

    def action_raise_concern(self) -> None:
        ws = self.workspace
        fields = [
            FormField("case_refs", "Case number(s)", placeholder="CR-104233, CR-104234 (child referred first)"),
            FormField("service", "Service", placeholder="agency or service referred to"),
            FormField(
                "category",
                "Category",
                kind="choice",
                options=(("1", "1 Serious issue of concern"), ("2", "2 Service offer or risk assessment")),
            ),
            FormField("issues", "Issues", kind="text"),
            _dated(FormField("referred_on", "Referred on", kind="date"), self.today),
            FormField("response_due", "Respond by", placeholder="YYYY-MM-DD"),
        ]
        made: list[str] = []

        def submit(v: dict[str, Any]) -> None:
            confirm = v.pop("confirm_no_names")
            record = store.raise_concern(ws, v, confirm_no_names=confirm, today=self.today)
            made.append(record.id)
            for text in store.warnings(ws, record):  # para 35-37: a response due after day 13
                self.notify(text, severity="warning", markup=False, timeout=12)

        self._open_form("Raise a concern (Annex C)", fields, submit, made, kind=con.KIND)

    def action_correct_referral(self) -> None:
        """Correct the referral's own fields: a recorded edit, the earlier version kept in the
        concern's history (h); a signed-off form is final."""
        record = self.selected()
        if record is None:
            self.notify("No concern selected.")
            return
        p, ws, rid = record.payload, self.workspace, record.id
        fields = [
            FormField("case_refs", "Case number(s)", value=", ".join(p.get("case_refs", []))),
            FormField("service", "Service", value=str(p.get("service", ""))),
            FormField("category", "Category", kind="choice", value=str(p.get("category", "")),
                      options=(("1", "1 Serious issue of concern"), ("2", "2 Service offer or risk assessment"))),
            FormField("issues", "Issues", kind="text", value=str(p.get("issues", ""))),
            FormField("referred_on", "Referred on", kind="date", value=str(p.get("referred_on", "")), placeholder="YYYY-MM-DD"),
            FormField("response_due", "Respond by", value=str(p.get("response_due", "")), placeholder="YYYY-MM-DD"),
        ]

        def submit(v: dict[str, Any]) -> None:
            confirm = v.pop("confirm_no_names")
            corrected = store.edit(ws, rid, v, confirm_no_names=confirm, today=self.today)
            for text in store.warnings(ws, corrected):
                self.notify(text, severity="warning", markup=False, timeout=12)

        self._open_form("Correct the referral (Annex C)", fields, submit, [rid], kind=con.KIND)

    def action_next_step(self) -> None:
        record = self.selected()
        if record is None:
            self.notify("No concern selected: press n to raise one.")
            return
        target = con.next_state(record.payload.get("state", ""))
        if target is None:
            self.notify("This concern is signed off: nothing more to record.")
            return
        self.action_step(target)

    def action_step(self, target: str) -> None:
        record = self.selected()
        if record is None:
            self.notify("No concern selected.")
            return
        current = record.payload.get("state", "")
        # Para 74's second evaluator adds theirs while the concern stays evaluated.
        if con.next_state(current) != target and not target == current == "evaluated":
            # Say what the domain would say, before anyone types into a form that cannot save.
            try:
                con.require_next(record.payload, target)
            except FieldworkError as err:
                self.notify(str(err), severity="warning")
            return
        if target == "signed-off" and not self.workspace.is_lead:
            self.notify("Only the lead inspector signs off an Annex C concern.", severity="warning")
            return
        title, action, fields = STEP_FORMS[target]
        ws, rid, today = self.workspace, record.id, self.today

        def submit(values: dict[str, Any]) -> None:
            # Form field names are the store action's own keyword arguments.
            action(ws, rid, **values, today=today)

        self._open_form(title, [_dated(f, today) for f in fields], submit, [rid], kind=con.KIND)

    def action_export(self) -> None:
        record = self.selected()
        if record is None:
            self.notify("No concern selected.")
            return
        default = settings.export_path(self.workspace, store.default_export_name(record, "docx"))
        fields = [FormField("path", "Save to", value=str(default), placeholder="end in .docx for Word or .md for Markdown")]
        written: list[Path] = []

        def submit(v: dict[str, Any]) -> None:
            path = Path(v["path"].strip())
            written.append(store.export(self.workspace, record.id, store.format_for(path), path))

        def done(saved: bool | None) -> None:
            if saved and written:
                settings.remember_export(self.workspace, written[0])
                self.notify(f"Wrote {written[0]}")

        self.app.push_screen(ConcernForm("Export the Annex C form: .docx for Word, .md for Markdown", fields, submit, names_check=False), done)

    def _open_form(
        self,
        title: str,
        fields: list[FormField],
        submit: Callable[[dict[str, Any]], None],
        select: list[str],
        *,
        kind: str,
    ) -> None:
        def done(saved: bool | None) -> None:
            if saved:
                self.refresh_list(select=select[-1] if select else None)

        self.app.push_screen(ConcernForm(title, fields, submit, kind=kind), done)


def _detail(d: dict[str, Any], is_lead: bool, overdue: str) -> Text:
    """The selected concern, every field of the form that is filled in so far: the list shows
    what fits its width, and this shows the rest."""
    dates = d["dates"]
    text = Text()

    def line(label: str, value: str, style: str = "") -> None:
        text.append(f"{label}: ", style="bold")
        text.append(f"{value}\n", style=style)

    line("State", d["state_label"])
    line("Case number(s)", ", ".join(d["case_refs"]))
    line("Referred", f"{dates['referred']} by {d['referred_by']} to {d['service']}")
    line(f"Category {d['category']}", d["category_label"])
    due = dates["response_due"] + (f"  OVERDUE: {d['overdue_text']}" if d["overdue"] else "")
    line("Response required by", due, overdue if d["overdue"] else "")
    line("Issues", d["issues"])
    if dates["sent"]:
        line("Sent", dates["sent"])
    if d["response"]:
        line(f"Response ({dates['response_received']})", d["response"])
    for e in d["evaluation_texts"]:
        line(f"Evaluation ({e['by']}, {e['on']})", e["text"])
    if d["shared_with_senior_officer_on"]:
        line("Shared with the senior officer", f"{d['shared_with_senior_officer_on']} by {d['shared_by']}")
    if d["state"] == "signed-off":
        line("Signed off", f"{d['chief_officer']} {dates['chief_officer_signed']}; lead {d['lead_inspector']} {dates['lead_signed']}")
    target = con.next_state(d["state"])
    hints = {
        "sent": "Enter or s: mark it sent to the agency",
        "responded": "Enter or r: record the agency's response",
        "evaluated": "Enter or e: record the evaluation",
        "shared": "Enter: record that the evaluation was shared with the senior officer (e: add the second evaluation, para 74)",
        "signed-off": "Enter or o: sign off" if is_lead else "The lead inspector signs it off",
    }
    text.append(f"Next: {hints[target]}" if target else "Signed off: the review is complete.", style="italic")
    return text
