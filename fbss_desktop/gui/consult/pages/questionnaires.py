"""The Questionnaires page: one tab per instrument, its title showing the score and a ⚠ on an alert."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget

from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.gui.consult.fields import Form
from fbss_desktop.gui.consult.pages.helpers import page
from fbss_desktop.gui.consult.questionnaire_field import QuestionnaireField
from fbss_desktop.gui.consult.regions import of as region_view


def questionnaires_page(
    form: Form, instruments: dict[str, Instrument], patient_sex: str
) -> tuple[QTabWidget, dict[str, QuestionnaireField]]:
    tabs = QTabWidget()
    tabs.setObjectName("questionnaireTabs")
    fields = {}
    for code, instrument in instruments.items():
        field = QuestionnaireField(instrument, patient_sex=patient_sex)
        form.add(field)
        area = page(field.widget)
        inner = area.widget()
        margins = inner.layout() if inner is not None else None
        if margins is not None:  # the questionnaire's own margins are enough
            margins.setContentsMargins(0, 0, 0, 0)
        tabs.addTab(area, instrument.name)
        fields[code] = field
        if instrument.region:  # the ODI for a lumbar consult, the NDI for a cervical one
            region_view(form).tab(instrument.region, tabs, area, [field])

        unit = "%" if instrument.method == "percent_of_answered" else ""

        def retitle(result: Any, index: int = tabs.count() - 1, name: str = instrument.name, unit: str = unit) -> None:
            total = result.total
            text = name if total is None else f"{name} {total:g}{unit}"
            tabs.setTabText(index, ("⚠ " if result.alerts else "") + text)

        field.scored.connect(retitle)
    return tabs, fields
