"""The SQL projection's typed rows: the fast path for valid payloads gives exactly what the
coercing path gives, and a list holding something other than text is still read, minus it."""

from __future__ import annotations

import json

from store.projection import _j, _sea_row, _strs
from store.record import Record


def _record(payload: dict[str, object]) -> Record:
    return Record(id="r1", kind="sea", payload=payload, version="v1", heads=("v1",), deleted=False, author="i1", created="c", updated="u", updated_by="i1")


def test_a_list_of_text_is_written_as_json_writes_it() -> None:
    for value in ([], ["ESN 07"], ["ESN 07", "ESN 12"], ["quote \" and \\ and é"]):
        assert _j(value) == json.dumps(value, ensure_ascii=False)


def test_items_that_are_not_text_are_left_out_and_nothing_else() -> None:
    assert _strs(["ESN 07", 5, None, "ESN 12", ["x"]]) == ["ESN 07", "ESN 12"]
    assert _strs("ESN 07") == [] and _strs(None) == [] and _strs({"a": 1}) == []
    row = _sea_row(_record({"criteria": ["ESN 07", 7], "children": ["CR-104233", None], "agencies": "Police", "text": "Seen on CR-104233."}))
    assert row["criteria"] == '["ESN 07"]' and row["children"] == '["CR-104233"]' and row["agencies"] == "[]"
    assert "esn 07" in row["haystack"] and "cr-104233" in row["haystack"]
