"""Reading a list of children from CSV: case references and sample attributes, never names.

Para 19: lists of children use unique identification numbers, not names. A file with any column
that looks like it holds names is refused outright, naming the column, before any row is read.
A bad row is reported by its line number and nothing at all is imported.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from fieldwork.errors import ValidationError
from fieldwork.records import CHILD_FIELDS, DEFAULT_CASE_REF_PATTERN, child_payload

# Header words that mean a column holds people's names.
_NAME_HEADER = re.compile(
    r"(^|[^a-z])(names?|forenames?|surnames?|first ?names?|last ?names?|given ?names?|family ?names?|"
    r"full ?names?|middle ?names?|maiden ?names?|known ?as|aka|alias(es)?|preferred ?names?|nicknames?|"
    r"christian ?names?|fname|lname|initials? and surname)([^a-z]|$)"
)

_ALIASES: dict[str, str] = {
    "case_ref": "case_ref",
    "case ref": "case_ref",
    "case reference": "case_ref",
    "case number": "case_ref",
    "case no": "case_ref",
    "reference": "case_ref",
    "ref": "case_ref",
    "id": "case_ref",
    "unique id": "case_ref",
    "child id": "case_ref",
    "stage": "stage",
    "age band": "age_band",
    "age_band": "age_band",
    "age": "age_band",
    "gender": "gender",
    "sex": "gender",
    "disability": "disability",
    "disabled": "disability",
    "ethnicity": "ethnicity",
    "involvement": "involvement",
    "stage of involvement": "involvement",
    "probation": "probation",
    "probation/crc": "probation",
    "crc": "probation",
    "consent": "consent",
    "allocated": "allocated",
    "agencies": "agencies",
}


def column_holds_names(header: str) -> bool:
    text = header.strip().lower().replace("_", " ").replace("-", " ")
    return bool(_NAME_HEADER.search(text))


def parse_children_csv(text: str, pattern: str = DEFAULT_CASE_REF_PATTERN) -> list[dict[str, Any]]:
    """Validated child payloads, or ValidationError naming the column or the line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("The file is empty: it needs a header row with a case reference column.") from None
    except csv.Error as err:
        raise ValidationError(f"Line 1 is not valid CSV: {err}.") from None
    for column in header:
        if column_holds_names(column):
            raise ValidationError(
                f"Column '{column.strip()}' appears to hold names: lists of children must use case "
                "references only (JTAI guidance para 19). Remove the column and import again. Nothing was imported."
            )
    fields: list[str | None] = []
    for column in header:
        key = _ALIASES.get(column.strip().lower())
        if key is None and column.strip().lower().replace(" ", "_") in CHILD_FIELDS:
            key = column.strip().lower().replace(" ", "_")
        if key is None and column.strip():
            raise ValidationError(
                f"Unknown column '{column.strip()}': the columns Fieldwork reads are "
                f"{', '.join(CHILD_FIELDS)}. Nothing was imported."
            )
        fields.append(key)
    if "case_ref" not in fields:
        raise ValidationError("The file has no case reference column (case_ref). Nothing was imported.")
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(fields):
                raise ValidationError(f"Line {line} has more cells than the header. Nothing was imported.")
            values = {key: cell for key, cell in zip(fields, row) if key}
            try:
                payload = child_payload(values, pattern=pattern)
            except ValidationError as err:
                raise ValidationError(f"Line {line}: {err} Nothing was imported.") from None
            ref = payload["case_ref"]
            if ref in seen:
                raise ValidationError(f"Line {line}: {ref} already appears on line {seen[ref]}. Nothing was imported.")
            seen[ref] = line
            out.append(payload)
    except csv.Error as err:
        raise ValidationError(f"Line {line + 1} is not valid CSV: {err}. Nothing was imported.") from None
    return out
