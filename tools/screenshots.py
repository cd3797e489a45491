"""Render the main screens to PNG for a person to look at: python tools/screenshots.py OUTDIR.

Uses a throwaway database with demo patients and the synchronous task runner, offscreen.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget  # noqa: E402

from fbss_desktop.gui.dialogs.acknowledge_dialog import AcknowledgeDialog  # noqa: E402
from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicSetupDialog  # noqa: E402
from fbss_desktop.gui.dialogs.clinicians_dialog import CliniciansDialog  # noqa: E402
from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog  # noqa: E402
from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog  # noqa: E402
from fbss_desktop.gui.dialogs.surgery_dialog import SurgeryDialog  # noqa: E402
from fbss_desktop.gui.events import AppEvents  # noqa: E402
from fbss_desktop.gui.main_window import MainWindow  # noqa: E402
from fbss_desktop.gui.tasks import SyncTaskRunner  # noqa: E402
from fbss_desktop.services.catalogues import surgery_catalogue  # noqa: E402
from fbss_desktop.services.clinic import Clinic  # noqa: E402


def settle_preview(app: QApplication, preview: QWidget) -> None:
    preview.resize(820, 900)
    preview.show()
    for _ in range(40):  # QPdfView renders pages in the background
        app.processEvents()
        time.sleep(0.05)


def main(outdir: str) -> None:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp())
    today = dt.date(2026, 11, 21)

    empty = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: today, database_label="Database: demo")
    empty.interactive = False  # the set-up dialog is rendered below, not run modally
    empty.open_database(lambda: Clinic.open(f"sqlite:///{work}/empty.sqlite3", backup_dir=None))
    empty.resize(1280, 780)
    empty.show()
    app.processEvents()
    empty.grab().save(str(out / "main-empty.png"))
    setup = ClinicSetupDialog(
        lambda form, ok, fail: None, empty.clinic.settings.snapshot().values, with_clinician=True, parent=empty
    )
    setup.clinic.name.setText("Harbour Spine Clinic")
    setup.clinician.full_name.setText("Dr. Ines Okafor")
    setup.clinician.credentials.setText("MD")
    setup.clinician.npi.setText("1234567890")
    setup.show()
    setup.submit()  # the wrong NPI check digit is shown at its field
    app.processEvents()
    setup.grab().save(str(out / "clinic-setup.png"))
    setup.close()
    empty.close_database()
    empty.close()

    window = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: today, database_label="Database: demo")
    window.interactive = False  # demo data brings the clinic: no set-up dialog
    window.open_database(lambda: Clinic.open(f"sqlite:///{work}/demo.sqlite3", backup_dir=None, today=lambda: today))
    window.clinic.demo.load(200)
    window.events.changes_applied.emit(window.clinic.demo.load(1))
    window.resize(1280, 780)
    window.show()
    window.search.setText("zoe")
    window._search_timer.timeout.emit()
    app.processEvents()
    row = (
        next(
            i
            for i in range(window.patient_model.rowCount())
            if len(window.clinic.patients.open(window.patient_model.patient_at(i).id).surgeries) >= 2
        )
        if window.patient_model.rowCount()
        else 0
    )
    window.patient_view.selectRow(row)
    app.processEvents()
    window.grab().save(str(out / "main-search.png"))

    clinicians = CliniciansDialog(
        lambda show: show(window.clinic.setup.clinicians(active_only=False)), lambda *a: None, window
    )
    clinicians.show()
    app.processEvents()
    clinicians.grab().save(str(out / "clinicians.png"))
    clinicians.close()

    dialog = PatientDialog(lambda form, ok, fail: None, today=lambda: today, parent=window)
    dialog.mrn.setText("D000003")
    dialog.family_name.setText("")
    dialog.given_names.setText("Zoë")
    dialog.date_of_birth.setText("2031-02-30")
    dialog.phone.setText("12ab")
    dialog.submit()
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "patient-dialog-errors.png"))
    dialog.close()

    patient = window.panel.patient
    surgery = window.panel.surgery_model.row_object(0)
    sdialog = SurgeryDialog(
        lambda form, ok, fail: None,
        catalogue=surgery_catalogue(),
        patient_id=patient.id,
        date_of_birth=patient.date_of_birth,
        surgery=surgery,
        today=lambda: today,
        parent=window,
    )
    sdialog.show()
    app.processEvents()
    sdialog.grab().save(str(out / "surgery-dialog.png"))
    sdialog.levels.setText("L6-S1")
    sdialog.performed.setText("2030")
    sdialog.submit()
    app.processEvents()
    sdialog.grab().save(str(out / "surgery-dialog-errors.png"))
    sdialog.close()
    consult_screens(app, window, out)
    plan_screens(app, window, out)
    window.close_database()


def consult_screens(app: QApplication, window: MainWindow, out: Path) -> None:
    """Each section of a demo patient's latest consult, its questionnaires, a refused save, and the trend."""
    window.resize(1280, 900)
    app.processEvents()
    window.grab().save(str(out / "main-trend.png"))
    # The first visit (last row, newest first) has the full work-up: imaging, labs and every questionnaire.
    consult = window.panel.consult_model.row_object(window.panel.consult_model.rowCount() - 1)
    window.open_consult(consult.id)
    editor = window.editors[consult.id]
    editor.resize(1440, 900)
    if editor.amend_button.isVisible():
        editor.amend_button.click()
    for i, name in enumerate(("history", "medications", "exam", "studies", "questionnaires", "assessment")):
        editor.go_to(i)
        app.processEvents()
        editor.grab().save(str(out / f"consult-{i + 1}-{name}.png"))
    if editor.pages.widget(3).findChild(object, "studies:table").model().rowCount():
        editor.go_to(3)
        editor.findChild(object, "studies:table").selectRow(0)
        app.processEvents()
        editor.grab().save(str(out / "consult-4-studies-selected.png"))
    editor.go_to(4)
    for tab in range(editor.questionnaire_tabs.count()):
        editor.questionnaire_tabs.setCurrentIndex(tab)
        app.processEvents()
        editor.grab().save(str(out / f"consult-5-questionnaire-{tab + 1}.png"))
    editor.form.fields["history.egfr"].set("abc")
    editor.form.fields["exam.temperature_c"].set(47)
    editor.form.fields["consult_date"].set("2027-01-01")
    editor.save()
    app.processEvents()
    editor.grab().save(str(out / "consult-errors.png"))
    editor.dirty = False
    editor.close()


def plan_screens(app: QApplication, window: MainWindow, out: Path) -> None:
    """The plan builder and the findings panel: a demo plan, a blocking finding, the acknowledgement, settings."""
    from tests.scenarios import save_scenario

    clinic = window.clinic
    _patient, draft = save_scenario(clinic, "scs_without_psychology", mrn="SHOT-1")
    window.open_consult(draft.consult_id)
    editor = window.editors[draft.consult_id]
    editor.resize(1440, 900)
    editor.go_to(6)
    editor.plan_builder.add_treatment("NEUROPATHIC_AGENT", {"drug": "pregabalin", "dose": 75, "per_day": 2})
    editor.plan_builder.add_treatment("PHYSICAL_THERAPY", {"focus": "graded_exercise", "sessions_per_week": 2})
    editor.plan_builder.select_item("i1")
    editor.evaluate_now()
    editor.findings.select_first("block")
    app.processEvents()
    editor.grab().save(str(out / "plan-1-builder-block.png"))
    dialog = AcknowledgeDialog(editor.findings.current(), [(1, "Dr Amara Reyes, MD")], parent=editor)
    dialog.reason.setPlainText("Psychological evaluation done at the referring centre in October; report on file.")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "plan-2-acknowledge.png"))
    editor.record_acknowledgement(editor.findings.current(), **dialog.values())
    dialog.close()
    editor.findings.select_first("warn")
    app.processEvents()
    editor.grab().save(str(out / "plan-3-acknowledged.png"))
    editor.go_to(0)
    editor.form.fields["history.red_flags.saddle_numbness"].set(True)
    editor.evaluate_now()
    editor.findings.select_first("block")
    app.processEvents()
    editor.grab().save(str(out / "plan-4-red-flag-on-history.png"))
    editor.dirty = False
    editor.close()
    _patient, saved = save_scenario(clinic, "apixaban_esi", mrn="SHOT-2")
    window.open_consult(saved.consult_id)
    editor = window.editors[saved.consult_id]
    editor.print_plan()
    preview = editor.preview
    settle_preview(app, preview)
    preview.grab().save(str(out / "plan-5-print-preview.png"))
    preview.close()
    editor.close()
    window.open_front_desk()
    front = window.front_desk
    front.resize(1100, 700)
    app.processEvents()
    front.grab().save(str(out / "front-desk-1-plans.png"))
    front.print_plan_handouts()
    settle_preview(app, front.preview)
    front.preview.grab().save(str(out / "front-desk-2-handouts-preview.png"))
    front.preview.close()
    front.close()
    settings = SettingsDialog(clinic.settings.values(), window)
    settings.show()
    app.processEvents()
    for tab in range(3):
        settings.findChild(QTabWidget).setCurrentIndex(tab)
        app.processEvents()
        settings.grab().save(str(out / f"settings-{tab + 1}.png"))
    settings.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
