"""The payer criteria of a medical-necessity letter (resources/rules/necessity_criteria.json): each one met by a
case that documents it, and not met (or not documented) by one that does not; and the conservative care a
case documents (core/conservative_care.py): weeks of physical therapy, medicines tried and stopped."""

from __future__ import annotations

import pytest

from fbss_desktop.core.conservative_care import gather
from fbss_desktop.core.letters import LetterKind
from fbss_desktop.rules.necessity import check_criteria
from fbss_desktop.services.catalogues import medication_list, reference_tables, treatment_catalogue
from fbss_desktop.services.letter_sources import necessity_criteria
from tests.rules.case_builder import build, item

PT_DONE = ("2026-06-01", [item("PHYSICAL_THERAPY", 1, "done", sessions_per_week=2, weeks=8)])
PSYCH_LINE = {"procedure": "PSYCH_EVALUATION", "performed": "2026-08"}
MBB_LINE = {"procedure": "MEDIAL_BRANCH_BLOCK", "performed": "2026-09", "region": "lumbar", "relief_percent": 80}


def _criteria(kind: LetterKind, case):
    return {c.id: c for c in check_criteria(necessity_criteria()[kind], case, reference_tables())}


def _case(history=None, items=(), earlier_plans=(PT_DONE,), **consult):
    return build({"history": history or {}, **consult}, items, earlier_plans=earlier_plans)


def test_every_criterion_names_its_source_and_every_letter_kind_has_criteria():
    loaded = necessity_criteria()
    assert set(loaded) == {LetterKind.NECESSITY_SCS, LetterKind.NECESSITY_RFA}
    assert all(rule.source.startswith(("CMS", "NICE", "Cohen")) for c in loaded.values() for rule in c.criteria)


@pytest.mark.parametrize(
    ("kind", "criterion", "met_case", "unmet_case"),
    [
        (
            LetterKind.NECESSITY_SCS,
            "SCS-NCD-PSYCH",
            {"history": {"prior_procedures": [PSYCH_LINE]}},
            {"history": {}},
        ),
        (
            LetterKind.NECESSITY_SCS,
            "SCS-NCD-PT",
            {"earlier_plans": (PT_DONE,)},
            {"earlier_plans": ()},
        ),
        (
            LetterKind.NECESSITY_SCS,
            "SCS-NICE-DURATION",
            {"history": {"pain_duration_months": 24}},
            {"history": {"pain_duration_months": 4}},
        ),
        (
            LetterKind.NECESSITY_SCS,
            "SCS-LCD-SUBSTANCE",
            {"history": {"substance_use": "past"}},
            {"history": {"substance_use": "current"}},
        ),
        (
            LetterKind.NECESSITY_SCS,
            "SCS-NCD-TRIAL",
            {"items": [item("SCS_TRIAL", 2, days=7)]},
            {"items": []},
        ),
        (
            LetterKind.NECESSITY_RFA,
            "RFA-MBB",
            {"history": {"prior_procedures": [MBB_LINE]}},
            {"history": {}},
        ),
        (
            LetterKind.NECESSITY_RFA,
            "RFA-NICE-SEVERITY",
            {"history": {"back_nrs_now": 7}},
            {"history": {"back_nrs_now": 3}},
        ),
    ],
)
def test_a_criterion_is_met_when_the_record_documents_it_and_not_met_when_it_does_not(
    kind, criterion, met_case, unmet_case
):
    assert _criteria(kind, _case(**met_case))[criterion].met is True
    unmet = _criteria(kind, _case(**unmet_case))[criterion]
    assert unmet.met is False and unmet.gap.startswith("Not met")


def test_a_criterion_read_on_the_planned_procedure_is_not_documented_without_one():
    criterion = _criteria(LetterKind.NECESSITY_SCS, _case())["SCS-NICE-CMM"]
    assert criterion.met is None and criterion.gap.startswith("Not documented")
    planned = _case(items=[item("SCS_TRIAL", 2, days=7, conventional_care_failed="yes")])
    assert _criteria(LetterKind.NECESSITY_SCS, planned)["SCS-NICE-CMM"].met is True


def test_conservative_care_counts_the_weeks_of_therapy_and_tells_stopped_medicines_from_current():
    case = build(
        {"history": {"medications": [{"name": "Gabapentin", "dose": 300, "per_day": 3}]}},
        earlier=[
            {
                "consult_date": "2026-03-02",
                "history": {"medications": [{"name": "Naproxen", "dose": 500, "per_day": 2}]},
            }
        ],
        earlier_plans=(PT_DONE, ("2026-03-02", [item("PHYSICAL_THERAPY", 1, "stopped", weeks=4)])),
    )
    plans = [(p.consult_date, p.plan) for p in case.earlier_plans]
    care = gather((case.consult, *case.earlier_consults), plans, treatment_catalogue(), medication_list())
    assert care.therapy_weeks == 12
    medicines = {m.name: m.current for m in care.medicines}
    assert medicines == {"Gabapentin": True, "Naproxen": False}


def test_a_history_line_covers_the_plan_item_it_records():
    line = {"procedure": "ESI", "performed": "2026-07", "region": "lumbar", "relief_percent": 60, "relief_weeks": 8}
    case = build(
        {"history": {"prior_procedures": [line]}},
        earlier_plans=(("2026-06-01", [item("ESI", 2, "done", region="lumbar", levels=["L4-L5"], side="left")]),),
    )
    plans = [(p.consult_date, p.plan) for p in case.earlier_plans]
    care = gather((case.consult,), plans, treatment_catalogue(), medication_list())
    esis = care.tried("ESI")
    assert len(esis) == 1 and esis[0].relief_percent == 60
