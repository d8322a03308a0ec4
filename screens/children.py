"""Children: tracking and sampling by case reference, and the balance of the sample (paras 19-21,
50-62).

The lead moves children from the deep-dive list to the shortlisted 20, then to the tracked 5-7 or
the sample, records consent (paras 50-51) and allocates each child to an inspector. Changes go
through `store.children` (the same validation as `fieldwork child edit`); the balance of the
tracked and sampled groups is `fieldwork.balance`.
"""

from __future__ import annotations

from datetime import date
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from fieldwork import free_text
from fieldwork import records as rec
from fieldwork.balance import ATTRIBUTES, TRACKED_MAX, GroupBalance, balance
from fieldwork.errors import FieldworkError
from screens.widgets.footer import KeysFooter
from screens.widgets.fixed_table import FixedWidthTable
from screens.widgets.not_names import NOT_NAMES_BINDING, NotNames, refusal_of
from screens.base import SectionScreen, after_typing

if TYPE_CHECKING:
    from screens.app import FieldworkApp
    from store.record import Record
    from store.workspace import Workspace

# Stage filters by number key, in the order children move through them.
STAGE_KEYS: tuple[tuple[str, str | None, str], ...] = (
    ("0", None, "all"),
    ("1", "deep-dive", "deep-dive"),
    ("2", "shortlisted", "shortlisted"),
    ("3", "tracked", "tracked"),
    ("4", "sampled", "sampled"),
)
# > and < step along the selection (para 21); the sample is reached with m (move to...).
PROMOTE = {"deep-dive": "shortlisted", "shortlisted": "tracked"}
DEMOTE = {"tracked": "shortlisted", "shortlisted": "deep-dive", "sampled": "deep-dive"}
SHORTLIST_SIZE = 20  # para 21

# Short forms so that the table fits 80 columns; the help and edit form spell them out.
SHORT_STAGE = {"deep-dive": "deep-dive", "shortlisted": "shortlist", "tracked": "TRACKED", "sampled": "sampled"}
SHORT_GENDER = {"female": "F", "male": "M", "other": "other", "not-recorded": "n/r"}
SHORT_INVOLVEMENT = {
    "early-help": "EH",
    "referral": "referral",
    "assessment": "assessmt",
    "child-in-need": "CIN",
    "child-protection": "CP",
    "looked-after": "CLA",
    "care-leaver": "leaver",
    "no-further-action": "NFA",
}
SHORT_CONSENT = {"unknown": "?", "given": "given", "refused": "refused", "not-possible": "n/poss"}
SHORT_ETHNICITY = {"not-recorded": "n/r"}
WIDE_FROM = 110  # columns: from here the balance panel sits beside the table


@dataclass(frozen=True)
class ChildRow:
    id: str
    case_ref: str
    payload: dict[str, Any]
    allocated: str  # initials
    haystack: str


def rows_for(ws: "Workspace") -> list[ChildRow]:
    from store.damaged import usable

    out = []
    # A child record that is not a valid record (store/damaged.py) is listed by `status`, not drawn.
    for record in usable(ws.records("child")):
        p = record.payload
        initials = ws.inspector_name(p.get("allocated", "")) if p.get("allocated") else ""
        words = [
            p.get("case_ref", ""),
            p.get("stage", ""),
            rec.STAGES.get(p.get("stage", ""), ""),
            p.get("age_band", ""),
            p.get("gender", ""),
            "disabled" if p.get("disability") == "yes" else "",
            p.get("ethnicity", ""),
            p.get("involvement", ""),
            SHORT_INVOLVEMENT.get(p.get("involvement", ""), ""),
            "probation crc" if p.get("probation") else "",
            "consent-" + p.get("consent", ""),
            initials,
            " ".join(p.get("agencies", [])),
        ]
        out.append(ChildRow(record.id, p.get("case_ref", ""), p, initials, " ".join(words).lower()))
    out.sort(key=lambda r: r.case_ref)
    return out


def matches(row: ChildRow, stage: str | None, text: str) -> bool:
    if stage and row.payload.get("stage") != stage:
        return False
    return all(word in row.haystack for word in text.lower().split())


def _wrap(items: list[str], width: int) -> list[str]:
    """Items joined with " · ", broken into lines no wider than `width` (items are never split)."""
    lines = [""]
    for item in items:
        joined = f"{lines[-1]} · {item}" if lines[-1] else item
        if len(joined) > width and lines[-1]:
            lines.append(item)
        else:
            lines[-1] = joined
    return lines


def balance_view(group: GroupBalance, width: int = 44) -> Content:
    """One group's balance as lines: size and probation, warnings, then counts per attribute,
    wrapped under their label so that the columns stay readable in a narrow panel."""
    noun = "Tracked" if group.stage == "tracked" else "Sampled"
    lines = [
        Content.from_markup("[b]$noun: $size[/]", noun=noun, size=f"{group.size} child{'ren' if group.size != 1 else ''}"),
        Content.from_markup("[dim]  probation/CRC involved: $n[/]", n=str(group.probation)),
    ]
    for warning in group.warnings:
        lines.append(Content.from_markup("[b $warning]![/] $w", w=warning))
    label_width = 14
    for field, label_text, _ in ATTRIBUTES:
        counts = group.counts.get(field, [])
        if not counts:
            continue
        items = [f"{SHORT_INVOLVEMENT.get(v, v) if field == 'involvement' else SHORT_GENDER.get(v, v) if v == 'not-recorded' else v} {n}" for v, n in counts]
        for n, line in enumerate(_wrap(items, max(width - label_width, 12))):
            label_text_here = label_text if n == 0 else ""
            lines.append(Content.from_markup("  [b]$label[/]$counts", label=f"{label_text_here:<{label_width - 2}}", counts=line))
    return Content("\n").join(lines)


class ChildForm(ModalScreen[bool]):
    """Add a child (case reference only) or edit one's stage, attributes, consent and allocation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NOT_NAMES_BINDING,
    ]

    def __init__(self, ws: "Workspace", title: str, payload: dict[str, Any], save: Callable[[dict[str, Any], bool], None]) -> None:
        super().__init__()
        self.ws = ws
        self.title_text = title
        self.payload = payload
        self.save = save

    def compose(self) -> ComposeResult:
        p = self.payload
        team = [(f"{r.payload.get('name', '')} · {rec.INSPECTORATES.get(r.payload.get('inspectorate', ''), '')}", r.id) for r in self.ws.records("inspector")]

        def pick(field: str, options: list[tuple[str, str]], value: str) -> Select[str]:
            return Select(options, value=value if value in {v for _, v in options} else Select.NULL, id=f"f-{field}", compact=True, prompt="—")

        with Vertical(id="child-form"):
            yield Static(self.title_text, id="child-form-title")
            with Grid(classes="form"):
                yield Label("Case reference")
                yield Input(p.get("case_ref", ""), id="f-case_ref", placeholder="e.g. CR-104233 (never a name)", compact=True)
                yield Label("Stage")
                yield pick("stage", [(v, k) for k, v in rec.STAGES.items()], p.get("stage", "deep-dive"))
                yield Label("Age band")
                yield pick("age_band", [(v, v) for v in rec.AGE_BANDS], p.get("age_band", ""))
                yield Label("Gender")
                yield pick("gender", [(v, v) for v in rec.GENDERS], p.get("gender", "not-recorded"))
                yield Label("Disability")
                yield pick("disability", [(v, v) for v in rec.DISABILITY], p.get("disability", "not-recorded"))
                yield Label("Ethnicity")
                yield pick("ethnicity", [(v, v) for v in rec.ETHNICITIES], p.get("ethnicity", "not-recorded"))
                yield Label("Involvement")
                yield pick("involvement", [(v, v) for v in rec.INVOLVEMENT], p.get("involvement", ""))
                yield Label("Probation / CRC")
                yield pick("probation", [("yes", "yes"), ("no", "no")], "yes" if p.get("probation") else "no")
                yield Label("Consent (para 50)")
                yield pick("consent", [(v, v) for v in rec.CONSENT], p.get("consent", "unknown"))
                yield Label("Allocated to")
                yield pick("allocated", team, p.get("allocated", ""))
                yield Label("Agencies")
                yield Input("; ".join(p.get("agencies", [])), id="f-agencies", placeholder="agencies involved, separated by ;", compact=True)
            yield NotNames()
            yield Static("", id="child-form-message")
            with Horizontal(id="child-form-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    AUTO_FOCUS = "#f-case_ref"  # the first field, focused as the form opens

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"case_ref": self.query_one("#f-case_ref", Input).value}
        for field in ("stage", "age_band", "gender", "disability", "ethnicity", "involvement", "probation", "consent", "allocated"):
            value = self.query_one(f"#f-{field}", Select).value
            out[field] = "" if value is Select.NULL else value
        out["agencies"] = self.query_one("#f-agencies", Input).value
        if out["stage"] == "":
            out["stage"] = None  # keep the current stage
        for field in ("gender", "disability", "ethnicity", "consent"):
            if out[field] == "":
                out[field] = None
        return out

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        after_typing(self, self._save)

    def action_not_names(self) -> None:
        self.query_one(NotNames).confirm()

    def _save(self) -> None:
        fields = self.fields()
        # The agencies are free text (para 80): the store's own check, confirmed only with Ctrl+O.
        found = free_text.names_in("child", fields, before=self.payload)
        guard = self.query_one(NotNames)
        try:
            if not guard.allows(free_text.words(found)):
                raise FieldworkError(refusal_of(found))
            self.save(fields, guard.confirmed)
        except FieldworkError as err:
            self.query_one("#child-form-message", Static).update(Content.from_markup("[b $error]$m[/]", m=str(err)))
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class MoveTo(ModalScreen[str | None]):
    """Choose the stage to move a child to."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")] + [
        Binding(str(n), f"pick({n - 1})", rec.STAGES[stage], show=False) for n, stage in enumerate(rec.STAGES, start=1)
    ]

    def __init__(self, case_ref: str, current: str) -> None:
        super().__init__()
        self.case_ref = case_ref
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="move-box"):
            yield Static(f"Move {self.case_ref} to…", id="move-title")
            yield OptionList(
                *[
                    Option(f"{n} {label}{'  (now)' if key == self.current else ''}", id=key)
                    for n, (key, label) in enumerate(rec.STAGES.items(), start=1)
                ],
                id="move-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(rec.STAGES).index(self.current) if self.current in rec.STAGES else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        self.dismiss(list(rec.STAGES)[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChildrenScreen(SectionScreen):
    """The list of children with quick filters, stage moves, and the balance of the sample."""

    CSS_PATH = "children.tcss"
    TITLE = "Children"
    HELP = (
        "Children by case reference only. Stages: deep-dive list → shortlisted 20 → tracked (5–7) or sampled. "
        "Columns: F/M gender; D disability; P probation/CRC involvement; EH early help, CIN child in need, "
        "CP child protection, CLA looked after, NFA no further action; n/r not recorded; consent ? not yet known."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        # One line in the help for the five stage filters.
        *[
            Binding(key, f"stage_filter({n})", "" if n else "Show all; 1 deep-dive, 2 shortlisted, 3 tracked, 4 sampled", key_display="0-4" if not n else None, show=False)
            for n, (key, _, label) in enumerate(STAGE_KEYS)
        ],
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("m", "move", "Move"),
        Binding("greater_than_sign", "promote", "Promote", key_display=">"),
        Binding("less_than_sign", "demote", "Demote", key_display="<", show=False),
        Binding("b", "toggle_balance", "Balance"),
        Binding("h", "history", "History", show=False),  # in ? help: the footer must fit 60 columns
        Binding("escape", "escape", "Back", show=False),
    ]

    def __init__(self, workspace: "Workspace", *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.stage: str | None = None
        self.rows: list[ChildRow] = []
        self._groups: dict[str, GroupBalance] | None = None
        self._just_mounted = False

    def compose(self) -> ComposeResult:
        yield Static("", id="children-title")
        yield Input(id="children-filter", placeholder="/ filter by case ref, attribute, agency, initials…", compact=True)
        yield Static("", id="children-warnings")
        with Horizontal(id="children-body"):
            yield FixedWidthTable(id="children-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="balance"):
                yield Static("", id="balance-tracked")
                yield Static("", id="balance-sampled")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (("Case ref", 9), ("Stage", 9), ("Age", 6), ("Gender", 6), ("Ethnic", 6), ("Involvmt", 8), ("D P", 3), ("Consent", 7), ("With", 4)):
            table.add_column(label, width=width, key=label)
        self._fit(self.app.size.width)
        self.refresh_rows()
        self._just_mounted = True
        table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width >= WIDE_FROM, "-wide")
        # Rewrap the balance once the panel has its new width.
        self.call_after_refresh(self._show_balance)

    def on_screen_resume(self) -> None:
        if self._just_mounted:
            self._just_mounted = False  # the resume that follows mounting: the rows were just drawn
            return
        if self.is_mounted and self.workspace.ring is not None:
            self.refresh_rows()

    # --- the list -----------------------------------------------------------------------------

    def refresh_rows(self, keep: str | None = None) -> None:
        ws = self.workspace
        table = self.query_one(DataTable)
        keep = keep or self.current_id()
        self.rows = rows_for(ws)
        text = self.query_one("#children-filter", Input).value
        shown = [r for r in self.rows if matches(r, self.stage, text)]
        table.clear()
        for row in shown:
            p = row.payload
            stage = p.get("stage", "")
            flags = ("D" if p.get("disability") == "yes" else "-") + " " + ("P" if p.get("probation") else "-")
            consent = p.get("consent", "unknown")
            table.add_row(
                Content.from_markup("[b]$r[/]" if stage == "tracked" else "$r", r=row.case_ref),
                SHORT_STAGE.get(stage, stage),
                p.get("age_band") or "—",
                SHORT_GENDER.get(p.get("gender", ""), p.get("gender", "")),
                SHORT_ETHNICITY.get(p.get("ethnicity", ""), p.get("ethnicity", "")),
                SHORT_INVOLVEMENT.get(p.get("involvement", ""), p.get("involvement") or "—"),
                flags,
                Content.from_markup("[$warning]$c[/]" if consent in ("refused", "not-possible") else "$c", c=SHORT_CONSENT.get(consent, consent)),
                row.allocated or "—",
                key=row.id,
            )
        if keep:
            self._select(keep)
        self._summarise(len(shown))

    def _summarise(self, shown: int) -> None:
        counts = {stage: 0 for stage in rec.STAGES}
        for row in self.rows:
            counts[row.payload.get("stage", "")] = counts.get(row.payload.get("stage", ""), 0) + 1
        words = self.workspace.framework.vocabulary
        # The stage counts double as the stage filters: the number key and the active one marked.
        parts = [Content.from_markup("[b]$w[/]", w=words["children"].capitalize())]
        for key, stage, label in STAGE_KEYS:
            count = len(self.rows) if stage is None else counts.get(stage, 0)
            style = "b reverse" if stage == self.stage else ""
            text = f"{key} {SHORT_STAGE.get(stage or '', label).lower()} {count}"
            parts.append(Content.from_markup(f"[{style}]$t[/]" if style else "$t", t=text))
        if shown != len(self.rows):
            parts.append(Content.from_markup("[dim]· showing $n[/]", n=str(shown)))
        self.query_one("#children-title", Static).update(Content("  ").join(parts))
        groups = balance(r.payload for r in self.rows)
        self._groups = groups
        self._show_balance()
        warnings = list(groups["tracked"].warnings) + list(groups["sampled"].warnings)
        strip = self.query_one("#children-warnings", Static)
        if warnings:
            more = f" (+{len(warnings) - 1} more: b shows the balance)" if len(warnings) > 1 else ""
            strip.update(Content.from_markup("[b $warning]![/] $w$more", w=warnings[0], more=more))
        strip.display = bool(warnings)

    def _show_balance(self) -> None:
        groups = self._groups
        if groups is None:
            return
        panel = self.query_one("#balance")
        width = panel.content_region.width or (self.app.size.width if not self.has_class("-wide") else 44)
        self.query_one("#balance-tracked", Static).update(balance_view(groups["tracked"], width))
        self.query_one("#balance-sampled", Static).update(balance_view(groups["sampled"], width))

    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:  # noqa: BLE001 - no valid cursor: nothing selected
            return None

    def _select(self, record_id: str) -> bool:
        table = self.query_one(DataTable)
        try:
            table.move_cursor(row=table.get_row_index(record_id))
        except Exception:  # noqa: BLE001 - filtered out
            return False
        return True

    def _current(self) -> "Record | None":
        record_id = self.current_id()
        record = self.workspace.get(record_id) if record_id else None
        if record is None:
            self.notify("No child is selected.", severity="warning")
        return record

    def show_child(self, case_ref: str) -> None:
        """Select a child by case reference, clearing filters that hide it (command palette)."""
        found = next((r for r in self.rows if r.case_ref == case_ref.strip().upper()), None)
        if found is None:
            self.notify(f"No child {case_ref} on the list.", severity="warning")
            return
        self.stage = None
        self.query_one("#children-filter", Input).value = ""
        self.refresh_rows(keep=found.id)
        self.query_one(DataTable).focus()

    # --- filters ------------------------------------------------------------------------------

    @on(Input.Changed, "#children-filter")
    def _typed(self) -> None:
        self.refresh_rows()

    @on(Input.Submitted, "#children-filter")
    def _done_typing(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#children-filter", Input).focus()

    @on(DataTable.RowSelected, "#children-table")
    def _row_chosen(self) -> None:
        # Enter (or a click on the selected row) opens the child, as in every other list.
        self.action_edit()

    def action_stage_filter(self, index: int) -> None:
        self.stage = STAGE_KEYS[index][1]
        self.refresh_rows()

    def action_escape(self) -> None:
        box = self.query_one("#children-filter", Input)
        if box.has_focus or box.value or self.stage:
            box.value = ""
            self.stage = None
            self.refresh_rows()
            self.query_one(DataTable).focus()
            return
        app: FieldworkApp = self.app  # type: ignore[assignment]
        app.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letter and number keys belong to the filter box while it has focus.
        if isinstance(self.focused, Input) and action not in ("escape", "focus_filter"):
            return None
        return True

    # --- changes ------------------------------------------------------------------------------

    def _after_move(self, record: "Record", stage: str) -> None:
        from store import children

        ref = record.payload.get("case_ref", "")
        try:
            children.edit(self.workspace, ref, {"stage": stage})
        except FieldworkError as err:
            self.notify(str(err), severity="error")
            return
        self.refresh_rows(keep=record.id)
        counts = [r.payload.get("stage") for r in self.rows]
        message = f"{ref}: {rec.STAGES[stage]}."
        if stage == "shortlisted" and counts.count("shortlisted") + counts.count("tracked") > SHORTLIST_SIZE:
            message += f" The shortlist and tracked now hold {counts.count('shortlisted') + counts.count('tracked')}: para 21 asks for {SHORTLIST_SIZE}."
        if stage == "tracked" and counts.count("tracked") > TRACKED_MAX:
            message += f" {counts.count('tracked')} children are tracked: para 55 asks for five to seven."
        self.notify(message)

    def action_promote(self) -> None:
        self._step(PROMOTE, "{ref} is {stage}: use m to move it elsewhere.")

    def action_demote(self) -> None:
        self._step(DEMOTE, "{ref} is already on the deep-dive list.")

    def _step(self, moves: dict[str, str], refusal: str) -> None:
        record = self._current()
        if record is None:
            return
        stage = record.payload.get("stage", "")
        if stage not in moves:
            ref = record.payload.get("case_ref", "")
            self.notify(refusal.format(ref=ref, stage=rec.STAGES.get(stage, stage).lower()), severity="warning")
            return
        self._after_move(record, moves[stage])

    def action_move(self) -> None:
        record = self._current()
        if record is None:
            return

        def chosen(stage: str | None) -> None:
            if stage and stage != record.payload.get("stage"):
                self._after_move(record, stage)

        self.app.push_screen(MoveTo(record.payload.get("case_ref", ""), record.payload.get("stage", "")), chosen)

    def action_add(self) -> None:
        from store import children

        added: list[str] = []

        def save(fields: dict[str, Any], confirm: bool) -> None:
            record = children.add(self.workspace, {k: v for k, v in fields.items() if v is not None}, confirm_no_names=confirm)
            added.append(record.id)

        def done(saved: bool | None) -> None:
            if saved and added:
                self.stage = None
                self.refresh_rows(keep=added[0])
                record = self.workspace.get(added[0])
                self.notify(f"Added {record.payload['case_ref'] if record else 'the child'}.")

        self.app.push_screen(ChildForm(self.workspace, "Add a child — by case reference only, never a name", {"stage": "deep-dive"}, save), done)

    def action_edit(self) -> None:
        from store import children

        record = self._current()
        if record is None:
            return
        ref = record.payload.get("case_ref", "")

        def save(fields: dict[str, Any], confirm: bool) -> None:
            children.edit(self.workspace, ref, {k: v for k, v in fields.items() if v is not None}, confirm_no_names=confirm)

        def done(saved: bool | None) -> None:
            if saved:
                self.refresh_rows(keep=record.id)

        self.app.push_screen(ChildForm(self.workspace, f"Edit {ref}", dict(record.payload), save), done)

    def action_toggle_balance(self) -> None:
        self.toggle_class("-flip")
        self.call_after_refresh(self._show_balance)

    async def action_history(self) -> None:
        record = self._current()
        if record is None:
            return
        app: FieldworkApp = self.app  # type: ignore[assignment]
        await app.open_history(record.id)
