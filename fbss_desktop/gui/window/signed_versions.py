"""The patient panel's Signed versions…: a consult's earlier signed versions listed, each previewed as it was
signed (its clinician summary, rendered on the worker), to read, print or save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


def show_versions(window: MainWindow, consult_id: int) -> None:
    clinic = window.clinic
    if clinic is None:
        return
    from fbss_desktop.gui.dialogs.print_preview import preview_rendered
    from fbss_desktop.gui.dialogs.signed_versions_dialog import SignedVersionsDialog
    from fbss_desktop.gui.ui_state import WorkstationState

    def preview(version: int) -> None:
        preview_rendered(
            window.signed_versions_dialog,
            window.runner,
            lambda: clinic.printing.signed_version_pdf(consult_id, version),
            title=f"Consult, signed version {version}",
            file_name=f"consult-{consult_id}-signed-version-{version}.pdf",
            on_printed=None,
            on_error=lambda exc: window.show_error("Cannot show the signed version", exc),
            announce=lambda text: window.statusBar().showMessage(text, 8000),
            state=WorkstationState.in_use,
        )

    def show(versions: list[Any]) -> None:
        dialog = SignedVersionsDialog(versions, preview, window)
        window.signed_versions_dialog = dialog
        dialog.exec()

    window.runner.run(
        lambda: clinic.consults.signed_versions(consult_id),
        show,
        lambda exc: window.show_error("Cannot list the signed versions", exc),
    )
