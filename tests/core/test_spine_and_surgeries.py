import datetime as dt

import pytest

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.spine import SEGMENTS, normalize_segment, parse_levels
from fbss_desktop.core.surgeries import SurgeryInput, parse_surgery, to_input
from fbss_desktop.services.catalogues import surgery_catalogue

TODAY = dt.date(2026, 11, 21)
BORN = dt.date(1960, 5, 1)


@pytest.mark.parametrize(
    ("text", "segment"),
    [("l4-5", "L4-L5"), ("L4/L5", "L4-L5"), ("l5s1", "L5-S1"), ("T12-L1", "T12-L1"), ("c7 t1", "C7-T1")],
)
def test_levels_are_read_in_the_forms_clinicians_type(text, segment):
    assert normalize_segment(text) == segment


@pytest.mark.parametrize("text", ["L6-S1", "L5-L4", "S1-S2", "L4-L6", "disc"])
def test_levels_that_do_not_exist_are_refused(text):
    with pytest.raises(ValueError, match="is not a spinal level"):
        normalize_segment(text)


def test_level_lists_are_ordered_head_to_tail_without_repeats():
    assert parse_levels("L5-S1, l4-5; L4-L5") == ("L4-L5", "L5-S1")
    assert SEGMENTS[0] == "C2-C3" and SEGMENTS[-1] == "L5-S1" and len(SEGMENTS) == 23


def form(**changes):
    base = SurgeryInput(patient_id=1, performed="2019-03", procedure="TLIF", levels="L4-L5", approach="POSTERIOR_MIS")
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def parse(f):
    return parse_surgery(f, catalogue=surgery_catalogue(), date_of_birth=BORN, today=TODAY)


def test_a_valid_surgery_keeps_partial_date_and_levels():
    surgery = parse(form(levels="l5s1, L4-5"))
    assert str(surgery.performed) == "2019-03"
    assert surgery.levels == ("L4-L5", "L5-S1")
    assert parse(to_input(surgery)) == surgery


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"performed": "2030"}, "performed", "The surgery date is in the future."),
        ({"performed": "1959"}, "performed", "The surgery date is before the patient's date of birth."),
        ({"performed": "spring"}, "performed", "'spring' is not a date; type YYYY, YYYY-MM or YYYY-MM-DD."),
        ({"levels": ""}, "levels", "Name at least one level, for example L4-L5."),
        ({"levels": "L6-S1"}, "levels", "'L6-S1' is not a spinal level; use the form L4-L5 or L5-S1."),
        ({"procedure": "MAGIC"}, "procedure", "Choose the type of operation."),
        ({"approach": ""}, "approach", "Choose the approach, or 'Not known'."),
    ],
)
def test_surgery_validation_names_the_field_and_the_problem(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        parse(form(**changes))
    assert caught.value.errors[field] == message


def test_same_year_as_birth_is_allowed_for_a_year_only_date():
    assert parse(form(performed="1960")).performed.earliest == dt.date(1960, 1, 1)


def test_catalogue_comes_from_resources_with_sources_and_fusion_defaults():
    catalogue = surgery_catalogue()
    assert catalogue.sources
    tlif = catalogue.procedure("TLIF")
    assert tlif is not None and tlif.fusion and tlif.instrumented
    assert catalogue.procedure("DISCECTOMY").fusion is False
    assert catalogue.approach("UNKNOWN") is not None


def test_a_span_of_levels_as_an_operation_note_writes_it_names_each_segment():
    from fbss_desktop.core.spine import parse_levels

    assert parse_levels("L4-S1") == ("L4-L5", "L5-S1")  # the walkthrough's TLIF, refused before
    assert parse_levels("L3 to L5, L5-S1") == ("L3-L4", "L4-L5", "L5-S1")
    assert parse_levels("l4-5") == ("L4-L5",)
    with pytest.raises(ValueError, match="not a spinal level"):
        parse_levels("L5-L3")
