"""Fieldwork's domain: records and their rules, framework packs, text checks, gaps, findings and
the working-day calendar. Nothing here touches the disk (beyond reading the packs shipped in this
package) or imports Textual, so every rule is tested in milliseconds."""

__version__ = "0.1.0"
