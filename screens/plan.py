"""The on-site plan: a day at a time, for the whole team or one inspector, each activity's para 25
warnings beside it; para 67's leaders as a checklist; and, for redeploying (para 26), where the
evidence is already sufficient against each criterion.

The rules live in fieldwork.plan and the records in store.plan, the same as `fieldwork plan`.
The lead writes and moves activities with `fieldwork plan add|move`; this screen is where the
team reads the plan during the week.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Static

from fieldwork import evaluations, plan, voice
from screens.concerns import ConcernForm, FormField
from screens.state_style import state_style
from store import allocation as store_allocation
from store import evaluations as store_evaluations
from store import gaps as store_gaps
from store import plan as store
from store import voice as store_voice
from store.workspace import Workspace

VIEWS: dict[str, str] = {"day": "Day", "allocation": "Allocation", "voice": "Children", "leaders": "Leaders (para 67)", "criteria": "Sufficiency"}


class PlanScreen(Screen[None]):
    """One day of the plan at a time; the leaders checklist; sufficiency per criterion."""

    CSS_PATH = "plan.tcss"
    TITLE = "Plan"
    HELP = (
        "The on-site plan. Left and right move a day, i shows one inspector's day in turn, "
        "a who tracks each child and samples each group, v each tracked child's consent, conversations and "
        "joint evaluation, l the para 67 leaders checklist, "
        "u where evidence is sufficient (para 26), d the day again. The lead adds an activity with n "
        "and moves the highlighted one with m, saying why (para 26)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "day(-1)", "Day before"),
        Binding("right", "day(1)", "Day after"),
        Binding("n", "new", "New"),
        Binding("m", "move", "Move"),
        Binding("i", "inspector", "Who"),
        Binding("d", "view('day')", "Day", show=False),
        Binding("a", "view('allocation')", "Allocated"),
        Binding("v", "view('voice')", "Voice"),
        Binding("l", "view('leaders')", "Leaders", show=False),
        Binding("u", "view('criteria')", "Sufficient"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self._today = today
        self.view = "day"
        self.day = ""
        self.inspector: str | None = None  # None: the whole team
        self.names: dict[str, str] = {}
        self.warnings: list[plan.Warning] = []
        self.activities: dict[str, plan.Activity] = {}
        self.allocations: list[dict[str, Any]] = []
        self.voice: dict[str, dict[str, Any]] = {}
        self._filled = {"day"}
        self._added = ""
        self.evaluations: dict[str, dict[str, Any]] = {}

    @property
    def today(self) -> date:
        return self._today or date.today()

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-title")
        with ContentSwitcher(initial="plan-day", id="plan-views"):
            yield DataTable(id="plan-day", cursor_type="row")
            yield DataTable(id="plan-allocation", cursor_type="row")
            yield DataTable(id="plan-voice", cursor_type="row")
            yield DataTable(id="plan-leaders", cursor_type="row")
            yield DataTable(id="plan-criteria", cursor_type="row")
        with VerticalScroll(id="plan-detail"):
            yield Static("", id="plan-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        ws = self.workspace
        self.names = store.names(ws)
        self.activities = {a.id: a for a in store.activities(ws)}
        self.warnings = plan.check_plan(self.activities.values(), names=self.names)
        days = plan.days(self.activities.values())
        today = self.today.isoformat()
        self.day = today if today in days or not days else next((d for d in days if d >= today), days[-1])
        table = self.query_one("#plan-day", DataTable)
        table.add_column("Time", key="time", width=11)
        table.add_column("Activity", key="what", width=18)
        table.add_column("Place", key="place", width=16)
        table.add_column("Who", key="who", width=10)
        table.add_column("Checks", key="checks")
        allocation = self.query_one("#plan-allocation", DataTable)
        allocation.add_column("Child or group", key="what", width=24)
        allocation.add_column("Stage", key="stage", width=9)
        allocation.add_column("Inspectors", key="who", width=14)
        allocation.add_column("Checks", key="checks")
        voice = self.query_one("#plan-voice", DataTable)
        voice.add_column("Child", key="child", width=11)
        voice.add_column("Consent", key="consent", width=16)
        voice.add_column("Spoken", key="spoken", width=7)
        voice.add_column("Evaluation", key="evaluation", width=12)
        voice.add_column("Checks", key="checks")
        leaders = self.query_one("#plan-leaders", DataTable)
        leaders.add_column("", key="mark", width=3)
        leaders.add_column("Leader", key="leader")
        leaders.add_column("Inspectors", key="who", width=14)
        criteria = self.query_one("#plan-criteria", DataTable)
        criteria.add_column("Criterion", key="code", width=10)
        criteria.add_column("Entries", key="n", width=7)
        criteria.add_column("Sufficient", key="ok", width=14)
        criteria.add_column("Label", key="label")
        self._fill_day()
        # The other views are filled when first shown: sufficiency alone is a gap analysis of
        # the whole SEA (75 ms at 2,000 entries), and the day is what the screen opens on.
        table.focus()

    # --- views --------------------------------------------------------------------------------

    def _title(self) -> None:
        t = Text()
        if self.view == "day":
            t.append(_day_label(self.day) if self.activities else "No activities planned yet", style="bold")
            t.append(f" · {self.names.get(self.inspector, '') if self.inspector else 'whole team'}")
            shown = self._shown()
            warned = sum(1 for a in shown if plan.warnings_for(self.warnings, a))
            t.append(f" · {len(shown)} activit{'ies' if len(shown) != 1 else 'y'}")
            if warned:
                t.append(f" · {warned} with checks", style=state_style(self.app, "caution"))
        elif self.view == "allocation":
            warned = sum(1 for r in self.allocations if r["warnings"])
            t.append("Allocation", style="bold")
            t.append(f" · {len(self.allocations)} children and groups")
            if warned:
                t.append(f" · {warned} with checks", style=state_style(self.app, "caution"))
        elif self.view == "voice":
            spoken = sum(1 for r in self.voice.values() if r["spoken"])
            received = sum(1 for r in self.evaluations.values() if r["received_on"])
            t.append("Children's voice and joint evaluations", style="bold")
            t.append(f" · spoken with {spoken} · evaluations received {received}")
        elif self.view == "leaders":
            rows = plan.leaders_checklist(self.activities.values())
            t.append("Leaders to meet (para 67)", style="bold")
            t.append(f" · {sum(r.booked for r in rows)} of {len(rows)} booked")
        else:
            t.append("Sufficiency per criterion", style="bold")
            t.append(" · where evidence is agreed sufficient, inspectors can be redeployed (para 26)")
        self.query_one("#plan-title", Static).update(t)

    def _shown(self) -> list[plan.Activity]:
        return plan.day_view(self.activities.values(), self.day, self.inspector)

    def _fill_day(self) -> None:
        table = self.query_one("#plan-day", DataTable)
        table.clear()
        for a in self._shown():
            found = plan.warnings_for(self.warnings, a)
            what = plan.TYPES.get(a.type, a.type)
            table.add_row(
                f"{plan.hhmm(a.start)}-{plan.hhmm(a.end)}",
                Text(what, no_wrap=True, overflow="ellipsis"),
                Text("By phone" if not a.in_person else a.place, no_wrap=True, overflow="ellipsis"),
                " ".join(self.names.get(i, i[:8]) for i in a.inspectors) or Text("nobody", style=state_style(self.app, "caution")),
                Text(f"! {found[0].check}" + (f" +{len(found) - 1}" if len(found) > 1 else ""), style=state_style(self.app, "check")) if found else Text("ok", style="dim"),
                key=a.id,
            )
        self._title()
        if not table.row_count:
            self._detail(Text("Nothing planned for this day" + (" for this inspector." if self.inspector else ".")
                              + "\nThe lead adds activities with 'fieldwork plan add'."))

    def _fill_allocation(self) -> None:
        table = self.query_one("#plan-allocation", DataTable)
        table.clear()
        self.allocations = store_allocation.rows(self.workspace)
        for n, row in enumerate(self.allocations):
            found = row["warnings"]
            table.add_row(
                Text(row["child"] or row["group"], no_wrap=True, overflow="ellipsis"),
                "group" if row["group"] else row["stage"],
                " ".join(row["inspectors"]) or Text("nobody", style=state_style(self.app, "caution")),
                Text(f"! {len(found)}", style=state_style(self.app, "check")) if found else Text("ok", style="dim"),
                key=str(n),
            )

    def _fill_voice(self) -> None:
        table = self.query_one("#plan-voice", DataTable)
        table.clear()
        self.voice = {r["child"]: r for r in store_voice.rows(self.workspace, today=self.today)}
        self.evaluations = {r["child"]: r for r in store_evaluations.rows(self.workspace, today=self.today)}
        for ref in sorted(set(self.voice) | set(self.evaluations)):
            v = self.voice.get(ref, {})
            e = self.evaluations.get(ref, {})
            found = [*v.get("warnings", []), *e.get("warnings", [])]
            consent = f"{_short(v.get('child_consent', 'unknown'))} / {_short(v.get('carer_consent', 'unknown'))}"
            received = e.get("received_on", "")
            table.add_row(
                ref,
                consent,
                str(len(v.get("spoken", []))),
                Text(received[5:] + ("" if e.get("on_time") else " late"), style="" if e.get("on_time") else state_style(self.app, "caution")) if received else Text("awaited", style="dim"),
                Text(f"! {len(found)}", style=state_style(self.app, "check")) if found else Text("ok", style="dim"),
                key=ref,
            )

    def _fill_leaders(self) -> None:
        table = self.query_one("#plan-leaders", DataTable)
        table.clear()
        for row in plan.leaders_checklist(self.activities.values()):
            table.add_row(
                Text("[x]" if row.booked else "[ ]", style=state_style(self.app, "done") if row.booked else state_style(self.app, "caution")),
                Text(row.title, no_wrap=True, overflow="ellipsis"),
                " ".join(self.names.get(i, i[:8]) for i in row.inspectors),
                key=row.key,
            )

    def _fill_criteria(self) -> None:
        table = self.query_one("#plan-criteria", DataTable)
        table.clear()
        report = store_gaps.report(self.workspace, today=self.today)
        for row in report.criteria:
            ok = Text(f"yes ({row.marked_by})" if row.marked_by else "yes", style=state_style(self.app, "done")) if row.sufficient else (
                Text("gap", style=state_style(self.app, "check")) if row.gap else Text("not yet", style="dim"))
            table.add_row(row.code, str(row.total), ok, Text(row.label, no_wrap=True, overflow="ellipsis"), key=row.code)

    def _detail(self, text: Text) -> None:
        self.query_one("#plan-detail-text", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != f"plan-{self.view}":
            return  # a hidden table filled or refilled: its rows are not what is being read
        if event.row_key is None:
            return  # an empty table (an inspector with nothing that day) highlights no row
        key = str(event.row_key.value)
        if event.data_table.id == "plan-day":
            self._show_activity(key)
        elif event.data_table.id == "plan-allocation":
            row = self.allocations[int(key)]
            t = Text(f"{row['child'] or row['group']}: {', '.join(row['inspectors']) or 'nobody allocated'}", style="bold")
            if row["reason"]:
                t.append(f"\nLast change: {row['reason']}", style="dim")
            for message in row["warnings"]:
                t.append("\n! ", style=state_style(self.app, "check"))
                t.append(message)
            self._detail(t)
        elif event.data_table.id == "plan-voice":
            self._detail(self._voice_detail(key))
        elif event.data_table.id == "plan-leaders":
            row = next((r for r in plan.leaders_checklist(self.activities.values()) if r.key == key), None)
            if row is not None:
                t = Text(row.title, style="bold")
                if not row.booked:
                    t.append("\nNobody is booked to meet this leader yet.")
                for aid in row.activities:
                    a = self.activities[aid]
                    t.append(f"\n{_day_label(a.day)} {plan.hhmm(a.start)}: {plan.TYPES.get(a.type, a.type)}, "
                             f"{'by phone' if not a.in_person else a.place}")
                self._detail(t)
        else:
            self._detail(Text(f"{key}: mark it sufficient with 'fieldwork gaps sufficient' once the team agrees (para 33)."))

    def _voice_detail(self, ref: str) -> Text:
        v = self.voice.get(ref, {})
        e = self.evaluations.get(ref, {})
        t = Text(ref, style="bold")
        t.append(f" · child {voice.ANSWERS.get(v.get('child_consent', 'unknown'), '').lower()}, parent or carer "
                 f"{voice.ANSWERS.get(v.get('carer_consent', 'unknown'), '').lower()}")
        if v.get("confirmed_on"):
            t.append(f", confirmed in writing {v['confirmed_on']}")
        if v.get("reason"):
            t.append(f"\nAgency's reason: {v['reason']}")
        for talk in v.get("spoken", []):
            t.append(f"\nSpoken with {talk['on']} {voice.HOW.get(talk['how'], talk['how']).lower()} by {talk['by']}"
                     + ("; feedback to the agency" if talk["feedback_to_agency"] else ""))
        if e.get("quality"):
            t.append(f"\nJoint evaluation: {e['quality']} ({evaluations.MATCHES.get(e.get('matches', ''), '').lower()})")
        for message in [*v.get("warnings", []), *e.get("warnings", [])]:
            t.append("\n! ", style=state_style(self.app, "check"))
            t.append(message)
        return t

    def _show_activity(self, activity_id: str) -> None:
        record = self.workspace.get(activity_id)
        a = self.activities.get(activity_id)
        if record is None or a is None:
            return
        p = record.payload
        t = Text()
        t.append(plan.describe(p, self.names), style="bold")
        t.append(f"\n{plan.hhmm(a.start)}-{plan.hhmm(a.end)} · {'by phone' if not a.in_person else a.place}")
        if p.get("agencies"):
            t.append(f" · {', '.join(p['agencies'])}")
        if p.get("children"):
            t.append(f" · {', '.join(p['children'])}")
        if p.get("leaders"):
            t.append("\nLeaders: " + "; ".join(plan.LEADERS.get(k, k) for k in p["leaders"]))
        if p.get("support_detail"):
            t.append(f"\nSupport: {p['support_detail']}")
        if p.get("note"):
            t.append(f"\n{p['note']}", style="italic")
        if p.get("reason"):
            t.append(f"\nMoved: {p['reason']}", style="dim")
        for w in plan.warnings_for(self.warnings, a):
            t.append("\n! ", style=state_style(self.app, "check"))
            t.append(w.message)
        self._detail(t)

    # --- actions ------------------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        days = plan.days(self.activities.values())
        if not days:
            return
        at = days.index(self.day) if self.day in days else 0
        self.day = days[max(0, min(len(days) - 1, at + step))]
        self.action_view("day")
        self._fill_day()

    def action_inspector(self) -> None:
        team = [r.id for r in sorted(self.workspace.records("inspector"), key=lambda r: r.payload.get("name", ""))]
        cycle: list[str | None] = [None, *team]
        self.inspector = cycle[(cycle.index(self.inspector) + 1) % len(cycle)] if self.inspector in cycle else None
        self.action_view("day")
        self._fill_day()

    def action_view(self, view: str) -> None:
        if view not in self._filled:
            self._filled.add(view)
            {"allocation": self._fill_allocation, "voice": self._fill_voice, "leaders": self._fill_leaders,
             "criteria": self._fill_criteria}[view]()
        self.view = view
        self.query_one(ContentSwitcher).current = f"plan-{view}"
        table = self.query_one(f"#plan-{view}", DataTable)
        table.focus()
        self._title()
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.on_data_table_row_highlighted(DataTable.RowHighlighted(table, table.cursor_row, key))

    def action_new(self) -> None:
        """The lead adds an activity to the day shown, through the same rules as `plan add`."""
        if not self.workspace.is_lead:
            self.notify("Only the lead inspector writes the plan (para 25).", severity="warning")
            return
        day = self.day or self.today.isoformat()
        fields = [
            FormField("type", "Activity", kind="choice", value="interview", options=tuple(plan.TYPES.items())),
            FormField("day", "Day", kind="date", value=day, placeholder="YYYY-MM-DD"),
            FormField("start", "Start", placeholder="HH:MM"),
            FormField("end", "End", placeholder="HH:MM"),
            FormField("place", "Place", placeholder="where, or phone"),
            FormField("meeting", "To meet", placeholder="job titles, ; between"),
            FormField("agencies", "Agencies", placeholder="; between"),
            FormField("inspectors", "Inspectors", value=self.names.get(self.inspector or "", ""), placeholder="initials, space between"),
            FormField("children", "Children", placeholder="case references, space between"),
            FormField("roles_given", "Roles given", kind="choice", value="no",
                      options=(("yes", "Names and roles given in advance"), ("no", "Not yet"))),
            FormField("note", "Note", kind="text"),
        ]

        def submit(values: dict[str, Any]) -> None:
            made = store.add(self.workspace, {
                "type": values["type"], "day": values["day"], "start": values["start"], "end": values["end"],
                "place": values["place"], "meeting": values["meeting"].split(";"), "agencies": values["agencies"].split(";"),
                "inspectors": values["inspectors"].split(), "children": values["children"].split(),
                "roles_given": values["roles_given"] == "yes", "note": values["note"],
            }, confirm_no_names=values.get("confirm_no_names", False))
            self._added = made.id

        def done(saved: bool | None) -> None:
            if saved:
                self._reload(self._added)
                self.notify("Added to the plan.")

        self.app.push_screen(ConcernForm("New activity (para 25's checks show once it is saved)", fields, submit,
                                         kind=plan.KIND), done)

    def _reload(self, activity_id: str) -> None:
        """After a change: the plan and its checks again, on the changed activity's day."""
        self.activities = {a.id: a for a in store.activities(self.workspace)}
        self.warnings = plan.check_plan(self.activities.values(), names=self.names)
        changed = self.activities.get(activity_id)
        if changed is not None:
            self.day = changed.day
        self._filled = {"day"}
        self.action_view("day")
        self._fill_day()
        table = self.query_one("#plan-day", DataTable)
        if changed is not None and activity_id in {str(r.key.value) for r in table.ordered_rows}:
            table.move_cursor(row=table.get_row_index(activity_id), animate=False)

    def action_move(self) -> None:
        """The lead moves the highlighted activity, or sends other inspectors, saying why (para 26)."""
        if self.view != "day":
            self.action_view("day")
        table = self.query_one("#plan-day", DataTable)
        if not table.row_count:
            return
        if not self.workspace.is_lead:
            self.notify("Only the lead inspector moves the plan (para 26).", severity="warning")
            return
        activity_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        record = self.workspace.require(activity_id, store.KIND)
        p = record.payload
        fields = [
            FormField("day", "Day", kind="date", value=str(p.get("day", "")), placeholder="YYYY-MM-DD"),
            FormField("start", "Start", value=str(p.get("start", "")), placeholder="HH:MM"),
            FormField("end", "End", value=str(p.get("end", "")), placeholder="HH:MM"),
            FormField("place", "Place", value=str(p.get("place", "")), placeholder="where, or phone"),
            FormField("inspectors", "Inspectors", value=" ".join(self.names.get(i, i) for i in p.get("inspectors", [])),
                      placeholder="initials, space between"),
            FormField("reason", "Why", kind="text"),
        ]

        def submit(values: dict[str, Any]) -> None:
            changes = {k: values[k] for k in ("day", "start", "end", "place") if values[k].strip() != str(p.get(k, ""))}
            who = values["inspectors"].split()
            if who != [self.names.get(i, i) for i in p.get("inspectors", [])]:
                changes["inspectors"] = who
            store.move(self.workspace, activity_id, changes, reason=values["reason"], confirm_no_names=values.get("confirm_no_names", False))

        def done(saved: bool | None) -> None:
            if saved:
                self._reload(activity_id)
                self.notify("Moved; the activity's history keeps where it was and why.")

        self.app.push_screen(ConcernForm(f"Move: {plan.describe(p, self.names)}", fields, submit, kind=plan.KIND, before=p), done)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


def _day_label(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%a %d %b %Y")
    except ValueError:
        return day


def _short(answer: str) -> str:
    return {"unknown": "?", "not-possible": "n/p"}.get(answer, answer)
