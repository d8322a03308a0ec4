"""Every document exported from a store: the demo's, and one holding every odd text the boundary
accepts (controls it cleans away, emoji, right-to-left text, 20,000 characters). Each opens in
python-docx with the office base (A4, en-GB, marking, page field, header rows, properties), and
converts in LibreOffice without error where LibreOffice is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest

from store import concerns, findings
from store.demo import build_demo
from tests.conftest import INIT_ARGS
from tests.fieldwork.test_documents import check_base

TODAY = date(2026, 11, 26)
LONG = ("Information sharing between the agencies was timely and effective. " * 300)[:20000]
ODD = (
    "Strategy discussion held promptly\x0b with\x00 police\x1b[31m; effective 👩‍👧‍👦🧒 work with the family "
    "(العربية עברית) \u202eand the school.\r\nSecond line\tafter a tab."
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    ws = build_demo(tmp_path_factory.mktemp("demo") / "home", today=TODAY, entries=60, children=20, inspectors=5)
    yield ws
    ws.close()


def test_every_demo_document_has_the_office_base(demo: Any, tmp_path: Path) -> None:
    me = str(demo.me["name"])
    letter = findings.export_letter(demo, None, tmp_path / "letter.docx", include_drafts=True, today=TODAY)
    kit = findings.export_kit(demo, tmp_path / "kit.docx", today=TODAY)
    forms = [concerns.export(demo, c.id, "docx", tmp_path) for c in demo.records("concern")]
    assert forms
    for path in (letter, kit, *forms):
        doc = docx.Document(io.BytesIO(path.read_bytes()))
        check_base(doc, title=doc.core_properties.title, marking="OFFICIAL-SENSITIVE", author=me, form=path in forms)
    appendix = next(p for p in docx.Document(str(letter)).paragraphs if p.text == "Evidence appendix")
    assert appendix.paragraph_format.page_break_before is True
    tables = docx.Document(str(letter)).tables
    assert tables and all(r._tr.trPr is not None for t in tables for r in t.rows)


def _odd_store(cli: Any, home: Path) -> list[str]:
    assert cli(*INIT_ARGS, "--marking", "OFFICIAL-SENSITIVE PERSONAL", home_dir=home).code == 0
    assert cli("child", "add", "CR-104233", home_dir=home).code == 0
    ids = []
    for text in (ODD, LONG):
        added = cli("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview",
                    "--source-detail", "MASH team manager\x07", "--evidence-date", "2026-11-23T10:30",
                    "--child", "CR-104233", "--agency", "Police", "--text", text, home_dir=home)
        assert added.code == 0, added.err
        ids.append(added.last_line)
    for text in (ODD, LONG[:4000]):  # a finding's statement is at most 4,000 characters
        made = cli("finding", "add", "--type", "strength", "--scope", "partnership", "--text", text,
                   "--sea", ids[0], "--sea", ids[1], home_dir=home)
        assert made.code == 0, made.err
    raised = cli("concern", "raise", "--case", "CR-104233", "--service", "Police\x0b public protection unit",
                 "--category", "1", "--issues", LONG, "--respond-by", "2026-11-25", "--referred", "2026-11-20", home_dir=home)
    assert raised.code == 0, raised.err
    return [raised.last_line]


def test_a_store_of_odd_text_exports_every_document(cli: Any, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "odd"
    [concern_id] = _odd_store(cli, home)
    out = tmp_path / "out"
    out.mkdir()
    for argv in (["finding", "export", "--include-drafts", str(out / "letter.docx")],
                 ["kit", "export", str(out / "kit.docx")],
                 ["concern", "export", concern_id, str(out / "annex-c.docx")],
                 ["finding", "export", "--include-drafts", str(out / "letter.md")]):
        result = cli(*argv, home_dir=home)
        assert result.code == 0, (argv, result.err)
    for name in ("letter.docx", "kit.docx", "annex-c.docx"):
        doc = docx.Document(str(out / name))
        check_base(doc, title=doc.core_properties.title, marking="OFFICIAL-SENSITIVE PERSONAL", author="AB",
                   form=name == "annex-c.docx")
    text = "\n".join(p.text for p in docx.Document(str(out / "letter.docx")).paragraphs)
    assert "👩‍👧‍👦" in text and "العربية" in text and "\x0b" not in text and "\x1b" not in text
    if shutil.which("soffice"):
        _convert_with_libreoffice(out, tmp_path)


def _convert_with_libreoffice(out: Path, tmp_path: Path) -> None:
    documents = sorted(str(p) for p in out.glob("*.docx"))
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(out), *documents],
        capture_output=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-500:]
    for document in documents:
        pdf = Path(document).with_suffix(".pdf")
        assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-", document
