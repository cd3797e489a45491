"""Failures speak: a save, sign or finalize that the database refuses shows what went wrong and what to do
in the window that asked, keeps everything typed (the editor stays dirty and autosaved), and logs the fault
without patient data; an unexpected exception is logged and shown, never only printed to stderr."""

from __future__ import annotations

import logging
import sqlite3
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.gui import failures
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.recovery import RecoveryStore
from tests.conftest import TODAY

SECRET_NAME = "Zebedee"  # a patient name that must never reach the log


@pytest.fixture
def messages(monkeypatch):
    """Message boxes as the user would see them: (kind, title, text)."""
    shown = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _parent, title, text, *a, _kind=kind, **k: shown.append((_kind, title, text))
        )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    return shown


@pytest.fixture
def window(qtbot, sqlite_url, tmp_path):
    made = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: TODAY, recovery_dir=tmp_path / "recovery")
    made.interactive = False
    qtbot.addWidget(made)
    made.open_database(lambda: Clinic.open(sqlite_url, backup_dir=None, today=lambda: TODAY, busy_timeout=0.2))
    made.show()
    yield made
    made.close_database()


def editor_with_typing(window, qtbot):
    patient, _ = window.clinic.patients.save(
        PatientInput(mrn="F-1", family_name=SECRET_NAME, given_names="Ann", date_of_birth="1970-01-02", sex="F")
    )
    from tests.gui.conftest import find_patient

    find_patient(qtbot, window, patient.mrn)
    window.new_consult_action.trigger()
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    reason = editor.form.fields["reason"].widget
    reason.setFocus()
    qtbot.keyClicks(reason, "Leg pain worse since spring")
    return editor, patient


def database_file(window):
    return window.clinic.database.database


def test_a_save_while_another_workstation_holds_the_lock_says_busy_and_keeps_the_consult(
    window, qtbot, messages, tmp_path, caplog
):
    editor, patient = editor_with_typing(window, qtbot)
    other = sqlite3.connect(database_file(window), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing and does not let go
    try:
        with caplog.at_level(logging.INFO):
            QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    finally:
        other.execute("ROLLBACK")
        other.close()

    ((kind, title, text),) = messages
    assert (kind, title) == ("warning", "Consult not saved")
    assert "busy on another workstation" in text and "press Save draft again" in text
    assert editor.isVisible() and editor.dirty and editor.consult_id is None
    assert editor.form.fields["reason"].get() == "Leg pain worse since spring"  # nothing typed is lost
    (kept,) = RecoveryStore(tmp_path / "recovery", window.clinic.database_key).pending()  # autosaved
    assert kept.document["reason"] == "Leg pain worse since spring"
    assert "DatabaseBusyError" in caplog.text and SECRET_NAME not in caplog.text and "Leg pain" not in caplog.text

    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # the lock is gone: Save again saves
    assert editor.consult_id is not None and not editor.dirty
    assert window.clinic.consults.open(editor.consult_id).document["reason"] == "Leg pain worse since spring"


def test_a_read_only_database_says_so_and_keeps_the_consult(window, qtbot, messages):
    editor, _ = editor_with_typing(window, qtbot)
    window.clinic.database.execute_sql("PRAGMA query_only = 1")  # as a read-only file or mount would

    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    ((_kind, title, text),) = messages
    assert title == "Consult not saved" and "cannot be written" in text
    assert editor.dirty and editor.form.fields["reason"].get() == "Leg pain worse since spring"


def test_a_full_disk_says_so_and_keeps_the_consult(window, qtbot, messages):
    editor, _ = editor_with_typing(window, qtbot)
    notes = editor.form.fields["history.notes"].widget
    QApplication.clipboard().setText(" ".join(f"word{n}" for n in range(850)))  # a long letter, pasted
    notes.setFocus()
    QTest.keyClick(notes, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    fill_the_disk(window.clinic.database)

    QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    ((_kind, title, text),) = messages
    assert title == "Consult not saved" and "disk that holds the database is full" in text
    assert editor.dirty and editor.isVisible()


def fill_the_disk(db):
    """The database file may not grow, and the room left in it is used up: as a full disk would be."""
    db.execute_sql("CREATE TABLE ballast (data BLOB)")
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    size = 4096
    while size >= 8:
        try:
            db.execute_sql("INSERT INTO ballast VALUES (randomblob(?))", (size,))
        except Exception:  # noqa: BLE001 - full: try smaller
            size //= 2


def test_a_new_patient_refused_by_the_database_keeps_the_dialog_as_typed(window, qtbot, messages, monkeypatch):
    from fbss_desktop.gui.dialogs import patient_dialog

    window.clinic.database.execute_sql("PRAGMA query_only = 1")
    opened = []
    # The dialog is modal; the test keeps it open (shown, not exec'd) to type into it as a user would.
    monkeypatch.setattr(patient_dialog.PatientDialog, "exec", lambda self: opened.append(self) or 0)
    window.new_patient_action.trigger()
    (dialog,) = opened
    qtbot.addWidget(dialog)
    dialog.show()
    fill_patient(dialog, qtbot)
    QTest.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    ((_kind, title, text),) = messages
    assert "cannot be written" in text and "kept in this window" in text
    assert dialog.isVisible() and not dialog.result()


def fill_patient(dialog, qtbot):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    for name, text in (
        ("mrn", "N-1"),
        ("family_name", "Quist"),
        ("given_names", "Ada"),
        ("date_of_birth", "1971-05-06"),
    ):
        box = dialog.findChild(QLineEdit, name)
        assert box is not None, name
        box.setFocus()
        qtbot.keyClicks(box, text)
    sex = dialog.findChild(QComboBox, "sex")
    assert sex is not None
    sex.setCurrentIndex(sex.findData("F"))


def test_an_unexpected_exception_is_logged_without_its_message_and_shown(qtbot, messages, monkeypatch, caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    failures.install_excepthook(lambda: None)
    try:
        raise ValueError(f"could not parse {SECRET_NAME}")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            sys.excepthook(type(exc), exc, exc.__traceback__)

    ((kind, title, text),) = messages
    assert kind == "critical" and title == "Unexpected error" and "ValueError" in text
    assert "ValueError" in caplog.text and "test_failures.py" in caplog.text
    assert SECRET_NAME not in caplog.text and SECRET_NAME not in text


def test_a_background_task_that_fails_without_a_handler_is_shown(qtbot, messages):
    from fbss_desktop.gui.tasks import TaskRunner

    runner = TaskRunner()
    window = MainWindow(runner, AppEvents(), today=lambda: TODAY)
    qtbot.addWidget(window)
    try:
        runner.run(lambda: 1 / 0)
        qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    finally:
        runner.shutdown()
    ((kind, title, _text),) = messages
    assert (kind, title) == ("critical", "A background task failed")


@pytest.mark.postgres
def test_the_clinic_server_going_away_and_coming_back_costs_one_message_and_nothing_typed(qtbot, tmp_path, messages):
    from tests.conftest import PG_URL, _reset_postgres
    from tests.services.test_server_faults import needs_server_control, server

    if not PG_URL or needs_server_control.args[0]:
        pytest.skip("needs the throwaway server of tools/with-postgres.sh")
    _reset_postgres(PG_URL)
    made = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: TODAY, recovery_dir=tmp_path / "recovery")
    made.interactive = False
    qtbot.addWidget(made)
    made.open_database(lambda: Clinic.open(PG_URL, backup_dir=None, today=lambda: TODAY))
    made.show()
    try:
        editor, _patient = editor_with_typing(made, qtbot)
        server("stop")
        try:
            QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        finally:
            server("start")
        ((_kind, title, text),) = messages  # one message
        assert title == "Consult not saved" and "database server" in text and "press Save draft again" in text
        assert editor.dirty and editor.form.fields["reason"].get() == "Leg pain worse since spring"
        QTest.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # the server is back: it reconnects
        assert len(messages) == 1 and editor.consult_id is not None and not editor.dirty
    finally:
        made.close_database()


def test_a_refusal_said_in_a_box_gives_the_message_without_its_field_name():
    """The walk saw "roles: You cannot take away your own administrator role…" when deactivating itself."""
    from fbss_desktop.core.errors import ValidationError
    from fbss_desktop.gui.failures import message_for

    said = message_for(ValidationError({"roles": "You cannot deactivate yourself.", "username": "Taken."}))
    assert said == "You cannot deactivate yourself. Taken."
