"""Validating a consult document: every wrong field named by its path, nothing guessed, totals computed."""

from __future__ import annotations

import pytest

from fbss_desktop.core.consult_document import parse_consult
from fbss_desktop.core.consult_dump import dump_consult
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.medications import Medication
from fbss_desktop.services.catalogues import medication_list
from tests.core.consult_fixtures import SURGERY_ID, context, full_document


def parse(document, **overrides):
    return parse_consult(document, patient_id=1, context=context(**overrides))


def errors_of(document, **overrides) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(document, **overrides)
    return caught.value.errors


def test_full_document_parses_to_typed_sections():
    record = parse(full_document())
    assert record.history.index_surgery_id == SURGERY_ID
    assert record.history.leg_nrs_now == 7
    assert record.exam.motor["L5"]["left"] == 4
    assert record.exam.weak_myotomes() == (("L5", "left"),)
    assert record.exam.sij_positive == 1
    assert record.studies[0].findings[0].finding == "recurrent_disc"
    assert record.score_of("odi") == 46.0
    assert record.questionnaires["ort"].response.scored_as == "F"  # from the patient's sex
    assert record.assessment.icd10 == ("M96.1", "M54.16")


def test_listed_drugs_get_their_classes_and_opioids_their_daily_mme():
    history = parse(full_document()).history
    oxycodone, gabapentin, apixaban = history.medications
    assert oxycodone.classes == ("opioid",) and oxycodone.mme_per_day == 45.0
    assert gabapentin.classes == ("gabapentinoid",) and gabapentin.mme_per_day is None
    assert apixaban.classes == ("anticoagulant",)
    assert history.total_mme_per_day == 45.0
    assert [m.name for m in history.medications_of_class("anticoagulant")] == ["Apixaban"]


@pytest.mark.parametrize(
    ("drug", "dose", "unit", "per_day", "table", "mme"),
    [
        ("fentanyl_patch", 25, "mcg/h", None, None, 60.0),
        ("tramadol", 50, "mg", 4, None, 40.0),
        ("tramadol", 50, "mg", 4, "cdc2016", 20.0),
        ("hydromorphone", 4, "mg", 4, None, 80.0),
        ("hydromorphone", 4, "mg", 4, "cdc2016", 64.0),
        ("methadone", 10, "mg", 2, None, 94.0),
        ("buprenorphine", 8, "mg", 2, None, None),  # no CDC 2022 factor: not guessed
        ("oxycodone", None, "mg", 3, None, None),  # incomplete dose
    ],
)
def test_mme_per_day_uses_the_chosen_conversion_table(drug, dose, unit, per_day, table, mme):
    medication = Medication(name=drug, drug=drug, classes=("opioid",), dose=dose, unit=unit, per_day=per_day)
    assert medication_list().mme_per_day(medication, table) == mme


def test_free_text_drug_keeps_the_classes_chosen_by_hand():
    document = full_document()
    document["history"]["medications"] = [{"name": "Kratom", "classes": ["opioid", "other"], "dose": 2, "unit": "g"}]
    (kratom,) = parse(document).history.medications
    assert kratom.drug == "" and kratom.classes == ("opioid", "other") and kratom.mme_per_day is None


@pytest.mark.parametrize(
    ("section", "key", "value", "path", "message"),
    [
        ("history", "back_nrs_now", 11, "history.back_nrs_now", "between 0 and 10"),
        ("history", "leg_nrs_average", "seven", "history.leg_nrs_average", "must be a number"),
        ("history", "leg_share_percent", 120, "history.leg_share_percent", "between 0 and 100"),
        ("history", "spine_operations", 0, "history.spine_operations", "already lists 1"),
        ("history", "index_surgery_id", 99, "history.index_surgery_id", "not in the patient's history"),
        ("history", "course", "never_improved", "history.recurrence_weeks", "only when it improved"),
        ("history", "egfr", 0, "history.egfr", "between 1 and 200"),
        ("history", "red_flags", {"bladder_change": "maybe"}, "history.red_flags.bladder_change", "yes, no"),
        ("history", "red_flags", {"headache": True}, "history.red_flags.headache", "not a known question"),
        ("exam", "temperature_c", 45, "exam.temperature_c", "between 34 and 43"),
        ("exam", "motor", {"L4": {"left": 6}}, "exam.motor.L4.left", "between 0 and 5"),
        ("exam", "motor", {"L4": {"middle": 5}}, "exam.motor.L4.middle", "'left' and 'right'"),
        ("exam", "slr_angle", {"left": 100}, "exam.slr_angle.left", "between 0 and 90"),
        ("exam", "reflexes", {"ankle": {"left": "5"}}, "exam.reflexes.ankle.left", "not a known reflex grade"),
    ],
)
def test_each_wrong_field_is_named_by_its_path(section, key, value, path, message):
    document = full_document()
    document[section][key] = value
    errors = errors_of(document)
    assert path in errors, errors
    assert message in errors[path]


def test_dates_in_the_future_or_before_birth_are_refused():
    document = full_document()
    document["consult_date"] = "2026-11-22"
    document["history"]["prior_procedures"][0]["performed"] = "1960"
    document["studies"][1]["performed"] = "2027-01"
    errors = errors_of(document)
    assert errors["consult_date"] == "The consult date is in the future."
    assert (
        errors["history.prior_procedures[0].performed"] == "The procedure date is before the patient's date of birth."
    )
    assert errors["studies[1].performed"] == "The study date is in the future."


def test_a_study_dated_before_the_surgery_it_follows_is_refused():
    document = full_document()
    document["studies"][0]["performed"] = "2023-12-01"
    errors = errors_of(document)
    assert errors["studies[0].performed"] == "The study date is before the surgery it follows (2024-02-12)."


def test_a_finding_at_a_level_the_study_does_not_cover_is_refused_and_bad_levels_named():
    document = full_document()
    document["studies"][0]["findings"].append({"level": "L5-S1", "finding": "foraminal_stenosis"})
    document["studies"][0]["levels"].append("L6-S1")
    errors = errors_of(document)
    assert "not one of this study's levels" in errors["studies[0].findings[2]"]
    assert "not a spinal level" in errors["studies[0].levels"]


def test_lab_values_are_checked_against_the_test_range_and_unit():
    document = full_document()
    document["studies"][1]["labs"] = [
        {"test": "crp", "value": 900},
        {"test": "esr", "value": 10, "unit": "mg/L"},
        {"test": "hba1c"},
    ]
    errors = errors_of(document)
    assert errors["studies[1].labs[0].value"] == "CRP must be between 0 and 500."
    assert errors["studies[1].labs[1].unit"] == "ESR is recorded in mm/h."
    assert errors["studies[1].labs[2].value"] == "Enter the HbA1c value."


def test_medication_dose_and_name_are_required_to_be_sensible():
    document = full_document()
    document["history"]["medications"] = [{"name": "", "dose": -1}, {"name": "Ibuprofen", "dose": 400, "per_day": 40}]
    errors = errors_of(document)
    assert errors["history.medications[0].name"] == "Name the medicine."
    assert errors["history.medications[0].dose"] == "The dose must be between 0.001 and 100000."
    assert errors["history.medications[1].per_day"] == "Doses a day must be between 0.1 and 24."


def test_no_known_allergies_contradicting_a_listed_allergy_is_refused():
    document = full_document()
    document["history"]["no_known_allergies"] = True
    assert "cannot be ticked" in errors_of(document)["history.no_known_allergies"]


def test_questionnaire_answers_outside_the_options_name_the_item():
    document = full_document()
    document["questionnaires"]["phq9"]["answers"][8] = 4
    errors = errors_of(document)
    assert "is not an answer to" in errors["questionnaires.phq9.self_harm"]


def test_ort_for_a_patient_of_unknown_sex_waits_for_a_choice_of_scoring():
    record = parse(full_document(), sex="U")
    assert record.questionnaires["ort"].score.total is None
    document = full_document()
    document["questionnaires"]["ort"]["scored_as"] = "M"
    assert parse(document, sex="U").questionnaires["ort"].score.total == 1


def test_unanswered_questionnaires_are_left_out():
    document = full_document()
    document["questionnaires"]["gad7"] = {"answers": [None] * 7}
    assert "gad7" not in parse(document).questionnaires


def test_signing_a_carried_forward_consult_needs_the_history_confirmed():
    document = full_document()
    document.update(status="signed", carried_forward_from=3, carry_forward_confirmed=False)
    assert "Confirm the history" in errors_of(document)["carry_forward_confirmed"]
    document["carry_forward_confirmed"] = True
    assert parse(document).carry_forward_confirmed


def test_an_empty_document_needs_only_a_date():
    record = parse({"consult_date": "2026-11-21"})
    assert record.history.back_nrs_now is None and record.questionnaires == {}
    assert errors_of({}) == {"consult_date": "A date is required."}


def test_dump_then_parse_gives_back_the_same_record():
    record = parse(full_document())
    dumped = dump_consult(record)
    assert dumped["questionnaires"]["odi"]["total"] == 46.0
    assert dumped["history"]["total_mme_per_day"] == 45.0
    again = parse(dumped)
    assert again == record
    assert dump_consult(again) == dumped


def test_a_misspelt_field_is_refused_at_its_path_instead_of_being_lost():
    """read_consult({"history": {"hba1c_percnt": 9.1}}) used to return no error and drop the value on save."""
    document = {"consult_date": "2026-11-21", "history": {"hba1c_percnt": 9.1}}
    errors = errors_of(document)
    assert errors == {"history.hba1c_percnt": "'hba1c_percnt' is not a field here; it would be lost on save."}
    inside_a_list = full_document()
    inside_a_list["history"]["medications"][0]["dose_mg"] = 10
    assert "history.medications[0].dose_mg" in errors_of(inside_a_list)
    inside_the_exam = full_document()
    inside_the_exam["exam"]["motor"]["L5"]["middle"] = 4
    assert "exam.motor.L5.middle" in errors_of(inside_the_exam)


def test_totals_a_stored_document_carries_are_accepted_and_recomputed_not_read():
    document = full_document()
    dumped = dump_consult(parse(document))
    dumped["history"]["total_mme_per_day"] = 999.0  # a stale total is never believed
    assert parse(dumped).history.total_mme_per_day == 45.0


def test_a_document_from_a_newer_version_is_refused():
    document = dict(full_document(), document_version=99)
    assert "newer FBSS Desktop" in errors_of(document)["document_version"]


def test_a_patch_with_times_a_day_says_the_dose_is_per_hour():
    document = full_document()
    document["history"]["medications"] = [{"name": "Fentanyl patch", "dose": 25, "unit": "mcg/h", "per_day": 3}]
    assert "per hour" in errors_of(document)["history.medications[0].per_day"]
