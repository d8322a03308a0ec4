"""How many versions a store holds waiting for a parent or a certificate that has not come.

Waiting versions are kept (and passed on in my bundle) until what they wait for arrives, so
without a bound a laptop could be handed 200,000 that never resolve and carry them in every
bundle it writes. Each device's waiting versions are capped in count and bytes, and so are all of
them together (a hostile member can make up device keys that never get a certificate). What is
over the cap is dropped with a note in the import's summary: nothing is lost, because the sender
keeps them and sends them again with its next bundle, by when their parents may be here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from store.versions import Version

# A real team's whole inspection is about 24,000 versions from a dozen laptops, and a member's
# work waits only until their certificate arrives: far below these.
MAX_PER_DEVICE = 10_000
MAX_BYTES_PER_DEVICE = 32 << 20
MAX_TOTAL = 50_000
MAX_BYTES_TOTAL = 128 << 20


def within_cap(held: Iterable["Version"], waiting: Iterable["Version"]) -> tuple[list["Version"], list["Version"]]:
    """(kept, dropped) of the newly waiting versions, given those already held waiting (which stay).

    Oldest first by clock, so the same versions are kept whatever order they came in."""
    per_device: dict[str, list[int]] = {}
    total = [0, 0]
    for v in held:
        used = per_device.setdefault(v.device, [0, 0])
        for counter in (used, total):
            counter[0] += 1
            counter[1] += len(v.raw)
    kept: list[Version] = []
    dropped: list[Version] = []
    for v in sorted(waiting, key=lambda v: (v.clock, v.id)):
        used = per_device.setdefault(v.device, [0, 0])
        size = len(v.raw)
        if (
            used[0] >= MAX_PER_DEVICE
            or used[1] + size > MAX_BYTES_PER_DEVICE
            or total[0] >= MAX_TOTAL
            or total[1] + size > MAX_BYTES_TOTAL
        ):
            dropped.append(v)
            continue
        for counter in (used, total):
            counter[0] += 1
            counter[1] += size
        kept.append(v)
    return kept, dropped


def dropped_note(count: int) -> str:
    return (
        f"{count} version(s) waiting for earlier ones were not kept: this laptop holds at most "
        f"{MAX_PER_DEVICE:,} waiting a device. Their sender still has them and sends them again."
    )
