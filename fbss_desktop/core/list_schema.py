"""The rows of the consult document's lists, declared once: a medication, an allergy, an earlier procedure, a
study with its findings and lab values, a questionnaire response.

Each row is a tuple of FieldSpecs (fields.py) named after the record it is ("medication", "study"); the
declared path is that name and the key ("medication.dose"), the document path is the row's
("history.medications[2].dose"). consult_document.py reads each row's fields through these declarations
(`read_field`, `read_fields`) and adds the cross-checks (a drug's own unit, a finding's level among the
study's); case_schema.py makes each row a definition of the case-file JSON Schema.
"""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.fields import KINDS, NOTE_MAX, SHORT_MAX, FieldSpec, list_of
from fbss_desktop.core.medications import PATCH_UNIT

UNITS = ("mg", "mcg", "g", "mL", PATCH_UNIT, "units", "puffs", "drops")  # a medication's dose unit


def _row(section: str) -> Any:
    def declare(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
        return FieldSpec(section, key, kind, label, **extra)

    return declare


_m = _row("medication")
MEDICATION: tuple[FieldSpec, ...] = (
    _m(
        "name",
        "text",
        "Medicine",
        limit=120,
        what="The medicine's name",
        missing="Name the medicine.",
        required=True,
        json={"type": "string", "minLength": 1},
    ),
    # the medication list's code ("" for a medicine typed freely); its classes and unit follow the drug
    _m("drug", "custom", "Medicine in the list", json=KINDS["choice"]),
    _m("classes", "codes", "Classes", choices="medication_class", what="class"),
    _m("dose", "number", "Dose", low=0.001, high=100000, what="The dose"),
    _m("unit", "custom", "Unit", json=KINDS["choice"]),  # one of UNITS; by default the drug's
    _m("per_day", "number", "Times a day", low=0.1, high=24, what="Doses a day"),
    _m("as_needed", "check", "As needed"),
    _m("note", "text", "Note", limit=SHORT_MAX, what="The note"),
    _m("mme_per_day", "computed", "Morphine equivalents a day", unit="mg", json=KINDS["number"]),
)

_al = _row("allergy")
ALLERGY: tuple[FieldSpec, ...] = (
    _al(
        "substance",
        "choice",
        "Substance",
        choices="allergen",
        what="substance",
        missing="Choose what the patient reacts to.",
        required=True,
    ),
    _al("kind", "choice", "Kind", choices="reaction_kind", what="kind of reaction"),  # "allergy" when not given
    _al("reaction", "text", "Reaction", limit=SHORT_MAX, what="The reaction"),
)

_p = _row("prior_procedure")
PRIOR_PROCEDURE: tuple[FieldSpec, ...] = (
    _p(
        "procedure",
        "choice",
        "Procedure",
        choices="prior_procedure",
        what="procedure",
        missing="Choose the procedure.",
        required=True,
    ),
    _p("performed", "partial_date", "Date", what="procedure date", required=True),
    _p("region", "choice", "Region", choices="region", what="region"),
    _p("levels", "levels", "Levels"),
    _p("side", "choice", "Side", choices="side", what="side"),
    _p("relief_percent", "integer", "Relief", unit="%", low=0, high=100, what="Relief"),
    _p("relief_weeks", "integer", "Relief lasted", unit="weeks", low=0, high=520, what="Weeks"),
    _p("note", "text", "Note", limit=SHORT_MAX, what="The note"),
    _p(
        "steroid_mpe_mg",
        "number",
        "Steroid (methylprednisolone equivalent)",
        unit="mg",
        low=0,
        high=1000,
        what="The steroid dose",
    ),
)

_s = _row("study")
STUDY: tuple[FieldSpec, ...] = (
    _s(
        "kind",
        "choice",
        "Kind of study",
        choices="study_type",
        what="kind of study",
        missing="Choose the kind of study.",
        required=True,
    ),
    _s("performed", "partial_date", "Date", what="study date", required=True),  # not before the surgery it follows
    _s("follows_surgery_id", "surgery", "Follows surgery"),
    _s("levels", "levels", "Levels"),
    _s("findings", "custom", "Findings", json=list_of("finding")),
    _s("labs", "custom", "Lab values", json=list_of("lab")),
    _s("report", "text", "Report", limit=NOTE_MAX, what="The report"),
)

_f = _row("finding")
FINDING: tuple[FieldSpec, ...] = (
    _f("level", "custom", "Level", json=KINDS["choice"]),  # one of the study's levels, or "" for the whole study
    _f("finding", "choice", "Finding", choices="finding", what="finding", required=True),
)

_l = _row("lab")
LAB: tuple[FieldSpec, ...] = (
    _l("test", "choice", "Test", choices="lab_test", what="test", missing="Choose the test.", required=True),
    # the range and unit are the test's, in the vocabulary's lab_test list
    _l("value", "custom", "Value", required=True, json={"type": "number"}),
    _l("unit", "custom", "Unit", json=KINDS["choice"]),
)

_r = _row("response")
RESPONSE: tuple[FieldSpec, ...] = (
    _r("version", "custom", "Instrument version", json=KINDS["choice"]),  # by default the instrument's
    _r(
        "answers",
        "custom",
        "Answers",
        required=True,
        json={"type": "array", "items": {"type": ["integer", "null"]}},
    ),
    _r("scored_as", "custom", "Scored as", json={"enum": ["F", "M", None]}),  # the ORT's weights depend on sex
    _r("total", "computed", "Total", json=KINDS["number"]),
    _r("band", "computed", "Band", json=KINDS["choice"]),
    _r("answered", "computed", "Items answered", json={"type": "integer"}),
    _r("subscales", "computed", "Subscales", json={"type": "object", "additionalProperties": {"type": "integer"}}),
)

ROWS: dict[str, tuple[FieldSpec, ...]] = {
    "medication": MEDICATION,
    "allergy": ALLERGY,
    "prior_procedure": PRIOR_PROCEDURE,
    "study": STUDY,
    "finding": FINDING,
    "lab": LAB,
    "response": RESPONSE,
}
