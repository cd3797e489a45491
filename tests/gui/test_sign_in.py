"""Signing in as a clinic user would: nothing of the clinic shows before it, the front desk gets its own
workspace, and a clinic without users asks for its administrator (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from fbss_desktop.core.clinicians import ClinicianInput
from fbss_desktop.core.database_url import is_encrypted
from fbss_desktop.core.users import UserInput
from fbss_desktop.gui.dialogs.sign_in_dialog import FirstAdministratorDialog, SignInDialog
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.encryption import unlock, unlock_with_recovery
from tests.conftest import TODAY
from tests.gui.conftest import answer_message_box, click, type_text, when_modal

PASSWORDS = {"ada": "blue harbour lamp", "dee": "green window kite"}


def staffed_clinic(sqlite_url, tmp_path):
    """A clinic set up with demo patients, an administrator who is also a specialist, and a front-desk clerk."""
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    clinic.demo.load(2)
    doctor = clinic.setup.clinicians()[0]
    clinic.accounts.add_first_administrator(
        UserInput(
            username="ada",
            display_name=doctor.display_name,
            roles={"administrator", "specialist"},
            clinician_id=doctor.id,
            password=PASSWORDS["ada"],
        )
    )
    clinic.accounts.sign_in("ada", PASSWORDS["ada"], "setup")
    clinic.accounts.add_user(
        UserInput(username="dee", display_name="Dee Desk", roles={"front_desk"}, password="temporary password 1")
    )
    clinic.accounts.sign_in("dee", "temporary password 1", "desk")
    clinic.accounts.change_password("temporary password 1", PASSWORDS["dee"])  # her first sign-in, done
    clinic.close()
    return doctor


def sign_in_as(qtbot, name, password):
    def drive(dialog: SignInDialog) -> None:
        type_text(qtbot, dialog.username, name)
        type_text(qtbot, dialog.password, password)
        click(qtbot, dialog.ok_button)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    return when_modal(drive, SignInDialog)


def test_a_wrong_password_is_refused_in_the_dialog_and_the_right_one_opens_the_clinic(
    open_window, qtbot, sqlite_url, tmp_path
):
    doctor = staffed_clinic(sqlite_url, tmp_path)
    seen = []

    def drive(dialog: SignInDialog) -> None:
        type_text(qtbot, dialog.username, "ada")
        type_text(qtbot, dialog.password, "not the password")
        click(qtbot, dialog.ok_button)
        seen.append(dialog.message.text())
        assert window_shows_nothing(dialog.parent())
        type_text(qtbot, dialog.password, PASSWORDS["ada"])
        click(qtbot, dialog.ok_button)

    handler = when_modal(drive, SignInDialog)
    window = open_window(interactive=True)
    handler.check(qtbot)
    assert seen == ["The user name or the password is not right."]
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    assert window.who_label.text() == f"Signed in: {doctor.display_name} (Specialist and Administrator)"


def window_shows_nothing(window) -> bool:
    return window.patient_model.rowCount() == 0


def test_the_front_desk_signs_in_to_its_own_workspace_and_never_sees_the_main_window(
    open_window, qtbot, sqlite_url, tmp_path
):
    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "dee", PASSWORDS["dee"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: getattr(window, "front_desk", None) is not None and window.front_desk.isVisible())
    assert not window.isVisible() and window.patient_model.rowCount() == 0
    qtbot.addWidget(window.front_desk)
    assert window.front_desk.account.text() == "Signed in: Dee Desk (Front desk)"
    switching = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    click(qtbot, window.front_desk.switch_button)  # the front desk's own Switch user…
    switching.check(qtbot)
    qtbot.waitUntil(lambda: window.isVisible() and window.patient_model.rowCount() == 2)
    assert window.clinic.actor.user.username == "ada"


@pytest.mark.parametrize("encrypted", [True, False])
def test_a_clinic_without_users_asks_for_its_administrator_and_signs_them_in(
    open_window, qtbot, sqlite_url, tmp_path, encrypted
):
    """The set-up's administrator; the database file is encrypted unless they untick it (on by default), and
    the recovery key is shown once."""
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    clinic.settings.save_one("clinic.name", "Harbor Pain Clinic")
    doctor, _ = clinic.setup.save_clinician(ClinicianInput(full_name="Amara Osei", credentials="MD"))
    clinic.close()
    shown: list[str] = []

    def drive(dialog: FirstAdministratorDialog) -> None:
        type_text(qtbot, dialog.username, "amara")
        type_text(qtbot, dialog.password, "quiet river stone")
        type_text(qtbot, dialog.again, "quiet river stone")
        assert dialog.specialist.isChecked() and dialog.clinician.currentData() == doctor.id
        assert dialog.encrypt.isVisible() and dialog.encrypt.isChecked()  # offered, and on by default
        if not encrypted:
            click(qtbot, dialog.encrypt)
        if encrypted:
            answer_message_box("I have written it down", shown)
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))

    handler = when_modal(drive, FirstAdministratorDialog)
    window = open_window(interactive=True, ask_for_administrator=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.clinic.actor is not None)
    assert window.clinic.actor.user.username == "amara"
    assert "Signed in: Amara Osei" in window.who_label.text()
    path = Path(sqlite_url[len("sqlite:///") :])
    assert is_encrypted(sqlite_url) is encrypted
    assert path.read_bytes().startswith(b"SQLite format 3") is not encrypted
    if encrypted:
        qtbot.waitUntil(lambda: bool(shown))
        (key,) = re.findall(r"[0-9A-F]{8}(?:-[0-9A-F]{8}){7}", shown[0])
        assert unlock_with_recovery(sqlite_url, key) == unlock(sqlite_url, "amara", "quiet river stone")
        assert window.clinic.keys is not None and window.clinic.patients.is_empty()  # the reopened clinic works
    # Other workstations' changes are heard on the file now open; no plain copy of the empty clinic was kept.
    assert window.live.listener.database is window.clinic.database
    assert list((tmp_path / "b").glob("clinic-backup-*.sqlite3")) == []


def test_after_the_idle_time_every_window_is_covered_and_the_same_users_password_unlocks(
    open_window, qtbot, sqlite_url, tmp_path
):
    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    seen = {}

    def drive(dialog: SignInDialog) -> None:
        seen["covered"] = not window.isVisible()
        seen["name"] = dialog.username.text()
        type_text(qtbot, dialog.password, "someone else's password")
        click(qtbot, dialog.ok_button)
        seen["refused"] = dialog.message.text()
        type_text(qtbot, dialog.password, PASSWORDS["ada"])
        click(qtbot, dialog.ok_button)

    unlock = when_modal(drive, SignInDialog, timeout_ms=10000)
    window.idle_lock.set_minutes(0)  # as if the clinic's idle time had passed with nobody at the keyboard
    window.idle_lock.timer.setInterval(50)
    window.idle_lock.timer.start()
    unlock.check(qtbot)
    assert seen == {
        "covered": True,
        "name": "ada",
        "refused": "That is not the password of the user who was working here.",
    }
    assert window.isVisible() and window.clinic.actor.user.username == "ada"
    from fbss_desktop.storage import audit

    trail = [(e.action, e.outcome) for e in audit.entries() if e.action in ("lock", "unlock")]
    assert trail == [("lock", "ok"), ("unlock", "refused"), ("unlock", "ok")]


def test_the_administrator_reads_filters_checks_and_exports_the_audit_trail(
    open_window, qtbot, sqlite_url, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    from fbss_desktop.gui.dialogs.audit_dialog import AuditDialog

    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    target = tmp_path / "trail.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    seen = {}

    def drive(dialog: AuditDialog) -> None:
        seen["all"] = dialog.model.rowCount()
        model = dialog.model
        seen["shown"] = {
            tuple(model.index(r, c).data() for c in range(1, model.columnCount())) for r in range(model.rowCount())
        }
        type_text(qtbot, dialog.user, "ada")
        click(qtbot, dialog.find_button)
        seen["ada"] = {e.username for e in dialog.model.entries}
        click(qtbot, dialog.verify_button)
        seen["chain"] = dialog.status.text()
        click(qtbot, dialog.export_button)
        dialog.accept()

    opened = when_modal(drive, AuditDialog)
    window.audit_action.trigger()  # File › Audit trail…
    opened.check(qtbot)
    assert seen["all"] >= 4 and seen["ada"] == {"ada"}
    # In words, never a database id: what was done, by whom in which role, about what, and what it says.
    added = ("user added", "ok", "ada (Specialist and Administrator)", "setup", "", "user dee", "dee: Front desk")
    assert added in seen["shown"], sorted(seen["shown"])
    first = ("user added", "ok", "ada (Specialist and Administrator)", "setup", "", "user ada", "")
    assert first in seen["shown"] or any(row[0] == "user added" and row[5] == "user ada" for row in seen["shown"])
    assert seen["chain"].startswith("The chain holds:")
    qtbot.waitUntil(target.exists)  # written off the UI thread
    lines = target.read_text().splitlines()
    assert lines[0] == "time (UTC),action,outcome,user,role,workstation,patient MRN,about,detail"
    assert any(",user added,ok,ada,Specialist and Administrator," in line and ",user dee," in line for line in lines)
    assert not any(",user_added," in line or "front_desk" in line for line in lines)  # words, not codes


def test_an_audit_export_that_cannot_be_written_says_why_and_leaves_no_partial_file(
    open_window, qtbot, sqlite_url, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    from fbss_desktop.gui.dialogs.audit_dialog import AuditDialog

    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    folder = tmp_path / "exports"
    target = folder / "trail.csv"
    target.mkdir(parents=True)  # a folder already has the name chosen: the file cannot take it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    said: list[str] = []
    refused = answer_message_box("OK", said)

    def drive(dialog: AuditDialog) -> None:
        click(qtbot, dialog.export_button)
        refused.check(qtbot)
        dialog.accept()

    opened = when_modal(drive, AuditDialog)
    window.audit_action.trigger()  # File › Audit trail…
    opened.check(qtbot)
    assert said == [f"Is a directory ({target}). Choose another name or folder, then try again."]
    assert [p.name for p in folder.iterdir()] == ["trail.csv"] and target.is_dir()  # no .part file is left


def test_a_new_user_chooses_their_own_password_at_the_first_sign_in(open_window, qtbot, sqlite_url, tmp_path):
    from fbss_desktop.gui.dialogs.users_dialog import ChangePasswordDialog

    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    clinic.accounts.add_first_administrator(
        UserInput(username="ada", display_name="Ada Admin", roles={"administrator"}, password=PASSWORDS["ada"])
    )
    clinic.accounts.sign_in("ada", PASSWORDS["ada"], "office")
    clinic.accounts.add_user(
        UserInput(username="lee", display_name="Lee Park", roles={"front_desk"}, password="temporary password 1")
    )
    clinic.close()

    def choose(dialog: ChangePasswordDialog) -> None:
        # The temporary password was typed a moment ago to sign in: it is not asked again, and the title reads
        # whole.
        assert not dialog.current.isVisible() and dialog.focusWidget() is dialog.new
        assert dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) < dialog.width()
        type_text(qtbot, dialog.new, "my own long phrase")
        type_text(qtbot, dialog.again, "my own long phrase")
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))

    signing_in = sign_in_as(qtbot, "lee", "temporary password 1")
    choosing = when_modal(choose, ChangePasswordDialog, timeout_ms=10000)
    window = open_window(interactive=True)
    signing_in.check(qtbot)
    choosing.check(qtbot)
    qtbot.waitUntil(lambda: getattr(window, "front_desk", None) is not None and window.front_desk.isVisible())
    qtbot.addWidget(window.front_desk)
    assert not window.clinic.actor.user.must_change_password


def test_an_administrator_finds_patients_but_is_told_once_that_charts_are_for_clinicians(
    open_window, qtbot, sqlite_url, tmp_path
):
    from tests.gui.conftest import click_row

    staffed_clinic(sqlite_url, tmp_path)
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    clinic.accounts.sign_in("ada", PASSWORDS["ada"], "office")
    clinic.accounts.add_user(
        UserInput(username="sam", display_name="Sam Admin", roles={"administrator"}, password="temporary password 1")
    )
    clinic.accounts.sign_in("sam", "temporary password 1", "office")
    clinic.accounts.change_password("temporary password 1", "amber forest road")
    clinic.close()
    handler = sign_in_as(qtbot, "sam", "amber forest road")
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    click_row(qtbot, window.patient_view, 0)  # no refusal in a box: a notice in the status bar
    assert "Charts are for clinicians" in window.statusBar().currentMessage()
    assert window.right_stack.currentWidget() is window.no_patient


def test_the_menus_offer_each_role_only_what_it_may_do(open_window, qtbot, sqlite_url, tmp_path):
    doctor = staffed_clinic(sqlite_url, tmp_path)
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    other = next(c for c in clinic.setup.clinicians() if c.id != doctor.id)  # ada signs as the first one
    temporary = "temporary password 2"
    for name, roles, clinician_id in (("sam", {"specialist"}, other.id), ("ann", {"administrator"}, None)):
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "setup")
        clinic.accounts.add_user(
            UserInput(
                username=name, display_name=name.title(), roles=roles, clinician_id=clinician_id, password=temporary
            )
        )
        clinic.accounts.sign_in(name, temporary, "setup")
        clinic.accounts.change_password(temporary, PASSWORDS["ada"])  # their first sign-in, done
    clinic.close()

    def offered(window) -> dict[str, bool]:
        actions = {
            "users": window.users_action,
            "audit trail": window.audit_action,
            "new patient": window.new_patient_action,
            "demo": window.load_demo_action,
            "settings": window.settings_action,
            "find": window.find_action,
        }
        return {name: action.isEnabled() for name, action in actions.items()}

    handler = sign_in_as(qtbot, "sam", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    specialist = {"users": False, "audit trail": False, "new patient": True, "demo": True, "settings": False}
    assert offered(window) == {**specialist, "find": True}

    handler = sign_in_as(qtbot, "ann", PASSWORDS["ada"])
    window.switch_user_action.trigger()  # File › Switch user…
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.who_label.text().startswith("Signed in: Ann"))
    administrator = {"users": True, "audit trail": True, "new patient": False, "demo": False, "settings": True}
    assert offered(window) == {**administrator, "find": True}


def test_the_administrator_edits_a_user_from_the_users_list(open_window, qtbot, sqlite_url, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from fbss_desktop.gui.dialogs.users_dialog import UserDialog, UsersDialog
    from tests.gui.conftest import click_row

    doctor = staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    seen: dict[str, object] = {}

    def edit(dialog: UserDialog) -> None:
        seen["editing"] = (dialog.username.text(), dialog.display_name.text())
        type_text(qtbot, dialog.password, "a reset password 3")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    def drive(dialog: UsersDialog) -> None:
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
        model = dialog.model
        seen["table"] = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(2)]
        seen["edit offered before a row is chosen"] = dialog.edit_button.isEnabled()
        click_row(qtbot, dialog.view, 0)
        editing = when_modal(edit, UserDialog)
        click(qtbot, dialog.edit_button)  # Edit or reset password…
        editing.check(qtbot)
        qtbot.waitUntil(lambda: dialog.model.index(0, 4).data() == "active, must choose a new password")
        dialog.accept()

    opened = when_modal(drive, UsersDialog)
    window.users_action.trigger()  # File › Users…
    opened.check(qtbot)
    assert seen["table"] == [
        ["Dee Desk", "dee", "Front desk", "", "active"],
        [doctor.display_name, "ada", "Specialist and Administrator", doctor.display_name, "active"],
    ]
    assert seen["edit offered before a row is chosen"] is False
    assert seen["editing"] == ("dee", "Dee Desk")


def test_an_encrypted_database_opens_only_once_someone_signs_in_and_asks_the_password_once(
    open_window, qtbot, sqlite_url, tmp_path
):
    from fbss_desktop.services.encryption import encrypt

    doctor = staffed_clinic(sqlite_url, tmp_path)
    encrypt(
        sqlite_url,
        "ada",
        PASSWORDS["ada"],
        lambda key: Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY, key=key),
    )
    seen = []

    def drive(dialog: SignInDialog) -> None:
        assert "encrypted" in dialog.findChild(QLabel).text()
        assert window_shows_nothing(dialog.parent()) and dialog.parent().clinic is None  # nothing opened yet
        type_text(qtbot, dialog.username, "ada")
        type_text(qtbot, dialog.password, "not the password")
        click(qtbot, dialog.ok_button)
        seen.append(dialog.message.text())
        type_text(qtbot, dialog.password, PASSWORDS["ada"])
        click(qtbot, dialog.ok_button)

    handler = when_modal(drive, SignInDialog)  # one sign-in: it unlocks the database and signs her in
    window = open_window(interactive=True)
    handler.check(qtbot)
    assert seen == ["The user name or the password is not right."]
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    assert window.who_label.text() == f"Signed in: {doctor.display_name} (Specialist and Administrator)"
    assert window.clinic.keys is not None


def test_ctrl_shift_l_in_a_consult_editor_closes_it_and_asks_who_signs_in(open_window, qtbot, sqlite_url, tmp_path):
    """Switch user from the window the specialist is working in: the consult editor, not only the main window."""
    import shiboken6
    from PySide6.QtCore import Qt

    from tests.gui.conftest import activate, click_row

    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    click_row(qtbot, window.patient_view, 0)
    click_row(qtbot, window.panel.consult_view, 0)
    qtbot.keyClick(window.panel.consult_view, Qt.Key.Key_Return)
    (editor,) = window.editors.values()
    activate(qtbot, editor)
    switching = sign_in_as(qtbot, "dee", PASSWORDS["dee"])
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_L, keys)
    switching.check(qtbot)
    assert window.editors == {} and (not shiboken6.isValid(editor) or not editor.isVisible())
    qtbot.waitUntil(lambda: window.clinic.actor is not None and window.clinic.actor.user.username == "dee")


def test_sign_out_at_the_lock_asks_who_signs_in_next_and_never_ends_the_app(open_window, qtbot, sqlite_url, tmp_path):
    """An administrator's walk pressed Sign out on the lock: every window was hidden, so the app quit and the
    next person had to start it again."""
    from PySide6.QtWidgets import QApplication

    staffed_clinic(sqlite_url, tmp_path)
    handler = sign_in_as(qtbot, "ada", PASSWORDS["ada"])
    window = open_window(interactive=True)
    handler.check(qtbot)
    qtbot.waitUntil(lambda: window.patient_model.rowCount() == 2)
    seen = {}

    def sign_out(dialog: SignInDialog) -> None:
        seen["would quit"] = QApplication.quitOnLastWindowClosed()  # every window is hidden behind the lock
        window.idle_lock.set_minutes(60)  # the next user is not locked out at once
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))  # "Sign out"

    locked = when_modal(sign_out, SignInDialog, timeout_ms=10000)
    next_user = sign_in_as(qtbot, "dee", PASSWORDS["dee"])
    window.idle_lock.set_minutes(0)
    window.idle_lock.timer.setInterval(50)
    window.idle_lock.timer.start()
    locked.check(qtbot)
    next_user.check(qtbot)
    assert seen["would quit"] is False and QApplication.quitOnLastWindowClosed()
    qtbot.waitUntil(lambda: window.clinic.actor is not None and window.clinic.actor.user.username == "dee")
    if getattr(window, "front_desk", None) is not None:
        qtbot.addWidget(window.front_desk)
