"""The plan builder and the findings panel on a real editor and database: adding treatments, live findings,
one-click work-up, acknowledging a block with a reason, and finalizing behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QTabWidget

from fbss_desktop.core.findings import Outcome, Severity
from fbss_desktop.core.plans import GOAL_KINDS, GOAL_MEASURES
from fbss_desktop.gui.consult.editor import HISTORY, PLAN, ConsultEditor
from fbss_desktop.gui.consult.findings_panel import FINDING_ROLE
from fbss_desktop.gui.consult.plan_builder import CODE_ROLE, CatalogueListModel
from fbss_desktop.gui.consult.plan_items import PlanItemTableModel
from fbss_desktop.gui.dialogs.acknowledge_dialog import AcknowledgeDialog
from fbss_desktop.gui.widgets.field_errors import message_of
from fbss_desktop.services.catalogues import medication_list, treatment_catalogue
from tests.gui.conftest import (
    choose,
    choose_data,
    click,
    click_index,
    click_row,
    click_tab,
    drive_modal,
    find_patient,
    go_to,
    type_text,
)
from tests.gui.printing import press_print
from tests.scenarios import save_scenario


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch):
    """Finalizing and removing ask first; these tests say yes."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def open_scenario(open_window, qtbot, name: str) -> tuple[ConsultEditor, object]:
    window = open_window(demo=1)  # the demo clinicians
    patient, draft = save_scenario(window.clinic, name)
    find_patient(qtbot, window, patient.mrn)
    click_row(qtbot, window.panel.consult_view, 0)
    click(qtbot, window.panel.open_consult)
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    assert editor.consult_id == draft.consult_id
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


def select_finding(qtbot, editor: ConsultEditor, rule: str) -> None:
    """Click the finding of `rule` in the findings panel."""
    model = editor.findings.model
    for g in range(model.rowCount()):
        group = model.item(g)
        for r in range(group.rowCount()):
            if editor.findings.by_key[group.child(r).data(FINDING_ROLE)].rule == rule:
                click_index(qtbot, editor.findings.view, group.child(r).index())
                assert editor.findings.current().rule == rule
                return
    raise AssertionError(f"{rule} is not shown")


def choose_clinician(qtbot, editor, window):
    clinician = window.clinic.setup.clinicians()[0]
    choose(qtbot, editor.form.fields["clinician_id"].widget, clinician.display_name)
    assert editor.form.fields["clinician_id"].get() == clinician.id


def select_item(qtbot, editor, key):
    """Click the plan item `key` in the plan's table (the Plan section must be open)."""
    builder = editor.plan_builder
    row = next(r for r, item in enumerate(builder.items_model.items) if item["key"] == key)
    click_row(qtbot, builder.items_view, row, 1)
    assert builder.selected_row() == row


def add_from_catalogue(qtbot, editor, search, code):
    """Find a treatment in the catalogue, click it and press Add to plan (the Plan section must be open)."""
    builder = editor.plan_builder
    type_text(qtbot, builder.search, search)
    model = builder.catalogue_model
    (row,) = [r for r in range(model.rowCount()) if model.index(r).data(CODE_ROLE) == code]
    click_row(qtbot, builder.catalogue_view, row)
    click(qtbot, builder.add_button)
    assert builder.document()["items"][-1]["treatment"] == code


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
    select_finding(qtbot, editor, rule)
    text = editor.findings.detail.toPlainText()
    assert "Why:" in text and "Sources:" in text and shown[rule].message in text


def test_a_block_must_be_acknowledged_with_a_reason_before_finalizing(open_window, qtbot, monkeypatch):
    editor, window = open_scenario(open_window, qtbot, "scs_without_psychology")
    choose_clinician(qtbot, editor, window)
    click(qtbot, editor.finalize_button)
    assert "acknowledge 1 blocking finding" in editor.problems.text()
    assert editor.findings.current().rule == "R32"  # taken to the block
    assert window.clinic.consults.open(editor.consult_id).document["plan"]["status"] == "draft"

    def acknowledge(dialog: AcknowledgeDialog) -> None:
        assert dialog.finding.rule == "R32"
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert not ok.isEnabled()  # no reason yet: cannot acknowledge a block
        qtbot.keyClicks(dialog.reason, "Evaluated by Dr Lee at the referring centre in October; report on file")
        assert ok.isEnabled()
        click(qtbot, ok)
        assert dialog.result() == AcknowledgeDialog.DialogCode.Accepted

    select_finding(qtbot, editor, "R32")
    drive_modal(qtbot, lambda: click(qtbot, editor.findings.acknowledge_button), acknowledge, AcknowledgeDialog)
    assert "✓" in next(
        editor.findings.model.item(0).child(r).text() for r in range(editor.findings.model.item(0).rowCount())
    )
    assert editor.evaluation.unacknowledged_blocks == ()

    click(qtbot, editor.finalize_button)
    saved = window.clinic.consults.open(editor.consult_id).document["plan"]
    assert saved["status"] == "finalized" and saved["finalized_by"]
    (ack,) = saved["acknowledgements"]
    assert ack["rule"] == "R32" and ack["item"] == "i1" and ack["reason"].startswith("Evaluated by Dr Lee")
    assert ack["clinician"] and ack["at"]
    assert not editor.finalize_button.isVisible() and not editor.plan_builder.add_button.isEnabled()
    assert "plan finalized" in editor.status.text()


def test_suggested_work_up_is_added_with_one_click(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "scs_without_psychology")
    select_finding(qtbot, editor, "R32")
    button = editor.findings.findChild(QPushButton, "findingAction:PSYCH_EVALUATION")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    items = editor.plan_builder.document()["items"]
    assert [i["treatment"] for i in items] == ["SCS_TRIAL", "PSYCH_EVALUATION"]
    shown = rules_shown(editor)
    assert "R32" not in shown and "R32B" in shown  # now planned, still to be done
    assert editor.dirty


def test_treatments_come_from_the_catalogue_suggested_first(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "cauda_equina")
    go_to(qtbot, editor, PLAN)
    first = editor.plan_builder.catalogue_model.index(0).data()
    assert first.startswith("★")  # R01 suggests an emergency referral and MRI
    type_text(qtbot, editor.plan_builder.search, "naloxone")
    qtbot.keyClick(editor.plan_builder.search, Qt.Key.Key_Return)  # Enter adds the one match
    assert editor.plan_builder.document()["items"][-1]["treatment"] == "NALOXONE"


def test_item_details_change_the_findings_live(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    go_to(qtbot, editor, PLAN)
    select_item(qtbot, editor, "i1")
    form = editor.plan_builder.item_editor.forms["ESI"]
    assert "R26" not in rules_shown(editor)
    choose_data(qtbot, form.fields["details.region"].widget, "cervical")
    choose_data(qtbot, form.fields["details.steroid"].widget, "triamcinolone")
    qtbot.waitUntil(lambda: "R26" in rules_shown(editor))  # the findings follow a moment after typing stops
    assert rules_shown(editor)["R26"].severity is Severity.BLOCK
    assert editor.plan_builder.items_model.index(0, 4).data().startswith("✖")
    choose_data(qtbot, form.fields["details.steroid"].widget, "dexamethasone")
    qtbot.waitUntil(lambda: "R26" not in rules_shown(editor))


def test_a_wrong_goal_is_marked_and_nothing_saved(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    go_to(qtbot, editor, PLAN)
    goals = editor.plan_builder.goals
    choose(qtbot, goals.row_form.fields["kind"].widget, GOAL_KINDS["pain"])
    choose(qtbot, goals.row_form.fields["measure"].widget, GOAL_MEASURES["leg_nrs"][0])
    target = goals.row_form.fields["target"].widget
    qtbot.keyClicks(target, "14")
    qtbot.keyClicks(goals.row_form.fields["text"].widget, "Leg pain down")
    click(qtbot, goals.add_button)  # refused at Add, at the field, in the words the save would use
    assert goals.get() == [] and "between 0 and 10" in message_of(target) and editor.focusWidget() is target
    target.selectAll()
    qtbot.keyClicks(target, "4")
    click(qtbot, goals.add_button)
    assert goals.get() == [{"kind": "pain", "measure": "leg_nrs", "target": 4, "text": "Leg pain down"}]
    assert message_of(target) == ""
    # A wrong goal that reached the plan another way (an older version's document) is still refused at save.
    goals.set([{"kind": "pain", "measure": "leg_nrs", "target": 14, "text": "Leg pain down"}])
    go_to(qtbot, editor, HISTORY)
    click(qtbot, editor.save_button)
    assert editor.nav.currentRow() == PLAN
    assert "between 0 and 10" in editor.plan_builder.findChild(QLabel, "goals:message").text()
    assert window.clinic.consults.open(editor.consult_id).document["plan"]["goals"] == []


def test_the_plan_is_saved_and_autosaved_with_the_consult(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "ckd4_nsaid")
    go_to(qtbot, editor, PLAN)
    add_from_catalogue(qtbot, editor, "physical", "PHYSICAL_THERAPY")
    form = editor.plan_builder.item_editor.forms["PHYSICAL_THERAPY"]
    qtbot.keyClicks(form.fields["details.sessions_per_week"].widget, "2")
    qtbot.keyClicks(form.fields["details.weeks"].widget, "8")
    assert editor.document()["plan"]["items"][-1]["details"] == {"sessions_per_week": 2, "weeks": 8}
    assert editor.recovery.pending() == []
    go_to(qtbot, editor, HISTORY)  # a section change autosaves at once
    (pending,) = editor.recovery.pending()
    assert pending.document["plan"]["items"][-1]["treatment"] == "PHYSICAL_THERAPY"
    click(qtbot, editor.save_button)
    stored = window.clinic.consults.open(editor.consult_id).document["plan"]
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

    def change(dialog: SettingsDialog) -> None:
        click_tab(qtbot, dialog.findChild(QTabWidget), 2)  # Decision support
        choose_data(qtbot, dialog.widgets["rules.guideline_mode"], "nice")
        choose_data(qtbot, dialog.widgets["esi.max_per_6_months"], 3)
        assert dialog.changes() == {"rules.guideline_mode": "nice", "esi.max_per_6_months": 3}
        click(qtbot, dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))
        assert dialog.result() == SettingsDialog.DialogCode.Accepted

    drive_modal(qtbot, window.settings_action.trigger, change, SettingsDialog)  # Edit › Clinic settings…
    settings = window.clinic.settings.values()
    assert settings["rules.guideline_mode"] == "nice" and settings["esi.max_per_6_months"] == 3
    patient, draft = save_scenario(window.clinic, "apixaban_esi")
    basis = window.clinic.consults.open(draft.consult_id).basis
    assert basis.settings["rules.guideline_mode"] == "nice"


def finalized_editor(open_window, qtbot):
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    choose_clinician(qtbot, editor, window)
    click(qtbot, editor.finalize_button)
    assert editor.plan_builder.finalized
    return editor, window


def test_the_finalized_plan_previews_prints_and_saves_without_the_patient_name(
    open_window, qtbot, tmp_path, monkeypatch
):
    editor, window = finalized_editor(open_window, qtbot)
    assert editor.print_button.isVisible() and editor.revise_button.isVisible()
    click(qtbot, editor.print_button)
    preview = editor.preview
    qtbot.addWidget(preview)
    assert preview.document.pageCount() >= 3
    assert preview.file_name.startswith(f"plan-{editor.plan_id}-") and "Ortega" not in preview.file_name
    offered = []

    def save_file_name(parent, caption, name, filters):
        offered.append(Path(name).name)  # offered in Documents (or the folder last saved to)
        return str(tmp_path / Path(name).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    click(qtbot, preview.save_button)  # Save as PDF…
    assert offered == [preview.file_name]  # the name offered has no patient name in it
    assert (tmp_path / preview.file_name).read_bytes() == preview.pdf
    assert press_print(qtbot, preview, tmp_path / "printed.pdf") == ["printDialog"]  # Print…, the dialog accepted
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000
    (version,) = [v for v in window.clinic.plans.versions(editor.patient.id) if v.plan_id == editor.plan_id]
    assert version.last_printed is not None


def test_unsaved_changes_are_saved_before_printing(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    go_to(qtbot, editor, PLAN)
    add_from_catalogue(qtbot, editor, "heat", "HEAT_COLD")
    click(qtbot, editor.print_button)
    assert "Save the consult first" in editor.problems.text()
    assert getattr(editor, "preview", None) is None  # nothing is previewed before the plan is saved


def test_revising_a_finalized_plan_opens_a_new_draft_version(open_window, qtbot):
    editor, window = finalized_editor(open_window, qtbot)
    finalized_id = editor.plan_id
    click(qtbot, editor.revise_button)
    assert editor.plan_id != finalized_id and not editor.plan_builder.finalized
    assert editor.finalize_button.isVisible() and editor.plan_builder.add_button.isEnabled()
    versions = window.clinic.plans.versions(editor.patient.id)
    assert [(v.version, v.status.value) for v in versions] == [(2, "draft"), (1, "finalized")]


def test_the_patient_panel_lists_plan_versions_and_prints_one(open_window, qtbot, tmp_path, monkeypatch):
    from fbss_desktop.gui.models.history_tables import PlanVersionTableModel

    editor, window = finalized_editor(open_window, qtbot)
    click(qtbot, editor.revise_button)
    model = window.panel.plan_model  # the panel follows the editor's changes
    assert model.rowCount() == 2
    assert model.index(0, PlanVersionTableModel.COL_STATUS).data() == "Draft"
    assert model.index(1, PlanVersionTableModel.COL_STATUS).data() == "Finalized"
    assert model.index(1, PlanVersionTableModel.COL_PRINTED).data() == "not yet"

    def fail(title, exc):  # an error would otherwise wait in a message box
        raise exc

    monkeypatch.setattr(window, "show_error", fail)
    click_tab(qtbot, window.panel.visits, 1)  # Treatment plans
    click_row(qtbot, window.panel.plan_view, 1)
    qtbot.mouseClick(window.panel.print_plan, Qt.MouseButton.LeftButton)
    qtbot.addWidget(window.preview)
    assert press_print(qtbot, window.preview, tmp_path / "reprint.pdf") == ["printDialog"]
    assert (tmp_path / "reprint.pdf").stat().st_size > 10_000
    assert window.panel.plan_model.index(1, PlanVersionTableModel.COL_PRINTED).data() != "not yet"  # followed


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
    click(qtbot, editor.summary_button)
    qtbot.addWidget(editor.preview)
    assert editor.preview.windowTitle() == "Clinician summary"
    assert editor.preview.file_name.startswith("summary-") and editor.preview.document.pageCount() >= 2


def test_the_reading_grade_of_what_the_clinician_writes_is_shown(open_window, qtbot):
    editor, _ = open_scenario(open_window, qtbot, "apixaban_esi")
    builder = editor.plan_builder
    go_to(qtbot, editor, PLAN)
    select_item(qtbot, editor, "i1")
    reason = builder.item_editor.forms["ESI"].fields["reason"].widget
    type_text(qtbot, reason, "To ease the leg pain so you can walk")
    assert "grade 8 or below" in builder.grade_line.text()
    type_text(
        qtbot,
        reason,
        "Transforaminal epidural corticosteroid administration addressing radiculopathic manifestations "
        "consequent upon postoperative epidural fibrosis.",
    )
    assert "above grade 8" in builder.grade_line.text()
