"""Reading a consult document's values: the context a consult is checked against, and the reader that turns
JSON values into typed ones (numbers in range, known codes, sides, dates), collecting one message per wrong
path. `consult_document` walks the document with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.consult_record import SIDES
from fbss_desktop.core.dates import PartialDate, SlashOrder
from fbss_desktop.core.document_reader import DocumentReader
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.spine import normalize_segment
from fbss_desktop.core.text import sentence
from fbss_desktop.core.vocabulary import ChoiceList, Vocabulary


@dataclass(frozen=True)
class ConsultContext:
    """What validating a consult needs to know besides the document itself."""

    today: dt.date
    date_of_birth: dt.date
    sex: str
    vocabulary: Vocabulary
    medications: MedicationList
    instruments: Mapping[str, Instrument]
    surgeries: Mapping[int, PartialDate] = field(default_factory=dict)
    slash_order: SlashOrder = SlashOrder.MDY
    mme_table: str | None = None

    @property
    def written_with(self) -> dict[str, int]:
        """The versions of the resources a consult is read and written with, recorded in the document."""
        # each questionnaire response records its own instrument version
        return {"vocabulary": self.vocabulary.version, "medications": self.medications.version}


class ConsultReader(DocumentReader):
    """Reads typed values out of a consult document, collecting one message per wrong path."""

    def __init__(self, context: ConsultContext) -> None:
        super().__init__()
        self.context = context

    def nrs(self, data: Mapping[str, Any], key: str, path: str, what: str) -> int | None:
        result: int | None = self.number(data, key, path, 0, 10, what, integer=True)
        return result

    def choice(self, data: Mapping[str, Any], key: str, path: str, choices: ChoiceList, what: str) -> str:
        value = data.get(key) or ""
        if value and value not in choices:
            self.fail(path, f"'{value}' is not a known {what}.")
            return ""
        return str(value)

    def required_choice(
        self, data: Mapping[str, Any], key: str, path: str, choices: ChoiceList, what: str, missing: str
    ) -> str:
        value = self.choice(data, key, path, choices, what)
        if not value and not data.get(key):
            self.fail(path, missing)
        return value

    def codes(self, data: Mapping[str, Any], key: str, path: str, choices: ChoiceList, what: str) -> tuple[str, ...]:
        result = []
        for value in self.items(data, key, path):
            if value not in choices:
                self.fail(path, f"'{value}' is not a known {what}.")
            elif value not in result:
                result.append(value)
        order = choices.codes
        return tuple(sorted(result, key=order.index))

    def yes_no(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = data.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.fail(path, "Answer yes, no, or leave it unanswered.")
        return None

    def answers(self, data: Mapping[str, Any], key: str, path: str, choices: ChoiceList) -> dict[str, bool]:
        """A mapping code -> yes/no; codes left out were not asked."""
        result = {}
        for code, value in self.section(data, key, path).items():
            if code not in choices:
                self.fail(f"{path}.{code}", f"'{code}' is not a known question here.")
            elif value is not None:
                answer = self.yes_no({code: value}, code, f"{path}.{code}")
                if answer is not None:
                    result[code] = answer
        return result

    def sided(self, data: Mapping[str, Any], key: str, path: str, read: Any) -> dict[str, Any]:
        result = {}
        section = self.section(data, key, path)
        for side in section:
            if side not in SIDES:
                self.fail(f"{path}.{side}", "Sides are 'left' and 'right'.")
        for side in SIDES:
            value = read(section, side, f"{path}.{side}")
            if value is not None and value != "":
                result[side] = value
        return result

    def per_code(self, data: Mapping[str, Any], key: str, path: str, choices: ChoiceList, read: Any) -> dict[str, Any]:
        """code -> {side: value} (motor grades by myotome, sensation by dermatome); unknown codes refused."""
        section = self.section(data, key, path)
        result = {}
        for code in section:
            if code not in choices:
                self.fail(f"{path}.{code}", f"'{code}' is not known here.")
        for code in choices.codes:
            sides = self.sided(section, code, f"{path}.{code}", read)
            if sides:
                result[code] = sides
        return result

    def partial_date(self, data: Mapping[str, Any], key: str, path: str, what: str) -> PartialDate | None:
        value = data.get(key) or ""
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"Enter the {what} (YYYY, YYYY-MM or YYYY-MM-DD).")
            return None
        try:
            date = PartialDate.parse(value, self.context.slash_order)
        except ValueError as exc:
            self.fail(path, sentence(str(exc)))
            return None
        if date.earliest > self.context.today:
            self.fail(path, f"The {what} is in the future.")
            return None
        if date.latest < self.context.date_of_birth:
            self.fail(path, f"The {what} is before the patient's date of birth.")
            return None
        return date

    def levels(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        result = []
        for value in self.items(data, key, path):
            try:
                result.append(normalize_segment(str(value)))
            except ValueError as exc:
                self.fail(path, sentence(str(exc)))
        return tuple(dict.fromkeys(result))

    def surgery(self, data: Mapping[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or value not in self.context.surgeries:
            self.fail(path, "This surgery is not in the patient's history.")
            return None
        return value
