"""`fieldwork lead restore`: a new laptop becomes the lead's with the paper key, after the lead's laptop is lost.

The new laptop makes its own device key and its own store for the inspection named on the paper,
takes in the team's bundles (from the shared folder or a USB stick: each all or nothing), and then
the paper key signs that new device's certificate as the lead's. Every laptop checks it against
the paper key's public half in the inspection's first version (fieldwork/trust.py); from then on
only this new device, not the lost one, acts as the lead, and it can revoke the lost one.

The paper holds only the key of the epoch it was written in, but every later epoch's key is
sealed to the paper key's age identity too (store/paper_age.py): the bundles are read with it, so
the new lead reads what the team wrote after any revocation, and the keys it opened are kept in
the new device's keyring. An inspection made before that identity existed reads as before.

As `join`, it is all or nothing: a failure leaves no half-made store behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from fieldwork.errors import FieldworkError
from fieldwork.paper_key import PaperKey
from store import creating, crypto, paper_age
from store.keyring import write_keyring
from store.workspace import Change, Workspace
from sync.bundle import SUFFIX, BundleError
from sync.folder import import_file

if TYPE_CHECKING:
    from store.workspace import ImportResult


def restore(
    home: Path,
    paper: PaperKey,
    passphrase: str,
    bundles: list[Path],
    *,
    on_refused: Callable[[Path, str], None] = lambda _path, _why: None,
) -> tuple[Workspace, list[tuple[Path, "ImportResult"]]]:
    home = Path(home)
    if Workspace.exists(home):
        raise FieldworkError(f"{home} already holds an inspection: restore into a new --home.")
    existed = home.exists()
    ws: Workspace | None = None
    try:
        ws = Workspace.new(
            home,
            passphrase,
            inspection_id=paper.inspection,
            inspection_key=paper.inspection_key,
            inspector_id=paper.lead_inspector,
            root_device=paper.root_device,
            finish=False,  # whole once the bundles are in and the new lead device is certified
        )
        imported = _take_in(ws, paper, passphrase, bundles, on_refused)
        if not ws.has_inspection:
            raise FieldworkError(
                "None of the bundles held the inspection's details: give the team's shared folder or USB stick with --from. Nothing was created."
            )
        paper_signer = crypto.signing_key_from_raw(paper.seed)
        ring = ws.ring
        assert ring is not None
        certificate = ring.certificate(inspector=paper.lead_inspector, role="lead")
        ws.write([Change("device", certificate, record=ring.device_id)], as_identity=(paper.lead_inspector, paper_signer))
        ws.finish_creating()
        return ws, imported
    except BaseException:
        if ws is not None:
            ws.close()
        creating.abandon(home, existed=existed)
        raise


def _take_in(
    ws: Workspace, paper: PaperKey, passphrase: str, bundles: list[Path], on_refused: Callable[[Path, str], None]
) -> list[tuple[Path, "ImportResult"]]:
    """The bundles, each all or nothing, read with the paper key's age identity beside the new
    device's: every key epoch's key is sealed to it (in the epoch records and the bundles'
    headers), so the new lead reads what was written after any revocation. The keys it opened
    go into this device's keyring (its own identity opens none of them); the identity does not."""
    ring = ws.ring
    assert ring is not None
    ws.unseal_also_with(paper_age.identity(paper.seed))
    try:
        imported: list[tuple[Path, ImportResult]] = []
        for path in bundles:
            try:
                imported.append((path, import_file(ws, path)))
            except BundleError as err:
                on_refused(path, str(err))
        opened = {epoch: key for epoch, key in ws.keys.items() if epoch and epoch not in ring.epoch_keys}
    finally:
        ws.unseal_also_with("")
    if opened:
        ring.epoch_keys.update(opened)
        write_keyring(ws.home, ring, passphrase)
    return imported


def bundles_in(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise FieldworkError(f"{folder} is not a folder: give the team's shared folder or the USB stick's folder.")
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(SUFFIX) and not p.name.startswith("."))
