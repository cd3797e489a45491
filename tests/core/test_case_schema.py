"""The case-file JSON Schema is generated from the declarations (core/case_schema.py): the published file is
the generated one, what the writers write is what is declared, and the readers keep the declared ranges."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from fbss_desktop.core import case_schema, consult_schema, list_schema, plan_schema
from fbss_desktop.core.consult_document import read_consult
from fbss_desktop.core.consult_dump import dump_consult
from fbss_desktop.core.fields import FieldSpec
from fbss_desktop.core.plan_document import dump_plan, read_plan
from fbss_desktop.paths import resource
from fbss_desktop.services.casefile_reading import FORMAT, FORMAT_VERSION
from fbss_desktop.services.planning import plan_context
from tests.core.consult_fixtures import context, full_document

REGENERATE = "run `.venv/bin/python tools/case_schema.py` and commit resources/schemas/case.schema.json"


def _keys(section: tuple[FieldSpec, ...], *, exported_only: bool = False) -> set[str]:
    return {s.key for s in section if s.exported or not exported_only}


def _validator(definition: str) -> jsonschema.Draft202012Validator:
    schema = case_schema.case_json_schema()
    return jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"})


def test_the_published_case_schema_is_the_generated_one():
    published = resource("schemas", "case.schema.json").read_text("utf-8")
    if published != case_schema.case_json_schema_text():
        pytest.fail(f"The published case schema differs from the one the declarations give: {REGENERATE}.")


def test_the_generated_schema_is_a_json_schema_2020_12():
    jsonschema.Draft202012Validator.check_schema(case_schema.case_json_schema())


def test_the_schema_describes_the_format_the_case_file_service_writes():
    assert case_schema.FORMAT == FORMAT and case_schema.FORMAT_VERSIONS[-1] == FORMAT_VERSION == 4


# --- the consult document -----------------------------------------------------------------------------------
def _dumped_consult() -> dict:
    record, problems = read_consult(full_document(), patient_id=1, context=context())
    assert problems == {}
    return dump_consult(record, {"vocabulary": 1})


def test_the_consult_dump_writes_every_declared_key_and_no_other():
    document = _dumped_consult()
    history = document["history"]
    rows = {
        "document": [document],
        "history": [history],
        "exam": [document["exam"]],
        "assessment": [document["assessment"]],
        "medication": history["medications"],
        "allergy": history["allergies"],
        "prior_procedure": history["prior_procedures"],
        "study": document["studies"],
        "finding": [f for study in document["studies"] for f in study["findings"]],
        "lab": [lab for study in document["studies"] for lab in study["labs"]],
        "response": list(document["questionnaires"].values()),
    }
    declared = {**consult_schema.SECTIONS, "document": consult_schema.DOCUMENT, **list_schema.ROWS}
    assert set(rows) == set(declared)
    for name, written in rows.items():
        assert written, name
        for row in written:
            assert set(row) == _keys(declared[name]), name


def test_a_dumped_consult_named_as_a_case_file_names_it_follows_the_schema():
    document = _dumped_consult()
    del document["clinician_id"]  # not exported: database ids become references
    document["history"]["index_surgery_id"] = "s1"
    for study in document["studies"]:
        study["follows_surgery_id"] = "s1" if study["follows_surgery_id"] is not None else None
    _validator("document").validate(document)


def test_the_schema_refuses_a_key_no_declaration_names_in_a_list_row():
    document = _dumped_consult()
    row = document["history"]["medications"][0]
    assert _validator("medication").is_valid(row)
    assert not _validator("medication").is_valid({**row, "colour": "white"})


def _numbers(section: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    return [s for s in section if s.kind in ("number", "integer")]


@pytest.mark.parametrize(
    ("collection", "spec"),
    [("medications", s) for s in _numbers(list_schema.MEDICATION)]
    + [("prior_procedures", s) for s in _numbers(list_schema.PRIOR_PROCEDURE)],
    ids=lambda value: value.path if isinstance(value, FieldSpec) else value,
)
def test_a_list_row_number_is_read_with_its_declared_range_at_its_row_path(collection, spec):
    document = full_document()
    row = document["history"][collection][0]
    path = f"history.{collection}[0].{spec.key}"
    row[spec.key] = spec.high
    assert path not in read_consult(copy.deepcopy(document), patient_id=1, context=context())[1]
    row[spec.key] = spec.high + 1
    problems = read_consult(document, patient_id=1, context=context())[1]
    assert problems[path] == f"{spec.what} must be between {spec.low:g} and {spec.high:g}."


# --- the plan document --------------------------------------------------------------------------------------
ITEM = {"key": "i1", "treatment": "PHYSICAL_THERAPY", "phase": 1, "details": {"weeks": 8}, "reason": "Deconditioned"}
GOAL = {"kind": "pain", "text": "Walk to the shop", "measure": "leg_nrs", "target": 3, "due_weeks": 12}
ACKNOWLEDGEMENT = {
    "rule": "R1",
    "severity": "warn",
    "reason": "Discussed",
    "clinician": "Dr A",
    "clinician_id": 4,
    "at": "2026-11-20T10:00:00",
}


def _plan(section: str = "plan", key: str = "", value: object = None) -> tuple[dict, str]:
    """A plan document with `key` of one of its `section`'s rows set to `value`, and that key's path."""
    document: dict = {
        "items": [dict(ITEM)],
        "goals": [dict(GOAL)],
        "acknowledgements": [dict(ACKNOWLEDGEMENT)],
        "follow_up_weeks": 6,
    }
    rows = {
        "plan": (document, "plan"),
        "plan_item": (document["items"][0], "plan.items[0]"),
        "goal": (document["goals"][0], "plan.goals[0]"),
        "acknowledgement": (document["acknowledgements"][0], "plan.acknowledgements[0]"),
    }
    row, path = rows[section]
    if key:
        row[key] = value
    return document, f"{path}.{key}"


def _dumped_plan() -> dict:
    plan, problems = read_plan(_plan()[0], plan_context())
    assert problems == {}
    return dump_plan(plan, {"catalogue": 1})


def test_the_plan_dump_writes_every_declared_key_and_no_other():
    document = _dumped_plan()
    rows = {
        "plan": [document],
        "plan_item": document["items"],
        "goal": document["goals"],
        "acknowledgement": document["acknowledgements"],
    }
    assert set(rows) == set(plan_schema.ROWS)
    for name, written in rows.items():
        assert written, name
        for row in written:
            assert set(row) == _keys(plan_schema.ROWS[name]), name


def test_a_dumped_plan_as_a_case_file_carries_it_follows_the_schema():
    document = _dumped_plan()
    for ack in document["acknowledgements"]:
        del ack["clinician_id"]  # not exported
    _validator("plan").validate(document)


@pytest.mark.parametrize("spec", [plan_schema.spec("plan.follow_up_weeks"), plan_schema.spec("goal.due_weeks")])
def test_the_plan_reader_keeps_the_declared_range(spec):
    for fine in (spec.low, spec.high):
        document, path = _plan(spec.section, spec.key, fine)
        assert path not in read_plan(document, plan_context())[1]
    for wrong in (spec.low - 1, spec.high + 1):
        document, path = _plan(spec.section, spec.key, wrong)
        assert read_plan(document, plan_context())[1][path] == (
            f"{spec.what} must be between {spec.low:g} and {spec.high:g}."
        )


@pytest.mark.parametrize(
    "spec",
    [s for section in plan_schema.ROWS.values() for s in section if s.kind == "text"],
    ids=lambda s: s.path,
)
def test_the_plan_reader_keeps_the_declared_text_limit(spec):
    document, path = _plan(spec.section, spec.key, "x" * spec.limit)
    assert path not in read_plan(document, plan_context())[1]
    document, path = _plan(spec.section, spec.key, "x" * (spec.limit + 1))
    assert read_plan(document, plan_context())[1][path] == (
        f"{spec.what} is too long (at most {spec.limit} characters)."
    )
