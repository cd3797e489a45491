"""The open patient's procedure records (the Procedures tab): loading the list, and each thing a clinician does
with a record (new, from the plan, open, sign, relief at follow-up, the trial diary, the note printed).

Every read and write runs on the worker; a write announces its ChangeSet, so the tab, a consult's decision
support (through its rules basis) and another workstation follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QLineEdit, QMessageBox

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.procedures import Procedure
from fbss_desktop.core.users import Permission

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow

SAVED_MESSAGE_MS = 10000


class PatientProcedures:
    def __init__(self, main_window: MainWindow, today: Callable[[], dt.date]) -> None:
        self.main_window = main_window
        self._today = today
        self.dialog: Any = None  # the open record, relief or diary dialog (tests reach it here)
        from fbss_desktop.gui.procedures.box import ProceduresBox

        def name(kind: str) -> str:  # asked only once a clinic is open (the tab has rows or a menu then)
            clinic = main_window.clinic
            return clinic.catalogues.treatments()[kind].label if clinic is not None else kind

        box = ProceduresBox(name)
        main_window.panel.visits.addTab(box, "Procedures")
        self.box = box
        main_window.events.changes_applied.connect(self._changes_applied)
        box.new_requested.connect(lambda kind: self.start(kind))
        box.from_plan_requested.connect(lambda entry: self.start(entry.kind, entry.plan_id, entry.item_key))
        box.open_requested.connect(self.open_record)
        box.response_requested.connect(self.record_response)
        box.diary_requested.connect(self.enter_diary)
        box.note_requested.connect(self.print_note)

    # --- the list --------------------------------------------------------------------------------------------
    def refresh(self, patient_id: int) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        clinical = clinic.actor is None or clinic.actor.user.can(Permission.CLINICAL)

        def load() -> tuple[list[Procedure], list[Any]]:
            return clinic.procedures.for_patient(patient_id), clinic.procedures.plan_items(
                patient_id
            ) if clinical else []

        def show(result: tuple[list[Procedure], list[Any]]) -> None:
            patient = window.panel.patient
            if patient is None or patient.id != patient_id:
                return  # the user has moved on
            box = self.box
            tabs = window.panel.visits
            tabs.setTabText(tabs.indexOf(box), f"Procedures ({len(result[0])})")
            box.set_procedures(result[0])
            box.set_planned(result[1], tuple(clinic.catalogues.procedures().kinds))
            box.update_buttons(clinical=clinical)

        window.runner.run(load, show, lambda exc: window.show_error("Cannot show the procedure records", exc))

    def _changes_applied(self, changes: ChangeSet) -> None:
        """An open consult of a patient whose procedures changed reads them again: its decision support then
        knows the relief just recorded (the rules basis is otherwise read once, when the consult opens)."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None or not (changes.procedures_of or changes.everything):
            return
        for editor in list(window.editors.values()):
            patient_id = editor.patient.id
            basis = editor.draft.basis
            if basis is None or patient_id is None or not (changes.everything or patient_id in changes.procedures_of):
                continue

            def refreshed(records: Any, editor: Any = editor) -> None:
                current = editor.draft.basis
                if current is not None:
                    editor.session.draft = replace(editor.session.draft, basis=replace(current, procedures=records))
                    editor.evaluate_now()

            window.runner.run(
                lambda patient_id=patient_id: clinic.procedures.as_history(patient_id),
                refreshed,
                lambda exc: window.show_error("The open consult could not read the procedure records", exc),
            )

    # --- a record --------------------------------------------------------------------------------------------
    def start(self, kind: str, plan_id: int | None = None, item_key: str = "") -> None:
        window = self.main_window
        clinic = window.clinic
        patient = window.panel.patient
        if clinic is None or patient is None or patient.id is None:
            return
        patient_id = patient.id
        window.runner.run(
            lambda: (
                clinic.procedures.start(patient_id, kind, plan_id=plan_id, item_key=item_key),
                clinic.procedures.allergies(patient_id),
            ),
            lambda result: self._edit(*result),
            lambda exc: window.show_error("Cannot start the procedure record", exc),
        )

    def open_record(self, procedure: Procedure) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        clinical = clinic.actor is None or clinic.actor.user.can(Permission.CLINICAL)
        if not clinical:  # the front desk reads a record only as its printed note
            self.print_note(procedure)
            return
        window.runner.run(
            lambda: (clinic.procedures.get(procedure.id or 0), clinic.procedures.allergies(procedure.patient_id)),
            lambda result: self._edit(*result),
            lambda exc: window.show_error("Cannot open the procedure record", exc),
        )

    def _edit(self, procedure: Procedure, allergies: tuple[str, ...]) -> None:
        window = self.main_window
        clinic = window.clinic
        assert clinic is not None
        from fbss_desktop.gui.procedures.record_dialog import ProcedureDialog  # loaded on first use

        signing: dict[str, Any] = {"sign": False, "signature": ""}

        def save(clinic: Any, form: Any) -> tuple[Procedure, ChangeSet]:
            signature = signing["signature"] if signing["sign"] else None
            signing["sign"] = False  # asked again if this one is refused
            result: tuple[Procedure, ChangeSet] = clinic.procedures.save(
                procedure.patient_id,
                form,
                procedure_id=procedure.id,
                row_version=procedure.row_version,
                signature=signature,
            )
            return result

        dialog = ProcedureDialog(
            window.save_with(save),
            procedure=procedure,
            catalogue=clinic.catalogues.procedures(),
            treatments=clinic.catalogues.treatments(),
            today=self._today(),
            allergies=allergies,
            parent=window,
        )
        may_sign = clinic.actor is None or clinic.actor.user.can(Permission.SIGN)
        if not procedure.signed and may_sign:
            sign_button = dialog.buttons.addButton("Save and &sign…", QDialogButtonBox.ButtonRole.ActionRole)
            sign_button.setObjectName("signProcedure")

            def sign() -> None:
                if clinic.actor is not None:  # a clinic with users: the password again, as the signature
                    text, accepted = QInputDialog.getText(
                        dialog,
                        "Sign the record",
                        f"Sign this procedure record? Once signed it can no longer be changed.\n\n"
                        f"Your password, {clinic.actor.user.display_name}, as your signature:",
                        QLineEdit.EchoMode.Password,
                    )
                    if not accepted or not text:
                        return
                    signing["signature"] = text
                else:
                    answer = QMessageBox.question(
                        dialog,
                        "Sign the record",
                        "Sign this procedure record? Once signed it can no longer be changed.",
                    )
                    if answer != QMessageBox.StandardButton.Yes:
                        return
                signing["sign"] = True
                dialog.submit()

            sign_button.clicked.connect(sign)
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        if accepted and dialog.saved is not None:
            what = "signed" if dialog.saved.signed else "saved"
            window.statusBar().showMessage(f"Procedure record {what}.", SAVED_MESSAGE_MS)

    def record_response(self, procedure: Procedure) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.procedures.follow_up import ResponseDialog

        dialog = ResponseDialog(
            window.save_with(
                lambda clinic, form: clinic.procedures.record_response(procedure.id, procedure.row_version, form)
            ),
            procedure=procedure,
            name=clinic.catalogues.treatments()[procedure.kind].label,
            today=self._today(),
            catalogue=clinic.catalogues.procedures(),
            parent=window,
        )
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.statusBar().showMessage("Relief recorded.", SAVED_MESSAGE_MS)
        self.dialog = None

    def enter_diary(self, procedure: Procedure) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.procedures.follow_up import DiaryDialog

        threshold = int(clinic.settings.values()["scs.trial_success_percent"])
        days = clinic.procedures.trial_days(procedure)
        dialog = DiaryDialog(
            window.save_with(
                lambda clinic, form: clinic.procedures.save_diary(
                    procedure.id, procedure.row_version, form["diary"], form["medication_reduction_percent"]
                )
            ),
            procedure=procedure,
            catalogue=clinic.catalogues.procedures(),
            days=days,
            threshold=threshold,
            parent=window,
        )
        blank = dialog.buttons.addButton("Print blank &sheet…", QDialogButtonBox.ButtonRole.ActionRole)
        blank.setObjectName("printBlankDiary")
        blank.clicked.connect(lambda: self._print(procedure, "trial diary", days))
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.statusBar().showMessage("Trial diary saved.", SAVED_MESSAGE_MS)
        self.dialog = None

    def print_note(self, procedure: Procedure) -> None:
        self._print(procedure, "procedure note")

    def _print(self, procedure: Procedure, what: str, days: int = 0) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None or procedure.id is None:
            return
        procedure_id = procedure.id
        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        def render() -> bytes:
            if what == "trial diary":
                return clinic.procedures.diary_pdf(procedure_id, days)
            return clinic.procedures.note_pdf(procedure_id)

        preview_rendered(
            window,
            window.runner,
            render,
            title="Stimulator trial diary" if what == "trial diary" else "Procedure note",
            file_name=f"{what.replace(' ', '-')}-{procedure_id}-{self._today().isoformat()}.pdf",
            on_printed=lambda: window.runner.run(
                lambda: clinic.procedures.record_print(procedure_id, what),
                on_error=lambda exc: window.show_error("Printed, but the print was not recorded", exc),
            ),
            on_error=lambda exc: window.show_error(f"Cannot print the {what}", exc),
            announce=lambda message: window.statusBar().showMessage(message, SAVED_MESSAGE_MS),
            state=window.state,
            on_saved=lambda: window.runner.run(lambda: clinic.procedures.record_print(procedure_id, what)),
        )
