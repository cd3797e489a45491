"""The consult document in and out of the editor's widgets: the document the editor holds now (the form's
fields, the plan, and what the form does not show but the consult keeps), and a stored document loaded into
the form on opening and after each save.

Sacroiliac tests answered under a code since retired are kept as the consult recorded them, shown under the
running totals, and written back unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.questionnaires import derived_answers
from fbss_desktop.gui.consult import editor_state, regions, running_totals

if TYPE_CHECKING:
    from fbss_desktop.gui.consult.editor import ConsultEditor


def document(editor: ConsultEditor) -> dict[str, Any]:
    """The consult as the editor holds it now, as a document."""
    document = editor.form.document()
    document.setdefault("status", editor.draft.document.get("status", "draft"))
    if editor.draft.document.get("carried_forward_from") is not None:
        document["carried_forward_from"] = editor.draft.document["carried_forward_from"]
    if document.get("clinician_id") is None:
        document.pop("clinician_id", None)
    document["plan"] = editor.plan_builder.document()
    if editor.retired_sij:
        exam = document.setdefault("exam", {})
        exam["sij_tests"] = {**editor.retired_sij, **exam.get("sij_tests", {})}
    return document


def load(editor: ConsultEditor, document: Mapping[str, Any], *, carried_from: dt.date | None = None) -> None:
    """Show `document` in the editor: its fields, its plan, the questionnaires' scores, the carried-forward
    banner, the running totals, and read-only if it is signed."""
    editor.form.load(document)
    regions.of(editor.form).refresh()  # the region's scores, tests and questionnaire; anything recorded shows
    sij_tests = (document.get("exam") or {}).get("sij_tests") or {}
    editor.retired_sij = {
        code: value
        for code, value in sij_tests.items()
        if isinstance(value, bool) and (choice := editor.sij_choices.get(code)) is not None and choice.retired
    }
    editor.plan_builder.load(document.get("plan") or {})
    for field in editor.questionnaires.values():
        field.rescore()  # Form.load sets fields with their signals blocked; the tab titles need the scores
    ort = editor.questionnaires.get("ort")
    if ort is not None and not document.get("questionnaires", {}).get("ort"):
        consult_day = _date_or_today(document.get("consult_date"))
        ort.blockSignals(True)
        for code, value in derived_answers(ort.instrument, age=editor.patient.age(consult_day)).items():
            ort.derive(code, value)
        ort.blockSignals(False)
    carried = document.get("carried_forward_from") is not None
    confirmed = bool(document.get("carry_forward_confirmed"))
    carried_from, status = _carried_source(editor, carried_from)
    when = f" of {carried_from.isoformat()}" if carried_from else ""
    unsigned = (
        " That consult is a draft, never signed: its history may be unfinished or unchecked."
        if status == "draft"
        else ""
    )
    editor.carry_text.setText(
        f"History, medicines, allergies and comorbidities were carried forward from the consult{when}.{unsigned} "
        "Check them with the patient and tick the box; the consult cannot be signed before."
    )
    editor.carry_banner.setVisible(carried and not confirmed)
    running_totals.show(editor)
    editor_state.set_editable(editor, document.get("status") != "signed")


def _carried_source(editor: ConsultEditor, carried_from: dt.date | None) -> tuple[dt.date | None, str]:
    """The date and status ("draft", "signed", "" unknown) of the consult the history came from. A save
    gives the editor a draft that does not know them: the banner keeps what it was first told."""
    banner = editor.carry_banner
    status = editor.draft.carried_from_status
    if carried_from is not None or status:
        banner.setProperty("carriedFromDate", carried_from.isoformat() if carried_from else "")
        banner.setProperty("carriedFromStatus", status)
        return carried_from, status
    day = str(banner.property("carriedFromDate") or "")
    return (dt.date.fromisoformat(day) if day else None), str(banner.property("carriedFromStatus") or "")


def _date_or_today(text: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return dt.date.today()
