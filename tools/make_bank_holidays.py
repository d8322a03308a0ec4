"""Write fieldwork/bank_holidays_ew.py: England and Wales bank holidays from the `holidays` package.

Why a generated table: importing `holidays` and its UK calendar costs about 150 ms, a third of the
app's whole start, to answer a question whose answer changes once a year at most. The table is
what the package says, written out; tests/fieldwork/test_bank_holidays_table.py fails the moment
the installed package disagrees with it (a one-off holiday proclaimed, a rule changed), and
years outside it are still asked of the package. Regenerate after upgrading `holidays`:

    .venv/bin/python tools/make_bank_holidays.py
"""

from __future__ import annotations

from pathlib import Path

import holidays

FIRST, LAST = 2015, 2040
TARGET = Path(__file__).resolve().parents[1] / "fieldwork" / "bank_holidays_ew.py"


def table() -> dict[int, tuple[tuple[str, str], ...]]:
    return {
        year: tuple(sorted((d.isoformat(), name) for d, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items()))
        for year in range(FIRST, LAST + 1)
    }


def render() -> str:
    lines = [
        '"""England and Wales bank holidays, as the `holidays` package gives them (generated: do not edit).',
        "",
        "Written by tools/make_bank_holidays.py from holidays " + holidays.__version__ + "; the test suite checks it against",
        "the installed package. Years outside FIRST..LAST are asked of the package itself.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f"FIRST = {FIRST}",
        f"LAST = {LAST}",
        "",
        "#: year -> ((ISO date, name), ...), sorted by date",
        "TABLE: dict[int, tuple[tuple[str, str], ...]] = {",
    ]
    for year, days in table().items():
        lines.append(f"    {year}: (")
        lines.extend(f"        ({iso!r}, {name!r})," for iso, name in days)
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET} ({LAST - FIRST + 1} years)")
