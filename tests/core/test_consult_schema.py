"""The consult's history and examination fields are declared once (core/consult_schema.py); the published
case-file schema, the reader, the carry-forward list and the editor follow from that table."""

from __future__ import annotations

import json

import pytest

from fbss_desktop.core import consult_schema
from fbss_desktop.paths import resource
from fbss_desktop.services.consulting import CARRIED_HISTORY

# written for readers of the file, recomputed on import
COMPUTED = {
    "history": {"total_mme_per_day"},
    "exam": {"sij_positive", "sij_cluster_positive", "sij_cluster", "waddell_positive"},
    "assessment": set(),
}


def published(section: str) -> dict:
    data = json.loads(resource("schemas", "case.schema.json").read_text("utf-8"))
    return data["$defs"][section]["properties"]


@pytest.mark.parametrize("section", sorted(consult_schema.SECTIONS))
def test_the_published_case_schema_holds_every_declared_field_as_declared(section):
    file = published(section)
    for key, generated in consult_schema.json_schema(consult_schema.SECTIONS[section]).items():
        assert file.get(key) == generated, f"{section}.{key}"


@pytest.mark.parametrize("section", sorted(consult_schema.SECTIONS))
def test_every_field_of_the_case_schema_is_declared(section):
    declared = {s.key for s in consult_schema.SECTIONS[section]}
    assert set(published(section)) == declared
    assert {s.key for s in consult_schema.SECTIONS[section] if s.kind == "computed"} == COMPUTED[section]


def test_the_carried_history_is_what_the_schema_marks_carried():
    assert set(CARRIED_HISTORY) == {s.key for s in consult_schema.HISTORY if s.carried}
    assert "back_nrs_now" not in CARRIED_HISTORY and "medicine_history" not in CARRIED_HISTORY


def test_a_declared_number_is_read_with_its_range_and_named_at_its_path():
    from tests.core.test_consult_document import errors_of

    spec = consult_schema.spec("history.hba1c_percent")
    document = {"consult_date": "2026-11-21", "history": {"hba1c_percent": spec.high + 1}}
    assert errors_of(document) == {"history.hba1c_percent": f"HbA1c must be between {spec.low:g} and {spec.high:g}."}
