"""The Imaging and tests page: studies with their levels, findings, lab values and report."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fbss_desktop.core.vocabulary import Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import ChoiceField, Form, TextField
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.pages.helpers import check_grid, form_grid, group, hint, number_text, page
from fbss_desktop.gui.consult.pages.reflow import reflowing
from fbss_desktop.gui.consult.study_fields import FindingsField, LabsField, LevelsField


def studies_page(form: Form, v: Vocabulary, surgeries: list[tuple[int, str]]) -> QWidget:
    surgery_labels = dict(surgeries)

    def editor(row: Form) -> QWidget:
        levels = LevelsField("levels")
        row.add(levels)
        findings = FindingsField("findings", v["finding"], levels)
        top = form_grid(
            [
                ("Study", row.add(ChoiceField("kind", v["study_type"])).widget),
                ("Date", row.add(TextField("performed", placeholder="YYYY-MM-DD")).widget),
                ("After surgery", row.add(ChoiceField("follows_surgery_id", surgeries, empty="—")).widget),
                ("Levels", levels.widget),
            ],
            columns=metrics.FORM_COLUMNS,
        )
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        check_grid(findings.checks.widget, metrics.CHOICE_COLUMNS)
        layout.addWidget(row.add(findings).widget)
        layout.addWidget(QLabel("Lab values (leave empty if not done)"))
        labs = row.add(LabsField("labs", v["lab_test"]))
        layout.addWidget(reflowing(labs.widget, metrics.LAB_COLUMNS, span=metrics.LAB_CELLS))
        layout.addWidget(row.add(TextField("report", multiline=True, placeholder="Report text")).widget)
        return holder

    columns = [
        ("Study", lambda r: v["study_type"].label(r.get("kind", ""))),
        ("Date", lambda r: str(r.get("performed", ""))),
        ("Levels", lambda r: ", ".join(r.get("levels") or [])),
        ("Findings", lambda r: _findings(r, v)),
        ("After", lambda r: surgery_labels.get(r.get("follows_surgery_id") or 0, "")),
    ]
    studies = RecordListField(
        "studies",
        columns,
        editor,
        noun="study",
        required="kind",
        stretch=[title for title, _text in columns].index("Findings"),  # the findings take the room left
    )
    form.add(studies)
    return page(
        group(
            "Imaging and tests",
            hint(
                "After spine surgery, contrast MRI tells recurrent disc (no central enhancement) from scar "
                "(enhances); fine-cut CT shows whether a fusion has healed. MRI in the first month is hard to read."
            ),
            studies.widget,
        )
    )


def _findings(row: dict[str, Any], v: Vocabulary) -> str:
    parts = [
        f"{f.get('level') or ''} {v['finding'].label(f.get('finding', '')).lower()}".strip()
        for f in row.get("findings") or []
    ]
    labs = [
        f"{v['lab_test'].label(lab.get('test', ''))} {number_text(lab.get('value'))}" for lab in row.get("labs") or []
    ]
    return "; ".join(parts + labs)
