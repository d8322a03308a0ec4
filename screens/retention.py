"""Para 81 at the end of the inspection, in the app: export my records (or, for the lead, the whole
SEA) as the encrypted retention archive, and close this laptop for good.

Both run the CLI's own functions: store.archive.export for `fieldwork archive export`, and
sync.close_check.check_before_wipe then store.archive.wipe for `fieldwork close --wipe`. The
archive's recovery code is shown once in a dialog and kept nowhere; closing asks for the team's
bundle and the archive, checks them before anything is destroyed, asks once more, then exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldwork import archive as arc
from fieldwork.errors import FieldworkError
from screens import settings
from screens.base import SectionScreen
from screens.concerns import ConcernForm, FormField
from screens.dialogs import Ask, Confirm
from screens.widgets.footer import KeysFooter

CSS = "retention.tcss"

ABOUT = (
    "At the end of the inspection each inspector keeps their own contemporaneous records for their "
    "inspectorate, and the lead keeps the SEA for Ofsted (para 81). An export writes an encrypted "
    "archive, opened only with a recovery code shown once, and a readable copy beside it that is "
    "NOT encrypted: keep it where your inspectorate keeps records.\n"
    "Closing this laptop destroys its keys, then its store: any copy of the encrypted data left "
    "elsewhere (a backup, a USB stick) can no longer be read with anything on this laptop."
)

FORMATS = (("md", "Markdown (.md)"), ("docx", "Word (.docx)"))


def _code_lines(code: str, per_line: int = 5) -> str:
    """The code a few words a line, never cut inside a word (it is copied by hand)."""
    words = code.split("-")
    rows = ["-".join(words[n:n + per_line]) for n in range(0, len(words), per_line)]
    return "-\n".join(f"  {row}" for row in rows)


class RetentionScreen(SectionScreen):
    """Export for retention; close this laptop."""

    CSS_PATH = CSS
    TITLE = "Retention and close"
    AUTO_FOCUS = "#retention-menu"
    HELP = ("Para 81: e exports my records, s the whole SEA (the lead), as an encrypted archive and a readable "
            "copy; w closes this laptop, destroying its keys and store once the team's bundle and the archive exist.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export('mine')", "My records"),
        Binding("s", "export('sea')", "SEA"),
        Binding("w", "close_laptop", "Close laptop"),
    ]

    last_archive: Path | None = None  # this run's archive, offered when closing

    def compose(self) -> ComposeResult:
        yield Static(Text("Retention and close (para 81)", style="bold"), id="retention-title")
        yield Static(ABOUT, id="retention-about", markup=False)
        yield OptionList(id="retention-menu")
        yield Static("", id="retention-done")
        yield KeysFooter()

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        lead = self.workspace.is_lead
        rows = [
            ("export:mine", "e", "Export my records", "every record I wrote, with its history", True),
            ("export:sea", "s", "Export the whole SEA", "for Ofsted's retention" if lead else "the lead's to export", lead),
            ("close", "w", "Close this laptop", "after the team's bundle and the archive exist", True),
        ]
        for option_id, key, label, why, enabled in rows:
            menu.add_option(Option(Content.from_markup("[b reverse] $key [/] $label [dim]— $why[/]", key=key,
                                                       label=label, why=why), id=option_id, disabled=not enabled))

    @on(OptionList.OptionSelected, "#retention-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("export:"):
            self.action_export(option_id.removeprefix("export:"))
        elif option_id == "close":
            self.action_close_laptop()

    # --- export ------------------------------------------------------------------------------

    def _default_name(self, scope: str) -> str:
        me = str(self.workspace.me.get("name", "")).lower()
        return f"{me}-records" if scope == "mine" else "sea-retention"

    def action_export(self, scope: str) -> None:
        from store import archive

        ws = self.workspace
        if scope == "sea" and not ws.is_lead:
            self.notify("Only the lead exports the SEA for Ofsted's retention (para 81): export your own records with e.",
                        severity="warning")
            return
        default = settings.export_path(ws, self._default_name(scope))
        fields = [
            FormField("folder", "Folder", value=str(default.parent), placeholder="where to write the archive"),
            FormField("name", "File name", value=default.name, placeholder="without extension"),
            FormField("format", "Readable copy", kind="choice", value="md", options=FORMATS),
        ]
        made: list[tuple[Path, Path, str]] = []

        def submit(values: dict[str, Any]) -> None:
            folder = Path(values["folder"].strip()).expanduser()
            name = values["name"].strip()
            if folder == settings.documents_folder() and not folder.exists():
                folder.mkdir(parents=True)  # the usual place on a new laptop, where no export was made yet
            if not folder.is_dir():
                raise FieldworkError(f"There is no folder {folder}: type a folder that exists. Nothing was written.")
            if not name or Path(name).name != name:
                raise FieldworkError("Give the archive a file name, without a folder. Nothing was written.")
            made.append(archive.export(ws, folder / name, scope=scope, fmt=values["format"] or "md"))
            settings.remember_export(ws, made[-1][0])

        def done(saved: bool | None) -> None:
            if saved and made:
                self._show_code(*made[-1])

        title = "Export my records" if scope == "mine" else "Export the whole SEA for Ofsted's retention"
        self.app.push_screen(ConcernForm(title, fields, submit, names_check=False), done)

    def _show_code(self, archive_path: Path, copy: Path, code: str) -> None:
        self.last_archive = archive_path
        text = (
            f"Wrote {archive_path.name} (encrypted) and {copy.name} (readable, not encrypted) in {archive_path.parent}.\n\n"
            f"Recovery code ({arc.CODE_WORDS} words), the only way to open the archive. It is shown only this once "
            "and kept nowhere: write it down now for the archive's keeper, away from the archive.\n\n"
            f"{_code_lines(code)}\n"
        )
        self.query_one("#retention-done", Static).update(
            Text(f"Archive written: {archive_path}. Its recovery code was shown once; it is not kept.", style="dim"))
        self.app.push_screen(Ask(text, [("enter", "I have written it down", "done")], back="Close"))

    # --- close ---------------------------------------------------------------------------------

    def action_close_laptop(self) -> None:
        from sync.close_check import check_before_wipe

        ws = self.workspace
        archive_default = str(self.last_archive) if self.last_archive else ""
        fields = [
            FormField("bundle", "Team bundle", placeholder="the bundle sync wrote for this laptop (.fwbundle)"),
            FormField("archive", "Archive", value=archive_default, placeholder="the .fwarchive exported here"),
        ]

        def submit(values: dict[str, Any]) -> None:
            bundle, archive_file = values["bundle"].strip(), values["archive"].strip()
            if not bundle or not archive_file:
                raise FieldworkError("Give both the team's bundle and the archive. Nothing was wiped.")
            try:
                check_before_wipe(ws, bundle=Path(bundle).expanduser(), archive=Path(archive_file).expanduser())
            except FieldworkError as err:
                said = str(err)
                raise FieldworkError(said if "Nothing was wiped" in said else f"{said} Nothing was wiped.") from None

        def checked(ok: bool | None) -> None:
            if not ok:
                return
            question = (
                "The bundle holds everything written here and the archive is this inspection's.\n\n"
                f"Wipe now? This laptop's keys are overwritten and deleted, then its store in {ws.home}. "
                "The inspection can never be opened on this laptop again, and the app closes."
            )
            self.app.push_screen(Confirm(question, yes="Wipe this laptop", no="Keep it"), self._wipe)

        self.app.push_screen(ConcernForm("Close this laptop: the proof nothing is lost", fields, submit,
                                         names_check=False), checked)

    def _wipe(self, confirmed: bool | None) -> None:
        from store import archive

        if not confirmed:
            self.notify("Nothing was wiped.")
            return
        app: Any = self.app
        removed = archive.wipe(self.workspace)
        app.workspace = None  # closed by the wipe: nothing may lock or save into it now
        app.exit(message=f"Removed {', '.join(removed)}. This laptop's keys and store are destroyed: "
                         "the inspection can no longer be opened here.")
