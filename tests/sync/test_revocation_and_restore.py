"""A lost laptop shut out, and a lost lead laptop replaced with the paper key (the authority issue, 6-7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldwork import paper_key
from fieldwork import records as rec
from fieldwork.errors import AccessDenied
from fieldwork.trust import describe_devices
from store import crypto
from store.team import handover, revoke
from store.trust_view import quarantine_rows
from store.workspace import Change, Workspace
from sync.bundle import export_bundle
from sync.invite import join, make_invite, open_invite
from sync.restore import restore
from tests.conftest import PASSPHRASE
from tests.sync.conftest import INVITE_PASSPHRASE, converge, exchange, sea


def _team(root: Path, paper: crypto.Ed25519PrivateKey | None = None) -> list[Workspace]:
    lead = Workspace.create(
        root / "lead",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
        paper_key=paper,
    )
    team = [lead]
    for initials, body in (("CD", "cqc"), ("EF", "hmicfrs")):
        invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name=initials, inspectorate=body), INVITE_PASSPHRASE)
        team.append(join(root / initials, invite, PASSPHRASE))
    converge(team)
    return team


def _close(team: list[Workspace]) -> None:
    for ws in team:
        if ws.ring is not None:
            ws.close()


def test_a_revoked_devices_later_versions_are_refused_everywhere_and_its_earlier_ones_kept(tmp_path: Path) -> None:
    team = _team(tmp_path)
    lead, lost, other = team
    try:
        earlier = lost.put("sea", sea("Written before the laptop was lost, on CR-710001"))
        exchange(lost, lead)
        revocation = revoke(lead, lost.device_id[:6], reason="left on a train")
        assert earlier.id in revocation.payload["seen"]
        later = lost.put("sea", sea("Written by whoever has the laptop now, on CR-710002"))
        for ws in (lead, other):
            exchange(lost, ws)
        exchange(lead, other)
        for ws in (lead, other):
            assert ws.get(earlier.record) is not None, "an earlier version was lost"
            assert ws.get(later.record) is None, "a revoked device's later version was accepted"
            rows = {r["version"]: r for r in quarantine_rows(ws)}
            assert "revoked" in rows[later.id]["reason"]
        listed = {d["device"]: d for d in describe_devices(other.judge)}
        assert listed[lost.device_id]["revoked"] is True and listed[lead.device_id]["revoked"] is False
        with pytest.raises(AccessDenied):
            revoke(other, lead.device_id[:6])
    finally:
        _close(team)


def test_a_lost_lead_laptop_is_replaced_with_the_paper_key_and_then_revoked(tmp_path: Path) -> None:
    paper_signer = crypto.new_signing_key()
    team = _team(tmp_path, paper_signer)
    lost_lead, cd, ef = team
    try:
        ring = lost_lead.ring
        assert ring is not None
        paper = paper_key.decode(
            paper_key.encode(
                paper_key.PaperKey(lost_lead.inspection_id, ring.root_device, lost_lead.me_id, crypto.private_raw(paper_signer), ring.inspection_key)
            )
        )
        # The team's shared folder holds everyone's bundles from the last sync.
        stick = tmp_path / "stick"
        stick.mkdir()
        for ws in team:
            (stick / f"{ws.device_id}.fwbundle").write_bytes(export_bundle(ws)[0])
        new_lead, imported = restore(tmp_path / "new-lead", paper, PASSPHRASE, sorted(stick.iterdir()))
        try:
            assert len(imported) == 3 and new_lead.is_lead and new_lead.me_id == lost_lead.me_id
            # Before the revocation reaches anyone, the restore alone ends the lost laptop's lead
            # role: its lead-only acts after the restore are refused (the paper key's generation).
            exchange(new_lead, cd)
            theme = cd.inspection["theme"]
            grabbed = lost_lead.write([Change("inspection", {**lost_lead.inspection, "theme": "Taken over"}, record=lost_lead.inspection_id)])[0]
            exchange(lost_lead, cd)
            assert cd.inspection["theme"] == theme
            assert "only the lead inspector" in {r["version"]: r for r in quarantine_rows(cd)}[grabbed.id]["reason"]
            revoke(new_lead, lost_lead.device_id, reason="the lead's laptop was stolen")
            # Whoever holds the lost laptop goes on writing, as the lead.
            stolen = lost_lead.put("sea", sea("Written on the stolen laptop, on CR-710003"))
            for member in (cd, ef):
                exchange(new_lead, member)
                exchange(lost_lead, member)
                assert member.get(stolen.record) is None
                assert any("revoked" in r["reason"] for r in quarantine_rows(member) if r["version"] == stolen.id)
                devices = {c.device: c for c in member.judge.devices.values()}
                assert devices[new_lead.device_id].via == "paper"
            # The new lead acts as the lead: an invite it writes is taken by a new member.
            invite = open_invite(make_invite(new_lead, INVITE_PASSPHRASE, name="GH", inspectorate="hmip"), INVITE_PASSPHRASE)
            newcomer = join(tmp_path / "GH", invite, PASSPHRASE)
            try:
                exchange(newcomer, cd)
                exchange(new_lead, cd)
                assert any(r.payload.get("name") == "GH" for r in cd.records("inspector"))
            finally:
                newcomer.close()
            # The lost laptop, although it still calls itself the lead, can no longer act as one.
            forged = lost_lead.write([Change("sea", sea("Still here, on CR-710004"))])[0]
            exchange(lost_lead, ef)
            assert ef.get(forged.record) is None
        finally:
            new_lead.close()
    finally:
        _close(team)


def test_a_handover_makes_another_member_the_lead_on_every_laptop(tmp_path: Path) -> None:
    team = _team(tmp_path)
    lead, cd, ef = team
    try:
        handover(lead, "CD")
        converge(team)
        for ws in team:
            assert {d.inspector: ws.judge.role_now(d.inspector) for d in ws.judge.devices.values()}[cd.me_id] == "lead"
        assert cd.is_lead and not lead.is_lead
        with pytest.raises(AccessDenied):
            make_invite(lead, INVITE_PASSPHRASE, name="GH", inspectorate="hmip")
        # The new lead's lead-only acts are accepted everywhere; the old lead's are not.
        cd.write([Change("inspection", {**cd.inspection, "theme": "Neglect (revised)"}, record=cd.inspection_id)])
        converge(team)
        assert ef.inspection["theme"] == "Neglect (revised)"
    finally:
        _close(team)


def test_after_a_revocation_the_team_moves_to_a_key_the_revoked_laptop_never_had(tmp_path: Path) -> None:
    from sync.bundle import BundleError, import_bundle, read_bundle

    team = _team(tmp_path)
    lead, lost, other = team
    try:
        before = lead.put("sea", sea("Written before the revocation, on CR-720001"))
        converge(team)
        revoke(lead, lost.device_id)
        assert lead.current_epoch == 1 and lead.current_key != lead.ring.inspection_key  # type: ignore[union-attr]
        after = lead.put("sea", sea("Written after the revocation, on CR-720002"))
        bundle = export_bundle(lead)[0]
        assert b"\nepoch 1 " in bundle[:4096]
        # The remaining member opens it with its own device key (its X25519 identity) ...
        import_bundle(other, bundle)
        assert other.current_epoch == 1 and other.get(after.record) is not None
        assert other.get(before.record) is not None  # older versions stay readable
        # ... and writes its next versions in the new epoch, for the lead alone to read.
        reply = other.put("sea", sea("A reply in the new epoch, on CR-720003"))
        exchange(other, lead)
        assert lead.get(reply.record) is not None
        # The revoked laptop has every key it ever had, and still cannot open either bundle.
        ring = lost.ring
        assert ring is not None
        for data in (bundle, export_bundle(other)[0]):
            with pytest.raises(BundleError, match="after a revocation"):
                import_bundle(lost, data)
            with pytest.raises(BundleError):
                read_bundle(data, inspection=ring.inspection_id, inspection_key=ring.inspection_key, epoch_keys=lost.keys, unseal=lost.unseal_epoch_key)
        # A member who joins after the revocation is handed the new epoch's key in the invite.
        invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name="GH", inspectorate="hmip"), INVITE_PASSPHRASE)
        newcomer = join(tmp_path / "GH", invite, PASSPHRASE)
        try:
            import_bundle(newcomer, export_bundle(lead)[0])
            assert newcomer.get(after.record) is not None and newcomer.current_epoch == 1
        finally:
            newcomer.close()
        # Reopened from disk, the lead finds the new key again from its own epoch record.
        home = lead.home
        lead.close()
        again = Workspace.open(home, PASSPHRASE)
        try:
            assert again.current_epoch == 1 and again.get(after.record) is not None
        finally:
            again.close()
    finally:
        _close(team)
