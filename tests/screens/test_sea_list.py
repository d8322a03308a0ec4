"""The SEA list: filtering as you type, counts, and the keys that open, delete and show history.

Driven with Pilot in a harness app (tests/screens/sea_harness.py) on a fresh workspace holding the
harness's fixed, made-up entries.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldwork import records as rec
from fieldwork.sea_filter import Entry, matches
from fieldwork.workdays import is_late
from screens.sea_list import SeaListScreen, SeaTable
from store.sea_query import SeaQuery
from store.projection import Record
from tests.screens.sea_harness import CHILDREN, Harness, no_timers, team  # noqa: F401 - fixtures


pytestmark = pytest.mark.usefixtures("no_timers")


def status(app: Harness) -> str:
    return str(app.screen.query_one("#sea-status").render())


def criteria_shown(app: Harness) -> list[list[str]]:
    import json

    table = app.screen.query_one(SeaTable)
    rows = [table.row(i) for i in range(len(table.rows))]
    return [json.loads(r.criteria) for r in rows if r is not None]


async def type_filter(pilot: Any, text: str, *, by_key: bool = False) -> None:
    """Put `text` in the filter box: key by key, or at once (as a paste would) to keep tests quick."""
    box = pilot.app.screen.query_one("#sea-filter")
    box.value = ""
    box.focus()
    if by_key:
        await pilot.press(*text)
    else:
        box.value = text
    await pilot.pause()


# --- the list and its filter --------------------------------------------------------------------

async def test_the_list_shows_every_entry_newest_evidence_first(workspace: Any, team: dict[str, str]) -> None:
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert criteria_shown(app) == [["ESN 07"], ["ESN 13", "ESN 09"], ["ESN 22"], ["ESN 17"]]
        assert status(app) == "4 of 4 SEA entries"


FILTERS: list[tuple[str, list[list[str]]]] = [
    ("Younger", [["ESN 13", "ESN 09"]]),                      # free text, any case
    ("police timely", [["ESN 07"]]),                           # every word must appear
    ("esn:17", [["ESN 17"]]),                                  # criterion by number
    ("c:ESN 09", [["ESN 13", "ESN 09"]]),                      # a second criterion counts too
    ("j:concern", [["ESN 17"]]),                               # judgement
    ("j:strength|context", [["ESN 07"], ["ESN 22"]]),          # alternatives
    ("child:CR-2001", [["ESN 13", "ESN 09"]]),                 # part of a case reference
    ("agency:lscb", [["ESN 22"]]),
    ("by:CD", [["ESN 13", "ESN 09"], ["ESN 22"]]),
    ("late", [["ESN 17"]]),                                    # 18 Nov evidence, recorded 24 Nov
    ("-late -j:context", [["ESN 07"], ["ESN 13", "ESN 09"]]),
    ("esn:17 younger", []),
]


async def test_filter_narrows_the_list(workspace: Any, team: dict[str, str]) -> None:
    # One app for every query: typing is what is under test, not starting the app.
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for query, expected in FILTERS:
            await type_filter(pilot, query)
            assert (query, criteria_shown(app)) == (query, expected)
            assert status(app) == f"{len(expected)} of 4 SEA entries"


async def test_a_token_it_cannot_read_shows_nothing_and_says_why(workspace: Any, team: dict[str, str]) -> None:
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_filter(pilot, "j:con", by_key=True)
        assert criteria_shown(app) == []
        assert "could be concern or context" in status(app)
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(criteria_shown(app)) == 4


async def test_brackets_typed_in_the_filter_are_text_not_markup(workspace: Any, team: dict[str, str]) -> None:
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await type_filter(pilot, "j:[b]")
        assert "Unknown judgement '[b]'" in status(app)
        await type_filter(pilot, "[/b]")
        assert criteria_shown(app) == []


async def test_keys_move_the_cursor_and_the_list_scrolls(workspace: Any, team: dict[str, str]) -> None:
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SeaTable)
        assert app.focused is table  # the list has the keys from the start; / goes to the filter
        await pilot.press("down", "down")
        assert table.cursor == 2
        await pilot.press("end")
        assert table.cursor == 3
        await pilot.press("home", "up")
        assert table.cursor == 0


# --- opening, deleting, history ------------------------------------------------------------------

async def test_enter_reads_the_entry_and_e_edits_it(workspace: Any, team: dict[str, str]) -> None:
    from screens.dialogs import Confirm
    from screens.record_detail import SeaDetailScreen
    from screens.sea_editor import SeaEditorScreen

    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SeaDetailScreen)  # read only: the whole text, no editing yet
        record = workspace.get(app.screen.entry_id)
        assert record.payload["text"] in str(app.screen.query_one("#detail-text").render())
        await pilot.press("e")
        await pilot.pause()
        if record.author != workspace.me_id:
            assert isinstance(app.screen, Confirm) and "recorded as yours" in app.screen.question
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, SeaEditorScreen)
        assert app.screen.entry_id is not None
        assert workspace.get(app.screen.entry_id).payload["criteria"] == ["ESN 13", "ESN 09"]


async def test_n_opens_an_empty_editor(workspace: Any, team: dict[str, str]) -> None:
    from screens.sea_editor import SeaEditorScreen

    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "n", "slash")  # in the filter box: an n is typed, / is not
        await pilot.pause()
        assert not isinstance(app.screen, SeaEditorScreen)
        assert app.screen.query_one("#sea-filter").value == "n"
        await pilot.press("escape", "down", "n")
        await pilot.pause()
        assert isinstance(app.screen, SeaEditorScreen)
        assert app.screen.entry_id is None


async def test_d_deletes_after_confirmation_and_history_keeps_it(workspace: Any, team: dict[str, str]) -> None:
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(SeaTable)
        await pilot.press("down")
        first = table.current_id
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")  # changed my mind
        await pilot.pause()
        assert len(table.rows) == 4
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert first not in [table.row(i).id for i in range(len(table.rows))]
        assert status(app) == "3 of 3 SEA entries"
        assert [h.op for h in workspace.history(first)] == ["put", "delete"]


async def test_h_opens_the_history_of_the_entry(workspace: Any, team: dict[str, str]) -> None:
    history = pytest.importorskip("screens.history")
    app = Harness(lambda: SeaListScreen(workspace))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "h")
        await pilot.pause()
        assert isinstance(app.screen, history.HistoryScreen)


# --- SQL and the plain rule agree ------------------------------------------------------------------

WORDS = ("drift", "police", "timely", "health", "risk", "supervision", "voice", "plan")
AGENCIES = ("Police", "Health visiting", "Education", "CAMHS", "Probation")


@pytest.fixture
def bulk(workspace: Any, team: dict[str, str]) -> tuple[SeaQuery, dict[str, Entry]]:
    """300 generated entries put straight into the projection, and each one as the plain rule
    sees it, with lateness worked out by `is_late` itself rather than the list's shortcut."""
    from store import sea

    rng = random.Random(20261125)
    codes = [c.code for c in workspace.framework.criteria]
    cal = sea.calendar(workspace)
    records: list[Record] = []
    entries: dict[str, Entry] = {}
    for n in range(300):
        evidence = date(2026, 11, rng.randint(14, 27))
        recorded = date(2026, 11, min(evidence.day + rng.choice([0, 1, 2, 3, 4, 6]), 30))
        payload = {
            "criteria": rng.sample(codes, rng.choice([1, 1, 2])),
            "judgement": rng.choice(list(rec.JUDGEMENTS)),
            "children": rng.sample(CHILDREN, rng.choice([0, 1, 2])),
            "agencies": rng.sample(AGENCIES, rng.choice([0, 1, 2])),
            "text": " ".join(rng.choice(WORDS) for _ in range(6)),
            "evidence_at": evidence.isoformat() + rng.choice(["", "T09:15"]),
            "recorded_at": recorded.isoformat() + "T17:00",
            "source_detail": rng.choice(["Team manager", "Case file"]),
        }
        author = rng.choice(list(team.values()))
        heads = ("v1",) if rng.random() < 0.9 else ("v1", "v2")
        record = Record(id=f"bulk-{n:04d}", kind="sea", payload=payload, version="v1", heads=heads,
                        deleted=False, author=author, created="", updated="", updated_by=author)
        records.append(record)
        haystack = " ".join([payload["text"], *payload["criteria"], *payload["children"],
                             *payload["agencies"], payload["source_detail"]]).lower()
        entries[record.id] = Entry(
            criteria=payload["criteria"], judgement=payload["judgement"],
            children=payload["children"], agencies=payload["agencies"], author=author,
            late=is_late(evidence, recorded, cal), conflicted=len(heads) > 1, haystack=haystack)
    workspace.projection.load(records)
    return SeaQuery(workspace), entries


TOKENS = st.sampled_from([
    *WORDS, "esn:7", "esn:1|2|3", "c:ESN 13", "j:strength", "j:dev|concern", "child:CR-104",
    "child:CR-200117", "agency:pol", "agency:health visiting", "by:AB", "by:CD", "late", "conflict",
    "team manager", "cr-3", '"police drift"',
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tokens=st.lists(st.tuples(st.booleans(), TOKENS), max_size=3))
def test_the_sql_query_agrees_with_the_plain_rule(bulk: tuple[SeaQuery, dict[str, Entry]],
                                                 tokens: list[tuple[bool, str]]) -> None:
    query, entries = bulk
    text = " ".join(("-" if negate else "") + token for negate, token in tokens)
    flt = query.parse(text)
    rows = query.fetch(query.run(flt)).values()
    found = {row.id for row in rows} & set(entries)  # the seeded entries are in the projection too
    expected = {entry_id for entry_id, entry in entries.items() if matches(flt, entry)}
    assert found == expected, text
