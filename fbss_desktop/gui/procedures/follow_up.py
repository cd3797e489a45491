"""At follow-up: the relief a procedure gave (how much, for how long, still lasting?), and a stimulator trial's
diary entered back from the sheet the patient filled in, judged as it is typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.procedure_reader import procedure_document, read_procedure
from fbss_desktop.core.procedures import Procedure, ProcedureCatalogue
from fbss_desktop.core.scs_trial import judge, trial_days
from fbss_desktop.gui import metrics
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog

COL_DAY, COL_NRS, COL_RELIEF, COL_ACTIVITY, COL_MEDICINES = range(5)


def _check(procedure: Procedure, catalogue: ProcedureCatalogue, change: dict[str, Any]) -> Procedure:
    """The record as it would be with `change`, read by the core (raises ValidationError by field)."""
    document = {**procedure_document(procedure), **change}
    return read_procedure(document, catalogue, patient_id=procedure.patient_id)


class ResponseDialog(ValidatedDialog):
    failure_title = "Relief not recorded"

    def __init__(
        self,
        save: SaveFunction,
        *,
        procedure: Procedure,
        name: str,
        today: dt.date,
        catalogue: ProcedureCatalogue,
        parent: QWidget | None = None,
    ) -> None:
        def validate(form: dict[str, Any]) -> Procedure:
            entry = {"recorded_on": today.isoformat(), **form}
            try:
                return _check(procedure, catalogue, {"responses": [entry]})
            except ValidationError as exc:  # the form's own keys, not the document's path
                raise ValidationError({k.split(".", 1)[-1]: v for k, v in exc.errors.items()}) from None

        super().__init__(save, validate, parent)
        self.setWindowTitle("Relief after the procedure")
        self.relief = QLineEdit()
        self.relief.setObjectName("relief_percent")
        self.relief.setPlaceholderText("0-100")
        self.weeks = QLineEdit()
        self.weeks.setObjectName("lasted_weeks")
        self.weeks.setPlaceholderText("weeks")
        self.ongoing = QCheckBox("Still lasting today (the weeks are so far)")
        self.ongoing.setObjectName("ongoing")
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("e.g. walks further, sleeps through the night")
        intro = QLabel(f"{name} of {procedure.performed_on.isoformat()}: as the patient reports it today.")
        earlier = procedure.latest_response
        if earlier is not None and earlier.recorded_on == today:  # a second answer today corrects the first
            intro.setText(intro.text() + " It replaces what was recorded earlier today.")
            self.relief.setText(str(earlier.relief_percent))
            self.weeks.setText("" if earlier.lasted_weeks is None else str(earlier.lasted_weeks))
            self.ongoing.setChecked(earlier.ongoing)
            self.note.setText(earlier.note)
        intro.setWordWrap(True)
        form = QFormLayout()
        for key, label, widget in (
            ("relief_percent", "&Relief (%)", self.relief),
            ("lasted_weeks", "&Lasted (weeks)", self.weeks),
            ("ongoing", "", self.ongoing),
            ("note", "&Note", self.note),
        ):
            holder = QVBoxLayout()
            holder.addWidget(widget)
            holder.addWidget(self.errors.add(key, widget))
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, holder)
        self.relief.textEdited.connect(lambda _t: self.errors.clear("relief_percent"))
        self.weeks.textEdited.connect(lambda _t: self.errors.clear("lasted_weeks"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def current_input(self) -> dict[str, Any]:
        return {
            "relief_percent": self.relief.text().strip() or None,
            "lasted_weeks": self.weeks.text().strip() or None,
            "ongoing": self.ongoing.isChecked(),
            "note": self.note.text(),
        }


class DiaryDialog(ValidatedDialog):
    """The diary's days as rows; the result under them follows what is typed (the core judges it)."""

    failure_title = "Diary not saved"

    def __init__(
        self,
        save: SaveFunction,
        *,
        procedure: Procedure,
        catalogue: ProcedureCatalogue,
        days: int,
        threshold: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, lambda form: _check(procedure, catalogue, form), parent)
        self.procedure = procedure
        self._catalogue = catalogue
        self._threshold = threshold
        self.setWindowTitle("Stimulator trial diary")
        self.resize(*metrics.DIARY_DIALOG_SIZE)
        self.days = trial_days(procedure, max(days, len(procedure.diary)))
        self.table = QTableWidget(len(self.days), 5)
        self.table.setObjectName("diary")
        self.table.setHorizontalHeaderLabels(["Day", "Pain 0-10", "Relief %", "Activity", "Pain medicines taken"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_MEDICINES, QHeaderView.ResizeMode.Stretch)
        for row, day in enumerate(self.days):
            label = QLabel(f"Day {row + 1}: {day.day.isoformat()}")
            self.table.setCellWidget(row, COL_DAY, label)
            for column, value in ((COL_NRS, day.nrs), (COL_RELIEF, day.relief_percent)):
                edit = QLineEdit("" if value is None else str(value))
                edit.textEdited.connect(lambda _t: self._update_result())
                self.table.setCellWidget(row, column, edit)
            activity = QComboBox()
            activity.addItem("", "")
            for choice in catalogue.choices["activity"]:
                activity.addItem(choice.label, choice.code)
            activity.setCurrentIndex(max(0, activity.findData(day.activity)))
            self.table.setCellWidget(row, COL_ACTIVITY, activity)
            self.table.setCellWidget(row, COL_MEDICINES, QLineEdit(day.medicines))
        self.table.resizeColumnToContents(COL_DAY)
        self.reduction = QLineEdit(
            "" if procedure.medication_reduction_percent is None else str(procedure.medication_reduction_percent)
        )
        self.reduction.setObjectName("medication_reduction_percent")
        self.reduction.setPlaceholderText("0-100")
        self.reduction.textEdited.connect(lambda _t: self._update_result())
        self.verdict = QLabel()
        self.verdict.setObjectName("trialResult")
        self.verdict.setWordWrap(True)
        form = QFormLayout()
        holder = QVBoxLayout()
        holder.addWidget(self.reduction)
        holder.addWidget(self.errors.add("medication_reduction_percent", self.reduction))
        form.addRow("Pain medicines cut by (%) at the end of the trial", holder)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Copy each day from the sheet the patient brought back; leave a day empty if missing."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.errors.add("diary", self.table))
        layout.addLayout(form)
        layout.addWidget(self.verdict)
        layout.addWidget(self.buttons)
        self._update_result()

    def current_input(self) -> dict[str, Any]:
        rows = []
        self._kept: list[int] = []  # the diary's entries by table row: an empty day is left out
        for row, day in enumerate(self.days):
            nrs = self.table.cellWidget(row, COL_NRS).text().strip()  # type: ignore[attr-defined]
            relief = self.table.cellWidget(row, COL_RELIEF).text().strip()  # type: ignore[attr-defined]
            activity = self.table.cellWidget(row, COL_ACTIVITY).currentData() or ""  # type: ignore[attr-defined]
            medicines = self.table.cellWidget(row, COL_MEDICINES).text().strip()  # type: ignore[attr-defined]
            if nrs or relief or activity or medicines:
                self._kept.append(row)
                rows.append(
                    {
                        "day": day.day.isoformat(),
                        "nrs": nrs or None,
                        "relief_percent": relief or None,
                        "activity": activity,
                        "medicines": medicines,
                    }
                )
        return {"diary": rows, "medication_reduction_percent": self.reduction.text().strip() or None}

    def _update_result(self) -> None:
        try:
            judged = judge(_check(self.procedure, self._catalogue, self.current_input()), self._threshold)
        except ValidationError as exc:
            self.verdict.setText(
                "Check the diary: " + "; ".join(f"{self._where(k)} {v}" for k, v in exc.errors.items())
            )
            return
        self.verdict.setText(f"Trial {judged.summary}.")

    def _where(self, key: str) -> str:
        if key.startswith("diary["):
            index = int(key[len("diary[") : key.index("]")])
            return f"day {self._kept[index] + 1}:" if index < len(self._kept) else "diary:"
        return "pain medicines cut:" if key == "medication_reduction_percent" else f"{key}:"

    def show_errors(self, errors: dict[str, str]) -> None:
        rows = {k: v for k, v in errors.items() if k.startswith("diary")}
        others = {k: v for k, v in errors.items() if not k.startswith("diary")}
        if rows:
            others["diary"] = "; ".join(f"{self._where(k)} {v}" for k, v in rows.items())
        super().show_errors(others)
