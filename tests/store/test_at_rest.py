"""At rest: no case reference, text or name is ever in clear in any file the app writes."""

from __future__ import annotations

from pathlib import Path

from store.workspace import Workspace
from tests.conftest import INIT_ARGS, PASSPHRASE
from tests.store.helpers import files_containing

SECRETS = [b"CR-731954", b"CR-731955", b"Zanzibarish", b"quokka-evaluation", b"Testshire", b"Neglect"]


def test_no_plaintext_under_the_home_while_open_and_after_close(cli, home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(*INIT_ARGS).code == 0
    csv_file = tmp_path / "children.csv"
    csv_file.write_text("case_ref,stage,agencies\nCR-731955,tracked,Police;Health\n")
    assert cli("child", "add", "CR-731954", "--stage", "tracked").code == 0
    assert cli("child", "import", str(csv_file)).code == 0
    ws = Workspace.open(home, PASSPHRASE)
    try:
        ws.put("finding", {"type": "strength", "text": "Zanzibarish quokka-evaluation of CR-731954", "state": "draft"})
        ws.put_local("draft:sea:new", {"text": "quokka-evaluation draft"})
        # While open, the WAL holds the newest pages: scan it too.
        assert files_containing(home, SECRETS) == []
    finally:
        ws.close()
    assert files_containing(home, SECRETS) == []
    names = {p.name for p in home.iterdir()}
    assert "keyring.json" in names and "store.db" in names
