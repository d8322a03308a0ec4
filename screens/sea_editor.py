"""The SEA editor: one entry's criteria, judgement, source, date, children and text, checked live.

As the inspector types, `fieldwork.sea_checks.check_sea` runs (debounced) on what is on screen and
the panel beside the text says what it found: a possible name (para 80, which blocks saving until
the inspector says the words are not names), descriptive rather than evaluative writing (para 77),
recording more than two working days after the evidence (para 78), no source or date (para 75).

Saving goes through `store.sea.add`/`edit`, the same functions the CLI uses, so the editor adds no
rules of its own beyond reading the form. Unsaved work is kept as an encrypted local draft
(`workspace.put_local`), written every few seconds while typing, before the app locks itself, and
when the inspector leaves with "keep as draft"; the constructor restores it, because after an idle
lock the app rebuilds this screen on the reopened workspace.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from fieldwork import free_text
from fieldwork.checks import Flag
from fieldwork.errors import FieldworkError
from fieldwork.records import JUDGEMENTS, SOURCE_TYPES
from fieldwork.sea_checks import check_sea
from screens.base import after_typing
from screens.dialogs import Ask
from screens.widgets.footer import KeysFooter
from screens.widgets.checks_panel import ChecksPanel
from screens.widgets.criterion_picker import CriterionPicker
from screens.widgets.not_names import NotNames, refusal, refusal_of
from store import children as children_store
from store import sea as sea_store

if TYPE_CHECKING:
    from store.workspace import Workspace

DRAFT_PREFIX = "draft:sea:"

# The judgement's words as the guidance uses them, short enough for a one-line select.
JUDGEMENT_CHOICES: tuple[tuple[str, str], ...] = (
    ("Strength", "strength"),
    ("Area for development", "development"),
    ("Serious concern (priority action?)", "concern"),
    ("Context", "context"),
)
assert {v for _, v in JUDGEMENT_CHOICES} == set(JUDGEMENTS)


def draft_key(entry_id: str | None) -> str:
    return f"{DRAFT_PREFIX}{entry_id or 'new'}"


# --- reading the form ---------------------------------------------------------------------------


def read_date(text: str, today: date) -> date | None:
    """The evidence day as typed: ISO (2026-11-23), UK style (23/11/2026), `t`/`today` or
    `y`/`yesterday`. None when empty; ValueError (plain words) when it is not a date."""
    typed = text.strip().lower()
    if not typed:
        return None
    if typed in ("t", "today"):
        return today
    if typed in ("y", "yesterday"):
        return today - timedelta(days=1)
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", typed)
    try:
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1]))
        return date.fromisoformat(typed)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a date: use 2026-11-23, 23/11/2026, t or y.") from None


def read_time(text: str) -> str | None:
    """HH:MM from "10:30", "1030" or "9:05"; None when empty; ValueError when not a time."""
    typed = text.strip()
    if not typed:
        return None
    found = re.fullmatch(r"(\d{1,2}):?(\d{2})", typed)
    if found and int(found[1]) < 24 and int(found[2]) < 60:
        return f"{int(found[1]):02d}:{found[2]}"
    raise ValueError(f"'{typed}' is not a time: use 24-hour HH:MM, like 14:30.")


def split_items(text: str, *, commas_only: bool = False) -> list[str]:
    """Items typed in one box: commas (and semicolons) always separate them; spaces too, except
    for agencies, whose names have spaces ("Health visiting")."""
    parts = re.split(r"[,;]" if commas_only else r"[,;\s]+", text)
    return [p.strip() for p in parts if p.strip()]


class ItemSuggester(Suggester):
    """Completes the item being typed at the end of a list ("CR-104233, CR-10" -> "CR-104299")."""

    def __init__(self, items: Callable[[], Iterable[str]], *, commas_only: bool = False) -> None:
        # Case-sensitive so the items already typed keep their case; matching folds case itself.
        super().__init__(use_cache=False, case_sensitive=True)
        self._items = items
        self._commas_only = commas_only

    async def get_suggestion(self, value: str) -> str | None:
        split = r"[,;]\s*" if self._commas_only else r"[,;\s]\s*"
        parts = re.split(f"({split})", value)
        last = parts[-1]
        if not last.strip():
            return None
        head = "".join(parts[:-1])
        typed = {p.strip().casefold() for p in parts[:-1:2]}
        for item in self._items():
            folded = item.casefold()
            if folded.startswith(last.casefold()) and folded != last.casefold() and folded not in typed:
                return head + item
        return None


# --- the editor ----------------------------------------------------------------------------------


class SeaEditorScreen(Screen[str | None]):
    """Write or change one SEA entry. Dismisses with the entry's id when saved, else None."""

    CSS_PATH = Path(__file__).with_name("sea_editor.tcss")
    TITLE = "SEA entry editor"
    AUTO_FOCUS = "#criterion-search"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    # Seconds of quiet before the checks run, and between automatic draft saves.
    CHECK_DEBOUNCE: ClassVar[float] = 0.25
    DRAFT_EVERY: ClassVar[float] = 10.0

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close"),
        Binding("ctrl+o", "toggle_not_names", "Not names"),
    ]

    def __init__(self, workspace: Workspace, entry_id: str | None = None, *,
                 today: date | None = None, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.workspace = workspace
        self.today = today
        record = workspace.require(entry_id, "sea") if entry_id else None
        self.entry_id = record.id if record else None
        self._record = record
        # Read now, not on mount: after an idle lock the app rebuilds this screen and the draft
        # is what the inspector was typing.
        self._draft: dict[str, Any] | None = workspace.get_local(draft_key(self.entry_id))
        self._initial: dict[str, Any] = {}
        self._auto_strand: str | None = None
        self._check_timer: Timer | None = None
        self._last_draft_save = time.monotonic()
        # A confirmation read from a stored entry or a draft, applied at the next check.
        self._restore_words: frozenset[str] | bool = frozenset()
        self._refused_names: frozenset[str] | None = None  # the words the last refusal named
        self._missing: tuple[str, ...] = ()  # what the last "Not saved yet" named as missing
        self._ready = False  # composed and filled: checks and drafts may read the form
        self._finished = False
        # Read once: none of these changes while one entry is written, and the checks and the
        # suggestions run on every keystroke.
        self._calendar = sea_store.calendar(workspace)
        self._known_refs = sorted(children_store.by_case_ref(workspace))
        self._known_ref_set = frozenset(self._known_refs)
        self._known_agencies: list[str] | None = None

    def reopen(self, workspace: Workspace) -> "SeaEditorScreen":
        """After the idle lock: the same entry, and the draft it kept (read by the constructor)."""
        return SeaEditorScreen(workspace, self.entry_id, today=self.today)

    # -- building --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ws = self.workspace
        framework = ws.framework
        yield Static(self._title(), id="editor-title", markup=False)
        form = VerticalScroll(id="editor-form")
        form.can_focus = False  # Tab goes field to field; the form scrolls to the focused one
        with form:
            yield CriterionPicker(framework, id="criteria")
            with Horizontal(classes="row"):
                yield Label("Judgement", classes="label")
                yield Select(JUDGEMENT_CHOICES, prompt="choose…", id="judgement", compact=True)
                yield Label("Strand", classes="label short")
                yield Select([(s.label, s.id) for s in framework.strands], prompt="choose…",
                             id="strand", compact=True)
            with Horizontal(classes="row"):
                yield Label("Source", classes="label")
                yield Select([(label, key) for key, label in SOURCE_TYPES.items()],
                             prompt="type…", id="source-type", compact=True)
                yield Input(placeholder="job title or document (para 75)", id="source-detail",
                            compact=True)
            with Horizontal(classes="row"):
                yield Label("Evidence", classes="label")
                yield Input(placeholder="date: 2026-11-23, t, y", id="evidence-date", compact=True)
                yield Input(placeholder="HH:MM", id="evidence-time", compact=True)
                yield Label("Agreed by", classes="label short")
                yield Input(placeholder="co-authors' initials (para 78)", id="agreed-by",
                            compact=True, suggester=ItemSuggester(self._team_initials))
            with Horizontal(classes="row"):
                yield Label("Children", classes="label")
                yield Input(placeholder="case references", id="children", compact=True,
                            suggester=ItemSuggester(self._case_refs))
                yield Label("Agencies", classes="label short")
                yield Input(placeholder="police, health, …", id="agencies", compact=True,
                            suggester=ItemSuggester(self._agencies, commas_only=True))
            with Horizontal(id="text-row"):
                yield TextArea(id="text", soft_wrap=True, tab_behavior="focus", compact=True,
                               placeholder="Your evaluation: how good is the practice, and what "
                                           "difference does it make for the child? (para 77)")
                with Vertical(id="side"):
                    yield ChecksPanel(id="checks")
                    yield NotNames()
            yield Static("", id="editor-message", markup=False)
        yield KeysFooter()

    def _title(self) -> str:
        entry = self.workspace.framework.vocabulary["entry"]
        if self._record is None:
            return f"New {entry}"
        p = self._record.payload
        author = self.workspace.inspector_name(self._record.author) or "?"
        recorded = str(p.get("recorded_at", "")).replace("T", " ")
        return f"Edit {entry} · by {author} · recorded {recorded}"

    def on_mount(self) -> None:
        self._ready = True
        if self._record is not None:
            self._fill(self._stored_fields())
        self._initial = self._fields()
        if self._draft is not None:
            self._fill(self._draft.get("fields", {}))
            self._say(self._draft_notice(self._draft), "notice")
        self._warm_name_lists()
        self.run_checks()

    def _stored_fields(self) -> dict[str, Any]:
        assert self._record is not None
        p = self._record.payload
        evidence = str(p.get("evidence_at", ""))
        names = [self.workspace.inspector_name(i) or i for i in p.get("agreed_by", [])]
        return {
            "criteria": list(p.get("criteria", [])),
            "judgement": p.get("judgement", ""),
            "strand": p.get("strand", ""),
            "source_type": p.get("source_type", ""),
            "source_detail": p.get("source_detail", ""),
            "evidence_date": evidence[:10],
            "evidence_time": evidence[11:16],
            "agreed_by": ", ".join(names),
            "children": ", ".join(p.get("children", [])),
            "agencies": ", ".join(p.get("agencies", [])),
            "text": p.get("text", ""),
            "not_names": bool(p.get("confirmed_no_names")),
        }

    def _draft_notice(self, draft: dict[str, Any]) -> str:
        when = str(draft.get("saved_at", ""))[11:16]
        notice = f"Restored your unsaved draft{f' from {when}' if when else ''}."
        if self._record is not None and draft.get("base_version") != self._record.version:
            notice += (" The entry has changed since (another laptop or an earlier save): check "
                       "the fields before saving over it.")
        return notice + " Escape, then d, discards it."

    @work(thread=True, exclusive=True, group="name-lists")
    def _warm_name_lists(self) -> None:
        # The first-name lists take a moment to load once per process; do it off the UI thread
        # so the first keystroke's check does not stall.
        from fieldwork.checks import load_name_lists

        load_name_lists()

    # -- the form's state --------------------------------------------------------------------------

    def _fields(self) -> dict[str, Any]:
        """Everything on the form as typed: what a draft keeps and what "unsaved" compares."""
        def select(selector: str) -> str:
            value = self.query_one(selector, Select).value
            return "" if value is Select.NULL else str(value)

        return {
            "criteria": list(self.query_one(CriterionPicker).codes),
            "judgement": select("#judgement"),
            "strand": select("#strand"),
            "source_type": select("#source-type"),
            "source_detail": self.query_one("#source-detail", Input).value,
            "evidence_date": self.query_one("#evidence-date", Input).value,
            "evidence_time": self.query_one("#evidence-time", Input).value,
            "agreed_by": self.query_one("#agreed-by", Input).value,
            "children": self.query_one("#children", Input).value,
            "agencies": self.query_one("#agencies", Input).value,
            "text": self.query_one("#text", TextArea).text,
            # The words confirmed as not names: a draft restores the confirmation for them only.
            "not_names": sorted(self.query_one(NotNames).covers),
        }

    def _fill(self, fields: dict[str, Any]) -> None:
        picker = self.query_one(CriterionPicker)
        picker.set_codes([c for c in fields.get("criteria", []) if isinstance(c, str)])
        self._auto_strand = self._default_strand()
        for selector, key in (("#judgement", "judgement"), ("#strand", "strand"),
                              ("#source-type", "source_type")):
            widget = self.query_one(selector, Select)
            try:
                widget.value = fields.get(key) or Select.NULL
            except InvalidSelectValueError:
                widget.value = Select.NULL  # a value this build does not offer (an old draft)
        for selector, key in (("#source-detail", "source_detail"), ("#evidence-date", "evidence_date"),
                              ("#evidence-time", "evidence_time"), ("#agreed-by", "agreed_by"),
                              ("#children", "children"), ("#agencies", "agencies")):
            self.query_one(selector, Input).value = str(fields.get(key) or "")
        text = self.query_one("#text", TextArea)
        text.load_text(str(fields.get("text") or ""))
        text.move_cursor(text.document.end)  # an edit usually adds to the end
        # A stored entry says only that it was saved on a confirmation (True): the first check
        # gives it the words flagged then. A draft names the words.
        confirmed = fields.get("not_names")
        self._restore_words = confirmed if confirmed is True else frozenset(confirmed or ())

    @property
    def dirty(self) -> bool:
        return self._ready and self._fields() != self._initial

    def _default_strand(self) -> str | None:
        codes = self.query_one(CriterionPicker).codes
        found = self.workspace.framework.get(codes[0]) if codes else None
        return found.strand if found else None

    def _today(self) -> date:
        return self.today or date.today()

    def _now(self) -> datetime:
        if self.today is not None:
            return datetime.combine(self.today, datetime.now().time()).replace(second=0, microsecond=0)
        return datetime.now().replace(second=0, microsecond=0)

    # -- suggestions -------------------------------------------------------------------------------

    def _case_refs(self) -> list[str]:
        return self._known_refs

    def _team_initials(self) -> list[str]:
        me = self.workspace.me_id
        return sorted(r.payload.get("name", "") for r in self.workspace.records("inspector")
                      if r.id != me)

    def _agencies(self) -> list[str]:
        if self._known_agencies is None:
            # Agencies already named on this inspection, so the same agency is spelt one way.
            seen: dict[str, str] = {}
            for kind in ("sea", "child"):
                for record in self.workspace.records(kind):
                    for agency in record.payload.get("agencies", []):
                        seen.setdefault(agency.casefold(), agency)
            self._known_agencies = sorted(seen.values(), key=str.casefold)
        return self._known_agencies

    # -- live checks -------------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if self.CHECK_DEBOUNCE <= 0:
            self.run_checks()
        else:
            self._check_timer = self.set_timer(self.CHECK_DEBOUNCE, self.run_checks)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _field_changed(self) -> None:
        self._changed()

    @on(Input.Blurred, "#evidence-date")
    def _tidy_date(self, event: Input.Blurred) -> None:
        # Show what "t" or "23/11/2026" was read as, so the stored date is never a surprise.
        try:
            day = read_date(event.value, self._today())
        except ValueError:
            return
        if day is not None:
            event.input.value = day.isoformat()

    @on(Input.Blurred, "#evidence-time")
    def _tidy_time(self, event: Input.Blurred) -> None:
        try:
            clock = read_time(event.value)
        except ValueError:
            return
        if clock is not None:
            event.input.value = clock

    @on(CriterionPicker.Changed)
    def _criteria_changed(self) -> None:
        # The strand follows the first criterion until the inspector picks another strand.
        strand = self.query_one("#strand", Select)
        default = self._default_strand()
        if strand.value is Select.NULL or strand.value == self._auto_strand:
            if default is not None:
                strand.value = default
        self._auto_strand = default
        self._changed()

    def _evidence_at(self, fields: dict[str, Any]) -> str | None:
        """YYYY-MM-DD[THH:MM] from the date and time boxes; None without a date; ValueError (in
        plain words) when either cannot be read."""
        day = read_date(fields["evidence_date"], self._today())
        clock = read_time(fields["evidence_time"])
        if day is None:
            return None
        return f"{day.isoformat()}T{clock}" if clock else day.isoformat()

    def _check_payload(self, fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """What `check_sea` looks at, read leniently from the form, and notes on what could not
        be read (a date that is not a date); saving reads the same form strictly."""
        notes: list[str] = []
        evidence_at: str | None = None
        try:
            evidence_at = self._evidence_at(fields)
        except ValueError as err:
            notes.append(str(err))
        recorded = (self._record.payload.get("recorded_at") if self._record is not None
                    else self._now().isoformat(timespec="minutes"))
        unknown = [r for r in (c.upper() for c in split_items(fields["children"]))
                   if r not in self._known_ref_set]
        if unknown:
            notes.append(f"Not on the list of children: {', '.join(unknown)}. Add the child "
                         f"first, or check the reference.")
        payload = {
            "text": fields["text"],
            "evidence_at": evidence_at,
            "recorded_at": recorded,
            "source_type": fields["source_type"],
            "source_detail": fields["source_detail"],
        }
        return payload, notes

    def run_checks(self) -> list[Flag]:
        """Check what is on the form now and show it; also keeps the draft current."""
        self._check_timer = None
        if not self._ready or self._finished:
            return []
        fields = self._fields()
        payload, notes = self._check_payload(fields)
        flags = check_sea(payload, calendar=self._calendar)
        self.query_one(ChecksPanel).show(flags, notes)
        self._show_name_confirmation(flags)
        if self._missing:
            self._update_missing(tuple(self._store_fields(fields)[1]))
        if self.dirty and time.monotonic() - self._last_draft_save >= self.DRAFT_EVERY:
            self.save_draft()
        return flags

    def _show_name_confirmation(self, flags: Sequence[Flag]) -> None:
        words = frozenset(f.word or "" for f in flags if f.blocking)
        guard = self.query_one(NotNames)
        shown = bool(guard.flagged)
        restore, self._restore_words = self._restore_words, frozenset()
        if restore:
            guard.restore(words if restore is True else restore)
        guard.track(words)
        if self._refused_names is not None and words != self._refused_names:
            # The refusal named words that are no longer there (or no longer alone): it is stale.
            self._refused_names = None
            self._say("", "notice")
        if shown != bool(words):
            self.refresh_bindings()  # Ctrl+O shows in the footer only while there is a name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_not_names":
            return self._ready and bool(self.query_one(NotNames).flagged)
        return True

    def action_toggle_not_names(self) -> None:
        # Never moves focus: the inspector goes on typing where they were.
        self.query_one(NotNames).confirm()

    # -- saving ------------------------------------------------------------------------------------

    def _store_fields(self, fields: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The form as `store.sea` takes it, and what is missing or unreadable, in plain words."""
        problems: list[str] = []
        if not fields["criteria"]:
            problems.append("pick at least one criterion")
        if not fields["judgement"]:
            problems.append("choose a judgement")
        if not fields["source_type"]:
            problems.append("choose the type of source")
        evidence_at = None
        try:
            evidence_at = self._evidence_at(fields)
            if evidence_at is None:
                problems.append("give the evidence date")
        except ValueError as err:
            problems.append(str(err).rstrip("."))
        if not fields["text"].strip():
            problems.append("write the evaluation")
        out = {
            "criteria": fields["criteria"],
            "judgement": fields["judgement"] or None,
            "strand": fields["strand"] or None,
            "source_type": fields["source_type"] or None,
            "source_detail": fields["source_detail"],
            "evidence_at": evidence_at,
            "children": split_items(fields["children"]),
            "agencies": split_items(fields["agencies"], commas_only=True),
            "agreed_by": split_items(fields["agreed_by"]),
            "text": fields["text"],
        }
        return out, problems

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        fields = self._fields()
        data, problems = self._store_fields(fields)
        if problems:
            self._missing = ()
            self._update_missing(tuple(problems))
            return
        flags = self.run_checks()
        names = frozenset(f.word or "" for f in flags if f.blocking)
        if not self.query_one(NotNames).allows(names):
            found = free_text.names_in("sea", data)  # the same words, each named with its field
            self._say(refusal_of(found) if found else refusal(names), "error")
            self._refused_names = names
            return
        try:
            if self._record is None:
                record, _ = sea_store.add(self.workspace, data, confirm_no_names=bool(names))
            else:
                record, _ = sea_store.edit(self.workspace, self._record.id, data,
                                           confirm_no_names=bool(names))
        except FieldworkError as err:
            # Nothing is lost: the form stays as it is, and the draft is kept up to date.
            self._say(f"Not saved: {err}", "error")
            self.save_draft()
            return
        self.workspace.delete_local(draft_key(self.entry_id))
        self._finished = True
        self.notify(f"Saved {self.workspace.framework.vocabulary['entry']} "
                    f"{', '.join(record.payload.get('criteria', []))}.")
        self.dismiss(record.id)

    def _update_missing(self, problems: tuple[str, ...]) -> None:
        """Keep "Not saved yet" true as the form changes: it names only what is still missing,
        and goes once nothing is (a refusal left standing after the fix reads as a new one)."""
        if problems == self._missing:
            return
        self._missing = problems
        self._say("Not saved yet: " + "; ".join(problems) + "." if problems else "", "error" if problems else "notice")

    def _say(self, message: str, kind: str) -> None:
        line = self.query_one("#editor-message", Static)
        line.update(message)
        line.set_classes(f"-{kind}")
        line.scroll_visible()

    # -- drafts and leaving ------------------------------------------------------------------------

    def save_draft(self) -> bool:
        """Keep the unsaved form, encrypted on this laptop only; True if there was one to keep.

        The app calls this before it locks itself for idleness."""
        if not self._ready or self._finished or self.workspace.ring is None:
            return False
        self._last_draft_save = time.monotonic()
        if not self.dirty:
            return False
        self.workspace.put_local(draft_key(self.entry_id), {
            "fields": self._fields(),
            "base_version": self._record.version if self._record else None,
            "saved_at": datetime.now().isoformat(timespec="seconds"),
        })
        return True

    def action_close(self) -> None:
        if not self.dirty:
            # Nothing typed since it opened (or since the draft it restored): leave any draft be.
            self._leave(None)
            return

        def answer(choice: str | None) -> None:
            if choice == "discard":
                self.workspace.delete_local(draft_key(self.entry_id))
                self._leave(None)
            elif choice == "draft":
                self.save_draft()
                self._leave(None)

        self.app.push_screen(Ask(
            "This entry has changes that are not saved.",
            (("k", "Keep as draft", "draft"), ("d", "Discard them", "discard")),
            back="Keep editing",
        ), answer)

    def _leave(self, result: str | None) -> None:
        self._finished = True
        self.dismiss(result)
