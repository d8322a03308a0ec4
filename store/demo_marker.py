"""What marks a folder as the demo inspection: read by the unlock screen, so it imports nothing.

Kept apart from store/demo.py, whose generator pulls in the working-day calendar and its bank
holidays: the unlock screen only needs to know whether to show the demo's public passphrase.
"""

from __future__ import annotations

import json
from pathlib import Path

#: The demo's passphrase: fixed and public, shown on the unlock screen of a demo home.
DEMO_PASSPHRASE = "practice inspection"
#: A plain file beside the store that says the folder is a demo (it holds no record data).
DEMO_MARKER = "DEMO.json"


def is_demo(home: Path) -> bool:
    return (Path(home) / DEMO_MARKER).exists()


def demo_passphrase(home: Path) -> str | None:
    """The passphrase to show on a demo home's unlock screen, if it is the public demo phrase."""
    try:
        data = json.loads((Path(home) / DEMO_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    phrase = data.get("passphrase") if isinstance(data, dict) else None
    return phrase if isinstance(phrase, str) else None
