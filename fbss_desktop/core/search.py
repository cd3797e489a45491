"""What a patient search box query means: a name, a medical record number, or a date of birth."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from fbss_desktop.core.dates import SlashOrder, looks_like_date, parse_date
from fbss_desktop.core.patients import normalize_mrn
from fbss_desktop.core.text import fold

_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class QueryKind(StrEnum):
    ALL = "all"
    NAME = "name"
    MRN = "mrn"
    DATE_OF_BIRTH = "dob"
    INVALID = "invalid"


@dataclass(frozen=True)
class PatientQuery:
    """A parsed search. Name searches carry folded word prefixes; every one must match some name word."""

    kind: QueryKind
    words: tuple[str, ...] = ()
    mrn_prefix: str = ""
    date_of_birth: dt.date | None = None
    problem: str = ""

    @property
    def driving_word(self) -> str:
        """The word that drives the index scan: the longest, as it matches fewest rows."""
        return max(self.words, key=len)

    @property
    def other_words(self) -> tuple[str, ...]:
        driving = self.driving_word
        rest = list(self.words)
        rest.remove(driving)
        return tuple(rest)


def parse_query(text: str, slash_order: SlashOrder = SlashOrder.MDY) -> PatientQuery:
    """Read the search box: a full date searches dates of birth, text with a digit searches MRNs,
    anything else searches names (every word a prefix of a family, given or other name word).

    Control characters and lone surrogates separate words, as punctuation does: no stored name or MRN holds
    them, and a lone surrogate cannot even be sent to the database."""
    text = _UNSEARCHABLE.sub(" ", text).strip()
    if not text:
        return PatientQuery(QueryKind.ALL)
    if looks_like_date(text):
        try:
            return PatientQuery(QueryKind.DATE_OF_BIRTH, date_of_birth=parse_date(text, slash_order))
        except ValueError as exc:
            return PatientQuery(QueryKind.INVALID, problem=str(exc))
    if any(ch.isdigit() for ch in text) and " " not in text:
        return PatientQuery(QueryKind.MRN, mrn_prefix=normalize_mrn(text))
    words = tuple(dict.fromkeys(fold(text).split()))
    if not words:
        return PatientQuery(QueryKind.ALL)
    return PatientQuery(QueryKind.NAME, words=words)
