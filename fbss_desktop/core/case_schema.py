"""The case-file JSON Schema (format 4, docs/case-format.md), generated from the declarations.

The consult document's sections and list rows (consult_schema.py, list_schema.py) and the plan's
(plan_schema.py) each become a definition; the envelope around them (the patient, surgeries, clinicians,
plan versions and prints), which no document reader shares, is written here as data. tools/case_schema.py
writes the result to resources/schemas/case.schema.json, and tests/core/test_case_schema.py holds the
published file equal to it.
"""

from __future__ import annotations

import json
from typing import Any

from fbss_desktop.core import consult_schema, list_schema, plan_schema
from fbss_desktop.core.fields import LEVEL, PARTIAL_DATE, SURGERY_REF, object_json
from fbss_desktop.core.patients import NAME_MAX

FORMAT = "fbss-desktop/case"
FORMAT_VERSIONS = (1, 2, 3, 4)  # read on import; an export writes the last
DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
PRINT_KINDS = ("plan", "summary", "handout")

_PATIENT: dict[str, Any] = {
    "type": "object",
    "required": ["mrn", "family_name", "given_names", "date_of_birth", "sex"],
    "additionalProperties": False,
    "properties": {
        "mrn": {"type": "string", "minLength": 1, "maxLength": 20},
        "family_name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
        "given_names": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
        "date_of_birth": {"type": "string", "pattern": DATE},
        "sex": {"enum": ["F", "M", "X", "U"]},
        "phone": {"type": "string", "maxLength": 40},
        "preferred_language": {"type": "string", "maxLength": 60},
    },
}

_SURGERY: dict[str, Any] = {
    "type": "object",
    "required": ["ref", "performed", "procedure", "levels", "fusion", "instrumented", "approach"],
    "additionalProperties": False,
    "properties": {
        "ref": {"type": "string", "pattern": SURGERY_REF},
        "performed": {"type": "string", "pattern": PARTIAL_DATE},
        "procedure": {"type": "string"},
        "levels": {"type": "array", "items": {"type": "string", "pattern": LEVEL}, "minItems": 1},
        "fusion": {"type": "boolean"},
        "instrumented": {"type": "boolean"},
        "approach": {"type": "string"},
        "surgeon": {"type": "string"},
        "outcome_notes": {"type": "string"},
    },
}

_CLINICIAN: dict[str, Any] = {
    "type": ["object", "null"],
    "required": ["full_name"],
    "additionalProperties": False,
    "properties": {
        "full_name": {"type": "string", "minLength": 1},
        "credentials": {"type": "string"},
        "specialty": {"type": "string"},
    },
}

_PRINT: dict[str, Any] = {
    "type": "object",
    "required": ["printed_at", "kind"],
    "additionalProperties": False,
    "properties": {
        "printed_at": {"type": "string", "pattern": DATE_TIME},
        "kind": {"enum": list(PRINT_KINDS)},
        "detail": {"type": "string", "maxLength": 60},
        "copies": {"type": "integer", "minimum": 1},
    },
}

_PLAN_VERSION: dict[str, Any] = {
    "type": "object",
    "required": ["version", "document"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer", "minimum": 1},
        "document": {"$ref": "#/$defs/plan"},
        "snapshot": {
            "description": "The printed content frozen at finalization, as FBSS Desktop wrote it.",
            "anyOf": [{"type": "object"}, {"type": "null"}],
        },
        "prints": {
            "description": "Each print of this version (the plan, its clinician summary or its handouts), oldest "
            "first, so an imported plan is not listed as never printed.",
            "type": "array",
            "items": _PRINT,
        },
    },
}

_CONSULT: dict[str, Any] = {
    "type": "object",
    "required": ["ref", "document"],
    "additionalProperties": False,
    "properties": {
        "ref": {"type": "string", "pattern": "^c[0-9]+$"},
        "clinician": {"$ref": "#/$defs/clinician"},
        "document": {"$ref": "#/$defs/document"},
        "plan": {
            "anyOf": [{"$ref": "#/$defs/plan"}, {"type": "null"}],
            "description": "Format version 2: the consult's latest plan. Version 3 files write plan_versions instead.",
        },
        "plan_versions": {
            "description": "Every version of the consult's plan, oldest first (format version 3). A finalized "
            "version carries the printed content frozen when it was finalized.",
            "type": "array",
            "items": _PLAN_VERSION,
        },
    },
}


_PROCEDURE: dict[str, Any] = {
    "type": "object",
    "required": ["status", "document"],
    "additionalProperties": False,
    "properties": {
        "status": {"enum": ["draft", "signed"]},
        "signed_by": {"type": "string"},
        "signed_at": {"anyOf": [{"type": "string", "pattern": DATE_TIME}, {"type": "null"}]},
        "created_by": {"type": "string"},
        "plan": {
            "description": "The plan item the procedure was recorded from: the consult, the plan version and the "
            "item's key (null: recorded on its own).",
            "anyOf": [
                {
                    "type": "object",
                    "required": ["consult", "version", "item"],
                    "additionalProperties": False,
                    "properties": {
                        "consult": {"type": "string", "pattern": "^c[0-9]+$"},
                        "version": {"type": "integer", "minimum": 1},
                        "item": {"type": "string"},
                    },
                },
                {"type": "null"},
            ],
        },
        "document": {
            "description": "The procedure record (format version 4): kind, date, operator, levels, side, approach, "
            "needle, contrast and the allergy check, injectates, fluoroscopy, sedation, complications, pain before "
            "and after, the relief at follow-up (responses) and a stimulator trial's diary. Its fields and choices "
            "are resources/clinical/procedures.json's; it is read as strictly as a record typed in the app.",
            "type": "object",
        },
    },
}


def case_json_schema() -> dict[str, Any]:
    """The whole case-file JSON Schema (2020-12), as resources/schemas/case.schema.json publishes it."""
    documents = {
        "document": consult_schema.DOCUMENT,
        "history": consult_schema.HISTORY,
        "medication": list_schema.MEDICATION,
        "allergy": list_schema.ALLERGY,
        "prior_procedure": list_schema.PRIOR_PROCEDURE,
        "exam": consult_schema.EXAM,
        "study": list_schema.STUDY,
        "finding": list_schema.FINDING,
        "lab": list_schema.LAB,
        "response": list_schema.RESPONSE,
        "assessment": consult_schema.ASSESSMENT,
        **plan_schema.ROWS,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://fbss-desktop.example/schemas/case.schema.json",
        "title": "FBSS Desktop case file",
        "description": "One patient with their spine surgeries and consults, as exported by FBSS Desktop. Field "
        "meanings: docs/case-format.md.",
        "type": "object",
        "required": ["format", "format_version", "patient", "surgeries", "consults"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"enum": list(FORMAT_VERSIONS)},
            "exported_at": {"type": "string"},
            "exported_by": {"type": "string"},
            "patient": {"$ref": "#/$defs/patient"},
            "surgeries": {"type": "array", "items": {"$ref": "#/$defs/surgery"}},
            "consults": {"type": "array", "items": {"$ref": "#/$defs/consult"}},
            "procedures": {
                "description": "The patient's procedure records, newest first (format version 4).",
                "type": "array",
                "items": {"$ref": "#/$defs/procedure"},
            },
            "plans": {
                "type": "array",
                "maxItems": 0,
                "description": "Only in version 1 files, always empty; from version 2 each plan travels with its "
                "consult.",
            },
        },
        "$defs": {
            "patient": _PATIENT,
            "surgery": _SURGERY,
            "clinician": _CLINICIAN,
            "consult": _CONSULT,
            "procedure": _PROCEDURE,
            **{name: object_json(section) for name, section in documents.items()},
        },
    }


def case_json_schema_text() -> str:
    """The schema as the published file holds it: stable formatting, a final newline."""
    return json.dumps(case_json_schema(), indent=2, sort_keys=False, ensure_ascii=False) + "\n"
