"""Live checks on free text: personal names (para 80) and evaluative writing (para 77).

Pure functions over strings, cheap enough to run on every keystroke; each returns Flags."""

from fieldwork.checks.evaluative import check_evaluative, evaluative_terms_found
from fieldwork.checks.flags import DESCRIPTIVE, NAME, Flag
from fieldwork.checks.names import NameLists, check_names, load_name_lists

__all__ = [
    "DESCRIPTIVE",
    "NAME",
    "Flag",
    "NameLists",
    "check_evaluative",
    "check_names",
    "evaluative_terms_found",
    "load_name_lists",
]
