"""The consult editor's live decision support: the findings shown beside the pages and against the plan's
items, the blocks still to acknowledge counted under Plan, and what a finding offers: acknowledge it with a
reason, add its suggested work-up or treatment to the plan, or go to the plan item it concerns.

The editor runs the rules (`ConsultEditor.evaluate_now`); this shows what they found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from fbss_desktop.core.findings import Action, Finding
from fbss_desktop.gui.consult.error_marks import PLAN
from fbss_desktop.gui.dialogs.acknowledge_dialog import AcknowledgeDialog

if TYPE_CHECKING:
    from fbss_desktop.core.treatments import TreatmentCatalogue
    from fbss_desktop.gui.consult.editor import ConsultEditor


def show_evaluation(editor: ConsultEditor, catalogue: TreatmentCatalogue) -> None:
    """Show `editor.evaluation` (just computed): the findings, which are acknowledged, and the plan's items
    named by their treatment's label."""
    evaluation = editor.evaluation
    if evaluation is None:
        return
    acknowledged = {f.key: a for f in evaluation.findings if (a := evaluation.acknowledgement(f)) is not None}
    labels = {
        item.key: (catalogue[item.treatment].label if item.treatment in catalogue else item.treatment)
        for item in evaluation.plan.items
    }
    editor.findings.show_findings(evaluation.findings, acknowledged, labels)
    editor.plan_builder.show_findings(evaluation.findings, set(acknowledged))
    mark_plan_section(editor)


def mark_plan_section(editor: ConsultEditor) -> None:
    """Plan, in the list of sections, says how many blocks wait to be acknowledged (unless it is marked ⚠)."""
    waiting = len(editor.evaluation.unacknowledged_blocks) if editor.evaluation else 0
    text = editor.nav.item(PLAN).text()
    if not text.startswith("⚠"):
        editor.nav.item(PLAN).setText(f"{PLAN + 1}  Plan" + (f"  ✖ {waiting} to acknowledge" if waiting else ""))


def acknowledge(editor: ConsultEditor, finding: Finding) -> None:
    """Ask who acknowledges and why; the acknowledgement is stored with the plan."""
    existing = editor.plan_builder.acknowledgement(finding.key)
    dialog = AcknowledgeDialog(
        finding,
        [(c.id, c.display_name) for c in editor.clinicians] or [(None, "Clinician")],
        current=editor.form.fields["clinician_id"].get() or existing.get("clinician_id"),
        reason=str(existing.get("reason", "")),
        parent=editor,
    )
    if dialog.exec() == QDialog.DialogCode.Accepted:
        editor.record_acknowledgement(finding, **dialog.values())


def record_acknowledgement(
    editor: ConsultEditor, finding: Finding, *, clinician: str, reason: str, clinician_id: Any = None
) -> None:
    editor.plan_builder.acknowledge(finding, clinician=clinician, reason=reason, clinician_id=clinician_id)
    editor.evaluate_now()


def add_action(editor: ConsultEditor, action: Action, finding: Finding) -> None:
    """One click from a finding: the suggested work-up or treatment joins the plan. Its reason, which the
    patient reads, is the rule's patient wording; a rule with none leaves it for the clinician to write (a
    rule's title and id are for clinicians)."""
    key = editor.plan_builder.add_treatment(action.treatment, dict(action.details), reason=finding.patient_reason)
    editor.plan_builder.select_item(key)  # in view, its details open, when the clinician goes to the plan
    editor.autosave_label.setText(f"Added {action.label} to the plan.")
    editor.evaluate_now()


def show_plan_item(editor: ConsultEditor, key: str) -> None:
    editor.go_to(PLAN)
    editor.plan_builder.select_item(key)
