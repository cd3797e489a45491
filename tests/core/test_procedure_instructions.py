"""The patient's instruction sheet before a procedure: the dates it prints (only once the prescriber agreed),
what it says instead (call the prescriber first; ask the prescriber), the diabetes and X-ray dye parts, a
reading grade of 8 or below, and what the check refuses."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.instruction_sheet import SheetTexts, build_sheet
from fbss_desktop.core.plan_print import Letterhead
from fbss_desktop.core.procedure_holds import HoldKind, HoldTable, plan_hold
from fbss_desktop.core.procedure_instructions import ProcedureInstructions, ThinnerPlan, check
from fbss_desktop.core.readability import TARGET_GRADE, reading_grade
from fbss_desktop.paths import resource

START = dt.datetime(2027, 3, 10, 9, 0)
LETTERHEAD = Letterhead("Riverside Spine & Pain", "12 River Road", "(555) 010-2000")
AGREED = {"agreed": True, "agreed_by": "Dr Amy Chen", "agreed_on": dt.date(2027, 3, 1)}


def texts() -> SheetTexts:
    return SheetTexts.from_dict(json.loads(resource("clinical", "procedure_instructions.json").read_text("utf-8")))


def table() -> HoldTable:
    return HoldTable.from_dict(json.loads(resource("rules", "antithrombotics.json").read_text("utf-8")))


def thinner(name: str, drug: str, bleeding_class: str = "intermediate", **agreement) -> ThinnerPlan:
    hold = plan_hold(table().timing(drug), bleeding_class, START)
    return replace(ThinnerPlan(name, drug).with_hold(hold), **agreement)


def instructions(*thinners: ThinnerPlan, **changes) -> ProcedureInstructions:
    base = ProcedureInstructions(
        plan_id=1,
        item="i1",
        treatment="ESI",
        procedure_name="Epidural steroid injection",
        procedure_at=START,
        arrive_at=dt.time(8, 30),
        place="Riverside procedure suite, 14 River Road",
        thinners=thinners,
    )
    return replace(base, **changes)


def sheet_text(*thinners: ThinnerPlan, **changes) -> str:
    sheet = build_sheet(
        instructions(*thinners, **changes),
        texts(),
        letterhead=LETTERHEAD,
        patient_name="Lucía Ortega",
        date_of_birth=dt.date(1968, 3, 14),
    )
    return sheet.patient_text()


def test_an_agreed_apixaban_hold_prints_the_last_dose_the_days_without_and_the_restart():
    text = sheet_text(thinner("Apixaban", "apixaban", **AGREED))
    assert "Take your last dose on Saturday, March 6, 2027." in text
    assert "Do not take it on March 7, March 8 or March 9" in text
    assert "Start it again on Thursday, March 11, 2027, at 9:00 AM or later." in text
    assert "Dr Amy Chen, who prescribes it, agreed to this plan on Monday, March 1, 2027." in text
    assert "checked the plan with the doctor who prescribes it" in text  # the value is unconfirmed


def test_without_the_prescribers_agreement_the_sheet_says_call_them_first_and_prints_no_stop_date():
    text = sheet_text(thinner("Apixaban", "apixaban"))
    assert "Do not stop Apixaban on your own. First call the doctor who prescribes it" in text
    assert "Saturday, March 6, 2027" in text  # call them by the day the last dose would be
    assert "Take your last dose" not in text and "Start it again" not in text


def test_a_drug_the_table_has_no_number_for_says_ask_the_doctor_who_prescribes_it():
    text = sheet_text(thinner("Dabigatran", "dabigatran", **AGREED))
    assert "Ask the doctor who prescribes Dabigatran if you should stop it" in text
    assert "Take your last dose" not in text


def test_warfarin_prints_the_inr_test_and_a_same_day_restart_time():
    text = sheet_text(thinner("Warfarin", "warfarin", **AGREED))
    assert "Take your last dose on Thursday, March 4, 2027." in text
    assert "blood test (INR)" in text
    assert "Start it again on Wednesday, March 10, 2027, at 3:00 PM or later." in text


def test_a_low_risk_procedure_says_keep_taking_what_the_table_does_not_hold():
    text = sheet_text(thinner("Aspirin", "aspirin", "low"), bleeding_class="low")
    assert "Keep taking it as usual." in text


def test_enoxaparin_prints_a_clock_time_for_the_last_dose():
    hold = plan_hold(table().timing("enoxaparin"), "high", START, dose="therapeutic")
    plan = replace(ThinnerPlan("Enoxaparin", "enoxaparin", dose="therapeutic").with_hold(hold), **AGREED)
    text = sheet_text(plan, bleeding_class="high")
    assert "Take your last dose no later than 9:00 AM on Tuesday, March 9, 2027." in text
    assert "between 9:00 PM on Wednesday, March 10, 2027 and 9:00 AM on Thursday, March 11, 2027" in text


def test_no_blood_thinner_says_so_and_still_asks_to_tell_us_about_any():
    text = sheet_text()
    assert "you do not take a blood thinner" in text and "Never stop one on your own" in text


def test_diabetes_and_contrast_allergy_print_only_when_they_apply():
    plain = sheet_text()
    assert "blood sugar" not in plain and "X-ray dye" not in plain
    both = sheet_text(diabetes=True, contrast_allergy=True)
    assert "Check your sugar more often" in both and "allergic to X-ray dye" in both


def test_the_clinics_fasting_words_replace_the_default_and_the_default_invents_no_hours():
    default = sheet_text()
    assert "We will tell you if you must stop eating or drinking" in default
    assert not any(word in default for word in ("midnight", "hours before"))
    assert "Nothing to eat after midnight." in sheet_text(fasting="Nothing to eat after midnight.")


@pytest.mark.parametrize(
    "case",
    [
        {"thinners": ("apixaban",), "diabetes": False},
        {"thinners": ("warfarin",), "diabetes": True, "contrast_allergy": True},
        {"thinners": (), "diabetes": False},
        {"thinners": ("apixaban",), "agreed": False},
        {"thinners": ("dabigatran", "aspirin")},
    ],
)
def test_every_sheet_reads_at_grade_8_or_below(case):
    agreement = AGREED if case.get("agreed", True) else {}
    plans = tuple(thinner(d.capitalize(), d, **agreement) for d in case["thinners"])
    extra = {k: v for k, v in case.items() if k in ("diabetes", "contrast_allergy")}
    text = sheet_text(*plans, **extra)
    assert reading_grade(text) <= TARGET_GRADE, text


def test_changed_dates_need_a_reason():
    table_plan = thinner("Apixaban", "apixaban", **AGREED)
    changed = replace(table_plan, last_dose_day=dt.date(2027, 3, 5))
    with pytest.raises(ValidationError) as refused:
        check(instructions(changed), [table_plan])
    assert "thinners.0.reason" in refused.value.errors
    check(instructions(replace(changed, changed_reason="The cardiologist asked for four days")), [table_plan])


def test_a_stop_date_for_a_drug_the_table_has_none_for_is_refused():
    table_plan = thinner("Dabigatran", "dabigatran")
    invented = replace(table_plan, kind=HoldKind.HOLD, last_dose_day=dt.date(2027, 3, 6), changed_reason="x" * 20)
    with pytest.raises(ValidationError) as refused:
        check(instructions(invented), [table_plan])
    assert "thinners.0.kind" in refused.value.errors


def test_an_agreement_names_the_prescriber_and_a_last_dose_comes_before_the_procedure():
    table_plan = thinner("Apixaban", "apixaban")
    nobody = replace(table_plan, agreed=True, agreed_on=dt.date(2027, 3, 1))
    late = replace(table_plan, last_dose_day=dt.date(2027, 3, 10), changed_reason="asked by the prescriber")
    with pytest.raises(ValidationError) as refused:
        check(instructions(nobody), [table_plan])
    assert "thinners.0.agreed_by" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        check(instructions(late), [table_plan])
    assert "thinners.0.last_dose" in refused.value.errors


def test_an_arrival_after_the_start_and_no_place_are_refused():
    with pytest.raises(ValidationError) as refused:
        check(instructions(arrive_at=dt.time(9, 30), place=" "), [])
    assert set(refused.value.errors) == {"arrive_at", "place"}


def test_the_stored_document_reads_back_the_same():
    plan = thinner("Apixaban", "apixaban", **AGREED)
    original = instructions(plan, diabetes=True, note="Bring your glasses.")
    assert ProcedureInstructions.from_document(original.to_document()) == original
