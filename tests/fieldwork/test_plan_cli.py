"""`fieldwork plan add|list|move|leaders|export` end to end on a real store."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from fieldwork import authority


def _add(cli, *extra: str) -> str:  # type: ignore[no-untyped-def]
    result = cli("plan", "add", *extra)
    assert result.code == 0, result.err
    return result.last_line


def test_plan_add_list_move_and_history(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    first = _add(cli, "--type", "interview", "--day", "2026-11-24", "--start", "09:30", "--end", "10:30",
                 "--place", "Civic Centre", "--meet", "Social worker", "--meet", "Team manager",
                 "--inspector", "AB", "--child", "CR-104233")
    visit = cli("plan", "add", "--type", "visit", "--day", "2026-11-24", "--start", "10:40", "--end", "11:30",
                "--place", "Family home", "--family", "--support", "needed", "--inspector", "AB")
    assert visit.code == 0
    # The checks warn on stderr and never block.
    assert "AB has 10 minutes to get from Civic Centre to Family home; allow 30 (para 25)." in visit.err
    assert "Support to communicate is needed but none is arranged yet" in visit.err
    second = visit.last_line

    listed = cli("plan", "list", "--json")
    rows = json.loads(listed.out)
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["inspectors"] == ["AB"] and rows[0]["children"] == ["CR-104233"]
    assert {w["check"] for w in rows[0]["warnings"]} == {"managers", "roles"}
    assert {w["check"] for w in rows[1]["warnings"]} == {"support", "travel"}

    moved = cli("plan", "move", second, "--start", "11:00", "--end", "12:00", "--reason", "Family asked for later")
    assert moved.code == 0, moved.err
    rows = json.loads(cli("plan", "list", "--json").out)
    assert rows[1]["start"] == "11:00" and rows[1]["reason"] == "Family asked for later"
    assert {w["check"] for w in rows[1]["warnings"]} == {"support"}
    history = json.loads(cli("history", second, "--json").out)["versions"]
    assert len(history) == 2
    assert history[-1]["changes"]["start"] == {"from": "10:40", "to": "11:00"}
    assert history[-1]["changes"]["reason"] == {"from": "", "to": "Family asked for later"}

    # A move needs its reason, and changes only when, where and who.
    refused = cli("plan", "move", second, "--start", "13:00", "--reason", " ")
    assert refused.code == 1 and "Say why the activity moves" in refused.err
    assert json.loads(cli("plan", "list", "--json").out)[1]["start"] == "11:00"

    assert [r["id"] for r in json.loads(cli("plan", "list", "--day", "2026-11-25", "--json").out)] == []
    day_view = cli("plan", "list", "--inspector", "AB")
    assert day_view.code == 0 and "2 activities." in day_view.out


def test_bad_input_leaves_the_plan_unchanged(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("plan", "add", "--type", "visit", "--day", "2026-11-24", "--start", "10:00", "--end", "09:00",
                 "--place", "School")
    assert result.code == 1
    assert result.err.strip() == "fieldwork: The activity ends (09:00) before it starts (10:00)."
    unknown = cli("plan", "add", "--type", "visit", "--day", "2026-11-24", "--start", "09:00", "--end", "10:00",
                  "--place", "School", "--inspector", "ZZ")
    assert unknown.code == 1 and "No inspector 'ZZ'" in unknown.err
    assert json.loads(cli("plan", "list", "--json").out) == []


def test_leaders_checklist_and_export(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _add(cli, "--type", "interview", "--day", "2026-11-23", "--start", "14:00", "--end", "15:00", "--place", "Council offices",
         "--meet", "Director of children's services", "--leader", "dcs", "--roles-given", "--inspector", "AB")
    rows = {r["leader"]: r for r in json.loads(cli("plan", "leaders", "--json").out)}
    assert rows["dcs"]["booked"] and rows["dcs"]["inspectors"] == ["AB"]
    assert not rows["mappa-chair"]["booked"]

    md = tmp_path / "plan.md"
    assert cli("plan", "export", str(md)).code == 0
    text = md.read_text(encoding="utf-8")
    assert "## Monday 23 November 2026" in text
    assert "| 14:00–15:00 | Interview | Council offices | Director of children's services | AB |" in text
    assert "| Director of children's services | Yes | AB |" in text
    docx = tmp_path / "plan.docx"
    assert cli("plan", "export", str(docx), "--inspector", "AB").code == 0
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "On-site plan for AB" in body and "Council offices" in body
    assert cli("plan", "export", str(tmp_path / "plan.txt")).code == 1


def test_the_plan_is_the_leads_to_write() -> None:
    assert authority.check(kind="plan-activity", op="put", role="team", author="x", record="r", before=None, after={}) == (
        "only the lead inspector may create a plan-activity record"
    )
    assert authority.check(kind="plan-activity", op="put", role="lead", author="x", record="r", before=None, after={}) is None
