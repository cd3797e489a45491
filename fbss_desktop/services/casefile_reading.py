"""Reading a case file before anything is imported: the file read safely (size, depth, numbers, text no
record can store) and its shape checked against resources/schemas/case.schema.json, the first problem
named with the file, the path inside the document and what was expected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.errors import DomainError
from fbss_desktop.paths import resource

if TYPE_CHECKING:  # jsonschema loads when a case file is checked, not at start-up
    import jsonschema

FORMAT = "fbss-desktop/case"
FORMAT_VERSION = 4
READABLE_VERSIONS = (1, 2, 3, 4)  # version 1 files have no plans; version 2 only the latest version of each;
# before version 4, no procedure records


class CaseFileError(DomainError):
    """A case file that cannot be imported: where (file and path in the document) and what was expected."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file, self.path, self.message = file, path, message
        where = f" at {path}" if path else ""
        super().__init__(f"{file}{where}: {message}")


@cache
def case_schema() -> dict[str, Any]:
    with resource("schemas", "case.schema.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _json_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# Far beyond any real case (an exported case is a few hundred KB and 8 levels deep), and low enough that
# reading a hostile file cannot exhaust memory or the interpreter's stack (json and jsonschema recurse).
MAX_CASE_BYTES = 64 * 1024 * 1024
MAX_CASE_DEPTH = 32
MAX_INT_DIGITS = 15
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL refuses it) and lone surrogates


class _NotJson(ValueError):
    """A number Python's json module reads but a case file never holds: NaN, Infinity, or one too large."""


def _refuse_constant(token: str) -> Any:
    raise _NotJson(f"{token} is not a JSON number")


def _small_int(token: str) -> int:
    # Every integer in a case is small; past 2**53 JSON readers disagree, and databases overflow.
    if len(token.lstrip("-")) > MAX_INT_DIGITS:
        raise _NotJson(f"a number of {len(token.lstrip('-'))} digits is too large for a case file")
    return int(token)


def _finite_float(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise _NotJson("a number is too large for a case file")
    return value


def read_case_file(path: Path) -> dict[str, Any]:
    """Parse the file as JSON, or raise CaseFileError saying where it breaks (truncated files included).

    Only what JSON (RFC 8259) allows is read, and only what a database can store: a file nested deeper than
    any case, a number too large for any field, NaN, or text holding a lone surrogate ("\\ud800") or a NUL
    is refused here, before it reaches the schema check, the rules or the database.
    """
    name = path.name
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CASE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise CaseFileError(name, "", f"cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None
    if len(raw) > MAX_CASE_BYTES:
        raise CaseFileError(name, "", f"the file is over {MAX_CASE_BYTES // 2**20} MB, far larger than a case file")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (some Windows editors write one) is allowed
    except UnicodeDecodeError:
        raise CaseFileError(name, "", "the file is not UTF-8 text; expected a JSON case file") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_small_int)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            name, "", f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); is it truncated?"
        ) from None
    except _NotJson as exc:
        raise CaseFileError(name, "", f"not valid JSON: {exc}") from None
    except RecursionError:
        raise CaseFileError(name, "", f"nested more than {MAX_CASE_DEPTH} levels deep; not a case file") from None
    except ValueError:  # what else json raises (it reads a number of over 4,300 digits only through `parse_int`)
        raise CaseFileError(name, "", "not valid JSON; expected a case file") from None
    if not isinstance(data, dict):
        raise CaseFileError(name, "", "expected a JSON object with the case")
    _check_values(data, name)
    return data


def _check_values(data: dict[str, Any], name: str) -> None:
    """Refuse nesting deeper than a case and text no database stores; iterative, so depth cannot overflow."""
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, where = pending.pop()
        if isinstance(value, str):
            _check_text(value, name, where)
        elif isinstance(value, dict | list):
            if len(where) >= MAX_CASE_DEPTH:
                raise CaseFileError(name, _json_path(where), f"nested more than {MAX_CASE_DEPTH} levels deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                if isinstance(key, str):
                    _check_text(key, name, where)
                pending.append((child, (*where, key)))


def _check_text(text: str, name: str, where: tuple[str | int, ...]) -> None:
    if found := _UNSTORABLE.search(text):
        # Said by code point, never by the text around it: it may be a patient's name.
        code = f"U+{ord(found[0]):04X}"
        raise CaseFileError(name, _json_path(where), f"the text holds {code}, which no record can store")


def check_shape(data: Mapping[str, Any], name: str) -> None:
    """Raise CaseFileError for the first place the document departs from the published schema."""
    if data.get("format") != FORMAT:
        raise CaseFileError(name, "format", f'expected "{FORMAT}"; this is not an FBSS Desktop case file')
    if data.get("format_version") not in READABLE_VERSIONS:
        raise CaseFileError(
            name,
            "format_version",
            f"this FBSS Desktop reads case format versions {', '.join(map(str, READABLE_VERSIONS[:-1]))} and "
            f"{READABLE_VERSIONS[-1]}, "
            f"the file has {data.get('format_version')!r}",
        )
    import jsonschema

    validator = jsonschema.Draft202012Validator(case_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        first = errors[0]
        raise CaseFileError(name, _json_path(first.absolute_path), _expected(first))


def _expected(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"unexpected field: {error.message}"
    if error.validator == "required":
        return str(error.message)
    return f"expected {_describe(error.validator, error.validator_value)}; found {json.dumps(error.instance)[:60]}"


def _describe(validator: Any, value: Any) -> str:
    if validator == "type":
        return " or ".join(value) if isinstance(value, list) else str(value)
    if validator == "pattern":
        return f"text matching {value}"
    if validator == "enum":
        return "one of " + ", ".join(json.dumps(v) for v in value)
    if validator == "const":
        return json.dumps(value)
    return f"{validator} {value}"
