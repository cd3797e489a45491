"""The plan builder's catalogue search, typed as a clinician types it: drug names, abbreviations and synonyms
find their treatments, and a drug found is added as its medication treatment with that drug chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fbss_desktop.gui.consult.editor import PLAN
from fbss_desktop.gui.consult.plan_builder import CODE_ROLE, PlanBuilder
from fbss_desktop.services.catalogues import medication_list, treatment_catalogue
from tests.gui.conftest import click, click_row, find_patient, go_to, type_text
from tests.scenarios import save_scenario


@pytest.fixture
def builder(qtbot) -> PlanBuilder:
    widget = PlanBuilder(treatment_catalogue(), medication_list())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def search(qtbot, builder: PlanBuilder, text: str) -> list[str]:
    """Type `text` in the search box, as a person does; the lines the catalogue then shows."""
    builder.search.setFocus()
    builder.search.clear()
    qtbot.keyClicks(builder.search, text)
    assert builder.search.text() == text
    model = builder.catalogue_model
    return [model.index(row).data() for row in range(model.rowCount())]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("gabapentin", "Gabapentin — Nerve-pain medicine"),
        ("Neurontin", "Gabapentin (Neurontin) — Nerve-pain medicine"),
        ("dulox", "Duloxetine — Nerve-pain medicine"),
        ("PT", "Physical therapy"),
        ("pt", "Physical therapy"),
        ("physio", "Physical therapy"),
        ("ESI", "Epidural steroid injection"),
        ("TFESI", "Epidural steroid injection"),
        ("tf-esi", "Epidural steroid injection"),
        ("epidural", "Epidural steroid injection"),
        ("MBB", "Medial branch block (diagnostic)"),
        ("RFA", "Radiofrequency ablation (medial branch)"),
        ("TPI", "Trigger point injection"),
        ("SIJ", "Sacroiliac joint injection"),
        ("CBT", "Pain psychology"),
        ("NSAID", "NSAID"),
    ],
)
def test_typing_a_name_abbreviation_or_synonym_shows_its_treatment_first(qtbot, builder, typed, first):
    assert search(qtbot, builder, typed)[0] == first


def test_each_search_shows_what_a_clinician_expects(qtbot, builder):
    assert {"Duloxetine — Nerve-pain medicine", "Amitriptyline — Nerve-pain medicine"} <= set(
        search(qtbot, builder, "antidep")
    )
    assert search(qtbot, builder, "SCS")[:2] == ["Spinal cord stimulator trial", "Spinal cord stimulator implant"]
    assert "Psychological evaluation (before SCS)" in search(qtbot, builder, "SCS")
    assert search(qtbot, builder, "ESI") == ["Epidural steroid injection"]  # not "analgesic", not "Duragesic"
    assert search(qtbot, builder, "nerve block") == ["Epidural steroid injection", "Medial branch block (diagnostic)"]
    assert "Ibuprofen (Advil) — NSAID" in search(qtbot, builder, "advil")
    assert search(qtbot, builder, "zzz") == []
    assert len(search(qtbot, builder, "")) == len(treatment_catalogue().current)  # nothing typed: everything


def test_a_drug_found_is_added_with_that_drug_chosen(qtbot, builder):
    search(qtbot, builder, "gabapentin")
    click_row(qtbot, builder.catalogue_view, 0)
    click(qtbot, builder.add_button)
    item = builder.document()["items"][-1]
    assert item["treatment"] == "NEUROPATHIC_AGENT" and item["details"] == {"drug": "gabapentin"}
    assert builder.item_editor.field("details.drug").widget.currentText() == "Gabapentin"
    assert "Gabapentin" in builder.items_model.index(0, 2).data()  # the item's details column names it


def test_enter_adds_the_one_drug_found_with_its_drug(qtbot, builder):
    assert search(qtbot, builder, "dulox") == ["Duloxetine — Nerve-pain medicine"]
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    item = builder.document()["items"][-1]
    assert item["treatment"] == "NEUROPATHIC_AGENT" and item["details"] == {"drug": "duloxetine"}


def test_with_several_matches_enter_adds_the_first_and_down_chooses_another_from_the_search_box(qtbot, builder):
    """The walk typed "SCS", pressed Enter (nothing happened) and Down (the page scrolled)."""
    assert search(qtbot, builder, "SCS")[:2] == ["Spinal cord stimulator trial", "Spinal cord stimulator implant"]
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    assert builder.document()["items"][-1]["treatment"] == "SCS_TRIAL"
    search(qtbot, builder, "SCS")
    qtbot.keyClick(builder.search, Qt.Key.Key_Down)
    assert builder.search.hasFocus() or builder.focusWidget() is builder.search  # typing can go on
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    assert builder.document()["items"][-1]["treatment"] == "SCS_IMPLANT"
    assert len(builder.document()["items"]) == 2


def test_an_abbreviation_that_names_an_approach_adds_the_treatment_with_it(qtbot, builder):
    """The walkthrough's TFESI was added as a generic ESI, its required approach blank."""
    search(qtbot, builder, "TFESI")
    assert builder.catalogue_model.index(0).data(CODE_ROLE) == "ESI"
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    assert builder.document()["items"][-1]["treatment"] == "ESI"
    assert builder.document()["items"][-1]["details"] == {"approach": "transforaminal"}
    search(qtbot, builder, "ESI")
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    assert builder.document()["items"][-1]["details"] == {}  # plain ESI: the approach is the clinician's choice


def test_in_the_consult_editor_a_brand_name_adds_its_drug(open_window, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # save on close
    window = open_window(demo=1)
    patient, _draft = save_scenario(window.clinic, "scs_without_psychology")
    find_patient(qtbot, window, patient.mrn)
    click_row(qtbot, window.panel.consult_view, 0)
    click(qtbot, window.panel.open_consult)
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    go_to(qtbot, editor, PLAN)
    builder = editor.plan_builder
    type_text(qtbot, builder.search, "Cymbalta")
    assert builder.catalogue_model.index(0).data() == "Duloxetine (Cymbalta) — Nerve-pain medicine"
    qtbot.keyClick(builder.search, Qt.Key.Key_Return)
    item = builder.document()["items"][-1]
    assert item["treatment"] == "NEUROPATHIC_AGENT" and item["details"]["drug"] == "duloxetine"
    assert editor.dirty
