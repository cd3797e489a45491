"""A cervical consult recorded end to end in the editor, driven as a clinician drives it: the region chosen
(or suggested by a neck operation), neck and arm pain typed, Spurling and the C5-T1 examination clicked, the
NDI answered, a cervical code ticked, saved; and the lumbar-only parts (back and leg scores, straight-leg
raise, sacroiliac tests, ODI) out of the way, while nothing a consult recorded is ever hidden."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton, QScrollArea, QSpinBox, QToolButton

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.editor import ASSESSMENT, EXAM, HISTORY, QUESTIONNAIRES
from fbss_desktop.gui.screen import place
from tests.gui.conftest import activate, choose, click, click_tab, find_patient, go_to, tick

LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def patient_with(open_window, qtbot, tmp_path, procedure, levels):
    window = open_window(demo=0, recovery_dir=tmp_path / "recovery")
    clinic = window.clinic
    patient, _ = clinic.patients.save(
        PatientInput(mrn="N-1", family_name="Berg", given_names="Ines", date_of_birth="1970-05-02", sex="F")
    )
    clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-06-03", procedure=procedure, levels=levels)
    )
    find_patient(qtbot, window, "N-1")
    before = set(window.editors.values())
    window.panel.blank_action.trigger()
    (editor,) = set(window.editors.values()) - before
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return window, editor


def shown(editor, path):
    return editor.form.fields[path].widget.isVisibleTo(editor.pages.currentWidget())


def spin(qtbot, editor, path, text):
    box = editor.findChild(QSpinBox, path)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def button(editor, kind, name):
    found = editor.findChild(kind, name)
    assert found is not None, name
    return found


def test_a_cervical_consult_is_recorded_end_to_end(open_window, qtbot, tmp_path):
    window, editor = patient_with(open_window, qtbot, tmp_path, "DISCECTOMY", "C5-C6")
    region = editor.form.fields["history.region"].widget
    assert region.currentText() == "Cervical (neck and arms)"  # the neck operation suggests it

    go_to(qtbot, editor, HISTORY)
    assert shown(editor, "history.neck_nrs_now") and not shown(editor, "history.back_nrs_now")
    spin(qtbot, editor, "history.neck_nrs_now", "6")
    spin(qtbot, editor, "history.arm_nrs_now", "7")
    spin(qtbot, editor, "history.arm_share_percent", "60")
    click(qtbot, button(editor, QPushButton, "history.red_flags:all_no"))

    go_to(qtbot, editor, EXAM)
    assert shown(editor, "exam.spurling.left") and not shown(editor, "exam.slr.left")
    assert shown(editor, "exam.motor.C6.left") and not shown(editor, "exam.motor.L5.left")
    assert shown(editor, "exam.reflexes.biceps.left") and not shown(editor, "exam.reflexes.ankle.left")
    assert not shown(editor, "exam.sij_tests.distraction")
    click(qtbot, button(editor, QPushButton, "exam.motor:all5:cervical"))
    spin(qtbot, editor, "exam.motor.C6.left", "4")
    click(qtbot, button(editor, QPushButton, "exam.sensation:normal:cervical"))
    click(qtbot, button(editor, QToolButton, "exam.spurling.left:yes"))

    go_to(qtbot, editor, QUESTIONNAIRES)
    tabs = editor.questionnaire_tabs
    names = [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]
    assert "NDI" in names and "ODI" not in names
    click_tab(qtbot, tabs, [tabs.tabText(i) for i in range(tabs.count())].index("NDI"))
    ndi = editor.questionnaires["ndi"]
    for item in ndi.instrument.items:
        click(qtbot, button(editor, QToolButton, f"questionnaires.ndi.{item.code}:2"))
    assert ndi.result.text() == "NDI 40% (not banded (ndi bands unconfirmed))"

    go_to(qtbot, editor, ASSESSMENT)
    icd = editor.form.fields["assessment.icd10"]
    assert icd.boxes["M54.12"].isVisibleTo(editor) and not icd.boxes["M54.16"].isVisibleTo(editor)
    tick(qtbot, icd.boxes["M96.1"])
    tick(qtbot, icd.boxes["M54.12"])

    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.dirty and editor.consult_id is not None, editor.problems.text()
    stored = window.clinic.consults.open(editor.consult_id).document
    history, exam = stored["history"], stored["exam"]
    assert history["region"] == "cervical" and history["neck_nrs_now"] == 6 and history["arm_nrs_now"] == 7
    assert exam["spurling"] == {"left": True} and exam["motor"]["C6"]["left"] == 4
    assert exam["reflexes"]["biceps"] == {"left": "2", "right": "2"} and "L5" not in exam["motor"]
    assert stored["questionnaires"]["ndi"]["total"] == 40.0
    assert stored["assessment"]["icd10"] == ["M96.1", "M54.12"]
    assert stored["document_version"] == 2


def test_choosing_the_region_swaps_the_parts_and_keeps_what_was_recorded(open_window, qtbot, tmp_path):
    window, editor = patient_with(open_window, qtbot, tmp_path, "DISCECTOMY", "L4-L5")
    region = editor.form.fields["history.region"].widget
    assert region.currentText() == "Lumbar (low back and legs)"
    go_to(qtbot, editor, HISTORY)
    spin(qtbot, editor, "history.back_nrs_now", "5")
    assert not shown(editor, "history.neck_nrs_now")
    choose(qtbot, region, "Cervical (neck and arms)")
    assert shown(editor, "history.neck_nrs_now")
    assert shown(editor, "history.back_nrs_now")  # a back score was recorded: it stays in view
    assert shown(editor, "history.leg_nrs_now")  # it shares the recorded back score's part
    go_to(qtbot, editor, EXAM)
    assert shown(editor, "exam.spurling.left") and not shown(editor, "exam.sij_tests.distraction")
    choose(qtbot, region, "Lumbar (low back and legs)")
    assert shown(editor, "exam.sij_tests.distraction") and not shown(editor, "exam.spurling.left")


def test_a_consult_stored_without_a_region_opens_as_lumbar(open_window, qtbot, tmp_path):
    window, editor = patient_with(open_window, qtbot, tmp_path, "DISCECTOMY", "L4-L5")
    region = editor.form.fields["history.region"].widget
    choose(qtbot, region, "— not stated (lumbar) —")
    go_to(qtbot, editor, HISTORY)
    assert shown(editor, "history.back_nrs_now") and not shown(editor, "history.neck_nrs_now")
    assert isinstance(region, QComboBox)


def test_the_cervical_pages_do_not_scroll_sideways_on_a_laptop(open_window, qtbot, tmp_path):
    window, editor = patient_with(open_window, qtbot, tmp_path, "DISCECTOMY", "C5-C6")
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=LAPTOP)
    qtbot.wait(50)
    for section in (HISTORY, EXAM, QUESTIONNAIRES, ASSESSMENT):
        go_to(qtbot, editor, section)
        qtbot.wait(20)
        page = editor.pages.currentWidget()
        areas = [page] if isinstance(page, QScrollArea) else page.findChildren(QScrollArea)
        for area in areas:
            if area.isVisible():
                bar = area.horizontalScrollBar()
                assert not bar.isVisible() or bar.maximum() == 0, section
    header = editor.form.fields["history.region"].widget
    assert editor.rect().contains(header.geometry().translated(header.parentWidget().pos()))
