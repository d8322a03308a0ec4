"""Child lists: case references only (para 19); a bad file imports nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldwork.child_import import column_holds_names, parse_children_csv
from fieldwork.errors import ValidationError


@pytest.mark.parametrize("header", ["Name", "forename", "Surname", "First name", "last_name", "Child Name", "full-name", "Known as", "Given names", "Mother's name"])
def test_name_columns_are_recognised(header: str) -> None:
    assert column_holds_names(header)


@pytest.mark.parametrize("header", ["case_ref", "stage", "agencies", "age band", "ethnicity", "consent", "Case reference"])
def test_ordinary_columns_are_not_names(header: str) -> None:
    assert not column_holds_names(header)


def test_a_file_with_a_name_column_is_refused_naming_the_column() -> None:
    with pytest.raises(ValidationError, match="Column 'Surname'"):
        parse_children_csv("case_ref,Surname\nCR-100001,Xyz\n")


def test_a_bad_row_is_reported_by_line_number() -> None:
    with pytest.raises(ValidationError, match="Line 3"):
        parse_children_csv("case_ref,stage\nCR-100001,tracked\nCR-100002,orbiting\n")


def test_duplicates_within_the_file_are_refused() -> None:
    with pytest.raises(ValidationError, match="Line 3: CR-100001 already appears on line 2"):
        parse_children_csv("case_ref\nCR-100001\ncr-100001\n")


def test_attributes_and_aliases_are_read() -> None:
    rows = parse_children_csv("\ufeffCase reference,Stage,Age band,Probation,Agencies\nCR-100001,tracked,10-15,yes,Police;Health\n")
    assert rows == [
        {**rows[0], "case_ref": "CR-100001", "stage": "tracked", "age_band": "10-15", "probation": True, "agencies": ["Police", "Health"]}
    ]


def test_cli_import_is_all_or_nothing(cli, inspection: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text("case_ref,stage\nCR-100001,tracked\nCR-100002,tracked\nnot a ref,tracked\n")
    result = cli("child", "import", str(bad))
    assert result.code != 0 and "Line 4" in result.err
    assert json.loads(cli("child", "list", "--json").out) == []
    named = tmp_path / "named.csv"
    named.write_text("case_ref,first name\nCR-100001,Xyz\n")
    result = cli("child", "import", str(named))
    assert result.code != 0 and "first name" in result.err
    good = tmp_path / "good.csv"
    good.write_text("case_ref,stage\nCR-100001,tracked\nCR-100002,sampled\n")
    assert cli("child", "import", str(good)).code == 0
    listed = json.loads(cli("child", "list", "--json").out)
    assert [(c["case_ref"], c["stage"]) for c in listed] == [("CR-100001", "tracked"), ("CR-100002", "sampled")]
    again = cli("child", "import", str(good))
    assert again.code != 0 and "already on the list" in again.err
    assert len(json.loads(cli("child", "list", "--json").out)) == 2
