"""Para 6, 86 on the Findings screen: i marks the selected strength as innovative and effective
practice (and unmarks it); an area for development cannot be."""

from __future__ import annotations

from textual.widgets import Static, Tree

from store import findings as store_findings
from store.workspace import Workspace
from tests.screens.test_findings_screen import findings_app
from tests.store.test_gaps_store import populate


async def test_para_86_i_marks_a_strength_as_innovative_practice(workspace: Workspace) -> None:
    built = populate(workspace)
    strength = store_findings.add(workspace, {"type": "strength", "scope": "partnership", "text": "Strategy discussions are timely.",
                                              "sea": [built.ids["s1"]]})
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        node = next(n for n in tree._tree_nodes.values() if n.data == strength.id)
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert workspace.require(strength.id).payload["innovative"] is True
        assert "Innovative and effective practice (para 6, 86)" in str(app.screen.query_one("#finding-detail-text", Static).render())
        await pilot.press("i")
        await pilot.pause()
        assert workspace.require(strength.id).payload["innovative"] is False


async def test_para_86_an_area_for_development_is_not_marked_innovative(workspace: Workspace) -> None:
    built = populate(workspace)
    development = store_findings.add(workspace, {"type": "development", "scope": "partnership", "text": "Plans drift.",
                                                 "sea": [built.ids["s1"]]})
    app = findings_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        tree.move_cursor(next(n for n in tree._tree_nodes.values() if n.data == development.id))
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert any("Only a strength" in n.message for n in app._notifications)
        assert not workspace.require(development.id).payload.get("innovative")
