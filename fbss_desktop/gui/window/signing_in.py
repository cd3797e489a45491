"""Who works in the window: signing in when the clinic opens, the clinic's first administrator, the signed-in
user shown in the status bar, and the front desk's own workspace.

A clinic with users shows nothing of its patients before someone signs in. A front-desk user works in the
front desk window and never sees the clinical main window; the services refuse them clinical work anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from fbss_desktop.core.database_url import is_encrypted, sqlite_path
from fbss_desktop.core.users import Permission

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


def ask_to_sign_in(window: MainWindow, needs_setup: bool) -> None:
    clinic = window.clinic
    if clinic is None:
        return
    from fbss_desktop.gui.dialogs.sign_in_dialog import SignInDialog

    window.match_count.setText("Sign in to see the patients.")
    dialog = SignInDialog(
        lambda name, password: clinic.accounts.sign_in(name, password, clinic.workstation),
        window.runner.run,
        clinic_name=window.database.clinic_name,
        parent=window,
    )
    window.sign_in_dialog = dialog
    if dialog.exec() != QDialog.DialogCode.Accepted:
        window.close()  # nobody signed in: nothing of the clinic is shown
        return
    given, dialog.given_password = dialog.given_password, ""
    signed_in(window, needs_setup, given=given)


def open_clinic_database(window: MainWindow, url: str, open_clinic: Callable[..., Any]) -> None:
    """Open the clinic at `url` (`open_clinic(key)` returns a services Clinic, on the worker). An encrypted
    database opens with a user's password: the sign-in comes before anything is read, and the same password
    then signs the user in (asked once)."""
    window.reopen_clinic = (url, open_clinic)  # the set-up may encrypt the new database and open it again
    if not is_encrypted(url):
        window.open_database(open_clinic)
        return

    def unlock_and_sign_in(name: str, password: str) -> Any:
        from fbss_desktop.services.clinic import record_unlock_refusals, unlock_database

        clinic = open_clinic(unlock_database(url, name, password))
        try:
            record_unlock_refusals(clinic)  # the wrong passwords before it opened, now in its audit trail
            clinic.accounts.sign_in(name, password, clinic.workstation)
        except BaseException:
            clinic.close()
            raise
        return clinic

    from fbss_desktop.gui.dialogs.sign_in_dialog import SignInDialog

    window.match_count.setText("Sign in to open the encrypted database.")
    dialog = SignInDialog(
        unlock_and_sign_in, window.runner.run, clinic_name="this encrypted clinic database", parent=window
    )
    # Once the window is up, while the password is typed, the worker loads what opening the database needs
    # (most of the wait after the password).
    dialog.shown.connect(lambda: window.runner.run(_preload, lambda _none: None, lambda _exc: None))
    window.sign_in_dialog = dialog
    if dialog.exec() != QDialog.DialogCode.Accepted:
        window.close()  # nobody signed in: nothing was opened
        return
    clinic = dialog.actor  # the clinic, opened with the key and its user signed in
    window.given_password, dialog.given_password = dialog.given_password, ""  # for a temporary one, once
    window.open_database(lambda: clinic)


def _preload() -> None:
    import fbss_desktop.services.clinic  # noqa: F401 - the services, peewee, SQLCipher and argon2 load now


def signed_in(window: MainWindow, needs_setup: bool, *, given: str = "") -> None:
    """Fill the window for the user who just signed in, or hand the front desk its own workspace. A user with
    a temporary password (new, or reset by an administrator) chooses their own first."""
    clinic = window.clinic
    if clinic is None or clinic.actor is None:
        return
    if clinic.actor.user.must_change_password:
        from fbss_desktop.gui.dialogs.users_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            clinic.accounts.change_password,
            window.runner.run,
            clinic.actor.user.username,
            window,
            first=True,
            current=given,  # the temporary password just typed is not asked again
        )
        window.change_password_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            window.runner.run(clinic.accounts.sign_out, lambda _none: window.close())
            return
    user = clinic.actor.user
    if not user.can(Permission.CLINICAL) and user.can(Permission.PRINT_FINALIZED):
        show_who(window)
        window.open_front_desk()
        window.front_desk.show_account(
            f"{user.display_name} ({user.role_text})", lambda: change_password(window), lambda: switch_user(window)
        )
        window.hide()  # the front desk never sees the clinical main window
        window.database.start_background()  # its list follows the consult rooms; the day's backup is made
        return
    window.runner.run(
        clinic.patients.is_empty,
        lambda empty: window.database.show_clinic(empty, needs_setup),
        lambda exc: window.show_error("Cannot open the clinic", exc),
    )


def ask_for_first_administrator(window: MainWindow) -> None:
    """The clinic has no user yet: its administrator's account, made now and signed in."""
    clinic = window.clinic
    if clinic is None:
        return
    from fbss_desktop.gui.dialogs.sign_in_dialog import FirstAdministratorDialog

    reopen = getattr(window, "reopen_clinic", None)
    url, open_clinic = reopen if reopen is not None else ("", None)

    def create(form: Any, encrypt: bool) -> tuple[Any, str]:
        """The administrator made and signed in; with `encrypt`, the database encrypted and opened again with
        the new key (the same password), and the recovery key to show once."""
        clinic.accounts.add_first_administrator(form)
        if not encrypt or open_clinic is None:
            clinic.accounts.sign_in(form.username, form.password, clinic.workstation)
            return clinic, ""
        from fbss_desktop.services.clinic import encrypt_database, unlock_database

        clinic.close()
        done = encrypt_database(url, form.username, form.password, open_clinic)
        opened = open_clinic(unlock_database(url, form.username, form.password))
        opened.accounts.sign_in(form.username, form.password, opened.workstation)
        return opened, done.recovery_key

    def ask(clinicians: list[Any]) -> None:
        dialog = FirstAdministratorDialog(
            create,
            window.runner.run,
            [(c.id, c.display_name) for c in clinicians if c.id is not None],
            window,
            offer_encryption=open_clinic is not None and sqlite_path(url) is not None and not is_encrypted(url),
        )
        window.first_administrator_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.clinic, recovery_key = dialog.created
            window.database.start_background()  # the clinic is set up (and the file open now, encrypted or not)
            show_who(window)
            if recovery_key:
                show_recovery_key(window, recovery_key)
            window.statusBar().showMessage(
                "The administrator's account is made"
                + (" and the database is encrypted" if recovery_key else "")
                + ", and you are signed in.",
                8000,
            )
            return
        QMessageBox.information(
            window,
            "No users yet",
            "Until the clinic has an administrator, anyone who opens this database can read and change every "
            "record, and nothing says who did it. You will be asked again the next time FBSS Desktop starts.",
        )
        show_who(window)

    window.runner.run(
        lambda: clinic.setup.clinicians(), ask, lambda exc: window.show_error("Cannot read the clinic", exc)
    )


def show_recovery_key(window: MainWindow, recovery_key: str) -> None:
    """The recovery key, shown this once: with the key file beside the database, it opens the database when no
    administrator's password can."""
    box = QMessageBox(window)
    box.setObjectName("recoveryKey")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Write down the recovery key")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        "The database is encrypted. Write this recovery key down now and keep it away from this computer. "
        f"It is shown only this once.<p><b><tt>{recovery_key}</tt></b></p>"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setDetailedText(
        "If every administrator forgets their password, the recovery key gives one of them a new password: "
        "fbss-desktop --user NAME recover (it asks for the key, then the new password). It needs the key file "
        "beside the database (its name ends in .keys): keep backups of the key file with the database."
    )
    box.addButton("I have written it down", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_who(window: MainWindow) -> None:
    """Who is signed in, in the status bar (or that the clinic has no users yet)."""
    label = getattr(window, "who_label", None)
    if label is None:
        label = QLabel()
        label.setObjectName("signedInAs")
        window.statusBar().addPermanentWidget(label)
        window.who_label = label
    clinic = window.clinic
    actor = clinic.actor if clinic is not None else None
    if actor is not None:
        label.setText(f"Signed in: {actor.user.display_name} ({actor.user.role_text})")
    elif clinic is not None and clinic.has_users:
        label.setText("Nobody signed in")
    else:
        label.setText("No users yet: anyone can change anything")


def open_users(window: MainWindow) -> None:
    """File › Users… (administrators; the services refuse anyone else, and say so)."""
    clinic = window.clinic
    if clinic is None:
        return
    from fbss_desktop.gui.dialogs.users_dialog import UsersDialog

    def load(show: Any) -> None:
        window.runner.run(clinic.accounts.list_users, show, lambda exc: window.show_error("Cannot list the users", exc))

    def save(form: Any) -> tuple[Any, Any]:
        saved = clinic.accounts.add_user(form) if form.id is None else clinic.accounts.update_user(form)
        return saved, None

    def ask(clinicians: list[Any]) -> None:
        choices = [(c.id, c.display_name) for c in clinicians if c.id is not None and c.active]
        dialog = UsersDialog(load, window.save_with(lambda _clinic, form: save(form)), choices, window)
        window.users_dialog = dialog
        dialog.exec()

    def refused(exc: BaseException) -> None:
        window.show_error("Users", exc)

    # refused at once, before the dialog opens, if the user may not manage users (the refusal is audited)
    window.runner.run(lambda: (clinic.require(Permission.USERS), clinic.setup.clinicians())[1], ask, refused)


def change_password(window: MainWindow) -> None:
    clinic = window.clinic
    if clinic is None or clinic.actor is None:
        QMessageBox.information(window, "Change password", "Sign in first: this clinic has no users yet.")
        return
    from fbss_desktop.gui.dialogs.users_dialog import ChangePasswordDialog

    dialog = ChangePasswordDialog(
        clinic.accounts.change_password, window.runner.run, clinic.actor.user.username, window
    )
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.statusBar().showMessage("Your password is changed.", 8000)


def switch_user(window: MainWindow) -> None:
    """Sign out (every open consult closed first, each asked about if unsaved) and let someone else sign in."""
    clinic = window.clinic
    if clinic is None or clinic.actor is None:
        return
    for editor in list(window.editors.values()):
        if not editor.close():
            return  # an unsaved consult was kept open: nobody is signed out
    desk = getattr(window, "front_desk", None)
    if desk is not None:
        window.patient_model.clear()
        window.show()  # the front desk's workspace had hidden it: closing the desk must not end the app
        desk.close()
    window.runner.run(
        clinic.accounts.sign_out,
        lambda _none: signed_out(window),
        lambda exc: window.show_error("Not signed out", exc),
    )


def signed_out(window: MainWindow) -> None:
    window.patient_model.clear()  # nothing of the last user's work stays on the screen
    window.search.blockSignals(True)  # no search runs for nobody
    window.search.clear()
    window.search.blockSignals(False)
    window.match_count.clear()
    window.panel.patient = None
    window.right_stack.setCurrentWidget(window.no_patient)
    show_who(window)
    window.show()
    ask_to_sign_in(window, needs_setup=False)


def open_audit(window: MainWindow) -> None:
    """File › Audit trail… (administrators; the services refuse anyone else)."""
    clinic = window.clinic
    if clinic is None:
        return
    from fbss_desktop.gui.dialogs.audit_dialog import AuditDialog
    from fbss_desktop.gui.ui_state import ask_save_path, saved_to

    def search(filters: dict[str, Any]) -> tuple[Any, Any]:
        entries = clinic.audit_log.search(**filters)
        return entries, clinic.audit_log.lines(entries)

    def export(entries: list[Any]) -> None:
        target = ask_save_path(window, "Export the audit trail", "audit-trail.csv", "CSV files (*.csv)", window.state)
        if target is None:
            return

        def done(written: Path) -> None:
            saved_to(window.state, written)
            window.statusBar().showMessage(f"Saved the audit trail to {written}.", 8000)

        window.runner.run(
            lambda: clinic.audit_log.write_csv(entries, target),
            done,
            lambda exc: window.show_error("Audit trail not saved", exc),
        )

    def refused(exc: BaseException) -> None:
        window.show_error("Audit trail", exc)

    def show(_actor: Any) -> None:
        dialog = AuditDialog(window.runner.run, search, export, clinic.audit_log.verify, window)
        window.audit_dialog = dialog
        dialog.resize(window.width(), window.height() * 2 // 3)
        dialog.exec()

    window.runner.run(lambda: clinic.require(Permission.AUDIT), show, refused)  # refused at once if not allowed
