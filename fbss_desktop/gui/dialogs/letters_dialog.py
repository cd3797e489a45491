"""A patient's letters (Patient › Letters…, or Letters… on the patient panel): a new consult letter to the
referring surgeon or a medical-necessity letter for a stimulator or RFA, written from the latest consult and
opened for editing; a draft opened again; a printed letter reprinted or made into a new version.

The front desk sees the printed letters only, and reprints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.contacts import Contact
from fbss_desktop.core.letters import LetterKind, StoredLetter
from fbss_desktop.core.patients import Patient
from fbss_desktop.gui import failures
from fbss_desktop.gui.dialogs.letter_editor import LetterEditor
from fbss_desktop.gui.dialogs.print_preview import preview_rendered
from fbss_desktop.gui.ui_state import WorkstationState

LetterData = Qt.ItemDataRole.UserRole + 1
NEW_LETTERS = (
    (LetterKind.CONSULT, "New &consult letter…", "newConsultLetter"),
    (LetterKind.NECESSITY_SCS, "New &SCS necessity letter…", "newScsLetter"),
    (LetterKind.NECESSITY_RFA, "New &RFA necessity letter…", "newRfaLetter"),
)


def letter_text(letter: StoredLetter) -> str:
    to = letter.document.recipient[0] if letter.document.recipient else "no addressee"
    when = letter.printed_at or letter.created_at
    based = f" · new version of letter {letter.document.based_on}" if letter.document.based_on else ""
    return f"{letter.kind.label} · {letter.status.label} {when:%Y-%m-%d} · to {to}{based}"


class LettersDialog(QDialog):
    def __init__(
        self,
        clinic: Any,
        runner: Any,
        patient: Patient,
        *,
        can_write: bool,
        state: WorkstationState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert patient.id is not None
        self.clinic = clinic
        self.runner = runner
        self.patient = patient
        self.state = state
        self.can_write = can_write
        self.setObjectName("lettersDialog")
        self.setWindowTitle(f"Letters: {patient.display_name}")
        self.resize(640, 420)
        self.list = QListWidget()
        self.list.setObjectName("letterList")
        self.empty = QLabel("No letter yet." if can_write else "No printed letter yet.")
        self.new_buttons: dict[LetterKind, QPushButton] = {}
        new_row = QHBoxLayout()
        for kind, text, name in NEW_LETTERS:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setVisible(can_write)
            button.clicked.connect(lambda _checked=False, k=kind: self.new_letter(k))
            self.new_buttons[kind] = button
            new_row.addWidget(button)
        new_row.addStretch(1)
        self.open_button = QPushButton("&Open…")
        self.open_button.setObjectName("openLetter")
        self.open_button.setVisible(can_write)
        self.reprint_button = QPushButton("Re&print…")
        self.reprint_button.setObjectName("reprintLetter")
        self.version_button = QPushButton("New &version")
        self.version_button.setObjectName("newLetterVersion")
        self.version_button.setVisible(can_write)
        self.close_button = QPushButton("Close")
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected())
        self.reprint_button.clicked.connect(lambda _checked=False: self.reprint_selected())
        self.version_button.clicked.connect(lambda _checked=False: self.new_version())
        self.close_button.clicked.connect(self.accept)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.open_button, self.reprint_button, self.version_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(new_row)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.editor: LetterEditor | None = None
        self.preview: Any = None
        self.refresh()

    # --- the list ---------------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> None:
        clinic, patient_id = self.clinic, self.patient.id
        self.runner.run(
            lambda: clinic.letters.list(patient_id),
            lambda letters: self._show(letters, select),
            lambda exc: failures.report(self, "Cannot list the letters", exc),
        )

    def _show(self, letters: Sequence[StoredLetter], select: int | None) -> None:
        self.list.clear()
        for letter in letters:
            item = QListWidgetItem(letter_text(letter))
            item.setData(LetterData, letter)
            self.list.addItem(item)
            if letter.id == select:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not letters)
        self._update_buttons()

    def selected(self) -> StoredLetter | None:
        item = self.list.currentItem()
        return item.data(LetterData) if item is not None else None

    def _update_buttons(self) -> None:
        letter = self.selected()
        self.open_button.setEnabled(letter is not None)
        self.reprint_button.setEnabled(letter is not None and letter.printed)
        self.version_button.setEnabled(letter is not None and letter.printed)

    # --- commands ---------------------------------------------------------------------------------------
    def new_letter(self, kind: LetterKind) -> None:
        """Compose the letter from the latest consult, save it as a draft, and open it."""
        clinic, patient_id = self.clinic, self.patient.id

        def write() -> tuple[StoredLetter, list[Contact]]:
            letter, _changes = clinic.letters.create(clinic.letters.compose(patient_id, kind))
            return letter, clinic.contacts.list()

        self.runner.run(
            write,
            lambda result: self._edit(*result),
            lambda exc: failures.report(self, "Cannot write the letter", exc),
        )

    def open_selected(self) -> None:
        letter = self.selected()
        if letter is None or not self.can_write:
            return
        clinic = self.clinic
        self.runner.run(
            lambda: (clinic.letters.open(letter.id), clinic.contacts.list()),
            lambda result: self._edit(*result),
            lambda exc: failures.report(self, "Cannot open the letter", exc),
        )

    def new_version(self) -> None:
        letter = self.selected()
        if letter is None:
            return
        clinic = self.clinic
        self.runner.run(
            lambda: (clinic.letters.new_version(letter.id)[0], clinic.contacts.list()),
            lambda result: self._edit(*result),
            lambda exc: failures.report(self, "Cannot make a new version", exc),
        )

    def _edit(self, letter: StoredLetter, contacts: Sequence[Contact]) -> None:
        self.refresh(select=letter.id)
        editor = LetterEditor(self.clinic, self.runner, letter, contacts, state=self.state, parent=self)
        editor.letter_changed.connect(lambda changed: self.refresh(select=changed.id))
        self.editor = editor
        editor.open()

    def reprint_selected(self) -> None:
        letter = self.selected()
        if letter is None or not letter.printed:
            return
        clinic, runner = self.clinic, self.runner
        preview_rendered(
            self,
            runner,
            lambda: clinic.letters.reprint_pdf(letter.id),
            title="Letter (reprint)",
            file_name=f"letter-{letter.id}.pdf",
            on_printed=lambda: runner.run(
                lambda: clinic.letters.record_reprint(letter.id),
                on_error=lambda exc: failures.report(self, "Reprinted, but the reprint was not recorded", exc),
            ),
            on_error=lambda exc: failures.report(self, "Cannot reprint the letter", exc),
            on_saved=lambda: runner.run(lambda: clinic.letters.pdf_saved(letter.id)),
            state=self.state,
        )
