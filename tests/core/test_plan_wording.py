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
