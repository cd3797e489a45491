"""File › Users… (administrators): the clinic's users in a table; add one, change their name, roles or
clinician, reset a password (they choose their own at the next sign-in), deactivate and reactivate.

File › Change password…: any signed-in user's own password, the current one asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.users import Role, User, UserInput, parse_user, password_problem
from fbss_desktop.gui import metrics
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog
from fbss_desktop.gui.models.history_tables import ListTableModel


def _status(user: User) -> str:
    status = "active" if user.active else "deactivated"
    return status + (", must choose a new password" if user.must_change_password and user.active else "")


class UserTableModel(ListTableModel):
    def __init__(self, clinicians: dict[int, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.COLUMNS = (
            ("Name", lambda u: u.display_name),
            ("User name", lambda u: u.username),
            ("Roles", lambda u: u.role_text),
            ("As clinician", lambda u: clinicians.get(u.clinician_id, "") if u.clinician_id is not None else ""),
            ("Status", _status),
        )

    @property
    def rows(self) -> list[User]:
        return list(self._rows)


class UserDialog(ValidatedDialog):
    """One user: a new one (with a first password) or a change (a password typed here is a reset)."""

    failure_title = "User not saved"

    def __init__(
        self, save: SaveFunction, clinicians: list[tuple[int, str]], user: User | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(save, lambda form: parse_user(form, new=user is None), parent)
        self.setObjectName("userDialog")
        self.setWindowTitle("Add a user" if user is None else f"User {user.username}")
        self.user = user
        self.username = QLineEdit(user.username if user else "")
        self.display_name = QLineEdit(user.display_name if user else "")
        self.roles = {role: QCheckBox(role.label) for role in Role}
        for role, box in self.roles.items():
            box.setObjectName(f"role.{role.value}")
            box.setChecked(user is not None and role in user.roles)
        self.clinician = QComboBox()
        self.clinician.addItem("(not a specialist)", None)
        for clinician_id, name in clinicians:
            self.clinician.addItem(name, clinician_id)
        if user is not None and user.clinician_id is not None:
            self.clinician.setCurrentIndex(max(self.clinician.findData(user.clinician_id), 0))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("their first password" if user is None else "leave empty to keep theirs")
        roles = QHBoxLayout()
        for box in self.roles.values():
            roles.addWidget(box)
        roles_holder = QWidget()
        roles_holder.setLayout(roles)
        form = QFormLayout()
        for name, caption, widget in (
            ("username", "&User name", self.username),
            ("display_name", "&Name", self.display_name),
            ("roles", "&Roles", roles_holder),
            ("clinician_id", "As &clinician", self.clinician),
            ("password", "&Password", self.password),
        ):
            widget.setObjectName(f"user.{name}")
            holder = QVBoxLayout()
            holder.addWidget(widget)
            holder.addWidget(self.errors.add(name, widget))
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, holder)
        note = QLabel("A new user, or one whose password you reset, chooses their own at the next sign-in.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def current_input(self) -> UserInput:
        user = self.user
        return UserInput(
            username=self.username.text(),
            display_name=self.display_name.text(),
            roles={role.value for role, box in self.roles.items() if box.isChecked()},
            clinician_id=self.clinician.currentData(),
            active=user.active if user is not None else True,
            password=self.password.text(),
            id=user.id if user is not None else None,
            row_version=user.row_version if user is not None else 0,
        )


class UsersDialog(QDialog):
    def __init__(
        self,
        load: Callable[[Callable[[list[User]], None]], None],
        save: SaveFunction,
        clinicians: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle("Users")
        self.resize(*metrics.USERS_DIALOG_SIZE)
        self._load, self._save, self._clinicians = load, save, clinicians
        self.model = UserTableModel(dict(clinicians), self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("&Add user…")
        self.edit_button = QPushButton("&Edit or reset password…")
        self.toggle_button = QPushButton("&Deactivate")
        close = QPushButton("Close")
        self.add_button.clicked.connect(lambda _checked=False: self._open(None))
        self.edit_button.clicked.connect(lambda _checked=False: self._open(self.selected()))
        self.toggle_button.clicked.connect(lambda _checked=False: self._toggle())
        close.clicked.connect(lambda _checked=False: self.accept())
        self.view.doubleClicked.connect(lambda _index: self._open(self.selected()))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self._load(self._loaded)

    def _loaded(self, rows: list[User]) -> None:
        self.model.set_rows(rows)
        self._update_buttons()

    def selected(self) -> User | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        self.edit_button.setEnabled(user is not None)
        self.toggle_button.setEnabled(user is not None)
        self.toggle_button.setText("&Reactivate" if user is not None and not user.active else "&Deactivate")

    def _open(self, user: User | None) -> None:
        dialog = UserDialog(self._save, self._clinicians, user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _toggle(self) -> None:
        user = self.selected()
        if user is None:
            return
        form = UserInput(
            username=user.username,
            display_name=user.display_name,
            roles={r.value for r in user.roles},
            clinician_id=user.clinician_id,
            active=not user.active,
            id=user.id,
            row_version=user.row_version,
        )
        self._save(form, lambda _saved: self.refresh(), lambda exc: self._failed(exc))

    def _failed(self, exc: BaseException) -> None:
        from fbss_desktop.gui import failures

        failures.report(self, "User not changed", exc, kept="Nothing was changed.")


class ChangePasswordDialog(QDialog):
    """The signed-in user's own password: the current one, then the new one twice."""

    def __init__(
        self,
        change: Callable[[str, str], None],
        run: Any,
        username: str,
        parent: QWidget | None = None,
        *,
        first: bool = False,
        current: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePassword")
        self.setWindowTitle("Choose your own password" if first else "Change your password")
        self.setMinimumWidth(metrics.SIGN_IN_MIN_WIDTH)  # the title reads whole
        self._change, self._run, self._username = change, run, username
        self._given = current  # the temporary password the user just signed in with: not asked again
        self.current, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for box, name in ((self.current, "current"), (self.new, "new"), (self.again, "again")):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setObjectName(f"password.{name}")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("password.message")
        form = QFormLayout()
        if not current:
            form.addRow("&Current password", self.current)
        else:
            self.current.hide()
        form.addRow("&New password", self.new)
        form.addRow("New password &again", self.again)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first:
            intro = QLabel(
                "The password you were given is temporary. Choose your own now: at least 10 characters; a few "
                "words together are easy to remember."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.new if current else self.current).setFocus()

    def submit(self) -> None:
        new = self.new.text()
        problem = password_problem(new, self._username)
        if new != self.again.text():
            problem = "The two new passwords differ; type the same one twice."
        if problem:
            self.message.setText(problem)
            return
        current = self._given or self.current.text()
        self.buttons.setEnabled(False)
        self._run(lambda: self._change(current, new), lambda _none: self.accept(), self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        errors = getattr(exc, "errors", None)
        self.message.setText(" ".join(errors.values()) if isinstance(errors, dict) else str(exc))
