"""The consult document's fields, declared once: path, kind, label, unit, range, choice list, and whether the
field carries forward to the next visit. (The list rows the history and studies hold are in list_schema.py;
the declaration itself, its reader and its JSON Schema in fields.py.)

From this table come the strict reader's plain fields (`read_fields`), the case-file JSON Schema
(case_schema.py `case_json_schema`, written to resources/schemas/case.schema.json by tools/case_schema.py),
the editor's labels, units and ranges (`gui/consult/pages/helpers.py` `declared` asks `spec`), and the list
of history carried forward (`carried`). Adding a plain history field is one line here and its widget in
gui/consult/pages/.

Fields of kind "custom" are read by hand in consult_document.py (cross-checks, lists of records); they are
declared here all the same for their labels, JSON Schema and carry-forward. Fields of kind "computed" are
written for readers of a stored document or case file, accepted on reading and recomputed.
"""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.fields import (
    KINDS,
    NOTE_MAX,
    SHORT_MAX,
    WRITTEN_WITH,
    FieldSpec,
    list_of,
    object_json,
    properties_json,
)
from fbss_desktop.core.fields import read_fields as read_fields  # re-exported: the readers import it here
from fbss_desktop.core.list_schema import ROWS


def _f(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("history", key, kind, label, **extra)


# 2: the region a consult is about (history.region) and the cervical fields (neck and arm pain, Spurling). A
# version-1 document has none of them and reads as the lumbar consult it was written as.
DOCUMENT_VERSION = 2

HISTORY: tuple[FieldSpec, ...] = (
    _f(
        "index_surgery_id",
        "custom",
        "Index surgery",
        carried=True,
        json=KINDS["surgery"],
    ),
    _f("region", "choice", "Region", choices="consult_region", what="region", carried=True),
    _f(
        "spine_operations",
        "custom",
        "Spine operations in all",
        low=0,
        high=30,
        what="The count",
        spin=True,
        carried=True,
        json=KINDS["integer"],
    ),
    _f("course", "custom", "Course after surgery", choices="course", carried=True, json=KINDS["choice"]),
    _f(
        "recurrence_weeks",
        "custom",
        "Pain came back after",
        unit="weeks",
        low=0,
        high=2600,
        what="Weeks",
        carried=True,
        json=KINDS["integer"],
    ),
    _f("pain_duration_months", "integer", "Pain for", unit="months", low=0, high=1200, what="Months"),
    _f("pain_locations", "codes", "Where", choices="pain_location", what="location"),
    _f(
        "leg_share_percent",
        "integer",
        "Share of pain in the leg",
        unit="%",
        low=0,
        high=100,
        what="The leg share",
        spin=True,
        step=10,
    ),
    _f(
        "arm_share_percent",
        "integer",
        "Share of pain in the arm",
        unit="%",
        low=0,
        high=100,
        what="The arm share",
        spin=True,
        step=10,
    ),
    _f("side", "choice", "Side", choices="side", what="side"),
    _f("back_nrs_now", "integer", "Back pain now (NRS)", low=0, high=10, what="Back pain now", spin=True),
    _f("back_nrs_average", "integer", "Back pain, average", low=0, high=10, what="Average back pain", spin=True),
    _f("leg_nrs_now", "integer", "Leg pain now (NRS)", low=0, high=10, what="Leg pain now", spin=True),
    _f("leg_nrs_average", "integer", "Leg pain, average", low=0, high=10, what="Average leg pain", spin=True),
    _f("neck_nrs_now", "integer", "Neck pain now (NRS)", low=0, high=10, what="Neck pain now", spin=True),
    _f("neck_nrs_average", "integer", "Neck pain, average", low=0, high=10, what="Average neck pain", spin=True),
    _f("arm_nrs_now", "integer", "Arm pain now (NRS)", low=0, high=10, what="Arm pain now", spin=True),
    _f("arm_nrs_average", "integer", "Arm pain, average", low=0, high=10, what="Average arm pain", spin=True),
    _f("neuropathic", "codes", "Neuropathic descriptors", choices="neuropathic", what="descriptor"),
    _f("numbness", "yes_no", "Numbness"),
    _f("weakness", "yes_no", "Weakness"),
    _f("red_flags", "answers", "Red flags", choices="red_flag"),
    _f("comorbidities", "answers", "Comorbidities", choices="comorbidity", carried=True),
    _f("hba1c_percent", "number", "HbA1c", unit="%", low=3, high=20, what="HbA1c", carried=True),
    _f("egfr", "number", "eGFR", unit="mL/min/1.73m²", low=1, high=200, what="eGFR", carried=True),
    _f("creatinine_mg_dl", "number", "Creatinine", unit="mg/dL", low=0.1, high=20, what="Creatinine", carried=True),
    _f("weight_kg", "number", "Weight", unit="kg", low=20, high=400, what="Weight", carried=True),
    _f("devices", "answers", "Implanted devices", choices="device", carried=True),
    _f("smoking", "choice", "Smoking", choices="smoking", what="smoking status", carried=True),
    _f("alcohol", "choice", "Alcohol", choices="alcohol", what="alcohol use", carried=True),
    _f("substance_use", "choice", "Other substance use", choices="substance_use", what="answer", carried=True),
    _f("prior_overdose", "yes_no", "Earlier overdose", carried=True),
    _f("medicine_history", "answers", "Recent medicine history", choices="medicine_history"),
    _f("medications", "custom", "Current medications", carried=True, json=list_of("medication")),
    _f("no_known_allergies", "custom", "No known allergies", carried=True, json=KINDS["check"]),
    _f("allergies", "custom", "Allergies and intolerances", carried=True, json=list_of("allergy")),
    _f("work_status", "choice", "Work", choices="work_status", what="work status", carried=True),
    _f("litigation", "yes_no", "Litigation", carried=True),
    _f("compensation_claim", "yes_no", "Compensation claim", carried=True),
    _f("prior_procedures", "custom", "Earlier procedures", carried=True, json=list_of("prior_procedure")),
    _f("notes", "text", "Notes", limit=NOTE_MAX, what="The history note"),
    _f("total_mme_per_day", "computed", "Morphine equivalents a day", unit="mg", json=KINDS["number"]),
)


def _e(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("exam", key, kind, label, **extra)


EXAM: tuple[FieldSpec, ...] = (
    _e("incision", "choice", "Incision", choices="incision", what="wound finding"),
    _e("temperature_c", "number", "Temperature", unit="°C", low=34, high=43, what="The temperature (°C)"),
    _e("gait", "choice", "Gait", choices="gait", what="gait"),
    _e("motor", "per_code_integer", "Strength (MRC 0-5)", choices="myotome", low=0, high=5, what="The MRC grade"),
    _e("sensation", "per_code_choice", "Sensation", choices="dermatome", values="sensation", what="sensation grade"),
    _e("reflexes", "per_code_choice", "Reflexes", choices="reflex", values="reflex_grade", what="reflex grade"),
    _e("babinski", "sided_yes_no", "Babinski"),
    _e("slr", "sided_yes_no", "Straight leg raise"),
    _e("slr_angle", "sided_integer", "Straight leg raise angle", unit="°", low=0, high=90, what="The angle"),
    _e("crossed_slr", "sided_yes_no", "Crossed straight leg raise"),
    _e("femoral_stretch", "sided_yes_no", "Femoral stretch"),
    _e("spurling", "sided_yes_no", "Spurling test"),
    _e("sij_tests", "answers", "Sacroiliac provocation tests", choices="sij_test"),
    _e("tenderness", "answers", "Tenderness", choices="tenderness"),
    _e("waddell", "answers", "Waddell signs", choices="waddell"),
    _e("notes", "text", "Notes", limit=NOTE_MAX, what="The examination note"),
    _e("sij_positive", "computed", "Sacroiliac tests positive", json={"type": "integer"}),
    _e("sij_cluster_positive", "computed", "Sacroiliac cluster positive", json=KINDS["yes_no"]),
    _e("sij_cluster", "computed", "Sacroiliac cluster", json={"type": ["string", "null"]}),
    _e("waddell_positive", "computed", "Waddell signs positive", json={"type": "integer"}),
)


def _a(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("assessment", key, kind, label, **extra)


ASSESSMENT: tuple[FieldSpec, ...] = (
    _a("generators", "codes", "Likely pain generators", choices="pain_generator", what="pain generator"),
    _a("pain_type", "choice", "Pain type", choices="pain_type", what="pain type"),
    _a("icd10", "codes", "Diagnosis codes (ICD-10-CM)", choices="icd10", what="ICD-10-CM code"),
    _a("note", "text", "Assessment note", limit=NOTE_MAX, what="The assessment note"),
)


def _d(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("document", key, kind, label, **extra)


# The consult document itself; read by hand in consult_document.py (cross-checks between its fields).
DOCUMENT: tuple[FieldSpec, ...] = (
    _d("written_with", "custom", "Resource versions", json=WRITTEN_WITH),
    _d(
        "document_version",
        "custom",
        "Document version",
        json={"type": "integer", "minimum": 1, "maximum": DOCUMENT_VERSION},
    ),
    _d(
        "consult_date",
        "custom",
        "Consult date",
        required=True,
        json={"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    ),
    _d("clinician_id", "custom", "Clinician", exported=False),  # a database id; the case file names the clinician
    _d("reason", "text", "Reason for the visit", limit=SHORT_MAX, what="The reason for the visit"),
    _d("status", "custom", "Status", json={"enum": ["draft", "signed"]}),
    _d(
        "carried_forward_from",
        "custom",
        "Carried forward from",
        json={"type": ["string", "null"], "pattern": "^c[0-9]+$"},  # a case file names consults c1, c2...
    ),
    _d("carry_forward_confirmed", "custom", "Carried-forward history confirmed", json=KINDS["check"]),
    _d("history", "custom", "History", json={"$ref": "#/$defs/history"}),
    _d("exam", "custom", "Examination", json={"$ref": "#/$defs/exam"}),
    _d("studies", "custom", "Imaging and tests", json=list_of("study")),
    _d(
        "questionnaires",
        "custom",
        "Questionnaires",
        json={"type": "object", "additionalProperties": {"$ref": "#/$defs/response"}},
    ),
    _d("assessment", "custom", "Assessment", json={"$ref": "#/$defs/assessment"}),
)

SECTIONS = {"history": HISTORY, "exam": EXAM, "assessment": ASSESSMENT}
_BY_PATH = {spec.path: spec for section in (*SECTIONS.values(), DOCUMENT, *ROWS.values()) for spec in section}


def spec(path: str) -> FieldSpec:
    """The declared field at `path` ("history.hba1c_percent")."""
    return _BY_PATH[path]


def carried(section: tuple[FieldSpec, ...] = HISTORY) -> tuple[str, ...]:
    """The keys copied into the next visit's consult."""
    return tuple(s.key for s in section if s.carried)


def json_schema(section: tuple[FieldSpec, ...] = HISTORY) -> dict[str, Any]:
    """The JSON Schema of each declared field's value, as a case file carries it."""
    return properties_json(section)


def section_json(section: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """The JSON Schema of a whole section: its declared fields and no other key."""
    return object_json(section)
