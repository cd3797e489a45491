import datetime as dt

import pytest

from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.search import parse_query
from fbss_desktop.storage import patients
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.models import PatientNamePart


def make(mrn, family, given, dob=dt.date(1960, 1, 1), sex=Sex.FEMALE):
    return patients.save_patient(Patient(mrn=mrn, family_name=family, given_names=given, date_of_birth=dob, sex=sex))


@pytest.fixture
def db(database_url):
    database = open_database(database_url)
    yield database
    database.close()


def names(query_text, **kwargs):
    return [p.display_name for p in patients.search_patients(parse_query(query_text), **kwargs).rows]


def test_saving_assigns_an_id_and_version_and_reads_back(db):
    saved = make("A1", "Núñez", "Zoë")
    assert saved.id is not None and saved.row_version == 1
    assert patients.get_patient(saved.id) == saved


def test_duplicate_mrn_is_refused_at_the_mrn_field_and_nothing_is_saved(db):
    make("A1", "One", "Ann")
    with pytest.raises(ValidationError) as caught:
        make("A1", "Two", "Bob")
    assert caught.value.errors == {"mrn": "Medical record number A1 already belongs to another patient."}
    assert patients.count_patients() == 1


def test_an_edit_based_on_a_stale_version_is_refused_not_overwritten(db):
    first = make("A1", "One", "Ann")
    newer = patients.save_patient(Patient(**{**first.__dict__, "given_names": "Anna"}))
    assert newer.row_version == 2
    with pytest.raises(ConflictError):
        patients.save_patient(Patient(**{**first.__dict__, "given_names": "Annie"}))
    assert patients.get_patient(first.id).given_names == "Anna"


def test_search_is_accent_and_case_insensitive_in_both_directions(db):
    make("A1", "Núñez-Łukasiewicz", "Zoë")
    make("A2", "Zoellner", "Uwe", sex=Sex.MALE)
    make("A3", "Nunez", "Zoe")
    assert names("zoe") == ["Zoellner, Uwe", "Nunez, Zoe", "Núñez-Łukasiewicz, Zoë"]
    assert names("ZOË") == names("zoe")
    assert names("núñez") == ["Nunez, Zoe", "Núñez-Łukasiewicz, Zoë"]


def test_family_name_matches_come_before_given_name_and_later_word_matches(db):
    make("A1", "Anders", "Zed")
    make("A2", "Brown", "Andrea")
    make("A3", "Smith-Anderson", "Carl")
    assert names("and") == ["Anders, Zed", "Brown, Andrea", "Smith-Anderson, Carl"]


def test_every_word_must_match_some_name_in_any_order(db):
    make("A1", "Núñez-Łukasiewicz", "Zoë")
    make("A2", "Núñez", "Ana")
    assert names("zo nun") == ["Núñez-Łukasiewicz, Zoë"]
    assert names("lukas zoe") == ["Núñez-Łukasiewicz, Zoë"]
    assert names("nunez xyz") == []


def test_search_by_mrn_prefix_and_by_date_of_birth(db):
    make("D000120", "One", "Ann", dob=dt.date(1961, 4, 12))
    make("D000121", "Two", "Bea", dob=dt.date(1961, 4, 12))
    make("E000120", "Three", "Cid", dob=dt.date(1970, 1, 1))
    assert [p.mrn for p in patients.search_patients(parse_query("d00012")).rows] == ["D000120", "D000121"]
    assert names("1961-04-12") == ["One, Ann", "Two, Bea"]
    assert names("12.04.1961") == ["One, Ann", "Two, Bea"]


def test_pages_continue_across_streams_with_no_patient_twice_or_missing(db):
    for i in range(7):
        make(f"F{i}", f"Kline{i}", "Bo")  # family-name matches for "kl"
    for i in range(6):
        make(f"G{i}", "Abbot", f"Klara{i}")  # given-name matches
    for i in range(5):
        make(f"H{i}", f"Ross-Klee{i}", "Al")  # later-word matches
    make("Z0", "Other", "Person")
    seen, cursor = [], None
    while True:
        page = patients.search_patients(parse_query("kl"), cursor, limit=4)
        assert len(page.rows) <= 4
        seen.extend(p.mrn for p in page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 18
    assert seen[:7] == [f"F{i}" for i in range(7)]
    assert set(seen[7:13]) == {f"G{i}" for i in range(6)} and set(seen[13:]) == {f"H{i}" for i in range(5)}
    assert patients.count_matches(parse_query("kl")) == 18


def test_count_stops_past_the_cap(db):
    for i in range(12):
        make(f"C{i}", "Carter", f"N{i}")
    assert patients.count_matches(parse_query("car"), cap=10) == 11
    assert patients.count_matches(parse_query(""), cap=100) == 12


def test_renaming_a_patient_updates_their_search_words(db):
    saved = make("A1", "Smith-Jones", "Ann")
    assert names("jones") == ["Smith-Jones, Ann"]
    patients.save_patient(Patient(**{**saved.__dict__, "family_name": "Smith"}))
    assert names("jones") == []
    assert PatientNamePart.select().count() == 0


def test_naive_scan_finds_the_same_first_page_for_a_plain_prefix(db):
    make("A1", "Carter", "Ann")
    make("A2", "Brown", "Bea")
    assert [p.mrn for p in patients.naive_search("car")] == ["A1"]
