"""The keys of the screen underneath and of the whole app (? or F1)."""

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

    def compose(self) -> ComposeResult:
        from screens.app import FieldworkApp

        under = self.under
        # A class name is not a title ("Keys: SeaEditor"): its words, when a screen has no TITLE.
        title = getattr(under, "TITLE", None) or re.sub(r"(?<!^)(?=[A-Z])", " ", type(under).__name__.removesuffix("Screen")).capitalize()
        with Vertical(id="help-box"):
            with VerticalScroll():
                yield Static(f"Keys: {title}", classes="help-head")
                about = getattr(under, "HELP", None)
                if about:
                    yield Static(str(about))
                yield Static(keys_table(self._offered(_bindings(type(under)))))
                yield Static("Everywhere", classes="help-head")
                everywhere = _bindings(FieldworkApp) + [
                    Binding("ctrl+p", "command_palette", "Command palette: every section, a child by case reference, lock"),
                    Binding("ctrl+q", "quit", "Quit"),
                    Binding("tab,shift+tab", "focus_next", "Next / previous field or pane"),
                ]
                yield Static(keys_table(everywhere))
                yield Static(ARROWS, classes="dim")
        yield KeysFooter()
