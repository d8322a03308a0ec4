"""State colours come from the theme, defined once (screens/state_style.py): an overdue concern, a
conflict, a gap, a late entry, versions kept aside were Rich colour names hard-coded per screen,
which ignored the theme (and the Rich style "bold $error" some used drew no colour at all)."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

import screens
from screens.state_style import STATES, state_style, state_styles
from store.workspace import Workspace
from tests.screens.test_concerns import Harness
from tests.screens.test_concerns_snapshot import seed

THEMES = ("textual-dark", "nord", "gruvbox")  # three different error colours


def _overdue_cell(app: Harness) -> Text:
    table = app.screen.query_one(DataTable)
    cell = table.get_row_at(0)[0]  # the overdue concern sorts first
    assert isinstance(cell, Text)
    return cell


async def test_state_colours_follow_the_theme_on_a_drawn_screen(workspace: Workspace) -> None:
    seed(workspace)
    app = Harness(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = []
        for name in THEMES:
            app.theme = name
            await pilot.pause()
            variables = app.theme_variables
            styles = state_styles(app)
            for state, (variable, emphasis) in STATES.items():
                assert styles[state] == f"{emphasis} {variables[variable]}".strip(), state
            # The screen drew its overdue concern in this theme's colour, without being reopened.
            cell = _overdue_cell(app)
            assert str(cell.style) == styles["overdue"] == state_style(app, "overdue")
            assert variables["error"] in str(cell.style)
            seen.append(str(cell.style))
        assert len(set(seen)) == len(THEMES), "two themes drew overdue alike: the theme is ignored"


def test_no_screen_names_a_colour_for_a_state() -> None:
    """Rich colour names and theme variables inside Rich styles are gone from every screen."""
    folder = Path(screens.__file__).parent
    named = re.compile(r"""style=(f?["'])[^"']*\b(red|green|yellow|magenta|cyan|blue|white on #)""")
    variable = re.compile(r"""style=(f?["'])[^"']*\$""")  # Rich reads "$error" as no colour at all
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(folder.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if named.search(line) or variable.search(line)]
    assert found == []
