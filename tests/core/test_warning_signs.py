"""One scale of urgency: every warning sign a patient reads is defined once with one level, handouts and
the plan refer to signs instead of restating them, and the plan's page carries the signs of what is planned."""

from __future__ import annotations

import json
import re

import pytest

from fbss_desktop.core.handouts import SIGNS, STEPS, HandoutLibrary
from fbss_desktop.core.warning_signs import SignLibrary
from fbss_desktop.paths import resource
from fbss_desktop.services.catalogues import diagnosis_explanations, handouts, treatment_catalogue, warning_signs

# Words that tell a patient how urgently to act. Outside the sign library they would give a symptom a
# second level of urgency (the review found one symptom at three levels across three handouts).
URGENCY = re.compile(r"emergency room|\b911\b|call us|right away|same day|get help|call your doctor", re.IGNORECASE)

LEVELS = {level.code: level.heading for level in warning_signs().levels}


def test_the_scale_has_the_four_levels_most_urgent_first():
    assert list(LEVELS) == ["call_911", "emergency_room", "call_today", "next_visit"]


def test_every_sign_has_one_known_level_and_a_source():
    data = json.loads(resource("clinical", "warning_signs.json").read_text("utf-8"))
    codes = [s["code"] for s in data["signs"]]
    assert len(codes) == len(set(codes))
    texts = [s["text"] for s in data["signs"]]
    assert len(texts) == len(set(texts))
    for sign in warning_signs().signs.values():
        assert sign.level in LEVELS and sign.sources


def test_a_sign_defined_twice_or_at_an_unknown_level_is_refused():
    data = json.loads(resource("clinical", "warning_signs.json").read_text("utf-8"))
    twice = {**data, "signs": data["signs"] + data["signs"][:1]}
    with pytest.raises(ValueError, match="defined twice"):
        SignLibrary.from_dict(twice)
    odd = {**data, "signs": [{**data["signs"][0], "level": "soonish"}]}
    with pytest.raises(ValueError, match="unknown level"):
        SignLibrary.from_dict(odd)


def patient_texts():
    """Every prose text a patient reads: handout sections that are not signs or steps, the catalogue's
    patient fields, the diagnosis explanations."""
    for handout in handouts().handouts.values():
        for section in handout.sections:
            if section.kind in (SIGNS, STEPS):
                continue
            for text in (section.heading, *section.paragraphs, *section.bullets):
                yield f"handout {handout.code}", text
    for treatment in treatment_catalogue().treatments:
        p = treatment.patient
        for text in (p.name, p.what, p.expect, p.prepare, p.risks):
            yield f"catalogue {treatment.code}", text
    for code, text in diagnosis_explanations().items():
        yield f"explanation {code}", text


def test_no_patient_text_gives_an_urgency_of_its_own_outside_the_signs():
    offending = [(where, text) for where, text in patient_texts() if URGENCY.search(text)]
    assert offending == []


def test_every_sign_section_prints_each_sign_under_its_own_level():
    library = warning_signs()
    by_text = {sign.text: LEVELS[sign.level] for sign in library.signs.values()}
    for handout in handouts().handouts.values():
        for section in handout.sections:
            if section.kind == SIGNS:
                for text in section.bullets:
                    assert by_text[text] == section.heading, (handout.code, text)


def page(treatments):
    return {s.heading: s.bullets for s in handouts().warning_page(treatments).sections}


def test_overdose_signs_are_for_911_and_family_with_naloxone_when_a_sedating_medicine_is_planned():
    signs = page(["OPIOID", "PHYSICAL_THERAPY"])
    (overdose,) = [t for t in signs["Call 911 now if"] if "naloxone" in t]
    assert overdose.startswith("For family") and "911" in overdose and "second dose" in overdose
    assert not any("breath" in t and "slow" in t for t in signs.get("Call us today if", ()))
    assert not any("naloxone" in t for texts in page(["PHYSICAL_THERAPY"]).values() for t in texts)


def test_a_spine_procedure_adds_its_after_care_signs_and_a_neck_stroke_goes_to_911():
    signs = page(["ESI"])
    assert any("after a spine shot" in t for t in signs["Go to the emergency room now if"])
    assert any("face droops" in t for t in signs["Call 911 now if"])
    assert any("headache" in t for t in signs["Call us today if"])
    assert not any("after a spine shot" in t for texts in page(["NSAID"]).values() for t in texts)


def test_every_plan_page_has_the_early_cauda_equina_signs_and_the_crisis_line():
    text = " ".join(t for texts in page([]).values() for t in texts)
    assert "harder to start or stop peeing" in text and "988" in text


def test_a_handout_naming_an_unknown_sign_is_refused():
    data = {"treatment": "X", "title": "X", "sources": ["s"], "sections": [{"signs": ["NO_SUCH_SIGN"]}]}
    with pytest.raises(ValueError, match="unknown warning sign"):
        HandoutLibrary.from_dicts([data], warning_signs())


def test_stimulator_signs_are_on_the_plan_page_only_for_a_plan_with_a_stimulator():
    """A patient with no stimulator is not told about trial wires or a stimulator battery."""

    def page_text(*treatments: str) -> str:
        page = handouts().warning_page(treatments)
        return " ".join(" ".join(s.bullets) + " ".join(s.paragraphs) for s in page.sections).lower()

    for text in (page_text("PHYSICAL_THERAPY"), page_text("ESI")):
        assert "stimulator battery" not in text and "trial wires" not in text
    assert "trial wires are in" in page_text("SCS_TRIAL") and "stimulator battery" in page_text("SCS_TRIAL")
    assert "stimulator battery" in page_text("SCS_IMPLANT")
