"""Instructions for the patient, clicked through as a clinician does: the open patient's Treatment plans tab,
a plan, Instructions for the patient…, the date chosen in the calendar, the prescriber's agreement typed, Save
and preview; the sheet printed through the print dialog and the print recorded. Changed dates need a reason;
a plan without a procedure says so."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from fbss_desktop.gui.dialogs.instructions_dialog import InstructionsDialog
from fbss_desktop.storage import plans as plan_store
from tests.gui.conftest import (
    answer_message_box,
    click,
    click_row,
    click_tab,
    find_patient,
    tick,
    type_text,
    when_modal,
)
from tests.gui.printing import press_print
from tests.scenarios import finalized_scenario, save_scenario


def open_instructions(qtbot, window, patient, plan_id, drive, kind=InstructionsDialog):
    """Find the patient, open the Treatment plans tab, pick the plan and press Instructions for the patient…."""
    find_patient(qtbot, window, patient.mrn)
    panel = window.panel
    click_tab(qtbot, panel.visits, panel.visits.indexOf(panel.plan_box))
    row = next(r for r in range(panel.plan_model.rowCount()) if panel.plan_model.row_object(r).plan_id == plan_id)
    click_row(qtbot, panel.plan_view, row)
    handler = drive if kind is None else when_modal(drive, kind)
    click(qtbot, panel.instructions)
    return handler.check(qtbot)


def choose_day(qtbot, date_edit, weeks: int, days: int) -> None:
    """Open the date's calendar (F4) and walk to the day with the arrow keys, then Enter."""
    date_edit.setFocus()
    qtbot.keyClick(date_edit, Qt.Key.Key_F4)
    view = date_edit.calendarWidget().findChild(QTableView)
    for key in [Qt.Key.Key_Down] * weeks + [Qt.Key.Key_Right] * days:
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def pdf_words(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_clinician_writes_and_prints_the_apixaban_patients_instructions(open_window, qtbot, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized_scenario(window.clinic, "apixaban_esi", "GI-1")

    def fill(dialog: InstructionsDialog) -> None:
        (row,) = dialog.rows
        assert "last dose" in row.table.text() and "NOT CONFIRMED" in row.table.text()
        choose_day(qtbot, dialog.date, weeks=2, days=6)  # from "Choose the date" (Nov 20) to Thu Dec 10, 2026
        assert "last dose Sun 06 Dec 2026" in row.table.text()  # the table's dates follow the date chosen
        type_text(qtbot, dialog.place, "Suite B, 14 River Road")
        tick(qtbot, row.agreed)
        type_text(qtbot, row.agreed_by, "Dr Amy Chen (cardiology)")
        click(qtbot, dialog.save_button)

    open_instructions(qtbot, window, patient, final.plan_id, fill)

    preview = window.preview
    qtbot.addWidget(preview)
    text = pdf_words(preview.pdf)
    assert "Thursday, December 10, 2026" in text and "Suite B, 14 River Road" in text
    assert "Take your last dose on Sunday, December 6, 2026." in text
    assert "Do not take it on December 7, December 8 or December 9" in text
    assert "Start it again on Friday, December 11, 2026, at 9:00 AM or later." in text
    assert "Dr Amy Chen (cardiology), who prescribes it, agreed" in text

    press_print(qtbot, preview, tmp_path / "printed.pdf")
    (sheet,) = window.clinic.instructions.of_patient(patient.id)
    assert sheet.printed_at is not None
    assert ("instructions", "i1") in [(p.kind, p.detail) for p in plan_store.prints_of(final.plan_id)]


def test_without_the_agreement_the_printed_sheet_tells_the_patient_to_call_the_prescriber(open_window, qtbot):
    window = open_window(demo=1)
    patient, final = finalized_scenario(window.clinic, "apixaban_esi", "GI-2")

    def fill(dialog: InstructionsDialog) -> None:
        choose_day(qtbot, dialog.date, weeks=2, days=6)
        type_text(qtbot, dialog.place, "Suite B")
        click(qtbot, dialog.save_button)

    open_instructions(qtbot, window, patient, final.plan_id, fill)
    qtbot.addWidget(window.preview)
    text = pdf_words(window.preview.pdf)
    assert "Do not stop Apixaban on your own. First call the doctor who prescribes it" in text
    assert "Take your last dose" not in text


def test_changed_dates_are_refused_until_a_reason_is_given(open_window, qtbot):
    window = open_window(demo=1)
    patient, final = finalized_scenario(window.clinic, "apixaban_esi", "GI-3")
    seen = {}

    def fill(dialog: InstructionsDialog) -> None:
        (row,) = dialog.rows
        choose_day(qtbot, dialog.date, weeks=2, days=6)
        type_text(qtbot, dialog.place, "Suite B")
        tick(qtbot, row.agreed)
        type_text(qtbot, row.agreed_by, "Dr Amy Chen")
        tick(qtbot, row.change)
        row.last_dose.setFocus()
        qtbot.keyClick(row.last_dose, Qt.Key.Key_Down)  # one day earlier than the table's
        click(qtbot, dialog.save_button)
        seen["refused"] = dialog.isVisible() and dialog.field_message("thinners.0.reason")
        type_text(qtbot, row.reason, "The cardiologist asked for one more day")
        click(qtbot, dialog.save_button)

    open_instructions(qtbot, window, patient, final.plan_id, fill)
    qtbot.addWidget(window.preview)
    assert "say why the dates differ" in seen["refused"]
    assert "Take your last dose on Saturday, December 5, 2026." in pdf_words(window.preview.pdf)


def test_a_plan_without_a_procedure_says_there_is_nothing_to_instruct(open_window, qtbot):
    window = open_window(demo=1)
    patient, draft = save_scenario(window.clinic, "ckd4_nsaid", "GI-4")  # a naproxen plan, still a draft
    seen: list[str] = []
    open_instructions(qtbot, window, patient, draft.plan_id, answer_message_box("OK", seen), kind=None)
    assert seen and "no injection, nerve procedure or stimulator" in seen[0]


def test_the_front_desk_reprints_the_saved_sheet_from_the_plan(open_window, qtbot, tmp_path, monkeypatch):
    from dataclasses import replace

    from tests.gui.test_front_desk import desk, find
    from tests.services.test_instructions import agreed_sheet

    window = open_window(demo=1)
    clinic = window.clinic
    patient, final = finalized_scenario(clinic, "apixaban_esi", "GI-5")
    draft, form = agreed_sheet(clinic, final.plan_id)  # written by the clinician, from the services
    clinic.instructions.save(draft, replace(form, place="Suite B"))
    front = desk(window, qtbot, monkeypatch)
    find(qtbot, front, "GI-5")
    click_row(qtbot, front.view, 0)

    click(qtbot, front.instructions_button)

    preview = front.preview
    qtbot.addWidget(preview)
    assert "Take your last dose on Sunday, December 6, 2026." in pdf_words(preview.pdf)
    press_print(qtbot, preview, tmp_path / "reprint.pdf")
    (sheet,) = clinic.instructions.of_patient(patient.id)
    assert sheet.printed_at is not None
