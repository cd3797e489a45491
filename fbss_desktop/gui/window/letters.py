"""Letters and contacts from the main window: Edit › Contacts…, Patient › Letters… (and Letters… on the
patient panel), and the referring surgeon added on the spot from the patient form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.contacts import Contact
from fbss_desktop.core.users import Permission

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow


class Letters:
    def __init__(self, main_window: MainWindow) -> None:
        self.main_window = main_window
        # the dialogs last opened (tests reach them here)
        self.contacts_dialog: Any = None
        self.contact_dialog: Any = None
        self.letters_dialog: Any = None

    def open_contacts(self) -> None:
        """Edit › Contacts…: the people the clinic writes to."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.contacts_dialog import ContactsDialog

        def load(show: Callable[[Any], None]) -> None:
            window.runner.run(
                lambda: clinic.contacts.list(),
                show,
                lambda exc: window.show_error("Cannot list the contacts", exc),
            )

        dialog = ContactsDialog(
            load,
            window.save_with(lambda clinic, form: clinic.contacts.save(form)),
            can_manage=clinic.contacts.can_manage(),
            parent=window,
        )
        self.contacts_dialog = dialog
        dialog.exec()

    def add_contact(self, parent: Any) -> Callable[[Callable[[Contact], None]], None] | None:
        """For the patient form: a function that opens a new contact's form and hands the saved contact back;
        None when the signed-in user may not add contacts."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None or not clinic.contacts.can_manage():
            return None

        def add(chosen: Callable[[Contact], None]) -> None:
            from fbss_desktop.gui.dialogs.contacts_dialog import ContactDialog

            dialog = ContactDialog(window.save_with(lambda clinic, form: clinic.contacts.save(form)), parent=parent)
            dialog.contact_saved.connect(chosen)
            self.contact_dialog = dialog
            dialog.exec()

        return add

    def open_letters(self) -> None:
        """The open patient's letters."""
        window = self.main_window
        clinic = window.clinic
        patient = window.panel.patient
        if clinic is None or patient is None or patient.id is None:
            return
        from fbss_desktop.gui.dialogs.letters_dialog import LettersDialog

        actor = clinic.actor
        can_write = actor is None or actor.user.can(Permission.CLINICAL)
        dialog = LettersDialog(clinic, window.runner, patient, can_write=can_write, state=window.state, parent=window)
        self.letters_dialog = dialog
        dialog.open()
