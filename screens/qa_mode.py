"""Whether a store is a partnership's audit, asked before Home is drawn: kept apart from
screens/qa.py so that an inspection's start imports none of the audit's screens, and answered from
the facts kept at the last run where they still hold, so that it decrypts nothing early."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.workspace import Workspace


def is_audit(ws: "Workspace") -> bool:
    if not ws.loaded:
        from store.home_facts import kept_facts

        facts = kept_facts(ws)
        if facts is not None:
            return facts.has_inspection and facts.mode == "audit"
    # No kept facts: Home computes them from the records anyway, so loading them here costs nothing.
    return ws.has_inspection and ws.inspection.get("mode") == "audit"
