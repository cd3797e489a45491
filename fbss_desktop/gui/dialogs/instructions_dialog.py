"""Instructions for the patient before a planned procedure: the date, arrival and place, eating and drinking,
a driver, and each blood thinner's last dose and restart (the antithrombotic table's dates, computed by the
core; changed only with a reason) with the prescriber's agreement. Saved on the patient's record, then printed.

The dialog computes nothing clinical: the dates it shows come from the draft (core.instruction_draft), and the
same check refuses a save here and in the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.instruction_draft import InstructionDraft
from fbss_desktop.core.procedure_holds import BLEEDING_CLASSES
from fbss_desktop.core.procedure_instructions import ProcedureInstructions
from fbss_desktop.gui import metrics
from fbss_desktop.gui.dialogs.thinner_row import DAY_FORMAT, ThinnerRow
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog
from fbss_desktop.gui.screen import fitting

TIME_FORMAT = "h:mm AP"
NO_DATE = "Choose the date"
CLASS_NOTE = (
    "From the treatment catalogue ({edition}): {given}. Earlier surgery at the site (every patient after spine "
    "surgery), older age, kidney or liver disease or a bleeding disorder may call for one class higher "
    "(clinical reference, section 5, rule 17)."
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class InstructionsDialog(ValidatedDialog):
    failure_title = "Instructions not saved"

    def __init__(
        self, draft: InstructionDraft, save: SaveFunction, *, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(save, self._check, parent)
        self.draft = draft
        start = draft.start
        self.setObjectName("instructionsDialog")
        self.setWindowTitle(f"Instructions for the patient: {draft.procedure_label}")
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save_button is not None
        save_button.setText("Save and &preview…")
        self.save_button = save_button

        header = QLabel(
            f"<b>{draft.procedure_label}</b> for {draft.patient_name}. The sheet prints a blood thinner's stop "
            "date only once its prescriber agreed; until then it tells the patient to call the prescriber first."
        )
        header.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setObjectName("procedureDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DAY_FORMAT)
        # A new sheet starts with no date: the day before today stands for "not chosen", shown as words.
        self.date.setMinimumDate(_qdate(today - dt.timedelta(days=1)))
        self.date.setSpecialValueText(NO_DATE)
        self.date.setDate(_qdate(start.procedure_at.date()) if draft.saved else self.date.minimumDate())
        self.start_time = QTimeEdit(QTime(start.procedure_at.hour, start.procedure_at.minute))
        self.start_time.setObjectName("procedureTime")
        self.start_time.setDisplayFormat(TIME_FORMAT)
        self.arrive = QTimeEdit(QTime(start.arrive_at.hour, start.arrive_at.minute))
        self.arrive.setObjectName("arriveTime")
        self.arrive.setDisplayFormat(TIME_FORMAT)
        self.place = QLineEdit(start.place)
        self.place.setObjectName("place")
        self.place.setPlaceholderText("the procedure suite's address (Edit › Settings… sets the usual one)")
        self.fasting = QPlainTextEdit(start.fasting)
        self.fasting.setObjectName("fasting")
        self.fasting.setPlaceholderText(
            "Empty: 'We will tell you if you must stop eating or drinking before your procedure.' "
            "(The clinic's own wording is set in Edit › Settings….)"
        )
        self.fasting.setMaximumHeight(metrics.NOTE_MAX_HEIGHT)
        self.sedation = QCheckBox("Sedation is planned")
        self.sedation.setObjectName("sedation")
        self.sedation.setChecked(start.sedation)
        self.driver = QCheckBox("The patient needs a driver home")
        self.driver.setObjectName("driver")
        self.driver.setChecked(start.driver)
        self.sedation.toggled.connect(lambda on: self.driver.setChecked(True) if on else None)
        self.bleeding = QComboBox()
        self.bleeding.setObjectName("bleedingClass")
        for code in BLEEDING_CLASSES:
            self.bleeding.addItem(code.capitalize(), code)
        self.bleeding.setCurrentIndex(max(0, self.bleeding.findData(start.bleeding_class)))
        class_note = QLabel(CLASS_NOTE.format(edition="ASRA", given=draft.catalogue_class))
        class_note.setWordWrap(True)
        class_note.setStyleSheet("color: #666; font-size: 9pt;")
        self.diabetes = QCheckBox("Diabetes: check blood sugar more often after the steroid")
        self.diabetes.setObjectName("diabetes")
        self.diabetes.setChecked(start.diabetes)
        self.contrast = QCheckBox("Allergy to X-ray dye (contrast): call us before the day")
        self.contrast.setObjectName("contrast")
        self.contrast.setChecked(start.contrast_allergy)
        self.note = QLineEdit(start.note)
        self.note.setObjectName("note")
        self.note.setPlaceholderText("optional: anything else the patient should know")

        form = QFormLayout()
        for label, widget, name in (
            ("Procedure &date", self.date, "procedure_date"),
            ("Procedure &starts at", self.start_time, "procedure_time"),
            ("&Arrive at", self.arrive, "arrive_at"),
            ("&Where", self.place, "place"),
            ("&Eating and drinking", self.fasting, "fasting"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors.add(name, widget))
        form.addRow("", self.sedation)
        form.addRow("", self.driver)
        form.addRow("&Bleeding-risk class", self.bleeding)
        form.addRow("", class_note)
        form.addRow("", self.errors.add("bleeding_class", self.bleeding))

        self.rows: list[ThinnerRow] = []
        thinners = QVBoxLayout()
        if not start.thinners:
            thinners.addWidget(QLabel("No blood thinner or anti-inflammatory is on the consult's medicine list."))
        for n, plan in enumerate(start.thinners):
            doses = draft.dose_choices.get(plan.drug, {})
            row = ThinnerRow(n, plan, doses, self.errors, self._refresh, today)
            self.rows.append(row)
            thinners.addWidget(row)
        others = QFormLayout()
        others.addRow("", self.diabetes)
        others.addRow("", self.contrast)
        others.addRow("&Note", self.note)

        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(header)
        column.addLayout(form)
        column.addWidget(QLabel("<b>Blood thinners</b>"))
        column.addLayout(thinners)
        column.addLayout(others)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.buttons)
        self.resize(fitting(*metrics.INSTRUCTIONS_DIALOG_SIZE))

        for widget in (self.date, self.start_time):
            widget.editingFinished.connect(self._refresh)
        self.date.dateChanged.connect(lambda _d: self._refresh())
        self.start_time.timeChanged.connect(lambda _t: self._refresh())
        self.bleeding.currentIndexChanged.connect(lambda _i: self._refresh())
        self._refresh()

    # --- what the core computed, shown --------------------------------------------------------------------
    def date_chosen(self) -> bool:
        return self.date.date() != self.date.minimumDate()

    def procedure_at(self) -> dt.datetime:
        day = self.date.date().toPython()
        moment = self.start_time.time().toPython()
        assert isinstance(day, dt.date) and isinstance(moment, dt.time)
        return dt.datetime.combine(day, moment.replace(second=0, microsecond=0))

    def _tables(self) -> tuple:
        doses = {row.name: row.chosen_dose() for row in self.rows}
        return self.draft.table_plans(self.procedure_at(), str(self.bleeding.currentData()), doses)

    def _refresh(self) -> None:
        for row, table in zip(self.rows, self._tables(), strict=True):
            row.show_table(table)

    # --- the form as the core reads it --------------------------------------------------------------------
    def current_input(self) -> ProcedureInstructions:
        arrive = self.arrive.time().toPython()
        assert isinstance(arrive, dt.time)
        thinners = tuple(row.plan(table) for row, table in zip(self.rows, self._tables(), strict=True))
        return replace(
            self.draft.start,
            procedure_at=self.procedure_at(),
            arrive_at=arrive.replace(second=0, microsecond=0),
            place=self.place.text().strip(),
            fasting=self.fasting.toPlainText().strip(),
            sedation=self.sedation.isChecked(),
            driver=self.driver.isChecked(),
            bleeding_class=str(self.bleeding.currentData()),
            thinners=thinners,
            diabetes=self.diabetes.isChecked(),
            contrast_allergy=self.contrast.isChecked(),
            note=self.note.text().strip(),
        )

    def _check(self, form: ProcedureInstructions) -> None:
        if not self.date_chosen():
            raise ValidationError({"procedure_date": "Choose the day of the procedure."})
        self.draft.check(form)
