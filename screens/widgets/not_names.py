"""The para 80 confirmation that flagged words are not names, given only on purpose.

A form that checks names refuses to save while a possible name is in its text. The inspector can
rewrite the words, or say they are not names with one dedicated key (Ctrl+O) that typing cannot
reach: this widget never takes focus, so neither Tab, space nor a printable key can give the
confirmation, and the refusal names the key. A confirmation covers exactly the words it was given
for: when the flagged words change (a name is fixed, another typed) it is cleared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from fieldwork import free_text
from fieldwork.free_text import NameFlag

NOT_NAMES_KEY = "ctrl+o"
NOT_NAMES_BINDING = Binding(NOT_NAMES_KEY, "not_names", "Not names", key_display="^o")


#: How the app's refusals say to confirm (the CLI's say --confirm-no-names).
APP_CONFIRM = "by pressing Ctrl+O (these are not names), then Ctrl+S"


def refusal_of(found: Sequence[NameFlag]) -> str:
    """The store's own refusal for these flags (each word and the field it is in), worded for the app."""
    return str(free_text.refusal(found, APP_CONFIRM))


def quoted(words: Iterable[str]) -> str:
    return ", ".join(f"'{w}'" for w in sorted(words))


def refusal(words: Iterable[str]) -> str:
    return (f"Not saved: {quoted(words)} may be a personal name. Use a case reference, initials or a "
            f"job title (para 80), or press Ctrl+O if these are not names, then save again.")


class NotNames(Static):
    """The words flagged now and the words the inspector confirmed; shown only while either exists."""

    can_focus = False
    DEFAULT_CSS = """
    NotNames { height: auto; display: none; color: $text-warning; }
    NotNames.-shown { display: block; }
    NotNames.-confirmed { color: $text-success; }
    """

    def __init__(self, *, id: str | None = "not-names") -> None:
        super().__init__("", id=id, markup=False)
        self.flagged: frozenset[str] = frozenset()
        self.covers: frozenset[str] = frozenset()

    def track(self, words: frozenset[str]) -> None:
        """The flagged words now: a confirmation given for other words no longer counts."""
        if words != self.covers:
            self.covers = frozenset()
        self.flagged = words
        self._show()

    def confirm(self) -> bool:
        """Ctrl+O: confirm the flagged words are not names; False when nothing is flagged."""
        if not self.flagged:
            return False
        self.covers = self.flagged
        self._show()
        return True

    def restore(self, words: frozenset[str]) -> None:
        """A stored record saved on its author's confirmation: it still covers the same words."""
        self.flagged = self.covers = words
        self._show()

    @property
    def confirmed(self) -> bool:
        """Whether saving now may pass `confirm_no_names`: the flagged words are the confirmed ones."""
        return bool(self.flagged) and self.flagged == self.covers

    def allows(self, words: frozenset[str]) -> bool:
        self.track(words)
        return not words or self.confirmed

    def _show(self) -> None:
        self.set_class(bool(self.flagged), "-shown")
        self.set_class(self.confirmed, "-confirmed")
        if self.confirmed:
            self.update(Content(f"✓ Confirmed not names: {quoted(self.flagged)}"))
        elif self.flagged:
            self.update(Content(f"Possible name {quoted(self.flagged)}: rewrite it, or Ctrl+O if it is not a name"))
        else:
            self.update("")
