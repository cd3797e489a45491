"""The treatment markers of the outcome trend: medicine changes read from consecutive visits, procedures from
their records and dated history lines, one marker per day from the first visit on; and a neck patient's
trend (neck and arm pain, NDI without a minimal important change)."""

from __future__ import annotations

import datetime as dt

from fbss_desktop.core.consult_record import PriorProcedure
from fbss_desktop.core.consults import ConsultStatus, ConsultSummary
from fbss_desktop.core.dates import PartialDate, Precision
from fbss_desktop.core.medications import Medication
from fbss_desktop.core.outcomes import Measure, outcome_trend
from fbss_desktop.core.procedures import Procedure
from fbss_desktop.core.timeline import (
    MEDICINE,
    PROCEDURE,
    ProcedureNames,
    Visit,
    markers,
    medicine_changes,
    treatment_markers,
)

D1, D2, D3 = dt.date(2026, 1, 5), dt.date(2026, 3, 2), dt.date(2026, 5, 4)
NAMES = ProcedureNames({"ESI": "ESI"}, {"ESI": "Epidural steroid injection"})


def gaba(dose: float, per_day: float = 3) -> Medication:
    return Medication("Gabapentin", drug="gabapentin", dose=dose, per_day=per_day)


def test_a_drug_started_stopped_or_taken_at_another_dose_is_a_change_on_the_later_visit():
    ibuprofen = Medication("Ibuprofen", drug="ibuprofen", dose=400, per_day=3)
    visits = [
        Visit(D1, (gaba(300), ibuprofen)),
        Visit(D2, (gaba(600),)),
        Visit(D3, (gaba(300, 2), Medication("Duloxetine", dose=30, per_day=1))),
    ]
    changes = [(e.day, e.short) for e in medicine_changes(visits)]
    assert changes == [
        (D2, "Gabapentin dose up"),
        (D2, "Ibuprofen stopped"),
        (D3, "Gabapentin dose down"),
        (D3, "Duloxetine started"),
    ]
    assert all(e.kind == MEDICINE for e in medicine_changes(visits))


def test_the_same_medicines_at_every_visit_and_the_first_visit_alone_mark_nothing():
    assert medicine_changes([Visit(D1, (gaba(300),)), Visit(D2, (gaba(300),))]) == ()
    assert medicine_changes([Visit(D1, (gaba(300),))]) == ()


def test_a_changed_unit_is_a_dose_change_without_a_direction():
    patch = Medication("Fentanyl patch", drug="fentanyl", dose=25, unit="mcg/h")
    other = Medication("Fentanyl patch", drug="fentanyl", dose=25, unit="mg")
    assert [e.short for e in medicine_changes([Visit(D1, (patch,)), Visit(D2, (other,))])] == [
        "Fentanyl patch dose changed"
    ]


def test_a_procedure_record_and_a_dated_history_line_are_markers_but_a_month_only_line_is_not():
    record = Procedure(patient_id=1, kind="ESI", performed_on=dt.date(2026, 2, 1), levels=("L4-L5",))
    line_same = PriorProcedure("ESI", PartialDate(dt.date(2026, 2, 1), Precision.DAY), levels=("L4-L5",))
    line_other = PriorProcedure("MEDIAL_BRANCH_BLOCK", PartialDate(dt.date(2026, 4, 1), Precision.DAY))
    line_month = PriorProcedure("ESI", PartialDate(dt.date(2026, 4, 1), Precision.MONTH))
    visits = [Visit(D1), Visit(D2, prior_procedures=(line_same, line_other, line_month)), Visit(D3, (), (line_other,))]
    found = treatment_markers([record], visits, NAMES)
    assert [(m.day, m.text) for m in found] == [
        (dt.date(2026, 2, 1), "ESI L4-L5"),  # the record; the history line of it is not counted again
        (dt.date(2026, 4, 1), "Medial branch block"),  # listed at two visits, marked once
    ]
    assert found[0].patient_text == "Epidural steroid injection (L4-L5)"
    assert found[0].events[0].kind == PROCEDURE


def test_events_of_one_day_share_a_marker_with_a_short_label_and_nothing_before_the_first_visit_shows():
    record = Procedure(patient_id=1, kind="ESI", performed_on=D2, levels=("C5-C6",))
    early = Procedure(patient_id=1, kind="ESI", performed_on=D1 - dt.timedelta(days=30))
    visits = [Visit(D1, (gaba(300), Medication("Ibuprofen", dose=400, per_day=3))), Visit(D2, (gaba(600),))]
    [marker] = treatment_markers([record, early], visits, NAMES)
    assert marker.day == D2 and marker.label == "ESI C5-C6 +2"
    assert marker.text == "ESI C5-C6; Gabapentin dose up; Ibuprofen stopped"


def test_markers_after_the_end_day_are_left_out():
    events = medicine_changes([Visit(D1, (gaba(300),)), Visit(D2, (gaba(600),)), Visit(D3, ())])
    assert [m.day for m in markers(events, start=D1, end=D2)] == [D2]


def _summary(n: int, day: dt.date, **scores: object) -> ConsultSummary:
    return ConsultSummary(n, 1, day, "", ConsultStatus.SIGNED, **scores)  # type: ignore[arg-type]


def test_a_neck_patients_trend_shows_neck_and_arm_pain_and_the_ndi_without_a_minimal_change():
    trend = outcome_trend(
        [
            _summary(1, D1, neck_nrs=7, arm_nrs=8, ndi_percent=60.0, region="cervical"),
            _summary(2, D2, neck_nrs=4, arm_nrs=7, ndi_percent=40.0, region="cervical"),
        ],
        mcid_nrs=2,
        mcid_odi=10,
    )
    assert trend.measures == (Measure.NECK_NRS, Measure.ARM_NRS, Measure.NDI)
    assert trend.reached_mcid(Measure.NECK_NRS) is True and trend.reached_mcid(Measure.ARM_NRS) is False
    assert trend.mcid(Measure.NDI) is None and trend.target(Measure.NDI) is None
    assert trend.reached_mcid(Measure.NDI) is None and trend.verdict(Measure.NDI) == "better"
    assert Measure.NDI.high == 100 and Measure.NECK_NRS.high == 10


def test_a_lumbar_patients_trend_names_only_the_lumbar_measures():
    trend = outcome_trend(
        [_summary(1, D1, back_nrs=5, leg_nrs=7, odi_percent=40.0), _summary(2, D2, back_nrs=3, leg_nrs=4)],
        mcid_nrs=2,
        mcid_odi=10,
    )
    assert trend.measures == (Measure.BACK_NRS, Measure.LEG_NRS, Measure.ODI)
    assert trend.target(Measure.LEG_NRS) == 5 and trend.markers == ()
