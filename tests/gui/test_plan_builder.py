"""The plan builder and the findings panel on a real editor and database: adding treatments, live findings,
one-click work-up, acknowledging a block with a reason, and finalizing behind it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton

from fbss_desktop.core.findings import Outcome, Severity
from fbss_desktop.gui.consult.editor import PLAN, ConsultEditor
from fbss_desktop.gui.consult.findings_panel import FINDING_ROLE
from fbss_desktop.gui.consult.plan_builder import CatalogueListModel
from fbss_desktop.gui.consult.plan_items import PlanItemTableModel
from fbss_desktop.gui.dialogs.acknowledge_dialog import AcknowledgeDialog
from fbss_desktop.services.catalogues import medication_list, treatment_catalogue
from tests.scenarios import save_scenario


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch):
    """Finalizing and removing ask first; these tests say yes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def open_scenario(open_window, qtbot, name: str) -> tuple[ConsultEditor, object]:
    window = open_window(demo=1)  # the demo clinicians
    patient, draft = save_scenario(window.clinic, name)
    window.open_patient(patient.id)
    window.open_consult(draft.consult_id)
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    return editor, window


def rules_shown(editor: ConsultEditor, *, fired_only: bool = True) -> dict[str, object]:
    shown = {}
    model = editor.findings.model
    for g in range(model.rowCount()):
        group = model.item(g)
        for r in range(group.rowCount()):
            finding = editor.findings.by_key[group.child(r).data(FINDING_ROLE)]
            if not fired_only or finding.outcome is Outcome.FIRED:
                shown[finding.rule] = finding
    return shown


def select_finding(editor: ConsultEditor, rule: str) -> None:
    model = editor.findings.model
    for g in range(model.rowCount()):
        group = model.item(g)
        for r in range(group.rowCount()):
            if editor.findings.by_key[group.child(r).data(FINDING_ROLE)].rule == rule:
                editor.findings.view.setCurrentIndex(group.child(r).index())
                return
    raise AssertionError(f"{rule} is not shown")


@pytest.mark.parametrize(
    ("scenario", "rule", "severity"),
    [
        ("cauda_equina", "R01", Severity.BLOCK),
        ("apixaban_esi", "R16B", Severity.WARN),
        ("ckd4_nsaid", "R37", Severity.WARN),
        ("scs_without_psychology", "R32", Severity.BLOCK),
    ],
)
def test_the_done_when_findings_appear_in_the_panel(open_window, qtbot, scenario, rule, severity):
    editor, _ = open_scenario(open_window, qtbot, scenario)
    shown = rules_shown(editor)
    assert rule in shown and shown[rule].severity is severity
    select_finding(editor, rule)
    text = editor.findings.detail.toPlainText()
    assert "Why:" in text and "Sources:" in text and shown[rule].message in text


def test_a_block_must_be_acknowledged_with_a_reason_before_finalizing(open_window, qtbot, monkeypatch):
    editor, window = open_scenario(open_window, qtbot, "scs_without_psychology")
    editor.form.fields["clinician_id"].set(window.clinic.clinicians()[0].id)
    editor.finalize()
    assert "acknowledge 1 blocking finding" in editor.problems.text()
    assert editor.findings.current().rule == "R32"  # taken to the block
    assert window.clinic.open_consult(editor.consult_id).document["plan"]["status"] == "draft"

    def acknowledge(dialog: AcknowledgeDialog) -> int:
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # no reason yet: cannot acknowledge a block
        dialog.reason.setPlainText("Evaluated by Dr Lee at the referring centre in October; report on file")
        assert ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AcknowledgeDialog, "exec", acknowledge)
    select_finding(editor, "R32")
    qtbot.mouseClick(editor.findings.acknowledge_button, Qt.MouseButton.LeftButton)
    assert "✓" in next(
        editor.findings.model.item(0).child(r).text() for r in range(editor.findings.model.item(0).rowCount())
    )
    assert editor.evaluation.unacknowledged_blocks == ()

    editor.finalize()
    saved = window.clinic.open_consult(editor.consult_id).document["plan"]
    assert saved["status"] == "finalized" and saved["finalized_by"]
    (ack,) = saved["acknowledgements"]
    assert ack["rule"] == "R32" and ack["item"] == "i1" and ack["reason"].startswith("Evaluated by Dr Lee")
    assert ack["clinician"] and ack["at"]
    assert not editor.finalize_button.isVisible() and not editor.plan_builder.add_button.isEnabled()
    assert "plan finalized" in editor.status.text()


def test_suggested_work_up_is_added_with_one_click(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "scs_without_psychology")
    select_finding(editor, "R32")
    button = editor.findings.findChild(QPushButton, "findingAction:PSYCH_EVALUATION")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    items = editor.plan_builder.document()["items"]
    assert [i["treatment"] for i in items] == ["SCS_TRIAL", "PSYCH_EVALUATION"]
    shown = rules_shown(editor)
    assert "R32" not in shown and "R32B" in shown  # now planned, still to be done
    assert editor.dirty


def test_treatments_come_from_the_catalogue_suggested_first(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "cauda_equina")
    editor.go_to(PLAN)
    first = editor.plan_builder.catalogue_model.index(0).data()
    assert first.startswith("★")  # R01 suggests an emergency referral and MRI
    editor.plan_builder.search.setText("naloxone")
    editor.plan_builder.search.returnPressed.emit()
    assert editor.plan_builder.document()["items"][-1]["treatment"] == "NALOXONE"


def test_item_details_change_the_findings_live(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    editor.go_to(PLAN)
    editor.plan_builder.select_item("i1")
    form = editor.plan_builder.item_editor.forms["ESI"]
    form.fields["details.region"].set("cervical")
    form.fields["details.steroid"].set("triamcinolone")
    form.fields["details.steroid"].edited.emit()
    editor.evaluate_now()
    assert rules_shown(editor)["R26"].severity is Severity.BLOCK
    assert editor.plan_builder.items_model.index(0, 4).data().startswith("✖")
    form.fields["details.steroid"].set("dexamethasone")
    form.fields["details.steroid"].edited.emit()
    editor.evaluate_now()
    assert "R26" not in rules_shown(editor)


def test_a_wrong_goal_is_marked_and_nothing_saved(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    plan = editor.plan_builder.document()
    plan["goals"] = [{"kind": "pain", "measure": "leg_nrs", "target": 14, "text": "Leg pain down"}]
    editor.plan_builder.load(plan)
    editor.save()
    assert editor.nav.currentRow() == PLAN
    assert "between 0 and 10" in editor.plan_builder.findChild(QLabel, "goals:message").text()
    assert window.clinic.open_consult(editor.consult_id).document["plan"]["goals"] == []


def test_the_plan_is_saved_and_autosaved_with_the_consult(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "ckd4_nsaid")
    editor.plan_builder.add_treatment("PHYSICAL_THERAPY", {"sessions_per_week": 2, "weeks": 8})
    assert editor.document()["plan"]["items"][-1]["details"] == {"sessions_per_week": 2, "weeks": 8}
    editor.autosave()
    (pending,) = editor.recovery.pending()
    assert pending.document["plan"]["items"][-1]["treatment"] == "PHYSICAL_THERAPY"
    editor.save()
    stored = window.clinic.open_consult(editor.consult_id).document["plan"]
    assert [i["treatment"] for i in stored["items"]] == ["NSAID", "PHYSICAL_THERAPY"]
    assert editor.recovery.pending() == []


def test_plan_models_pass_the_model_tester(qtmodeltester):
    items = PlanItemTableModel(treatment_catalogue(), medication_list())
    items.set_items(
        [
            {"key": "i1", "treatment": "ESI", "phase": 2, "details": {"region": "lumbar"}},
            {"key": "i2", "treatment": "NSAID", "phase": 1, "status": "done", "details": {"drug": "naproxen"}},
        ],
        ("Conservative care", "Interventional", "Surgical"),
    )
    items.set_flags({"i1": ("warn", 2)})
    qtmodeltester.check(items)
    catalogue = CatalogueListModel(treatment_catalogue())
    catalogue.refresh(text="inj", suggested={"ESI"})
    qtmodeltester.check(catalogue)
    assert catalogue.index(0).data() == "★ Epidural steroid injection"


def test_clinic_settings_change_the_thresholds_the_rules_use(open_window, qtbot, monkeypatch):
    from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog

    window = open_window()

    def choose(dialog: SettingsDialog) -> int:
        combo = dialog.widgets["rules.guideline_mode"]
        combo.setCurrentIndex(combo.findData("nice"))
        limit = dialog.widgets["esi.max_per_6_months"]
        limit.setCurrentIndex(limit.findData(3))
        assert dialog.changes() == {"rules.guideline_mode": "nice", "esi.max_per_6_months": 3}
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", choose)
    window.settings_action.trigger()
    settings = window.clinic.settings()
    assert settings["rules.guideline_mode"] == "nice" and settings["esi.max_per_6_months"] == 3
    patient, draft = save_scenario(window.clinic, "apixaban_esi")
    basis = window.clinic.open_consult(draft.consult_id).basis
    assert basis.settings["rules.guideline_mode"] == "nice"


def finalized_editor(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    editor.form.fields["clinician_id"].set(window.clinic.clinicians()[0].id)
    editor.finalize()
    assert editor.plan_builder.finalized
    return editor, window


def test_the_finalized_plan_previews_prints_and_saves_without_the_patient_name(open_window, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    editor, window = finalized_editor(open_window, qtbot)
    assert editor.print_button.isVisible() and editor.revise_button.isVisible()
    editor.print_plan()
    preview = editor.preview
    qtbot.addWidget(preview)
    assert preview.document.pageCount() >= 3
    assert preview.file_name.startswith(f"plan-{editor.plan_id}-") and "Ortega" not in preview.file_name
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_document(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    (version,) = [v for v in window.clinic.plan_versions(editor.patient.id) if v.plan_id == editor.plan_id]
    assert version.last_printed is not None
    saved = preview.save_as(str(tmp_path / preview.file_name))
    assert saved.read_bytes() == preview.pdf


def test_unsaved_changes_are_saved_before_printing(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    editor.plan_builder.add_treatment("HEAT_COLD")
    editor.print_plan()
    assert "Save the consult first" in editor.problems.text()


def test_revising_a_finalized_plan_opens_a_new_draft_version(open_window, qtbot):
    editor, window = finalized_editor(open_window, qtbot)
    finalized_id = editor.plan_id
    editor.revise_plan()
    assert editor.plan_id != finalized_id and not editor.plan_builder.finalized
    assert editor.finalize_button.isVisible() and editor.plan_builder.add_button.isEnabled()
    versions = window.clinic.plan_versions(editor.patient.id)
    assert [(v.version, v.status.value) for v in versions] == [(2, "draft"), (1, "finalized")]


def test_the_patient_panel_lists_plan_versions_and_prints_one(open_window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    from fbss_desktop.gui.models.history_tables import PlanVersionTableModel

    editor, window = finalized_editor(open_window, qtbot)
    editor.revise_plan()
    window.open_patient(editor.patient.id)
    model = window.panel.plan_model
    assert model.rowCount() == 2
    assert model.index(0, PlanVersionTableModel.COL_STATUS).data() == "Draft"
    assert model.index(1, PlanVersionTableModel.COL_STATUS).data() == "Finalized"
    assert model.index(1, PlanVersionTableModel.COL_PRINTED).data() == "not yet"

    def fail(title, exc):  # an error would otherwise wait in a message box
        raise exc

    monkeypatch.setattr(window, "show_error", fail)
    window.panel.plan_view.selectRow(1)
    qtbot.mouseClick(window.panel.print_plan, Qt.MouseButton.LeftButton)
    qtbot.addWidget(window.preview)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "reprint.pdf"))
    assert window.preview.print_document(printer)
    window.open_patient(editor.patient.id)
    assert window.panel.plan_model.index(1, PlanVersionTableModel.COL_PRINTED).data() != "not yet"


def test_plan_version_model_passes_the_model_tester(qtmodeltester):
    import datetime as dt

    from fbss_desktop.core.plans import PlanStatus, PlanVersion
    from fbss_desktop.gui.models.history_tables import PlanVersionTableModel

    model = PlanVersionTableModel()
    model.set_rows(
        [
            PlanVersion(
                3, 1, dt.date(2026, 11, 20), 2, PlanStatus.DRAFT, None, "", None, 4, ("Added Naloxone rescue kit",)
            ),
            PlanVersion(
                2,
                1,
                dt.date(2026, 11, 20),
                1,
                PlanStatus.FINALIZED,
                dt.datetime(2026, 11, 20, 11),
                "Dr A",
                dt.datetime(2026, 11, 20, 12),
                3,
                (),
            ),
        ]
    )
    qtmodeltester.check(model)


def test_the_clinician_summary_previews_from_the_editor(open_window, qtbot):
    editor, _ = finalized_editor(open_window, qtbot)
    editor.print_plan(summary=True)
    qtbot.addWidget(editor.preview)
    assert editor.preview.windowTitle() == "Clinician summary"
    assert editor.preview.file_name.startswith("summary-") and editor.preview.document.pageCount() >= 2


def test_the_reading_grade_of_what_the_clinician_writes_is_shown(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    builder = editor.plan_builder
    builder.select_item("i1")
    reason = builder.item_editor.forms["ESI"].fields["reason"]
    reason.set("To ease the leg pain so you can walk")
    reason.edited.emit()
    assert "grade 8 or below" in builder.grade_line.text()
    reason.set(
        "Transforaminal epidural corticosteroid administration addressing radiculopathic manifestations "
        "consequent upon postoperative epidural fibrosis."
    )
    reason.edited.emit()
    assert "above grade 8" in builder.grade_line.text()
