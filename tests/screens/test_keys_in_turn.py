"""Issue 13, the keys: nothing typed is lost, and keys typed while a screen or dialog opens
reach it.

Keys are queued as a terminal delivers a burst (tests/screens/keys.py): nothing waits for the
app between them, which is when a key used to reach the screen being left, the field before, or
a screen that had not focused anything yet. The tests of screen changes and of the order of keys
failed before screens/keys_in_turn.py and screens/terminal_keys.py; the last ones guard what the
terminal reader must keep reading as Textual did."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.pilot import Pilot
from textual.widgets import Input

from screens import terminal_keys
from screens.app import FieldworkApp
from tests.screens.app_support import TODAY, demo_home, demo_source, make_app, press, settle  # noqa: F401
from tests.screens.keys import burst, typed


def stack(app: FieldworkApp) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack]


@asynccontextmanager
async def app_on(home: Path, *keys: str, size: tuple[int, int] = (80, 24),
                 passphrase: str | None = None) -> AsyncIterator[tuple[FieldworkApp, Pilot[Any]]]:
    """The app unlocked at start on `home`, after `keys` pressed one at a time."""
    app = make_app(home, **({"passphrase": passphrase} if passphrase else {}))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        yield app, pilot


def audit_demo(folder: Path) -> tuple[Path, str]:
    """A partnership's audit demo (its own store) and its passphrase."""
    from store.audit_demo import build_audit_demo
    from tests.conftest import PASSPHRASE

    build_audit_demo(folder, PASSPHRASE, today=TODAY).close()
    return folder, PASSPHRASE


async def fast(pilot: Pilot[Any], keys: Iterable[str]) -> None:
    """Type `keys` in one burst, then let the app finish with them."""
    burst(pilot.app, keys)
    await settle(pilot)


def terminal(app: FieldworkApp, data: str) -> None:
    """What the terminal sends, read by the app's parser as the real driver reads it."""
    parser = XTermParser()
    for event in parser.feed(data):
        event.set_sender(app)
        app._driver.send_message(event)


# --- screen changes ----------------------------------------------------------------------------


async def test_escape_then_a_section_key_at_speed_goes_home_then_to_the_section(demo_home: Path) -> None:
    async with app_on(demo_home, "s") as (app, pilot):
        await fast(pilot, ["escape", "f"])  # Escape's pop ran in a worker: `f` reached the SEA list
        assert stack(app) == ["Screen", "HomeScreen", "FindingsScreen"]
        await fast(pilot, ["escape", "o", "n", *typed("CR-104233")])  # and on, into a form's first field
        assert stack(app) == ["Screen", "HomeScreen", "ConcernsScreen", "ConcernForm"]
        assert app.screen.query_one("#field-case_refs", Input).value == "CR-104233"


async def test_escape_and_a_key_sent_as_one_sequence_are_both_keys_on_a_list(demo_home: Path) -> None:
    async with app_on(demo_home, "s") as (app, pilot):
        terminal(app, "\x1bf")  # what tmux sends for Escape then f: Textual read Ctrl+Right
        await settle(pilot)
        assert stack(app) == ["Screen", "HomeScreen", "FindingsScreen"]
        terminal(app, "\x1bsnstrategy meetings")  # Escape, s, n and words: Textual read "^" and letters
        await settle(pilot)
        assert stack(app) == ["Screen", "HomeScreen", "SeaListScreen", "SeaEditorScreen"]
        assert app.screen.query_one("#criterion-search", Input).value == "strategy meetings"


async def test_in_a_text_field_escape_f_stays_what_the_terminal_means_there(demo_home: Path) -> None:
    async with app_on(demo_home) as (app, pilot):
        await fast(pilot, ["s", "n", *typed("abc def"), "home"])
        search = app.screen.query_one("#criterion-search", Input)
        assert search.value == "abc def" and search.cursor_position == 0
        terminal(app, "\x1bf")  # Option+Right in iTerm: a word to the right, the editor stays open
        await settle(pilot)
        assert stack(app)[-1] == "SeaEditorScreen" and search.value == "abc def" and search.cursor_position > 0


async def test_keys_typed_while_the_store_opens_reach_home(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        # Typed before Home is there (unlocking runs in a worker): they went to the blank screen.
        await fast(pilot, ["s", "n", *typed("strategy")])
        assert stack(app) == ["Screen", "HomeScreen", "SeaListScreen", "SeaEditorScreen"]
        assert app.screen.query_one("#criterion-search", Input).value == "strategy"


# --- the order of keys in a field ---------------------------------------------------------------


async def test_slash_then_words_and_backspace_at_speed_filter_the_sea_list(demo_home: Path) -> None:
    async with app_on(demo_home, "s") as (app, pilot):
        # `/` focused the filter after the letters after it had gone to the list (`n`: a new
        # entry); Backspace, a binding run once the key reached the app, deleted a later letter.
        await fast(pilot, ["slash", *typed("neglecx"), "backspace", *typed("t fz"), "backspace", "backspace", "backspace"])
        assert stack(app)[-1] == "SeaListScreen"
        assert app.screen.query_one("#sea-filter", Input).value == "neglect"


async def test_enter_moves_on_through_a_form_before_the_next_words_arrive(demo_home: Path) -> None:
    async with app_on(demo_home, "o") as (app, pilot):
        await fast(pilot, ["n", *typed("CR-104233"), "enter", *typed("Police")])
        form = app.screen
        assert type(form).__name__ == "ConcernForm"
        assert form.query_one("#field-case_refs", Input).value == "CR-104233"
        assert form.query_one("#field-service", Input).value == "Police"


async def test_keys_typed_as_a_choice_opens_the_form_reach_its_first_field(tmp_path: Path) -> None:
    from screens.qa_forms import ActivityForm

    home, passphrase = audit_demo(tmp_path / "qa")
    async with app_on(home, passphrase=passphrase) as (app, pilot):
        await fast(pilot, ["v", "n", "enter", *typed("Neglect in under-fives")])
        form = app.screen
        assert isinstance(form, ActivityForm)
        assert form.query_one("#field-theme", Input).value == "Neglect in under-fives"


# --- the terminal's Escape ------------------------------------------------------------------------


def _keys(messages: Any) -> list[tuple[str, str | None]]:
    return [(m.key, terminal_keys.escape_then(m)) for m in messages if isinstance(m, events.Key)]


def test_the_terminal_reader_is_installed() -> None:
    assert terminal_keys.installed()


def test_escape_then_a_key_is_one_marked_key_however_the_reads_fall() -> None:
    parser = XTermParser()
    assert _keys(parser.feed("\x1b")) == []  # Escape alone waits for the terminal's delay
    assert _keys(parser.feed("o")) == [("alt+o", "o")]  # the next read ends it
    assert _keys(parser.feed("\x1bsn")) == [("alt+s", "s"), ("n", None)]  # not "^", "s", "n"
    assert _keys(parser.feed("\x1b1")) == [("inverted_exclamation_mark", "1")]


def test_what_else_a_terminal_sends_after_escape_is_read_as_before() -> None:
    parser = XTermParser()
    assert _keys(parser.feed("\x1b[A\x1b[1;5C\x1bOP")) == [("up", None), ("ctrl+right", None), ("f1", None)]
    assert _keys(parser.feed("\x1b\x7f")) == [("ctrl+w", None)]  # Alt+Backspace, not a printable key
    assert [type(m).__name__ for m in parser.feed("\x1b[200~pasted text\x1b[201~")] == ["Paste"]
