"""Keys are read in the order they were typed, each by the screen it was typed for (issue 13).

Textual hands a key to whatever has focus the moment the app reads it, and leaves the rest to
each widget's own queue. So a key whose work is not done when it is handed out (one that opens
a screen or a dialog, a binding that runs once the key has bubbled up to the app as Escape and
Backspace in a field do, Enter on a form's line that moves on through a message, a dialog's
answer handed to the screen below) had not done it yet when the keys typed after it were handed
out: they went to the screen being left, to the field before, or to a screen that had not yet
focused anything. At typing speed words were lost or landed out of order.

Here, a key that is not plain typing into a text field is followed until its work is done: up
through every widget it bubbles through to the app, then once more for what its binding posted,
then through the screen a dismissed dialog handed its answer to; any screen change it started
(the app's navigation, unlocking or locking, a screen still mounting) is waited for. Keys typed
meanwhile wait, in order, and are read once it is done. Plain typing is handed straight on: a
widget's own queue keeps its order, so typing pays nothing.

The app reads each key with `_key_binding_now` (a list's binding runs as the key is read) and
otherwise as Textual does; this module only decides when.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from textual import events
from textual.dom import DOMNode
from textual.keys import _character_to_key
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

from screens.terminal_keys import escape_then

# Screen changes run as workers in these groups (the app's navigation, opening the store, the
# lock): a key typed while one is under way is meant for the screen it will show.
CHANGING_GROUPS = frozenset({"nav", "unlock", "lock"})
# A queue that never answers (its widget is being removed) must not hold the keyboard for good.
HOP_TIMEOUT = 1.0
MOUNT_TIMEOUT = 2.0
POLL = 0.01


def typing_into(target: object, event: events.Key) -> bool:
    """True when `event` is plain typing into a text field: its queue keeps the order."""
    return isinstance(target, (Input, TextArea)) and target.check_consume_key(event.key, event.character)


def key_for(character: str) -> events.Key:
    return events.Key(character if character.isalnum() else _character_to_key(character), character)


def _path(node: DOMNode) -> list[MessagePump]:
    """The queues a key sent to `node` passes through as it bubbles up: the node's, its
    ancestors', the app's."""
    path: list[MessagePump] = list(node.ancestors_with_self)
    app = node.app
    if app not in path:
        path.append(app)
    return path


async def _through(pump: MessagePump) -> None:
    """Wait until `pump` has handled everything already in its queue (or has closed)."""
    done = asyncio.Event()
    if not pump.call_later(done.set):
        return  # closing: nothing more goes through it
    waiting = asyncio.ensure_future(done.wait())
    watched: set[asyncio.Future[Any]] = {waiting}
    task = pump._task
    if task is not None:
        watched.add(task)  # a queue that closes before reaching the callback ends its task
    try:
        await asyncio.wait(watched, timeout=HOP_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()


class KeysInTurn:
    """App mixin, before `App`: holds keys while the one before them is still at work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Key] = deque()
        self._reading = False  # the reader worker is running: new keys queue behind it
        self._following: tuple[DOMNode, tuple[Any, ...]] | None = None

    # --- hooks for the app ---------------------------------------------------------------------

    async def _key_binding_now(self, event: events.Key) -> bool:
        """Run the key's binding as it is read; False to let Textual hand the key on."""
        return False

    def _screens_changing(self) -> bool:
        """A screen change the app runs outside a worker (the idle lock's timer) is under way."""
        return False

    # --- reading ---------------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held or self._reading or not self._keys_may_be_read():
                self._hold(event)
                return
            await self._read(event)
            if self._following is not None:
                self._start_reader()
            return
        await super().on_event(event)  # type: ignore[misc]

    def _hold(self, event: events.Key) -> None:
        self._held.append(event)
        self._start_reader()

    def _start_reader(self) -> None:
        if not self._reading:
            self._reading = True
            self.run_worker(self._read_in_turn(), group="keys")  # type: ignore[attr-defined]

    async def _read_in_turn(self) -> None:
        try:
            while True:
                await self._until_ready()
                if not self._held:
                    return
                await self._read(self._held.popleft())
        finally:
            self._reading = False

    async def _read(self, event: events.Key) -> None:
        """Read one key, its screen being ready, and note whether its work is still to be done."""
        target: DOMNode = self.focused or self.screen  # type: ignore[attr-defined]
        after = escape_then(event)
        if after is not None and not isinstance(target, (Input, TextArea)):
            # Escape and the key typed straight after it, sent by the terminal as one (Alt+key,
            # screens/terminal_keys.py): on a list, a menu or a dialog, where Alt means nothing,
            # they are the two keys the person typed.
            self._held.appendleft(key_for(after))
            event = events.Key("escape", "\x1b")
        stack = tuple(self.screen_stack)  # type: ignore[attr-defined]
        if not await self._key_binding_now(event):
            await super().on_event(event)  # type: ignore[misc]  # Textual: priority bindings, then focus
        if not (event.is_forwarded and typing_into(target, event)):
            self._following = (target, stack)

    # --- waiting ---------------------------------------------------------------------------------

    def _screen_change_under_way(self) -> bool:
        workers = self.workers  # type: ignore[attr-defined]
        return self._screens_changing() or any(
            w.group in CHANGING_GROUPS and not w.is_finished for w in workers)

    def _keys_may_be_read(self) -> bool:
        return (self._following is None and not self._screen_change_under_way()
                and self.screen._mounted_event.is_set())  # type: ignore[attr-defined]

    async def _until_ready(self) -> None:
        while True:
            if self._following is not None:
                (target, stack), self._following = self._following, None
                await self._follow(target, stack)
                continue
            if self._screen_change_under_way():
                await asyncio.sleep(POLL)
                continue
            mounted = self.screen._mounted_event  # type: ignore[attr-defined]
            if not mounted.is_set():
                try:
                    await asyncio.wait_for(mounted.wait(), MOUNT_TIMEOUT)
                except asyncio.TimeoutError:
                    return  # a screen that never mounts gets the keys as it is
                continue
            return

    async def _follow(self, target: DOMNode, stack: tuple[Any, ...]) -> None:
        """Wait until the key sent to `target` has done its work."""
        path = _path(target)
        for _ in range(2):  # the key itself, then what its binding posted (a field's Submitted)
            for pump in path:
                await _through(pump)
        if tuple(self.screen_stack) != stack:  # type: ignore[attr-defined]
            # A dismissed dialog hands its answer to the screen below through that screen's
            # queue, and the answer may open the next form: let it, before the next key.
            for pump in _path(self.focused or self.screen):  # type: ignore[attr-defined]
                await _through(pump)
