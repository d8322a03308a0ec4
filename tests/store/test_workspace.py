"""The store's promises: nothing changes on a wrong passphrase, history is kept, keys are dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldwork import authority
from fieldwork import records as rec
from fieldwork.errors import AccessDenied, FieldworkError, NoInspection
from store.workspace import Change, Workspace
from tests.conftest import PASSPHRASE
from tests.store.helpers import snapshot


def test_reopen_returns_the_same_records_and_digest(workspace: Workspace, home: Path) -> None:
    v = workspace.put("child", rec.child_payload({"case_ref": "CR-104233", "stage": "tracked"}))
    digest = workspace.state_digest()
    workspace.close()
    again = Workspace.open(home, PASSPHRASE)
    try:
        assert again.get(v.record).payload["stage"] == "tracked"
        assert again.state_digest() == digest
        assert again.counts()["children"] == 1
        assert again.is_lead and again.inspection["area"] == "Testshire"
    finally:
        again.close()


def test_wrong_passphrase_is_refused_and_changes_no_byte(workspace: Workspace, home: Path) -> None:
    workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.close()
    before = snapshot(home)
    with pytest.raises(AccessDenied, match="Wrong passphrase"):
        Workspace.open(home, "not the passphrase")
    assert snapshot(home) == before


def test_passphrase_is_normalised_to_nfc(home: Path) -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    ws = Workspace.create(
        home,
        composed,
        inspection=rec.inspection_payload(area="A", theme="T", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
    )
    ws.close()
    Workspace.open(home, decomposed).close()


def test_changing_the_passphrase_rewraps_only_the_keyring(workspace: Workspace, home: Path) -> None:
    workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.close()
    db_before = (home / "store.db").read_bytes()
    reopened = Workspace.open(home, PASSPHRASE)
    reopened.change_passphrase("a new passphrase")
    reopened.close()
    with pytest.raises(AccessDenied):
        Workspace.open(home, PASSPHRASE)
    Workspace.open(home, "a new passphrase").close()
    assert (home / "store.db").read_bytes() == db_before


def test_an_empty_home_says_there_is_no_inspection(tmp_path: Path) -> None:
    with pytest.raises(NoInspection):
        Workspace.open(tmp_path / "nothing", PASSPHRASE)


def test_create_refuses_a_home_that_already_holds_one(workspace: Workspace, home: Path) -> None:
    with pytest.raises(FieldworkError, match="already holds"):
        Workspace.create(
            home,
            PASSPHRASE,
            inspection=rec.inspection_payload(area="A", theme="T", notified="2026-11-10", packs=["jtai-2016-front-door"]),
            me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
        )


def test_an_edit_keeps_the_earlier_version_in_history(workspace: Workspace) -> None:
    v1 = workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.put("child", {**workspace.get(v1.record).payload, "stage": "tracked"}, record=v1.record)
    history = workspace.history(v1.record)
    assert [h.op for h in history] == ["put", "put"]
    assert history[0].payload["stage"] == "deep-dive"
    assert history[1].changes == {"stage": {"from": "deep-dive", "to": "tracked"}}
    assert history[1].parents == (history[0].version,)
    assert all(h.author == workspace.me_id and h.author_name == "AB" for h in history)
    assert history[0].when <= history[1].when


def test_delete_is_a_tombstone_that_keeps_history(workspace: Workspace) -> None:
    v1 = workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.delete(v1.record)
    assert workspace.counts()["children"] == 0
    assert workspace.records("child") == []
    assert [h.op for h in workspace.history(v1.record)] == ["put", "delete"]


def test_one_write_is_one_transaction(workspace: Workspace) -> None:
    before = workspace.version_count()
    bad = Change("child", {"case_ref": "CR-2"}, record=None, op="explode")
    with pytest.raises(ValueError):
        workspace.write([Change("child", {"case_ref": "CR-1"}), bad])
    assert workspace.version_count() == before
    assert len(workspace.log.metas()) == before


def test_concurrent_heads_show_as_a_conflict_until_resolved(workspace: Workspace) -> None:
    v1 = workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    a = workspace.write([Change("child", {**v1_payload(workspace, v1.record), "stage": "tracked"}, record=v1.record, parents=(v1.id,))])[0]
    b = workspace.write([Change("child", {**v1_payload(workspace, v1.record), "stage": "sampled"}, record=v1.record, parents=(v1.id,))])[0]
    assert workspace.conflict_count() == 1
    conflict = workspace.conflicts()[0]
    assert {h.version for h in conflict.heads} == {a.id, b.id}
    assert "stage" in conflict.differing
    workspace.resolve(v1.record, keep=a.id)
    assert workspace.conflict_count() == 0
    assert workspace.get(v1.record).payload["stage"] == "tracked"
    assert set(workspace.history(v1.record)[-1].parents) == {a.id, b.id}


def v1_payload(ws: Workspace, record: str) -> dict:  # type: ignore[type-arg]
    return dict(ws.get(record).payload)


def test_close_drops_keys_and_decrypted_data(workspace: Workspace) -> None:
    workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.close()
    assert workspace.ring is None
    with pytest.raises(FieldworkError, match="locked"):
        _ = workspace.inspection_id
    assert workspace.records("child") == []


def test_local_state_is_encrypted_and_private(workspace: Workspace, home: Path) -> None:
    workspace.put_local("draft:sea:new", {"text": "Unsaved evaluation about CR-999123"})
    assert workspace.get_local("draft:sea:new") == {"text": "Unsaved evaluation about CR-999123"}
    assert b"CR-999123" not in (home / "store.db").read_bytes()
    workspace.delete_local("draft:sea:new")
    assert workspace.get_local("draft:sea:new") is None


def test_a_kind_registered_after_opening_gets_its_table(workspace: Workspace) -> None:
    from sqlmodel import Field, SQLModel, select

    from store import projection

    class LateRow(SQLModel, table=True):
        __tablename__ = "late_kind_for_test"
        id: str = Field(primary_key=True)
        label: str = ""

    projection.register("late-kind", LateRow, lambda r: {"id": r.id, "label": str(r.payload.get("label", ""))})
    # A new kind says who may write it before it can be written (fieldwork/authority.py).
    authority.RULES["late-kind"] = authority.KindRule(create=authority.MEMBER, change=authority.MEMBER)
    try:
        v = workspace.put("late-kind", {"label": "x"})
        workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
        with workspace.projection.session() as session:
            assert [row.id for row in session.exec(select(LateRow))] == [v.record]
    finally:
        projection._TYPED.pop("late-kind")
        authority.RULES.pop("late-kind")


def test_opening_leaves_the_projection_unbuilt_and_sql_unimported(workspace: Workspace, home: Path) -> None:
    """Unlock decrypts into memory only: SQLModel's import and the SQL tables wait for first use."""
    import subprocess
    import sys

    workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    workspace.close()
    script = (
        "import sys\n"
        "from store.workspace import Workspace\n"
        f"ws = Workspace.open({str(home)!r}, {PASSPHRASE!r})\n"
        "assert [r.payload['case_ref'] for r in ws.records('child')] == ['CR-104233']\n"
        "assert not ws.projection_ready\n"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=Path(__file__).parents[2])
    assert out.stdout.strip() == "[]"


def test_the_projection_built_late_holds_every_write_before_and_after(workspace: Workspace) -> None:
    from sqlmodel import select

    from store.projection import ChildRow

    first = workspace.put("child", rec.child_payload({"case_ref": "CR-104233"}))
    gone = workspace.put("child", rec.child_payload({"case_ref": "CR-104234"}))
    workspace.delete(gone.record)
    assert not workspace.projection_ready
    with workspace.projection.session() as session:
        assert [row.case_ref for row in session.exec(select(ChildRow))] == ["CR-104233"]
    workspace.put("child", rec.child_payload({"case_ref": "CR-104235", "stage": "tracked"}), record=first.record)
    with workspace.projection.session() as session:
        assert sorted(row.case_ref for row in session.exec(select(ChildRow))) == ["CR-104235"]


def test_a_closed_workspace_builds_no_projection(workspace: Workspace) -> None:
    workspace.close()
    with pytest.raises(FieldworkError, match="locked"):
        _ = workspace.projection
