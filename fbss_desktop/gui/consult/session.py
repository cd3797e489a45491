"""A consult being edited, without its widgets: the draft, its row versions, the consult as it reads now (the
typed record and plan), whether it is saved, its autosave, and the save, finalize and revise operations run
on the worker (after Anki's CollectionOp).

The editor's document is read into typed records once per change (`read`); the running totals, live decision
support and the save use that one reading, and the worker saves the record it is given without reading the
document again.

The editor owns the widgets and asks the session to save or revise; the session says what came of it through
its signals, on the main thread. Nothing here imports a widget, so a test can drive a consult through a
SyncTaskRunner alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.services.clinic import ConsultDraft, Evaluation, RecoveryStore, new_token

# save(patient_id, reading, consult_id, row_version, plan_id=, plan_row_version=, finalize_by=)
# -> (ConsultDraft, ChangeSet), run on the worker.
SaveOp = Callable[..., Any]
# read(rules basis, document, finalizing) -> ConsultReading: pure, run on the UI thread (a few milliseconds).
ReadOp = Callable[[Any, Mapping[str, Any], bool], ConsultReading]
# evaluate(rules basis, reading) -> Evaluation: decision support, pure, run on the UI thread.
EvaluateOp = Callable[[Any, ConsultReading], Evaluation]


@dataclass(frozen=True)
class PlanActions:
    """Plan work the editor asks of the clinic, each run on the worker."""

    render: Callable[[int, int], bytes]  # (consult id, plan id) -> the patient's plan PDF
    render_summary: Callable[[int, int], bytes]  # (consult id, plan id) -> the clinician summary PDF
    record_print: Callable[[int, str], Any]  # (plan id, "plan" or "summary") -> ChangeSet
    revise: Callable[[int, int, int], Any]  # (consult id, plan id, row version) -> (ConsultDraft, ChangeSet)
    pdf_saved: Callable[[int, str], Any] | None = None  # (plan id, "plan" or "summary"): saved as PDF, audited


class ConsultSession(QObject):
    """One consult's state between the editor and the clinic: what was loaded or last saved, and whether what
    the editor holds now differs from it."""

    saved = Signal(object)  # the core ChangeSet of a save or a revision; the draft and versions are the new ones
    save_failed = Signal(object)  # the exception; a refused save is kept dirty and autosaved
    action_failed = Signal(str, object)  # (title, exception) of a print or a revision; the consult is unchanged
    print_recorded = Signal(object)  # the core ChangeSet of a recorded print
    autosaved = Signal()
    autosave_failed = Signal()

    def __init__(
        self,
        draft: ConsultDraft,
        *,
        runner: Any,
        save: SaveOp,
        read: ReadOp,
        evaluate: EvaluateOp,
        recovery: RecoveryStore,
        token: str | None = None,
        restored: bool = False,
        plan_actions: PlanActions | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.patient = draft.patient
        self.consult_id = draft.consult_id
        self.row_version = draft.row_version
        self.plan_id = draft.plan_id
        self.plan_row_version = draft.plan_row_version
        self.plan_actions = plan_actions
        self.runner = runner
        self.recovery = recovery
        self.token = token or new_token()
        self.dirty = restored
        self.autosave_due = restored
        self.saving = False
        self._save_op = save
        self._read_op = read
        self._evaluate_op = evaluate
        self._reading: tuple[Mapping[str, Any], ConsultReading] | None = None

    def edited(self) -> None:
        self.dirty = True
        self.autosave_due = True

    # --- the consult as it reads -----------------------------------------------------------------------------
    def read(self, document: Mapping[str, Any], *, finalizing: bool = False) -> ConsultReading:
        """The editor's document read into the typed record and plan, problems and all; read again only when the
        document differs from the one last read."""
        last = self._reading
        if last is not None and last[1].finalizing == finalizing and last[0] == document:
            return last[1]
        reading = self._read_op(self.draft.basis, document, finalizing)
        self._reading = (document, reading)
        return reading

    def evaluate(self, document: Mapping[str, Any]) -> Evaluation:
        """Decision support on the consult as `document` reads now (the same reading the totals and the save use)."""
        return self._evaluate_op(self.draft.basis, self.read(document))

    # --- autosave ------------------------------------------------------------------------------------------
    def autosave(self, document: Callable[[], dict[str, Any]]) -> None:
        """Write `document()` (the consult as the editor holds it now) to this workstation's autosave folder, if it
        changed since the last write."""
        if not self.autosave_due or self.patient.id is None:
            return
        self.autosave_due = False
        store, token, written = self.recovery, self.token, document()
        patient_id, consult_id, version = self.patient.id, self.consult_id, self.row_version
        self.runner.run(
            lambda: store.write(
                token, patient_id=patient_id, consult_id=consult_id, row_version=version, document=written
            ),
            lambda _none: self.autosaved.emit(),
            self._autosave_failed,
        )

    def _autosave_failed(self, exc: BaseException) -> None:
        self.autosave_due = True
        self.autosave_failed.emit()

    def discard_recovery(self) -> None:
        store, token = self.recovery, self.token
        self.runner.run(lambda: store.discard(token))

    # --- saving --------------------------------------------------------------------------------------------
    def save(
        self, document: Mapping[str, Any], *, finalize_by: str = "", signature: str = "", amend_reason: str = ""
    ) -> None:
        """Save the consult (and its plan) as `document` reads, on the worker; `saved` or `save_failed` follows.
        A document with problems is refused here, with every problem by path, and nothing goes to the worker."""
        if self.saving or self.patient.id is None:
            return
        reading = self.read(document, finalizing=bool(finalize_by))
        if reading.problems:
            self._save_failed(ValidationError(dict(reading.problems)))
            return
        self.saving = True
        patient_id, consult_id, version, save = self.patient.id, self.consult_id, self.row_version, self._save_op
        plan = {"plan_id": self.plan_id, "plan_row_version": self.plan_row_version, "finalize_by": finalize_by}
        if signature:
            plan["signature"] = signature  # the password typed again, for signing or finalizing
        if amend_reason:
            plan["amend_reason"] = amend_reason  # why a signed consult changes, kept with its signed version
        self.runner.run(lambda: save(patient_id, reading, consult_id, version, **plan), self._saved, self._save_failed)

    def revise(self) -> None:
        """Start a new draft version of the finalized plan; the finalized one is kept."""
        if self.plan_actions is None or self.plan_id is None or self.consult_id is None:
            return
        actions, consult_id, plan_id, version = self.plan_actions, self.consult_id, self.plan_id, self.plan_row_version
        self.runner.run(
            lambda: actions.revise(consult_id, plan_id, version), self._saved, self.failed("Plan not revised")
        )

    def _saved(self, result: tuple[ConsultDraft, Any]) -> None:
        draft, changes = result
        self.saving = False
        self.draft = replace(draft, basis=draft.basis or self.draft.basis)
        self._reading = None  # the saved consult is read afresh, with the ids it now has
        self.consult_id, self.row_version = draft.consult_id, draft.row_version
        self.plan_id, self.plan_row_version = draft.plan_id, draft.plan_row_version
        self.saved.emit(changes)

    def mark_saved(self) -> None:
        """The editor now shows what was saved: nothing is unsaved, and the autosave is no longer needed."""
        self.dirty = False
        self.autosave_due = False
        self.discard_recovery()

    def _save_failed(self, exc: BaseException) -> None:
        """A refused save keeps everything typed: unsaved, and (unless the values were refused) autosaved."""
        self.saving = False
        if not isinstance(exc, ValidationError):
            self.dirty = True
            self.autosave_due = True
        self.save_failed.emit(exc)

    # --- printing ------------------------------------------------------------------------------------------
    def can_print(self) -> bool:
        """The plan prints as it is saved: only a saved plan with nothing unsaved."""
        return self.plan_id is not None and self.consult_id is not None and not self.dirty

    def print_job(self, *, summary: bool = False) -> tuple[Callable[[], bytes], Callable[[], None]]:
        """For the saved plan (or the clinician summary): the work that renders its PDF, to run on the worker,
        and what records, once it is printed, that it was."""
        actions, consult_id, plan_id = self.plan_actions, self.consult_id, self.plan_id
        assert actions is not None and consult_id is not None and plan_id is not None
        render = actions.render_summary if summary else actions.render
        kind = "summary" if summary else "plan"

        def record() -> None:
            self.runner.run(
                lambda: actions.record_print(plan_id, kind),
                self.print_recorded.emit,
                self.failed("Printed, but the print was not recorded"),
            )

        return (lambda: render(consult_id, plan_id)), record

    def pdf_saved_job(self, kind: str) -> Callable[[], None] | None:
        """What records, once the plan (or summary) was saved as PDF, that it was (in the audit trail)."""
        actions, plan_id = self.plan_actions, self.plan_id
        if actions is None or actions.pdf_saved is None or plan_id is None:
            return None
        saved = actions.pdf_saved
        return lambda: self.runner.run(lambda: saved(plan_id, kind))

    def failed(self, title: str) -> Callable[[BaseException], None]:
        """For a print or a revision that failed: said through `action_failed`; the consult itself is untouched."""

        def failed(exc: BaseException) -> None:
            self.saving = False
            self.action_failed.emit(title, exc)

        return failed
