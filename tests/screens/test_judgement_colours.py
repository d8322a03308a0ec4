"""Judgement colours come from the theme, defined once (the app issue: they were Rich colour names
that disagreed between Findings and Gaps and ignored the theme)."""

from __future__ import annotations

from pathlib import Path

from screens.findings import entry_line, mix_bar
from screens.judgement_style import judgement_colours
from fieldwork.gaps import Entry
from tests.screens.app_support import demo_home, demo_source, make_app, settle  # noqa: F401


async def test_judgement_colours_follow_the_theme_everywhere(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        themes = [name for name in ("textual-dark", "textual-light", "nord") if name in app.available_themes]
        seen = []
        for name in themes:
            app.theme = name
            await settle(pilot)
            colours = judgement_colours(app)
            variables = app.theme_variables
            assert colours["strength"] == variables["success"] and colours["concern"] == variables["error"]
            assert colours["development"] == variables["warning"] and colours["context"] == "dim"
            bar = mix_bar({"strength": 2, "concern": 1}, colours)
            assert {str(span.style) for span in bar.spans} >= {colours["strength"], colours["concern"]}
            seen.append(colours["strength"])
        assert len(set(seen)) > 1, "two themes gave the same strength colour: the theme is ignored"


def test_an_entry_line_and_a_mix_bar_use_the_colours_they_are_given() -> None:
    colours = {"strength": "#111111", "development": "#222222", "concern": "#333333", "context": "dim"}
    bar = mix_bar({"development": 3}, colours)
    assert [str(span.style) for span in bar.spans] == ["#222222"]
    entry = Entry(id="e1", author="a", criteria=("ESN 07",), judgement="concern", strand="front-door", source_type="case-file", evidence_at="2026-11-24")
    assert [str(span.style) for span in entry_line(entry, colours).spans][0] == "#333333"
