"""After the clinic's idle time (Settings: "Lock the app after minutes without use") every window is covered,
so no patient data stays on a screen left alone: open consults are autosaved first, and the same user's
password unlocks. "Sign out" instead closes the open consults, their unsaved work kept in the autosave files
(offered again at the next start, never discarded without asking), and lets another user sign in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow

MS_PER_MINUTE = 60_000
ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove)


class IdleLock(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(minutes * MS_PER_MINUTE)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY and not self.locked and self.timer.interval() > 0:
            self.timer.start()  # any use starts the wait again
        return False

    def lock(self) -> None:
        window = self.window
        clinic = window.clinic
        if self.locked or clinic is None or clinic.actor is None:
            self.timer.start()
            return
        self.locked = True
        for editor in window.editors.values():
            editor.autosave()  # unsaved work is kept before anything is covered
        covered = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QWidget)]
        in_front = QApplication.activeWindow()  # where the user was: back in front after the unlock
        for widget in covered:
            widget.hide()
        # Every window is hidden: the lock's own closing must not end the app ("Sign out" quit it).
        app = QApplication.instance()
        keep = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        QApplication.setQuitOnLastWindowClosed(False)
        window.runner.run(clinic.accounts.lock)
        from fbss_desktop.gui.dialogs.sign_in_dialog import SignInDialog

        dialog = SignInDialog(
            lambda _name, password: clinic.accounts.unlock(password),
            window.runner.run,
            username=clinic.actor.user.username,
            locked=True,
        )
        dialog.setObjectName("unlock")
        window.lock_dialog = dialog
        unlocked = dialog.exec() == QDialog.DialogCode.Accepted
        self.locked = False
        if unlocked:
            for widget in covered:
                widget.show()
            QApplication.setQuitOnLastWindowClosed(keep)
            if in_front is not None and in_front in covered:
                in_front.raise_()
                in_front.activateWindow()
            self.timer.start()
            return
        for editor in list(window.editors.values()):
            editor.close_keeping_autosave()  # the next user never sees it; it waits in the autosave folder
        from fbss_desktop.gui.window import signing_in

        def signed_out(_none: object) -> None:
            window.show()  # the sign-in's window, before quitting on the last window closed comes back
            QApplication.setQuitOnLastWindowClosed(keep)
            signing_in.signed_out(window)

        window.runner.run(clinic.accounts.sign_out, signed_out)
