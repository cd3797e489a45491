"""A clinic's first day without demo data: set up the clinic and its first clinician, register a patient,
record a consult, finalize its plan and print it through the print dialog; later, clinicians are added,
edited and deactivated from Edit › Clinicians…, and the letterhead changed from Edit › Clinic…."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox

from fbss_desktop.gui.consult.editor import PLAN
from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicianDialog, ClinicSetupDialog
from fbss_desktop.gui.dialogs.clinicians_dialog import CliniciansDialog
from tests.gui.conftest import choose, choose_data, click, click_row, drive_modal, find_patient, go_to, type_text
from tests.gui.printing import press_print
from tests.gui.test_plan_builder import add_from_catalogue

CLINIC = "Harbour Spine Clinic"
CLINICIAN = "Dr. Ines Okafor"


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def field(dialog, kind, name):
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found


def fill_setup(qtbot, dialog, *, npi="1234567893"):
    type_text(qtbot, field(dialog, QLineEdit, "clinic.name"), CLINIC)
    type_text(qtbot, field(dialog, QLineEdit, "clinic.address"), "12 Quay Street, Portside")
    type_text(qtbot, field(dialog, QLineEdit, "clinic.phone"), "(555) 010-7788")
    choose_data(qtbot, field(dialog, QComboBox, "print.paper_size"), "a4")
    type_text(qtbot, field(dialog, QLineEdit, "full_name"), CLINICIAN)
    type_text(qtbot, field(dialog, QLineEdit, "credentials"), "MD")
    type_text(qtbot, field(dialog, QLineEdit, "npi"), npi)


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def set_up(qtbot, window):
    assert window.empty_set_up.isVisible()  # a fresh database offers the set-up first
    return drive_modal(
        qtbot,
        lambda: click(qtbot, window.empty_set_up),
        lambda dialog: (fill_setup(qtbot, dialog), click(qtbot, save_button(dialog))),
        ClinicSetupDialog,
    )


def test_a_wrong_npi_and_a_missing_clinic_name_are_shown_at_their_fields(open_window, qtbot):
    window = open_window()
    seen = {}

    def drive(dialog):
        fill_setup(qtbot, dialog, npi="1234567890")  # the check digit is wrong
        type_text(qtbot, field(dialog, QLineEdit, "clinic.name"), "")
        click(qtbot, save_button(dialog))
        seen["npi"] = dialog.field_message("clinician.npi")
        seen["name"] = dialog.field_message("clinic.name")
        seen["open"] = dialog.isVisible()

    drive_modal(qtbot, lambda: click(qtbot, window.empty_set_up), drive, ClinicSetupDialog)
    assert "last digit does not check out" in seen["npi"]
    assert "clinic's name" in seen["name"]
    assert seen["open"]
    assert window.clinic.setup.needed() and window.clinic.setup.clinicians() == []  # nothing saved


def test_first_day_set_up_register_consult_finalize_and_print(open_window, qtbot, tmp_path):
    window = open_window()  # no demo data
    set_up(qtbot, window)
    assert not window.empty_set_up.isVisible()
    assert window.windowTitle() == f"FBSS Desktop — {CLINIC}"
    (clinician,) = window.clinic.setup.clinicians()
    assert (clinician.display_name, clinician.npi) == (f"{CLINICIAN}, MD", "1234567893")

    def register(dialog):
        for name, text in (
            ("mrn", "HB-0001"),
            ("family_name", "Lindqvist"),
            ("given_names", "Maja"),
            ("date_of_birth", "1966-04-09"),
        ):
            type_text(qtbot, field(dialog, QLineEdit, name), text)
        choose_data(qtbot, field(dialog, QComboBox, "sex"), "F")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    drive_modal(qtbot, window.new_patient_action.trigger, register)
    find_patient(qtbot, window, "HB-0001")

    window.new_consult_action.trigger()
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    choose(qtbot, editor.form.fields["clinician_id"].widget, f"{CLINICIAN}, MD")
    type_text(qtbot, editor.form.fields["reason"].widget, "Leg pain after L5-S1 discectomy")
    go_to(qtbot, editor, PLAN)
    add_from_catalogue(qtbot, editor, "physical", "PHYSICAL_THERAPY")
    type_text(qtbot, editor.plan_builder.follow_up.widget, "6")
    click(qtbot, editor.finalize_button)
    assert editor.plan_builder.finalized, editor.problems.text()

    click(qtbot, editor.print_button)
    preview = editor.preview
    qtbot.addWidget(preview)
    target = tmp_path / "day-one-plan.pdf"
    press_print(qtbot, preview, target)
    pages = PdfReader(str(target)).pages
    assert len(pages) == preview.document.pageCount() >= 1
    versions = window.clinic.plans.versions(window.panel.patient.id)
    assert versions[0].finalized_by == f"{CLINICIAN}, MD" and versions[0].last_printed is not None


def test_clinicians_are_added_edited_and_deactivated_and_stay_on_their_records(open_window, qtbot):
    window = open_window()
    set_up(qtbot, window)

    def work(dialog: CliniciansDialog):
        def add(d):
            type_text(qtbot, field(d, QLineEdit, "full_name"), "Dr. Sam Reyes")
            type_text(qtbot, field(d, QLineEdit, "credentials"), "DO")
            click(qtbot, save_button(d))

        drive_modal(qtbot, lambda: click(qtbot, dialog.add_button), add, ClinicianDialog)
        names = [c.full_name for c in dialog.model.rows]
        assert names == [CLINICIAN, "Dr. Sam Reyes"]
        click_row(qtbot, dialog.view, names.index(CLINICIAN))
        click(qtbot, dialog.toggle_button)  # Deactivate (another stays active: no question)
        assert dialog.toggle_button.text() == "&Reactivate"
        dialog.accept()

    drive_modal(qtbot, window.clinicians_action.trigger, work, CliniciansDialog)
    assert [c.full_name for c in window.clinic.setup.clinicians()] == ["Dr. Sam Reyes"]  # the choice list
    everyone = window.clinic.setup.clinicians(active_only=False)
    assert [(c.full_name, c.active) for c in everyone] == [(CLINICIAN, False), ("Dr. Sam Reyes", True)]


def test_deactivating_the_last_active_clinician_asks_first(open_window, qtbot, monkeypatch):
    window = open_window()
    set_up(qtbot, window)
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No
    )

    def work(dialog: CliniciansDialog):
        click_row(qtbot, dialog.view, 0)
        click(qtbot, dialog.toggle_button)
        dialog.accept()

    drive_modal(qtbot, window.clinicians_action.trigger, work, CliniciansDialog)
    assert asked and "only active clinician" in asked[0]
    assert [c.full_name for c in window.clinic.setup.clinicians()] == [CLINICIAN]  # the answer was No


def test_the_letterhead_is_changed_from_edit_clinic(open_window, qtbot):
    window = open_window()
    set_up(qtbot, window)

    def rename(dialog):
        assert dialog.findChild(QLineEdit, "full_name") is None  # the letterhead alone
        type_text(qtbot, field(dialog, QLineEdit, "clinic.name"), "Harbour Spine & Pain")
        click(qtbot, save_button(dialog))

    drive_modal(qtbot, window.clinic_action.trigger, rename, ClinicSetupDialog)
    assert window.clinic.settings.values()["clinic.name"] == "Harbour Spine & Pain"
    assert window.windowTitle() == "FBSS Desktop — Harbour Spine & Pain"


def test_a_stale_letterhead_edit_is_refused_with_a_message(open_window, qtbot, monkeypatch):
    window = open_window()
    set_up(qtbot, window)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text: warnings.append((title, text)))

    def rename_after_someone_else(dialog):
        window.clinic.settings.save({"clinic.name": "Renamed Elsewhere"}, window.clinic.settings.snapshot())
        type_text(qtbot, field(dialog, QLineEdit, "clinic.name"), "Mine")
        click(qtbot, save_button(dialog))
        assert dialog.isVisible()  # kept open with what was typed

    drive_modal(qtbot, window.clinic_action.trigger, rename_after_someone_else, ClinicSetupDialog)
    assert window.clinic.settings.values()["clinic.name"] == "Renamed Elsewhere"
    assert warnings and "another workstation" in warnings[0][1]


def test_a_logo_file_that_is_not_there_is_refused_at_its_field(open_window, qtbot, tmp_path):
    window = open_window()
    set_up(qtbot, window)
    seen = {}

    def drive(dialog):
        type_text(qtbot, field(dialog, QLineEdit, "clinic.logo"), str(tmp_path / "no-such-logo.png"))
        click(qtbot, save_button(dialog))
        seen["message"] = dialog.field_message("clinic.logo")

    drive_modal(qtbot, window.clinic_action.trigger, drive, ClinicSetupDialog)
    assert "No image file is there" in seen["message"]
    assert window.clinic.settings.values()["clinic.logo"] == ""


def test_a_second_clinician_with_the_same_npi_is_refused_at_the_field(open_window, qtbot):
    window = open_window()
    set_up(qtbot, window)  # the first clinician has NPI 1234567893
    seen = {}

    def work(dialog: CliniciansDialog):
        def add(d):
            type_text(qtbot, field(d, QLineEdit, "full_name"), "Dr. Sam Reyes")
            type_text(qtbot, field(d, QLineEdit, "npi"), "1234567893")
            click(qtbot, save_button(d))
            seen["message"] = d.field_message("npi")

        drive_modal(qtbot, lambda: click(qtbot, dialog.add_button), add, ClinicianDialog)
        dialog.accept()

    drive_modal(qtbot, window.clinicians_action.trigger, work, CliniciansDialog)
    assert "already has this NPI" in seen["message"]
    assert len(window.clinic.setup.clinicians(active_only=False)) == 1
