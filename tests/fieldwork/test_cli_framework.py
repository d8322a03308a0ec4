"""`fieldwork framework list|show|add-criterion`, and criteria from several packs and added by the
lead reaching `sea add` on every laptop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldwork.frameworks import load_pack, shipped_pack_ids
from tests.conftest import INIT_ARGS, PASSPHRASE

FRONT_AND_DA = (*INIT_ARGS, "--framework", "jtai-2016-front-door", "--framework", "jtai-domestic-abuse")


def sea_add(cli, code: str, *, home_dir: Path | None = None):  # type: ignore[no-untyped-def]
    return cli("sea", "add", "--esn", code, "--judgement", "development", "--source", "case-file",
               "--source-detail", "Team manager", "--evidence-date", "2026-11-24",
               "--text", "Assessments did not consider the impact on the child.", home_dir=home_dir)


# --- list and show -----------------------------------------------------------------------------

def test_framework_list_json_describes_every_shipped_pack(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("framework", "list", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [r["id"] for r in rows] == shipped_pack_ids()
    by_id = {r["id"]: r for r in rows}
    for pack_id, row in by_id.items():
        pack = load_pack(pack_id)
        assert (row["title"], row["version"], row["kind"], row["source"], row["code_prefix"]) == (
            pack.title, pack.version, pack.kind, pack.source, pack.code_prefix)
        assert row["criteria"] == len(pack.criteria)
        assert [s["id"] for s in row["strands"]] == [s.id for s in pack.strands]
    audit = by_id["somerset-partnership-audit"]
    assert (audit["kind"], audit["criteria"], audit["code_prefix"]) == ("audit", 16, "P")
    assert audit["grading"] == []  # the Somerset framework sets no scale; a partnership picks one at init
    assert audit["vocabulary"]["children"] == "cases"
    assert by_id["jtai-2016-front-door"]["grading"] == [] and by_id["custom"]["criteria"] == 0


def test_framework_list_needs_no_inspection_and_reads_well(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("framework", "list")
    assert result.code == 0
    for pack_id in shipped_pack_ids():
        assert pack_id in result.out



def test_framework_show_lists_a_packs_criteria_with_their_labels(cli) -> None:  # type: ignore[no-untyped-def]
    pack = load_pack("jtai-domestic-abuse")
    data = json.loads(cli("framework", "show", "jtai-domestic-abuse", "--json").out)
    assert [(c["code"], c["label"]) for c in data["criteria"]] == [(c.code, c.label) for c in pack.criteria]
    human = cli("framework", "show", "jtai-domestic-abuse").out
    assert f"DA 03    {pack.criteria[2].label}" in human
    refused = cli("framework", "show", "jtai-knife-crime")
    assert refused.code == 1 and "jtai-domestic-abuse" in refused.err


# --- several packs in one inspection -----------------------------------------------------------

def test_front_door_and_domestic_abuse_packs_offer_both_sets_of_criteria(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(*FRONT_AND_DA).code == 0
    from store.workspace import Workspace

    ws = Workspace.open(home, PASSPHRASE)
    try:
        codes = [c.code for c in ws.framework.criteria]
    finally:
        ws.close()
    assert codes[:22] == [f"ESN {n:02d}" for n in range(1, 23)]
    assert [c for c in codes if c.startswith("DA")] == [c.code for c in load_pack("jtai-domestic-abuse").criteria]

    da = sea_add(cli, "DA 3")
    assert da.code == 0, da.err
    esn = sea_add(cli, "7")  # a bare number is the first pack's (front door) code
    assert esn.code == 0, esn.err
    shown = {json.loads(cli("sea", "show", r.last_line, "--json").out)["criteria"][0] for r in (da, esn)}
    assert shown == {"DA 03", "ESN 07"}
    listed = json.loads(cli("framework", "show", "--json").out)
    assert listed["packs"] == ["jtai-2016-front-door", "jtai-domestic-abuse"]
    assert len(listed["criteria"]) == 22 + len(load_pack("jtai-domestic-abuse").criteria)


# --- criteria the lead adds --------------------------------------------------------------------

def test_the_lead_adds_a_criterion_that_sea_add_then_resolves(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("framework", "add-criterion", "--label", "Children missing education are followed up",
                 "--strand", "front-door", "--prompt", "Who followed up, and when?")
    assert result.code == 0, result.err
    assert result.last_line == "CAB 01"  # C, the lead's initials AB, then a number
    entry = sea_add(cli, "cab1")
    assert entry.code == 0, entry.err
    assert json.loads(cli("sea", "show", entry.last_line, "--json").out)["criteria"] == ["CAB 01"]
    assert cli("sea", "list", "--esn", "CAB 01").out.strip().endswith("1 entry.")
    assert cli("framework", "add-criterion", "--label", "Second local issue", "--strand", "leadership").last_line == "CAB 02"
    shown = json.loads(cli("framework", "show", "--json").out)["criteria"]
    assert {(c["code"], c["strand"], c["pack"]) for c in shown if c["pack"] == "custom"} == {
        ("CAB 01", "front-door", "custom"), ("CAB 02", "leadership", "custom")}
    assert "CAB 01   Children missing education are followed up" in cli("framework", "show").out


def test_add_criterion_refuses_an_unknown_strand_and_likely_names(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("framework", "add-criterion", "--label", "Local issue", "--strand", "safe-start")
    assert result.code == 1 and "Unknown strand 'safe-start'" in result.err and "front-door" in result.err
    result = cli("framework", "add-criterion", "--label", "Cases held by Mr Jones are reviewed", "--strand", "front-door")
    assert result.code == 1 and "Possible personal name" in result.err and "Jones" in result.err
    assert json.loads(cli("framework", "show", "--json").out)["criteria"][-1]["code"] == "ESN 22"


def test_a_criterion_in_the_custom_strand_brings_the_custom_pack_with_it(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("framework", "add-criterion", "--label", "Local issue", "--strand", "custom")
    assert result.code == 0, result.err
    status = json.loads(cli("status", "--json").out)
    assert status["inspection"]["packs"] == ["jtai-2016-front-door", "custom"]
    assert sea_add(cli, result.last_line).code == 0


@pytest.fixture
def member(cli, inspection: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A team inspector's laptop, joined by the lead's invite and synced with the lead's."""
    from store.workspace import Workspace
    from sync.bundle import export_bundle, import_bundle
    from sync.invite import join, make_invite, open_invite

    lead = Workspace.open(inspection, PASSPHRASE)
    try:
        invite = open_invite(make_invite(lead, "one-time invite words", name="CD", inspectorate="cqc"), "one-time invite words")
        other = join(tmp_path / "member", invite, PASSPHRASE, name="CD", inspectorate="cqc")
        import_bundle(other, export_bundle(lead)[0])
        import_bundle(lead, export_bundle(other)[0])
        other.close()
    finally:
        lead.close()
    return tmp_path / "member"


def test_a_team_member_cannot_add_a_criterion_but_receives_the_leads(cli, inspection: Path, member: Path) -> None:  # type: ignore[no-untyped-def]
    refused = cli("framework", "add-criterion", "--label", "Local issue", "--strand", "front-door", home_dir=member)
    assert refused.code == 3 and "Only the lead inspector can add criteria" in refused.err
    assert json.loads(cli("framework", "show", "--json", home_dir=member).out)["criteria"][-1]["code"] == "ESN 22"

    code = cli("framework", "add-criterion", "--label", "Local issue", "--strand", "front-door").last_line
    assert sea_add(cli, code, home_dir=member).code == 1  # not received yet

    from store.workspace import Workspace
    from sync.bundle import export_bundle, import_bundle

    lead, other = Workspace.open(inspection, PASSPHRASE), Workspace.open(member, PASSPHRASE)
    try:
        import_bundle(other, export_bundle(lead)[0])
    finally:
        lead.close()
        other.close()
    received = sea_add(cli, code, home_dir=member)
    assert received.code == 0, received.err
