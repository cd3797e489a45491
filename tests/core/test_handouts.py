"""Patient handouts: one for every catalogue treatment, each readable at grade 8 or below, with sources."""

from __future__ import annotations

import pytest

from fbss_desktop.core.handouts import GENERAL, WARNING_SIGNS
from fbss_desktop.core.readability import TARGET_GRADE, reading_grade
from fbss_desktop.services.catalogues import handouts, treatment_catalogue


def test_every_treatment_has_a_handout_and_the_general_ones_exist():
    library = handouts()
    codes = {t.code for t in treatment_catalogue().treatments}
    assert codes | {GENERAL, WARNING_SIGNS} == set(library.handouts)


@pytest.mark.parametrize("code", sorted(handouts().handouts))
def test_each_handout_is_at_grade_8_or_below_and_cites_its_source(code):
    handout = handouts().get(code)
    assert handout is not None and handout.sections and handout.sources
    assert handout.grade <= TARGET_GRADE, f"{code} reads at grade {handout.grade:.1f}"


def test_the_grade_tells_plain_from_dense_text():
    plain = "Take it with food. Do not take two kinds at once. Call us if your stomach hurts."
    dense = (
        "Nonsteroidal anti-inflammatory medications demonstrate considerable gastrointestinal, renal and "
        "cardiovascular toxicity, particularly in elderly individuals receiving concomitant anticoagulation."
    )
    assert reading_grade(plain) < 4 < TARGET_GRADE < reading_grade(dense)
    assert reading_grade("") == 0.0


def test_handouts_for_a_plan_come_once_each_in_plan_order():
    chosen = handouts().for_treatments(["ESI", "PHYSICAL_THERAPY", "ESI", "NOT_A_TREATMENT"])
    assert [h.code for h in chosen] == ["ESI", "PHYSICAL_THERAPY"]


def test_the_warning_signs_name_the_emergencies_early_and_late():
    text = handouts().get(WARNING_SIGNS).text.lower()
    for sign in (
        "cannot pee",  # late cauda equina
        "harder to start or stop peeing",  # early cauda equina
        "do not feel when your bladder is full",
        "numb between your legs",
        "problems with sex",
        "both legs",
        "fever",
        "leaks",
        "988",
    ):
        assert sign in text, sign


def test_every_patient_text_of_the_catalogue_reads_at_grade_8_or_below():
    for treatment in treatment_catalogue().treatments:
        p = treatment.patient
        text = " ".join((p.name + ".", p.what, p.expect, p.prepare, p.risks))
        assert reading_grade(text) <= TARGET_GRADE, f"{treatment.code} reads at {reading_grade(text):.1f}"


def test_every_diagnosis_explanation_reads_at_grade_8_or_below():
    from fbss_desktop.services.catalogues import diagnosis_explanations

    for code, text in diagnosis_explanations().items():
        assert reading_grade(text) <= TARGET_GRADE, f"{code} reads at {reading_grade(text):.1f}"


def test_a_class_summary_prints_alone_and_gives_way_to_the_chosen_drugs_cautions():
    from fbss_desktop.core.handouts import HandoutSection

    library = handouts()
    for code in ("NSAID", "OPIOID", "MUSCLE_RELAXANT", "NEUROPATHIC_AGENT"):
        alone = library.get(code)
        assert alone is not None and any(s.summary for s in alone.sections), code  # the front desk's copy
        own = HandoutSection("Be careful with Naproxen", (), ("Take it with food or milk.",))
        composed = library.composed(alone, [own], ["GI_BLEED"], ["FDA Medication Guide for NSAIDs"])
        assert not any(s.summary for s in composed.sections), code
        assert own in composed.sections and "FDA Medication Guide for NSAIDs" in composed.sources
        assert library.composed(alone, []) is alone  # no caution known for the drug: the summary stays


def test_no_class_handout_names_a_single_drugs_caution_for_the_whole_class():
    """The Beers advice to avoid muscle relaxers at 65 or older concerns six of them, not tizanidine or
    baclofen: it lives in those drugs' cautions and, for the class, only in the summary."""
    relaxers = handouts().get("MUSCLE_RELAXANT")
    assert relaxers is not None
    for section in relaxers.sections:
        if not section.summary:
            assert "65" not in " ".join((*section.paragraphs, *section.bullets)), section.heading
