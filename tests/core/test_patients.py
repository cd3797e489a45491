import datetime as dt

import pytest

from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import PatientInput, Sex, parse_patient, to_input

TODAY = dt.date(2026, 11, 21)


def valid(**changes):
    form = PatientInput(
        mrn=" ab-1234 ",
        family_name="  Núñez-Łukasiewicz ",
        given_names="Zoë",
        date_of_birth="1961-04-12",
        sex="F",
        phone="+1 (555) 010-2000",
        preferred_language="Spanish",
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def errors_of(form, **kwargs):
    with pytest.raises(ValidationError) as caught:
        parse_patient(form, today=TODAY, **kwargs)
    return caught.value.errors


def test_valid_input_becomes_a_patient_with_normalised_mrn_and_names():
    patient = parse_patient(valid(), today=TODAY)
    assert patient.mrn == "AB-1234"
    assert patient.family_name == "Núñez-Łukasiewicz"
    assert patient.date_of_birth == dt.date(1961, 4, 12)
    assert patient.sex is Sex.FEMALE
    assert patient.display_name == "Núñez-Łukasiewicz, Zoë"


def test_every_wrong_field_is_named_at_once():
    errors = errors_of(valid(mrn="", family_name=" ", given_names="", date_of_birth="2031-01-01", phone="12"))
    assert set(errors) == {"mrn", "family_name", "given_names", "date_of_birth", "phone"}
    assert errors["family_name"] == "Family name is required."
    assert errors["date_of_birth"] == "Date of birth is in the future."


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("1961-02-30", "'1961-02-30' is not a real calendar date."),
        ("12 April", "'12 April' is not a date; type it as YYYY-MM-DD."),
        ("", "A date is required."),
        ("1880-01-01", "Date of birth is more than 130 years ago."),
    ],
)
def test_date_of_birth_messages_say_what_is_wrong(dob, message):
    assert errors_of(valid(date_of_birth=dob))["date_of_birth"] == message


def test_slash_dates_follow_the_clinic_setting():
    assert parse_patient(valid(date_of_birth="04/12/1961"), today=TODAY).date_of_birth == dt.date(1961, 4, 12)
    dmy = parse_patient(valid(date_of_birth="04/12/1961"), today=TODAY, slash_order=SlashOrder.DMY)
    assert dmy.date_of_birth == dt.date(1961, 12, 4)


@pytest.mark.parametrize("mrn", ["-123", "AB 12", "A" * 21, "12#4"])
def test_malformed_mrns_are_refused(mrn):
    assert "mrn" in errors_of(valid(mrn=mrn))


def test_names_without_letters_are_refused():
    assert errors_of(valid(given_names="123"))["given_names"] == "Given name must contain letters."


def test_unknown_sex_code_is_refused():
    assert "sex" in errors_of(valid(sex="Q"))


def test_to_input_round_trips_a_patient():
    patient = parse_patient(valid(), today=TODAY)
    assert parse_patient(to_input(patient), today=TODAY) == patient
