"""The consult editor: one window per consult, sections moved through by keyboard, autosaved as you type.

Nothing typed is lost: the document is written to this workstation's autosave folder a few seconds after
each change and on every section change, a refused save keeps every value and marks each wrong field, and
closing with unsaved changes asks. Saving runs on the database worker in one transaction.

`ConsultEditor` coordinates; each room of it has its own module beside this one:

- `editor_layout.py`: the window's widgets, laid out and wired, and the keyboard shortcuts;
- `form_loading.py`: the document the editor holds, and a document loaded into it;
- `editor_state.py`: what may be edited, which buttons show, the status line and title;
- `running_totals.py`: the MME, sacroiliac cluster and Waddell lines, as core computes them;
- `decision_panel.py`: findings shown, acknowledged, and their suggested actions added to the plan;
- `saving.py`: save, sign and finalize, and a refused save's marks;
- `plan_printing.py`: the saved plan previewed and printed, and a finalized plan revised;
- `session.py` (no widgets): the consult's reading, dirty flag, autosave, save and revise on the worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.findings import Action, Finding
from fbss_desktop.core.vocabulary import ChoiceList
from fbss_desktop.gui import metrics, wheel_guard
from fbss_desktop.gui.consult import (
    decision_panel,
    editor_layout,
    editor_state,
    form_loading,
    plan_printing,
    row_checks,
    running_totals,
    saving,
    sections,
)
from fbss_desktop.gui.consult.error_marks import (
    ASSESSMENT,
    EXAM,
    HISTORY,
    MEDICATIONS,
    PLAN,
    QUESTIONNAIRES,
    SECTIONS,
    STUDIES,
    section_of,
)
from fbss_desktop.gui.consult.fields import CheckField, Form
from fbss_desktop.gui.consult.findings_panel import FindingsPanel
from fbss_desktop.gui.consult.plan_builder import PlanBuilder
from fbss_desktop.gui.consult.questionnaire_field import QuestionnaireField
from fbss_desktop.gui.consult.session import ConsultSession, EvaluateOp, PlanActions, ReadOp, SaveOp
from fbss_desktop.gui.screen import keep_inside, place
from fbss_desktop.services.clinic import Catalogues, ConsultDraft, Evaluation, RecoveryStore

# The sections and the session's types are named here too, where the launcher and the tests have found them.
__all__ = [
    "ASSESSMENT",
    "EXAM",
    "HISTORY",
    "MEDICATIONS",
    "PLAN",
    "QUESTIONNAIRES",
    "SECTIONS",
    "STUDIES",
    "ConsultEditor",
    "PlanActions",
    "SaveOp",
    "section_of",
]


class ConsultEditor(QWidget):
    changes_saved = Signal(object)  # core ChangeSet
    closed = Signal(object)  # this editor

    # The widgets, built by editor_layout: the status line, the carried-forward banner and its confirmation, ...
    status: QLabel
    confirm_field: CheckField
    carry_banner: QFrame
    elsewhere_banner: QLabel  # the consult was saved on another workstation since it was opened here
    carry_text: QLabel
    # ... the sections, their pages (the running totals' lines among them) and decision support beside them, ...
    nav: QListWidget
    pages: QStackedWidget
    mme_label: QLabel
    sij_label: QLabel
    waddell_label: QLabel
    allergy_label: QLabel
    questionnaire_tabs: QTabWidget
    questionnaires: dict[str, QuestionnaireField]
    plan_builder: PlanBuilder
    findings: FindingsPanel
    # ... and the problems line, the autosave status and the buttons.
    problems: QLabel
    autosave_label: QLabel
    save_button: QPushButton
    sign_button: QPushButton
    finalize_button: QPushButton
    print_button: QPushButton
    summary_button: QPushButton
    revise_button: QPushButton
    amend_button: QPushButton
    close_button: QPushButton

    def __init__(
        self,
        draft: ConsultDraft,
        *,
        runner: Any,
        save: SaveOp,
        read: ReadOp,
        evaluate: EvaluateOp,
        catalogues: Catalogues,
        recovery: RecoveryStore,
        clinicians: list[Clinician],
        mme_table: str | None = None,
        token: str | None = None,
        restored: bool = False,
        plan_actions: PlanActions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        wheel_guard.install()  # the wheel scrolls the page; it never changes a field not being edited
        self.setObjectName("consultEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # an editor holds thousands of widgets
        self.session = ConsultSession(
            draft,
            runner=runner,
            save=save,
            read=read,
            evaluate=evaluate,
            recovery=recovery,
            token=token,
            restored=restored,
            plan_actions=plan_actions,
            parent=self,
        )
        self.patient = draft.patient
        self.clinicians = [c for c in clinicians if c.active]
        self.signed_in_as: str | None = None  # who signs and finalizes, once the clinic has users (the launcher)
        self.amending = False  # a signed consult opened for an amendment (its save asks why)
        self.evaluation: Evaluation | None = None
        self.catalogues = catalogues
        self.mme_table = mme_table
        self.close_after_save = False
        self.retry_with = "Save draft"  # the button that failed, named in the message that says so
        self.form = Form(self)
        vocabulary = catalogues.vocabulary()
        surgery_choices = sections.surgery_choices(draft.surgeries, catalogues.surgeries())
        place(self, *metrics.CONSULT_WINDOW_SIZE)  # Save, Finalize and Print stay on a 1366×768 laptop
        self.sij_choices: ChoiceList = vocabulary["sij_test"]
        self.waddell_choices: ChoiceList = vocabulary["waddell"]
        self.allergen_choices: ChoiceList = vocabulary["allergen"]
        self.retired_sij: dict[str, bool] = {}  # answers under retired codes, kept as the consult recorded them
        editor_layout.build(
            self,
            clinicians=clinicians,
            holder=draft.document.get("clinician_id"),
            vocabulary=vocabulary,
            surgery_choices=surgery_choices,
            medications=catalogues.medications(),
            instruments=catalogues.instruments(),
            treatments=catalogues.treatments(),
        )
        self.nav.currentRowChanged.connect(self._section_changed)
        row_checks.install(self)  # a list's row is read as the save reads it, at Add or Update

        editor_layout.add_shortcuts(self)
        self.form.edited.connect(self._edited)
        self.plan_builder.edited.connect(self._edited)
        self.evaluate_timer = QTimer(self)
        self.evaluate_timer.setSingleShot(True)
        self.evaluate_timer.setInterval(metrics.EVALUATE_MS)
        self.evaluate_timer.timeout.connect(self.evaluate_now)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(metrics.AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.session.saved.connect(self._saved)
        self.session.save_failed.connect(self._save_failed)
        self.session.action_failed.connect(self._action_failed)
        self.session.print_recorded.connect(self.changes_saved)
        self.session.autosaved.connect(self._autosaved)
        self.session.autosave_failed.connect(self._autosave_failed)
        self._load(draft.document, carried_from=draft.carried_from_date)
        self.nav.setCurrentRow(HISTORY)
        self.session.dirty = restored
        editor_state.refresh_title(self)
        self.evaluate_now()

    # --- the session's state, read where it was before the session held it --------------------------------
    @property
    def draft(self) -> ConsultDraft:
        return self.session.draft

    @property
    def consult_id(self) -> int | None:
        return self.session.consult_id

    @property
    def row_version(self) -> int:
        return self.session.row_version

    @property
    def plan_id(self) -> int | None:
        return self.session.plan_id

    @property
    def plan_row_version(self) -> int:
        return self.session.plan_row_version

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    @dirty.setter
    def dirty(self, dirty: bool) -> None:
        self.session.dirty = dirty

    @property
    def plan_actions(self) -> PlanActions | None:
        return self.session.plan_actions

    @property
    def runner(self) -> Any:
        return self.session.runner

    @property
    def recovery(self) -> RecoveryStore:
        return self.session.recovery

    @property
    def token(self) -> str:
        return self.session.token

    # --- moving about ---------------------------------------------------------------------------------------
    def go_to(self, section: int) -> None:
        self.nav.setCurrentRow(section)
        page = self.pages.currentWidget()
        if page is None:
            return
        page.setFocus()
        if page.focusWidget() is None:
            page.focusNextChild()

    def _section_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.autosave()

    # --- document ---------------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        return form_loading.document(self)

    def _load(self, document: Mapping[str, Any], *, carried_from: dt.date | None = None) -> None:
        form_loading.load(self, document, carried_from=carried_from)

    def _edited(self) -> None:
        self.session.edited()
        if self.confirm_field.get():
            self.carry_banner.setStyleSheet("QFrame#carryForwardBanner { background: #e6f2e6; }")
        running_totals.show(self)
        editor_state.refresh_title(self)
        self.evaluate_timer.start()

    def show_saved_elsewhere(self, when: dt.datetime) -> None:
        """Another workstation saved this consult (or its plan) since this editor read it (utc `when`)."""
        local = when.replace(tzinfo=dt.UTC).astimezone() if when.tzinfo is None else when.astimezone()
        self.elsewhere_banner.setText(
            f"This consult was saved on another workstation at {local:%H:%M}, after you opened it. What you "
            "changed here is not saved, and saving it would be refused. Copy what you need, then close this "
            "window and open the consult again to see the other changes."
        )
        self.elsewhere_banner.show()

    # --- autosave ----------------------------------------------------------------------------------------
    def autosave(self) -> None:
        self.session.autosave(self.document)

    def _autosaved(self) -> None:
        # A copy on this computer against a crash, not a save: said so, beside a refused save's message. A copy
        # written just before a save finished says nothing once the consult is saved (it read "Not saved yet").
        if not self.dirty:
            return
        self.autosave_label.setText(f"Not saved yet; a copy kept on this computer at {dt.datetime.now():%H:%M}")

    def _autosave_failed(self) -> None:
        self.autosave_label.setText("The copy on this computer failed: save the consult to keep your changes.")

    # --- saving (saving.py) ----------------------------------------------------------------------------------
    def save(self, *, sign: bool = False, then_close: bool = False, finalize_by: str = "") -> None:
        saving.save(self, sign=sign, then_close=then_close, finalize_by=finalize_by)

    def finalize(self) -> None:
        """Finalize the plan: every block acknowledged with a reason, the clinician named, then saved."""
        saving.finalize(self)

    def _saved(self, changes: Any) -> None:
        saving.saved(self, changes)

    def _save_failed(self, exc: BaseException) -> None:
        saving.save_failed(self, exc)

    def _action_failed(self, title: str, exc: BaseException) -> None:
        saving.action_failed(self, title, exc)

    def show_errors(self, errors: dict[str, str]) -> None:
        saving.show_errors(self, errors)

    # --- decision support (decision_panel.py) ----------------------------------------------------------------
    def evaluate_now(self) -> None:
        """Run the rules on the document as it stands (pure computation, a few milliseconds)."""
        self.evaluate_timer.stop()
        if self.draft.basis is None:
            return
        self.evaluation = self.session.evaluate(self.document())
        decision_panel.show_evaluation(self, self.catalogues.treatments())

    def acknowledge(self, finding: Finding) -> None:
        """Ask who acknowledges and why; the acknowledgement is stored with the plan."""
        decision_panel.acknowledge(self, finding)

    def record_acknowledgement(
        self, finding: Finding, *, clinician: str, reason: str, clinician_id: Any = None
    ) -> None:
        decision_panel.record_acknowledgement(
            self, finding, clinician=clinician, reason=reason, clinician_id=clinician_id
        )

    def add_action(self, action: Action, finding: Finding) -> None:
        """One click from a finding: the suggested work-up or treatment joins the plan."""
        decision_panel.add_action(self, action, finding)

    def show_plan_item(self, key: str) -> None:
        decision_panel.show_plan_item(self, key)

    # --- printing and versions (plan_printing.py) ------------------------------------------------------------
    def print_plan(self, *, summary: bool = False) -> None:
        """Preview the patient's copy of the saved plan, or the clinician summary, then print or save it."""
        plan_printing.print_plan(self, summary=summary)

    def revise_plan(self) -> None:
        """A finalized plan is changed by revising it: a new draft version; the finalized one is kept."""
        plan_printing.revise_plan(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        keep_inside(self)  # a size this workstation saved on a bigger screen still shows the buttons
        super().showEvent(event)

    # --- closing -------------------------------------------------------------------------------------------
    def close_keeping_autosave(self) -> None:
        """Close without asking (the app locked and its user signed out): unsaved work stays in the autosave
        folder, offered again at the next start."""
        self._keep_autosave = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if getattr(self, "_keep_autosave", False):
            self.autosave_timer.stop()
            self.closed.emit(self)
            event.accept()
            return
        if self.dirty:
            answer = QMessageBox.question(
                self,
                "Unsaved consult",
                "This consult has changes that are not saved. Save them now?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                event.ignore()
                self.save(then_close=True)
                return
        self.autosave_timer.stop()
        self.session.discard_recovery()
        self.closed.emit(self)
        event.accept()
