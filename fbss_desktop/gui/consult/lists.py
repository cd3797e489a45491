"""List fields of a consult (medications, allergies, earlier procedures, studies): a table and a row editor.

The table lists the rows; the editor below it fills one row with the same bound fields the rest of the
consult uses (paths relative to the row). Enter or "Add" appends the row, selecting a row loads it for
changing, and an error at "history.medications[2].dose" selects row 3 and marks its dose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import Field, Form
from fbss_desktop.gui.widgets.field_errors import INVALID_STYLE, clear_message, error_label, show_message

Column = tuple[str, Callable[[dict[str, Any]], str]]
_ROW_PATH = re.compile(r"^\[(?P<row>\d+)\](?:\.(?P<key>.+))?$")


class RowTableModel(QAbstractTableModel):
    """Rows as plain dicts, shown through (title, formatter) columns."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.columns[index.column()][1](self.rows[index.row()])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(r) for r in rows]
        self.endResetModel()


class RecordListField(Field):
    """A list of records at `path`, edited one row at a time."""

    def __init__(
        self,
        path: str,
        columns: Sequence[Column],
        editor_rows: Callable[[Form], QWidget],
        *,
        noun: str,
        required: str = "",
        stretch: int | None = None,
        check: Callable[[dict[str, Any]], dict[str, str]] | None = None,
    ) -> None:
        holder = QWidget()
        super().__init__(path, holder)
        self.noun = noun
        self.required = required  # key that must be filled before a row can be added
        self.check = check  # a row's problems by its field, as the save would find them: refused at Add
        self.model = RowTableModel(columns, holder)
        self.view = QTableView()
        self.view.setObjectName(f"{path}:table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        # The columns fit their text, but one (the longest: findings, a note) takes the room left and cuts its
        # text short (whole in the tooltip), so the table never scrolls sideways on a laptop.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        wide = len(columns) - 1 if stretch is None else stretch
        header.setSectionResizeMode(wide, QHeaderView.ResizeMode.Stretch)
        # The header sizes its sections from the labels while the list is empty and keeps them after a reset:
        # sized again to the rows each time, a dose never reads "30…".
        for changed in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved, self.model.dataChanged):
            changed.connect(lambda *_: header.resizeSections())
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setWordWrap(False)
        self.view.setMinimumHeight(metrics.LIST_MIN_HEIGHT)
        self.view.setMaximumHeight(metrics.LIST_MAX_HEIGHT)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.row_form = Form(self)
        editor = editor_rows(self.row_form)
        for field in self.row_form.fields.values():  # a row field's message goes as soon as it is changed
            field.edited.connect(lambda widget=field.widget: clear_message(widget))
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setObjectName(f"{path}:add")
        self.update_button = QPushButton("Update")
        self.remove_button = QPushButton("Remove")
        self.new_button = QPushButton("New")
        self.add_button.clicked.connect(self.add_row)
        self.update_button.clicked.connect(self.update_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.new_button.clicked.connect(self.start_new)
        for button in (self.add_button, self.update_button, self.remove_button, self.new_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.remove_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = error_label()
        self.message.setObjectName(f"{path}:message")

        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(editor)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        for line in editor.findChildren(QLineEdit):
            line.returnPressed.connect(lambda line=line: self._enter(line))  # Enter adds or updates the row
        self._row_errors: dict[int, dict[str, str]] = {}
        self._loaded: dict[str, Any] = self.row_form.document()  # the row editor as last loaded or cleared
        self._update_buttons()

    # --- document --------------------------------------------------------------------------------------
    def get(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.model.rows]

    def set(self, value: Any) -> None:
        self.model.set_rows(list(value or []))
        self._row_errors.clear()
        self.start_new()

    # --- editing ---------------------------------------------------------------------------------------
    def selected_row(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _enter(self, line: QLineEdit) -> None:
        completer = line.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            return  # this Enter takes the suggestion; the next one adds the row
        self._enter_row()

    def _enter_row(self) -> None:
        if self.selected_row() is None:
            self.add_row()
        else:
            self.update_row()

    def _current(self) -> dict[str, Any] | None:
        row = self.row_form.document()
        if self.required and not row.get(self.required):
            self._show_message(f"Fill in the {self.required.replace('_', ' ')} first.")
            return None
        problems = self.check(row) if self.check is not None else {}
        for name, field in self.row_form.fields.items():
            if name in problems:
                show_message(field.widget, problems[name])
            else:
                clear_message(field.widget)
        if problems:
            first = next(f for name, f in self.row_form.fields.items() if name in problems)
            first.widget.setFocus()
            return None
        return row

    def add_row(self) -> None:
        row = self._current()
        if row is None:
            return
        self.model.beginInsertRows(QModelIndex(), len(self.model.rows), len(self.model.rows))
        self.model.rows.append(row)
        self.model.endInsertRows()
        self.start_new()
        self.edited.emit()

    def update_row(self) -> None:
        index = self.selected_row()
        row = self._current()
        if index is None or row is None:
            return
        self.model.rows[index] = row
        self.model.dataChanged.emit(self.model.index(index, 0), self.model.index(index, self.model.columnCount() - 1))
        self._row_errors.pop(index, None)
        self.start_new()
        self.edited.emit()

    def remove_row(self) -> None:
        index = self.selected_row()
        if index is None:
            return
        self.model.beginRemoveRows(QModelIndex(), index, index)
        del self.model.rows[index]
        self.model.endRemoveRows()
        self._row_errors.clear()
        self.start_new()
        self.edited.emit()

    def start_new(self) -> None:
        self.view.clearSelection()
        self.row_form.load({})
        self._loaded = self.row_form.document()
        self._clear_marks()
        self._update_buttons()

    # --- a row typed but not added ---------------------------------------------------------------------
    def pending(self) -> str:
        """What the row editor holds that the list does not ("" when nothing): a new row typed but not
        added, or a chosen row changed but not updated, named as its first column shows it."""
        current = self.row_form.document()
        if current == self._loaded:
            return ""
        name = self.model.columns[0][1](current) or f"a {self.noun}"
        index = self.selected_row()
        return f"{name} (changed in row {index + 1}, not updated)" if index is not None else name

    def commit_pending(self) -> bool:
        """Add (or update) the row the editor holds; False when it cannot be, with the reason shown here."""
        before = list(self.model.rows)
        self._enter_row()
        return self.model.rows != before or not self.pending()

    def _selection_changed(self, *_args: object) -> None:
        index = self.selected_row()
        if index is not None:
            self.row_form.load(self.model.rows[index])
            self._loaded = self.row_form.document()
            self._clear_marks()
            for key, message in self._row_errors.get(index, {}).items():
                self._mark(key, message)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_row() is not None
        self.add_button.setEnabled(not chosen)
        self.update_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # --- errors ------------------------------------------------------------------------------------------
    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_marks(self) -> None:
        self._show_message("")
        for field in self.row_form.fields.values():
            field.widget.setStyleSheet("")
            field.widget.setToolTip("")

    def _mark(self, key: str, message: str) -> None:
        field = self.row_form.widget_for(key)
        if field is not None:
            field.widget.setStyleSheet(INVALID_STYLE)
            field.widget.setToolTip(message)
        self._show_message(message)

    def show_errors(self, errors: dict[str, str]) -> QWidget:
        """Errors under this list (paths relative to it, "[2].dose"); selects the first wrong row."""
        self._row_errors = {}
        general = []
        for sub, message in errors.items():
            match = _ROW_PATH.match(sub)
            if match and int(match["row"]) < len(self.model.rows):
                self._row_errors.setdefault(int(match["row"]), {})[match["key"] or ""] = message
            else:
                general.append(message)
        if self._row_errors:
            first = min(self._row_errors)
            self.view.selectRow(first)
            self._selection_changed()
            rows = ", ".join(str(i + 1) for i in sorted(self._row_errors))
            self._show_message(f"Check {self.noun} row {rows}: " + " ".join(self._row_errors[first].values()))
            return self.view
        self._show_message(" ".join(general))
        return self.view

    def clear_errors(self) -> None:
        self._row_errors = {}
        self._clear_marks()
