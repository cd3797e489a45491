"""File › Back up now… (an administrator): the same backup as `fbss-desktop backup`, made on the worker, into
this workstation's backups folder; where it went and how to restore one are said when it is done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


def back_up_now(window: MainWindow) -> None:
    clinic = window.clinic
    if clinic is None or clinic.backup_dir is None:
        return
    folder = clinic.backup_dir
    window.statusBar().showMessage("Backing up the database…")
    how = restore_command(window)

    def done(target: Any) -> None:
        window.statusBar().clearMessage()
        window.backup_warning.hide()
        QMessageBox.information(
            window,
            "Backed up",
            f"The database is backed up to\n{target}\n\nToday's backups and the newest of each of the last 7 days "
            "and 4 weeks are kept in that folder. To restore one, close FBSS Desktop on every workstation and run\n"
            f"{how}\n(the README says more): it is checked before it replaces anything, and the database it "
            "replaces is kept. Keep a copy of the audit trail's key (the audit-keys folder in this computer's "
            "settings) with your backups: a restored database needs it.",
        )

    def failed(exc: BaseException) -> None:
        window.statusBar().clearMessage()
        window.show_error("The backup failed", exc)

    window.runner.run(lambda: clinic.backups.make(folder), done, failed)


def restore_command(window: MainWindow) -> str:
    """The command that restores a backup of the database this window has open."""
    where = window.database_label.text().removeprefix("Database: ").strip()  # an SQLite file, or a server
    if where and not where.startswith(("postgresql://", "postgres://")):
        return f"fbss-desktop --database sqlite:///{where} --user NAME restore FILE"
    return "fbss-desktop --database postgresql://OWNER@HOST/NAME --user NAME restore FILE (as the database's owner)"
