"""The README's quick start is a contract: CI runs its test line exactly as written."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start_lines() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_quick_start_is_two_commands() -> None:
    lines = quick_start_lines()
    assert len(lines) == 2
    assert lines[0].startswith("python3 -m venv") and "fieldwork demo" in lines[0]
    assert "pytest" in lines[1] and "[test]" in lines[1]


def test_ci_runs_the_readme_test_line_exactly() -> None:
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert quick_start_lines()[1] in [line.strip() for line in ci]
