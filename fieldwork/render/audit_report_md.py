"""The audit report as Markdown: scope, grade distribution, findings by domain, evidence by
criterion, and an appendix per case. Reads only the `AuditReport` view, as the Word renderer does,
so both formats always hold the same sections."""

from __future__ import annotations

import re

from fieldwork.audit import NOTE_FIELDS, NOTE_LABELS, AuditReport

NOTHING = "_None recorded._"

# A free-text line that starts like Markdown syntax would reshape the report (a heading, a list, a
# quote, a table row); escaping its first character keeps the auditor's words as words.
_SYNTAX_START = re.compile(r"^(\s*)([#>*+|\-]|\d+[.)])")


def _line(text: str) -> str:
    return _SYNTAX_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def _item(label: str, text: str) -> list[str]:
    # Continuation lines are indented so a note of several paragraphs stays one list item.
    first, *rest = text.strip().splitlines() or [""]
    return [f"- **{label}**: {_line(first)}"] + [f"  {_line(line)}".rstrip() for line in rest]


def _paragraphs(text: str) -> list[str]:
    return [_line(line).rstrip() for line in text.strip().splitlines()]


def markdown(report: AuditReport) -> str:
    lines = [f"# {report.title}", ""]
    if report.theme:
        lines += [f"_{_line(report.theme)}_", ""]

    lines += ["## Scope", ""]
    lines += _table(["Field", "Detail"], [[k, v] for k, v in report.scope_rows()])
    lines += [f"### {report.word('inspectors', title=True)}", ""]
    lines += _table(*report.auditor_rows())

    lines += ["## Grade distribution", ""]
    lines += _table(*report.distribution_rows())

    lines += ["## Findings by domain", ""]
    for theme in report.themes:
        lines += [f"### {theme.label}", ""]
        if theme.empty:
            lines += [NOTHING, ""]
            continue
        for key in NOTE_FIELDS:
            lines += [f"#### {NOTE_LABELS[key]}", ""]
            items = theme.notes[key]
            for case_ref, text in items:
                lines += _item(case_ref, text)
            lines += ([""] if items else [NOTHING, ""])

    lines += ["## Evidence by criterion", ""]
    lines += _table(*report.criteria_rows())

    lines += [f"## Appendix: {report.word('children')}", ""]
    if not report.cases:
        lines += [NOTHING, ""]
    for case in report.cases:
        lines += [f"### {report.case_heading(case)}", ""]
        lines += [f"{report.word('entries', title=True)} naming this {report.word('child')}: {case.entries}", ""]
        if not case.domains:
            lines += [NOTHING, ""]
        for notes in case.domains:
            lines += [f"#### {report.strand_labels.get(notes.strand, notes.strand)}", ""]
            for key in NOTE_FIELDS:
                text = notes.text(key)
                if text:
                    lines += [f"**{NOTE_LABELS[key]}**", "", *_paragraphs(text), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
