"""Case files: one patient's record exported to a JSON file, or a case file imported as a new patient.

The file is written next to its target and moved into place, so a failed export leaves no partial file; the
suggested name carries the MRN, never the name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.gui.ui_state import ask_save_path, saved_to, start_folder

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


class CaseFiles:
    def __init__(self, main_window: MainWindow) -> None:
        self.main_window = main_window

    def export_case_file(self, target: str | None = None) -> None:
        """Write the open patient's case file; the suggested name carries the MRN, never the name."""
        window = self.main_window
        patient, clinic = window.panel.patient, window.clinic
        if patient is None or clinic is None:
            return
        if target is None:  # offered in Documents, or the folder last saved to on this workstation
            chosen = ask_save_path(
                window, "Export case file", f"case-{patient.mrn}.json", "Case files (*.json)", window.state
            )
            if chosen is None:
                return
            target = str(chosen)
        mrn, path = patient.mrn, Path(target)

        def op() -> Path:
            return clinic.case_files.write(mrn, path)  # whole or not at all; in the audit trail once written

        def done(written: Path) -> None:
            saved_to(window.state, written)
            window.statusBar().showMessage(f"Exported the case file to {written}.", 8000)

        window.runner.run(op, done, lambda exc: window.show_error("Case file not exported", exc))

    def import_case_file(self, source: str | None = None) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        if source is None:
            source, _ = QFileDialog.getOpenFileName(
                window, "Import case file", str(start_folder(window.state)), "Case files (*.json);;All files (*)"
            )
            if not source:
                return
        path = Path(source)

        def op() -> tuple[Any, ChangeSet]:
            result: tuple[Any, ChangeSet] = clinic.case_files.add(clinic.case_files.read(path), name=path.name)
            return result

        def done(result: tuple[Any, ChangeSet]) -> None:
            imported, _changes = result
            window.patient_list.show_patient(imported.patient)
            window.statusBar().showMessage(f"Imported {imported.patient.mrn}.", 8000)
            if imported.notes:  # a finalized plan that arrived as a draft: the person importing must know
                QMessageBox.information(window, "Case file imported", "\n\n".join(imported.notes))

        window.runner.run(op, done, lambda exc: window.show_error("Case file not imported", exc))
