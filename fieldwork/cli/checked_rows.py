"""Output shared by the week's verbs (plan, allocation, voice, evaluations, meetings): a record
reported with the warnings its checks raised, and a listing of rows that each carry theirs."""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

from fieldwork.cli.common import emit_json, say, warn


def created(message: str, warnings: Iterable[str], record_id: str) -> int:
    """The outcome, each warning on stderr (they never block), and the id alone on the last line."""
    say(message)
    for text in warnings:
        warn(text)
    say(record_id)
    return 0


def listing(rows: Sequence[Mapping[str, Any]], line: Callable[[Mapping[str, Any]], str], *, as_json: bool, total: str = "") -> int:
    """Rows as JSON, or one line each with its warnings indented beneath."""
    if as_json:
        emit_json(list(rows))
        return 0
    for row in rows:
        say(line(row))
        for text in row.get("warnings", []):
            say(f"    ! {text if isinstance(text, str) else text.get('message', '')}")
    if total:
        say(total)
    return 0
