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
# A date of birth typed with dashes, day or month first (12-04-1968): read in the clinic's slash order.
_DASHED_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# Day and month without the year (12.04, 12/04): no MRN has a dot or a slash, so this is a date cut short.
_DATE_WITHOUT_YEAR = re.compile(r"^\d{1,2}[./]\d{1,2}[./]?$")


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
    if _DATE_WITHOUT_YEAR.match(text):
        return PatientQuery(QueryKind.INVALID, problem=date_search_hint(slash_order))
    dashed = _DASHED_DATE.match(text)
    if dashed or looks_like_date(text):
        as_date = f"{dashed[1]}/{dashed[2]}/{dashed[3]}" if dashed else text  # dashes read as slashes are
        try:
            return PatientQuery(QueryKind.DATE_OF_BIRTH, date_of_birth=parse_date(as_date, slash_order))
        except ValueError as exc:
            return PatientQuery(QueryKind.INVALID, problem=str(exc).replace(as_date, text))
    if any(ch.isdigit() for ch in text) and " " not in text:
        return PatientQuery(QueryKind.MRN, mrn_prefix=normalize_mrn(text))
    words = tuple(dict.fromkeys(fold(text).split()))
    if not words:
        return PatientQuery(QueryKind.ALL)
    return PatientQuery(QueryKind.NAME, words=words)


def date_search_hint(slash_order: SlashOrder = SlashOrder.MDY) -> str:
    """How a date of birth is searched, with this clinic's order for slashes and dashes."""
    slashed = "12/04/1968 (day/month)" if slash_order is SlashOrder.DMY else "04/12/1968 (month/day)"
    return f"A date of birth is searched in full, with its year: 12.04.1968 (day.month), {slashed} or 1968-04-12."
