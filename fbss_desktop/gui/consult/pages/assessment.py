"""The Assessment page: likely pain generators, pain type, ICD-10-CM codes and the assessment note."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fbss_desktop.core.vocabulary import Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import ChoiceField, CodesField, Form, TextField, grid_of
from fbss_desktop.gui.consult.pages.helpers import check_grid, group, hint, page
from fbss_desktop.gui.consult.regions import RegionCodesField


def assessment_page(form: Form, v: Vocabulary) -> QWidget:
    p = "assessment."
    generators = CodesField(p + "generators", v["pain_generator"], columns=metrics.LONG_CHOICE_COLUMNS)
    for code, box in generators.boxes.items():
        choice = v["pain_generator"].get(code)
        if choice is not None:
            box.setToolTip(f"Cause group: {choice.extra.get('group', '')}")
    icd = v["icd10"]
    regions = tuple(dict.fromkeys(str(c.extra["region"]) for c in icd.items if c.extra.get("region")))
    codes = RegionCodesField(form, p + "icd10", icd, regions, columns=metrics.LONG_CHOICE_COLUMNS)
    for code, box in codes.boxes.items():
        choice = icd.get(code)
        if choice is not None:
            box.setText(f"{code}  {choice.label}" + ("  (unconfirmed)" if choice.extra.get("unconfirmed") else ""))
    pain_type = grid_of([("Pain type", form.add(ChoiceField(p + "pain_type", v["pain_type"])).widget)])
    return page(
        group("Likely pain generators", check_grid(form.add(generators).widget, metrics.LONG_CHOICE_COLUMNS)),
        group("Pain type", pain_type),
        group(
            "ICD-10-CM codes",
            hint("M96.1 needs the chart to link the pain to the earlier operation (the index surgery)."),
            form.add(codes).widget,
        ),
        group("Assessment note", form.add(TextField(p + "note", multiline=True)).widget),
    )
