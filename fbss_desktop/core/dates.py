"""Parsing typed dates, full and partial, with messages a user can act on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")

DATE_HINT = "YYYY-MM-DD"


class SlashOrder(StrEnum):
    """How a date typed with slashes is read: 04/05/2020 is 5 April (MDY) or 4 May (DMY)."""

    MDY = "MDY"
    DMY = "DMY"


def _build(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None


def looks_like_date(text: str) -> bool:
    """True when `text` has the shape of a full date (it may still be an impossible one)."""
    text = text.strip()
    return bool(_ISO.match(text) or _DOTTED.match(text) or _SLASHED.match(text))


def parse_date(text: str, slash_order: SlashOrder = SlashOrder.MDY) -> dt.date:
    """Read a full date typed as YYYY-MM-DD, DD.MM.YYYY or with slashes in the clinic's order."""
    text = text.strip()
    if m := _ISO.match(text):
        return _build(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _DOTTED.match(text):
        return _build(int(m[3]), int(m[2]), int(m[1]), text)
    if m := _SLASHED.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if slash_order is SlashOrder.MDY:
            return _build(year, first, second, text)
        return _build(year, second, first, text)
    if not text:
        raise ValueError("a date is required")
    raise ValueError(f"'{text}' is not a date; type it as {DATE_HINT}")


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: patients often remember only "spring 2019".

    Ordering compares the earliest day the date can mean, so a year sorts before its months.
    """

    earliest: dt.date
    precision: Precision

    @classmethod
    def parse(cls, text: str, slash_order: SlashOrder = SlashOrder.MDY) -> PartialDate:
        text = text.strip()
        if m := _YEAR.match(text):
            return cls(_build(int(m[1]), 1, 1, text), Precision.YEAR)
        if m := _YEAR_MONTH.match(text):
            month = int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"'{text}' has no month {month}")
            return cls(_build(int(m[1]), month, 1, text), Precision.MONTH)
        if not text:
            raise ValueError("a date is required")
        try:
            return cls(parse_date(text, slash_order), Precision.DAY)
        except ValueError as exc:
            if looks_like_date(text):
                raise
            raise ValueError(f"'{text}' is not a date; type YYYY, YYYY-MM or {DATE_HINT}") from exc

    @property
    def latest(self) -> dt.date:
        """The last day the date can mean."""
        if self.precision is Precision.DAY:
            return self.earliest
        if self.precision is Precision.MONTH:
            nxt = (self.earliest.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return nxt - dt.timedelta(days=1)
        return self.earliest.replace(month=12, day=31)

    def __str__(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.earliest.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        return self.earliest.isoformat()


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
