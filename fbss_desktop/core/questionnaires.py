"""Scored questionnaires (ODI, PHQ-9, GAD-7, ORT, STarT Back, painDETECT): definitions from resources/, scoring here.

An instrument's items, options, points, bands and alerts are data; this module holds only the scoring methods
the data names ("sum", "percent_of_answered", "startback"). A response stores the option value chosen for
each item (None when unanswered), the instrument version, and for sex-specific instruments the sex scored as.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Answer = int | None


@dataclass(frozen=True)
class Option:
    value: int
    label: str
    score: int | Mapping[str, int]

    def points(self, sex: str | None) -> int:
        if isinstance(self.score, Mapping):
            if sex is None or sex not in self.score:
                raise ValueError("this answer's points depend on sex; choose female or male scoring")
            return int(self.score[sex])
        return int(self.score)


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    options: tuple[Option, ...]
    alert_above: int | None = None
    alert: str = ""
    labels_by_version: Mapping[str, str] = field(default_factory=dict)
    derived: Mapping[str, Any] = field(default_factory=dict)  # how the record answers it: {"age_from", "age_to"}

    def option(self, value: int) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def label_for(self, version: str) -> str:
        return self.labels_by_version.get(version, self.label)


@dataclass(frozen=True)
class Band:
    label: str
    max: float | None = None
    code: str = ""
    when: Mapping[str, Any] = field(default_factory=dict)  # total_min/total_max, subscale_min/subscale_max

    def holds(self, total: float, subscales: Mapping[str, float]) -> bool:
        """Whether a score falls in this band by its `when` conditions (from the questionnaire file)."""
        w = self.when
        if "total_min" in w and total < w["total_min"]:
            return False
        if "total_max" in w and total > w["total_max"]:
            return False
        low, high = w.get("subscale_min", {}), w.get("subscale_max", {})
        return all(subscales[k] >= v for k, v in low.items()) and all(subscales[k] <= v for k, v in high.items())


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str
    version: str
    method: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    recall: str = ""
    require_all: bool = True
    max_missing: int = 0
    sex_specific: bool = False
    versions: tuple[tuple[str, str], ...] = ()
    subscales: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    loinc: str | None = None
    licence: str = ""
    caution: str = ""
    sources: tuple[str, ...] = ()
    region: str = ""  # the spine region it measures ("lumbar": the ODI, "cervical": the NDI); "" any

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Instrument:
        shared = data.get("options", [])

        def options(raw: Sequence[Mapping[str, Any]]) -> tuple[Option, ...]:
            return tuple(Option(int(o["value"]), str(o["label"]), o["score"]) for o in raw)

        items = tuple(
            Item(
                code=i["code"],
                label=i["label"],
                options=options(i.get("options", shared)),
                alert_above=i.get("alert_above"),
                alert=i.get("alert", ""),
                labels_by_version=i.get("labels_by_version", {}),
                derived=dict(i.get("derived") or {}),
            )
            for i in data["items"]
        )
        return cls(
            code=data["code"],
            name=data["name"],
            title=data["title"],
            version=data["version"],
            method=data["method"],
            items=items,
            bands=tuple(
                Band(b["label"], b.get("max"), b.get("code", ""), dict(b.get("when") or {})) for b in data["bands"]
            ),
            recall=data.get("recall", ""),
            require_all=bool(data.get("require_all", True)),
            max_missing=int(data.get("max_missing", 0)),
            sex_specific=bool(data.get("sex_specific", False)),
            versions=tuple((v["version"], v["label"]) for v in data.get("versions", ())),
            subscales={s["code"]: tuple(s["items"]) for s in data.get("subscales", ())},
            loinc=data.get("loinc"),
            licence=data.get("licence", ""),
            caution=data.get("caution", ""),
            sources=tuple(data.get("sources", ())),
            region=str(data.get("region", "")),
        )

    @property
    def version_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.versions) or (self.version,)

    def item_index(self, code: str) -> int:
        return next(i for i, item in enumerate(self.items) if item.code == code)


@dataclass(frozen=True)
class Response:
    """What was answered: one option value (or None) per item, in item order."""

    instrument: str
    version: str
    answers: tuple[Answer, ...]
    scored_as: str | None = None  # "F" or "M" for sex-specific instruments

    @property
    def answered(self) -> int:
        return sum(a is not None for a in self.answers)


@dataclass(frozen=True)
class Alert:
    item: str
    message: str


@dataclass(frozen=True)
class Score:
    """The result of scoring a response. `total` is None when too few items were answered to score."""

    total: float | None
    band: str = ""
    band_code: str = ""
    answered: int = 0
    of: int = 0
    subscales: Mapping[str, int] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    problem: str = ""

    @property
    def complete(self) -> bool:
        return self.total is not None

    def describe(self, instrument: Instrument) -> str:
        """A one-line summary: "ODI 46% (severe disability)" or why there is no score."""
        if self.total is None:
            return f"{instrument.name}: {self.problem}"
        unit = "%" if instrument.method == "percent_of_answered" else ""
        total = f"{self.total:.0f}" if float(self.total).is_integer() else f"{self.total:.1f}"
        return f"{instrument.name} {total}{unit} ({self.band.lower()})"


class ResponseError(ValueError):
    """A response that does not fit its instrument; `item` names the first wrong item (or "" for the whole)."""

    def __init__(self, item: str, message: str) -> None:
        self.item = item
        super().__init__(message)


def check_response(instrument: Instrument, response: Response) -> None:
    """Raise ResponseError if the response's shape or values do not belong to the instrument."""
    if response.version not in instrument.version_codes:
        raise ResponseError("", f"unknown {instrument.name} version '{response.version}'")
    if len(response.answers) != len(instrument.items):
        raise ResponseError("", f"{instrument.name} has {len(instrument.items)} items, got {len(response.answers)}")
    for item, answer in zip(instrument.items, response.answers, strict=True):
        if answer is not None and item.option(answer) is None:
            allowed = ", ".join(str(o.value) for o in item.options)
            raise ResponseError(item.code, f"'{answer}' is not an answer to '{item.label}' (allowed: {allowed})")
    if instrument.sex_specific and response.scored_as not in (None, "F", "M"):
        raise ResponseError("", "sex-specific scoring is 'F' or 'M'")


def _band(instrument: Instrument, value: float) -> Band:
    for band in instrument.bands:
        if band.max is not None and value <= band.max:
            return band
    return instrument.bands[-1]


def _alerts(instrument: Instrument, response: Response) -> tuple[Alert, ...]:
    return tuple(
        Alert(item.code, item.alert)
        for item, answer in zip(instrument.items, response.answers, strict=True)
        if item.alert_above is not None and answer is not None and answer > item.alert_above
    )


def _points(instrument: Instrument, response: Response) -> list[int | None]:
    result: list[int | None] = []
    for item, answer in zip(instrument.items, response.answers, strict=True):
        option = item.option(answer) if answer is not None else None
        result.append(option.points(response.scored_as) if option else None)
    return result


def score(instrument: Instrument, response: Response) -> Score:
    """Score a response by the instrument's method. Never raises for missing answers; says why instead."""
    check_response(instrument, response)
    of = len(instrument.items)
    answered = response.answered
    alerts = _alerts(instrument, response)

    def result(total: float | None, band: Band | None = None, problem: str = "", **subscales: int) -> Score:
        label, code = (band.label, band.code) if band else ("", "")
        return Score(total, label, code, answered, of, subscales, alerts, problem)

    if answered == 0:
        return result(None, problem="not answered")
    if instrument.sex_specific and response.scored_as is None:
        return result(None, problem="choose female or male scoring")
    points = _points(instrument, response)

    if instrument.method == "percent_of_answered":
        if of - answered > instrument.max_missing:
            needed = of - instrument.max_missing
            return result(None, problem=f"{answered} of {of} sections answered; at least {needed} are needed")
        max_points = max(o.points(None) for o in instrument.items[0].options)
        total = round(sum(p for p in points if p is not None) / (max_points * answered) * 100, 1)
        return result(total, _band(instrument, round(total)))

    if answered < of and instrument.require_all:
        return result(None, problem=f"{answered} of {of} items answered; all are needed")
    total_points = sum(p for p in points if p is not None)
    if instrument.method == "sum":
        return result(total_points, _band(instrument, total_points))
    if instrument.method == "startback":
        psychosocial = sum(points[instrument.item_index(code)] or 0 for code in instrument.subscales["psychosocial"])
        band = next(b for b in instrument.bands if b.holds(total_points, {"psychosocial": psychosocial}))
        return result(total_points, band, psychosocial=psychosocial)
    raise ValueError(f"unknown scoring method '{instrument.method}'")


def derived_answers(instrument: Instrument, *, age: int) -> dict[str, int]:
    """The answers the record already gives (ORT's age band), by item code, from the questionnaire file."""
    answers = {}
    for item in instrument.items:
        rule = item.derived
        if "age_from" in rule and "age_to" in rule:
            answers[item.code] = int(rule["age_from"] <= age <= rule["age_to"])
    return answers
