"""The rules read procedure records: the relief an ESI gave (and for how long) decides whether a repeat is
supported; a stimulator trial's diary decides whether an implant is; a medial branch block record with enough
relief lets RFA go ahead."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from fbss_desktop.core.procedures import DiaryDay, Procedure, Response, as_prior
from fbss_desktop.services.catalogues import treatment_catalogue
from tests.rules.case_builder import build, fired, item, needing

ESI_L = {"region": "lumbar", "levels": ["L4-L5"], "side": "left", "approach": "transforaminal"}
FACTORS = {s.code: s.mpe_factor for s in treatment_catalogue().steroids}


def record(kind: str, day: str, **fields: Any) -> Procedure:
    return Procedure(patient_id=1, kind=kind, performed_on=dt.date.fromisoformat(day), id=7, **fields)


def with_records(case: Any, *records: Procedure) -> Any:
    return replace(case, procedures=tuple(as_prior(r, FACTORS) for r in records))


def esi_done(relief: int, weeks: int | None, ongoing: bool) -> Procedure:
    response = Response(dt.date(2026, 11, 20), relief, weeks, ongoing)
    return record("ESI", "2026-09-20", region="lumbar", levels=("L4-L5",), responses=(response,))


def test_an_esi_two_months_ago_with_60_percent_relief_lasting_so_far_supports_a_repeat():
    case = with_records(build(items=[item("ESI", **ESI_L)]), esi_done(60, 8, ongoing=True))
    assert "R25" not in fired(case)
    assert "R25" not in needing(case)


def test_relief_that_wore_off_too_soon_does_not_support_a_repeat():
    case = with_records(build(items=[item("ESI", **ESI_L)]), esi_done(60, 3, ongoing=False))
    finding = fired(case)["R25"]
    assert "60%" in finding.message and "3 weeks" in finding.message


def test_too_little_relief_does_not_support_a_repeat_even_while_it_lasts():
    assert "R25" in fired(with_records(build(items=[item("ESI", **ESI_L)]), esi_done(30, 8, ongoing=True)))


def test_the_weeks_that_count_are_a_clinic_setting():
    case = build(items=[item("ESI", **ESI_L)], settings={"esi.repeat_relief_weeks": 2})
    assert "R25" not in fired(with_records(case, esi_done(60, 3, ongoing=False)))


def test_an_esi_record_without_a_follow_up_asks_for_the_relief():
    case = with_records(build(items=[item("ESI", **ESI_L)]), record("ESI", "2026-09-20", region="lumbar"))
    assert needing(case)["R25"].missing == ("the relief the ESI of 2026-09-20 gave",)


def trial(*reliefs: int | None, reduction: int | None = None) -> Procedure:
    start = dt.date(2026, 10, 1)
    days = tuple(DiaryDay(start + dt.timedelta(days=n), nrs=4, relief_percent=r) for n, r in enumerate(reliefs))
    return record("SCS_TRIAL", "2026-09-30", diary=days, nrs_before=8, medication_reduction_percent=reduction)


def test_a_trial_diary_averaging_below_the_threshold_warns_against_the_implant():
    case = with_records(build(items=[item("SCS_IMPLANT")]), trial(30, 40, 35))
    finding = fired(case)["R35"]
    assert "35" in finding.message


def test_a_successful_trial_diary_supports_the_implant():
    case = with_records(build(items=[item("SCS_IMPLANT")]), trial(50, 70, 60))
    assert "R35" not in fired(case) and "R35B" not in fired(case)


def test_a_cut_in_pain_medicines_also_counts_as_success():
    case = with_records(build(items=[item("SCS_IMPLANT")]), trial(20, 30, reduction=60))
    assert "R35" not in fired(case)


def test_a_trial_without_a_diary_asks_for_its_result():
    case = with_records(build(items=[item("SCS_IMPLANT")]), trial())
    assert "R35" in needing(case)


def test_a_positive_medial_branch_block_record_clears_the_way_for_rfa():
    block = record(
        "MEDIAL_BRANCH_BLOCK", "2026-10-01", region="lumbar", responses=(Response(dt.date(2026, 10, 1), 80),)
    )
    case = build(items=[item("RFA", region="lumbar", levels=["L4-L5"], side="left")])
    assert any(rule.startswith("R13") for rule in fired(case))
    cleared = with_records(case, block)
    assert not any(rule.startswith("R13") for rule in fired(cleared))


def test_a_history_line_that_repeats_a_record_is_not_a_second_procedure():
    from tests.rules.test_rules import esis

    line = esis(("2026-09", 60), weeks=3)  # the record below, typed into the history by month
    case = with_records(build(line, [item("ESI", **ESI_L)]), esi_done(60, 8, ongoing=True))
    assert "R25" not in fired(case)  # the record's relief (still lasting) decides, not the line's 3 weeks
    elsewhere = esis(("2026-06", 60), weeks=3)  # an earlier ESI, elsewhere in time: counted as well
    counted = with_records(
        build(elsewhere, [item("ESI", **ESI_L)], settings={"esi.max_per_12_months": 2}), esi_done(60, 8, ongoing=True)
    )
    assert "R24" in fired(counted)
