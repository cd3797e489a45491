"""A plan item's details as the patient reads them: how to start comes before the dose to keep to, so nobody
starts at the target dose or takes both (a specialist's walk found "60 mg once a day. 30 mg once daily for 1
week, then 60 mg once daily.")."""

from __future__ import annotations

from fbss_desktop.core.plan_wording import detail_text
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.services.catalogues import medication_list, treatment_catalogue


def duloxetine(**details: object) -> PlanItem:
    return PlanItem("i1", "NEUROPATHIC_AGENT", details={"drug": "duloxetine", "dose": 60, "per_day": 1, **details})


def test_how_to_start_comes_first_and_the_dose_to_keep_to_after_it():
    item = duloxetine(titration="30 mg once daily for 1 week, then 60 mg once daily.")
    text = detail_text(item, treatment_catalogue(), medication_list(), skip=("drug",))
    assert text == "How to start: 30 mg once daily for 1 week, then 60 mg once daily. After that: 60 mg once a day."
    assert text.index("How to start") < text.index("After that")


def test_without_a_way_to_start_the_dose_reads_alone():
    text = detail_text(duloxetine(), treatment_catalogue(), medication_list())
    assert text == "Duloxetine 60 mg once a day."


def test_a_handout_that_tells_the_patient_to_keep_naloxone_tells_them_how_to_get_it():
    """The walk's patient read "keep naloxone at home" with no naloxone in her plan: every handout that asks her
    to keep it (but the naloxone handout itself, which comes with the spray) says to ask us for it first."""
    import re

    from fbss_desktop.services.catalogues import handouts

    for code, handout in handouts().handouts.items():
        lines = [
            *(p for s in handout.sections for p in s.paragraphs),
            *(b for s in handout.sections for b in s.bullets),
        ]
        sentences = [part for line in lines for part in re.split(r"(?<=[.!?])\s+", line)]
        asks_to_keep = any(
            "keep" in t.lower() and ("naloxone" in t.lower() or t.lower().startswith("keep it")) for t in sentences
        )
        if code != "NALOXONE" and asks_to_keep:
            assert any(t.startswith("Ask us for naloxone") for t in sentences), code


def test_an_opioids_own_cautions_ask_for_naloxone_rather_than_assume_the_patient_has_it():
    from fbss_desktop.services.catalogues import drug_cautions

    library = drug_cautions()
    texts = [e.be_careful for e in library.drugs.values()] + [c.text for c in library.cautions.values()]
    keeping = [t for t in texts if "naloxone" in t.lower() and "keep" in t.lower()]
    assert keeping, "the opioids' cautions speak of naloxone"
    for text in keeping:
        assert "ask us for naloxone" in text.lower(), text


def test_a_patient_on_no_blood_thinner_is_not_told_to_keep_taking_one():
    """A walk wrote "Not on blood thinners" as the hold plan; the patient's copy said to keep taking her blood
    thinner as usual. Only a patient whose list holds one reads that."""
    from tests.core.test_drug_cautions import printed

    esi = {
        "treatment": "ESI",
        "details": {"approach": "transforaminal", "region": "lumbar", "levels": ["L3-L4"], "side": "right"},
    }
    hold = {**esi, "details": {**esi["details"], "antithrombotic_hold": "Not on blood thinners"}}
    none = printed(hold, taking=[{"name": "Gabapentin", "dose": 300, "unit": "mg", "per_day": 3}])
    assert "Keep taking" not in " ".join(s.prepare for p in none.phases for s in p.steps)
    on_one = printed(esi, taking=[{"name": "Apixaban", "dose": 5, "unit": "mg", "per_day": 2}])
    assert "Keep taking Apixaban as usual" in " ".join(s.prepare for p in on_one.phases for s in p.steps)
