"""The paper key's printed form reads back however it was kept: in the kit, or written down over lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldwork import paper_key as pk
from fieldwork.errors import ValidationError


@given(st.binary(min_size=32, max_size=32), st.binary(min_size=32, max_size=32), st.integers(10, 120))
def test_a_key_read_back_from_the_kit_or_from_wrapped_lines(seed: bytes, key: bytes, cut: int) -> None:
    paper = pk.PaperKey("inspection-1", "0" * 32, "lead-1", seed, key)
    text = pk.encode(paper)
    *head, line = text.splitlines()
    wrapped = "\n".join([*head, line[:cut].rstrip(), line[cut:].strip()]) + "\n\nWith it, a new laptop becomes the lead's."
    assert pk.decode(text) == paper
    assert pk.decode(f"# Fieldwork recovery kit\n\n```\n{text}\n```\n\nMore\n") == paper
    assert pk.decode(wrapped) == paper


def test_a_mistyped_key_is_refused_plainly() -> None:
    text = pk.encode(pk.PaperKey("inspection-1", "0" * 32, "lead-1", bytes(32), bytes(32)))
    damaged = text[:-3] + ("A" if text[-3] != "A" else "B") + text[-2:]
    with pytest.raises(ValidationError, match="does not check out"):
        pk.decode(damaged)
