"""Sync from the app: a folder's bundles taken in, mine written, refusals shown, remembered folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, RichLog, Static

from fieldwork import records as rec
from screens.sync import SyncScreen
from store.demo import DEMO_PASSPHRASE
from store.workspace import Workspace
from sync.bundle import export_bundle
from sync.folder import bundle_name
from tests.screens.app_support import demo_home, demo_source, make_app, open_with, press, settle  # noqa: F401


def member_bundle(demo: Path, tmp_path: Path) -> bytes:
    """A second laptop of the demo inspection with one record of its own, as a bundle."""
    from sync.invite import join, make_invite, open_invite

    lead = Workspace.open(demo, DEMO_PASSPHRASE)
    try:
        invite = open_invite(make_invite(lead, "one-time invite words", name="ZZ", inspectorate="cqc"), "one-time invite words")
    finally:
        lead.close()
    # A new member (the lead's ticket, the member's certificate and inspector record) who has
    # written one child: three versions the demo does not hold.
    member = join(tmp_path / "member", invite, "member passphrase")
    try:
        member.put("child", rec.child_payload({"case_ref": "CR-100999", "stage": "sampled"}))
        return export_bundle(member)[0]
    finally:
        member.close()


def log_text(screen: SyncScreen) -> str:
    return "\n".join(line.text for line in screen.query_one("#sync-log", RichLog).lines)


async def test_sync_takes_in_the_folder_and_leaves_my_bundle(demo_home: Path, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "member.fwbundle").write_bytes(member_bundle(demo_home, tmp_path))
    (stick / "broken.fwbundle").write_bytes(b"fieldwork-bundle/v1\nthis is not a bundle")
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "y", SyncScreen)
        before = screen.workspace.version_count()
        screen.query_one("#sync-folder", Input).value = str(stick)
        await press(pilot, "enter")
        await settle(pilot)
        ws = screen.workspace
        # The member's three, and the lead's confirmation that the invite is now used.
        assert ws.version_count() == before + 4
        assert any(r.payload.get("case_ref") == "CR-100999" for r in ws.records("child"))
        assert (stick / bundle_name(ws.device_id)).exists()
        log = log_text(screen)
        assert "refused" in log and "3 new" in log
        summary = str(screen.query_one("#sync-summary", Static).render())
        assert "Took in 3 new version" in summary and "1 bundle(s) refused" in summary
        device = ws.device_id
        await press(pilot, "x")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConflictsScreen"
    # The folder is remembered (encrypted, on this laptop only) for the next sync.
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "y", SyncScreen)
        assert screen.query_one("#sync-folder", Input).value == str(stick)
        assert screen.workspace.device_id == device


async def test_a_folder_that_is_not_there_is_refused_plainly(demo_home: Path, tmp_path: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "y", SyncScreen)
        before = screen.workspace.version_count()
        screen.query_one("#sync-folder", Input).value = str(tmp_path / "no-such-stick")
        await press(pilot, "enter")
        await settle(pilot)
        assert screen.workspace.version_count() == before
        assert any("is not a folder" in str(n.message) for n in app._notifications)


async def test_the_sync_screen_says_what_the_trust_checks_refused_and_why(demo_home: Path, tmp_path: Path) -> None:
    from sync.invite import join, make_invite, open_invite
    from tests.sync.test_hostile_members import forge, hostile_bundle

    lead = Workspace.open(demo_home, DEMO_PASSPHRASE)
    try:
        invite = open_invite(make_invite(lead, "one-time invite words", name="ZZ", inspectorate="cqc"), "one-time invite words")
        lead_id, lead_name = lead.me_id, lead.me["name"]
    finally:
        lead.close()
    member = join(tmp_path / "member", invite, "member passphrase")
    try:
        forged = [forge(member, "child", f"forged-{n}", rec.child_payload({"case_ref": f"CR-10099{n}", "stage": "sampled"}), author=lead_id) for n in range(3)]
        data = hostile_bundle(member, forged)
    finally:
        member.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "member.fwbundle").write_bytes(data)
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_with(pilot, "y", SyncScreen)
        screen.query_one("#sync-folder", Input).value = str(stick)
        await press(pilot, "enter")
        await settle(pilot)
        log = " ".join(log_text(screen).split())  # the log wraps long lines at the screen's width
        assert "3 versions from device" in log and f"were refused: they claim to be written by {lead_name}, but that device belongs to ZZ" in log
        summary = str(screen.query_one("#sync-summary", Static).render())
        assert "3 version(s) refused by the trust checks" in summary and "refused versions kept aside" in summary
        assert not any(r.payload.get("case_ref", "").startswith("CR-10099") for r in screen.workspace.records("child"))
