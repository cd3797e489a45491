"""The open patient: their record loaded into the patient panel, and the patient and spine-surgery dialogs.

Dialogs are loaded on first use, not at start-up; each saves through the window's `save_with`, so the runner
announces what changed and the panel and the list follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.core.users import Permission

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


NOTICE_MS = 10000  # how long a status-bar notice stays


class PatientRecord:
    def __init__(self, main_window: MainWindow, today: Callable[[], dt.date]) -> None:
        self.main_window = main_window
        self._today = today
        self.opening: int | None = None  # the patient asked for last; an older answer is dropped
        self.dialog: Any = None  # the patient form last opened

    def open_patient(self, patient_id: int) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        actor = clinic.actor
        if actor is not None and not actor.user.can(Permission.CLINICAL):
            # An administrator finds patients (for the audit trail) but opens no chart: said once, not refused
            # in a box at every row the arrow keys pass.
            window.statusBar().showMessage(
                f"Charts are for clinicians: {actor.user.role_text} users manage users, settings and the audit "
                "trail (File menu).",
                NOTICE_MS,
            )
            return
        self.opening = patient_id
        window.runner.run(
            lambda: clinic.patients.open(patient_id),
            self._patient_opened,
            lambda exc: window.show_error("Cannot open the patient", exc),
        )

    def _patient_opened(self, record: Any) -> None:
        if record.patient.id != self.opening:
            return  # the user has moved on to another patient
        window = self.main_window
        window.panel.show_record(record.patient, record.surgeries, record.consults, record.trend, record.plans)
        window.procedures.refresh(record.patient.id)
        window.right_stack.setCurrentWidget(window.panel)
        window.update_patient_actions()

    # --- the patient's details --------------------------------------------------------------------------
    def new_patient(self) -> None:
        window = self.main_window
        if window.clinic is None:
            return
        self._with_contacts(lambda contacts: self._new_patient(contacts))

    def _with_contacts(self, then: Callable[[Any], None]) -> None:
        """Load the clinic's contacts (the patient form picks the referring surgeon from them), then go on."""
        window = self.main_window
        clinic = window.clinic
        assert clinic is not None
        window.runner.run(
            lambda: clinic.contacts.list(),
            then,
            lambda exc: window.show_error("Cannot list the referring surgeons", exc),
        )

    def _new_patient(self, contacts: Any) -> None:
        window = self.main_window
        from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog  # loaded on first use, not at start-up

        dialog = PatientDialog(
            window.save_with(lambda clinic, form: clinic.patients.save(form)),
            today=self._today,
            slash_order=window.slash_order,
            parent=window,
            contacts=contacts,
        )
        dialog.new_referrer.setEnabled(False)
        add = window.letters.add_contact(dialog)
        if add is not None:
            dialog.new_referrer.setEnabled(True)
            dialog.new_referrer.clicked.connect(lambda _checked=False: add(dialog.referrer_added))
        self.dialog = dialog
        dialog.patient_saved.connect(window.patient_list.show_patient)
        dialog.exec()

    def edit_patient(self) -> None:
        window = self.main_window
        patient = window.panel.patient
        if window.clinic is None or patient is None:
            return
        self._with_contacts(lambda contacts: self._edit_patient(patient, contacts))

    def _edit_patient(self, patient: Any, contacts: Any) -> None:
        window = self.main_window
        from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog  # loaded on first use

        dialog = PatientDialog(
            window.save_with(lambda clinic, form: clinic.patients.save(form)),
            patient=patient,
            today=self._today,
            slash_order=window.slash_order,
            parent=window,
            contacts=contacts,
        )
        dialog.new_referrer.setEnabled(False)
        add = window.letters.add_contact(dialog)
        if add is not None:
            dialog.new_referrer.setEnabled(True)
            dialog.new_referrer.clicked.connect(lambda _checked=False: add(dialog.referrer_added))
        self.dialog = dialog
        dialog.patient_saved.connect(lambda saved: window.patient_model.replace_patient(saved.summary()))
        dialog.exec()

    # --- spine surgeries ----------------------------------------------------------------------------------
    def _surgery_dialog(self, surgery: Surgery | None) -> Any:
        window = self.main_window
        patient = window.panel.patient
        if window.clinic is None or patient is None or patient.id is None:
            return None
        from fbss_desktop.gui.dialogs.surgery_dialog import SurgeryDialog  # loaded on first use

        return SurgeryDialog(
            window.save_with(lambda clinic, form: clinic.patients.save_surgery(form)),
            catalogue=window.clinic.patients.surgery_catalogue(),
            patient_id=patient.id,
            date_of_birth=patient.date_of_birth,
            surgery=surgery,
            today=self._today,
            slash_order=window.slash_order,
            parent=window,
        )

    def add_surgery(self) -> None:
        dialog = self._surgery_dialog(None)
        if dialog is not None:
            dialog.exec()

    def edit_surgery(self, surgery: Surgery) -> None:
        dialog = self._surgery_dialog(surgery)
        if dialog is not None:
            dialog.exec()

    def remove_surgery(self, surgery: Surgery) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None or surgery.id is None:
            return
        catalogue = clinic.patients.surgery_catalogue()
        answer = QMessageBox.question(
            window,
            "Remove surgery",
            f"Remove {catalogue.procedure_label(surgery.procedure)} ({', '.join(surgery.levels)}, "
            f"{surgery.performed}) from this patient's history?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        surgery_id, version = surgery.id, surgery.row_version
        window.runner.run(
            lambda: clinic.patients.remove_surgery(surgery_id, version),
            on_error=lambda exc: window.show_error("Surgery not removed", exc),
        )
