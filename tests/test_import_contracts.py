"""The layering, enforced: import-linter's contracts in `.importlinter` (as Harlequin does).

fieldwork/ is the pure domain (its cli/ is the composition root), store/ imports the domain,
sync/ the domain and the store, and screens/ anything. docs/ARCHITECTURE.md says why.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept() -> None:
    linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert linter, "import-linter is a test dependency: pip install -e '.[test]'"
    run = subprocess.run([linter, str(ROOT / ".importlinter")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "4 kept, 0 broken" in run.stdout
