"""Whether a store is a partnership's audit, asked before Home is drawn: kept apart from
screens/qa.py so that an inspection's start imports none of the audit's screens, and answered from
the facts kept at the last run, so that it decrypts nothing early."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.workspace import Workspace


def is_audit(ws: "Workspace") -> bool:
    if not ws.loaded:
        from store.home_facts import kept_facts, kept_mode

        facts = kept_facts(ws)
        if facts is not None:
            return facts.has_inspection and facts.mode == "audit"
        # Kept before the store last changed: its mode still holds (a store keeps the mode it was
        # made in), so Home can be drawn before the records are decrypted.
        mode = kept_mode(ws)
        if mode is not None:
            return mode == "audit"
    # Nothing kept: Home computes its facts from the records anyway, so loading them here costs nothing.
    return ws.has_inspection and ws.inspection.get("mode") == "audit"
