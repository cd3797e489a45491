"""The consult editor's saved plan, printed or revised: a preview of the patient's copy or the clinician
summary (rendered on the worker) to print or save, and a finalized plan revised into a new draft version.

The plan prints as it is saved, and a patient's copy never prints while decision support blocks it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from fbss_desktop.gui.consult.error_marks import PLAN
from fbss_desktop.gui.ui_state import WorkstationState

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def print_plan(editor: ConsultEditor, *, summary: bool = False) -> None:
    """Preview the patient's copy of the saved plan, or the clinician summary (rendered on the worker), then
    print or save it."""
    if editor.plan_actions is None:
        return
    if not editor.session.can_print():
        editor.problems.setText("Save the consult first: the plan prints as it is saved.")
        return
    waiting = editor.evaluation.unacknowledged_blocks if editor.evaluation is not None else ()
    if not summary and waiting and not editor.plan_builder.finalized:
        # A patient's copy of a plan that decision support stops would be followed as if it were safe.
        editor.problems.setText(
            f"Not printed: {len(waiting)} blocking finding{'s' if len(waiting) > 1 else ''} "
            "(marked ✖ under Plan) must be resolved or acknowledged with a reason before the patient's "
            "copy prints. The clinician summary prints as it is."
        )
        editor.go_to(PLAN)
        return
    from fbss_desktop.gui.dialogs.print_preview import preview_rendered

    day = editor.form.fields["consult_date"].get() or dt.date.today().isoformat()
    kind = "summary" if summary else "plan"
    render, record = editor.session.print_job(summary=summary)
    editor.print_button.setEnabled(False)
    preview_rendered(
        editor,
        editor.runner,
        render,
        title="Clinician summary" if summary else "Patient plan",
        file_name=f"{kind}-{editor.plan_id}-{day}.pdf",
        on_printed=record,
        on_error=editor.session.failed("Cannot print"),
        announce=editor.autosave_label.setText,
        state=WorkstationState.in_use,  # this workstation's: the editor is a window of its own
        on_finished=lambda: editor.print_button.setEnabled(True),
        on_saved=editor.session.pdf_saved_job(kind),
    )


def revise_plan(editor: ConsultEditor) -> None:
    """A finalized plan is changed by revising it: a new draft version; the finalized one is kept."""
    if editor.plan_actions is None or editor.plan_id is None or editor.consult_id is None:
        return
    answer = QMessageBox.question(
        editor,
        "Revise plan",
        "Start a new version of this plan? The finalized version is kept and can still be reprinted.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    editor.session.revise()
