"""Edit › Contacts…: the people the clinic writes to (a referring surgeon, a payer's reviewer), listed, added
and changed. A contact no longer written to is made inactive: the letters printed to them still name them.

`ContactDialog` is the one contact's form; the patient form opens it too, to add a referring surgeon on the
spot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.contacts import Contact, ContactInput, ContactRole, parse_contact, to_input
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog

ContactRoleData = Qt.ItemDataRole.UserRole + 1


class ContactDialog(ValidatedDialog):
    contact_saved = Signal(object)  # the saved core Contact
    failure_title = "Contact not saved"

    def __init__(
        self,
        save: SaveFunction,
        *,
        contact: Contact | None = None,
        role: ContactRole = ContactRole.REFERRING_SURGEON,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parse_contact, parent)
        self._form = to_input(contact) if contact else ContactInput(role=role.value)
        self.setWindowTitle("Edit contact" if contact else "New contact")
        self.setObjectName("contactDialog")
        self.setMinimumWidth(460)
        self.name = QLineEdit(self._form.name)
        self.name.setPlaceholderText("as a letter is addressed: Dr Ana Ruiz")
        self.role = QComboBox()
        for choice in ContactRole:
            self.role.addItem(choice.label, choice.value)
        self.role.setCurrentIndex(self.role.findData(self._form.role))
        self.organisation = QLineEdit(self._form.organisation)
        self.address = QPlainTextEdit(self._form.address)
        self.address.setPlaceholderText("one line per address line")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 5)
        self.phone = QLineEdit(self._form.phone)
        self.fax = QLineEdit(self._form.fax)
        self.email = QLineEdit(self._form.email)
        self.active = QCheckBox("Write to this contact (untick when no longer)")
        self.active.setChecked(self._form.active)
        layout = QFormLayout()
        fields: list[tuple[str, str, QWidget]] = [
            ("name", "&Name", self.name),
            ("role", "&Role", self.role),
            ("organisation", "&Organisation", self.organisation),
            ("address", "&Address", self.address),
            ("phone", "&Phone", self.phone),
            ("fax", "Fa&x", self.fax),
            ("email", "&Email", self.email),
        ]
        for name, label, widget in fields:
            widget.setObjectName(name)
            caption = QLabel(label)
            caption.setBuddy(widget)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(self.errors.add(name, widget))
            layout.addRow(caption, holder)
        self.active.setObjectName("active")
        layout.addRow("", self.active)
        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.buttons)

    def current_input(self) -> ContactInput:
        return ContactInput(
            name=self.name.text(),
            role=str(self.role.currentData()),
            organisation=self.organisation.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            fax=self.fax.text(),
            email=self.email.text(),
            active=self.active.isChecked(),
            id=self._form.id,
            row_version=self._form.row_version,
        )

    def on_saved(self, saved: Contact) -> None:
        self.contact_saved.emit(saved)


def contact_text(contact: Contact) -> str:
    inactive = " (inactive)" if not contact.active else ""
    return f"{contact.display_name} · {contact.role.label}{inactive}"


class ContactsDialog(QDialog):
    """The clinic's contacts; Add… and Edit… for a clinician or an administrator."""

    def __init__(
        self,
        load: Callable[[Callable[[Sequence[Contact]], None]], None],
        save: SaveFunction,
        *,
        can_manage: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._save = save
        self.setWindowTitle("Contacts")
        self.setObjectName("contactsDialog")
        self.resize(560, 420)
        self.list = QListWidget()
        self.list.setObjectName("contactList")
        self.empty = QLabel("No contact yet. Add the surgeons who refer patients, and the payers' reviewers.")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton("&Add…")
        self.add_button.setObjectName("addContact")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("editContact")
        self.close_button = QPushButton("Close")
        for button in (self.add_button, self.edit_button):
            button.setEnabled(can_manage)
            if not can_manage:
                button.setToolTip("A clinician or an administrator adds and changes contacts.")
        self._can_manage = can_manage
        self.add_button.clicked.connect(lambda _checked=False: self.add_contact())
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_selected())
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.contact_dialog: ContactDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        self._load(self.show_contacts)

    def show_contacts(self, contacts: Sequence[Contact]) -> None:
        self.list.clear()
        for contact in contacts:
            item = QListWidgetItem(contact_text(contact))
            item.setData(ContactRoleData, contact)
            self.list.addItem(item)
        self.empty.setVisible(not contacts)
        self._update_buttons()

    def selected(self) -> Contact | None:
        item = self.list.currentItem()
        return item.data(ContactRoleData) if item is not None else None

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self._can_manage and self.selected() is not None)

    def add_contact(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        contact = self.selected()
        if contact is not None and self._can_manage:
            self._open(contact)

    def _open(self, contact: Contact | None) -> None:
        dialog = ContactDialog(self._save, contact=contact, parent=self)
        self.contact_dialog = dialog
        dialog.contact_saved.connect(lambda _saved: self.refresh())
        dialog.exec()
