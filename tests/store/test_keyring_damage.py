"""A damaged keyring is named as damaged, never as a wrong passphrase (issue 12, part 10)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from fieldwork.errors import AccessDenied, FieldworkError
from store.keyring import CHECK_FIELD, keyring_path, read_keyring
from store.workspace import Workspace
from tests.conftest import PASSPHRASE


def test_every_single_byte_flip_is_damage_or_harmless(workspace: Workspace, home: Path) -> None:
    ring = workspace.ring
    assert ring is not None
    original = keyring_path(home).read_bytes()
    check_name = original.index(f'"{CHECK_FIELD}"'.encode())
    rng = random.Random(12)
    positions = rng.sample(range(len(original)), 120)
    outcomes = {"damaged": 0, "opened": 0}
    for at in positions:
        if check_name <= at < check_name + len(CHECK_FIELD) + 2:
            continue  # renaming the check field leaves a keyring written before it existed
        damaged = bytearray(original)
        damaged[at] ^= 1 << rng.randrange(8)
        keyring_path(home).write_bytes(bytes(damaged))
        try:
            opened = read_keyring(home, PASSPHRASE)
        except AccessDenied as err:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"byte {at} flipped read as a wrong passphrase: {err}")
        except FieldworkError as err:
            assert "damaged" in str(err)
            outcomes["damaged"] += 1
        else:
            # Only whitespace-like flips that leave the same document can open, with the same keys.
            assert opened.inspection_key == ring.inspection_key
            outcomes["opened"] += 1
    keyring_path(home).write_bytes(original)
    assert outcomes["damaged"] >= 100, outcomes


def test_wrong_passphrase_is_still_a_wrong_passphrase(workspace: Workspace, home: Path) -> None:
    with pytest.raises(AccessDenied, match="Wrong passphrase"):
        read_keyring(home, "not the passphrase at all")


def test_keyring_without_the_check_field_still_opens(workspace: Workspace, home: Path) -> None:
    document = json.loads(keyring_path(home).read_bytes())
    del document[CHECK_FIELD]
    keyring_path(home).write_text(json.dumps(document))
    assert read_keyring(home, PASSPHRASE).inspection_id == workspace.inspection_id
