"""The Medications page: current medications (with the MME label the editor fills), recent medicine
history and allergies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.vocabulary import Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import (
    CheckField,
    ChoiceField,
    CodesField,
    Form,
    NumberField,
    TextField,
    dose_unit,
)
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.pages.helpers import (
    check_grid,
    form_grid,
    group,
    hint,
    number_text,
    page,
    quick,
    set_all,
    yes_no_grid,
)


def medications_page(form: Form, v: Vocabulary, drugs: MedicationList) -> tuple[QWidget, QLabel]:
    from PySide6.QtWidgets import QCompleter

    drug_names = [d.label for d in drugs.current]
    classes = v["medication_class"]

    def class_text(row: dict[str, Any]) -> str:
        """A listed drug's classes at once (the save fills them in; the table should not wait for it)."""
        codes = row.get("classes") or []
        if not codes and (listed := drugs.find(str(row.get("name", "")))) is not None:
            codes = list(listed.classes)
        return ", ".join(classes.label(c) for c in codes)

    def med_editor(row: Form) -> QWidget:
        name = row.add(TextField("name", placeholder="Type a drug name"))
        completer = QCompleter(drug_names)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        name.widget.setCompleter(completer)  # type: ignore[attr-defined]
        unit = ChoiceField("unit", [(u, u) for u in ("mg", "mcg", "g", "mL", "mcg/h", "units", "puffs", "drops")])
        unit.combo.setItemText(0, "unit")
        fields = form_grid(
            [
                ("Medicine", name.widget),
                ("Dose", row.add(NumberField("dose")).widget),
                ("Unit", row.add(unit).widget),
                ("Times a day", row.add(NumberField("per_day")).widget),
                ("As needed", row.add(CheckField("as_needed", "")).widget),
                ("Note", row.add(TextField("note")).widget),
            ],
            columns=metrics.RECORD_FORM_COLUMNS,
        )
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(fields)
        layout.addWidget(hint("Listed drugs get their class automatically; for others tick the class."))
        classes_field = row.add(CodesField("classes", classes, columns=metrics.MEDICATION_CLASS_COLUMNS))
        layout.addWidget(check_grid(classes_field.widget, metrics.MEDICATION_CLASS_COLUMNS))
        return holder

    medications = RecordListField(
        "history.medications",
        [
            ("Medicine", lambda r: str(r.get("name", ""))),
            ("Dose", lambda r: f"{number_text(r.get('dose'))} {dose_unit(r.get('dose'), r.get('unit'))}".strip()),
            ("How often", _how_often),
            ("Class", class_text),
            ("Note", lambda r: str(r.get("note", ""))),
        ],
        med_editor,
        noun="medicine",
        required="name",
    )
    form.add(medications)
    mme = QLabel()
    mme.setObjectName("history:mme")
    mme.setStyleSheet("font-weight: 600;")
    allergies = RecordListField(
        "history.allergies",
        [
            ("Substance", lambda r: v["allergen"].label(r.get("substance", ""))),
            ("Kind", lambda r: v["reaction_kind"].label(r.get("kind", "allergy"))),
            ("Reaction", lambda r: str(r.get("reaction", ""))),
        ],
        lambda row: form_grid(
            [
                ("Substance", row.add(ChoiceField("substance", v["allergen"])).widget),
                ("Kind", row.add(ChoiceField("kind", v["reaction_kind"])).widget),
                ("Reaction", row.add(TextField("reaction")).widget),
            ],
            columns=metrics.RECORD_FORM_COLUMNS,
        ),
        noun="allergy",
        required="substance",
    )
    form.add(allergies)
    none_known = form.add(CheckField("history.no_known_allergies", "No known allergies"))
    recent, recent_fields = yes_no_grid(form, "history.medicine_history", v["medicine_history"], columns=1)
    return page(
        group("Current medications", medications.widget, mme),
        group(
            "Recent medicine history (asked at every visit)",
            recent,
            quick("None of these", set_all(recent_fields, False), "history.medicine_history:all_no"),
        ),
        group("Allergies and intolerances", none_known.widget, allergies.widget),
    ), mme


def _how_often(row: dict[str, Any]) -> str:
    text = f"{number_text(row.get('per_day'))}× a day" if row.get("per_day") not in (None, "") else ""
    return f"{text}, as needed" if row.get("as_needed") and text else "as needed" if row.get("as_needed") else text
