"""The consult editor's running totals: the opioid MME a day under Medications, the sacroiliac cluster and the
Waddell signs under Examination.

Each is shown as core computes it from the consult as it reads now (the same numbers the rules and the print
use); nothing is added up here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def show(editor: ConsultEditor) -> None:
    """The running totals, as core computes them from the consult as it reads now."""
    if editor.draft.basis is None:
        return
    record = editor.session.read(editor.document()).record
    exam = record.exam
    retired = [
        f"{editor.sij_choices.label(code)}: {'yes' if value else 'no'}" for code, value in editor.retired_sij.items()
    ]
    cluster = exam.sij_cluster.text() if exam.sij_cluster is not None else ""
    editor.sij_label.setText("\n".join([cluster, *retired]))
    categories = len(editor.waddell_choices.current)
    editor.waddell_label.setText(
        f"{exam.waddell_positive} of {categories} categories positive"
        if exam.waddell
        else "Waddell signs: not recorded"
    )
    history = record.history
    vocabulary = editor.allergen_choices
    if history.allergies:
        names = ", ".join(vocabulary.label(a.substance) for a in history.allergies)
        editor.allergy_label.setText(f"<b style='color:#a40000'>Allergies: {names}</b>")
    else:
        editor.allergy_label.setText("No known allergies" if history.no_known_allergies else "Allergies: not recorded")
    total = record.history.total_mme_per_day
    editor.mme_label.setText(
        "Opioids: none with a known conversion factor."
        if total is None
        else f"Opioids: {total:g} morphine milligram equivalents a day (a risk-screening number, not a dose table)."
    )
