"""The stop and restart dates of a blood thinner before a procedure, from the antithrombotic table's numbers and
the procedure's date and time: a hold in days leaves that many whole days without a dose before the procedure
day; a hold in hours counts back from the start time; a class, drug or dose without a number gives no date."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from fbss_desktop.core.procedure_holds import HoldKind, HoldTable, Span, plan_hold
from fbss_desktop.paths import resource

TENTH = dt.datetime(2027, 3, 10, 9, 0)  # a procedure on Wednesday March 10, 2027 at 9:00 AM


def raw() -> dict:
    return json.loads(resource("rules", "antithrombotics.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def table() -> HoldTable:
    return HoldTable.from_dict(raw())


def test_a_three_day_apixaban_hold_before_the_10th_ends_on_the_6th_and_skips_the_7th_8th_and_9th(table):
    hold = plan_hold(table.timing("apixaban"), "intermediate", TENTH)
    assert hold.kind is HoldKind.HOLD
    assert hold.last_dose_day == dt.date(2027, 3, 6)
    assert hold.skipped_days(TENTH.date()) == (dt.date(2027, 3, 7), dt.date(2027, 3, 8), dt.date(2027, 3, 9))
    assert hold.restart_from == dt.datetime(2027, 3, 11, 9, 0)  # 24 hours after
    assert hold.unconfirmed  # a neuraxial value, not confirmed for the pain table


def test_the_day_count_leaves_at_least_the_held_hours_whenever_the_last_dose_is_taken(table):
    hold = plan_hold(table.timing("apixaban"), "high", TENTH)
    latest_dose = dt.datetime.combine(hold.last_dose_day, dt.time(23, 59))
    assert TENTH - latest_dose >= dt.timedelta(hours=72)


def test_warfarin_stops_five_days_asks_for_an_inr_and_restarts_six_hours_after_the_start(table):
    hold = plan_hold(table.timing("warfarin"), "intermediate", TENTH)
    assert hold.last_dose_day == dt.date(2027, 3, 4)
    assert len(hold.skipped_days(TENTH.date())) == 5
    assert hold.check == "inr"
    assert hold.restart_from == dt.datetime(2027, 3, 10, 15, 0)


def test_enoxaparin_holds_in_hours_with_clock_times_and_restarts_in_a_range(table):
    treatment = plan_hold(table.timing("enoxaparin"), "high", TENTH, dose="therapeutic")
    assert treatment.last_dose_by == dt.datetime(2027, 3, 9, 9, 0)
    assert treatment.last_dose_day is None
    assert (treatment.restart_from, treatment.restart_until) == (
        dt.datetime(2027, 3, 10, 21, 0),
        dt.datetime(2027, 3, 11, 9, 0),
    )
    preventive = plan_hold(table.timing("enoxaparin"), "low", TENTH, dose="prophylactic")
    assert preventive.last_dose_by == dt.datetime(2027, 3, 9, 21, 0)
    assert preventive.restart_from == dt.datetime(2027, 3, 10, 13, 0) and preventive.restart_until is None


def test_enoxaparin_without_its_dose_gives_no_dates(table):
    hold = plan_hold(table.timing("enoxaparin"), "high", TENTH)
    assert hold.kind is HoldKind.ASK and hold.needs_dose and hold.last_dose_by is None


def test_aspirin_is_held_six_days_for_primary_prevention_only(table):
    primary = plan_hold(table.timing("aspirin"), "high", TENTH, details={"aspirin_indication": "primary"})
    assert primary.last_dose_day == dt.date(2027, 3, 3)
    secondary = plan_hold(table.timing("aspirin"), "high", TENTH, details={"aspirin_indication": "secondary"})
    unknown = plan_hold(table.timing("aspirin"), "high", TENTH)
    assert secondary.kind is HoldKind.ASK and unknown.kind is HoldKind.ASK
    assert plan_hold(table.timing("aspirin"), "low", TENTH).kind is HoldKind.KEEP


@pytest.mark.parametrize(
    ("drug", "bleeding_class"),
    [("apixaban", "low"), ("dabigatran", "high"), ("edoxaban", "intermediate"), ("warfarin", "low"), ("nope", "high")],
)
def test_a_value_the_table_lacks_is_never_made_up(table, drug, bleeding_class):
    hold = plan_hold(table.timing(drug), bleeding_class, TENTH)
    assert hold.kind is HoldKind.ASK
    assert hold.last_dose_day is None and hold.last_dose_by is None and hold.restart_from is None


def test_a_hold_without_a_restart_time_gives_none(table):
    hold = plan_hold(table.timing("clopidogrel"), "high", TENTH)
    assert hold.last_dose_day == dt.date(2027, 3, 2) and hold.restart_from is None


def test_nsaids_are_held_before_a_high_risk_procedure_only(table):
    naproxen = plan_hold(table.timing("naproxen", ("nsaid",)), "high", TENTH)
    assert naproxen.last_dose_day == dt.date(2027, 3, 5)  # 4 days
    assert plan_hold(table.timing("naproxen", ("nsaid",)), "intermediate", TENTH).kind is HoldKind.KEEP
    unlisted = plan_hold(table.timing("celecoxib", ("nsaid",)), "high", TENTH)
    assert unlisted.kind is HoldKind.ASK  # "5 half-lives" has no number of days for it


def test_every_number_in_a_timing_block_is_the_one_its_table_text_gives():
    """The numbers the sheet counts with and the words decision support shows cannot drift apart."""
    for drug, entry in raw()["drugs"].items():
        timing = entry["timing"]
        blocks = [timing, *timing.get("doses", {}).values()]
        for block in blocks:
            for bleeding_class, span in block.get("hold", {}).items():
                unit, number = ("days", span["days"]) if "days" in span else ("hours", span["hours"])
                assert re.search(rf"\b{number} {unit}", entry[bleeding_class]), (drug, bleeding_class)
            for bleeding_class in block.get("keep", ()):
                assert entry[bleeding_class] == "no hold", (drug, bleeding_class)
            restarts = block.get("restart", {})
            for span in [restarts] if "hours" in restarts else restarts.values():
                assert re.search(rf"\b{span['hours']}\b.*hours", entry["restart"]), drug


def test_a_class_whose_text_has_no_number_has_no_hold():
    for drug, entry in raw()["drugs"].items():
        for bleeding_class in ("low", "intermediate", "high"):
            text = entry[bleeding_class]
            if text.startswith(("see the ASRA", "shared decision")):
                assert bleeding_class not in entry["timing"].get("hold", {}), (drug, bleeding_class)


def test_a_span_with_both_days_and_hours_is_refused():
    with pytest.raises(ValueError, match="days or hours"):
        Span.from_dict({"days": 3, "hours": 72})
    with pytest.raises(ValueError, match="whole number"):
        Span.from_dict({"days": 2.5})
