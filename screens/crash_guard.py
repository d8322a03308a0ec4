"""An unexpected error in the app: keep the drafts, drop the keys, say one plain line.

Textual's own handler prints a traceback with every frame's local variables when the app exits,
and one of those locals can be the inspection key or a decrypted record (issue 12). This
replaces it: the drafts open screens hold are kept, encrypted, as the idle lock keeps them; the
workspace is closed, dropping keys and decrypted data; a redacted report goes to the user's log
folder (store/crash_reports.py); and the app exits with the CLI's internal-error status and one
plain line that says where the report is.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

EXIT_INTERNAL = 70  # as fieldwork.cli.common: the same status whichever part failed


class CrashGuard:
    """Mixed into the app ahead of textual.App, whose private `_handle_exception` every
    unhandled error in a handler, worker, timer or compose reaches."""

    _crashed: bool = False
    _crash_line: str | None = None

    def _print_error_renderables(self) -> None:
        """Called once the terminal is restored. After a crash: the one line, written as it is
        (Rich would wrap or crop the report's path), and whatever else was queued dropped."""
        app: Any = self
        if self._crash_line is None:
            super()._print_error_renderables()  # type: ignore[misc]
            return
        app._exit_renderables.clear()
        sys.stderr.write(f"fieldwork: {self._crash_line}\n")
        sys.stderr.flush()

    def _handle_exception(self, error: Exception) -> None:
        app: Any = self
        app._return_code = EXIT_INTERNAL
        # Under Pilot the first error is raised again when the test's app exits, as Textual does.
        if app._exception is None:
            app._exception = error
            app._exception_event.set()
        if not self._crashed:
            self._crashed = True
            from store.crash_reports import crash_line, write_report

            where = f"app, {type(app.screen).__name__}" if app.screen_stack else "app, starting"
            self._keep_drafts_and_close()
            self._crash_line = crash_line(error, write_report(error, where=where))
        app._close_messages_no_wait()

    def _keep_drafts_and_close(self) -> None:
        app: Any = self
        for screen in list(app.screen_stack):
            save = getattr(screen, "save_draft", None)
            if not callable(save):
                continue
            try:
                result = save()
                if inspect.isawaitable(result):
                    result.close()  # type: ignore[attr-defined]  # cannot be awaited from here
            except Exception:  # noqa: BLE001 - the keys must be dropped whatever a draft does
                pass
        ws, app.workspace = app.workspace, None
        if ws is not None:
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - as above
                pass
