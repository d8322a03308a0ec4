"""A writer the crash test kills with Popen.kill() (SIGKILL; TerminateProcess on Windows): acknowledges each committed write on stdout.

Usage: python -m tests.store.crash_writer HOME START COUNT
Each acknowledged line `ok N` means the write of children CR-9<N> and CR-8<N> has been committed to disk.
"""

from __future__ import annotations

import sys

from fieldwork import records as rec
from store.workspace import Change, Workspace
from tests.conftest import PASSPHRASE


def main() -> None:
    home, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ws = Workspace.open(home, PASSPHRASE)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for n in range(start, start + count):
        # Two records per transaction: after a crash both must be there, or neither.
        ws.write(
            [
                Change("child", rec.child_payload({"case_ref": f"CR-9{n:05d}"})),
                Change("child", rec.child_payload({"case_ref": f"CR-8{n:05d}"})),
            ]
        )
        sys.stdout.write(f"ok {n}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
