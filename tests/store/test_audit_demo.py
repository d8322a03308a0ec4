"""`fieldwork demo --audit`: a partnership's year of quality assurance, as the issue asks for it:
four quarterly audits, a MAPE, two insight visits, one Section 11 cycle and actions in every state."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from store import activities, audit
from store.audit_demo import build_audit_demo
from store.demo_marker import is_demo
from tests.conftest import PASSPHRASE

TODAY = date(2026, 12, 7)  # quarter 3 of the partnership's year 2026-27


def test_the_demo_holds_a_year_of_quality_assurance(tmp_path: Path) -> None:
    ws = build_audit_demo(tmp_path / "demo", PASSPHRASE, today=TODAY)
    try:
        assert is_demo(tmp_path / "demo") and ws.inspection["mode"] == "audit"
        acts = [r.payload for r in activities.activities(ws)]
        kinds = Counter(a["type"] for a in acts)
        assert kinds == {"case-audit": 4, "insight-visit": 2, "mape": 1, "s11": 1}
        quarterly = [a for a in acts if a["type"] == "case-audit"]
        assert [a["month"] for a in quarterly] == ["2026-04", "2026-07", "2026-10", "2027-01"]
        assert [a["status"] for a in quarterly] == ["completed", "completed", "completed", "planned"]
        s11 = next(a for a in acts if a["type"] == "s11")
        assert len(s11["self_assessment"]) == 4 and all(len(d) == 6 for d in s11["self_assessment"].values())
        assert all(q["counts"] and q["domain"] for q in s11["questions"]) and s11["workshop"] and s11["peer"]
        states = {(r.payload["state"], r.payload["impact"], activities.action_json(ws, r, TODAY)["overdue"])
                  for r in activities.actions(ws)}
        assert {("reviewed", "met", False), ("reviewed", "partly", False), ("reviewed", "not-met", False),
                ("done", "", False), ("open", "", True), ("open", "", False)} == states
        graded = [c for c in audit.cases(ws) if c.grade]
        assert len(graded) >= 12 and len(ws.records("inspector")) == 4
        assert all(not p.get("confirmed_no_names") for p in acts)  # every text passed the name check unconfirmed
    finally:
        ws.close()


def test_demo_audit_from_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "demo-audit"
    result = cli("demo", "--audit", "--no-open", "--home", str(home))
    assert result.code == 0, result.err
    assert "Auditors 4 · cases" in result.out and "activities 8 · actions 6" in result.out
    assert "notified" not in result.out
    assert json.loads((home / "DEMO.json").read_text(encoding="utf-8"))["audit"] is True
