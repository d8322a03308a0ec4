"""A hostile-member kit: a certified member's laptop forges what only others may write, then syncs.

Each forgery is made with the lowest-level write path there is (store/versions.make_version, signed
by the member's own device key, put straight into a bundle), so no check of the member's own
laptop stands in the way. On the lead's laptop and on a third laptop every one is refused and
quarantined with its reason, nothing the lead shows changes, and nothing refused is passed on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from fieldwork import records as rec
from store import crypto
from store.trust_view import quarantine_rows
from store.versions import Version, attest, make_version
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle, read_bundle, write_bundle
from sync.invite import join, make_invite, open_invite
from tests.conftest import PASSPHRASE
from tests.sync.conftest import INVITE_PASSPHRASE, Team, exchange, sea


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Team:
    """Three laptops (lead, the hostile member, a third) holding the records the forgeries aim at."""
    root = tmp_path_factory.mktemp("hostile")
    team = Team(root / "base", 3)
    lead, member, third = team.open_copy(root / "staging")
    lead.write([Change("sea", sea("The lead's own entry on CR-700001"), record="lead-entry")])
    member.write(
        [
            Change("concern", {"case_refs": ["CR-700002"], "state": "evaluated", "issues": "Safety planning was not reviewed."}, record="a-concern"),
            Change("finding", {"type": "strength", "text": "Information sharing was timely.", "state": "draft"}, record="a-finding"),
        ]
    )
    for ws in (member, lead, third, member, lead):
        for other in (lead, member, third):
            if other is not ws:
                exchange(other, ws)
    for ws in (lead, member, third):
        ws.close()
    staged_team = Team.__new__(Team)
    staged_team.root, staged_team.size = root / "staging", 3
    return staged_team


def forge(ws: Workspace, kind: str, record: str, payload: dict[str, Any], *, author: str | None = None, op: str = "put") -> Version:
    """A version signed by this laptop's own device key, written by no check at all."""
    ring = ws.ring
    assert ring is not None
    state = ws._states.get(record)  # noqa: SLF001 - a forger reads whatever it likes
    return make_version(
        key=ring.inspection_key,
        signing_key=ring.signing_key,
        inspection=ring.inspection_id,
        record=record,
        kind=kind,
        parents=state.heads if state else (),
        clock=ws.clock.tick().encode(),
        author=author or ring.inspector_id,
        op=op,
        payload=payload,
    )


def hostile_bundle(ws: Workspace, forged: list[Version]) -> bytes:
    """The member's honest bundle with the forgeries added, attested by the member as its own."""
    ring = ws.ring
    assert ring is not None
    honest = ws.all_versions()
    sent = honest + forged
    return write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=ws.devices(),
        versions=[(v.raw, v.signature) for v in sent],
        attestations=[attest(ring.signing_key, ring.inspection_id, [v.id for v in sent if v.device == ring.device_id])],
    )


def _shown(ws: Workspace) -> dict[str, Any]:
    """Everything a screen or verb could show: each record's winning payload and state, and the team."""
    return {
        "records": {r.id: (r.kind, r.version, r.deleted, repr(sorted(r.payload.items()))) for k in (
            "inspection", "inspector", "sea", "concern", "finding", "criterion", "child", "device", "ticket", "revocation"
        ) for r in ws.records(k, include_deleted=True)},
        "lead": ws.is_lead,
        "digest": ws.state_digest(),
    }


Forgery = Callable[[list[Workspace]], list[Version]]


def _as_lead(team: list[Workspace]) -> list[Version]:
    lead, member = team[0], team[1]
    return [forge(member, "sea", "forged-entry", sea("Written in the lead's name on CR-700009"), author=lead.me_id)]


def _inspection(team: list[Workspace]) -> list[Version]:
    member = team[1]
    return [forge(member, "inspection", member.inspection_id, {**member.inspection, "area": "Elsewhere", "theme": "Changed"})]


def _roles(team: list[Workspace]) -> list[Version]:
    lead, member = team[0], team[1]
    lead_record = member.get(lead.me_id)
    assert lead_record is not None
    return [
        forge(member, "inspector", member.me_id, {**member.me, "role": "lead"}),
        forge(member, "inspector", lead.me_id, {**lead_record.payload, "role": "team"}),
    ]


def _sign_off(team: list[Workspace]) -> list[Version]:
    lead, member = team[0], team[1]
    concern = member.require("a-concern")
    return [
        forge(
            member,
            "concern",
            concern.id,
            {**concern.payload, "state": "signed-off", "lead_inspector": lead.me_id, "lead_signed": "2026-11-26"},
            author=lead.me_id,
        ),
        forge(member, "concern", concern.id, {**concern.payload, "state": "signed-off", "lead_signed": "2026-11-26"}),
    ]


def _agree(team: list[Workspace]) -> list[Version]:
    member = team[1]
    finding = member.require("a-finding")
    return [forge(member, "finding", finding.id, {**finding.payload, "state": "agreed", "agreed_by": member.me_id, "agreed_at": "2026-11-26T16:00"})]


def _delete_as_lead(team: list[Workspace]) -> list[Version]:
    lead, member = team[0], team[1]
    return [forge(member, "sea", "lead-entry", {}, author=lead.me_id, op="delete")]


def _criterion(team: list[Workspace]) -> list[Version]:
    member = team[1]
    return [forge(member, "criterion", "forged-criterion", {"code": "CUS 01", "strand": "custom", "label": "A forged criterion"})]


def _revoke(team: list[Workspace]) -> list[Version]:
    member, third = team[1], team[2]
    return [forge(member, "revocation", "forged-revocation", {"device": third.device_id, "seen": [], "reason": "forged"})]


def _ticket(team: list[Workspace]) -> list[Version]:
    member = team[1]
    return [
        forge(
            member,
            "ticket",
            "forged-ticket",
            {"inspector": "someone-new", "name": "ZZ", "role": "team", "inspectorate": "cqc", "expires": "2099-01-01T00:00", "expires_clock": "4070908800000-999999", "bound_device": ""},
        )
    ]


FORGERIES: dict[str, tuple[Forgery, str]] = {
    "writing as another inspector": (_as_lead, "claims to be written by AB"),
    "changing the inspection record": (_inspection, "only the lead inspector may change an inspection record"),
    "changing roles": (_roles, "only the lead inspector may"),
    "signing off a concern": (_sign_off, ""),
    "agreeing a finding": (_agree, "only the lead inspector may set 'agreed_"),
    "deleting another's record as them": (_delete_as_lead, "claims to be written by AB"),
    "adding criteria": (_criterion, "only the lead inspector may create a criterion record"),
    "revoking a device": (_revoke, "only the lead inspector may create a revocation record"),
    "issuing a ticket": (_ticket, "only the lead inspector may create a ticket record"),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_every_forgery_is_quarantined_on_the_lead_and_a_third_laptop(staged: Team, tmp_path: Path, name: str) -> None:
    make, reason = FORGERIES[name]
    team = staged.open_copy(tmp_path / "team")
    lead, member, third = team
    try:
        before = {ws.device_id: _shown(ws) for ws in (lead, third)}
        forged = make(team)
        bundle = hostile_bundle(member, forged)
        for ws in (lead, third):
            result = import_bundle(ws, bundle, name="member.fwbundle")
            refused = {row[0] for row in result.quarantined}
            assert refused == {v.id for v in forged}, name
            rows = {row["version"]: row for row in quarantine_rows(ws)}
            for v in forged:
                assert rows[v.id]["source"] == "member.fwbundle"
                assert reason in rows[v.id]["reason"], rows[v.id]["reason"]
            assert _shown(ws) == before[ws.device_id], f"{name} changed what the laptop shows"
            # Nothing refused is passed on: the lead's own bundle does not carry it.
            assert not {v.id for v in forged} & {r[0] for r in ws.log.shipping()}
        # The third laptop, taking the lead's bundle, never even sees the forgeries.
        exchange(lead, third)
        assert _shown(third) == before[third.device_id]
    finally:
        for ws in team:
            ws.close()


def test_a_reused_invite_is_refused_everywhere_and_the_outsider_gets_nothing(staged: Team, tmp_path: Path) -> None:
    team = staged.open_copy(tmp_path / "team")
    lead, member, third = team
    try:
        data = make_invite(lead, INVITE_PASSPHRASE, name="QR", inspectorate="hmip")
        first = join(tmp_path / "first", open_invite(data, INVITE_PASSPHRASE), PASSPHRASE)
        exchange(first, lead)  # the lead sees the binding and confirms it
        assert lead.get(first.device_id) is not None
        assert lead.require(open_invite(data, INVITE_PASSPHRASE).ticket).payload["bound_device"] == first.device_id
        exchange(lead, third)  # the team syncs: the invite is now known to be used
        # An outsider holding copies of the stick and of the used invite joins with a new device.
        outsider = join(tmp_path / "outsider", open_invite(data, INVITE_PASSPHRASE), PASSPHRASE)
        outsider.put("sea", sea("An outsider's entry on CR-700010"))
        before = _shown(lead)
        for ws in (lead, third):
            result = import_bundle(ws, export_bundle(outsider)[0], name="outsider.fwbundle")
            theirs = {v.id for v in outsider.all_versions() if v.device == outsider.device_id}
            assert len(theirs) == 3 and {row[0] for row in result.quarantined} == theirs, result
            assert result.pending == 0
        assert _shown(lead) == before
        reasons = {row["reason"] for row in quarantine_rows(lead)}
        assert any("used already by another device" in r for r in reasons)
        exchange(lead, third)
        # Even a lower clock does not help: the lead confirmed the first binding.
        first.close()
        outsider.close()
    finally:
        for ws in team:
            ws.close()


def test_a_member_cannot_write_what_only_the_lead_may_on_their_own_laptop(staged: Team, tmp_path: Path) -> None:
    from fieldwork.errors import AccessDenied

    team = staged.open_copy(tmp_path / "team")
    member = team[1]
    try:
        with pytest.raises(AccessDenied, match="only the lead inspector may change an inspection record"):
            member.write([Change("inspection", {**member.inspection, "area": "Elsewhere"}, record=member.inspection_id)])
        with pytest.raises(AccessDenied, match="claims to be written by"):
            member.write([Change("sea", sea("As the lead"))], as_identity=(team[0].me_id, member.ring.signing_key))  # type: ignore[union-attr]
        assert not member.is_lead
    finally:
        for ws in team:
            ws.close()


def test_editing_the_clear_columns_of_the_store_changes_nothing_shown(staged: Team, tmp_path: Path) -> None:
    """What the app shows follows from the signed bytes alone, not the clear metadata beside them."""
    import sqlite3

    team = staged.open_copy(tmp_path / "team")
    lead = team[0]
    before = _shown(lead)
    home = lead.home
    member_id = team[1].me_id
    for ws in team:
        ws.close()
    db = sqlite3.connect(home / "store.db")
    db.execute("UPDATE versions SET author=?, kind='inspection', op='delete'", (member_id,))
    db.commit()
    db.close()
    again = Workspace.open(home, PASSPHRASE)
    try:
        assert _shown(again) == before
    finally:
        again.close()


def test_a_forgery_written_straight_into_a_stores_file_is_refused_when_it_opens(staged: Team, tmp_path: Path) -> None:
    """Checked again on open: a version put into the log by hand, past every import check (by
    someone holding the inspection key, not this laptop's passphrase), is never shown."""
    team = staged.open_copy(tmp_path / "team")
    lead, member, _third = team
    forged = forge(member, "inspection", member.inspection_id, {**member.inspection, "area": "Elsewhere"})
    before = _shown(lead)
    with lead.log.transaction():
        lead.log.insert_devices(member.devices())
        lead.log.insert_versions([forged])
    home = lead.home
    for ws in team:
        ws.close()
    again = Workspace.open(home, PASSPHRASE)
    try:
        assert _shown(again) == before
        rows = {r["version"]: r for r in quarantine_rows(again)}
        assert rows[forged.id]["source"] == "this store (refused when opened)"
        assert "only the lead inspector" in rows[forged.id]["reason"]
        assert forged.id not in {r[0] for r in again.log.shipping() if again.judge.status.get(r[0]) == "accepted"}
        ring = again.ring
        assert ring is not None
        sent = read_bundle(export_bundle(again)[0], inspection=ring.inspection_id, inspection_key=ring.inspection_key)
        assert forged.id not in sent.ids  # never passed on
    finally:
        again.close()
