"""The procedure record: what was done, with what and how it went. The fields shown are the kind's
(resources/clinical/procedures.json); the core reads the form and refuses a wrong field with a message under
it. Contrast cannot be recorded until the contrast allergy check is ticked; the patient's recorded allergies
are shown beside it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.procedure_reader import read_procedure
from fbss_desktop.core.procedures import Procedure, ProcedureCatalogue
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.gui import metrics
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog
from fbss_desktop.gui.procedures.injectates import InjectatesEditor
from fbss_desktop.gui.screen import place

_ROW_PATH = re.compile(r"^(injectates)\[(\d+)\]\.")
# fields -> the rows they show (a row's name is the document key its errors come back under)
ROWS_OF_FIELD = {
    "region": ("region",),
    "levels": ("levels",),
    "side": ("side",),
    "approach": ("approach",),
    "needle": ("needle",),
    "contrast": ("contrast", "contrast_ml", "allergy_checked"),
    "injectates": ("injectates",),
    "fluoroscopy": ("fluoroscopy_seconds", "fluoroscopy_mgy"),
    "sedation": ("sedation",),
    "muscles": ("muscles",),
    "lesion": ("lesion_celsius", "lesion_seconds"),
    "device": ("device",),
}


def _number(value: float | int | None) -> str:
    return "" if value is None else f"{value:g}"


class ProcedureDialog(ValidatedDialog):
    failure_title = "Procedure not saved"

    def __init__(
        self,
        save: SaveFunction,
        *,
        procedure: Procedure,
        catalogue: ProcedureCatalogue,
        treatments: TreatmentCatalogue,
        today: dt.date,
        allergies: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            save, lambda form: read_procedure(form, catalogue, patient_id=procedure.patient_id, today=today), parent
        )
        self.procedure = procedure
        self._catalogue = catalogue
        spec = catalogue.kinds[procedure.kind]
        name = treatments[procedure.kind].label
        self.setWindowTitle(f"{'Procedure record' if procedure.id else 'Record a procedure'}: {name}")
        self.setMinimumWidth(metrics.PROCEDURE_DIALOG_MIN_WIDTH)
        self.widgets: dict[str, QWidget] = {}

        def line(key: str, value: str, hint: str = "") -> QLineEdit:
            edit = QLineEdit(value)
            edit.setPlaceholderText(hint)
            edit.textEdited.connect(lambda _t, k=key: self.errors.clear(k))
            self.widgets[key] = edit
            return edit

        def combo(key: str, choices: list[tuple[str, str]], current: str) -> QComboBox:
            box = QComboBox()
            box.addItem("Choose…", "")
            for code, label in choices:
                box.addItem(label, code)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.currentIndexChanged.connect(lambda _i, k=key: self.errors.clear(k))
            self.widgets[key] = box
            return box

        self.performed_on = QDateEdit()
        self.performed_on.setCalendarPopup(True)
        self.performed_on.setDisplayFormat("yyyy-MM-dd")
        day = procedure.performed_on
        self.performed_on.setDate(QDate(day.year, day.month, day.day))
        self.performed_on.dateChanged.connect(lambda _d: self.errors.clear("performed_on"))
        self.widgets["performed_on"] = self.performed_on
        line("operator", procedure.operator)
        region = treatments.choices["region"]
        combo("region", [(c, region.label(c)) for c in region.codes], procedure.region)
        line("levels", ", ".join(procedure.levels), "e.g. L4-L5, L5-S1")
        side = treatments.choices["side"]
        combo("side", [(c, side.label(c)) for c in side.codes], procedure.side)
        combo("approach", [(c, catalogue.label("approach", c)) for c in spec.approaches], procedure.approach)
        line("needle", procedure.needle, "gauge, type and length, e.g. 22 G Quincke 3.5 in")
        combo("contrast", [(c.code, c.label) for c in catalogue.choices["contrast"]], procedure.contrast)
        line("contrast_ml", _number(procedure.contrast_ml), "mL")
        self.allergy_checked = QCheckBox("Contrast allergy checked with the patient before the procedure")
        self.allergy_checked.setChecked(procedure.allergy_checked)
        self.allergy_checked.toggled.connect(lambda _c: self.errors.clear("allergy_checked"))
        self.widgets["allergy_checked"] = self.allergy_checked
        self.injectates = InjectatesEditor(catalogue)
        self.injectates.set_injectates(procedure.injectates)
        self.widgets["injectates"] = self.injectates
        line("fluoroscopy_seconds", _number(procedure.fluoroscopy_seconds), "seconds")
        line("fluoroscopy_mgy", _number(procedure.fluoroscopy_mgy), "mGy (air kerma)")
        combo("sedation", [(c.code, c.label) for c in catalogue.choices["sedation"]], procedure.sedation)
        line("muscles", procedure.muscles, "which muscles, how many points")
        line("lesion_celsius", _number(procedure.lesion_celsius), "°C")
        line("lesion_seconds", _number(procedure.lesion_seconds), "seconds per lesion")
        line("device", procedure.device, "system, leads and contacts, generator site")
        self.complications = QListWidget()
        self.complications.setObjectName("complications")
        for choice in catalogue.choices["complication"]:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.code in procedure.complications
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.complications.addItem(item)
        self.complications.setMaximumHeight(metrics.COMPLICATIONS_MAX_HEIGHT)
        self.widgets["complications"] = self.complications
        line("nrs_before", _number(procedure.nrs_before), "0-10")
        line("nrs_after", _number(procedure.nrs_after), "0-10")
        self.note = QPlainTextEdit(procedure.note)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("Anything else: findings, the patient's tolerance, instructions given")
        self.note.setFixedHeight(metrics.NOTE_HEIGHT)
        self.widgets["note"] = self.note

        labels = {
            "performed_on": "&Date",
            "operator": "&Operator",
            "region": "&Region",
            "levels": "&Levels",
            "side": "&Side",
            "approach": "&Approach",
            "needle": "&Needle",
            "contrast": "&Contrast",
            "contrast_ml": "Contrast volume",
            "allergy_checked": "",
            "injectates": "&Injected",
            "fluoroscopy_seconds": "Fluoroscopy time",
            "fluoroscopy_mgy": "Fluoroscopy dose",
            "sedation": "Sedatio&n",
            "muscles": "&Muscles",
            "lesion_celsius": "Lesion temperature",
            "lesion_seconds": "Lesion time",
            "device": "Sti&mulator",
            "complications": "Complications",
            "nrs_before": "Pain &before (0-10)",
            "nrs_after": "Pain a&fter (0-10)",
            "note": "No&te",
        }
        shown = {"performed_on", "operator", "complications", "nrs_before", "nrs_after", "note"}
        for field in spec.fields:
            shown.update(ROWS_OF_FIELD.get(field, ()))
        form = QFormLayout()
        for key, label in labels.items():
            if key not in shown:
                continue
            widget = self.widgets[key]
            widget.setObjectName(key)
            holder = QVBoxLayout()
            holder.setSpacing(metrics.TIGHT_SPACING)
            holder.addWidget(widget)
            if key == "allergy_checked":
                known = QLabel(
                    "Recorded allergies: " + "; ".join(allergies)
                    if allergies
                    else "No allergies recorded for this patient."
                )
                known.setObjectName("recordedAllergies")
                known.setWordWrap(True)
                holder.addWidget(known)
            holder.addWidget(self.errors.add(key, widget))
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                form.addRow(caption, holder)
            else:
                form.addRow("", holder)
        body = QWidget()
        body.setLayout(form)
        # a long form (an RFA's) scrolls on a laptop; the buttons stay in view
        self.form_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        if procedure.signed:
            signed = QLabel(f"Signed by {procedure.signed_by}: this record can no longer be changed.")
            signed.setObjectName("signedNotice")
            outer.addWidget(signed)
            body.setEnabled(False)
            self.buttons.button(self.buttons.StandardButton.Save).setEnabled(False)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.buttons)
        place(self, *metrics.PROCEDURE_DIALOG_SIZE)  # most of a laptop's height; the form scrolls on less

    def current_input(self) -> dict[str, Any]:
        def text(key: str) -> str:
            widget = self.widgets[key]
            return widget.text() if isinstance(widget, QLineEdit) else ""

        def choice(key: str) -> str:
            widget = self.widgets[key]
            return str(widget.currentData() or "") if isinstance(widget, QComboBox) else ""

        day = self.performed_on.date()
        complications = [
            str(self.complications.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.complications.count())
            if self.complications.item(n).checkState() == Qt.CheckState.Checked
        ]
        form: dict[str, Any] = {
            "kind": self.procedure.kind,
            "performed_on": f"{day.year():04d}-{day.month():02d}-{day.day():02d}",
            "operator": text("operator"),
            "region": choice("region"),
            "levels": text("levels"),
            "side": choice("side"),
            "approach": choice("approach"),
            "needle": text("needle"),
            "contrast": choice("contrast"),
            "contrast_ml": text("contrast_ml") or None,
            "allergy_checked": self.allergy_checked.isChecked(),
            "injectates": self.injectates.value(),
            "fluoroscopy_seconds": text("fluoroscopy_seconds") or None,
            "fluoroscopy_mgy": text("fluoroscopy_mgy") or None,
            "sedation": choice("sedation"),
            "muscles": text("muscles"),
            "lesion_celsius": text("lesion_celsius") or None,
            "lesion_seconds": text("lesion_seconds") or None,
            "device": text("device"),
            "complications": complications,
            "nrs_before": text("nrs_before") or None,
            "nrs_after": text("nrs_after") or None,
            "note": self.note.toPlainText(),
            "plan_id": self.procedure.plan_id,
            "plan_item": self.procedure.plan_item,
        }
        return form

    def show_errors(self, errors: dict[str, str]) -> None:
        """A drug row's problem is shown under the drug table, naming the row."""
        folded: dict[str, str] = {}
        for key, message in errors.items():
            match = _ROW_PATH.match(key)
            if match:
                row = f"row {int(match[2]) + 1}: {message}"
                folded[match[1]] = f"{folded[match[1]]}; {row}" if match[1] in folded else row
            else:
                folded[key] = message
        super().show_errors(folded)
        first = self.errors.first_invalid(folded)
        if first is not None:  # the form scrolls: bring the first wrong field (and its message) into view
            self.form_scroll.ensureWidgetVisible(first)
