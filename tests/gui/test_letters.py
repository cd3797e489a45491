"""Letters and contacts as a person works them (issue 16): contacts kept from Edit › Contacts…, the referring
surgeon chosen (or added on the spot) in the patient form, and a consult letter written from the patient panel,
edited, saved, printed and then kept as printed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

from fbss_desktop.core.contacts import ContactInput
from fbss_desktop.core.letters import LetterKind, LetterStatus
from fbss_desktop.gui.dialogs.contacts_dialog import ContactDialog, ContactsDialog
from fbss_desktop.gui.dialogs.letter_editor import LetterEditor
from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog
from tests.gui.conftest import answer_message_box, choose, click, click_item, click_row, drive_modal, type_text
from tests.gui.printing import press_print


def _fill_contact(qtbot, name: str, organisation: str):
    def fill(dialog: ContactDialog) -> None:
        type_text(qtbot, dialog.name, name)
        type_text(qtbot, dialog.organisation, organisation)
        type_text(qtbot, dialog.address, "12 Harbour Road")
        qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
        qtbot.keyClicks(dialog.address, "Springfield, IL 62701")
        type_text(qtbot, dialog.fax, "+1 217 555 0102")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        assert dialog.result() == ContactDialog.DialogCode.Accepted

    return fill


def test_contacts_are_added_from_the_edit_menu_and_a_wrong_field_is_said_at_it(open_window, qtbot):
    window = open_window()

    def work(dialog: ContactsDialog) -> None:
        def wrong_then_right(contact: ContactDialog) -> None:
            type_text(qtbot, contact.email, "not an address")
            click(qtbot, contact.buttons.button(QDialogButtonBox.StandardButton.Save))
            assert contact.isVisible() and "email address" in contact.field_message("email")
            type_text(qtbot, contact.email, "")
            _fill_contact(qtbot, "Dr Ana Ruiz", "Northside Spine")(contact)

        drive_modal(qtbot, lambda: click(qtbot, dialog.add_button), wrong_then_right, ContactDialog)
        assert dialog.list.count() == 1
        assert dialog.list.item(0).text() == "Dr Ana Ruiz, Northside Spine · Referring surgeon"
        click(qtbot, dialog.close_button)

    drive_modal(qtbot, window.contacts_action.trigger, work, ContactsDialog)
    (saved,) = window.clinic.contacts.list()
    assert saved.address == ("12 Harbour Road", "Springfield, IL 62701")


def test_the_referring_surgeon_is_chosen_in_the_patient_form_or_added_there(open_window, qtbot):
    window = open_window(demo=2)
    window.clinic.contacts.save(ContactInput(name="Dr Ana Ruiz", organisation="Northside Spine"))
    click_row(qtbot, window.patient_view, 0)
    patient = window.panel.patient

    def pick(dialog: PatientDialog) -> None:
        choose(qtbot, dialog.referrer, "Dr Ana Ruiz, Northside Spine")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    drive_modal(qtbot, lambda: click(qtbot, window.panel.edit_button), pick, PatientDialog)
    first = window.clinic.patients.get(patient.id).referrer_id
    assert window.clinic.contacts.get(first).name == "Dr Ana Ruiz"

    def add_there(dialog: PatientDialog) -> None:
        drive_modal(
            qtbot,
            lambda: click(qtbot, dialog.new_referrer),
            _fill_contact(qtbot, "Dr Ben Okafor", "Lakeside Neurosurgery"),
            ContactDialog,
        )
        assert dialog.referrer.currentText() == "Dr Ben Okafor, Lakeside Neurosurgery"
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    drive_modal(qtbot, window.edit_patient_action.trigger, add_there, PatientDialog)
    now = window.clinic.patients.get(patient.id).referrer_id
    assert now != first and window.clinic.contacts.get(now).name == "Dr Ben Okafor"


def test_a_consult_letter_is_written_edited_printed_and_then_kept_as_printed(open_window, qtbot, tmp_path):
    window = open_window(demo=2)
    surgeon, _changes = window.clinic.contacts.save(ContactInput(name="Dr Ana Ruiz", organisation="Northside Spine"))
    click_row(qtbot, window.patient_view, 0)
    patient = window.panel.patient

    click(qtbot, window.panel.letters_button)
    letters = window.letters.letters_dialog
    qtbot.waitUntil(letters.isVisible)
    click(qtbot, letters.new_buttons[LetterKind.CONSULT])
    editor: LetterEditor = letters.editor
    assert editor is not None and editor.isVisible()
    choose(qtbot, editor.recipient, "Dr Ana Ruiz, Northside Spine · Referring surgeon")
    questions = next(e for e in editor.sections if e.key == "questions")
    type_text(qtbot, questions.text, "Is the L5-S1 level stable enough to leave alone?")
    click(qtbot, editor.save_button)
    (stored,) = window.clinic.letters.list(patient.id)
    assert stored.contact_id == surgeon.id and stored.document.salutation == "Dear Dr Ana Ruiz,"
    assert "L5-S1 level stable" in next(s.text for s in stored.document.sections if s.key == "questions")

    seen: list[str] = []
    handler = answer_message_box("Yes", seen) if stored.document.gaps else None
    click(qtbot, editor.print_button)
    if handler is not None:
        handler.check(qtbot)
        assert "does not document everything" in seen[0]
    qtbot.waitUntil(lambda: getattr(editor, "preview", None) is not None and editor.preview.isVisible())
    press_print(qtbot, editor.preview, tmp_path / "letter.pdf")
    (printed,) = window.clinic.letters.list(patient.id)
    assert printed.status is LetterStatus.PRINTED and printed.document.printed is not None
    assert (tmp_path / "letter.pdf").exists()
    qtbot.waitUntil(lambda: editor.printed_note.isVisible())
    assert not editor.save_button.isEnabled() and not editor.print_button.isEnabled()
    assert all(isinstance(e.text, QPlainTextEdit) and e.text.isReadOnly() for e in editor.sections)
    editor.preview.close()
    click(qtbot, editor.close_button)

    qtbot.waitUntil(lambda: letters.list.count() == 1)
    click_item(qtbot, letters.list, 0)
    assert letters.reprint_button.isEnabled() and letters.version_button.isEnabled()
    click(qtbot, letters.version_button)
    assert letters.editor is not editor and letters.editor.save_button.isEnabled()
    assert [entry.status for entry in window.clinic.letters.list(patient.id)] == [
        LetterStatus.DRAFT,
        LetterStatus.PRINTED,
    ]


def test_a_final_letter_saved_as_a_pdf_counts_as_issued(open_window, qtbot, tmp_path, monkeypatch):
    """Saving the final letter from its print preview is issuing it, as printing is: it is frozen and marked
    printed, never left a draft while a clean copy has gone out."""
    from PySide6.QtWidgets import QFileDialog

    window = open_window(demo=2)
    click_row(qtbot, window.patient_view, 0)
    patient = window.panel.patient
    click(qtbot, window.panel.letters_button)
    letters = window.letters.letters_dialog
    qtbot.waitUntil(letters.isVisible)
    click(qtbot, letters.new_buttons[LetterKind.CONSULT])
    editor: LetterEditor = letters.editor
    click(qtbot, editor.save_button)
    (stored,) = window.clinic.letters.list(patient.id)
    handler = answer_message_box("Yes") if stored.document.gaps else None
    click(qtbot, editor.print_button)
    if handler is not None:
        handler.check(qtbot)
    qtbot.waitUntil(lambda: getattr(editor, "preview", None) is not None and editor.preview.isVisible())
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    click(qtbot, editor.preview.save_button)
    assert target.exists()
    (issued,) = window.clinic.letters.list(patient.id)
    assert issued.status is LetterStatus.PRINTED and issued.document.printed is not None
    editor.preview.close()
    click(qtbot, editor.close_button)
