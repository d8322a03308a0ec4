"""Findings over a real store and through the CLI: add, agree, list, the letter export in Word and
Markdown (reopened and read back), the keep-in-touch export and the timeline JSON."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import docx
import pytest

from fieldwork.errors import NotFound, ValidationError
from store import findings as store_findings
from store.workspace import Workspace
from tests.store.test_gaps_store import _fill, populate

STRENGTH = "Strategy discussions are timely and well attended by police and health."
DEVELOPMENT = "Supervision does not consistently challenge drift in plans for children."
AGENCY = "Officers attending incidents do not record what children say."
DRAFT = "Schools refer promptly and with clear information about risk."


def test_add_resolves_prefixes_and_codes(workspace: Workspace) -> None:
    built = populate(workspace)
    record = store_findings.add(workspace, {
        "type": "strength", "scope": "partnership", "text": STRENGTH,
        "sea": [built.ids["s1"][:8], built.ids["s4"]], "criteria": ["7"],
    })
    p = record.payload
    assert p["sea"] == [built.ids["s1"], built.ids["s4"]]
    assert p["criteria"] == ["ESN 07"] and p["strand"] == "front-door" and p["state"] == "draft"
    with pytest.raises(NotFound):
        store_findings.add(workspace, {"type": "strength", "scope": "partnership", "text": STRENGTH, "sea": ["ffffffffff"]})
    with pytest.raises(ValidationError, match="at least one supporting SEA entry"):
        store_findings.add(workspace, {"type": "strength", "scope": "partnership", "text": STRENGTH, "sea": []})


def test_a_name_in_a_finding_needs_confirming(workspace: Workspace) -> None:
    built = populate(workspace)
    fields = {"type": "development", "scope": "partnership", "text": "Jessica Smith was not seen alone.", "sea": [built.ids["s2"]]}
    with pytest.raises(ValidationError, match="Possible personal name"):
        store_findings.add(workspace, fields)
    assert workspace.records("finding") == []
    assert store_findings.add(workspace, fields, confirm_no_names=True).payload["confirmed_no_names"] is True


def test_agree_then_edit_reopens(workspace: Workspace) -> None:
    built = populate(workspace)
    record = store_findings.add(workspace, {"type": "development", "scope": "partnership", "text": DEVELOPMENT, "sea": [built.ids["s5"]]})
    agreed = store_findings.agree(workspace, record.id[:8])
    assert agreed.payload["state"] == "agreed" and agreed.payload["agreed_by"] == workspace.me_id
    same = store_findings.edit(workspace, record.id, {"text": DEVELOPMENT})
    assert same.version == agreed.version  # nothing changed, nothing written
    edited = store_findings.edit(workspace, record.id, {"sea": [built.ids["s5"], built.ids["s2"]]})
    assert edited.payload["state"] == "draft"
    # Evidence deleted after it was cited: agreeing is refused until the finding is mended.
    workspace.delete(built.ids["s2"])
    with pytest.raises(ValidationError, match="no longer exists"):
        store_findings.agree(workspace, record.id)


def test_list_json_flags_a_finding_whose_evidence_points_the_other_way(workspace: Workspace) -> None:
    built = populate(workspace)
    store_findings.add(workspace, {"type": "strength", "scope": "partnership", "text": STRENGTH,
                                   "sea": [built.ids["s2"], built.ids["s3"], built.ids["s1"]]})
    [row] = store_findings.list_json(workspace)
    assert row["balance"]["contrary"] is True
    assert row["balance"]["counts"] == {"development": 1, "concern": 1, "strength": 1}
    assert row["strand_label"] == "Front door"


def test_demo_changes_write_valid_findings(workspace: Workspace) -> None:
    built = populate(workspace)
    ids = list(built.ids.values())
    payloads = {r.id: r.payload for r in workspace.records("sea")}
    changes = store_findings.demo_changes(random.Random(7), ids, payloads)
    assert changes and all(c.kind == "finding" for c in changes)
    workspace.write(changes)
    rules = store_findings.rules(workspace)
    from fieldwork.findings import finding_payload

    for record in workspace.records("finding"):
        # Every demo finding passes the same validation a typed one does.
        finding_payload({k: record.payload[k] for k in ("type", "scope", "strand", "text", "criteria", "sea")}, rules)
    assert store_findings.demo_changes(random.Random(7), []) == []


# --- the CLI -----------------------------------------------------------------------------------


@pytest.fixture
def meeting(cli, inspection: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """An inspection with three agreed findings (one about the police) and one draft."""
    built = _fill(inspection)
    ids = built.ids
    out: dict[str, str] = {}
    for name, args, agree in (
        ("strength", ["--type", "strength", "--scope", "partnership", "--text", STRENGTH, "--sea", ids["s1"][:8], "--sea", ids["s4"][:8], "--esn", "13"], True),
        ("development", ["--type", "development", "--scope", "Partnership", "--text", DEVELOPMENT, "--sea", ids["s5"], "--esn", "ESN 17"], True),
        ("agency", ["--type", "development", "--scope", "Police", "--text", AGENCY, "--sea", ids["s2"]], True),
        ("draft", ["--type", "strength", "--scope", "partnership", "--text", DRAFT, "--sea", ids["s6"]], False),
    ):
        result = cli("finding", "add", *args)
        assert result.code == 0, result.err
        out[name] = result.last_line
        if agree:
            assert cli("finding", "agree", result.last_line[:8]).code == 0
    out.update({f"sea:{k}": v for k, v in ids.items()})
    return out


def test_cli_add_prints_the_id_and_list_json(cli, meeting: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("finding", "list", "--json").out)
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {meeting["strength"], meeting["development"], meeting["agency"], meeting["draft"]}
    assert by_id[meeting["strength"]]["sea"] == [meeting["sea:s1"], meeting["sea:s4"]]
    assert by_id[meeting["strength"]]["criteria"] == ["ESN 13"]
    assert by_id[meeting["development"]]["scope"] == "partnership"
    assert by_id[meeting["agency"]]["scope"] == "Police"
    assert by_id[meeting["draft"]]["state"] == "draft" and by_id[meeting["strength"]]["state"] == "agreed"
    assert by_id[meeting["development"]]["strand"] == "leadership"  # ESN 17's strand


def test_cli_refusals(cli, meeting: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("finding", "add", "--type", "strength", "--scope", "partnership", "--text", STRENGTH, "--sea", "nosuchentry")
    assert result.code == 1 and "No SEA entry" in result.err
    result = cli("finding", "add", "--type", "strength", "--scope", "partnership", "--text", STRENGTH)
    assert result.code == 2  # --sea is required
    assert cli("finding", "agree", "nosuchfinding").code == 1


def test_cli_warns_when_evidence_points_the_other_way(cli, meeting: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("finding", "add", "--type", "strength", "--scope", "partnership", "--text", STRENGTH,
                 "--sea", meeting["sea:s2"], "--sea", meeting["sea:s3"])
    assert result.code == 0 and "points the other way" in result.err
    assert len(result.last_line) == 36


def _word_text(path: Path) -> tuple[list[tuple[str, str]], set[str]]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    return paras, cells


def test_cli_export_docx_holds_every_agreed_finding_and_its_evidence(cli, meeting: dict[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "letter.docx"
    result = cli("finding", "export", "--format", "docx", str(out))
    assert result.code == 0, result.err
    assert "1 draft finding(s) left out" in result.out
    paras, cells = _word_text(out)
    body = "\n".join(t for _, t in paras)
    for name in ("strength", "development", "agency"):
        text = {"strength": STRENGTH, "development": DEVELOPMENT, "agency": AGENCY}[name]
        assert text in body
    assert DRAFT not in body
    assert [t for s, t in paras if s == "Heading 1"][:4] == ["Summary of findings", "Strengths", "Areas for development", "Areas for priority action"]
    assert any(s == "List Bullet" and t.startswith(STRENGTH) for s, t in paras)
    assert ("Heading 2", "Police") in paras
    for entry in ("s1", "s4", "s5", "s2"):
        assert meeting[f"sea:{entry}"][:8] in cells
    assert meeting["sea:s6"][:8] not in cells  # the draft's evidence stays out with it
    assert not list(tmp_path.glob(".*part"))  # written atomically: no temporary file left


def test_cli_export_with_drafts_and_markdown(cli, meeting: dict[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "letter.md"
    assert cli("finding", "export", str(out)).code == 0  # format from the suffix
    text = out.read_text(encoding="utf-8")
    assert STRENGTH in text and DRAFT not in text
    assert f"| {meeting['sea:s1'][:8]} | ESN 01 | Strength |" in text
    assert cli("finding", "export", "--format", "md", "--include-drafts", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert f"{DRAFT} (draft)" in text and meeting["sea:s6"][:8] in text
    word = tmp_path / "with-drafts.docx"
    assert cli("finding", "export", "--include-drafts", str(word)).code == 0
    paras, _ = _word_text(word)
    assert any(DRAFT in t for _, t in paras)
    missing = cli("finding", "export", str(tmp_path / "no" / "such" / "letter.md"))
    assert missing.code == 1 and "does not exist" in missing.err


def test_cli_summary_goes_into_the_letter(cli, meeting: dict[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("finding", "summary", "--text", "Children at the front door are mostly safe.").code == 0
    out = tmp_path / "letter.md"
    cli("finding", "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Children at the front door are mostly safe." in text and "Summary to be written" not in text


def test_cli_kit_export(cli, meeting: dict[str, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kit.md"
    result = cli("kit", "export", str(out), "--today", "2026-11-25")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "# Keep-in-touch meeting: Testshire" in text and "day 11" in text
    assert STRENGTH in text and f"{DRAFT} (draft)" in text  # emerging: drafts too
    assert "No concerns are open." in text


def test_cli_timeline_json(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("timeline", "--json", "--today", "2026-11-24")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    days = {m["day"]: m for m in data["milestones"]}
    for m in data["milestones"]:
        assert {"day", "date", "label"} <= set(m)
    # Notified Tuesday 10 November 2026: day 12 is Thursday 26 November, hand-counted.
    assert days[0]["date"] == "2026-11-10" and days[12]["date"] == "2026-11-26"
    assert days[12]["label"] == "Week three Thursday"
    assert 111 in days  # the statement of action: 70 working days after day 41
    assert data["today"] == {"date": "2026-11-24", "day": 10, "phase": "on site"}
    text = cli("timeline", "--today", "2026-11-24").out
    assert ">" in next(line for line in text.splitlines() if "2026-11-24" in line)
