"""A medicine's handout speaks of the drug chosen: the class's summary gives way to that drug's own cautions,
and no other drug's caution prints (clinical reference 3.1: celecoxib and sulfa, tramadol and seizures or
serotonin syndrome, the Beers advice for some muscle relaxers only)."""

from __future__ import annotations

import pytest

from fbss_desktop.services import printing
from tests.documents.test_plan_pdf import acknowledged, pages_text, saved_plan

CLASS = {"NSAID": "NSAID", "OPIOID": "OPIOID", "MR": "MUSCLE_RELAXANT"}

CASES = [  # drug, its class, what must print, what must not
    (
        "naproxen",
        "NSAID",
        ["Be careful with Naproxen", "Take it with food or milk."],
        ["sulfa", "Ketorolac is", "Diclofenac can", "Ibuprofen can block"],
    ),
    (
        "celecoxib",
        "NSAID",
        ["Be careful with Celecoxib", "allergic to sulfa drugs"],
        ["Ketorolac is", "Diclofenac can"],
    ),
    ("ibuprofen", "NSAID", ["Ibuprofen can block the way low-dose aspirin"], ["sulfa"]),
    (
        "tramadol",
        "OPIOID",
        ["Tramadol can cause seizures", "serotonin syndrome", "child under 12"],
        ["Methadone can change", "patch", "melts in your mouth", "Tylenol"],
    ),
    (
        "morphine",
        "OPIOID",
        ["Be careful with Morphine"],
        ["seizures", "serotonin syndrome", "Tramadol", "child under 12"],
    ),
    ("methadone", "OPIOID", ["Methadone can change your heart rhythm"], ["seizures", "patch"]),
    (
        "tizanidine",
        "MR",
        ["ciprofloxacin", "lower your blood pressure"],
        ["best avoided", "serotonin syndrome", "habit-forming", "pee may turn"],
    ),
    ("cyclobenzaprine", "MR", ["best avoided", "serotonin syndrome"], ["ciprofloxacin", "habit-forming"]),
]


@pytest.mark.parametrize(("drug", "kind", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_a_medicine_handout_prints_only_the_chosen_drugs_cautions(sqlite_clinic, drug, kind, present, absent):
    item = {"key": "i1", "treatment": CLASS[kind], "phase": 1, "details": {"drug": drug, "dose": 10, "per_day": 2}}
    draft = acknowledged(sqlite_clinic, saved_plan(sqlite_clinic, items=[item], visits=1, mrn=f"DRUG-{drug}"))
    text = " ".join(pages_text(printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)))
    handout = " ".join(text.split("About your treatments", 1)[1].split())
    for words in present:
        assert words in handout, words
    for words in absent:
        assert words not in handout, words
    # the class summary gave way to the drug's own cautions: each caution is read once
    assert "Be careful " not in handout.replace(f"Be careful with {drug.capitalize()}", "")
    assert "Ask us about yours" not in handout
    for repeated in ("It is not a pain pill to drop", "Keep it locked up", "Do not drive until"):
        assert handout.count(repeated) <= 1, repeated
