"""New / edit patient: validated field by field by the core, saved off the UI thread.

The dialog stays open until the save succeeds; a refused save shows each message at its field and keeps
everything the user typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.contacts import Contact
from fbss_desktop.core.dates import DATE_HINT, SlashOrder
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import Patient, PatientInput, Sex, parse_patient, to_input
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog

LANGUAGES = ("English", "Spanish", "French", "German", "Polish", "Greek", "Vietnamese", "Chinese", "Arabic")


class PatientDialog(ValidatedDialog):
    patient_saved = Signal(object)  # the saved core Patient
    failure_title = "Patient not saved"

    def __init__(
        self,
        save: SaveFunction,
        *,
        patient: Patient | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        slash_order: SlashOrder = SlashOrder.MDY,
        parent: QWidget | None = None,
        contacts: Sequence[Contact] = (),
    ) -> None:
        super().__init__(save, lambda form: parse_patient(form, today=today(), slash_order=slash_order), parent)
        self._form = to_input(patient) if patient else PatientInput()
        self.setWindowTitle("Edit patient" if patient else "New patient")
        self.setMinimumWidth(460)

        self.mrn = QLineEdit(self._form.mrn)
        self.mrn.setPlaceholderText("e.g. 004512 or ABC-12345")
        self.family_name = QLineEdit(self._form.family_name)
        self.given_names = QLineEdit(self._form.given_names)
        self.date_of_birth = QLineEdit(self._form.date_of_birth)
        self.date_of_birth.setPlaceholderText(f"{DATE_HINT} (or DD.MM.YYYY)")
        self.sex = QComboBox()
        for sex in Sex:
            self.sex.addItem(sex.label, sex.value)
        self.sex.setCurrentIndex(self.sex.findData(self._form.sex))
        self.phone = QLineEdit(self._form.phone)
        self.phone.setPlaceholderText("optional")
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(("",) + LANGUAGES)
        self.language.setCurrentText(self._form.preferred_language)
        # Enter takes the language as typed or completed and saves, on the first press (the completion would
        # otherwise take the first Enter for itself).
        line = self.language.lineEdit()
        assert line is not None
        line.installEventFilter(self)
        # The referring surgeon, one of the clinic's contacts (an inactive one stays while it is this patient's).
        self.referrer = QComboBox()
        self.referrer.addItem("Not recorded", None)
        for contact in contacts:
            if contact.active or contact.id == self._form.referrer_id:
                self.referrer.addItem(contact.display_name, contact.id)
        self.referrer.setCurrentIndex(max(0, self.referrer.findData(self._form.referrer_id)))
        self.new_referrer = QPushButton("&New…")
        self.new_referrer.setObjectName("newReferrer")
        # Add a surgeon to the contacts and choose them: the window connects it for a user who may add one.
        self.new_referrer.setToolTip("Add a surgeon to the clinic's contacts and choose them here")
        self.new_referrer.setEnabled(False)
        referrer_row = QWidget()
        self.referrer.setObjectName("referrer")
        referrer_row.setFocusProxy(self.referrer)
        row_layout = QHBoxLayout(referrer_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.referrer, 1)
        row_layout.addWidget(self.new_referrer)

        layout = QFormLayout()
        fields: list[tuple[str, str, QWidget]] = [
            ("mrn", "&Medical record number", self.mrn),
            ("family_name", "&Family name", self.family_name),
            ("given_names", "&Given names", self.given_names),
            ("date_of_birth", "&Date of birth", self.date_of_birth),
            ("sex", "&Sex", self.sex),
            ("phone", "&Phone", self.phone),
            ("preferred_language", "Preferred &language", self.language),
            ("referrer_id", "&Referring surgeon", referrer_row),
        ]
        for name, label, widget in fields:
            widget.setObjectName(name)
            caption = QLabel(label)
            caption.setBuddy(widget)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(self.errors.add(name, widget))
            layout.addRow(caption, holder)
        for line_edit, name in (
            (self.mrn, "mrn"),
            (self.family_name, "family_name"),
            (self.given_names, "given_names"),
            (self.date_of_birth, "date_of_birth"),
            (self.phone, "phone"),
        ):
            line_edit.textEdited.connect(lambda _text, n=name: self.errors.clear(n))
        self.date_of_birth.editingFinished.connect(self._check_date_of_birth)

        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.buttons)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.language.lineEdit()
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            line = self.language.lineEdit()
            if line is not None:
                line.deselect()  # the completion shown is taken
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def current_input(self) -> PatientInput:
        return PatientInput(
            mrn=self.mrn.text(),
            family_name=self.family_name.text(),
            given_names=self.given_names.text(),
            date_of_birth=self.date_of_birth.text(),
            sex=str(self.sex.currentData()),
            phone=self.phone.text(),
            preferred_language=self.language.currentText(),
            id=self._form.id,
            row_version=self._form.row_version,
            referrer_id=self.referrer.currentData(),
        )

    def _check_date_of_birth(self) -> None:
        """Tell at once, on leaving the field, if the date cannot be right."""
        if not self.date_of_birth.text().strip():
            return
        try:
            self._validate(self.current_input())
        except ValidationError as exc:
            if "date_of_birth" in exc.errors:
                self.errors.show({"date_of_birth": exc.errors["date_of_birth"]})

    def referrer_added(self, contact: Contact) -> None:
        """A surgeon added on the spot: listed and chosen."""
        self.referrer.addItem(contact.display_name, contact.id)
        self.referrer.setCurrentIndex(self.referrer.count() - 1)

    def on_saved(self, saved: Patient) -> None:
        self.patient_saved.emit(saved)
