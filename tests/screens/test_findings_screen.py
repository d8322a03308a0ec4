"""The findings screen, driven with Pilot: add a finding by picking its supporting entries, agree it,
see a finding whose evidence points the other way flagged, and refusals kept in the form. Plus an
80x24 snapshot."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, SelectionList, Static, TextArea, Tree

from screens.findings import FindingForm, FindingsScreen, PathForm
from screens.gaps import EntryListScreen
from store import findings as store_findings
from store.workspace import Change, Workspace
from tests.screens.test_gaps_screen import Harness
from tests.store.test_gaps_store import Built, populate

TODAY = date(2026, 11, 24)
STATEMENT = "Strategy discussions are timely and well attended."


def findings_app(workspace: Workspace) -> Harness:
    return Harness(workspace, lambda ws: FindingsScreen(ws, today=TODAY))


async def test_add_a_finding_with_supporting_entries_and_agree_it(workspace: Workspace) -> None:
    built = populate(workspace)
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "No findings yet" in str(app.screen.query_one("#finding-detail-text", Static).render())
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FindingForm)
        form.query_one("#field-type", Select).value = "strength"
        form.query_one("#field-text", TextArea).load_text(STATEMENT)
        # Filter the SEA down to one entry, tick it, then another: picks survive the filter.
        form.query_one("#field-filter", Input).focus()
        await pilot.press("s", "4")
        picker = form.query_one("#field-sea", SelectionList)
        assert picker.option_count == 1
        picker.focus()
        await pilot.press("space")
        form.query_one("#field-filter", Input).value = "s1"
        await pilot.pause()
        picker.focus()
        await pilot.press("space")
        form.query_one("#field-filter", Input).value = ""
        await pilot.pause()
        assert set(picker.selected) == {built.ids["s1"], built.ids["s4"]}
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FindingsScreen)
        [record] = workspace.records("finding")
        assert record.payload["type"] == "strength" and record.payload["text"] == STATEMENT
        assert record.payload["sea"] == [built.ids["s1"], built.ids["s4"]]  # in the order gathered
        assert record.payload["state"] == "draft"
        tree = app.screen.query_one(Tree)
        assert tree.cursor_node is not None and tree.cursor_node.data == record.id
        await pilot.press("a")
        assert workspace.require(record.id).payload["state"] == "agreed"
        assert "1 agreed · 0 draft" in str(app.screen.query_one("#findings-title", Static).render())
        # Enter on a finding lists its evidence.
        await pilot.press("enter")
        assert isinstance(app.screen, EntryListScreen)
        assert app.screen.ids == (built.ids["s1"], built.ids["s4"])


async def test_a_refusal_stays_in_the_form(workspace: Workspace) -> None:
    populate(workspace)
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        form.query_one("#field-text", TextArea).load_text(STATEMENT)
        await pilot.press("ctrl+s")
        assert app.screen is form  # no supporting entry: refused, nothing typed lost
        assert "at least one supporting SEA entry" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#field-text", TextArea).text == STATEMENT
        assert workspace.records("finding") == []


def _meeting(workspace: Workspace, built: Built) -> None:
    """Two findings with fixed ids (for the snapshot): one agreed, one whose evidence disagrees."""
    rules = store_findings.rules(workspace)
    from fieldwork.findings import agree_payload, finding_payload

    agreed = agree_payload(
        finding_payload({"type": "strength", "scope": "partnership", "text": STATEMENT,
                         "sea": [built.ids["s1"], built.ids["s4"]], "criteria": ["ESN 13"]}, rules),
        rules, by=workspace.me_id, at="2026-11-26T15:00",
    )
    contrary = finding_payload({"type": "strength", "scope": "Police", "text": "Officers share information about risk promptly.",
                                "sea": [built.ids["s2"], built.ids["s3"], built.ids["s5"]]}, rules)
    workspace.write([
        Change("finding", agreed, record=str(uuid.uuid5(uuid.NAMESPACE_URL, "finding-1"))),
        Change("finding", contrary, record=str(uuid.uuid5(uuid.NAMESPACE_URL, "finding-2"))),
    ])


async def test_a_finding_whose_evidence_points_the_other_way_is_flagged(workspace: Workspace) -> None:
    _meeting(workspace, populate(workspace))
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "1 point the other way" in str(app.screen.query_one("#findings-title", Static).render())
        tree = app.screen.query_one(Tree)
        labels = [str(n.label) for n in tree.root.children[0].children[0].children]
        assert any(label.startswith("○ ⚑ [Police]") for label in labels)
        assert any(label.startswith("✓ Strategy") for label in labels)
        contrary = next(n for n in tree.root.children[0].children[0].children if "[Police]" in str(n.label))
        tree.move_cursor(contrary)
        await pilot.pause()
        detail = str(app.screen.query_one("#finding-detail-text", Static).render())
        assert "Most of its evaluative evidence points the other way (3 of 3)" in detail


async def test_edit_and_export_from_the_screen(workspace: Workspace, tmp_path: Path) -> None:
    _meeting(workspace, populate(workspace))
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        tree.move_cursor(next(n for n in tree.root.children[0].children[0].children if "Strategy" in str(n.label)))
        await pilot.pause()
        selected = app.screen.selected_id()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FindingForm) and form.query_one("#field-text", TextArea).text == STATEMENT
        form.query_one("#field-text", TextArea).load_text(STATEMENT + " Police attend every one.")
        await pilot.press("ctrl+s")
        payload = workspace.require(selected).payload
        assert payload["text"].endswith("Police attend every one.") and payload["state"] == "draft"
        await pilot.press("a", "x")
        assert isinstance(app.screen, PathForm)
        target = tmp_path / "letter.md"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, FindingsScreen)
        text = target.read_text(encoding="utf-8")
        assert "Police attend every one." in text
        assert "Officers share information" not in text  # still a draft


def test_snapshot_findings_80x24(workspace: Workspace, snap_compare) -> None:  # type: ignore[no-untyped-def]
    _meeting(workspace, populate(workspace))
    assert snap_compare(findings_app(workspace), terminal_size=(80, 24))


def test_snapshot_finding_form_80x24(workspace: Workspace, snap_compare) -> None:  # type: ignore[no-untyped-def]
    populate(workspace)
    assert snap_compare(findings_app(workspace), terminal_size=(80, 24), press=["n"])


async def test_the_picker_lists_a_hundred_entries_and_says_how_many_more(workspace: Workspace) -> None:
    from tests.store.test_gaps_store import _sea

    payload = _sea(workspace, {"criteria": ["ESN 05"], "judgement": "development", "source_type": "case-file",
                               "evidence_at": "2026-11-24", "text": "Assessments were late and missed the impact on the child."})
    workspace.write([Change("sea", dict(payload)) for _ in range(105)])
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        picker = form.query_one("#field-sea", SelectionList)
        assert picker.option_count == 100
        assert str(form.query_one("#form-count", Static).render()) == "0 ticked · 5 more: type to narrow"
        picker.focus()
        await pilot.press("space")
        ticked = picker.selected
        form.query_one("#field-filter", Input).value = "nothing matches this"
        await pilot.pause()
        assert picker.option_count == 0 and form.chosen == set(ticked)
        form.query_one("#field-filter", Input).value = ""
        await pilot.pause()
        assert picker.get_option_at_index(0).value == ticked[0]  # ticked entries come first
        assert str(form.query_one("#form-count", Static).render()) == "1 ticked · 4 more: type to narrow"  # 101 shown of 105
