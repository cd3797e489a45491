"""The consult launcher: new, open and restored consult editors, one editor per consult, and after a crash the
offer to restore what was autosaved.

Open editors are kept in `window.editors` by consult id (or by their token while new), where the window asks
them on close whether they may go. The autosave store is `window.recovery`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import DomainError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow
    from fbss_desktop.services.clinic import Clinic, ConsultDraft


class ConsultLauncher(QObject):
    # A child of the window, so an editor's signals connected here end with the window, as the window's own did.
    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self._opening_consults: set[int] = set()

    def new_consult(self, carry_forward: bool = True) -> None:
        window = self.main_window
        patient = window.panel.patient
        clinic = window.clinic
        if clinic is None or patient is None or patient.id is None:
            return
        patient_id = patient.id
        window.runner.run(
            lambda: self._editor_inputs(clinic, clinic.consults.new(patient_id, carry_forward=carry_forward)),
            lambda inputs: self._show_editor(*inputs),
            lambda exc: window.show_error("Cannot start the consult", exc),
        )

    def open_consult(self, consult_id: int) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        if consult_id in window.editors:
            editor = window.editors[consult_id]
            editor.showNormal()
            editor.raise_()
            editor.activateWindow()
            return
        if consult_id in self._opening_consults:
            return  # already on its way: one consult, one editor
        self._opening_consults.add(consult_id)

        def opened(inputs: Any) -> None:
            self._opening_consults.discard(consult_id)
            if consult_id in window.editors:
                return
            self._show_editor(*inputs)

        def failed(exc: BaseException) -> None:
            self._opening_consults.discard(consult_id)
            window.show_error("Cannot open the consult", exc)

        window.runner.run(lambda: self._editor_inputs(clinic, clinic.consults.open(consult_id)), opened, failed)

    @staticmethod
    def _editor_inputs(clinic: Clinic, draft: ConsultDraft) -> tuple[Any, list[Any], str]:
        draft = _with_carried_source(clinic, draft)
        return draft, clinic.setup.clinicians(active_only=False), clinic.settings.values()["medications.mme_table"]

    def _show_editor(
        self, draft: Any, clinicians: list[Any], mme_table: str, *, token: str | None = None, restored: bool = False
    ) -> Any:
        from fbss_desktop.gui.consult.editor import ConsultEditor  # loaded on first use, not at start-up
        from fbss_desktop.services.clinic import RecoveryStore

        window = self.main_window
        clinic = window.clinic
        assert clinic is not None, "an editor opens on an open clinic"
        if window.recovery is None:  # a window opened without a recovery folder (tests, tools): keep it private
            import tempfile

            window.recovery = RecoveryStore(Path(tempfile.mkdtemp(prefix="fbss-recovery-")), "none")
        recovery = window.recovery

        def save(patient_id: int, reading: Any, consult_id: int | None, version: int, **plan: Any) -> Any:
            return clinic.consults.save_reading(patient_id, reading, consult_id=consult_id, row_version=version, **plan)

        def read(basis: Any, document: Any, finalizing: bool) -> Any:
            return clinic.consults.read(basis, document, finalizing=finalizing)

        def evaluate(basis: Any, reading: Any) -> Any:
            return clinic.consults.evaluate(basis, reading)

        from fbss_desktop.gui.consult.editor import PlanActions

        actions = PlanActions(
            render=lambda consult_id, plan_id: clinic.printing.plan_pdf(consult_id, plan_id=plan_id),
            render_summary=lambda consult_id, plan_id: clinic.printing.summary_pdf(consult_id, plan_id=plan_id),
            record_print=lambda plan_id, kind: clinic.plans.record_print(plan_id, kind),
            revise=lambda consult_id, plan_id, version: clinic.plans.revise(consult_id, plan_id, version),
            pdf_saved=lambda plan_id, kind: clinic.printing.pdf_saved(plan_id, kind),
        )
        editor = ConsultEditor(
            draft,
            runner=window.runner,
            save=save,
            read=read,
            evaluate=evaluate,
            catalogues=clinic.catalogues,
            plan_actions=actions,
            recovery=recovery,
            clinicians=clinicians,
            mme_table=mme_table,
            token=token,
            restored=restored,
        )
        if clinic.actor is not None:
            editor.signed_in_as = clinic.actor.user.display_name
        key = draft.consult_id if draft.consult_id is not None else editor.token
        window.editors[key] = editor
        editor.changes_saved.connect(lambda changes: self._editor_saved(editor, changes))
        editor.closed.connect(self._editor_closed)
        if window.state is not None:
            window.state.restore_geometry("consult", editor)
        editor.show()
        return editor

    def _editor_saved(self, editor: Any, _changes: ChangeSet) -> None:
        """A new consult, once saved, is known by its id (the runner has announced its changes)."""
        editors = self.main_window.editors
        for key, open_editor in list(editors.items()):
            if open_editor is editor and key != editor.consult_id:
                del editors[key]
                editors[editor.consult_id] = editor

    def _editor_closed(self, editor: Any) -> None:
        window = self.main_window
        if window.state is not None:
            window.state.save_geometry("consult", editor)
        for key, open_editor in list(window.editors.items()):
            if open_editor is editor:
                del window.editors[key]

    def saved_elsewhere(self, changes: ChangeSet) -> None:
        """Another workstation changed a patient whose consult is open here: the editor asks whether its
        consult (or plan) was saved since it read it, and if so says so in a banner. Its own save would be
        refused (optimistic locking decides); the clinician's work stays in the editor."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        for editor in list(window.editors.values()):
            consult_id, patient_id = editor.consult_id, editor.patient.id
            if consult_id is None or patient_id is None or not changes.touches_patient(patient_id):
                continue
            versions = (consult_id, editor.row_version, editor.plan_id, editor.plan_row_version)
            window.runner.run(
                lambda versions=versions: clinic.consults.saved_elsewhere(*versions),
                lambda when, editor=editor: editor.show_saved_elsewhere(when) if when is not None else None,
                lambda exc: log.info("an open consult's version could not be checked (%s)", type(exc).__name__),
            )

    # --- after a crash: the autosaved consults ------------------------------------------------------------
    def offer_recovery(self) -> None:
        """After a crash: offer each autosaved consult back, newest first."""
        window = self.main_window
        store, clinic = window.recovery, window.clinic
        if store is None or clinic is None:
            return

        def find() -> list[tuple[Any, Any]]:
            found = []
            for item in store.pending():
                try:
                    found.append((item, clinic.patients.get(item.patient_id)))
                except DomainError:
                    continue  # the patient is gone; keep the file for support to look at
            return found

        window.runner.run(find, self._recoveries_found)

    def _recoveries_found(self, found: list[tuple[Any, Any]]) -> None:
        window = self.main_window
        for item, patient in found:
            if any(getattr(e, "token", None) == item.token for e in window.editors.values()):
                continue
            when = item.saved_at.strftime("%Y-%m-%d %H:%M")
            box = QMessageBox(window)
            box.setWindowTitle("Restore unsaved consult")
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(
                f"A consult for {patient.display_name} (MRN {patient.mrn}) was not saved when FBSS Desktop "
                f"last closed. It was autosaved at {when}."
            )
            box.setInformativeText("Restore it to review and save it, or discard it for good.")
            restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(restore)
            box.exec()
            if box.clickedButton() is restore:
                self.restore_consult(item)
            elif box.clickedButton() is discard:
                window.runner.run(lambda store=window.recovery, token=item.token: store.discard(token))

    def restore_consult(self, item: Any) -> None:
        window = self.main_window
        clinic = window.clinic
        assert clinic is not None, "autosaved consults are offered once the clinic is open"

        def op() -> tuple[Any, list[Any], str]:
            if item.consult_id is not None:
                base = clinic.consults.open(item.consult_id)
                version = item.row_version
            else:
                base = clinic.consults.new(item.patient_id, carry_forward=False)
                version = 0
            draft = replace(base, document=dict(item.document), row_version=version)
            return self._editor_inputs(clinic, draft)

        window.runner.run(
            op,
            lambda inputs: self._show_editor(*inputs, token=item.token, restored=True),
            lambda exc: window.show_error("Cannot restore the consult", exc),
        )


def _with_carried_source(clinic: Clinic, draft: ConsultDraft) -> ConsultDraft:
    """The draft told the date and status of the consult its history was carried from, read from that consult
    (a new consult, a reopened one, and one restored after a crash alike), while the banner still shows."""
    source_id = draft.document.get("carried_forward_from")
    if not isinstance(source_id, int) or draft.document.get("carry_forward_confirmed"):
        return draft
    try:
        source = clinic.consults.open(source_id, with_basis=False).document
    except DomainError:
        return draft  # the earlier consult is gone: the banner says what it can
    day: dt.date | None
    try:
        day = dt.date.fromisoformat(str(source.get("consult_date")))
    except ValueError:
        day = draft.carried_from_date
    status = "signed" if source.get("status") == "signed" else "draft"
    return replace(draft, carried_from_date=day, carried_from_status=status)
