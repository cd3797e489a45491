from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.text import words
from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog
from fbss_desktop.gui.dialogs.surgery_dialog import SurgeryDialog
from fbss_desktop.gui.ui_state import WorkstationState
from tests.gui.conftest import (
    activate,
    answer_message_box,
    choose,
    click,
    click_row,
    drive_modal,
    search,
    type_text,
)


def test_an_empty_database_offers_demo_patients_and_loading_them_fills_the_list(open_window, qtbot):
    window = open_window()
    assert window.list_stack.currentWidget() is window.empty_state
    qtbot.mouseClick(window.empty_load_demo, Qt.MouseButton.LeftButton)
    assert window.list_stack.currentWidget() is window.patient_view
    assert window.patient_model.rowCount() == 50
    assert window.match_count.text() == "50 patients"
    assert "demo" in window.windowTitle()


def test_demo_patients_beside_real_ones_are_asked_about_and_loading_them_is_audited(open_window, qtbot):
    from fbss_desktop.storage import audit

    window = open_window(demo=3)
    window.interactive = True  # the clinic is set up: from here on it asks as it does for a person
    said: list[str] = []
    declined = answer_message_box("No", said)
    window.load_demo_action.trigger()  # File › Load 50 demo patients
    declined.check(qtbot)
    assert said[0].startswith("This clinic already holds 3 patients. Add 50 more fictional demo patients")
    assert window.clinic.patients.count() == 3

    accepted = answer_message_box("Yes")
    window.load_demo_action.trigger()
    accepted.check(qtbot)
    qtbot.waitUntil(lambda: window.clinic.patients.count() == 53)
    assert [e.detail for e in audit.search(action="demo_loaded")] == ["50 demo patients", "3 demo patients"]


def test_typing_a_name_lists_matches_accent_insensitively_and_opens_the_chosen_patient(open_window, qtbot):
    window = open_window(demo=200)
    search(qtbot, window, "zoe")
    rows = [window.patient_model.patient_at(r) for r in range(window.patient_model.rowCount())]
    assert any(p.given_names == "Zoë" for p in rows)
    assert all(any(w.startswith("zoe") for w in words(p.family_name, p.given_names)) for p in rows)
    assert window.match_count.text().endswith(("match", "matches"))
    target = next(r for r, p in enumerate(rows) if p.given_names == "Zoë")
    click_row(qtbot, window.patient_view, target)
    assert window.panel.name.text() == rows[target].display_name
    assert "MRN " + rows[target].mrn in window.panel.details.text()


def test_keyboard_flow_find_then_down_then_open(open_window, qtbot):
    window = open_window(demo=20)
    activate(qtbot, window)
    click_row(qtbot, window.patient_view, 3)
    assert window.focusWidget() is window.patient_view
    qtbot.keyClick(window.patient_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Edit › Find patient
    assert window.search.hasFocus()
    search(qtbot, window, "D000007")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.panel.patient is not None and window.panel.patient.mrn == "D000007"


def test_an_impossible_date_in_the_search_box_says_why(open_window, qtbot):
    window = open_window(demo=5)
    search(qtbot, window, "1961-02-30")
    assert window.patient_model.rowCount() == 0
    assert "not a real calendar date" in window.match_count.text()


def fill_patient(qtbot, dialog, mrn, family, given, dob):
    for widget, text in (
        (dialog.mrn, mrn),
        (dialog.family_name, family),
        (dialog.given_names, given),
        (dialog.date_of_birth, dob),
    ):
        widget.clear()
        if text.isascii():
            qtbot.keyClicks(widget, text)
        else:
            widget.insert(text)  # QTest cannot synthesise key events for "ë"; an input method inserts it


def test_new_patient_dialog_shows_messages_at_the_wrong_fields_and_saves_once_corrected(open_window, qtbot):
    window = open_window(demo=3)

    def fill_in(dialog: PatientDialog) -> None:
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        fill_patient(qtbot, dialog, "D000001", "", "Zoë", "2030-01-01")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.field_message("family_name") == "Family name is required."
        assert dialog.field_message("date_of_birth") == "Date of birth is in the future."

        fill_patient(qtbot, dialog, "D000001", "Núñez", "Zoë", "1961-04-12")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        # The database refuses the taken MRN; the message appears at that field and the typing is kept.
        assert dialog.field_message("mrn") == "Medical record number D000001 already belongs to another patient."
        assert dialog.family_name.text() == "Núñez" and dialog.result() == 0 and dialog.isVisible()
        assert window.clinic.patients.count() == 3

        fill_patient(qtbot, dialog, "N-77", "Núñez", "Zoë", "1961-04-12")
        with qtbot.waitSignal(dialog.patient_saved):
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.result() == PatientDialog.DialogCode.Accepted and not dialog.isVisible()

    drive_modal(qtbot, window.new_patient_action.trigger, fill_in, PatientDialog)  # File › New patient…
    assert window.clinic.patients.count() == 4
    assert window.panel.patient is not None and window.panel.patient.mrn == "N-77"  # the new patient is open
    search(qtbot, window, "nunez zo")
    assert window.patient_model.patient_at(0).mrn == "N-77"


def test_editing_a_patient_updates_the_list_row_and_panel(open_window, qtbot):
    window = open_window(demo=3)
    click_row(qtbot, window.patient_view, 0)
    patient = window.panel.patient

    def rename(dialog: PatientDialog) -> None:
        assert dialog.family_name.text() == patient.family_name
        type_text(qtbot, dialog.family_name, "Renamed")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert dialog.result() == PatientDialog.DialogCode.Accepted

    drive_modal(qtbot, lambda: click(qtbot, window.panel.edit_button), rename, PatientDialog)
    row = window.patient_model.row_of(patient.id)  # the list re-sorts after a rename
    assert window.patient_model.patient_at(row).family_name == "Renamed"
    assert window.panel.name.text().startswith("Renamed,")
    assert window.clinic.patients.get(patient.id).row_version == patient.row_version + 1


def test_surgery_is_added_with_quick_level_buttons_and_removed_after_confirmation(open_window, qtbot, monkeypatch):
    window = open_window()
    _, changes = window.clinic.patients.save(
        PatientInput(mrn="S-1", family_name="Spine", given_names="Sam", date_of_birth="1960-01-01", sex="M")
    )
    window.events.changes_applied.emit(changes)  # the save's announcement, as the window's own saves make it
    click_row(qtbot, window.patient_view, 0)
    assert window.panel.patient.mrn == "S-1"

    def add(dialog: SurgeryDialog) -> None:
        qtbot.keyClicks(dialog.performed, "2019-03")
        choose(qtbot, dialog.procedure, "Transforaminal lumbar interbody fusion (TLIF)")
        assert dialog.fusion.isChecked() and dialog.instrumented.isChecked()  # preset from the catalogue
        qtbot.mouseClick(dialog.level_buttons["L4-L5"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.level_buttons["L5-S1"], Qt.MouseButton.LeftButton)
        assert dialog.levels.text() == "L4-L5, L5-S1"
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert dialog.result() == SurgeryDialog.DialogCode.Accepted

    drive_modal(qtbot, lambda: click(qtbot, window.panel.add_surgery), add, SurgeryDialog)
    assert window.panel.surgery_model.rowCount() == 1
    assert "1 operation" in window.panel.surgery_box.title()
    stored = window.clinic.patients.open(window.panel.patient.id).surgeries[0]
    assert stored.procedure == "TLIF" and stored.levels == ("L4-L5", "L5-S1")

    click_row(qtbot, window.panel.surgery_view, 0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    qtbot.mouseClick(window.panel.remove_surgery, Qt.MouseButton.LeftButton)
    assert window.panel.surgery_model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(window.panel.remove_surgery, Qt.MouseButton.LeftButton)
    assert window.panel.surgery_model.rowCount() == 0


def test_surgery_dialog_refuses_a_level_that_does_not_exist_at_its_field(open_window, qtbot):
    window = open_window(demo=2)
    click_row(qtbot, window.patient_view, 0)

    def add(dialog: SurgeryDialog) -> None:
        qtbot.keyClicks(dialog.performed, "2020")
        dialog.procedure.setFocus()
        qtbot.keyClick(dialog.procedure, Qt.Key.Key_Down)  # the first procedure
        assert dialog.procedure.currentIndex() == 1
        qtbot.keyClicks(dialog.levels, "L6-S1")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert dialog.errors.message("levels") == "'L6-S1' is not a spinal level; use the form L4-L5 or L5-S1."
        assert dialog.result() == 0 and dialog.isVisible()  # refused: the dialog stays open

    drive_modal(qtbot, lambda: click(qtbot, window.panel.add_surgery), add, SurgeryDialog)


def test_window_geometry_and_splitter_are_remembered_per_workstation(open_window, tmp_path):
    state = WorkstationState(tmp_path)
    first = open_window(state=state)
    # Within the offscreen screen (800x600), which restoreGeometry clamps to, and not below the window's
    # minimum width (the empty state's buttons set it).
    size = (max(700, first.minimumSizeHint().width()), 500)
    first.resize(*size)
    assert (first.width(), first.height()) == size
    first.splitter.setSizes([300, 600])
    first.quit_action.trigger()  # File › Quit
    assert not first.isVisible()
    second = open_window(state=WorkstationState(tmp_path))
    assert (second.width(), second.height()) == size
    assert (tmp_path / "workstation.ini").exists()


def wheel(qtbot, widget, steps):
    """Turn the mouse wheel over `widget` by `steps` notches (negative: towards the user, down the list)."""
    centre = widget.rect().center()
    event = QWheelEvent(
        QPointF(centre),
        QPointF(widget.mapToGlobal(centre)),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_scrolling_down_the_patient_list_fetches_the_next_page(open_window, qtbot):
    window = open_window(demo=200)
    model, view = window.patient_model, window.patient_view
    assert model.rowCount() == 100 and model.canFetchMore()  # one page until the list is scrolled
    for _ in range(100):
        if model.rowCount() > 100:
            break
        wheel(qtbot, view.viewport(), -3)
    assert model.rowCount() == 200


def test_a_double_click_on_a_consult_opens_one_editor(qtbot, sqlite_url, tmp_path):
    """A double click also activates the row; with the database on its worker thread both requests are in
    flight at once, and the consult must still open once, not twice on top of itself."""
    from fbss_desktop.gui.events import AppEvents
    from fbss_desktop.gui.main_window import MainWindow
    from fbss_desktop.gui.tasks import TaskRunner
    from fbss_desktop.services.clinic import Clinic
    from tests.conftest import TODAY

    runner = TaskRunner()
    window = MainWindow(runner, AppEvents(), today=lambda: TODAY, recovery_dir=tmp_path / "recovery")
    window.interactive = False
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_database(lambda: Clinic.open(sqlite_url, backup_dir=None, today=lambda: TODAY))
        qtbot.waitUntil(lambda: window.clinic is not None)
        window.load_demo(1)
        qtbot.waitUntil(lambda: window.patient_model.rowCount() > 0, timeout=20000)
        window.patient_view.setFocus()
        qtbot.keyClick(window.patient_view, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: window.panel.consult_model.rowCount() > 0, timeout=10000)
        view = window.panel.consult_view
        where = view.visualRect(view.model().index(0, 0)).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double click's first press
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.waitUntil(lambda: bool(window.editors), timeout=10000)
        qtbot.wait(500)  # a second editor would arrive now
        editors = [w for w in QApplication.topLevelWidgets() if w.objectName() == "consultEditor" and w.isVisible()]
        assert len(editors) == 1
        for editor in editors:
            editor.dirty = False
            editor.close()
    finally:
        window.close_database()
        runner.shutdown()
