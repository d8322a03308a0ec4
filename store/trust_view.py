"""What the trust chain refused, as people and scripts read it (`fieldwork quarantine`, the Sync screen)."""

from __future__ import annotations

from typing import Any

from store.workspace import Workspace


def quarantine_rows(ws: Workspace) -> list[dict[str, Any]]:
    """Every version kept aside: from the quarantine table (with the bundle it came in) and any in
    the log that the checks on open refused. Decoded from the stored bytes, never clear columns."""
    name_of = ws.judge.name_of
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for version, reason, source in ws.log.quarantined():
        seen.add(version.id)
        rows.append(_row(version, reason, source, name_of))
    for version, reason in ws.refused_on_open():
        if version.id not in seen:
            rows.append(_row(version, reason, "this store (refused when opened)", name_of))
    return rows


def _row(version: Any, reason: str, source: str, name_of: Any) -> dict[str, Any]:
    return {
        "version": version.id,
        "kind": version.kind,
        "claimed_author": name_of(version.author),
        "claimed_author_id": version.author,
        "device": version.device,
        "record": version.record,
        "reason": reason,
        "source": source,
    }


def quarantine_count(ws: Workspace) -> int:
    return ws.log.quarantine_count() + len(ws.refused_on_open())
