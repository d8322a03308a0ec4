"""State colours, defined once for every screen and taken from the theme.

What a screen marks beside its words (a conflict, an overdue response, a gap, a late entry, a check
that warns, versions kept aside, something done) is coloured by the theme's error, warning and
success colours, as judgements are (screens/judgement_style.py). A theme picked from the palette
recolours every screen alike, and no screen says "red" for overdue while another says "yellow".
Words always go with the colour: colour alone fails on some screens and some eyes.

Rich styles cannot name a theme variable, so each style is worked out from the app's current theme
when a screen fills itself; `follow_theme` refills a screen when the theme changes.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping
from weakref import WeakKeyDictionary

# Each state: the theme variable its colour comes from, and how strongly it is marked.
STATES: dict[str, tuple[str, str]] = {
    # Needs someone now.
    "conflict": ("error", "bold"),  # versions from two laptops to settle
    "overdue": ("error", "bold"),  # a response, action or report past its date
    "gap": ("error", "bold"),  # a criterion with no evidence
    "refused": ("error", "bold"),  # a form's refusal
    "contrary": ("error", "bold"),  # evidence pointing the other way
    "missing": ("error", "italic"),  # a record cited but gone
    # Worth a look; never blocks.
    "late": ("warning", "bold"),  # an SEA entry recorded late (para 78)
    "check": ("warning", "bold"),  # a plan or meeting check that warns
    "caution": ("warning", ""),  # the same, quieter, in running text
    "kept-aside": ("warning", "bold"),  # versions a sync refused and keeps aside (quarantine)
    # Done.
    "done": ("success", ""),  # agreed, booked, sufficient
    "ok": ("success", "bold"),  # a count or check with nothing to do
}

# A cell filled with the state's colour, for a count that must stand out in a table.
FILLED: dict[str, str] = {"gap-cell": "gap"}


def state_styles(app: Any) -> Mapping[str, str]:
    """state -> a Rich style, from the app's current theme."""
    variables = app.theme_variables  # a new dict each time the app works out its theme's colours
    cached = _worked_out.get(app)
    if cached is None or cached[0] is not variables:
        styles = {state: f"{emphasis} {variables.get(name, '')}".strip() for state, (name, emphasis) in STATES.items()}
        for cell, state in FILLED.items():
            styles[cell] = f"bold reverse {variables.get(STATES[state][0], '')}"
        cached = _worked_out[app] = (variables, styles)
    return cached[1]


def state_style(app: Any, state: str) -> str:
    """One state's Rich style (a table marks thousands of cells: worked out once a theme)."""
    return state_styles(app)[state]


# Per app, the theme variables the styles were worked out from, and the styles.
_worked_out: "WeakKeyDictionary[Any, tuple[Mapping[str, str], dict[str, str]]]" = WeakKeyDictionary()


def follow_theme(screen: Any, refill: Callable[[], None]) -> None:
    """Refill `screen` once the app has worked out a new theme's colours, so what it marked takes them."""
    screen.app.theme_changed_signal.subscribe(screen, lambda _theme: refill())
