"""The chart's dates are worded as the rest of the patient's copy ("Nov 20" with the year under it, as in
"November 20, 2026"), and a crowded axis leaves dates out rather than print them over each other."""

from __future__ import annotations

import datetime as dt

from fbss_desktop.core.plan_print import TrendPoint, long_date, short_date
from fbss_desktop.documents.trend_chart import _axis_labels


def _at(width: float, span: int):
    return lambda day, value: (24 + width * day / span, 42 + value)


def test_short_and_long_dates_use_the_same_words():
    day = dt.date(2026, 11, 20)
    assert long_date(day) == "November 20, 2026"
    assert short_date(day) == "Nov 20, 2026" and short_date(day, year=False) == "Nov 20"
    assert long_date(day).startswith(short_date(day, year=False)[:3])


def test_the_axis_names_month_day_and_each_year_once():
    days = [dt.date(2026, 3, 10), dt.date(2026, 9, 1), dt.date(2027, 2, 14)]
    points = [TrendPoint(d, 5, 5, 40.0) for d in days]
    labels = _axis_labels(points, _at(200, (days[-1] - days[0]).days))
    words = [text for text, _, _ in labels]
    assert words == ["Mar 10", "2026", "Sep 1", "Feb 14", "2027"]
    assert all(line == 1 for text, _, line in labels if text.isdigit())


def test_a_crowded_axis_keeps_the_first_and_latest_dates_and_never_overprints():
    start = dt.date(2026, 1, 5)
    points = [TrendPoint(start + dt.timedelta(weeks=n), 5, 5, 40.0) for n in range(20)]
    labels = [(x, text) for text, x, line in _axis_labels(points, _at(200, 19 * 7)) if line == 0]
    assert labels[0][1] == "Jan 5" and labels[-1][1] == short_date(points[-1].day, year=False)
    assert all(b[0] - a[0] >= 34 for a, b in zip(labels, labels[1:], strict=False))
