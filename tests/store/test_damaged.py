"""Reading is tolerant: a record held but unfit to show is listed as damaged with its id, and
never stops status, sync or any verb that reads records.

Such records come from stores written before every payload was checked (fieldwork/schemas.py):
here they are planted straight into the version log, signed by the lead, as such a store holds
them."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store import damaged
from store.demo import build_demo
from store.versions import make_version
from store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.sync.test_fuzz_bundles import READ_VERBS, open_sections

TODAY = date(2026, 11, 25)


def plant(ws: Workspace, kind: str, record: Any, payload: Any) -> str:
    """An edit of `record` (or a new record) written with no check at all, as an old store holds it."""
    ring = ws.ring
    assert ring is not None
    state = ws._states.get(record)  # noqa: SLF001 - planting under the checks
    version = make_version(
        key=ring.inspection_key,
        signing_key=ring.signing_key,
        inspection=ring.inspection_id,
        record=record,
        kind=kind,
        parents=state.heads if state else (),
        clock=ws.clock.tick().encode(),
        author=ring.inspector_id,
        op="put",
        payload=payload,
    )
    with ws.log.transaction():
        ws.log.insert_versions([version])
        ws.log.set_meta("clock", ws.clock.last.encode())
    return version.record


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ["FIELDWORK_KDF"] = "fast"
    home = tmp_path_factory.mktemp("demo") / "home"
    build_demo(home, PASSPHRASE, today=TODAY).close()
    return home


@pytest.fixture(scope="module")
def planted(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("damaged") / "home"
    shutil.copytree(demo, home)
    ws = Workspace.open(home, PASSPHRASE)
    try:
        entry = ws.records("sea")[0]
        concern = ws.records("concern")[0]
        child = ws.records("child")[0]
        finding = ws.records("finding")[0]
        bad = {
            "sea": plant(ws, "sea", entry.id, {**entry.payload, "criteria": [5]}),
            "concern": plant(ws, "concern", concern.id, {**concern.payload, "response_due": "soon"}),
            "child": plant(ws, "child", child.id, {}),
            "finding": plant(ws, "finding", finding.id, {**finding.payload, "sea": "not a list", "criteria": None}),
            "new-sea": plant(ws, "sea", "bad-entry", {"criteria": "ESN 07", "judgement": 3, "evidence_at": "yesterday", "text": ["x"]}),
        }
    finally:
        ws.close()
    return home, bad


def test_damaged_records_are_listed_with_their_ids(planted: tuple[Path, dict[str, str]]) -> None:
    home, bad = planted
    ws = Workspace.open(home, PASSPHRASE)
    try:
        found = {d.id: d for d in damaged.damaged(ws)}
        assert set(found) == set(bad.values())
        assert found[bad["sea"]].why == "its sea record's 'criteria' is not a list of text"
        assert found[bad["concern"]].why == "its concern record's 'response_due' is not a date (YYYY-MM-DD)"
        assert found[bad["child"]].why == "its child record has no 'case_ref'"
        assert bad["sea"] not in {r.id for r in damaged.usable(ws.records("sea"))}
        assert damaged.damaged_json(ws)[0].keys() == {"id", "kind", "why"}
    finally:
        ws.close()


def test_criteria_that_no_framework_here_can_hold_are_listed(demo: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(demo, home)
    ws = Workspace.open(home, PASSPHRASE)
    try:
        empty = plant(ws, "criterion", "bad-criterion", {})
        # Each fits its schema, but one names a strand no pack of this inspection declares and
        # the other a code already taken.
        unfit = plant(ws, "criterion", "unfit", {"code": "AB 01", "strand": "safe-start", "label": "Audit only", "prompt": None})
        first = plant(ws, "criterion", "first", {"code": "AB 02", "strand": "front-door", "label": "One", "prompt": None})
        again = plant(ws, "criterion", "again", {"code": "AB 02", "strand": "front-door", "label": "Other", "prompt": None})
    finally:
        ws.close()
    ws = Workspace.open(home, PASSPHRASE)
    try:
        found = {d.id: d.why for d in damaged.damaged(ws)}
        # Of two criteria with one code, the one listed first keeps it.
        taken = again if again in found else first
        assert set(found) == {empty, unfit, taken}
        assert "safe-start" in found[unfit] and "used twice" in found[taken]
    finally:
        ws.close()



@pytest.mark.parametrize("argv", READ_VERBS, ids=lambda a: " ".join(a[:2]))
def test_every_reading_verb_works_around_damaged_records(planted: tuple[Path, dict[str, str]], cli: Any, argv: tuple[str, ...]) -> None:
    home, bad = planted
    result = cli(*argv, home_dir=home)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    if argv[0] == "status":
        assert data["damaged"] == len(bad)
    shown = json.dumps(data)
    for key in ("sea", "new-sea", "child"):
        assert bad[key] not in shown or argv[0] == "status"


def test_kit_export_history_and_sync_work_around_damaged_records(planted: tuple[Path, dict[str, str]], cli: Any, tmp_path: Path) -> None:
    home, bad = planted
    assert cli("kit", "export", str(tmp_path / "kit.md"), home_dir=home).code == 0
    for record in bad.values():
        result = cli("history", record, "--json", home_dir=home)
        assert result.code == 0, result.err
    folder = tmp_path / "stick"
    folder.mkdir()
    result = cli("sync", str(folder), home_dir=home)
    assert result.code == 0, result.err


async def test_the_app_opens_every_section_around_damaged_records(planted: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(planted[0], home)
    assert await open_sections(home) == ["Home", "SeaListScreen", "ConcernsScreen", "GapsScreen", "FindingsScreen"]
