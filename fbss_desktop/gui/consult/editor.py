"""The consult editor: one window per consult, sections moved through by keyboard, autosaved as you type.

Nothing typed is lost: the document is written to this workstation's autosave folder a few seconds after
each change and on every section change, a refused save keeps every value and marks each wrong field, and
closing with unsaved changes asks. Saving runs on the database worker in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.errors import DomainError, StorageError, ValidationError
from fbss_desktop.core.findings import Action, Finding
from fbss_desktop.core.questionnaires import derived_answers
from fbss_desktop.gui import failures
from fbss_desktop.gui.consult import sections
from fbss_desktop.gui.consult.error_marks import (
    ASSESSMENT,
    EXAM,
    HISTORY,
    MEDICATIONS,
    PLAN,
    QUESTIONNAIRES,
    SECTIONS,
    STUDIES,
    clear_marks,
    mark_errors,
    section_of,
)
from fbss_desktop.gui.consult.fields import CheckField, ChoiceField, Form, TextField, grid_of
from fbss_desktop.gui.consult.findings_panel import FindingsPanel
from fbss_desktop.gui.consult.plan_builder import PlanBuilder
from fbss_desktop.gui.consult.session import ConsultSession, PlanActions, ReadOp, SaveOp
from fbss_desktop.gui.dialogs.acknowledge_dialog import AcknowledgeDialog
from fbss_desktop.gui.screen import fitting
from fbss_desktop.gui.widgets.field_errors import INVALID_STYLE
from fbss_desktop.services import catalogues, planning
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.recovery import RecoveryStore

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

AUTOSAVE_MS = 4000
EVALUATE_MS = 300


class ConsultEditor(QWidget):
    changes_saved = Signal(object)  # core ChangeSet
    closed = Signal(object)  # this editor

    def __init__(
        self,
        draft: ConsultDraft,
        *,
        runner: Any,
        save: SaveOp,
        read: ReadOp,
        recovery: RecoveryStore,
        clinicians: list[Clinician],
        mme_table: str | None = None,
        token: str | None = None,
        restored: bool = False,
        plan_actions: PlanActions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("consultEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # an editor holds thousands of widgets
        self.session = ConsultSession(
            draft,
            runner=runner,
            save=save,
            read=read,
            recovery=recovery,
            token=token,
            restored=restored,
            plan_actions=plan_actions,
            parent=self,
        )
        self.patient = draft.patient
        self.clinicians = [c for c in clinicians if c.active]
        self.evaluation: planning.Evaluation | None = None
        self.mme_table = mme_table
        self._close_after_save = False
        self._retry_with = "Save draft"  # the button that failed, named in the message that says so
        self.form = Form(self)
        vocabulary = catalogues.vocabulary()
        surgery_choices = sections.surgery_choices(draft.surgeries, catalogues.surgery_catalogue())
        self.resize(fitting(1440, 900))  # Save, Finalize and Print stay on a 1366×768 laptop

        # --- header -------------------------------------------------------------------------------------
        patient = self.patient
        banner = QLabel(
            f"<b style='font-size:14pt'>{_escape(patient.display_name)}</b>&nbsp;&nbsp; MRN {_escape(patient.mrn)}"
            f" · born {patient.date_of_birth.isoformat()} · {patient.sex.label}"
        )
        banner.setObjectName("consultPatient")
        self.status = QLabel()
        self.status.setObjectName("consultStatus")
        top = QHBoxLayout()
        top.addWidget(banner, 1)
        top.addWidget(self.status)
        # A deactivated clinician leaves the list, except on the consults they already hold.
        holder = draft.document.get("clinician_id")
        choices = [(c.id, c.display_name) for c in clinicians if c.active]
        choices += [(c.id, f"{c.display_name} (inactive)") for c in clinicians if not c.active and c.id == holder]
        clinician_field = ChoiceField(
            "clinician_id", choices, empty="— choose —" if choices else "— none yet: Edit › Clinicians… —"
        )
        header = grid_of(
            [
                ("Consult &date", self.form.add(TextField("consult_date", placeholder="YYYY-MM-DD")).widget),
                ("C&linician", self.form.add(clinician_field).widget),
                ("&Reason for visit", self.form.add(TextField("reason")).widget),
            ],
            columns=3,
        )
        self.form.fields["reason"].widget.setMinimumWidth(280)
        self.confirm_field = CheckField("carry_forward_confirmed", "I have checked the carried-forward history")
        self.form.add(self.confirm_field)
        self.carry_banner = QFrame()
        self.carry_banner.setObjectName("carryForwardBanner")
        self.carry_banner.setStyleSheet("QFrame#carryForwardBanner { background: #fff4cc; border: 1px solid #e0c060; }")
        carry = QHBoxLayout(self.carry_banner)
        self.carry_text = QLabel()
        self.carry_text.setWordWrap(True)
        carry.addWidget(self.carry_text, 1)
        carry.addWidget(self.confirm_field.widget)

        # --- sections ----------------------------------------------------------------------------------
        self.nav = QListWidget()
        self.nav.setObjectName("consultSections")
        self.nav.setFixedWidth(210)
        for i, title in enumerate(SECTIONS, start=1):
            self.nav.addItem(f"{i}  {title}")
        self.pages = QStackedWidget()
        self.pages.addWidget(sections.history_page(self.form, vocabulary, surgery_choices))
        meds, self.mme_label = sections.medications_page(
            self.form, vocabulary, [d.label for d in catalogues.medication_list().current]
        )
        self.pages.addWidget(meds)
        exam, self.sij_label, self.waddell_label = sections.exam_page(self.form, vocabulary)
        self.sij_choices = vocabulary["sij_test"]
        self.waddell_choices = vocabulary["waddell"]
        self.retired_sij: dict[str, bool] = {}  # answers under retired codes, kept as the consult recorded them
        self.pages.addWidget(exam)
        self.pages.addWidget(sections.studies_page(self.form, vocabulary, surgery_choices))
        self.questionnaire_tabs, self.questionnaires = sections.questionnaires_page(
            self.form, catalogues.instruments(), patient.sex.value
        )
        self.pages.addWidget(self.questionnaire_tabs)
        self.pages.addWidget(sections.assessment_page(self.form, vocabulary))
        self.plan_builder = PlanBuilder(catalogues.treatment_catalogue(), catalogues.medication_list())
        self.pages.addWidget(self.plan_builder)
        self.nav.currentRowChanged.connect(self._section_changed)
        self.findings = FindingsPanel()
        self.findings.setMinimumWidth(340)
        self.findings.acknowledge_requested.connect(self.acknowledge)
        self.findings.action_requested.connect(self.add_action)
        self.findings.item_requested.connect(self.show_plan_item)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("consultSplit")
        split.addWidget(self.pages)
        split.addWidget(self.findings)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 380])
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(split, 1)

        # --- footer ------------------------------------------------------------------------------------
        self.problems = QLabel()
        self.problems.setObjectName("consultProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b03a2e; font-weight: 600;")
        self.autosave_label = QLabel()
        self.autosave_label.setObjectName("autosaveStatus")
        self.autosave_label.setStyleSheet("color: #666;")
        self.save_button = QPushButton("&Save draft")
        self.save_button.setObjectName("saveConsult")
        self.sign_button = QPushButton("Sig&n consult")
        self.sign_button.setObjectName("signConsult")
        self.finalize_button = QPushButton("Finali&ze plan")
        self.finalize_button.setObjectName("finalizePlan")
        self.finalize_button.clicked.connect(self.finalize)
        self.print_button = QPushButton("&Print plan…")
        self.print_button.setObjectName("printPlan")
        self.print_button.clicked.connect(lambda _checked=False: self.print_plan())
        self.summary_button = QPushButton("Clinician s&ummary…")
        self.summary_button.setObjectName("printSummary")
        self.summary_button.clicked.connect(lambda: self.print_plan(summary=True))
        self.revise_button = QPushButton("Re&vise plan")
        self.revise_button.setObjectName("revisePlan")
        self.revise_button.clicked.connect(self.revise_plan)
        self.amend_button = QPushButton("&Amend")
        self.amend_button.setObjectName("amendConsult")
        self.close_button = QPushButton("Close")
        self.save_button.clicked.connect(lambda: self.save())
        self.sign_button.clicked.connect(lambda: self.save(sign=True))
        self.amend_button.clicked.connect(lambda: self._set_editable(True))
        self.close_button.clicked.connect(self.close)
        footer = QHBoxLayout()
        footer.addWidget(self.autosave_label)
        footer.addStretch(1)
        buttons = (
            self.amend_button,
            self.save_button,
            self.sign_button,
            self.finalize_button,
            self.revise_button,
            self.summary_button,
            self.print_button,
            self.close_button,
        )
        for button in buttons:
            button.setAutoDefault(False)
            footer.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(header)
        layout.addWidget(self.carry_banner)
        layout.addLayout(body, 1)
        layout.addWidget(self.problems)
        layout.addLayout(footer)

        self._shortcuts()
        self.form.edited.connect(self._edited)
        self.plan_builder.edited.connect(self._edited)
        self.evaluate_timer = QTimer(self)
        self.evaluate_timer.setSingleShot(True)
        self.evaluate_timer.setInterval(EVALUATE_MS)
        self.evaluate_timer.timeout.connect(self.evaluate_now)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
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
        self._refresh_title()
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

    # --- building helpers ----------------------------------------------------------------------------------
    def _shortcuts(self) -> None:
        def shortcut(keys: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], Any]) -> None:
            item = QShortcut(QKeySequence(keys), self)
            item.activated.connect(slot)

        shortcut(QKeySequence.StandardKey.Save, lambda: self.save())
        shortcut("Ctrl+PgDown", lambda: self.go_to((self.nav.currentRow() + 1) % len(SECTIONS)))
        shortcut("Ctrl+PgUp", lambda: self.go_to((self.nav.currentRow() - 1) % len(SECTIONS)))
        for i in range(len(SECTIONS)):
            shortcut(f"Alt+{i + 1}", partial(self.go_to, i))
        shortcut("Ctrl+W", self.close)

    def go_to(self, section: int) -> None:
        self.nav.setCurrentRow(section)
        page = self.pages.currentWidget()
        if page is None:
            return
        page.setFocus()
        if page.focusWidget() is None:
            page.focusNextChild()

    # --- document ---------------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        document = self.form.document()
        document.setdefault("status", self.draft.document.get("status", "draft"))
        if self.draft.document.get("carried_forward_from") is not None:
            document["carried_forward_from"] = self.draft.document["carried_forward_from"]
        if document.get("clinician_id") is None:
            document.pop("clinician_id", None)
        document["plan"] = self.plan_builder.document()
        if self.retired_sij:
            exam = document.setdefault("exam", {})
            exam["sij_tests"] = {**self.retired_sij, **exam.get("sij_tests", {})}
        return document

    def _load(self, document: Mapping[str, Any], *, carried_from: dt.date | None = None) -> None:
        self.form.load(document)
        sij_tests = (document.get("exam") or {}).get("sij_tests") or {}
        self.retired_sij = {
            code: value
            for code, value in sij_tests.items()
            if isinstance(value, bool) and (choice := self.sij_choices.get(code)) is not None and choice.retired
        }
        self.plan_builder.load(document.get("plan") or {})
        for field in self.questionnaires.values():
            field.rescore()  # Form.load sets fields with their signals blocked; the tab titles need the scores
        ort = self.questionnaires.get("ort")
        if ort is not None and not document.get("questionnaires", {}).get("ort"):
            consult_day = _date_or_today(document.get("consult_date"))
            ort.blockSignals(True)
            for code, value in derived_answers(ort.instrument, age=self.patient.age(consult_day)).items():
                ort.derive(code, value)
            ort.blockSignals(False)
        carried = document.get("carried_forward_from") is not None
        confirmed = bool(document.get("carry_forward_confirmed"))
        when = f" of {carried_from.isoformat()}" if carried_from else ""
        self.carry_text.setText(
            f"History, medicines, allergies and comorbidities were carried forward from the consult{when}. "
            "Check them with the patient and tick the box; the consult cannot be signed before."
        )
        self.carry_banner.setVisible(carried and not confirmed)
        self._update_counts()
        self._set_editable(document.get("status") != "signed")

    def _set_editable(self, editable: bool) -> None:
        for page_index in range(self.pages.count()):
            page = self.pages.widget(page_index)
            if page_index != PLAN and page is not None:  # the plan has its own state: a signed consult can
                page.setEnabled(editable)  # still get its plan
        for path in ("consult_date", "clinician_id", "reason"):
            self.form.fields[path].widget.setEnabled(editable)
        signed = self.draft.document.get("status") == "signed"
        plan_open = not self.plan_builder.finalized
        self.plan_builder.set_editable(plan_open)
        self.findings.set_editable(plan_open)
        self.amend_button.setVisible(signed and not editable)
        self.save_button.setVisible(editable or plan_open)
        self.save_button.setText(
            "&Save amendment" if signed and editable else "&Save plan" if signed else "&Save draft"
        )
        self.sign_button.setVisible(editable and not signed)
        self.finalize_button.setVisible(plan_open)
        self.revise_button.setVisible(not plan_open and self.plan_actions is not None)
        self.print_button.setVisible(self.plan_actions is not None)
        self.summary_button.setVisible(self.plan_actions is not None)
        self._refresh_title()

    def _edited(self) -> None:
        self.session.edited()
        if self.confirm_field.get():
            self.carry_banner.setStyleSheet("QFrame#carryForwardBanner { background: #e6f2e6; }")
        self._update_counts()
        self._refresh_title()
        self.evaluate_timer.start()

    def _update_counts(self) -> None:
        """The running totals, as core computes them from the consult as it reads now (the same numbers the
        rules and the print use)."""
        if self.draft.basis is None:
            return
        record = self.session.read(self.document()).record
        exam = record.exam
        retired = [
            f"{self.sij_choices.label(code)}: {'yes' if value else 'no'}" for code, value in self.retired_sij.items()
        ]
        cluster = exam.sij_cluster.text() if exam.sij_cluster is not None else ""
        self.sij_label.setText("\n".join([cluster, *retired]))
        categories = len(self.waddell_choices.current)
        self.waddell_label.setText(f"{exam.waddell_positive} of {categories} categories positive")
        total = record.history.total_mme_per_day
        self.mme_label.setText(
            "Opioids: none with a known conversion factor."
            if total is None
            else f"Opioids: {total:g} morphine milligram equivalents a day (a risk-screening number, not a dose table)."
        )

    def _refresh_title(self) -> None:
        status = self.draft.document.get("status", "draft")
        state = "Signed" if status == "signed" else "Draft" if self.consult_id else "New consult"
        state += " · plan finalized" if self.plan_builder.finalized else ""
        self.status.setText(state + (" — unsaved changes" if self.dirty else ""))
        self.setWindowTitle(f"{'* ' if self.dirty else ''}Consult — {self.patient.display_name}")

    # --- autosave ----------------------------------------------------------------------------------------
    def _section_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.autosave()

    def autosave(self) -> None:
        self.session.autosave(self.document)

    def _autosaved(self) -> None:
        self.autosave_label.setText(f"Autosaved {dt.datetime.now():%H:%M:%S}")

    def _autosave_failed(self) -> None:
        self.autosave_label.setText("Autosave failed — save the consult to keep your changes.")

    # --- saving ------------------------------------------------------------------------------------------
    def save(self, *, sign: bool = False, then_close: bool = False, finalize_by: str = "") -> None:
        if self.session.saving or self.patient.id is None:
            return
        document = self.document()
        if sign:
            answer = QMessageBox.question(
                self, "Sign consult", "Sign this consult? It will open read-only afterwards (it can be amended)."
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            document["status"] = "signed"
        self._retry_with = "Finalize plan" if finalize_by else "Sign consult" if sign else "Save draft"
        self._close_after_save = then_close
        self._set_saving(True)
        self.session.save(document, finalize_by=finalize_by)

    def _set_saving(self, saving: bool) -> None:
        for button in (self.save_button, self.sign_button, self.finalize_button):
            button.setEnabled(not saving)

    def _saved(self, changes: Any) -> None:
        """The session holds the consult as saved (or revised): show it."""
        self._set_saving(False)
        self._clear_errors()
        section = self.nav.currentRow()
        self.form.blockSignals(True)
        self._load(dict(self.draft.document), carried_from=self.draft.carried_from_date)
        self.form.blockSignals(False)
        self.nav.setCurrentRow(section)
        self.session.mark_saved()
        self.autosave_label.setText(f"Saved {dt.datetime.now():%H:%M}")
        self._refresh_title()
        self.evaluate_now()
        self.changes_saved.emit(changes)
        if self._close_after_save:
            self.close()

    def _save_failed(self, exc: BaseException) -> None:
        """A refused save keeps everything typed: the editor stays open and unsaved, and autosave keeps it."""
        self._close_after_save = False
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
            return
        self.autosave()
        self._refresh_title()
        again = self._retry_with
        self.problems.setText(f"Not saved — your consult is kept in this window; press {again} again.")
        if isinstance(exc, DomainError) and not isinstance(exc, StorageError):
            QMessageBox.warning(self, "Consult not saved", str(exc))  # a conflict, a removed surgery...
            return
        failures.report(
            self,
            "Consult not saved",
            exc,
            kept="Your consult is kept: this window stays open with everything you typed, and it is autosaved. "
            f"It will be saved when you press {again} again.",
        )

    def _action_failed(self, title: str, exc: BaseException) -> None:
        """For a print or a revision that failed: said in a message; the consult itself is untouched."""
        self._set_saving(False)
        failures.report(self, title, exc, kept="Your consult is unchanged.")

    # --- errors --------------------------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        self.problems.clear()
        clear_marks(self.form, self.plan_builder, self.nav)
        self._mark_plan_section()

    def show_errors(self, errors: dict[str, str]) -> None:
        self._clear_errors()
        first_section, first_widget = mark_errors(self.form, self.plan_builder, self.nav, errors)
        first = next(iter(errors.values()))
        more = len(errors) - 1
        self.problems.setText(f"Not saved: {first}" + (f" (and {more} more; sections marked ⚠)" if more else ""))
        if first_section is not None:
            self.nav.setCurrentRow(first_section)
        if first_widget is not None:
            first_widget.setFocus()

    # --- decision support ------------------------------------------------------------------------------------
    def evaluate_now(self) -> None:
        """Run the rules on the document as it stands (pure computation, a few milliseconds)."""
        self.evaluate_timer.stop()
        if self.draft.basis is None:
            return
        evaluation = planning.evaluate(self.draft.basis, self.session.read(self.document()))
        self.evaluation = evaluation
        acknowledged = {f.key: a for f in evaluation.findings if (a := evaluation.acknowledgement(f)) is not None}
        catalogue = catalogues.treatment_catalogue()
        labels = {
            item.key: (catalogue[item.treatment].label if item.treatment in catalogue else item.treatment)
            for item in evaluation.plan.items
        }
        self.findings.show_findings(evaluation.findings, acknowledged, labels)
        self.plan_builder.show_findings(evaluation.findings, set(acknowledged))
        self._mark_plan_section()

    def _mark_plan_section(self) -> None:
        waiting = len(self.evaluation.unacknowledged_blocks) if self.evaluation else 0
        text = self.nav.item(PLAN).text()
        if not text.startswith("⚠"):
            self.nav.item(PLAN).setText(f"{PLAN + 1}  Plan" + (f"  ✖ {waiting} to acknowledge" if waiting else ""))

    def acknowledge(self, finding: Finding) -> None:
        """Ask who acknowledges and why; the acknowledgement is stored with the plan."""
        existing = self.plan_builder.acknowledgement(finding.key)
        dialog = AcknowledgeDialog(
            finding,
            [(c.id, c.display_name) for c in self.clinicians] or [(None, "Clinician")],
            current=self.form.fields["clinician_id"].get() or existing.get("clinician_id"),
            reason=str(existing.get("reason", "")),
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record_acknowledgement(finding, **dialog.values())

    def record_acknowledgement(
        self, finding: Finding, *, clinician: str, reason: str, clinician_id: Any = None
    ) -> None:
        self.plan_builder.acknowledge(finding, clinician=clinician, reason=reason, clinician_id=clinician_id)
        self.evaluate_now()

    def add_action(self, action: Action, finding: Finding) -> None:
        """One click from a finding: the suggested work-up or treatment joins the plan."""
        key = self.plan_builder.add_treatment(
            action.treatment, dict(action.details), reason=f"{finding.title} ({finding.rule})"
        )
        self.autosave_label.setText(f"Added {action.label} to the plan ({key}).")
        self.evaluate_now()

    def show_plan_item(self, key: str) -> None:
        self.go_to(PLAN)
        self.plan_builder.select_item(key)

    def finalize(self) -> None:
        """Finalize the plan: every block acknowledged with a reason, the clinician named, then saved."""
        self.evaluate_now()
        waiting = self.evaluation.unacknowledged_blocks if self.evaluation else ()
        if waiting:
            self.problems.setText(
                f"Not finalized: acknowledge {len(waiting)} blocking finding{'s' if len(waiting) > 1 else ''} "
                "with a written reason first (Decision support, top group)."
            )
            self.findings.select_first("block")
            return
        clinician_id = self.form.fields["clinician_id"].get()
        clinician = next((c for c in self.clinicians if c.id == clinician_id), None)
        if clinician is None:
            self.problems.setText(
                "Not finalized: choose the clinician of this consult first (an active one)."
                if self.clinicians
                else "Not finalized: no clinician is set up yet. Add one in the main window with Edit › Clinicians…, "
                "then reopen this consult."
            )
            self.form.fields["clinician_id"].widget.setStyleSheet(INVALID_STYLE)
            self.form.fields["clinician_id"].widget.setFocus()
            return
        answer = QMessageBox.question(
            self,
            "Finalize plan",
            f"Finalize this plan as {clinician.display_name}? It will be frozen: reprinting it gives the same plan.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.save(finalize_by=clinician.display_name)

    # --- printing and versions ------------------------------------------------------------------------------
    def print_plan(self, *, summary: bool = False) -> None:
        """Preview the patient's copy of the saved plan, or the clinician summary (rendered on the worker),
        then print or save it."""
        if self.plan_actions is None:
            return
        if not self.session.can_print():
            self.problems.setText("Save the consult first: the plan prints as it is saved.")
            return
        waiting = self.evaluation.unacknowledged_blocks if self.evaluation is not None else ()
        if not summary and waiting and not self.plan_builder.finalized:
            # A patient's copy of a plan that decision support stops would be followed as if it were safe.
            self.problems.setText(
                f"Not printed: {len(waiting)} blocking finding{'s' if len(waiting) > 1 else ''} "
                "(marked ✖ under Plan) must be resolved or acknowledged with a reason before the patient's "
                "copy prints. The clinician summary prints as it is."
            )
            self.go_to(PLAN)
            return
        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        day = self.form.fields["consult_date"].get() or dt.date.today().isoformat()
        kind = "summary" if summary else "plan"
        render, record = self.session.print_job(summary=summary)
        self.print_button.setEnabled(False)
        preview_rendered(
            self,
            self.runner,
            render,
            title="Clinician summary" if summary else "Patient plan",
            file_name=f"{kind}-{self.plan_id}-{day}.pdf",
            on_printed=record,
            on_error=self.session.failed("Cannot print"),
            on_finished=lambda: self.print_button.setEnabled(True),
        )

    def revise_plan(self) -> None:
        """A finalized plan is changed by revising it: a new draft version; the finalized one is kept."""
        if self.plan_actions is None or self.plan_id is None or self.consult_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Revise plan",
            "Start a new version of this plan? The finalized version is kept and can still be reprinted.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.session.revise()

    # --- closing -------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _date_or_today(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return dt.date.today()
