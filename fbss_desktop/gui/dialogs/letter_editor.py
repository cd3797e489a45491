"""One letter, edited section by section: to whom it goes, each section's heading and text, a section added;
saved as a draft, previewed, printed. The gaps found when the letter was composed (a payer criterion not
documented) are shown above the text, and asked about again before it prints.

A printed letter opens read-only: it is kept as it printed (the letters list makes a new version of it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.contacts import Contact
from fbss_desktop.core.letters import LetterSection, StoredLetter
from fbss_desktop.gui import failures
from fbss_desktop.gui.dialogs.print_preview import preview_rendered
from fbss_desktop.gui.screen import fitting
from fbss_desktop.gui.ui_state import WorkstationState

TEXT_LINES = 6  # a section's text box shows this many lines before it scrolls
GAPS_STYLE = "color: #922b21;"


class SectionEditor(QWidget):
    """One section: its heading and its text."""

    def __init__(self, section: LetterSection, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = section.key
        self.heading = QLineEdit(section.heading)
        self.heading.setObjectName(f"heading{index}")
        self.heading.setPlaceholderText("Heading (none: the text follows the one before)")
        self.text = QPlainTextEdit(section.text)
        self.text.setObjectName(f"text{index}")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * TEXT_LINES)
        if section.key == "questions":
            self.text.setPlaceholderText("Type your questions for the surgeon, one a line (left empty, not printed)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)

    def section(self) -> LetterSection:
        return LetterSection(self.key, self.heading.text(), self.text.toPlainText())

    def set_read_only(self, read_only: bool) -> None:
        self.heading.setReadOnly(read_only)
        self.text.setReadOnly(read_only)


class LetterEditor(QDialog):
    letter_changed = Signal(object)  # the StoredLetter as saved or printed

    def __init__(
        self,
        clinic: Any,
        runner: Any,
        letter: StoredLetter,
        contacts: Sequence[Contact],
        *,
        state: WorkstationState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.clinic = clinic
        self.runner = runner
        self.letter = letter
        self.state = state
        self.setObjectName("letterEditor")
        self.setWindowTitle(f"{letter.kind.label} ({letter.status.label.lower()})")
        self.resize(fitting(760, 860))
        self.recipient = QComboBox()
        self.recipient.setObjectName("recipient")
        self.recipient.addItem("No one in particular", None)
        for contact in contacts:
            if contact.active or contact.id == letter.contact_id:
                self.recipient.addItem(f"{contact.display_name} · {contact.role.label}", contact.id)
        self.recipient.setCurrentIndex(max(0, self.recipient.findData(letter.contact_id)))
        self.gaps = QLabel()
        self.gaps.setObjectName("letterGaps")
        self.gaps.setWordWrap(True)
        self.gaps.setStyleSheet(GAPS_STYLE)
        self.printed_note = QLabel()
        self.printed_note.setObjectName("printedNote")
        self.printed_note.setWordWrap(True)
        self.sections: list[SectionEditor] = []
        self.section_box = QVBoxLayout()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addLayout(self.section_box)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.add_section_button = QPushButton("&Add section")
        self.add_section_button.setObjectName("addSection")
        self.save_button = QPushButton("&Save draft")
        self.save_button.setObjectName("saveLetter")
        self.preview_button = QPushButton("Pre&view…")
        self.preview_button.setObjectName("previewLetter")
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printLetter")
        self.close_button = QPushButton("Close")
        self.add_section_button.clicked.connect(lambda _checked=False: self._add(LetterSection("added", "", "")))
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
        self.print_button.clicked.connect(lambda _checked=False: self.print_letter())
        self.close_button.clicked.connect(self.close)
        form = QFormLayout()
        form.addRow("&To", self.recipient)
        buttons = QHBoxLayout()
        for button in (self.add_section_button, self.save_button, self.preview_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.gaps)
        layout.addWidget(self.printed_note)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.preview_dialog: Any = None
        self._saved_state: tuple[Any, ...] = ()
        self._show(letter)

    # --- what is shown ------------------------------------------------------------------------------------
    def _add(self, section: LetterSection) -> SectionEditor:
        editor = SectionEditor(section, len(self.sections), self)
        self.sections.append(editor)
        self.section_box.addWidget(editor)
        return editor

    def _show(self, letter: StoredLetter) -> None:
        self.letter = letter
        for editor in self.sections:
            editor.setParent(None)
            editor.deleteLater()
        self.sections = []
        for section in letter.document.sections:
            self._add(section)
        gaps = letter.document.gaps
        self.gaps.setText("Before printing, note:\n" + "\n".join(f"• {g}" for g in gaps) if gaps else "")
        self.gaps.setVisible(bool(gaps) and not letter.printed)
        printed = letter.printed
        when = f" on {letter.printed_at:%Y-%m-%d %H:%M} UTC" if letter.printed_at else ""
        self.printed_note.setText(
            f"Printed{when}: kept as it was printed. Make a new version (Letters list) to change it." if printed else ""
        )
        self.printed_note.setVisible(printed)
        for editor in self.sections:
            editor.set_read_only(printed)
        for widget in (self.recipient, self.add_section_button, self.save_button, self.print_button):
            widget.setEnabled(not printed)
        self.setWindowTitle(f"{letter.kind.label} ({letter.status.label.lower()})")
        self._saved_state = self._state()

    def _state(self) -> tuple[Any, ...]:
        return (self.recipient.currentData(), *(e.section() for e in self.sections))

    @property
    def dirty(self) -> bool:
        return not self.letter.printed and self._state() != self._saved_state

    # --- commands ---------------------------------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the draft as edited (then carry on with `then`)."""
        if self.letter.printed:
            if then is not None:
                then()
            return
        clinic, letter = self.clinic, self.letter
        sections = [e.section() for e in self.sections]
        contact_id = self.recipient.currentData()

        def saved(result: Any) -> None:
            self._show(result)
            self.letter_changed.emit(result)
            if then is not None:
                then()

        self.runner.run(
            lambda: clinic.letters.save(letter.id, letter.row_version, sections, contact_id=contact_id)[0],
            saved,
            lambda exc: failures.report(self, "Letter not saved", exc, kept="Your text is kept in this window."),
        )

    def preview(self) -> None:
        self.save(self._preview_saved)

    def _preview_saved(self) -> None:
        clinic, letter_id = self.clinic, self.letter.id
        preview_rendered(
            self,
            self.runner,
            lambda: clinic.letters.draft_pdf(letter_id),
            title="Letter preview",
            file_name=f"letter-{letter_id}-draft.pdf",
            on_printed=None,
            on_error=lambda exc: failures.report(self, "Cannot preview the letter", exc),
            state=self.state,
        )

    def print_letter(self) -> None:
        self.save(self._print_saved)

    def _print_saved(self) -> None:
        letter = self.letter
        if letter.document.gaps:
            answer = QMessageBox.question(
                self,
                "Print with these gaps?",
                "The record does not document everything this letter needs:\n\n"
                + "\n".join(f"• {g}" for g in letter.document.gaps)
                + "\n\nPrint it as it is (the criteria say what is not documented)?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        clinic, runner = self.clinic, self.runner
        head: dict[str, Any] = {}

        def render() -> bytes:
            pdf, printed_head = clinic.letters.final_pdf(letter.id)
            head["head"] = printed_head
            return bytes(pdf)

        def printed() -> None:
            runner.run(
                lambda: clinic.letters.mark_printed(letter.id, letter.row_version, head["head"], gaps_seen=True)[0],
                self._printed,
                lambda exc: failures.report(self, "Printed, but the letter was not marked printed", exc),
            )

        preview_rendered(
            self,
            runner,
            render,
            title="Letter",
            file_name=f"letter-{letter.id}.pdf",
            on_printed=printed,
            on_error=lambda exc: failures.report(self, "Cannot print the letter", exc),
            state=self.state,
            on_saved=printed,  # the final letter saved as a PDF has left the clinic as surely as a printed one
        )

    def _printed(self, letter: StoredLetter) -> None:
        self._show(letter)
        self.letter_changed.emit(letter)

    # --- Qt overrides -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.dirty:
            answer = QMessageBox.question(
                self,
                "Save the letter?",
                "The letter has changes that are not saved. Save them as the draft?",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                event.ignore()
                self.save(self._close_saved)
                return
        event.accept()

    def _close_saved(self) -> None:
        self._saved_state = self._state()
        self.close()
