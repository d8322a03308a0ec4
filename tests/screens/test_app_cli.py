"""`fieldwork demo --no-open` and the app verbs' options."""

from __future__ import annotations

from pathlib import Path

from store.demo import DEMO_PASSPHRASE


def test_demo_no_open_creates_the_demo_and_prints_its_status(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", "--no-open", "--seed", "3")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Demo inspection in {home} (made-up data). Passphrase: {DEMO_PASSPHRASE}"
    assert "Team 12 · children 60 · SEA entries 300" in result.out
    assert "Conflicts to resolve: 1" in result.out
    digest = lines[-1]
    # A second run opens the same demo rather than making another.
    again = cli("demo", "--no-open")
    assert again.code == 0 and again.out.splitlines()[-1] == digest


def test_demo_refuses_a_home_holding_a_real_inspection(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", "--no-open")
    assert result.code == 1
    assert "not the demo" in result.err


def test_lock_after_must_not_be_negative(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("demo", "--no-open", "--lock-after", "-1")
    assert result.code == 1
    assert "--lock-after" in result.err
