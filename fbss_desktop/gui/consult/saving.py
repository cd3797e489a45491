"""The consult editor's save, sign and finalize, and what it says of them: the questions asked first, the
consult shown again as saved, and a refused save that keeps everything typed and marks each wrong field.

The session does the work on the worker (`ConsultSession.save`); this is the editor's side of it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from fbss_desktop.core.errors import ConflictError, DomainError, StorageError, ValidationError
from fbss_desktop.gui import failures
from fbss_desktop.gui.consult import decision_panel, editor_state, form_loading
from fbss_desktop.gui.consult.error_marks import clear_marks, mark_errors, recheck, reveal, section_of
from fbss_desktop.gui.consult.fields import Field
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.widgets.field_errors import INVALID_STYLE

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def save(editor: ConsultEditor, *, sign: bool = False, then_close: bool = False, finalize_by: str = "") -> None:
    if editor.session.saving or editor.patient.id is None:
        return
    if not take_pending_rows(editor):
        return
    document = editor.document()
    if sign:
        answer = QMessageBox.question(
            editor, "Sign consult", "Sign this consult? It will open read-only afterwards (it can be amended)."
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        document["status"] = "signed"
    amend_reason = ""
    if editor.amending and document.get("status") == "signed":
        amend_reason = ask_amend_reason(editor)
        if not amend_reason:
            return
    signature = ""
    if (sign or finalize_by) and editor.signed_in_as:
        signature = ask_signature(editor, "Sign consult" if sign else "Finalize plan")
        if not signature:
            return
    editor.retry_with = "Finalize plan" if finalize_by else "Sign consult" if sign else "Save draft"
    editor.close_after_save = then_close
    set_saving(editor, True)
    editor.session.save(document, finalize_by=finalize_by, signature=signature, amend_reason=amend_reason)


def ask_amend_reason(editor: ConsultEditor) -> str:
    """Why a signed consult is changed: kept with the signed version it replaces ("" when the clinician cancels)."""
    while True:
        text, accepted = QInputDialog.getText(
            editor,
            "Save amendment",
            "Why is this signed consult changed? (Kept with the signed version, which stays readable.)",
        )
        if not accepted:
            return ""
        if text.strip():
            return text.strip()


def ask_signature(editor: ConsultEditor, title: str) -> str:
    """The signed-in user's password, typed again as their signature ("" when they cancel)."""
    text, accepted = QInputDialog.getText(
        editor,
        title,
        f"Your password, {editor.signed_in_as}, as your signature:",
        QLineEdit.EchoMode.Password,
    )
    return text if accepted else ""


def take_pending_rows(editor: ConsultEditor) -> bool:
    """A row typed in a list but not added (a medicine, an allergy...) is never dropped without a word: the
    save asks to add it, to leave it out, or to go back. False when the save should not go on."""
    lists = [field for field in editor.form.fields.values() if isinstance(field, RecordListField)]
    waiting = [(field, text) for field in lists if (text := field.pending())]
    if not waiting:
        return True
    names = "\n".join(f"• {field.noun}: {text}" for field, text in waiting)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Typed but not added",
        f"This is typed but not yet in its list:\n{names}\n\nAdd it before saving?",
        parent=editor,
    )
    add = box.addButton("&Add and save", QMessageBox.ButtonRole.AcceptRole)
    leave = box.addButton("Save &without it", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(add)
    box.exec()
    if box.clickedButton() is leave:
        return True
    if box.clickedButton() is not add:
        return False
    for field, _text in waiting:
        if not field.commit_pending():  # the list says why (a required value missing)
            section = section_of(field.path)
            if section is not None:
                editor.go_to(section)
            field.widget.setFocus()
            return False
    return True


def finalize(editor: ConsultEditor) -> None:
    """Finalize the plan: every block acknowledged with a reason, the clinician named, then saved."""
    editor.evaluate_now()
    waiting = editor.evaluation.unacknowledged_blocks if editor.evaluation else ()
    if waiting:
        editor.problems.setText(
            f"Not finalized: acknowledge {len(waiting)} blocking finding{'s' if len(waiting) > 1 else ''} "
            "with a written reason first (Decision support, top group)."
        )
        editor.findings.select_first("block")
        return
    clinician_id = editor.form.fields["clinician_id"].get()
    clinician = next((c for c in editor.clinicians if c.id == clinician_id), None)
    if clinician is None:
        editor.problems.setText(
            "Not finalized: choose the clinician of this consult first (an active one)."
            if editor.clinicians
            else "Not finalized: no clinician is set up yet. Add one in the main window with Edit › Clinicians…, "
            "then reopen this consult."
        )
        editor.form.fields["clinician_id"].widget.setStyleSheet(INVALID_STYLE)
        editor.form.fields["clinician_id"].widget.setFocus()
        return
    if editor.draft.basis is not None:  # read first: a consult that would be refused is not asked about
        problems = editor.session.read(editor.document(), finalizing=True).problems
        if problems:
            editor.show_errors(dict(problems))
            return
    answer = QMessageBox.question(
        editor,
        "Finalize plan",
        f"Finalize this plan as {clinician.display_name}? It will be frozen: reprinting it gives the same plan.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    editor.save(finalize_by=clinician.display_name)


def set_saving(editor: ConsultEditor, saving: bool) -> None:
    for button in (editor.save_button, editor.sign_button, editor.finalize_button):
        button.setEnabled(not saving)


def saved(editor: ConsultEditor, changes: Any) -> None:
    """The session holds the consult as saved (or revised): show it."""
    set_saving(editor, False)
    editor.amending = False  # a saved amendment opens read-only again, as signed
    clear_errors(editor)
    section = editor.nav.currentRow()
    editor.form.blockSignals(True)
    form_loading.load(editor, dict(editor.draft.document), carried_from=editor.draft.carried_from_date)
    editor.form.blockSignals(False)
    editor.nav.setCurrentRow(section)
    editor.session.mark_saved()
    editor.autosave_label.setText(f"Saved {dt.datetime.now():%H:%M}")
    editor_state.refresh_title(editor)
    editor.evaluate_now()
    editor.changes_saved.emit(changes)
    if editor.close_after_save:
        editor.close()


def save_failed(editor: ConsultEditor, exc: BaseException) -> None:
    """A refused save keeps everything typed: the editor stays open and unsaved, and autosave keeps it."""
    editor.close_after_save = False
    set_saving(editor, False)
    if isinstance(exc, ValidationError):
        editor.show_errors(exc.errors)
        return
    editor.autosave()
    editor_state.refresh_title(editor)
    again = editor.retry_with
    if isinstance(exc, ConflictError):  # pressing Save again would be refused again: say what will work
        editor.problems.setText(
            "Not saved — someone saved this consult on another workstation. Your version stays in this window: "
            "copy what you need, close it (Discard), open the consult again and add your changes there."
        )
        QMessageBox.warning(editor, "Consult not saved", str(exc))
        return
    editor.problems.setText(f"Not saved — your consult is kept in this window; press {again} again.")
    if isinstance(exc, DomainError) and not isinstance(exc, StorageError):
        QMessageBox.warning(editor, "Consult not saved", str(exc))  # a conflict, a removed surgery...
        return
    failures.report(
        editor,
        "Consult not saved",
        exc,
        kept="Your consult is kept: this window stays open with everything you typed, and it is autosaved. "
        f"It will be saved when you press {again} again.",
    )


def action_failed(editor: ConsultEditor, title: str, exc: BaseException) -> None:
    """For a print or a revision that failed: said in a message; the consult itself is untouched."""
    set_saving(editor, False)
    failures.report(editor, title, exc, kept="Your consult is unchanged.")


# --- errors --------------------------------------------------------------------------------------------------
def clear_errors(editor: ConsultEditor) -> None:
    editor.problems.clear()
    clear_marks(editor.form, editor.plan_builder, editor.nav)
    decision_panel.mark_plan_section(editor)


def show_errors(editor: ConsultEditor, errors: dict[str, str]) -> None:
    """Mark every refused field, say the first problem, and go to it."""
    clear_errors(editor)
    first_section, first_widget = mark_errors(editor.form, editor.plan_builder, editor.nav, errors)
    first = next(iter(errors.values()))
    more = len(errors) - 1
    editor.problems.setText(f"Not saved: {first}" + (f" (and {more} more; sections marked ⚠)" if more else ""))
    if first_section is not None:
        editor.nav.setCurrentRow(first_section)
    if first_widget is not None:
        reveal(first_widget)
    if not editor.form.property("rechecksMarks"):  # once per editor: an edited field loses a mark it no longer has
        editor.form.setProperty("rechecksMarks", True)
        editor.form.field_edited.connect(lambda field: _recheck(editor, field))


def _recheck(editor: ConsultEditor, field: Field) -> None:
    if not editor.form.marked:
        return
    reading = editor.session.read(editor.document()) if editor.draft.basis is not None else None
    recheck(editor.form, editor.nav, field, reading.problems if reading is not None else None)
    if not editor.form.marked:
        editor.problems.clear()
