"""The live checks beside the SEA text: what the inspector should look at before saving.

It shows `fieldwork.sea_checks` flags (possible names, descriptive writing, lateness, missing
source or date) plus any notes the editor adds about its own fields. It is a panel, never a
pop-up, so checking never takes the cursor out of the text. A flag that blocks saving (a possible
name, para 80) is drawn first and marked as such; the rest are advice.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from fieldwork.checks import Flag

_MARK_BLOCKING = "✗ "
_MARK_ADVICE = "! "


class ChecksPanel(Static):
    """Plain-words list of the current flags; `show` replaces it."""

    DEFAULT_CSS = """
    ChecksPanel {
        border: round $border-blurred;
        border-title-color: $foreground;
        padding: 0 1;
        height: auto;
        &.-blocking { border: round $error; }
        &.-advice { border: round $warning; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.flags: tuple[Flag, ...] = ()
        self.notes: tuple[str, ...] = ()

    def on_mount(self) -> None:
        self.show(())

    def show(self, flags: Sequence[Flag], notes: Sequence[str] = ()) -> None:
        # Blocking first; then in the order the checks gave (names, writing, timing, source).
        ordered = sorted(flags, key=lambda f: not f.blocking)
        if tuple(ordered) == self.flags and tuple(notes) == self.notes and self.is_mounted:
            return  # nothing new: no repaint while the inspector types
        self.flags, self.notes = tuple(ordered), tuple(notes)
        lines: list[Content] = []
        for flag in ordered:
            mark = _MARK_BLOCKING if flag.blocking else _MARK_ADVICE
            style = "$text-error" if flag.blocking else "$text-warning"
            lines.append(Content.assemble((mark, f"bold {style}"), flag.message))
        for note in notes:
            lines.append(Content.assemble((_MARK_ADVICE, "bold $text-warning"), note))
        count = len(lines)
        if not lines:
            lines.append(Content.styled("✓ Nothing to flag.", "$text-success"))
        self.update(Content("\n").join(lines))
        self.border_title = f"Checks ({count})" if count else "Checks"
        self.set_class(any(f.blocking for f in ordered), "-blocking")
        self.set_class(bool(count) and not any(f.blocking for f in ordered), "-advice")

    @property
    def blocking_words(self) -> list[str]:
        return [f.word or "" for f in self.flags if f.blocking]
