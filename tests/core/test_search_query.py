import datetime as dt

from fbss_desktop.core.search import QueryKind, parse_query


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
