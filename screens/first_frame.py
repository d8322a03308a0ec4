"""A section's first frame before the garbage collector's pauses.

Python's cyclic collector runs when enough objects have been allocated, wherever that happens to
be; a full collection of the app's heap takes 40-120 ms (measured in the screens figure, where it
landed in one opening of four and doubled it). Opening a screen allocates thousands of objects (its
widgets, their styles, the rows of its tables), so that is where the collector most often ran.
Holding it off from the key to the screen's first frame moves the same collection to just after
that frame: nothing is skipped, the pause only stops coming between a key and what it shows.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from textual.screen import Screen

# However the screen fares (an error while mounting, a pop before its first frame), the collector
# is never held off longer than this.
LONGEST_HOLD = 1.0  # seconds


def collect_after_first_frame(screen: Screen[Any]) -> None:
    """Hold the cyclic garbage collector off until `screen`, about to be pushed, has drawn."""
    if not gc.isenabled():
        return  # held by someone else (the store holds it while decrypting): theirs to give back
    gc.disable()
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            fallback.cancel()
            gc.enable()

    # A thread's timer, not the app's: it fires even if the app has ended before the frame came.
    fallback = threading.Timer(LONGEST_HOLD, release)
    fallback.daemon = True
    # Run by the screen once its first refresh has been drawn (Textual's call_after_refresh).
    if not screen.call_after_refresh(release):
        release()
        return
    fallback.start()
