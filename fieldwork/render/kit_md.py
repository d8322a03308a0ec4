"""The keep-in-touch summary (paras 35-37) as Markdown: short enough to read out or paste into the
meeting's notes."""

from __future__ import annotations

from fieldwork.letter import KitSummary
from fieldwork.render.letter_md import render_blocks

__all__ = ["render"]


def render(kit: KitSummary) -> str:
    return render_blocks(kit.blocks())
