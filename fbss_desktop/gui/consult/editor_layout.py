"""The consult editor's window, built: the patient banner and status, the consult's header fields and the
carried-forward banner, the sections beside decision support, the buttons along the foot, and the keyboard
shortcuts.

Each band is built onto the editor (`editor.status`, `editor.nav`, `editor.save_button`...) and wired to the
editor's methods. Nothing here reads a service: the editor hands in its catalogues.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult import editor_state, sections
from fbss_desktop.gui.consult.error_marks import SECTIONS
from fbss_desktop.gui.consult.fields import CheckField, ChoiceField, TextField
from fbss_desktop.gui.consult.findings_panel import FindingsPanel
from fbss_desktop.gui.consult.pages.helpers import form_grid
from fbss_desktop.gui.consult.plan_builder import PlanBuilder
from fbss_desktop.gui.consult.regions import REGION_PATH

NO_REGION = "— not stated (lumbar) —"  # a consult stored before regions: read as the lumbar consult it was

if TYPE_CHECKING:  # the catalogues' types load with the editor's catalogues
    from fbss_desktop.core.medications import MedicationList
    from fbss_desktop.core.questionnaires import Instrument
    from fbss_desktop.core.treatments import TreatmentCatalogue
    from fbss_desktop.core.vocabulary import Vocabulary
    from fbss_desktop.gui.consult.editor import ConsultEditor


def build(
    editor: ConsultEditor,
    *,
    clinicians: Sequence[Clinician],
    holder: Any,
    vocabulary: Vocabulary,
    surgery_choices: Any,
    medications: MedicationList,
    instruments: dict[str, Instrument],
    treatments: TreatmentCatalogue,
) -> None:
    """Every widget of the editor, laid out top to bottom. `holder` is the clinician id the consult has."""
    top, header = _header(editor, clinicians, holder, vocabulary)
    body = _sections(editor, vocabulary, surgery_choices, medications, instruments, treatments)
    footer = _footer(editor)
    layout = QVBoxLayout(editor)
    layout.addLayout(top)
    layout.addWidget(header)
    layout.addWidget(editor.carry_banner)
    layout.addWidget(editor.elsewhere_banner)
    layout.addLayout(body, 1)
    layout.addWidget(editor.problems)
    layout.addLayout(footer)


def _header(
    editor: ConsultEditor, clinicians: Sequence[Clinician], holder: Any, vocabulary: Vocabulary
) -> tuple[QHBoxLayout, QWidget]:
    """The patient banner and the status line; the consult's date, clinician and reason; the carried-forward
    banner with its confirmation."""
    patient = editor.patient
    banner = QLabel(
        f"<b style='font-size:14pt'>{_escape(patient.display_name)}</b>&nbsp;&nbsp; MRN {_escape(patient.mrn)}"
        f" · born {patient.date_of_birth.isoformat()} · {patient.sex.label}"
    )
    banner.setObjectName("consultPatient")
    editor.status = QLabel()
    editor.status.setObjectName("consultStatus")
    editor.allergy_label = QLabel()  # on every section: what the patient reacts to (running_totals keeps it)
    editor.allergy_label.setObjectName("consultAllergies")
    top = QHBoxLayout()
    top.addWidget(banner, 1)
    top.addWidget(editor.allergy_label)
    top.addWidget(editor.status)
    # A deactivated clinician leaves the list, except on the consults they already hold.
    choices = [(c.id, c.display_name) for c in clinicians if c.active]
    choices += [(c.id, f"{c.display_name} (inactive)") for c in clinicians if not c.active and c.id == holder]
    clinician_field = ChoiceField(
        "clinician_id", choices, empty="— choose —" if choices else "— none yet: Edit › Clinicians… —"
    )
    form = editor.form
    header = form_grid(  # four pairs on a line where the window is wide enough, two on a narrow screen
        [
            ("Consult &date", form.add(TextField("consult_date", placeholder="YYYY-MM-DD")).widget),
            ("C&linician", form.add(clinician_field).widget),
            ("&Reason for visit", form.add(TextField("reason")).widget),
            # the region decides the pages' pain scores, tests and questionnaire (gui/consult/regions.py)
            ("Re&gion", form.add(ChoiceField(REGION_PATH, vocabulary["consult_region"], empty=NO_REGION)).widget),
        ],
        columns=metrics.CONSULT_HEADER_COLUMNS,
    )
    form.fields["reason"].widget.setMinimumWidth(metrics.REASON_MIN_WIDTH)
    editor.confirm_field = CheckField("carry_forward_confirmed", "I have checked the carried-forward history")
    form.add(editor.confirm_field)
    editor.carry_banner = QFrame()
    editor.carry_banner.setObjectName("carryForwardBanner")
    editor.carry_banner.setStyleSheet("QFrame#carryForwardBanner { background: #fff4cc; border: 1px solid #e0c060; }")
    carry = QHBoxLayout(editor.carry_banner)
    editor.carry_text = QLabel()
    editor.carry_text.setWordWrap(True)
    carry.addWidget(editor.carry_text, 1)
    carry.addWidget(editor.confirm_field.widget)
    editor.elsewhere_banner = QLabel()
    editor.elsewhere_banner.setObjectName("savedElsewhere")
    editor.elsewhere_banner.setWordWrap(True)
    editor.elsewhere_banner.setStyleSheet(
        "QLabel#savedElsewhere { background: #fde2e1; border: 1px solid #c0504d; padding: 4px; color: #5a1a18; }"
    )
    editor.elsewhere_banner.hide()
    return top, header


def _sections(
    editor: ConsultEditor,
    vocabulary: Vocabulary,
    surgery_choices: Any,
    medications: MedicationList,
    instruments: dict[str, Instrument],
    treatments: TreatmentCatalogue,
) -> QHBoxLayout:
    """The list of sections, their pages (the plan builder last) and decision support beside them."""
    form = editor.form
    editor.nav = QListWidget()
    editor.nav.setObjectName("consultSections")
    editor.nav.setFixedWidth(metrics.SECTIONS_WIDTH)
    for i, title in enumerate(SECTIONS, start=1):
        editor.nav.addItem(f"{i}  {title}")
    editor.pages = QStackedWidget()
    editor.pages.addWidget(sections.history_page(form, vocabulary, surgery_choices))
    meds, editor.mme_label = sections.medications_page(form, vocabulary, medications)
    editor.pages.addWidget(meds)
    exam, editor.sij_label, editor.waddell_label = sections.exam_page(form, vocabulary)
    editor.pages.addWidget(exam)
    editor.pages.addWidget(sections.studies_page(form, vocabulary, surgery_choices))
    editor.questionnaire_tabs, editor.questionnaires = sections.questionnaires_page(
        form, instruments, editor.patient.sex.value
    )
    editor.pages.addWidget(editor.questionnaire_tabs)
    editor.pages.addWidget(sections.assessment_page(form, vocabulary))
    editor.plan_builder = PlanBuilder(treatments, medications)
    editor.pages.addWidget(editor.plan_builder)
    editor.findings = FindingsPanel()
    editor.findings.setMinimumWidth(metrics.FINDINGS_PANEL_MIN_WIDTH)
    editor.findings.acknowledge_requested.connect(editor.acknowledge)
    editor.findings.action_requested.connect(editor.add_action)
    editor.findings.item_requested.connect(editor.show_plan_item)
    split = QSplitter(Qt.Orientation.Horizontal)
    split.setObjectName("consultSplit")
    split.addWidget(editor.pages)
    split.addWidget(editor.findings)
    split.setStretchFactor(0, metrics.CONSULT_PAGES_STRETCH)
    split.setStretchFactor(1, metrics.FINDINGS_PANEL_STRETCH)
    split.setSizes(list(metrics.CONSULT_SPLIT_SIZES))
    body = QHBoxLayout()
    body.addWidget(editor.nav)
    body.addWidget(split, 1)
    return body


def _footer(editor: ConsultEditor) -> QHBoxLayout:
    """The problems line, the autosave status and the buttons."""
    editor.problems = QLabel()
    editor.problems.setObjectName("consultProblems")
    editor.problems.setWordWrap(True)
    editor.problems.setStyleSheet("color: #b03a2e; font-weight: 600;")
    editor.autosave_label = QLabel()
    editor.autosave_label.setObjectName("autosaveStatus")
    editor.autosave_label.setStyleSheet("color: #666;")
    editor.save_button = QPushButton("&Save draft")
    editor.save_button.setObjectName("saveConsult")
    editor.sign_button = QPushButton("Sig&n consult")
    editor.sign_button.setObjectName("signConsult")
    editor.finalize_button = QPushButton("Finali&ze plan")
    editor.finalize_button.setObjectName("finalizePlan")
    editor.finalize_button.clicked.connect(editor.finalize)
    editor.print_button = QPushButton("&Print plan…")
    editor.print_button.setObjectName("printPlan")
    editor.print_button.clicked.connect(lambda _checked=False: editor.print_plan())
    editor.summary_button = QPushButton("Clinician s&ummary…")
    editor.summary_button.setObjectName("printSummary")
    editor.summary_button.clicked.connect(lambda: editor.print_plan(summary=True))
    editor.revise_button = QPushButton("Re&vise plan")
    editor.revise_button.setObjectName("revisePlan")
    editor.revise_button.clicked.connect(editor.revise_plan)
    editor.amend_button = QPushButton("&Amend")
    editor.amend_button.setObjectName("amendConsult")
    editor.close_button = QPushButton("Close")
    editor.save_button.clicked.connect(lambda: editor.save())
    editor.sign_button.clicked.connect(lambda: editor.save(sign=True))
    editor.amend_button.clicked.connect(lambda _checked=False: _amend(editor))
    editor.close_button.clicked.connect(editor.close)
    footer = QHBoxLayout()
    footer.addWidget(editor.autosave_label)
    footer.addStretch(1)
    buttons = (
        editor.amend_button,
        editor.save_button,
        editor.sign_button,
        editor.finalize_button,
        editor.revise_button,
        editor.summary_button,
        editor.print_button,
        editor.close_button,
    )
    for button in buttons:
        button.setAutoDefault(False)
        footer.addWidget(button)
    return footer


def add_shortcuts(editor: ConsultEditor) -> None:
    """Ctrl+S saves, Ctrl+PgDown / Ctrl+PgUp and Alt+1… move between sections, Ctrl+W closes."""

    def shortcut(keys: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], Any]) -> None:
        item = QShortcut(QKeySequence(keys), editor)
        item.activated.connect(slot)

    shortcut(QKeySequence.StandardKey.Save, lambda: editor.save())
    shortcut("Ctrl+PgDown", lambda: editor.go_to((editor.nav.currentRow() + 1) % len(SECTIONS)))
    shortcut("Ctrl+PgUp", lambda: editor.go_to((editor.nav.currentRow() - 1) % len(SECTIONS)))
    for i in range(len(SECTIONS)):
        shortcut(f"Alt+{i + 1}", partial(editor.go_to, i))
    shortcut("Ctrl+W", editor.close)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _amend(editor: ConsultEditor) -> None:
    """Amend a signed consult: its pages open; the save asks why, and keeps the signed version."""
    editor.amending = True
    editor_state.set_editable(editor, True)
