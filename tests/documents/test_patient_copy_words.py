"""The patient's copy speaks the patient's words: details in plain language, each goal once, one date format,
every medicine she takes, the allergies that matter for a procedure, handouts about the drug chosen, and never
a rule id, a code or a clinician-only field, on the walkthrough's consult and on every demo plan."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fbss_desktop.core.plan_snapshot import from_snapshot, snapshot
from fbss_desktop.services import printing
from tests.documents.test_plan_pdf import acknowledged, pages_text
from tests.documents.walkthrough import save_walkthrough

RULE_ID = re.compile(r"\bR\d{2}[A-Z]?\b")
SNAKE_CODE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
UPPER_CODE = re.compile(r"\b[A-Z0-9]+_[A-Z0-9_]+\b")
ICD_CODE = re.compile(r"\b[A-Z]\d{2}\.\d{1,4}\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DEMO_COUNT = 30  # every phenotype of the demo loader, each with its earlier and latest visits


def codes_in(text: str) -> list[str]:
    return [m for pattern in (RULE_ID, SNAKE_CODE, UPPER_CODE, ICD_CODE) for m in pattern.findall(text)]


@pytest.fixture
def walkthrough_text(sqlite_clinic: Any) -> str:
    draft = acknowledged(sqlite_clinic, save_walkthrough(sqlite_clinic))
    return " ".join(pages_text(printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)))


def test_the_walkthrough_plan_prints_details_goals_and_dates_in_plain_words(walkthrough_text):
    text = walkthrough_text
    assert "Details: An injection near the nerve root at the L3-L4 level on the right." in text
    assert "Details: Duloxetine 60 mg once a day." in text
    assert "Transforaminal" not in text and "1 times a day" not in text
    assert "Leg pain down to 4 out of 10 or less, within 12 weeks" in text
    assert text.count("4 out of 10 or less") == 1
    assert ISO_DATE.findall(text) == []
    assert "born March 14, 1968" in text and "Plan of November 20, 2026" in text
    assert "As we showed you" not in text


def test_the_walkthrough_plan_lists_the_medicines_she_keeps_and_warns_of_her_contrast_allergy(walkthrough_text):
    text = walkthrough_text
    for kept in ("Gabapentin 300 mg three times a day. Keep taking it as before.", "Oxycodone 10 mg twice a day."):
        assert kept in text
    assert "Your allergies: You told us you are allergic to X-ray dye (contrast)" in text


def test_a_suggested_treatment_prints_the_rules_patient_wording_never_its_id(walkthrough_text):
    assert "Depression or anxiety screen positive" not in walkthrough_text
    assert printing.suggestion_reasons()["R49"] in walkthrough_text
    assert codes_in(walkthrough_text) == []


def test_the_nerve_pain_handout_speaks_only_of_the_drug_chosen(walkthrough_text):
    handouts = walkthrough_text.split("About your treatments", 1)[1]
    assert "Duloxetine turns down pain signals" in handouts
    assert "Gabapentin and pregabalin calm nerves" not in handouts
    assert "older mood medicine" not in handouts


def test_a_plan_frozen_with_a_rule_signed_reason_reprints_without_the_rule_id(sqlite_clinic):
    draft = acknowledged(sqlite_clinic, save_walkthrough(sqlite_clinic))
    frozen = snapshot(printing.plan_print(sqlite_clinic, draft.consult_id))
    frozen["snapshot_version"] = 1  # as a plan finalized before this change froze it
    step = frozen["phases"][0]["steps"][0]  # type: ignore[index]
    step["why"] = "Depression or anxiety screen positive (R49)"
    del step["allergies"]
    assert from_snapshot(frozen).phases[0].steps[0].why == ""
    reprinted = from_snapshot(frozen, printing.suggestion_reasons())
    assert reprinted.phases[0].steps[0].why == printing.suggestion_reasons()["R49"]


def _clinician_only(document: dict[str, Any]) -> list[str]:
    """What the consult and plan hold for clinicians only, long enough to be found verbatim."""
    plan = document.get("plan", {})
    found = [
        document.get("reason", ""),
        document.get("assessment", {}).get("note", ""),
        *(a.get("reason", "") for a in plan.get("acknowledgements", [])),
        *(i.get("details", {}).get(k, "") for i in plan.get("items", []) for k in ("question", "urgent_reason")),
        *(s.get("report", "") for s in document.get("studies", [])),
    ]
    return [f for f in found if isinstance(f, str) and len(f) > 12]


def test_every_demo_plan_reads_back_without_rule_ids_codes_or_clinician_only_fields(sqlite_clinic):
    sqlite_clinic.demo.load(DEMO_COUNT, seed=2026)
    printed = 0
    for patient_id in range(1, DEMO_COUNT + 1):
        record = sqlite_clinic.patients.open(patient_id)
        for summary in record.consults:
            draft = sqlite_clinic.consults.open(summary.id)
            if draft.plan_id is None:
                continue
            try:
                pdf = printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)
            except Exception as exc:  # a draft with blocks waiting is refused, as it must be
                assert "blocking finding" in str(exc)
                continue
            text = " ".join(pages_text(pdf))
            assert codes_in(text) == [], (patient_id, summary.id, codes_in(text))
            assert ISO_DATE.findall(text) == []
            for secret in _clinician_only(draft.document):
                assert secret not in text, (patient_id, secret)
            for jargon in ("Conservative care", "Interventional"):  # the phases in the patient's words
                assert f": {jargon}" not in text, (patient_id, jargon)
            printed += 1
    assert printed >= DEMO_COUNT


def test_the_blood_thinner_paragraph_is_printed_once_in_the_plan_and_referred_to_after(walkthrough_text):
    """The walkthrough's copy repeated it for every procedure step (an ESI and a stimulator trial here)."""
    plan = walkthrough_text.split("About your treatments", 1)[0]
    first = "Tell us about every medicine you take that thins your blood"
    assert plan.count(first) == 1
    assert "What we said above about blood thinners counts for this one too." in plan
