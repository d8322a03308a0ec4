"""At rest, across the whole flow: no plaintext in any file Fieldwork writes but the documents a
person asks it to export.

tests/store/test_at_rest.py covers one home. This follows an inspection through everything the
CLI does with files: a lead seeds it with distinctive text, writes an invite, a team member joins,
both sync through a shared folder (twice, so each takes in the other's work), the lead raises and
exports an Annex C concern, agrees a finding and exports the letter and the keep-in-touch summary.
Then every file under both homes, the sync folder, the invite's folder and the temporary folder
the process used is scanned for the plaintext (as UTF-8 and UTF-16). The exported documents are
meant to be plaintext: they are written into the lead's home, the worst place a person could put
them, and only those named files are left out of the scan, after a check that the scan does find
the plaintext in the Markdown ones (so a scan that can find nothing cannot pass).
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.store.helpers import files_containing

AREA = "Wombatvale"
CHILDREN = ("CR-731961", "CR-731962")
TODAY = date.today()  # concerns refuse dates in the future: the flow happens today
SECRETS = [AREA.encode(), b"CR-73196", b"quokkaesque", b"wombat-desk", b"marmoset-protocol", b"numbat-review"]


def _ok(result: CliResult) -> str:
    assert result.code == 0, result.err
    return result.last_line


def _ok_json(result: CliResult) -> str:
    assert result.code == 0, result.err
    return result.out


def test_no_plaintext_in_homes_sync_folder_invites_or_temp_files(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    lead, member = tmp_path / "lead", tmp_path / "member"
    shared, invites, temp = tmp_path / "shared", tmp_path / "invites", tmp_path / "tmp"
    for folder in (shared, invites, temp):
        folder.mkdir()
    # Whatever the app puts in the system temp folder lands here, where the scan can see it.
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", "plum-kettle-orbit-lantern-quarry-velvet")

    _ok(cli("init", "--area", AREA, "--theme", "Neglect", "--notified", "2026-11-10", "--name", "AB", "--inspectorate", "ofsted", home_dir=lead))
    for ref in CHILDREN:
        _ok(cli("child", "add", ref, "--stage", "tracked", "--agency", "Police", home_dir=lead))
    entry = _ok(
        cli(
            "sea", "add", "--esn", "7", "--judgement", "development", "--source", "interview",
            "--source-detail", "wombat-desk team manager", "--evidence-date", f"{TODAY.isoformat()}T10:30",
            "--child", CHILDREN[0], "--agency", "Police",
            "--text", f"Information sharing about {CHILDREN[0]} was quokkaesque and late.", "--confirm-no-names",
            home_dir=lead,
        )
    )
    _ok(cli("invite", str(invites / "member.invite"), "--name", "CD", "--inspectorate", "cqc", home_dir=lead))
    _ok(cli("join", str(invites / "member.invite"), "--name", "CD", "--inspectorate", "cqc", home_dir=member))

    _ok(cli("sync", str(shared), home_dir=lead))
    _ok(cli("sync", str(shared), home_dir=member))
    _ok(
        cli(
            "sea", "add", "--esn", "7", "--judgement", "strength", "--source", "case-file",
            "--evidence-date", TODAY.isoformat(), "--child", CHILDREN[1],
            "--text", f"The numbat-review of {CHILDREN[1]} was thorough.", "--confirm-no-names",
            home_dir=member,
        )
    )
    _ok(cli("sync", str(shared), home_dir=member))
    _ok(cli("sync", str(shared), home_dir=lead))
    assert json.loads(_ok_json(cli("status", "--json", home_dir=lead)))["counts"]["sea"] == 2  # both entries reached the lead

    concern = _ok(
        cli(
            "concern", "raise", "--case", CHILDREN[1], "--service", "Children's social care", "--category", "1",
            "--issues", f"The marmoset-protocol was not followed for {CHILDREN[1]}.", "--respond-by", (TODAY + timedelta(days=3)).isoformat(),
            "--referred", TODAY.isoformat(), "--confirm-no-names",
            home_dir=lead,
        )
    )
    finding = _ok(
        cli(
            "finding", "add", "--type", "development", "--scope", "partnership",
            "--text", "Partners share a quokkaesque view of thresholds.", "--sea", entry, "--confirm-no-names",
            home_dir=lead,
        )
    )
    _ok(cli("finding", "agree", finding, home_dir=lead))
    exported = [lead / "annex-c.md", lead / "annex-c.docx", lead / "letter.md", lead / "letter.docx", lead / "kit.md"]
    _ok(cli("concern", "export", concern, str(exported[0]), home_dir=lead))
    _ok(cli("concern", "export", concern, str(exported[1]), home_dir=lead))
    _ok(cli("finding", "export", str(exported[2]), "--today", TODAY.isoformat(), home_dir=lead))
    _ok(cli("finding", "export", str(exported[3]), "--today", TODAY.isoformat(), home_dir=lead))
    _ok(cli("kit", "export", str(exported[4]), home_dir=lead))
    _ok(cli("sync", str(shared), home_dir=lead))

    # The scan can find plaintext: the Markdown exports hold it, as they should.
    assert b"marmoset-protocol" in exported[0].read_bytes() and b"quokkaesque" in exported[2].read_bytes()

    skip = {str(p) for p in exported}
    hits = [
        (path, needle)
        for folder in (lead, member, shared, invites, temp)
        for path, needle in files_containing(folder, SECRETS)
        if path not in skip
    ]
    assert hits == [], hits
    # And the folders did hold what they should: stores, keyrings, two bundles, an invite.
    assert {p.name for p in lead.iterdir()} >= {"store.db", "keyring.json"}
    assert {p.name for p in member.iterdir()} >= {"store.db", "keyring.json"}
    assert len([p for p in shared.iterdir() if p.suffix == ".fwbundle"]) == 2
    assert [p.name for p in invites.iterdir()] == ["member.invite"]
