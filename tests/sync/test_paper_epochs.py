"""A lead restored from the paper key reads every key epoch (issue 11).

The paper holds only epoch 0's key; every later epoch's key is sealed to the paper key's age
identity too (store/paper_age.py), so `lead restore` after revocations reads what the team wrote
since, and can open yet another epoch that the revoked laptops cannot read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fieldwork import paper_key
from fieldwork import records as rec
from store import crypto, paper_age
from store.team import revoke
from store.workspace import Change, Workspace
from sync.bundle import BundleError, import_bundle
from sync.folder import sync_folder
from sync.invite import join, make_invite, open_invite
from sync.restore import bundles_in, restore
from tests.conftest import INIT_ARGS, PASSPHRASE
from tests.sync.conftest import INVITE_PASSPHRASE, converge, exchange, sea

MEMBERS = (("CD", "cqc"), ("EF", "hmicfrs"), ("GH", "hmip"), ("IJ", "cqc"))


def _inspection(home: Path, **extra: Any) -> dict[str, Any]:
    return {**rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]), **extra}


def _team(root: Path, paper: crypto.Ed25519PrivateKey | None, inspection: dict[str, Any]) -> dict[str, Workspace]:
    lead = Workspace.create(root / "AB", PASSPHRASE, inspection=inspection, me=rec.inspector_payload(name="AB", inspectorate="ofsted"), paper_key=paper)
    team = {"AB": lead}
    for initials, body in MEMBERS:
        invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name=initials, inspectorate=body), INVITE_PASSPHRASE)
        team[initials] = join(root / initials, invite, PASSPHRASE)
    converge(list(team.values()))
    return team


def _paper(lead: Workspace, signer: crypto.Ed25519PrivateKey) -> paper_key.PaperKey:
    """What the lead's printed kit gives back when typed in."""
    ring = lead.ring
    assert ring is not None
    printed = paper_key.PaperKey(lead.inspection_id, ring.root_device, lead.me_id, crypto.private_raw(signer), ring.inspection_key)
    return paper_key.decode(paper_key.encode(printed))


def _close(*stores: Workspace) -> None:
    for ws in stores:
        if ws.ring is not None:
            ws.close()


def _text(ws: Workspace, record: str) -> str | None:
    held = ws.get(record)
    return None if held is None else str(held.payload["text"])


def test_a_lead_restored_from_paper_reads_every_epoch_and_opens_the_next(tmp_path: Path) -> None:
    signer = crypto.new_signing_key()
    team = _team(tmp_path, signer, _inspection(tmp_path))
    lead, cd, ef, gh, ij = (team[k] for k in ("AB", "CD", "EF", "GH", "IJ"))
    folder = tmp_path / "shared"
    folder.mkdir()
    restored: list[Workspace] = []
    try:
        assert paper_age.of_inspection(lead.judge) == paper_age.recipient(signer.private_bytes_raw())
        before = lead.put("sea", sea("Written in epoch 0, on CR-730001"))
        revoke(lead, gh.device_id, reason="left on a train")
        epoch_record = next(r for r in lead.records("epoch") if r.payload["epoch"] == 1)
        assert paper_age.PAPER in epoch_record.payload["recipients"]
        for member in (cd, ef):
            exchange(lead, member)
        in_epoch_1 = cd.put("sea", sea("Written in epoch 1, on CR-730002"))
        exchange(cd, lead)
        revoke(lead, ij.device_id, reason="no longer on the team")
        assert lead.current_epoch == 2
        for member in (cd, ef):
            exchange(lead, member)
        # The members write in epoch 2 and sync through the shared folder; then the lead's laptop
        # is lost before it takes their entries in.
        in_epoch_2 = [cd.put("sea", sea("Written in epoch 2 by CD, on CR-730003")), ef.put("sea", sea("Written in epoch 2 by EF, on CR-730004"))]
        for ws in (lead, gh, ij, cd, ef):
            sync_folder(ws, folder)
        assert cd.current_epoch == ef.current_epoch == 2
        new_lead, imported = restore(tmp_path / "new-lead", _paper(lead, signer), PASSPHRASE, bundles_in(folder))
        restored.append(new_lead)
        assert len(imported) == 5 and new_lead.is_lead
        assert new_lead.current_epoch == 2 and set(new_lead.keys) == {0, 1, 2}
        for version, text in [(before, "epoch 0"), (in_epoch_1, "epoch 1"), *((v, "epoch 2") for v in in_epoch_2)]:
            assert text in (_text(new_lead, version.record) or ""), f"the restored lead cannot read what was written in {text}"
        # The keys the paper opened are the new laptop's now: reopened, it reads them still.
        home = new_lead.home
        new_lead.close()
        new_lead = Workspace.open(home, PASSPHRASE)
        restored.append(new_lead)
        assert "epoch 2 by EF" in (_text(new_lead, in_epoch_2[1].record) or "")
        # It shuts the lost laptop out: epoch 3, sealed to the remaining devices and the paper.
        revoke(new_lead, lead.device_id, reason="the lead's laptop was stolen")
        assert new_lead.current_epoch == 3
        in_epoch_3 = new_lead.put("sea", sea("Written in epoch 3 by the restored lead, on CR-730005"))
        sync_folder(new_lead, folder)
        sync_folder(cd, folder)
        assert cd.current_epoch == 3 and "epoch 3" in (_text(cd, in_epoch_3.record) or "")
        for shut_out in (lead, gh, ij):
            with pytest.raises(BundleError, match="after a revocation"):
                import_bundle(shut_out, (folder / f"{new_lead.device_id}.fwbundle").read_bytes())
            assert shut_out.get(in_epoch_3.record) is None
        # And the paper still restores a lead that reads epoch 3, should this laptop go too.
        again, _ = restore(tmp_path / "third-lead", _paper(lead, signer), PASSPHRASE, bundles_in(folder))
        restored.append(again)
        assert "epoch 3" in (_text(again, in_epoch_3.record) or "")
    finally:
        _close(*team.values(), *restored)


def test_an_inspection_without_a_paper_recipient_behaves_as_before(tmp_path: Path) -> None:
    """Inspections made before the field existed name only the paper key's public half: their
    epochs are sealed to the devices alone, and a restore reads epoch 0 only, as it always did."""
    signer = crypto.new_signing_key()
    older = _inspection(tmp_path, paper_key=crypto.b64(crypto.public_raw(signer)))
    team = _team(tmp_path, None, older)
    lead, cd, gh = team["AB"], team["CD"], team["GH"]
    restored: list[Workspace] = []
    try:
        assert paper_age.FIELD not in lead.inspection and paper_age.of_inspection(lead.judge) == ""
        before = lead.put("sea", sea("Written in epoch 0, on CR-740001"))
        exchange(lead, gh)  # so an epoch-0 bundle in the folder carries it
        revoke(lead, gh.device_id)
        epoch_record = next(iter(lead.records("epoch")))
        assert paper_age.PAPER not in epoch_record.payload["recipients"]
        assert crypto.unseal_with(paper_age.identity(signer.private_bytes_raw()), crypto.unb64(epoch_record.payload["sealed"])) is None
        exchange(lead, cd)
        later = cd.put("sea", sea("Written in epoch 1, on CR-740002"))
        folder = tmp_path / "shared"
        folder.mkdir()
        for ws in (lead, gh, cd):
            sync_folder(ws, folder)
        refused: list[Path] = []
        new_lead, _ = restore(
            tmp_path / "new-lead", _paper(lead, signer), PASSPHRASE, bundles_in(folder), on_refused=lambda path, _why: refused.append(path)
        )
        restored.append(new_lead)
        assert new_lead.is_lead and new_lead.current_epoch == 0 and set(new_lead.keys) == {0}
        assert sorted(refused) == sorted(folder / f"{ws.device_id}.fwbundle" for ws in (lead, cd))
        assert _text(new_lead, before.record) is not None and new_lead.get(later.record) is None
    finally:
        _close(*team.values(), *restored)


def test_only_the_inspections_first_version_names_the_paper_recipient(tmp_path: Path) -> None:
    signer = crypto.new_signing_key()
    lead = Workspace.create(tmp_path / "AB", PASSPHRASE, inspection=_inspection(tmp_path), me=rec.inspector_payload(name="AB", inspectorate="ofsted"), paper_key=signer)
    try:
        named = paper_age.recipient(signer.private_bytes_raw())
        assert lead.inspection[paper_age.FIELD] == named
        swapped = paper_age.recipient(crypto.new_signing_key().private_bytes_raw())
        lead.write([Change("inspection", {**lead.inspection, paper_age.FIELD: swapped}, record=lead.inspection_id)])
        assert lead.inspection[paper_age.FIELD] == swapped and paper_age.of_inspection(lead.judge) == named
    finally:
        lead.close()


def test_the_cli_restore_lists_the_entries_written_after_two_revocations(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    homes = {who: tmp_path / who for who in ("AB", "CD", "EF", "GH", "new-lead")}
    shared = tmp_path / "shared"
    shared.mkdir()

    def ok(*argv: str, who: str) -> str:
        done = cli(*argv, home_dir=homes[who])
        assert done.code == 0, done.err
        return done.out

    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", "plum-kettle-orbit-lantern-quarry-velvet")
    ok(*INIT_ARGS, "--recovery-kit", str(tmp_path / "kit.md"), who="AB")
    assert "after a laptop was revoked" in (tmp_path / "kit.md").read_text(encoding="utf-8")
    for who, body in (("CD", "cqc"), ("EF", "hmicfrs"), ("GH", "hmip")):
        ok("invite", str(tmp_path / f"{who}.fwinvite"), "--name", who, "--inspectorate", body, who="AB")
        ok("join", str(tmp_path / f"{who}.fwinvite"), "--name", who, "--inspectorate", body, who=who)
        ok("sync", str(shared), who=who)
    ok("sync", str(shared), who="AB")
    devices = {d["inspector"]: d["device"] for d in json.loads(ok("device", "list", "--json", who="AB"))}
    for who in ("GH", "EF"):  # epochs 1 and 2
        ok("device", "revoke", devices[who], who="AB")
    ok("sync", str(shared), who="AB")
    ok("sync", str(shared), who="CD")
    written = "After two revocations, on CR-750001"
    ok("child", "add", "CR-750001", "--stage", "tracked", who="CD")
    ok("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "case-file", "--evidence-date", "2026-11-24",
       "--child", "CR-750001", "--text", written, "--confirm-no-names", who="CD")
    ok("sync", str(shared), who="CD")
    # The lead's laptop is lost: a new one restores from the printed kit and the shared folder.
    ok("lead", "restore", "--paper-key-file", str(tmp_path / "kit.md"), "--from", str(shared), "--json", who="new-lead")
    listed = json.loads(ok("sea", "list", "--json", who="new-lead"))
    assert written in json.dumps(listed)
