"""Procedure records as a clinician reaches them: the patient's Procedures tab, a record started from the plan,
typed, refused at the wrong field, saved and signed; the relief at follow-up; a stimulator trial's diary typed
back in and judged as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QPushButton

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.gui.procedures.follow_up import COL_RELIEF, DiaryDialog, ResponseDialog
from fbss_desktop.gui.procedures.record_dialog import ProcedureDialog
from tests.gui.conftest import answer_message_box, click, click_row, click_tab, drive_modal, type_text
from tests.scenarios import save_scenario


def open_procedures(qtbot, window, scenario: str = "apixaban_esi"):
    patient, _ = save_scenario(window.clinic, scenario)
    window.events.changes_applied.emit(ChangeSet(patients=frozenset({patient.id}), patient_list=True))
    click_row(qtbot, window.patient_view, 0)
    tabs = window.panel.visits
    click_tab(qtbot, tabs, tabs.indexOf(window.procedures.box))
    return window.procedures.box


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_an_esi_from_the_plan_is_recorded_refused_at_its_field_then_saved_and_signed(open_window, qtbot):
    window = open_window()
    box = open_procedures(qtbot, window)
    assert [a.text() for a in box.planned_actions] == [
        "From the plan: Epidural steroid injection L4-L5 left (plan of 2026-11-20)"
    ]

    def record(dialog: ProcedureDialog) -> None:
        assert dialog.widgets["levels"].text() == "L4-L5"  # carried from the plan item
        known = dialog.findChild(QLabel, "recordedAllergies")
        assert "contrast" in known.text().lower() and "hives" in known.text()  # beside the allergy check
        type_text(qtbot, dialog.widgets["nrs_before"], "12")
        contrast = dialog.widgets["contrast"]
        assert isinstance(contrast, QComboBox)
        contrast.setCurrentIndex(contrast.findData("iodinated"))
        click(qtbot, save_button(dialog))
        assert dialog.errors.message("nrs_before") == "must be between 0 and 10"
        assert "allergy" in dialog.errors.message("allergy_checked")
        assert dialog.isVisible()  # refused: nothing typed is lost
        type_text(qtbot, dialog.widgets["nrs_before"], "7")
        dialog.performed_on.setFocus()
        dialog.performed_on.setSelectedSection(dialog.performed_on.Section.YearSection)
        qtbot.keyClicks(dialog.performed_on, "2026")
        dialog.performed_on.setSelectedSection(dialog.performed_on.Section.MonthSection)
        qtbot.keyClicks(dialog.performed_on, "09")  # two months before the follow-up
        assert dialog.performed_on.date().toString("yyyy-MM-dd") == "2026-09-21"
        click(qtbot, dialog.allergy_checked)
        type_text(qtbot, dialog.widgets["fluoroscopy_seconds"], "24")
        click(qtbot, dialog.injectates.add_button)
        drug = dialog.injectates.cell(0, 0)
        drug.setCurrentIndex(drug.findData("dexamethasone"))
        type_text(qtbot, dialog.injectates.cell(0, 1), "10")
        sign = dialog.findChild(QPushButton, "signProcedure")
        answer = answer_message_box("Yes")
        click(qtbot, sign)
        answer.check(qtbot)

    drive_modal(qtbot, lambda: box.planned_actions[0].trigger(), record, ProcedureDialog)
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    saved = box.model.row_object(0)
    assert (saved.kind, saved.signed, saved.nrs_before, saved.injectates[0].dose_mg) == ("ESI", True, 7, 10)
    assert box.planned_actions == []  # recorded: the plan's ESI is no longer offered

    click_row(qtbot, box.view, 0)

    def relief(dialog: ResponseDialog) -> None:
        type_text(qtbot, dialog.relief, "60")
        type_text(qtbot, dialog.weeks, "8")
        click(qtbot, dialog.ongoing)
        click(qtbot, save_button(dialog))

    drive_modal(qtbot, lambda: click(qtbot, box.response_button), relief, ResponseDialog)
    qtbot.waitUntil(lambda: box.model.row_object(0).latest_response is not None)
    assert box.model.index(0, 3).data() == "60% · 8 wk so far"


def test_a_trial_diary_is_typed_back_and_judged_as_it_is_typed(open_window, qtbot):
    window = open_window()
    box = open_procedures(qtbot, window, "scs_without_psychology")

    def record(dialog: ProcedureDialog) -> None:
        type_text(qtbot, dialog.widgets["nrs_before"], "8")
        click(qtbot, save_button(dialog))

    drive_modal(qtbot, lambda: box.kind_actions["SCS_TRIAL"].trigger(), record, ProcedureDialog)
    qtbot.waitUntil(lambda: box.model.rowCount() == 1)
    click_row(qtbot, box.view, 0)
    assert not box.response_button.isEnabled() and box.diary_button.isEnabled()

    def diary(dialog: DiaryDialog) -> None:
        assert dialog.table.rowCount() == 7
        assert "not judged yet" in dialog.verdict.text()
        for row, relief in enumerate(("40", "60", "70")):
            type_text(qtbot, dialog.table.cellWidget(row, COL_RELIEF), relief)
        assert dialog.verdict.text().startswith("Trial successful")
        type_text(qtbot, dialog.table.cellWidget(0, COL_RELIEF), "140")
        assert "day 1: must be between 0 and 100" in dialog.verdict.text()
        type_text(qtbot, dialog.table.cellWidget(0, COL_RELIEF), "10")
        assert "below the success threshold" in dialog.verdict.text()
        click(qtbot, save_button(dialog))

    drive_modal(qtbot, lambda: click(qtbot, box.diary_button), diary, DiaryDialog)
    qtbot.waitUntil(lambda: len(box.model.row_object(0).diary) == 3)
    assert box.model.index(0, 3).data() == "diary: 46.7% on average"
    assert window.panel.visits.tabText(window.panel.visits.indexOf(box)) == "Procedures (1)"


def test_an_open_consult_reads_the_relief_recorded_while_it_is_open(open_window, qtbot):
    window = open_window()
    box = open_procedures(qtbot, window)
    click_tab(qtbot, window.panel.visits, window.panel.visits.indexOf(window.panel.consult_box))
    click_row(qtbot, window.panel.consult_view, 0)
    click(qtbot, window.panel.open_consult)
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    editor.evaluate_now()
    # the history line's ESI of March helped 60% for 10 weeks: short of the 12 weeks that support a repeat
    assert [f.outcome.value for f in editor.evaluation.findings if f.rule == "R25"] == ["fired"]

    patient_id = window.panel.patient.id
    saved, changes = window.clinic.procedures.save(
        patient_id, {"kind": "ESI", "performed_on": "2026-09-21", "region": "lumbar", "levels": ["L4-L5"]}
    )
    window.events.changes_applied.emit(changes)  # as the window's own save announces it
    # September's ESI, recorded here, is now the last one: how much did it help?
    qtbot.waitUntil(lambda: [f.outcome.value for f in editor.evaluation.findings if f.rule == "R25"] == ["needs_input"])
    _, changes = window.clinic.procedures.record_response(
        saved.id, saved.row_version, {"relief_percent": 20, "lasted_weeks": 2}
    )
    window.events.changes_applied.emit(changes)
    qtbot.waitUntil(lambda: [f.outcome.value for f in editor.evaluation.findings if f.rule == "R25"] == ["fired"])
    assert box.model.rowCount() == 1


def test_the_procedure_table_model_passes_the_model_tester(qtmodeltester):
    import datetime as dt

    from fbss_desktop.core.procedures import Procedure, Response
    from fbss_desktop.gui.procedures.box import ProcedureTableModel

    model = ProcedureTableModel(lambda kind: kind.title())
    done = Procedure(1, "ESI", dt.date(2026, 9, 21), levels=("L4-L5",), side="left", id=1)
    answered = Procedure(
        1, "RFA", dt.date(2026, 10, 2), responses=(Response(dt.date(2026, 11, 20), 80, 6, ongoing=True),), id=2
    )
    model.set_rows([answered, done])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(5)] == ["2026-10-02", "Rfa", "", "80% · 6 wk so far", "Draft"]
