import datetime as dt

import pytest

from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.search import QueryKind, parse_query
from fbss_desktop.core.text import prefix_upper_bound


def test_blank_lists_everyone():
    assert parse_query("   ").kind is QueryKind.ALL


def test_words_search_names_folded_and_drive_by_the_longest():
    query = parse_query("Zo Núñez")
    assert query.kind is QueryKind.NAME
    assert query.words == ("zo", "nunez")
    assert query.driving_word == "nunez" and query.other_words == ("zo",)


def test_text_with_a_digit_searches_mrns():
    query = parse_query("d0001")
    assert query.kind is QueryKind.MRN and query.mrn_prefix == "D0001"


def test_a_full_date_searches_dates_of_birth():
    assert parse_query("1961-04-12").date_of_birth == dt.date(1961, 4, 12)


def test_an_impossible_date_says_why_instead_of_searching():
    query = parse_query("1961-02-30")
    assert query.kind is QueryKind.INVALID and "not a real calendar date" in query.problem


# --- text no one types, which must not crash a search ------------------------------------------------------
MAX = "\U0010ffff"  # the last code point: it has no successor for an index range's upper bound


def test_a_query_ending_in_the_last_code_point_searches_mrns_with_a_bound():
    query = parse_query("d0001" + MAX)
    assert query.kind is QueryKind.MRN and query.mrn_prefix == "D0001" + MAX
    assert prefix_upper_bound(query.mrn_prefix) == "D0002"


def test_the_upper_bound_steps_over_the_last_code_point_and_the_surrogates():
    assert prefix_upper_bound("ab" + MAX + MAX) == "ac"
    assert prefix_upper_bound("a\ud7ff") == "a\ue000"  # U+D800..U+DFFF cannot be stored
    with pytest.raises(ValueError):
        prefix_upper_bound(MAX)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("d0001\ud800", QueryKind.MRN, "D0001"),  # a lone surrogate cannot even be sent to the database
        ("\udcffd0001", QueryKind.MRN, "D0001"),
        ("d00\x0001", QueryKind.NAME, ("d00", "01")),  # a control character separates, like a space
        ("zo\ud800 nu", QueryKind.NAME, ("zo", "nu")),
        ("\ud800", QueryKind.ALL, None),
    ],
)
def test_control_characters_and_lone_surrogates_separate_words(text, kind, expected):
    query = parse_query(text)
    assert query.kind is kind
    if kind is QueryKind.MRN:
        assert query.mrn_prefix == expected
    elif kind is QueryKind.NAME:
        assert query.words == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("S-1" + MAX, []),
        ("S-1\ud800", ["S-10", "S-11"]),
        ("\ud800S-10", ["S-10"]),
        ("Zo" + MAX, ["S-10"]),
        ("Zo\ud800e", ["S-10"]),  # the words "zo" and "e": Zoë Elena
        ("Ca" + MAX + "\ud800", ["S-11"]),
        ("\x00", ["S-10", "S-11"]),
        (MAX, ["S-10", "S-11"]),
    ],
)
def test_the_clinic_search_takes_any_text_without_failing(clinic, text, found):
    for mrn, family, given in (("S-10", "Núñez", "Zoë Elena"), ("S-11", "Castro", "Ana")):
        clinic.patients.save(
            PatientInput(mrn=mrn, family_name=family, given_names=given, date_of_birth="1961-04-12", sex="F")
        )
    result = clinic.patients.search(text)
    assert sorted(row.mrn for row in result.page.rows) == found
    assert clinic.patients.count_matches(text) == len(found)


@pytest.mark.parametrize("text", ["12.04", "12/04", "12.04."])
def test_a_day_and_month_without_the_year_says_how_dates_are_searched(text):
    query = parse_query(text, SlashOrder.DMY)
    assert query.kind is QueryKind.INVALID and "searched in full" in query.problem and "12/04/1968" in query.problem


@pytest.mark.parametrize(
    ("text", "order"),
    [("12.04.1968", SlashOrder.MDY), ("12-04-1968", SlashOrder.DMY), ("04-12-1968", SlashOrder.MDY)],
)
def test_dotted_and_dashed_dates_search_dates_of_birth_in_the_clinics_order(text, order):
    assert parse_query(text, order).date_of_birth == dt.date(1968, 4, 12)


def test_an_impossible_dashed_date_is_named_as_typed():
    assert "'31-02-1968' is not a real calendar date" in parse_query("31-02-1968", SlashOrder.DMY).problem
