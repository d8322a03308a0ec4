"""`python -m fieldwork` runs the CLI, as the installed `fieldwork` script does."""

from fieldwork.cli import entry

entry()
