"""Timeline: the inspection's working days as dates (para 9), today marked, and the statement of
action's due date (para 98).

Dates come from fieldwork.timeline with the inspection's notification date and local closures, the
same computation as `fieldwork timeline`. Where the guidance's usual weekday and the counted date
disagree (around bank holidays, and always for day 43), the label is shown with the weekday the
guidance expected, so nobody plans to the wrong day.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from fieldwork import records as rec
from fieldwork import timeline
from screens.widgets.fixed_table import FixedWidthTable
from screens.widgets.footer import KeysFooter
from screens.base import SectionScreen
from screens.state_style import state_style
from store import letter_details, sea
from store.workspace import Workspace

TODAY_KEY = "today"


class TimelineScreen(SectionScreen):
    """Days -1 to 43 and the statement of action, as dates."""

    CSS_PATH = "timeline.tcss"
    TITLE = "Timeline"
    BINDINGS = [
        Binding("t", "to_today", "Today"),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.milestones: dict[str, timeline.Milestone] = {}
        self.today_row = 0
        self.day_off: str | None = None  # today is not a working day: what to say instead

    def compose(self) -> ComposeResult:
        yield Static("", id="timeline-title")
        yield FixedWidthTable(id="timeline-table", cursor_type="row")
        with VerticalScroll(id="timeline-detail"):
            yield Static("", id="timeline-activity")
        yield KeysFooter()

    def on_mount(self) -> None:
        notified = rec.parse_date(self.workspace.inspection["notified"])
        cal = sea.calendar(self.workspace)
        # Para 98: from the day the letter was actually sent, once the lead has recorded it.
        sent = letter_details.details(self.workspace).letter_sent
        items = timeline.milestones(notified, cal, date.fromisoformat(sent) if sent else None)
        day = timeline.day_of_inspection(notified, self.today, cal)
        statement = items[-1]
        title = Text()
        title.append(f"Notified {notified.strftime('%a %d %b %Y')} · today {self.today.strftime('%a %d %b')}: ")
        self.day_off = timeline.day_off(notified, self.today, cal)
        title.append(self.day_off or f"day {day}, {timeline.phase(day)}", style="bold")
        title.append(f" · statement of action due {statement.date.strftime('%d %b %Y')}")
        # Notified on another day than the guidance's Tuesday, every weekday label is off: say it
        # once here rather than on every row, and keep the row flags for holidays.
        day0 = next(m for m in items if m.day == 0)
        shifted = not day0.label_matches
        if shifted:
            title.append(f"\nNotified on a {day0.weekday}, not the usual {day0.label_weekday}: the weekdays in the "
                         "guidance's labels do not apply.", style=state_style(self.app, "caution"))
        for warning in timeline.warnings(notified, cal)[1 if shifted else 0:]:
            title.append(f"\n{warning}", style=state_style(self.app, "caution"))  # the on-site week broken by days off (para 9)
        self.query_one("#timeline-title", Static).update(title)

        table = self.query_one(DataTable)
        table.add_column("Day", key="day", width=4)
        table.add_column("Date", key="date", width=15)
        # The guidance's labels are long (the statement of action's most of all): the column takes
        # what is left of the width, and the full label shows below with the activity.
        table.add_column("Guidance", key="label", width=max(20, self.app.size.width - 4 - 15 - 6 - 2))
        marked = False
        for m in items:
            if not marked and m.date > self.today:
                # Today falls between two milestones: give it a row of its own so it still shows.
                self._today_row(table, day)
                marked = True
            is_today = m.date == self.today
            style = "bold reverse" if is_today else ("bold magenta" if m is statement else ("dim" if m.date < self.today else ""))
            label = Text(m.label, style=style, no_wrap=True, overflow="ellipsis")
            if not m.label_matches and not shifted:
                # Bank holidays and closures push the count off the guidance's usual weekday.
                label.append(f"  ⚠ a {m.weekday} this time", style=state_style(self.app, "caution"))
            key = f"day{m.day}"
            self.milestones[key] = m
            table.add_row(Text(f"{m.day:>4}", style=style), Text(m.date.strftime("%a %d %b %Y"), style=style), label, key=key)
            if is_today:
                self.today_row = table.row_count - 1
                marked = True
        if not marked:
            self._today_row(table, day)
        table.move_cursor(row=self.today_row, animate=False)
        table.focus()

    def _today_row(self, table: DataTable, day: int) -> None:
        style = "bold reverse"
        # A weekend or holiday has no day number of its own: it carried Friday's, and read as a
        # second day 13 under Friday's row.
        number = "" if self.day_off else f"{day:>4}"
        what = f"Today: {self.day_off}" if self.day_off else f"Today: {timeline.phase(day)}"
        table.add_row(Text(number, style=style), Text(self.today.strftime("%a %d %b %Y"), style=style),
                      Text(what, style=style, no_wrap=True, overflow="ellipsis"), key=TODAY_KEY)
        self.today_row = table.row_count - 1

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        m = self.milestones.get(str(event.row_key.value))
        text = Text()
        if m is None:
            text.append("Today. ", style="bold")
            text.append("No milestone falls on this date.")
        else:
            text.append(f"Day {m.day} · {m.date.strftime('%A %d %B %Y')}", style="bold")
            text.append(f" · {timeline.phase(m.day)} · {m.label}\n")
            text.append(m.activity)
            for what, para in m.events:  # the on-site week's meetings (para 27, 35, 93)
                text.append(f"\n· {what} (para {para})")
            if m.note:
                text.append(f"\n{m.note}", style="italic")
        self.query_one("#timeline-activity", Static).update(text)

    def action_to_today(self) -> None:
        self.query_one(DataTable).move_cursor(row=self.today_row)

