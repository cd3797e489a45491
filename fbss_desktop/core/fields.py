"""A declared document field (`FieldSpec`): its kind, label, unit, range and vocabulary, and what follows from
that declaration: reading the field out of a document (`read_field`, `read_fields`) and its JSON Schema
(`field_json`, `object_json`).

The declarations themselves are tables of data: consult_schema.py (history, examination, assessment, the
consult document), list_schema.py (list rows: medications, allergies, earlier procedures, studies, lab
values, questionnaire responses) and plan_schema.py (the plan document). case_schema.py assembles the
case-file JSON Schema from them.

The JSON Schema says shape and type only. Ranges, codes and cross-checks are the readers' (with a message at
the field's path, which a schema error could not give), so a declared range never appears in the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PARTIAL_DATE = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
LEVEL = "^[CTLS][0-9]{1,2}-[CTLS][0-9]{1,2}$"
SURGERY_REF = "^s[0-9]+$"
NOTE_MAX = 8000  # the most characters of a consult's long text (a note, a report)
SHORT_MAX = 200  # ... and of a short one (a list row's note, a reaction, the reason for the visit)

# kind -> the JSON Schema of its value in an exported document ("custom" and "computed" give their own)
KINDS: dict[str, dict[str, Any]] = {
    "number": {"type": ["number", "null"]},
    "integer": {"type": ["integer", "null"]},
    "yes_no": {"type": ["boolean", "null"]},
    "choice": {"type": "string"},
    "codes": {"type": "array", "items": {"type": "string"}},
    "answers": {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
    "text": {"type": "string"},
    "check": {"type": "boolean"},
    "partial_date": {"type": "string", "pattern": PARTIAL_DATE},
    "levels": {"type": "array", "items": {"type": "string", "pattern": LEVEL}},
    "surgery": {"type": ["string", "null"], "pattern": SURGERY_REF},  # a case file names surgeries s1, s2...
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

# the resource versions a stored document records (consult and plan alike)
WRITTEN_WITH: dict[str, Any] = {
    "description": "Versions of the resources (vocabulary, medication list, treatment catalogue) the document was "
    "checked against when written.",
    "type": "object",
    "additionalProperties": {"type": "integer"},
}


@dataclass(frozen=True)
class FieldSpec:
    section: str  # "history", or the record a list row is ("medication", "study", "plan_item")
    key: str
    kind: str  # a key of KINDS; "custom" (read by hand) or "computed" (written for readers, recomputed on read)
    label: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: str = ""  # the vocabulary list for choice, codes and answers (per_code: the codes, as myotomes)
    values: str = ""  # per_code_choice: the vocabulary list of each side's value (a sensation grade)
    what: str = ""  # the noun in a message ("The count must be…", "'x' is not a known smoking status")
    carried: bool = False  # copied into the next visit's consult, for the clinician to confirm
    limit: int = 0  # text: the most characters
    json: Mapping[str, Any] | None = None  # the JSON Schema where the kind's is not enough (custom: always)
    spin: bool = False  # a small whole number the editor offers as a spin box (NRS 0-10, a percent)
    step: int = 1  # the spin box's step
    missing: str = ""  # choice, text, partial date: the field must be filled; the message when it is not
    required: bool = False  # the key is always written (JSON Schema "required")
    exported: bool = True  # False: kept in the stored document, left out of a case file (a database id)

    @property
    def path(self) -> str:
        return f"{self.section}.{self.key}"

    @property
    def caption(self) -> str:
        """The label with its unit, as the editor shows it: "HbA1c (%)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def by_key(section: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    return {s.key: s for s in section}


def computed_keys(section: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    """The keys a stored document carries for its readers and reading recomputes (totals, counts)."""
    return tuple(s.key for s in section if s.kind == "computed")


def list_of(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


def field_json(s: FieldSpec) -> dict[str, Any] | None:
    """The JSON Schema of the field's value in a case file (None: the field is not exported)."""
    if not s.exported:
        return None
    if s.json is not None:
        return dict(s.json)
    assert s.kind in KINDS, f"{s.path}: a {s.kind} field declares its JSON Schema"
    return dict(KINDS[s.kind])


def properties_json(section: tuple[FieldSpec, ...]) -> dict[str, Any]:
    return {s.key: schema for s in section if (schema := field_json(s)) is not None}


def object_json(section: tuple[FieldSpec, ...], **extra: Any) -> dict[str, Any]:
    """The JSON Schema of a record of declared fields: no key but the declared ones."""
    required = [s.key for s in section if s.required and s.exported]
    return (
        {"type": "object"}
        | extra
        | ({"required": required} if required else {})
        | {"additionalProperties": False, "properties": properties_json(section)}
    )


def read_field(reader: Any, data: Mapping[str, Any], s: FieldSpec, vocabulary: Any, path: str = "") -> Any:
    """A plain (not custom or computed) field read and checked by its kind; a wrong value is reported at `path`
    (default: the declared path) by `reader` (a consult_document reader) and read as empty."""
    path = path or s.path
    if s.kind in ("number", "integer"):
        assert s.low is not None and s.high is not None, s.path
        return reader.number(data, s.key, path, s.low, s.high, s.what or s.label, integer=s.kind == "integer")
    if s.kind == "yes_no":
        return reader.yes_no(data, s.key, path)
    if s.kind == "check":
        return bool(data.get(s.key))
    if s.kind == "choice":
        what = s.what or s.label.lower()
        if s.missing:
            return reader.required_choice(data, s.key, path, vocabulary[s.choices], what, s.missing)
        return reader.choice(data, s.key, path, vocabulary[s.choices], what)
    if s.kind == "codes":
        return reader.codes(data, s.key, path, vocabulary[s.choices], s.what or s.label.lower())
    if s.kind == "answers":
        return reader.answers(data, s.key, path, vocabulary[s.choices])
    if s.kind == "text":
        text = reader.text(data, s.key, path, s.limit, s.what or s.label)
        if s.missing and not text:
            reader.fail(path, s.missing)
        return text
    if s.kind == "partial_date":
        return reader.partial_date(data, s.key, path, s.what or s.label.lower())
    if s.kind == "levels":
        return reader.levels(data, s.key, path)
    if s.kind == "surgery":
        return reader.surgery(data, s.key, path)
    if s.kind == "sided_yes_no":
        return reader.sided(data, s.key, path, reader.yes_no)
    if s.kind == "sided_integer":
        return reader.sided(data, s.key, path, _whole_number(reader, s))
    if s.kind == "per_code_integer":
        return reader.per_code(data, s.key, path, vocabulary[s.choices], _whole_number(reader, s))
    if s.kind == "per_code_choice":
        grades, what = vocabulary[s.values], s.what

        def read_choice(section: Any, key: str, where: str) -> Any:
            return reader.choice(section, key, where, grades, what)

        return reader.per_code(data, s.key, path, vocabulary[s.choices], read_choice)
    raise ValueError(f"{s.path}: a {s.kind} field is read by hand")


def read_fields(
    reader: Any, data: Mapping[str, Any], vocabulary: Any, section: tuple[FieldSpec, ...], at: str = ""
) -> dict[str, Any]:
    """The plain fields of a section (or list row) in declared order, each checked by its kind; computed keys are
    accepted and left out; custom fields are left to the caller. `at` is the document path of `data` (a list
    row's "history.medications[2]"); by default the section's name."""
    values: dict[str, Any] = {}
    for s in section:
        if s.kind == "computed":
            reader.computed(data, s.key)
        elif s.kind != "custom":
            values[s.key] = read_field(reader, data, s, vocabulary, f"{at}.{s.key}" if at else s.path)
    return values


def _whole_number(reader: Any, s: FieldSpec) -> Any:
    assert s.low is not None and s.high is not None, s.path
    low, high, what = s.low, s.high, s.what or s.label

    def read(section: Any, key: str, path: str) -> Any:
        return reader.number(section, key, path, low, high, what, integer=True)

    return read
