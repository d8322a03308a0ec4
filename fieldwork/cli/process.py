"""What every run of `fieldwork` does before its verb (issue 12): new files private to this
account, an existing home tightened to match, and the test KDF refused outside the tests."""

from __future__ import annotations

import argparse
import os

from fieldwork.cli.common import home_dir


def prepare(args: argparse.Namespace) -> None:
    from store.at_rest import private_by_default, tighten_home

    private_by_default()
    if os.environ.get("FIELDWORK_KDF") == "fast":
        # Checked here as well as where keys are made, so nothing at all is written first.
        from store.crypto import refuse_fast_kdf_outside_tests

        refuse_fast_kdf_outside_tests()
    tighten_home(home_dir(args))
