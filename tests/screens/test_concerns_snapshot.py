"""The Concerns screen at 80x24: list with an overdue concern, the detail pane and the footer;
and the raise form, which must fit the same terminal."""

from __future__ import annotations

from typing import Any

import pytest

from store import children
from store import concerns as store
from store.workspace import Workspace
from tests.screens.test_concerns import TODAY, Harness


def seed(ws: Workspace) -> None:
    """Four concerns with distinct due dates, so the list order never depends on random ids."""
    for ref in ("CR-104233", "CR-104240", "CR-104251"):
        children.add(ws, {"case_ref": ref})

    def concern(refs: list[str], service: str, category: int, referred: str, due: str) -> str:
        fields: dict[str, Any] = {"case_refs": refs, "service": service, "category": category,
                                  "issues": "No strategy discussion followed a second referral about bruising.",
                                  "referred_on": referred, "response_due": due}
        return store.raise_concern(ws, fields, today=TODAY).id

    late = concern(["CR-104233", "CR-104234"], "Police public protection unit", 1, "2026-11-17", "2026-11-19")
    store.mark_sent(ws, late, on="2026-11-17", today=TODAY)
    concern(["CR-104240"], "Health visiting service", 2, "2026-11-23", "2026-11-27")
    answered = concern(["CR-104251"], "Children's social care: front door", 1, "2026-11-18", "2026-11-21")
    store.mark_sent(ws, answered, on="2026-11-18", today=TODAY)
    store.record_response(ws, answered, text="A strategy discussion was held the next day.", received="2026-11-20", today=TODAY)
    done = concern(["CR-104233"], "School nursing service", 2, "2026-11-17", "2026-11-18")
    store.mark_sent(ws, done, on="2026-11-17", today=TODAY)
    store.record_response(ws, done, text="The plan was reviewed.", received="2026-11-18", today=TODAY)
    store.evaluate(ws, done, text="Assured.", on="2026-11-19", today=TODAY)
    store.share(ws, done, by="keep-in-touch meeting", on="2026-11-19", today=TODAY)  # para 74
    store.sign_off(ws, done, chief_officer="Director of Children's Services", chief_officer_date="2026-11-20", today=TODAY)


@pytest.fixture
def seeded(workspace: Workspace) -> Workspace:
    seed(workspace)
    return workspace


def test_concerns_list_at_80x24(snap_compare, seeded: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(Harness(seeded), terminal_size=(80, 24))


def test_raise_form_at_80x24(snap_compare, seeded: Workspace) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(Harness(seeded), terminal_size=(80, 24), press=["n"])
