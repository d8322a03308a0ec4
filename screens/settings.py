"""This laptop's preferences for the app: the theme, the idle-lock minutes and the last export
folder. Kept in the store's local table, encrypted like everything else and never synced (another
inspector's laptop keeps its own). Exports default to the user's documents folder, not the
current directory (which, started from a shortcut on Windows, may be System32 or the app's own).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.workspace import Workspace

SETTINGS_KEY = "app-settings"


def read(ws: "Workspace") -> dict[str, Any]:
    stored = ws.get_local(SETTINGS_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def update(ws: "Workspace", **values: Any) -> None:
    settings = read(ws)
    if all(settings.get(k) == v for k, v in values.items()):
        return  # nothing new: no write
    settings.update(values)
    ws.put_local(SETTINGS_KEY, settings)


def documents_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_documents_dir())


def export_path(ws: "Workspace", filename: str) -> Path:
    """Where an export is offered: the folder of the last one written on this laptop, while it
    still exists, else the documents folder."""
    last = read(ws).get("export_folder")
    folder = Path(last) if isinstance(last, str) and last and Path(last).is_dir() else documents_folder()
    return folder / filename


def remember_export(ws: "Workspace", written: Path) -> None:
    update(ws, export_folder=str(Path(written).expanduser().resolve().parent))
