"""The recovery kit: a printable sheet, like 1Password's Emergency Kit, written once at init or join.

It holds the lead's paper key (fieldwork/paper_key.py) and, where there is one, the laptop's
recovery code. Whoever holds the sheet can act as the lead and read every record the team syncs,
whatever key epoch it was written in, so the sheet says, in plain words, to print it, keep it
locked away and never keep it on the laptop.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldwork.render.word import DocumentMeta, docx_to_bytes, new_document

TITLE = "Fieldwork recovery kit"


@dataclass(frozen=True)
class RecoveryKit:
    area: str
    theme: str
    initials: str
    made_on: str  # YYYY-MM-DD
    paper_key: str = ""  # the encoded paper key block; the lead's kit only
    recovery_code: str = ""  # opens this laptop's keyring when its passphrase is forgotten
    marking: str = "OFFICIAL-SENSITIVE"

    def __repr__(self) -> str:
        return f"RecoveryKit(area={self.area!r}, secrets=<redacted>)"


def _sections(kit: RecoveryKit) -> list[tuple[str, list[str], str]]:
    """(heading, paragraphs, secret block) in the order the sheet shows them."""
    out: list[tuple[str, list[str], str]] = [
        (
            "Keep this sheet safe",
            [
                f"This kit belongs to {kit.initials}'s laptop on the inspection of {kit.area} ({kit.theme}), made on {kit.made_on}.",
                "Print it, keep the paper locked away, and delete this file: never keep it on the laptop or beside the USB stick. "
                "Anyone holding it can read the inspection's records and act with the authority written below.",
            ],
            "",
        )
    ]
    if kit.recovery_code:
        out.append(
            (
                "Recovery code",
                [
                    "If you forget your passphrase, 'fieldwork recover --code-file FILE' opens this laptop's store with this code and sets a new passphrase.",
                    "Without it, a forgotten passphrase loses whatever this laptop has not yet synced to the team.",
                ],
                kit.recovery_code,
            )
        )
    if kit.paper_key:
        out.append(
            (
                "Lead's paper key",
                [
                    "If the lead's laptop is lost, on a new laptop holding copies of the team's bundles run "
                    "'fieldwork lead restore --paper-key-file FILE --from FOLDER'. It makes that laptop the lead's, "
                    "and it can then shut the lost laptop out with 'fieldwork device revoke DEVICE'.",
                    "The new laptop reads everything in those bundles, including what the team wrote after a laptop "
                    "was revoked: each revocation locks the team's new key to this paper key as well as to the laptops that remain.",
                    "Without the paper key a lost lead laptop cannot be replaced: the team keeps everything it has, "
                    "but no one can act as the lead again (invite, agree findings, sign off a concern).",
                ],
                kit.paper_key,
            )
        )
    return out


def render_md(kit: RecoveryKit) -> str:
    lines = [f"**{kit.marking}**", "", f"# {TITLE}", ""]
    for heading, paragraphs, secret in _sections(kit):
        lines += [f"## {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        if secret:
            lines += ["```", secret, "```", ""]
    return "\n".join(lines)


def render_docx(kit: RecoveryKit) -> bytes:
    from docx.shared import Pt

    doc = new_document(DocumentMeta(title=TITLE, marking=kit.marking, author=kit.initials))
    doc.add_heading(TITLE, level=1)
    for heading, paragraphs, secret in _sections(kit):
        doc.add_heading(heading, level=2)
        for paragraph in paragraphs:
            doc.add_paragraph(paragraph)
        for line in secret.splitlines():
            run = doc.add_paragraph().add_run(line)
            run.font.name = "Courier New"
            run.font.size = Pt(11)
    return docx_to_bytes(doc)
