"""The app's own commands for Textual's command palette (ctrl+p).

Every section, the everyday actions (new SEA entry, raise a concern, sync, lock now), the idle-lock
setting, and one command per child so an inspector can jump to a case reference by typing it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from screens.app import FieldworkApp

LOCK_CHOICES = (5, 10, 15, 30, 60)


class FieldworkCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        from screens.app import sections_for
        from screens.qa_mode import is_audit

        app: FieldworkApp = self.app  # type: ignore[assignment]
        ws = app.workspace
        if ws is None:
            return  # locked: nothing to go to until the inspection is unlocked
        audit = is_audit(ws)
        if audit:  # a partnership's audit: its Home's sections and actions, none of the inspection's
            from screens.qa_forms import audit_commands

            yield from audit_commands(app, ws)
        else:
            yield "Home", partial(app.go, "home"), "today's day of the inspection and what is due"
            for name, section in sections_for(ws).items():
                yield section.label, partial(app.go, name), section.why
            yield "New SEA entry", app.new_sea_entry, "write an entry in the editor"
            yield "Raise a concern", app.go_raise_concern, "start an Annex C concern (para 74)"
        yield "Lock now", app.action_lock, "drop the keys and decrypted data; unlock to carry on"
        for minutes in LOCK_CHOICES:
            yield (
                f"Lock after {minutes} minutes idle",
                partial(self._set_lock, minutes),
                f"now {app.lock_after:g} minutes",
            )
        for record in [] if audit else sorted(ws.records("child"), key=lambda r: r.payload.get("case_ref", "")):
            ref = record.payload.get("case_ref", "")
            stage = record.payload.get("stage", "")
            yield f"Child {ref}", partial(app.go_child, ref), f"go to {ref} ({stage}) on the Children screen"

    def _set_lock(self, minutes: int) -> None:
        app: FieldworkApp = self.app  # type: ignore[assignment]
        app.set_lock_after(minutes)
        app.notify(f"The app will lock after {minutes} minutes idle.")

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            if text.startswith("Child ") or text.startswith("Lock after"):
                continue  # found by typing; listing sixty children would bury the rest
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)
