"""The recovery code (and, for a new lead, the paper key), shown once after a store is made in the app.

As the CLI does without --recovery-kit: shown once on this screen, never written to disk. The
dialog says what each is for and that it will not be shown again.
"""

from __future__ import annotations

from typing import Any, Callable

from textual.screen import Screen

from screens.dialogs import Ask


def lead_secrets(ws: Any, paper_signer: Any) -> str:
    """The paper key block the recovery kit would print (fieldwork/paper_key.py)."""
    from fieldwork import paper_key
    from store import crypto

    ring = ws.ring
    return paper_key.encode(
        paper_key.PaperKey(ws.inspection_id, ring.root_device, ws.me_id, crypto.private_raw(paper_signer), ring.inspection_key)
    )


def show_once(screen: Screen[Any], secrets: list[str], then: Callable[[], None]) -> None:
    code = secrets[0]
    text = (
        "Write this down now and keep it away from this laptop: it is shown only this once.\n\n"
        f"Recovery code (opens this laptop's store if you forget your passphrase):\n  {code}\n"
    )
    if len(secrets) > 1 and secrets[1]:
        text += (
            "\nThe lead's paper key (makes a new laptop the lead's if this one is lost; "
            "'fieldwork lead restore'):\n" + "\n".join(f"  {line}" for line in secrets[1].splitlines()) + "\n"
        )
    screen.app.push_screen(Ask(text, [("enter", "I have written it down", "done")], back="Close"), lambda _answer: then())
