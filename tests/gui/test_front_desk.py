"""The front desk: finalized plans not yet printed, finding a patient's plans, printing, marking as printed,
printing the plan's handouts or any handout; no clinical editing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit

from fbss_desktop.gui.front_desk import DeskPlanTableModel, FrontDeskWindow
from tests.gui.conftest import click, click_item, click_row, click_tab, type_text
from tests.gui.printing import press_print
from tests.scenarios import finalized_scenario


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def finalized(window, mrn="FD-1"):
    return finalized_scenario(window.clinic, "apixaban_esi", mrn)


def desk(window, qtbot, monkeypatch):
    def fail(title, exc):
        raise exc

    monkeypatch.setattr(window, "show_error", fail)
    window.front_desk_action.trigger()
    qtbot.addWidget(window.front_desk)
    return window.front_desk


def find(qtbot, front, text):
    """Type in the desk's search box and wait for the list of that patient's plans."""
    type_text(qtbot, front.search, text)
    qtbot.waitUntil(lambda: front.caption.text().startswith(f"Finalized plans of patients matching “{text}”"))


def mrns(front):
    return [front.model.index(r, DeskPlanTableModel.COL_MRN).data() for r in range(front.model.rowCount())]


def close_preview(qtbot, preview):
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


def print_to(qtbot, preview, path):
    """Press Print… and accept the system print dialog; the chosen "printer" writes the pages to `path`."""
    assert press_print(qtbot, preview, path) == ["printDialog"]
    assert path.stat().st_size > 10_000


def test_todays_and_unprinted_plans_are_listed_and_printed(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized(window)
    front = desk(window, qtbot, monkeypatch)
    names = mrns(front)
    assert "FD-1" in names
    click_row(qtbot, front.view, names.index("FD-1"))
    click(qtbot, front.print_button)
    qtbot.addWidget(front.preview)
    assert front.preview.file_name == f"plan-{final.plan_id}-2026-11-20.pdf"
    print_to(qtbot, front.preview, tmp_path / "plan.pdf")
    row = mrns(front).index("FD-1")
    assert front.model.index(row, DeskPlanTableModel.COL_PRINTED).data() != "not yet"  # today's: stays, printed
    assert "FD-1" not in [p.mrn for p in window.clinic.plans.desk_plans(unprinted=True)]  # no longer unprinted


def test_a_patient_is_found_and_a_printed_plan_reprinted(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized(window)
    window.clinic.plans.record_print(final.plan_id, "plan")
    front = desk(window, qtbot, monkeypatch)
    find(qtbot, front, "FD-1")
    assert mrns(front) == ["FD-1"]
    assert front.model.index(0, DeskPlanTableModel.COL_PRINTED).data() != "not yet"
    click(qtbot, front.print_button)
    qtbot.addWidget(front.preview)
    assert front.preview.file_name == f"plan-{final.plan_id}-2026-11-20.pdf"
    print_to(qtbot, front.preview, tmp_path / "again.pdf")


def test_marking_as_printed_and_the_plans_handouts(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized(window)
    front = desk(window, qtbot, monkeypatch)
    find(qtbot, front, "FD-1")
    assert mrns(front) == ["FD-1"]
    assert front.model.index(0, DeskPlanTableModel.COL_PRINTED).data() == "not yet"
    click(qtbot, front.handouts_button)
    qtbot.addWidget(front.preview)
    assert front.preview.document.pageCount() >= 1 and front.preview.file_name == f"handouts-{final.plan_id}.pdf"
    close_preview(qtbot, front.preview)
    click(qtbot, front.mark_button)
    assert front.model.index(0, DeskPlanTableModel.COL_PRINTED).data() != "not yet"


def test_any_handout_prints_alone(open_window, qtbot, monkeypatch):
    window = open_window(demo=1)
    front = desk(window, qtbot, monkeypatch)
    click_tab(qtbot, front.tabs, 1)
    titles = [front.handout_list.item(i).text() for i in range(front.handout_list.count())]
    assert "Naloxone rescue spray" in titles and "Get help right away" in titles
    click_item(qtbot, front.handout_list, titles.index("Naloxone rescue spray"))
    click(qtbot, front.handout_button)
    qtbot.addWidget(front.preview)
    assert front.preview.file_name == "handout-naloxone.pdf"


def test_the_front_desk_has_no_clinical_editing(open_window, qtbot, monkeypatch):
    window = open_window(demo=1)
    front = desk(window, qtbot, monkeypatch)
    assert front.findChildren(QPlainTextEdit) == []
    assert [e.objectName() for e in front.findChildren(QLineEdit)] == ["deskSearch"]
    assert isinstance(front, FrontDeskWindow)


def test_desk_model_passes_the_model_tester(qtmodeltester, open_window):
    window = open_window(demo=1)
    finalized(window)
    model = DeskPlanTableModel()
    model.set_rows(window.clinic.plans.desk_plans(unprinted=True))
    qtmodeltester.check(model)


def test_a_plan_saved_as_pdf_is_in_the_audit_trail_but_not_marked_printed(open_window, qtbot, monkeypatch, tmp_path):
    """The walkthrough's clerk saved plans and handouts as PDF files and the audit trail had no trace of them."""
    from PySide6.QtWidgets import QFileDialog

    from fbss_desktop.storage import audit

    window = open_window(demo=1)
    patient, final = finalized(window)
    front = desk(window, qtbot, monkeypatch)
    click_row(qtbot, front.view, mrns(front).index("FD-1"))
    click(qtbot, front.print_button)
    qtbot.addWidget(front.preview)
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    click(qtbot, front.preview.save_button)
    assert target.exists()
    saved = [e for e in audit.entries() if e.action == "printed" and e.object_id == final.plan_id]
    assert [e.detail for e in saved] == ["plan saved as PDF"] and saved[0].patient_id == patient.id
    assert "FD-1" in [p.mrn for p in window.clinic.plans.desk_plans(unprinted=True)]  # still to be printed


def test_the_front_desk_reprints_a_signed_procedure_note_and_records_the_print(
    open_window, qtbot, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QInputDialog

    from fbss_desktop.storage import audit

    window = open_window(demo=1)
    patient, final = finalized(window)
    draft, _ = window.clinic.procedures.save(
        patient.id, {"kind": "ESI", "performed_on": "2026-11-20", "region": "lumbar", "levels": ["L4-L5"]}
    )
    window.clinic.procedures.save(  # a draft note is not the front desk's to print: only the signed one is offered
        patient.id, {"kind": "RFA", "performed_on": "2026-11-19", "region": "lumbar", "levels": ["L4-L5"]}
    )
    window.clinic.procedures.sign(draft.id, draft.row_version)
    offered: list[list[str]] = []

    def pick(parent, title, label, items, *args, **kwargs):
        offered.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    front = desk(window, qtbot, monkeypatch)
    find(qtbot, front, "FD-1")
    click_row(qtbot, front.view, 0)
    click(qtbot, front.papers_button)
    assert offered == [["Procedure note: Epidural steroid injection of 2026-11-20"]]
    qtbot.waitUntil(lambda: getattr(front, "preview", None) is not None and front.preview.isVisible())
    qtbot.addWidget(front.preview)
    assert front.preview.file_name == f"procedure-note-{draft.id}.pdf"
    print_to(qtbot, front.preview, tmp_path / "note.pdf")
    assert any(e.action == "printed" and e.object_kind == "procedure" for e in audit.entries())
