"""The passphrase KDF cannot be weakened: parameters below the floor are refused when read, and
the fast test KDF (FIELDWORK_KDF=fast) is refused outside the test suite and the benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fieldwork.errors import FieldworkError
from store import crypto
from store.keyring import keyring_path
from store.workspace import Workspace
from tests.conftest import INIT_ARGS, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def _outside_the_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.delenv("FIELDWORK_BENCHMARK", raising=False)


def test_the_shipped_parameters_are_above_the_floor() -> None:
    assert crypto.DEFAULT_MEMORY_KIB >= crypto.MIN_MEMORY_KIB and crypto.DEFAULT_ITERATIONS >= crypto.MIN_ITERATIONS
    params = crypto.KdfParams(salt=os.urandom(16))
    assert crypto.KdfParams.from_json(params.to_json()) == params


@pytest.mark.parametrize("weaker", [{"memory_kib": 64 * 1024 - 1}, {"iterations": 2}, {"memory_kib": 64, "iterations": 1, "lanes": 1}])
def test_parameters_below_the_floor_are_refused_outside_the_tests(weaker: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    document = {**crypto.KdfParams(salt=os.urandom(16)).to_json(), **weaker}
    assert crypto.KdfParams.from_json(document).memory_kib == document["memory_kib"]  # the suite's own stores
    _outside_the_tests(monkeypatch)
    with pytest.raises(ValueError, match="floor"):
        crypto.KdfParams.from_json(document)


def test_the_fast_kdf_is_refused_outside_the_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    assert crypto.KdfParams.fresh().iterations == 1  # inside the suite: fast
    _outside_the_tests(monkeypatch)
    with pytest.raises(FieldworkError, match="FIELDWORK_KDF=fast"):
        crypto.KdfParams.fresh()
    monkeypatch.setenv("FIELDWORK_BENCHMARK", "1")
    assert crypto.KdfParams.fresh().iterations == 1


def test_init_with_the_fast_kdf_left_on_writes_nothing(cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _outside_the_tests(monkeypatch)
    result = cli(*INIT_ARGS)
    assert result.code == 1 and result.err.strip().splitlines() == [f"fieldwork: {crypto.FAST_REFUSED}"]
    assert not home.exists()


def test_a_fast_store_does_not_open_outside_the_tests(inspection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _outside_the_tests(monkeypatch)
    monkeypatch.delenv("FIELDWORK_KDF")
    with pytest.raises(FieldworkError, match="floor"):
        Workspace.open(inspection, PASSPHRASE)


def test_a_real_process_outside_pytest_refuses_it(tmp_path: Path) -> None:
    # What a person's shell with FIELDWORK_KDF=fast left in it gets: no PYTEST_CURRENT_TEST there.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_CURRENT_TEST", "FIELDWORK_BENCHMARK")}
    env.update(FIELDWORK_KDF="fast", FIELDWORK_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "fieldwork", "--home", str(tmp_path / "h"), *INIT_ARGS],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 1 and "FIELDWORK_KDF=fast" in done.stderr
    assert not keyring_path(tmp_path / "h").exists()
