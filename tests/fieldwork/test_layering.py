"""The domain, the store and sync never import Textual: their rules test in milliseconds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib, pkgutil, sys
failed = []
for package in ("fieldwork", "store", "sync"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.startswith("fieldwork.cli") or info.name.endswith("__main__"):
            continue  # the composition root may wire the app; __main__ would run it
        importlib.import_module(info.name)
print("textual" in sys.modules, ",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("fieldwork", "store", "sync"))))
"""


def test_domain_store_and_sync_do_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    flag, modules = out.strip().split(" ", 1)
    assert "store.workspace" in modules and "fieldwork.records" in modules
    assert flag == "False", "a domain, store or sync module imports textual"


def test_the_cli_help_does_not_import_textual() -> None:
    probe = "import sys; from fieldwork.cli import build_parser; build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "False"


def test_opening_the_app_does_not_import_every_verb() -> None:
    probe = (
        "import sys; from fieldwork.cli import build_parser; "
        "p = build_parser(['--home', 'x', 'open']); "
        "print(sorted(m for m in ('fieldwork.concerns', 'fieldwork.gaps', 'holidays', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"
