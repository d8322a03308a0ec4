"""Para 80 in every stored free-text field of an SEA entry, not only its text (the app issue, 9)."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import INIT_ARGS

ENTRY = ("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview",
         "--evidence-date", "2026-11-23T10:30", "--child", "CR-104233",
         "--text", "Information sharing between police and children's social care was timely and effective.")


def _setup(cli: Any) -> None:
    assert cli(*INIT_ARGS).code == 0
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0


def test_a_name_in_the_source_detail_is_refused_until_confirmed(cli: Any) -> None:
    _setup(cli)
    refused = cli(*ENTRY, "--source-detail", "Sarah, social worker", "--agency", "Police")
    assert refused.code == 1 and "Sarah" in refused.err and len(refused.err.strip().splitlines()) == 1
    assert json.loads(cli("sea", "list", "--json").out) == []  # nothing was saved
    confirmed = cli(*ENTRY, "--source-detail", "Sarah, social worker", "--agency", "Police", "--confirm-no-names")
    assert confirmed.code == 0, confirmed.err


def test_a_name_given_as_an_agency_is_refused(cli: Any) -> None:
    _setup(cli)
    refused = cli(*ENTRY, "--source-detail", "MASH team manager", "--agency", "Sarah")
    assert refused.code == 1 and "Sarah" in refused.err


def test_job_titles_and_agencies_are_not_names(cli: Any) -> None:
    _setup(cli)
    for detail, agency in (("MASH team manager", "Police"), ("Chief Constable", "Police"), ("Designated nurse", "Health")):
        done = cli(*ENTRY, "--source-detail", detail, "--agency", agency)
        assert done.code == 0, (detail, done.err)
