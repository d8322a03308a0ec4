"""Pick the criteria an SEA entry is evidence for, by typing: "7", "da3" or words of a label.

One search box drives a short list of matches (every criterion of every pack of the inspection:
the front door's ESN codes and the deep-dive theme's alike). Up and down move through the matches
without leaving the box, Enter picks or unpicks the highlighted one and clears the box for the
next, and Backspace in an empty box unpicks the last; F3 shows the highlighted criterion's full
wording (para 7), with its status where it is a working criterion. The list itself takes no focus, so Tab goes
from the box straight to the next field of the form.

The first criterion picked comes first in the entry; the editor takes the default strand from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fieldwork.frameworks import Framework
from fieldwork.sea_filter import search_criteria


class CriterionSearch(Input):
    """The picker's search box: an Input that also steers the list of matches."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
        # Para 7: the pack's label is a short restatement; the guidance's own words are a key away.
        Binding("f3", "wording", "Full wording of the highlighted criterion", show=False),
    ]

    class Move(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Unpick(Message):
        """Backspace in an empty box: take back the last criterion picked."""

    class Wording(Message):
        """F3: show the highlighted criterion's full wording."""

    def action_wording(self) -> None:
        self.post_message(self.Wording())

    def action_move(self, step: int) -> None:
        self.post_message(self.Move(step))

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.Unpick())
            return
        super().action_delete_left()


class CriterionPicker(Vertical):
    """A search box, the matching criteria, and a line naming the criteria picked."""

    class Changed(Message):
        def __init__(self, picker: CriterionPicker, codes: tuple[str, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.codes = codes

        @property
        def control(self) -> CriterionPicker:
            return self.picker

    def __init__(self, framework: Framework, codes: Sequence[str] = (), *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.framework = framework
        self._codes: list[str] = list(codes)
        self._width = max((len(c.code) for c in framework.criteria), default=6)

    def compose(self) -> ComposeResult:
        yield CriterionSearch(placeholder="Criteria: type 7, da3 or words; ↑↓ to move, Enter picks",
                              id="criterion-search", compact=True)
        options = OptionList(id="criterion-options", compact=True)
        options.can_focus = False
        yield options
        yield Static("", id="criterion-chosen")

    def on_mount(self) -> None:
        self._rebuild()

    # -- state ---------------------------------------------------------------------------------

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._codes)

    def set_codes(self, codes: Sequence[str]) -> None:
        self._codes = list(codes)
        self._rebuild()

    def toggle(self, code: str) -> None:
        if code in self._codes:
            self._codes.remove(code)
        else:
            self._codes.append(code)
        self._rebuild(keep=code)
        self.post_message(self.Changed(self, self.codes))

    # -- drawing -------------------------------------------------------------------------------

    def _rebuild(self, keep: str | None = None) -> None:
        search = self.query_one(CriterionSearch).value
        found = search_criteria(self.framework, search)
        if not search.strip():
            # Picked criteria first, so their labels stay in sight while the entry is written.
            picked = [c for code in self._codes if (c := self.framework.get(code)) is not None]
            found = picked + [c for c in found if c.code not in self._codes]
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option
        keep = keep or (highlighted.id if highlighted else None)
        options.set_options(
            Option(Content.assemble(("[x] " if c.code in self._codes else "[ ] "),
                                    (c.code.ljust(self._width), "bold"), " ", c.label,
                                    # Para 4: the theme packs are our own working criteria.
                                    ((f" ({c.status})", "italic") if c.status else "")), id=c.code)
            for c in found
        )
        if found:
            ids = [c.code for c in found]
            options.highlighted = ids.index(keep) if keep in ids and not search.strip() else 0
        chosen = self.query_one("#criterion-chosen", Static)
        if self._codes:
            chosen.update(Content.assemble(("Picked: ", "dim"), ", ".join(self._codes)))
        elif search.strip() and not found:
            chosen.update(Content.styled("No criterion matches; try a number or another word.",
                                         "dim"))
        else:
            chosen.update(Content.styled("No criterion picked yet.", "dim"))

    # -- events --------------------------------------------------------------------------------

    def on_descendant_focus(self) -> None:
        # A class rather than :focus-within, which Textual 8 matches too widely inside a
        # descendant selector; the editor hides the matches at narrow widths unless choosing.
        self.add_class("-choosing")

    def on_descendant_blur(self) -> None:
        self.remove_class("-choosing")

    @on(Input.Changed, "#criterion-search")
    def _searched(self, event: Input.Changed) -> None:
        event.stop()
        self._rebuild()

    @on(Input.Submitted, "#criterion-search")
    def _pick_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return
        search = self.query_one(CriterionSearch)
        search.value = ""
        self.toggle(option.id)

    @on(CriterionSearch.Move)
    def _move(self, event: CriterionSearch.Move) -> None:
        options = self.query_one(OptionList)
        if event.step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(CriterionSearch.Wording)
    def _wording(self, _: CriterionSearch.Wording) -> None:
        option = self.query_one(OptionList).highlighted_option
        found = self.framework.get(option.id) if option is not None and option.id is not None else None
        if found is None:
            return
        self.notify(found.full, title=found.shown, markup=False, timeout=12)

    @on(CriterionSearch.Unpick)
    def _unpick(self, _: CriterionSearch.Unpick) -> None:
        if self._codes:
            self.toggle(self._codes[-1])

    @on(OptionList.OptionSelected, "#criterion-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
