"""The GUI test fixtures, and helpers that work the window as a person does: click, choose, type, answer.

No helper calls a slot: a button is clicked, a menu item triggered, a shortcut pressed and a modal dialog
worked from inside its own event loop, so a test fails when the connection between them breaks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import pytestqt.plugin
import shiboken6
from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QListWidget,
    QMessageBox,
    QStyle,
    QStyleOptionButton,
    QTabWidget,
    QWidget,
)

from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.gui.window import signing_in
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY

_close_registered = pytestqt.plugin._close_widgets


def _close_widgets_still_there(item: Any) -> None:
    """pytest-qt closes the widgets a test registered; a consult editor deletes itself when closed
    (WA_DeleteOnClose), so one the test closed may be gone by then: close only what still exists."""
    widgets = getattr(item, "qt_widgets", None)
    if widgets:
        item.qt_widgets = [(ref, before) for ref, before in widgets if (w := ref()) is None or shiboken6.isValid(w)]
    _close_registered(item)


pytestqt.plugin._close_widgets = _close_widgets_still_there

LEFT = Qt.MouseButton.LeftButton
STUCK_DIALOG_SECONDS = 20


@pytest.fixture(autouse=True)
def no_dialog_left_hanging(qapp):
    """A modal dialog nobody answers would hang the run: after a while it is closed, and the test fails with
    its text (a test that expects a dialog answers it with drive_modal or answer_message_box)."""
    stuck: list[str] = []
    since: dict[int, float] = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            since.clear()
            return
        first = since.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - first > STUCK_DIALOG_SECONDS:
            text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
            stuck.append(f"{type(dialog).__name__}: {text}")
            since.pop(id(dialog), None)
            dialog.close()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(500)
    yield
    timer.stop()
    assert not stuck, f"a dialog was left open with nobody to answer it: {stuck}"


@pytest.fixture
def open_window(qtbot, sqlite_url, tmp_path):
    """A real main window on a real SQLite database, with database work run synchronously."""
    windows = []

    def make(
        demo: int = 0, state=None, recovery_dir=None, interactive: bool = False, ask_for_administrator: bool = False
    ) -> MainWindow:
        window = MainWindow(
            SyncTaskRunner(),
            AppEvents(),
            state,
            today=lambda: TODAY,
            database_label="test",
            recovery_dir=recovery_dir or tmp_path / "recovery",
        )
        # Not interactive: the start-up question about autosaved consults is not asked (tests that answer it
        # open an interactive window).
        window.interactive = interactive
        # A clinic with no user asks for its administrator at start (tests/gui/test_sign_in.py); the other tests
        # work in a clinic before its users exist.
        window.ask_for_administrator = ask_for_administrator
        qtbot.addWidget(window)
        # As the app starts: an encrypted database asks who is there before it opens.
        signing_in.open_clinic_database(
            window,
            sqlite_url,
            lambda key=None: Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY, key=key),
        )
        if demo:
            window.load_demo(demo)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_database()


# --- the patient list -----------------------------------------------------------------------------------
def search(qtbot, window, text):
    """Type `text` in the search box (replacing what is there) and wait for the list to follow."""
    type_text(qtbot, window.search, text)
    qtbot.waitUntil(lambda: not window._search_timer.isActive() and window.patient_model.search_text == text)


def find_patient(qtbot, window, mrn):
    """Find a patient by MRN and open them from the keyboard: type, then Down to the first row."""
    search(qtbot, window, mrn)
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.panel.patient is not None and window.panel.patient.mrn == mrn


# --- clicking and typing --------------------------------------------------------------------------------
def activate(qtbot, window: QWidget) -> None:
    """Make `window` the active window: shortcuts (Ctrl+S...) only reach the active window, and offscreen
    windows are not activated by showing them."""
    with qtbot.waitActive(window):
        window.activateWindow()


def click(qtbot, button: QWidget) -> None:
    assert button.isEnabled(), f"{button.objectName() or button} is disabled"
    qtbot.mouseClick(button, LEFT)


def click_index(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Click a cell of a table, list or tree (scrolled into view first, as a person scrolls to it)."""
    assert index.isValid()
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())


def click_row(qtbot, view: QAbstractItemView, row: int, column: int = 0) -> None:
    click_index(qtbot, view, view.model().index(row, column))


def click_item(qtbot, view: QListWidget, row: int) -> None:
    click_index(qtbot, view, view.model().index(row, 0))


def click_tab(qtbot, tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def tick(qtbot, box: QCheckBox) -> None:
    """Click a check box on its indicator (a wide box's centre can be empty space)."""
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    qtbot.mouseClick(box, LEFT, pos=indicator.center() if indicator.isValid() else QPoint(6, box.height() // 2))


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Choose `text` in a closed combo box from the keyboard: Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} is not among the choices of {combo.objectName()}"


def choose_data(qtbot, combo: QComboBox, data: Any) -> None:
    """Choose the entry that stands for `data` (a code) in a closed combo box from the keyboard."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not among the choices of {combo.objectName()}"
    choose(qtbot, combo, combo.itemText(index))
    assert combo.currentData() == data


def go_to(qtbot, editor, section: int) -> None:
    """Click a section in the consult editor's section list."""
    click_item(qtbot, editor.nav, section)
    assert editor.pages.currentIndex() == section


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Replace what a line or text box holds by typing: select all, then type (or Delete for nothing)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


# --- modal dialogs ---------------------------------------------------------------------------------------
class ModalHandler:
    """Waits for the next modal dialog of `kind` and works it with `drive(dialog)` from inside its event loop;
    a dialog `drive` leaves open is rejected, so a failed step cannot leave the run waiting."""

    def __init__(self, drive: Callable[[Any], None], kind: type, timeout_ms: int) -> None:
        self.drive, self.kind = drive, kind
        self.deadline = time.monotonic() + timeout_ms / 1000
        self.dialog: Any = None
        self.error: BaseException | None = None
        self.done = False
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, self.kind) or not dialog.isVisible():
            if time.monotonic() < self.deadline:
                QTimer.singleShot(10, self._look)
                return
            self.error = AssertionError(f"no {self.kind.__name__} opened (the modal window is {dialog!r})")
            self.done = True
            if isinstance(dialog, QDialog):
                dialog.reject()  # another dialog is in the way: close it rather than wait for it forever
            return
        self.dialog = dialog
        try:
            self.drive(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again in the test, outside the dialog's loop
            self.error = exc
        finally:
            if dialog.isVisible():
                dialog.reject()
            self.done = True

    def check(self, qtbot, timeout_ms: int = 10000) -> Any:
        qtbot.waitUntil(lambda: self.done, timeout=timeout_ms)
        if self.error is not None:
            raise self.error
        return self.dialog


def when_modal(drive: Callable[[Any], None], kind: type = QDialog, timeout_ms: int = 5000) -> ModalHandler:
    """Work the next modal dialog of `kind` with `drive` when it opens (the test then opens it)."""
    return ModalHandler(drive, kind, timeout_ms)


def drive_modal(qtbot, open_it: Callable[[], None], drive: Callable[[Any], None], kind: type = QDialog) -> Any:
    """Open a modal dialog with `open_it()` (a click, a menu item) and work it with `drive(dialog)`."""
    handler = when_modal(drive, kind)
    open_it()
    return handler.check(qtbot)


def answer_message_box(button_text: str, seen: list[str] | None = None, timeout_ms: int = 5000) -> ModalHandler:
    """Click the button `button_text` of the next message box (noting its text in `seen`)."""

    def answer(box: QMessageBox) -> None:
        if seen is not None:
            seen.append(box.text())
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == button_text]  # as read, no mnemonic
        QTest.mouseClick(button, LEFT)

    return when_modal(answer, QMessageBox, timeout_ms)
