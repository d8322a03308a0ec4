"""Adding a partnership's activity and an action from the app (issue 17), through the same store
functions as `fieldwork activity add` and `fieldwork action add`, so every rule and the name check
run exactly as on the command line.

An activity's form asks only for what every type holds (theme, month, status, completion,
a finding, learning); what one type alone records (cases, responses, self-ratings, survey counts,
milestones) is added with `fieldwork activity update`, as the form's help says.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterator

from textual.app import App
from textual.widgets import Static

from fieldwork import activities as domain
from fieldwork.errors import FieldworkError
from screens.audit import ChoiceScreen
from screens.concerns import ConcernForm, FormField
from store import activities as store

if TYPE_CHECKING:
    from store.workspace import Workspace

TYPE_ONLY = ("Fields only one type records (cases, agencies' responses, practitioners, Section 11 "
             "self-ratings, survey counts, a rapid review's decision, milestones) are added with "
             "'fieldwork activity update ID' on the command line.")


TYPE_ONLY_SHORT = "What one type alone records (cases, responses, ratings, counts...): 'fieldwork activity update ID'."


class ActivityForm(ConcernForm):
    """A new activity's common fields; Ctrl+S saves, Escape cancels."""

    CSS_PATH = ["concerns.tcss", "qa_forms.tcss"]
    HELP = "A new quality assurance activity: theme, month, status, a finding and learning. " + TYPE_ONLY

    def on_mount(self) -> None:
        # Said on the form itself, not only under F1: what this form leaves to the command line.
        self.query_one("#form").mount(Static(TYPE_ONLY_SHORT, id="form-help", markup=False), after="#form-title")


class ActionForm(ConcernForm):
    """A new action raised from an activity; Ctrl+S saves, Escape cancels."""

    HELP = ("An action from an activity: the owning agency and the owner's job title (never a name), "
            "the date it is due, its priority and what is to be done.")


def _today(app: App[Any]) -> date:
    today = getattr(app, "today", None)
    return today() if callable(today) else date.today()


def new_activity(app: App[Any], ws: "Workspace", then: Callable[[str], None] | None = None) -> None:
    """Choose the activity's type, then fill in its common fields."""
    try:
        qa = store.setup(ws)
    except FieldworkError as err:
        app.notify(str(err), severity="warning")
        return

    def chosen(kind: str | None) -> None:
        if kind is None:
            return
        label = qa.activity(kind).label
        fields = [
            FormField("theme", "Theme", placeholder="what the activity looks at"),
            FormField("month", "Month", value=_today(app).strftime("%Y-%m"), placeholder="YYYY-MM"),
            FormField("status", "Status", kind="choice", value="planned", options=tuple(domain.STATUSES.items())),
            FormField("completed", "Completed on", placeholder="YYYY-MM-DD, once completed"),
            FormField("finding", "A finding", kind="text", key="findings"),
            FormField("learning", "Learning", kind="text"),
        ]
        made: list[str] = []

        def submit(values: dict[str, Any]) -> None:
            edit = domain.ActivityEdit(
                theme=values["theme"], month=values["month"].strip() or None, status=values["status"] or None,
                completed=values["completed"].strip() or None,
                findings=[values["finding"]] if values["finding"].strip() else [],
                learning=values["learning"] if values["learning"].strip() else None)
            made.append(store.save(ws, kind, edit, confirm_no_names=bool(values.get("confirm_no_names"))).id)

        def done(saved: bool | None) -> None:
            if saved and made:
                app.notify(f"Recorded: {label}. Type-specific details: 'fieldwork activity update'.")
                if then is not None:
                    then(made[-1])

        app.push_screen(ActivityForm(f"New: {label}", fields, submit, kind=domain.ACTIVITY_KIND), done)

    app.push_screen(ChoiceScreen("Which activity?", [(a.id, a.label) for a in qa.activities]), chosen)


def new_action(app: App[Any], ws: "Workspace", activity_id: str | None = None,
               then: Callable[[str], None] | None = None) -> None:
    """Raise an action from `activity_id`, or from an activity chosen first."""
    if activity_id is None:
        try:
            rows = store.activities(ws)
        except FieldworkError as err:
            app.notify(str(err), severity="warning")
            return
        if not rows:
            app.notify("No activity yet to raise an action from: add one first.", severity="warning")
            return
        options = [(r.id, f"{r.payload.get('month') or '-------'}  {r.payload.get('theme', '')}") for r in rows]
        app.push_screen(ChoiceScreen("An action from which activity?", options),
                        lambda chosen: chosen and new_action(app, ws, chosen, then))
        return
    parent = ws.get(activity_id)
    theme = str(parent.payload.get("theme", "")) if parent is not None else ""
    fields = [
        FormField("owner_agency", "Owner agency", placeholder="e.g. Police"),
        FormField("owner_title", "Owner title", placeholder="a job title, never a name"),
        FormField("due", "Due", placeholder="YYYY-MM-DD"),
        FormField("priority", "Priority", kind="choice", value="medium",
                  options=tuple((p, p.capitalize()) for p in domain.PRIORITIES)),
        FormField("text", "Action", kind="text"),
    ]
    made: list[str] = []

    def submit(values: dict[str, Any]) -> None:
        made.append(store.add_action(
            ws, activity=activity_id, owner_agency=values["owner_agency"], owner_title=values["owner_title"],
            due=values["due"], text=values["text"], priority=values["priority"] or "medium",
            confirm_no_names=bool(values.get("confirm_no_names"))).id)

    def done(saved: bool | None) -> None:
        if saved and made:
            app.notify("Action raised.")
            if then is not None:
                then(made[-1])

    app.push_screen(ActionForm(f"New action: {theme}"[:70], fields, submit, kind=domain.ACTION_KIND), done)


def action_done(app: App[Any], ws: "Workspace", action_id: str, then: Callable[[], None] | None = None) -> None:
    """Record an action done with its evidence: free text, checked for names like the rest."""
    record = ws.get(action_id)
    fields = [FormField("evidence", "Evidence", placeholder="what shows it was done (no names)")]

    def submit(values: dict[str, Any]) -> None:
        store.action_done(ws, action_id, values["evidence"], _today(app),
                          confirm_no_names=bool(values.get("confirm_no_names")))

    def done(saved: bool | None) -> None:
        if saved and then is not None:
            then()

    app.push_screen(ConcernForm("Evidence that the action is done", fields, submit, kind=domain.ACTION_KIND,
                                before=record.payload if record is not None else None), done)


def audit_commands(app: App[Any], ws: "Workspace") -> Iterator[tuple[str, Callable[[], Any], str]]:
    """The command palette in audit mode: the audit Home's sections and its everyday actions, in
    place of the inspection's (no SEA editor, concerns, children's stages or timeline here)."""
    from screens.qa import AUDIT_SECTIONS

    go = getattr(app, "go")
    yield "Home", lambda: go("home"), "this quarter: its calendar, activities, actions and reports due"
    for name, _key, label, why in AUDIT_SECTIONS:
        yield label, (lambda name=name: go(name)), why  # type: ignore[misc]
    yield "New activity", lambda: new_activity(app, ws), "an audit, MAPE, insight visit, Section 11 cycle, survey or review"
    yield "New action", lambda: new_action(app, ws), "raise an action from an activity: owner, due date, priority"
