"""The keys of the screen underneath and of the whole app (F1, or ? where it types nothing).

It opens over any screen, forms and dialogs included, and closes back to it as it was: the
screen underneath is never rebuilt, so what was typed and where the cursor was stay.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.widgets.footer import KeysFooter

ARROWS = "Arrows move, Enter opens or confirms, Tab moves between fields, the mouse clicks anything."


def _bindings(owner: type) -> list[Binding]:
    """Every binding a class declares, its own first, without repeats (shown or hidden)."""
    seen: set[str] = set()
    out: list[Binding] = []
    for cls in owner.__mro__:
        if cls.__module__.startswith("textual."):
            continue  # Textual's own (tab, copy...) are the same everywhere and listed once below
        for item in vars(cls).get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            if binding.key in seen or not binding.description:
                continue
            seen.add(binding.key)
            out.append(binding)
    return out


def _key_name(binding: Binding) -> str:
    if binding.key_display:
        names = [binding.key_display]
        keys = binding.key.split(",")
        if len(keys) > 1:
            names = [k.replace("question_mark", "?").replace("_", " ") for k in keys]
        return " / ".join(names)
    pretty = {"question_mark": "?", "slash": "/", "greater_than_sign": ">", "less_than_sign": "<", "escape": "Esc", "enter": "Enter"}
    return " / ".join(pretty.get(k, k) for k in binding.key.split(","))


def title_of(screen: Screen[Any]) -> str:
    """What the screen is called where a person reads it: its TITLE, Home, its section's name on
    Home, a form's or dialog's own heading line; a class name's words only as a last resort."""
    from screens.app import SECTIONS
    from screens.home import HomeScreen

    title = getattr(screen, "TITLE", None)
    if title:
        return str(title)
    if isinstance(screen, HomeScreen):
        return "Home"
    cls = type(screen)
    for section in SECTIONS.values():
        if section.module == cls.__module__ and section.cls == cls.__name__:
            return section.label
    heading = _heading(screen)
    if heading:
        return heading
    return re.sub(r"(?<!^)(?=[A-Z])", " ", cls.__name__.removesuffix("Screen")).capitalize()


HEADING_IDS = re.compile(r".*-(title|question)$")  # "form-title", "dialog-question", ...
HEADING_WIDTH = 60


def _heading(screen: Screen[Any]) -> str:
    """The first line of the screen's heading (a form's title, a dialog's question), if it has one."""
    for widget in screen.query(Static):
        if widget.id and HEADING_IDS.fullmatch(widget.id):
            line = str(widget.render()).strip().splitlines()
            if line and line[0].strip():
                text = line[0].strip()
                return text if len(text) <= HEADING_WIDTH else text[: HEADING_WIDTH - 1].rstrip() + "…"
    return ""


def keys_table(bindings: Iterable[Binding]) -> Content:
    lines = [Content.from_markup("  [b]$key[/]  $what", key=f"{_key_name(b):<16}", what=b.description) for b in bindings]
    return Content("\n").join(lines) if lines else Content("  (none of its own)")


class HelpScreen(ModalScreen[None]):
    """Keys for the screen underneath, then the keys that work everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", key_display="Esc"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 76; max-width: 100%; height: auto; max-height: 100%; border: round $primary; background: $surface; padding: 0 1; }
    #help-box .help-head { text-style: bold; color: $accent; margin-top: 1; }
    #help-box VerticalScroll { height: auto; max-height: 100%; }
    """

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self.under = under

    def _offered(self, bindings: list[Binding]) -> list[Binding]:
        """Leave out a key that opens a section this inspection's mode does not have (Home's `a`
        Case audit on an inspection does nothing there)."""
        from screens.app import sections_for

        ws = getattr(self.app, "workspace", None)
        if ws is None:
            return bindings
        have = set(sections_for(ws))
        out = []
        for b in bindings:
            opened = re.fullmatch(r"app\.open\('(\w+)'\)", b.action)
            if opened and opened[1] != "home" and opened[1] not in have:
                continue
            out.append(b)
        return out

    def _own_keys(self) -> list[Binding]:
        """The screen's bindings, then any keys it reads itself (a dialog's answers)."""
        under = self.under
        extra = getattr(under, "help_keys", None)
        return self._offered(_bindings(type(under))) + (list(extra()) if callable(extra) else [])

    def compose(self) -> ComposeResult:
        from screens.app import FieldworkApp

        under = self.under
        with Vertical(id="help-box"):
            with VerticalScroll():
                yield Static(Content(f"Keys: {title_of(under)}"), classes="help-head")
                about = getattr(under, "HELP", None)
                if about:
                    yield Static(str(about))
                yield Static(keys_table(self._own_keys()))
                yield Static("Everywhere", classes="help-head")
                # Over a form or dialog only the app's priority keys reach past it (Textual's rule
                # for modal screens): Escape is the form's own, and Ctrl+L waits until it closes.
                app_keys = [b for b in _bindings(FieldworkApp) if b.priority or not under.is_modal]
                everywhere = app_keys + [
                    Binding("ctrl+p", "command_palette", "Command palette: every section, a child by case reference, lock"),
                    Binding("ctrl+q", "quit", "Quit"),
                    Binding("tab,shift+tab", "focus_next", "Next / previous field or pane"),
                ]
                yield Static(keys_table(everywhere))
                yield Static(ARROWS, classes="dim")
        yield KeysFooter()
