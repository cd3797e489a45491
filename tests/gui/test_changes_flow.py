"""Writes announce themselves: the task runner emits the ChangeSet a write returns, and every screen that shows
what changed follows: the open patient after a print at the front desk, the front desk after a print from the
patient, the trend and the search after Edit › Settings…, the consults after a clinician is renamed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton, QTabWidget

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicianDialog
from fbss_desktop.gui.dialogs.clinicians_dialog import CliniciansDialog
from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog
from fbss_desktop.gui.front_desk import DeskPlanTableModel
from fbss_desktop.gui.models.history_tables import ConsultTableModel, PlanVersionTableModel
from fbss_desktop.gui.tasks import SyncTaskRunner, TaskRunner
from tests.gui.conftest import (
    choose_data,
    click,
    click_row,
    click_tab,
    drive_modal,
    find_patient,
    search,
    type_text,
)
from tests.gui.test_front_desk import desk, mrns, print_to
from tests.gui.test_printing import open_plan_preview
from tests.scenarios import finalized_scenario

DEMO_MRN = "D000001"  # the first demo patient: three consults, back pain 5 -> 4


# --- the runner -------------------------------------------------------------------------------------------
@pytest.fixture(params=["worker", "sync"])
def runner(request, qtbot):
    made = TaskRunner() if request.param == "worker" else SyncTaskRunner()
    yield made
    made.shutdown()


def test_a_write_is_announced_after_its_callback_and_a_read_or_a_failure_is_not(runner, qtbot):
    seen: list[object] = []
    runner.changes_applied.connect(lambda changes: seen.append(("announced", changes)))
    saved = ChangeSet(patients=frozenset({7}))
    printed = ChangeSet(consults_of=frozenset({7}))

    runner.run(lambda: ("patient", saved), lambda result: seen.append(("done", result[0])))
    runner.run(lambda: printed)  # a write with no callback is announced all the same
    runner.run(lambda: ("a", "read"), lambda result: seen.append(("done", result)))
    runner.run(lambda: 1 / 0, on_error=lambda exc: seen.append(("failed", type(exc).__name__)))
    qtbot.waitUntil(lambda: len(seen) == 5)

    assert seen == [
        ("done", "patient"),
        ("announced", saved),
        ("announced", printed),
        ("done", ("a", "read")),
        ("failed", "ZeroDivisionError"),
    ]


def test_a_write_whose_callback_fails_is_announced_all_the_same(qtbot):
    runner, seen = SyncTaskRunner(), []
    runner.changes_applied.connect(seen.append)

    def done(_result):
        raise RuntimeError("a screen failed")

    with pytest.raises(RuntimeError):
        runner.run(lambda: ChangeSet(settings=True), done)
    assert seen == [ChangeSet(settings=True)]


# --- printing: the front desk and the open patient --------------------------------------------------------
def open_plans_tab(qtbot, window, mrn):
    """Find the patient in the main window and show their Treatment plans tab."""
    find_patient(qtbot, window, mrn)
    panel = window.panel
    click_tab(qtbot, panel.visits, panel.visits.indexOf(panel.plan_box))
    return panel


def panel_printed(panel, plan_id):
    model = panel.plan_model
    (row,) = [r for r in range(model.rowCount()) if model.row_object(r).plan_id == plan_id]
    return model.index(row, PlanVersionTableModel.COL_PRINTED).data()


def desk_printed(front, mrn):
    return front.model.index(mrns(front).index(mrn), DeskPlanTableModel.COL_PRINTED).data()


def test_a_print_at_the_front_desk_shows_in_the_open_patients_plans(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window(demo=1)
    _patient, final = finalized_scenario(window.clinic, "apixaban_esi", "FD-1")
    panel = open_plans_tab(qtbot, window, "FD-1")
    assert panel_printed(panel, final.plan_id) == "not yet"

    front = desk(window, qtbot, monkeypatch)
    click_row(qtbot, front.view, mrns(front).index("FD-1"))
    click(qtbot, front.print_button)
    qtbot.addWidget(front.preview)
    print_to(qtbot, front.preview, tmp_path / "plan.pdf")

    assert panel.patient.mrn == "FD-1"
    assert panel_printed(panel, final.plan_id) != "not yet"  # the open patient followed the desk's print
    assert desk_printed(front, "FD-1") != "not yet"


def test_marking_a_plan_printed_at_the_front_desk_shows_in_the_open_patients_plans(open_window, qtbot, monkeypatch):
    window = open_window(demo=1)
    _patient, final = finalized_scenario(window.clinic, "apixaban_esi", "FD-1")
    panel = open_plans_tab(qtbot, window, "FD-1")
    assert panel_printed(panel, final.plan_id) == "not yet"

    front = desk(window, qtbot, monkeypatch)
    click_row(qtbot, front.view, mrns(front).index("FD-1"))
    click(qtbot, front.mark_button)

    assert panel_printed(panel, final.plan_id) != "not yet"
    assert desk_printed(front, "FD-1") != "not yet"


def test_a_print_from_the_patient_shows_at_the_open_front_desk(open_window, qtbot, monkeypatch, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized_scenario(window.clinic, "apixaban_esi", "FD-1")
    front = desk(window, qtbot, monkeypatch)
    assert desk_printed(front, "FD-1") == "not yet"

    preview = open_plan_preview(window, qtbot, patient, final.plan_id)  # Treatment plans › Print plan…
    qtbot.addWidget(preview)
    print_to(qtbot, preview, tmp_path / "plan.pdf")

    assert desk_printed(front, "FD-1") != "not yet"  # the desk's list followed, without pressing Refresh
    assert panel_printed(window.panel, final.plan_id) != "not yet"


# --- clinic settings and clinicians -----------------------------------------------------------------------
def save_settings(qtbot, window, tab: int, key: str, value) -> None:
    """Edit › Settings…: choose `value` for `key` on tab `tab`, then Save."""

    def change(dialog: SettingsDialog) -> None:
        click_tab(qtbot, dialog.findChild(QTabWidget), tab)
        choose_data(qtbot, dialog.widgets[key], value)
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))
        assert dialog.result() == SettingsDialog.DialogCode.Accepted

    drive_modal(qtbot, window.settings_action.trigger, change, SettingsDialog)


def test_saving_settings_redraws_the_open_patients_trend(open_window, qtbot):
    window = open_window(demo=1)
    find_patient(qtbot, window, DEMO_MRN)
    summary = window.panel.trend_summary
    assert "Back pain (NRS): 5 → 4, not yet a minimal important change (2)" in summary.text()

    save_settings(qtbot, window, 1, "outcomes.mcid_nrs", 1)  # Outcomes and medicines

    assert "Back pain (NRS): 5 → 4, reached the minimal important change (1)" in summary.text()
    assert window.panel.chart.mcid_lines  # the chart was drawn again with the new lines


def test_saving_the_date_order_reads_the_search_box_again(open_window, qtbot):
    window = open_window(demo=1)
    born = window.clinic.patients.search(DEMO_MRN).page.rows[0].date_of_birth
    assert born.day != born.month  # read the other way round, it is another day (or none)
    search(qtbot, window, f"{born.month}/{born.day}/{born.year}")  # month/day/year, the default
    assert [window.patient_model.patient_at(r).mrn for r in range(window.patient_model.rowCount())] == [DEMO_MRN]

    save_settings(qtbot, window, 0, "dates.slash_order", "DMY")  # Dates

    assert window.patient_model.rowCount() == 0  # the same text read day/month/year finds nobody
    assert window.match_count.text() != "1 match"


def test_renaming_a_clinician_shows_in_the_open_patients_consults(open_window, qtbot):
    window = open_window(demo=1)
    find_patient(qtbot, window, DEMO_MRN)
    consults = window.panel.consult_model
    column = ConsultTableModel.COL_CLINICIAN
    before = consults.index(0, column).data()
    assert before

    def rename(dialog: CliniciansDialog) -> None:
        names = [c.display_name for c in dialog.model.rows]
        click_row(qtbot, dialog.view, names.index(before))

        def edit(d: ClinicianDialog) -> None:
            type_text(qtbot, d.findChild(QLineEdit, "full_name"), "Dr. Renamed Person")
            click(qtbot, d.buttons.button(QDialogButtonBox.StandardButton.Save))

        drive_modal(qtbot, lambda: click(qtbot, dialog.edit_button), edit, ClinicianDialog)
        (close,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Close"]
        click(qtbot, close)

    drive_modal(qtbot, window.clinicians_action.trigger, rename, CliniciansDialog)

    assert consults.index(0, column).data().startswith("Dr. Renamed Person")
