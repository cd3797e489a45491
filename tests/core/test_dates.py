import datetime as dt

import pytest

from fbss_desktop.core.dates import PartialDate, Precision, SlashOrder, age_on, parse_date


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("1961-04-12", SlashOrder.MDY, dt.date(1961, 4, 12)),
        ("1961-4-2", SlashOrder.MDY, dt.date(1961, 4, 2)),
        ("12.04.1961", SlashOrder.MDY, dt.date(1961, 4, 12)),
        ("04/12/1961", SlashOrder.MDY, dt.date(1961, 4, 12)),
        ("04/12/1961", SlashOrder.DMY, dt.date(1961, 12, 4)),
    ],
)
def test_parse_date_accepts_iso_dotted_and_slashes_in_clinic_order(text, order, expected):
    assert parse_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "required"),
        ("1961-02-30", "not a real calendar date"),
        ("13/13/1961", "not a real calendar date"),
        ("yesterday", "type it as YYYY-MM-DD"),
        ("1961/04/12", "type it as YYYY-MM-DD"),
    ],
)
def test_parse_date_refuses_malformed_dates_with_a_message_that_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_partial_date_keeps_its_precision_and_prints_back_as_typed():
    assert str(PartialDate.parse("2019")) == "2019"
    assert str(PartialDate.parse("2019-3")) == "2019-03"
    assert str(PartialDate.parse("2019-03-14")) == "2019-03-14"
    assert PartialDate.parse("2019-03").precision is Precision.MONTH


def test_partial_date_latest_is_last_day_it_can_mean():
    assert PartialDate.parse("2019").latest == dt.date(2019, 12, 31)
    assert PartialDate.parse("2020-02").latest == dt.date(2020, 2, 29)
    assert PartialDate.parse("2019-02-03").latest == dt.date(2019, 2, 3)


@pytest.mark.parametrize("text", ["2019-13", "20191", "March", "2019-02-30"])
def test_partial_date_refuses_impossible_or_malformed_text(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_age_counts_completed_years():
    born = dt.date(1960, 11, 22)
    assert age_on(born, dt.date(2026, 11, 21)) == 65
    assert age_on(born, dt.date(2026, 11, 22)) == 66
