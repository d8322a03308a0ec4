"""Judgement colours, defined once for every screen and taken from the theme.

A strength, an area for development and a serious concern are coloured by the theme's success,
warning and error colours (so a theme picked from the palette recolours them everywhere, and the
Findings and Gaps screens can never disagree); context is dimmed. Words always go with the colour:
colour alone fails on some screens and some eyes.
"""

from __future__ import annotations

from typing import Any, Mapping

THEME_VARIABLE = {"strength": "success", "development": "warning", "concern": "error"}


def judgement_colours(app: Any) -> Mapping[str, str]:
    """judgement -> a Rich style, from the app's current theme."""
    variables = app.theme_variables
    colours = {judgement: variables.get(name, "") for judgement, name in THEME_VARIABLE.items()}
    colours["context"] = "dim"
    return colours
