"""Cautions per drug, not per class: the medicines table and the handouts of a plan say what applies to the
drug chosen (no gabapentinoid warning for duloxetine, no antidepressant warning for pregabalin), every drug a
plan can choose has its own entry, and every caution has a source and reads at grade 8 or below."""

from __future__ import annotations

import datetime as dt

import pytest

from fbss_desktop.core.drug_cautions import CautionLibrary
from fbss_desktop.core.handouts import SIGNS
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_document import read_plan
from fbss_desktop.core.plan_print import Letterhead, PlanPrint, build_plan_print
from fbss_desktop.core.plan_snapshot import from_snapshot, snapshot
from fbss_desktop.core.readability import TARGET_GRADE, reading_grade
from fbss_desktop.services.catalogues import (
    diagnosis_explanations,
    drug_cautions,
    handouts,
    medication_list,
    treatment_catalogue,
)
from tests.core.consult_fixtures import context, full_document
from tests.core.test_warning_signs import URGENCY

CLASS_TREATMENTS = ("NEUROPATHIC_AGENT", "OPIOID", "OPIOID_TAPER", "NSAID", "MUSCLE_RELAXANT")


def choosable(treatment_code: str) -> list[str]:
    """The drugs a plan can choose for a treatment (as the plan editor and the plan reader allow them)."""
    spec = treatment_catalogue()[treatment_code].detail("drug")
    assert spec is not None
    return [
        d.code
        for d in medication_list().drugs
        if (spec.drug_class and spec.drug_class in d.classes) or d.code in spec.drugs
    ]


def printed(*items: dict, cautions: CautionLibrary | None = None, taking: list[dict] | None = None) -> PlanPrint:
    from fbss_desktop.core.consult_document import read_consult
    from fbss_desktop.services.planning import plan_context

    document = full_document()
    if taking is not None:
        document["history"]["medications"] = taking
    record = read_consult(document, patient_id=1, context=context())[0]
    document = {"items": [{"key": f"i{n}", "phase": 1, **item} for n, item in enumerate(items)], "follow_up_weeks": 6}
    plan, problems = read_plan(document, plan_context())
    assert problems == {}
    patient = Patient("MRN-1", "Ortega", "Lucía", dt.date(1968, 3, 14), "F")  # type: ignore[arg-type]
    return build_plan_print(
        patient=patient,
        record=record,
        plan=plan,
        catalogue=treatment_catalogue(),
        drugs=medication_list(),
        handouts=handouts(),
        explanations=diagnosis_explanations(),
        letterhead=Letterhead("Clinic"),
        clinician="Dr Test",
        cautions=cautions or drug_cautions(),
    )


KEPT = "Keep taking it as before."


def nerve(drug: str) -> dict:
    return {"treatment": "NEUROPATHIC_AGENT", "details": {"drug": drug, "dose": 60, "per_day": 1}}


def patient_text(plan: PlanPrint) -> str:
    """What the patient reads about the medicines the plan chose: their rows of the medicines table (not the
    rows of what the patient already takes and keeps) and the treatments' handouts."""
    parts = [m.cautions for m in plan.medicines if m.change != KEPT]
    for handout in plan.handouts:
        parts.append(handout.text)
    return " ".join(parts)


def caution_texts(*drugs: str) -> set[str]:
    library = drug_cautions()
    return {c.text for d in drugs if (e := library.get(d)) is not None for c in e.cautions}


def only(drug: str, others: tuple[str, ...]) -> set[str]:
    """The caution texts of `others` that `drug` does not share."""
    return caution_texts(*others) - caution_texts(drug)


def test_every_drug_a_plan_can_choose_for_a_class_treatment_has_its_own_entry():
    library = drug_cautions()
    for treatment in CLASS_TREATMENTS:
        missing = [d for d in choosable(treatment) if library.get(d) is None]
        assert missing == [], (treatment, missing)


def test_every_caution_has_a_source_and_every_drug_named_is_in_the_medication_list():
    library = drug_cautions()
    known = {d.code for d in medication_list().drugs}
    assert set(library.drugs) <= known
    for entry in library.drugs.values():
        assert entry.be_careful and entry.cautions and entry.sources, entry.drug
        for caution in entry.cautions:
            assert caution.sources and all(s.strip() for s in caution.sources), caution.code


def test_a_caution_without_a_source_or_an_unknown_code_is_refused():
    data = {"cautions": {"A": {"text": "Be careful.", "sources": []}}, "drugs": {}}
    with pytest.raises(ValueError, match="no source"):
        CautionLibrary.from_dict(data)
    data = {
        "cautions": {"A": {"text": "Be careful.", "sources": ["s"]}},
        "drugs": {"x": {"be_careful": "B", "cautions": ["B"]}},
    }
    with pytest.raises(ValueError, match="unknown cautions"):
        CautionLibrary.from_dict(data)


@pytest.mark.parametrize("drug", sorted(drug_cautions().drugs))
def test_each_drug_text_is_plain_and_gives_no_urgency_of_its_own(drug):
    entry = drug_cautions().get(drug)
    assert entry is not None
    for text in (entry.be_careful, *(c.text for c in entry.cautions)):
        assert not URGENCY.search(text), (drug, text)
    assert reading_grade(entry.be_careful) <= TARGET_GRADE, (drug, reading_grade(entry.be_careful))
    section = " ".join(entry.section(drug).bullets)
    assert reading_grade(section) <= TARGET_GRADE, (drug, reading_grade(section))


def test_duloxetine_plan_names_no_gabapentinoid_caution_and_its_own_are_there():
    plan = printed(nerve("duloxetine"))
    text = patient_text(plan)
    gabapentinoid = only("duloxetine", ("gabapentin", "pregabalin"))
    assert gabapentinoid and not [t for t in gabapentinoid if t in text]
    for words in ("swell", "slow your breathing", "lung disease", "misuse"):
        assert words not in text, words
    assert plan.medicines[0].name == "Duloxetine"
    assert plan.medicines[0].cautions == drug_cautions().get("duloxetine").be_careful  # type: ignore[union-attr]
    (handout,) = plan.handouts
    assert any(s.heading == "Be careful with Duloxetine" for s in handout.sections)
    for words in ("suicide", "serotonin syndrome", "tramadol", "warfarin", "liver", "all at once"):
        assert words in text, words
    signs = " ".join(b for s in handout.sections if s.kind == SIGNS for b in s.bullets)
    assert "988" in signs and "muscles may twitch" in signs
    assert "muscles may twitch" in plan.warning_signs.text


def test_pregabalin_plan_names_no_antidepressant_caution():
    plan = printed(nerve("pregabalin"))
    text = patient_text(plan)
    antidepressant = only("pregabalin", ("duloxetine", "amitriptyline", "nortriptyline"))
    assert antidepressant and not [t for t in antidepressant if t in text]
    for words in ("suicide", "serotonin", "heart rhythm", "bleed"):
        assert words not in text.lower(), words
    for words in ("slow your breathing", "COPD", "swell", "misuse"):
        assert words in text, words


@pytest.mark.parametrize("treatment", CLASS_TREATMENTS)
def test_no_drug_of_a_class_carries_another_drugs_own_caution(treatment):
    drugs = choosable(treatment)
    details = {"reduction_percent_per_month": 10} if treatment == "OPIOID_TAPER" else {"dose": 1, "per_day": 1}
    for drug in drugs:
        plan = printed({"treatment": treatment, "details": {"drug": drug, **details}})
        text = patient_text(plan)
        foreign = only(drug, tuple(d for d in drugs if d != drug))
        assert not [t for t in foreign if t in text], drug
        assert plan.medicines[0].cautions == drug_cautions().get(drug).be_careful  # type: ignore[union-attr]


def test_two_drugs_of_one_class_each_get_their_cautions_in_one_handout():
    plan = printed(nerve("gabapentin"), nerve("duloxetine"))
    (handout,) = plan.handouts
    headings = [s.heading for s in handout.sections]
    assert "Be careful with Gabapentin" in headings and "Be careful with Duloxetine" in headings
    sign_levels = [s.heading for s in handout.sections if s.kind == SIGNS]
    assert len(sign_levels) == len(set(sign_levels))  # still one section per level
    assert handout.grade <= TARGET_GRADE


def test_every_composed_handout_reads_at_grade_8_or_below():
    for treatment in CLASS_TREATMENTS:
        details = {"reduction_percent_per_month": 10} if treatment == "OPIOID_TAPER" else {}
        for drug in choosable(treatment):
            plan = printed({"treatment": treatment, "details": {"drug": drug, **details}})
            for handout in plan.handouts:
                assert handout.grade <= TARGET_GRADE, (treatment, drug, handout.grade)


def test_the_composed_handouts_freeze_in_the_snapshot_as_before():
    plan = printed(nerve("duloxetine"), {"treatment": "OPIOID", "details": {"drug": "oxycodone"}})
    again = from_snapshot(snapshot(plan))
    assert [h.text for h in again.handouts] == [h.text for h in plan.handouts]
    assert [m.cautions for m in again.medicines] == [m.cautions for m in plan.medicines]
    section = snapshot(plan)["handouts"][0]["sections"][0]  # type: ignore[index]
    assert set(section) == {"heading", "paragraphs", "bullets"}


def test_the_opioid_handout_names_the_other_sedating_medicines_and_the_overdose_signs():
    text = handouts().get("OPIOID").text  # type: ignore[union-attr]
    for words in ("gabapentin", "pregabalin", "muscle relaxers", "addiction", "all at once", "naloxone", "911"):
        assert words in text, words


def test_the_detox_handout_does_not_call_its_medicines_safe():
    text = handouts().get("OPIOID_DETOX_PROGRAM").text.lower()  # type: ignore[union-attr]
    assert "are safe" not in text and "heart rhythm" in text and "breathing" in text


def test_a_drug_with_no_entry_falls_back_to_the_class_text():
    plan = printed(nerve("duloxetine"), cautions=CautionLibrary({}, {}))
    assert plan.medicines[0].cautions == treatment_catalogue()["NEUROPATHIC_AGENT"].patient.risks
    assert not any(s.heading.startswith("Be careful with") for h in plan.handouts for s in h.sections)


def test_the_medicines_table_says_what_is_new_what_changed_and_what_stays():
    """Reconciled against the consult's list (oxycodone 10 mg three times a day, gabapentin, apixaban): a dose
    change says what it was, and what the patient keeps taking is listed as kept, with its own cautions."""
    from tests.core.consult_fixtures import full_document

    taking = {m["name"].lower(): m for m in full_document()["history"]["medications"]}
    assert "oxycodone" in taking and "gabapentin" in taking
    plan = printed(
        {"treatment": "OPIOID", "details": {"drug": "oxycodone", "dose": 10, "per_day": 2}},
        nerve("duloxetine"),
    )
    rows = {m.name: m for m in plan.medicines}
    assert rows["Oxycodone"].change.startswith("Changed: before, you took 10 mg")
    assert rows["Duloxetine"].change == "New medicine."
    assert rows["Gabapentin"].change == KEPT and "breathing" in rows["Gabapentin"].cautions


def test_a_taper_is_printed_as_lowering_the_dose_never_as_no_change():
    """An opioid taper item carries no new dose; the medicines table must still say the dose is being lowered
    slowly and not to stop it at once (FDA 2019), with what the patient took until now."""
    plan = printed(
        {"treatment": "OPIOID_TAPER", "details": {"drug": "oxycodone", "reduction_percent_per_month": 10}},
    )
    row = next(m for m in plan.medicines if m.name == "Oxycodone")
    assert row.change != "No change."
    assert "lowering" in row.change and "all at once" in row.change
    assert "Until now you took 10 mg" in row.change
    assert row.how[0].isupper(), row.how


def test_a_kept_medicine_without_cautions_of_its_own_still_says_what_it_is_for_and_what_to_watch():
    """Warfarin, metformin or a medicine typed freely are kept as before; their row of the medicines table
    says what they are for and what to be careful of, from their class's words or the default, never blank."""
    library = drug_cautions()
    plan = printed(
        nerve("duloxetine"),
        taking=[
            {"name": "Warfarin", "dose": 5, "unit": "mg", "per_day": 1},
            {"name": "Metformin", "dose": 500, "unit": "mg", "per_day": 2},
            {"name": "Grandma's tonic", "dose": 1, "unit": "tablet", "per_day": 1},
        ],
    )
    rows = {m.name: m for m in plan.medicines}
    anticoagulant = library.kept(["anticoagulant"])
    assert anticoagulant is not None and anticoagulant is not library.kept_default
    assert (rows["Warfarin"].what_for, rows["Warfarin"].cautions) == (
        anticoagulant.what_for,
        anticoagulant.be_careful,
    )
    default = library.kept_default
    assert default is not None
    for name in ("Metformin", "Grandma's tonic"):
        assert rows[name].change == KEPT
        assert (rows[name].what_for, rows[name].cautions) == (default.what_for, default.be_careful), name


def test_every_kept_wording_has_a_source_reads_plainly_and_gives_no_urgency():
    library = drug_cautions()
    wordings = [*library.kept_by_class.values(), library.kept_default]
    assert library.kept_default is not None and len(wordings) > 1
    for words in wordings:
        assert words is not None and words.sources
        for text in (words.what_for, words.be_careful):
            assert not URGENCY.search(text), text
            assert reading_grade(text) <= TARGET_GRADE, (text, reading_grade(text))
    with pytest.raises(ValueError, match="kept default"):
        CautionLibrary.from_dict({"cautions": {}, "drugs": {}, "kept": {"default": {"for": "x", "sources": ["s"]}}})
