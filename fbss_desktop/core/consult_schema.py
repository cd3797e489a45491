"""The consult document's fields, declared once: path, kind, label, unit, range, choice list, and whether the
field carries forward to the next visit.

From this table come the strict reader's plain fields (`read_fields`), the case-file JSON Schema of those
fields (`json_schema`, held equal to resources/schemas/case.schema.json by a test), the editor's labels,
units and ranges (`gui/consult/pages/helpers.py` `declared` asks `spec`), and the list of history carried
forward (`carried`). Adding a plain history field is one line here and its widget in gui/consult/pages/.

Fields of kind "custom" are read by hand in consult_document.py (cross-checks, lists of records); they are
declared here all the same for their labels, JSON Schema and carry-forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# kind -> the JSON Schema of its value in a stored document
_JSON: dict[str, dict[str, Any]] = {
    "number": {"type": ["number", "null"]},
    "integer": {"type": ["integer", "null"]},
    "yes_no": {"type": ["boolean", "null"]},
    "choice": {"type": "string"},
    "codes": {"type": "array", "items": {"type": "string"}},
    "answers": {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
    "text": {"type": "string"},
    "check": {"type": "boolean"},
    "sided_yes_no": {
        "type": "object",
        "properties": {"left": {"type": "boolean"}, "right": {"type": "boolean"}},
        "additionalProperties": False,
    },
    "sided_integer": {
        "type": "object",
        "properties": {"left": {"type": "integer"}, "right": {"type": "integer"}},
        "additionalProperties": False,
    },
    "per_code_integer": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {"left": {"type": "integer"}, "right": {"type": "integer"}},
            "additionalProperties": False,
        },
    },
    "per_code_choice": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {"left": {"type": "string"}, "right": {"type": "string"}},
            "additionalProperties": False,
        },
    },
}


@dataclass(frozen=True)
class FieldSpec:
    section: str
    key: str
    kind: str  # a key of _JSON, or "custom" (read by hand; JSON Schema given in `json`)
    label: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: str = ""  # the vocabulary list for choice, codes and answers (per_code: the codes, as myotomes)
    values: str = ""  # per_code_choice: the vocabulary list of each side's value (a sensation grade)
    what: str = ""  # the noun in a message ("The count must be…", "'x' is not a known smoking status")
    carried: bool = False  # copied into the next visit's consult, for the clinician to confirm
    limit: int = 0  # text: the most characters
    json: Mapping[str, Any] | None = None  # custom fields: their JSON Schema
    spin: bool = False  # a small whole number the editor offers as a spin box (NRS 0-10, a percent)
    step: int = 1  # the spin box's step

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def caption(self) -> str:
        """The label with its unit, as the editor shows it: "HbA1c (%)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def _f(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("history", key, kind, label, **extra)


def _list_of(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


NOTE_MAX = 8000

HISTORY: tuple[FieldSpec, ...] = (
    _f(
        "index_surgery_id",
        "custom",
        "Index surgery",
        carried=True,
        json={"type": ["string", "null"], "pattern": "^s[0-9]+$"},
    ),
    _f(
        "spine_operations",
        "custom",
        "Spine operations in all",
        low=0,
        high=30,
        spin=True,
        carried=True,
        json=_JSON["integer"],
    ),
    _f("course", "custom", "Course after surgery", choices="course", carried=True, json=_JSON["choice"]),
    _f("recurrence_weeks", "custom", "Pain came back after", unit="weeks", carried=True, json=_JSON["integer"]),
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
    _f("side", "choice", "Side", choices="side", what="side"),
    _f("back_nrs_now", "integer", "Back pain now (NRS)", low=0, high=10, what="Back pain now", spin=True),
    _f("back_nrs_average", "integer", "Back pain, average", low=0, high=10, what="Average back pain", spin=True),
    _f("leg_nrs_now", "integer", "Leg pain now (NRS)", low=0, high=10, what="Leg pain now", spin=True),
    _f("leg_nrs_average", "integer", "Leg pain, average", low=0, high=10, what="Average leg pain", spin=True),
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
    _f("medications", "custom", "Current medications", carried=True, json=_list_of("medication")),
    _f("no_known_allergies", "custom", "No known allergies", carried=True, json=_JSON["check"]),
    _f("allergies", "custom", "Allergies and intolerances", carried=True),
    _f("work_status", "choice", "Work", choices="work_status", what="work status", carried=True),
    _f("litigation", "yes_no", "Litigation", carried=True),
    _f("compensation_claim", "yes_no", "Compensation claim", carried=True),
    _f("prior_procedures", "custom", "Earlier procedures", carried=True, json=_list_of("prior_procedure")),
    _f("notes", "text", "Notes", limit=NOTE_MAX, what="The history note"),
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
    _e("sij_tests", "answers", "Sacroiliac provocation tests", choices="sij_test"),
    _e("tenderness", "answers", "Tenderness", choices="tenderness"),
    _e("waddell", "answers", "Waddell signs", choices="waddell"),
    _e("notes", "text", "Notes", limit=NOTE_MAX, what="The examination note"),
)


def _a(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
    return FieldSpec("assessment", key, kind, label, **extra)


ASSESSMENT: tuple[FieldSpec, ...] = (
    _a("generators", "codes", "Likely pain generators", choices="pain_generator", what="pain generator"),
    _a("pain_type", "choice", "Pain type", choices="pain_type", what="pain type"),
    _a("icd10", "codes", "Diagnosis codes (ICD-10-CM)", choices="icd10", what="ICD-10-CM code"),
    _a("note", "text", "Assessment note", limit=NOTE_MAX, what="The assessment note"),
)

SECTIONS = {"history": HISTORY, "exam": EXAM, "assessment": ASSESSMENT}
_BY_PATH = {spec.path: spec for section in SECTIONS.values() for spec in section}


def spec(path: str) -> FieldSpec:
    """The declared field at `path` ("history.hba1c_percent")."""
    return _BY_PATH[path]


def carried(section: tuple[FieldSpec, ...] = HISTORY) -> tuple[str, ...]:
    """The keys copied into the next visit's consult."""
    return tuple(s.key for s in section if s.carried)


def json_schema(section: tuple[FieldSpec, ...] = HISTORY) -> dict[str, Any]:
    """The JSON Schema of each declared field's value (custom fields without one are left to the file)."""
    result: dict[str, Any] = {}
    for s in section:
        if s.kind == "custom":
            if s.json is not None:
                result[s.key] = dict(s.json)
        else:
            result[s.key] = dict(_JSON[s.kind])
    return result


def read_fields(
    reader: Any, data: Mapping[str, Any], vocabulary: Any, section: tuple[FieldSpec, ...]
) -> dict[str, Any]:
    """The plain (not custom) fields of a section, read and checked by their kind; each wrong value is
    reported at its path by `reader` (a consult_document reader) and left out."""
    values: dict[str, Any] = {}
    for s in section:
        if s.kind in ("number", "integer"):
            assert s.low is not None and s.high is not None, s.path
            values[s.key] = reader.number(
                data, s.key, s.path, s.low, s.high, s.what or s.label, integer=s.kind == "integer"
            )
        elif s.kind == "yes_no":
            values[s.key] = reader.yes_no(data, s.key, s.path)
        elif s.kind == "choice":
            values[s.key] = reader.choice(data, s.key, s.path, vocabulary[s.choices], s.what or s.label.lower())
        elif s.kind == "codes":
            values[s.key] = reader.codes(data, s.key, s.path, vocabulary[s.choices], s.what or s.label.lower())
        elif s.kind == "answers":
            values[s.key] = reader.answers(data, s.key, s.path, vocabulary[s.choices])
        elif s.kind == "text":
            values[s.key] = reader.text(data, s.key, s.path, s.limit, s.what or s.label)
        elif s.kind == "sided_yes_no":
            values[s.key] = reader.sided(data, s.key, s.path, reader.yes_no)
        elif s.kind in ("sided_integer", "per_code_integer"):
            read = _whole_number(reader, s)
            values[s.key] = (
                reader.sided(data, s.key, s.path, read)
                if s.kind == "sided_integer"
                else reader.per_code(data, s.key, s.path, vocabulary[s.choices], read)
            )
        elif s.kind == "per_code_choice":
            grades, what = vocabulary[s.values], s.what

            def read_choice(section: Any, key: str, path: str, grades: Any = grades, what: str = what) -> Any:
                return reader.choice(section, key, path, grades, what)

            values[s.key] = reader.per_code(data, s.key, s.path, vocabulary[s.choices], read_choice)
    return values


def _whole_number(reader: Any, s: FieldSpec) -> Any:
    assert s.low is not None and s.high is not None, s.path
    low, high, what = s.low, s.high, s.what or s.label

    def read(section: Any, key: str, path: str) -> Any:
        return reader.number(section, key, path, low, high, what, integer=True)

    return read
