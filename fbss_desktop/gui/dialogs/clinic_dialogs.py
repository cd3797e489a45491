"""The clinic's own records: the first-day set-up, Edit › Clinic… (letterhead) and Edit › Clinicians….

A fresh database has no clinic and no clinician, and a plan cannot be finalized without a clinician; the
set-up asks for both in one short form. Clinicians are domain records (a user account links to one later);
a deactivated clinician stays on their consults and plans and leaves the choice lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.clinicians import Clinician, ClinicianInput, parse_clinician, to_input
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog

PAPER_SIZES = (("letter", "US Letter"), ("a4", "A4"))
LETTERHEAD_KEYS = (
    "clinic.name",
    "clinic.address",
    "clinic.phone",
    "clinic.after_hours",
    "print.paper_size",
    "clinic.logo",
)


def _caption(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class ClinicFields:
    """The letterhead: name, address, phone, paper size and an optional logo (setting keys as field names)."""

    def __init__(self, owner: ValidatedDialog, values: dict[str, Any]) -> None:
        self.values = values
        self.name = QLineEdit(str(values.get("clinic.name", "")))
        self.name.setPlaceholderText("e.g. Riverside Spine & Pain Clinic")
        self.address = QLineEdit(str(values.get("clinic.address", "")))
        self.address.setPlaceholderText("street, suite, city")
        self.phone = QLineEdit(str(values.get("clinic.phone", "")))
        self.phone.setPlaceholderText("the number patients call")
        self.after_hours = QLineEdit(str(values.get("clinic.after_hours", "")))
        self.after_hours.setPlaceholderText("e.g. If we are closed, call the on-call doctor at (555) 010-9999.")
        self.after_hours.setToolTip("Printed with the warning signs that need a call to the clinic the same day.")
        self.paper = QComboBox()
        for value, label in PAPER_SIZES:
            self.paper.addItem(label, value)
        self.paper.setCurrentIndex(max(0, self.paper.findData(values.get("print.paper_size", "letter"))))
        self.logo = QLineEdit(str(values.get("clinic.logo", "")))
        self.logo.setPlaceholderText("optional: a PNG or JPEG every workstation can read")
        self.browse = QPushButton("Choose…")
        self.browse.setObjectName("chooseLogo")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(lambda _checked=False: self._choose_logo(owner))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.browse)
        self.box = QGroupBox("Your clinic (printed at the top of every plan)")
        form = QFormLayout(self.box)
        widgets: list[tuple[str, str, QWidget, Any]] = [
            ("clinic.name", "Clinic &name", self.name, self.name),
            ("clinic.address", "&Address", self.address, self.address),
            ("clinic.phone", "&Phone", self.phone, self.phone),
            ("clinic.after_hours", "When &closed", self.after_hours, self.after_hours),
            ("print.paper_size", "Pa&per size", self.paper, self.paper),
            ("clinic.logo", "&Logo", self.logo, logo_row),
        ]
        for key, label, widget, layout_item in widgets:
            widget.setObjectName(key)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            if isinstance(layout_item, QHBoxLayout):
                holder.addLayout(layout_item)
            else:
                holder.addWidget(layout_item)
            holder.addWidget(owner.errors.add(key, widget))
            form.addRow(_caption(label, widget), holder)
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text, k=key: owner.errors.clear(k))

    def _choose_logo(self, owner: QWidget) -> None:
        path, _ = QFileDialog.getOpenFileName(owner, "Letterhead logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.logo.setText(path)

    def changes(self) -> dict[str, Any]:
        typed = {
            "clinic.name": " ".join(self.name.text().split()),
            "clinic.address": " ".join(self.address.text().split()),
            "clinic.phone": self.phone.text().strip(),
            "clinic.after_hours": " ".join(self.after_hours.text().split()),
            "print.paper_size": self.paper.currentData(),
            "clinic.logo": self.logo.text().strip(),
        }
        return {key: value for key, value in typed.items() if value != self.values.get(key)}

    def name_after(self) -> str:
        return " ".join(self.name.text().split())


class ClinicianFields:
    """Name as printed, credentials, specialty, NPI (field names as core's parse_clinician reports them)."""

    def __init__(self, owner: ValidatedDialog, clinician: Clinician | None, prefix: str = "") -> None:
        self.original = to_input(clinician) if clinician else ClinicianInput()
        self.full_name = QLineEdit(self.original.full_name)
        self.full_name.setPlaceholderText("as it prints on the plan, e.g. Dr. Ana Ruiz")
        self.credentials = QLineEdit(self.original.credentials)
        self.credentials.setPlaceholderText("e.g. MD, DO, PA-C")
        self.specialty = QLineEdit(self.original.specialty)
        self.specialty.setPlaceholderText("optional, e.g. Pain medicine")
        self.npi = QLineEdit(self.original.npi)
        self.npi.setPlaceholderText("optional: 10 digits")
        self.npi.setMaxLength(12)
        self.active = QCheckBox("Active (offered in the consult's clinician list)")
        self.active.setObjectName("active")
        self.active.setChecked(self.original.active)
        self.box = QGroupBox("Clinician")
        form = QFormLayout(self.box)
        for name, label, widget in (
            ("full_name", "&Name as printed", self.full_name),
            ("credentials", "&Credentials", self.credentials),
            ("specialty", "&Specialty", self.specialty),
            ("npi", "N&PI", self.npi),
        ):
            widget.setObjectName(name)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(owner.errors.add(prefix + name, widget))
            form.addRow(_caption(label, widget), holder)
            widget.textEdited.connect(lambda _text, n=prefix + name: owner.errors.clear(n))
        if clinician is not None:
            form.addRow("", self.active)

    def current_input(self) -> ClinicianInput:
        return ClinicianInput(
            full_name=self.full_name.text(),
            credentials=self.credentials.text(),
            specialty=self.specialty.text(),
            npi=self.npi.text(),
            active=self.active.isChecked(),
            id=self.original.id,
            row_version=self.original.row_version,
        )


class ClinicSetupDialog(ValidatedDialog):
    """First day: the clinic's letterhead and its first clinician, saved together.

    With `with_clinician=False` it is Edit › Clinic…: the letterhead alone."""

    failure_title = "Clinic not saved"

    def __init__(
        self,
        save: SaveFunction,
        values: dict[str, Any],
        *,
        with_clinician: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, self._check, parent)
        self.setObjectName("clinicSetup" if with_clinician else "clinicDialog")
        self.setWindowTitle("Set up your clinic" if with_clinician else "Clinic")
        self.with_clinician = with_clinician
        self.clinic = ClinicFields(self, values)
        self.clinician = ClinicianFields(self, None, prefix="clinician.") if with_clinician else None
        layout = QVBoxLayout(self)
        if with_clinician:
            intro = QLabel(
                "<b>Welcome to FBSS Desktop.</b> Before the first consult: here, your clinic's name for the "
                "letterhead and a clinician who signs the plans; next, the administrator's account, who adds the "
                "other users. You can add more clinicians later (Edit › Clinicians…) and change the letterhead "
                "(Edit › Clinic…)."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addWidget(self.clinic.box)
        if not with_clinician:
            frozen = QLabel(
                "Plans finalized before a change keep the letterhead they were finalized with, so a reprint is "
                "the same paper. To hand a patient the new address or phone, revise their plan and finalize it."
            )
            frozen.setWordWrap(True)
            frozen.setObjectName("frozenLetterheadNote")
            layout.addWidget(frozen)
        if self.clinician is not None:
            self.clinician.box.setTitle("First clinician (signs and finalizes plans)")
            layout.addWidget(self.clinician.box)
        save_button = self.buttons.button(self.buttons.StandardButton.Save)
        save_button.setText("Save and start" if with_clinician else "Save")
        save_button.setObjectName("saveClinic")
        if with_clinician:
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("Not now")
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def current_input(self) -> tuple[dict[str, Any], ClinicianInput | None]:
        return self.clinic.changes(), self.clinician.current_input() if self.clinician else None

    def _check(self, form: tuple[dict[str, Any], ClinicianInput | None]) -> None:
        """The same checks the facade makes, before anything goes to the database."""
        _changes, clinician = form
        errors: dict[str, str] = {}
        if not self.clinic.name_after():
            errors["clinic.name"] = "Enter the clinic's name: it heads every printed plan."
        logo = self.clinic.logo.text().strip()
        if logo and not Path(logo).expanduser().is_file():
            errors["clinic.logo"] = (
                "No image file is there on this computer. Choose the file again, or leave the logo empty."
            )
        if clinician is not None:
            try:
                parse_clinician(clinician)
            except ValidationError as exc:
                errors.update({f"clinician.{k}": v for k, v in exc.errors.items()})
        if errors:
            raise ValidationError(errors)


class ClinicianDialog(ValidatedDialog):
    """Add or edit one clinician."""

    failure_title = "Clinician not saved"

    def __init__(self, save: SaveFunction, clinician: Clinician | None, parent: QWidget | None = None) -> None:
        super().__init__(save, parse_clinician, parent)
        self.setObjectName("clinicianDialog")
        self.setWindowTitle("Edit clinician" if clinician else "Add clinician")
        self.fields = ClinicianFields(self, clinician)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields.box)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def current_input(self) -> ClinicianInput:
        return self.fields.current_input()
