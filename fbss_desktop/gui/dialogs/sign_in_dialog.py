"""Signing in, and the clinic's first administrator.

Signing in runs on the worker (an argon2id check takes a tenth of a second, and the database is read); the
dialog stays responsive and says why a sign-in was refused without saying whether the name or the password
was wrong. The first administrator's form comes once, when a clinic has no user yet: from then on every use
case needs a signed-in user whose role allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.errors import DomainError, SignInError, StorageError, ValidationError
from fbss_desktop.core.users import UserInput
from fbss_desktop.gui import failures, metrics
from fbss_desktop.gui.widgets.field_errors import FieldErrors, error_label

# run(op, on_done, on_failed): the work off the UI thread, the answer back on it.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class SignInDialog(QDialog):
    """User name and password; `actor` holds who signed in once the dialog is accepted. `shown` once it has
    painted for the first time."""

    shown = Signal()

    def __init__(
        self,
        sign_in: Callable[[str, str], Any],
        run: Runner,
        *,
        clinic_name: str = "",
        username: str = "",
        locked: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signIn")
        self.setWindowTitle("Unlock FBSS Desktop" if locked else "Sign in to FBSS Desktop")
        self.setMinimumWidth(metrics.SIGN_IN_MIN_WIDTH)
        self._sign_in, self._run = sign_in, run
        self._painted = False
        self.actor: Any = None
        self.given_password = ""
        intro = QLabel(
            f"{'The app was locked after a while without use. ' if locked else ''}"
            f"Sign in{' to ' + clinic_name if clinic_name else ''} with your own user name and password."
        )
        intro.setWordWrap(True)
        self.username = QLineEdit(username)
        self.username.setObjectName("signIn.username")
        self.username.setReadOnly(locked)  # an idle lock is lifted by the same user
        self.password = QLineEdit()
        self.password.setObjectName("signIn.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = error_label()
        self.message.setObjectName("signIn.message")
        form = QFormLayout()
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Unlock" if locked else "Sign in")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Sign out" if locked else "Quit")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.shown.emit)

    def submit(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self._say("Enter your user name and your password.")
            return
        self.ok_button.setEnabled(False)
        self._say("Checking…")
        self._run(lambda: self._sign_in(name, password), lambda actor: self._signed_in(actor, password), self._refused)

    def _signed_in(self, actor: Any, password: str) -> None:
        self.ok_button.setEnabled(True)
        self.actor = actor
        self.given_password = password  # a temporary one is not asked again when the user chooses their own
        self.password.clear()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, SignInError):
            self._say(str(exc))
        elif isinstance(exc, DomainError) and not isinstance(exc, StorageError):
            self._say(str(exc))
        else:
            self._say("")
            failures.report(self, "Not signed in", exc, kept="Nothing was changed. Try again.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.adjustSize()  # room for the message: nothing above it is squeezed


class FirstAdministratorDialog(QDialog):
    """The clinic's first user: an administrator, who adds everyone else. A clinician may also be a specialist
    here, linked to their clinician record (usually the one the set-up just added)."""

    def __init__(
        self,
        create: Callable[[UserInput, bool], Any],
        run: Runner,
        clinicians: list[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        offer_encryption: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstAdministrator")
        self.setWindowTitle("The clinic's administrator")
        self._create, self._run = create, run
        self.created: Any = None
        intro = QLabel(
            "<b>Who looks after this clinic's users?</b> Create the administrator's account now. The "
            "administrator adds the other users (specialists and front desk) under File › Users…, and everyone "
            "signs in with their own name and password, so every record says who did what."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.username = QLineEdit()
        self.username.setObjectName("firstAdministrator.username")
        self.display_name = QLineEdit(clinicians[0][1] if clinicians else "")
        self.display_name.setObjectName("firstAdministrator.display_name")
        self.password = QLineEdit()
        self.password.setObjectName("firstAdministrator.password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setObjectName("firstAdministrator.again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.specialist = QCheckBox("This person is also a &specialist (signs consults and plans)")
        self.specialist.setObjectName("firstAdministrator.specialist")
        self.clinician = QComboBox()
        self.clinician.setObjectName("firstAdministrator.clinician_id")
        for clinician_id, name in clinicians:
            self.clinician.addItem(name, clinician_id)
        self.specialist.setChecked(bool(clinicians))
        self.specialist.setEnabled(bool(clinicians))
        self.specialist.toggled.connect(self.clinician.setEnabled)
        self.clinician.setEnabled(bool(clinicians))
        self.errors = FieldErrors()
        form = QFormLayout()
        for label, widget, key in (
            ("&User name", self.username, "username"),
            ("&Name", self.display_name, "display_name"),
            ("&Password", self.password, "password"),
            ("Password &again", self.again, "again"),
            ("As &clinician", self.clinician, "clinician_id"),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            holder = QVBoxLayout()
            holder.addWidget(widget)
            holder.addWidget(self.errors.add(key, widget))
            form.addRow(caption, holder)
        roles_message = self.errors.add("roles", self.specialist)
        # An SQLite file: encrypted unless the administrator chooses otherwise (a copied file or a stolen laptop
        # then shows no patient data).
        self.encrypt = QCheckBox("&Encrypt the database file (recommended)")
        self.encrypt.setObjectName("firstAdministrator.encrypt")
        self.encrypt.setChecked(offer_encryption)
        self.encrypt.setVisible(offer_encryption)
        self.encrypt_note = QLabel(
            "A copied file or a stolen laptop then shows no patient data. Everyone opens it with their own "
            "password; you will be shown a recovery key once, to write down and keep away from this computer."
        )
        self.encrypt_note.setWordWrap(True)
        self.encrypt_note.setVisible(offer_encryption)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create and sign in")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.specialist)
        layout.addWidget(roles_message)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.encrypt_note)
        layout.addWidget(self.buttons)

    def form(self) -> UserInput:
        roles = {"administrator"} | ({"specialist"} if self.specialist.isChecked() else set())
        return UserInput(
            username=self.username.text(),
            display_name=self.display_name.text(),
            roles=roles,
            clinician_id=self.clinician.currentData() if self.specialist.isChecked() else None,
            password=self.password.text(),
        )

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.errors.show({"again": "The two passwords differ; type the same password twice."})
            self.adjustSize()
            return
        self.errors.clear()
        form = self.form()
        self.buttons.setEnabled(False)
        encrypt = self.encrypt.isVisible() and self.encrypt.isChecked()
        self._run(lambda: self._create(form, encrypt), self._done, self._failed)

    def _done(self, actor: Any) -> None:
        self.buttons.setEnabled(True)
        self.created = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.errors.show(exc.errors)
            self.adjustSize()  # the messages under the fields get their room
        else:
            failures.report(self, "Administrator not created", exc, kept="What you typed is kept; try again.")
