"""The treatment catalogue: what a plan item can be, the details it records, and what the patient is told.

Read from `resources/clinical/treatments.json`. Rules and plans refer to treatments by their stable code;
labels are for people. A treatment's details are declared as fields so that the plan document can be
validated and the plan builder can draw an editor for any treatment without knowing it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fbss_desktop.core.text import fold
from fbss_desktop.core.vocabulary import Choice, ChoiceList

DETAIL_KINDS = ("choice", "codes", "text", "number", "levels", "drug", "steroid")
BLEEDING_CLASSES = ("low", "intermediate", "high")


@dataclass(frozen=True)
class DetailField:
    key: str
    label: str
    kind: str
    choices: str = ""
    required: bool = False
    low: float | None = None
    high: float | None = None
    unit: str = ""
    integer: bool = False
    drug_class: str = ""
    drugs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PatientText:
    """What the patient's copy says about a treatment, in plain words."""

    name: str
    what: str
    expect: str
    prepare: str
    risks: str


@dataclass(frozen=True)
class CptCode:
    code: str
    label: str
    unconfirmed: bool = False


@dataclass(frozen=True)
class Steroid:
    code: str
    label: str
    particulate: bool
    mpe_factor: float


@dataclass(frozen=True)
class Treatment:
    code: str
    category: str
    label: str
    patient: PatientText
    details: tuple[DetailField, ...]
    default_phase: int
    sources: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    cpt: tuple[CptCode, ...] = ()
    bleeding_risk: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    steroid: bool = False
    neuraxial: bool = False
    drug_class: str = ""
    drug: str = ""  # the one drug of a treatment that names no choice of drug (naloxone)
    medicine_change: str = ""  # what the medicines table says this item changes (a taper lowers, never "no change")
    retired: bool = False  # no longer offered for a new plan; stored plans keep it and show it as retired
    patient_details: tuple[tuple[str, ...], ...] = ()  # the patient's copy: sentences of detail keys, in order

    def detail(self, key: str) -> DetailField | None:
        return next((d for d in self.details if d.key == key), None)

    @property
    def is_medication(self) -> bool:
        return bool(self.drug) or self.detail("drug") is not None

    def drug_of(self, details: Mapping[str, Any]) -> str:
        """The drug code a plan item of this treatment gives, or ""."""
        return str(details.get("drug") or self.drug)

    @property
    def is_procedure(self) -> bool:
        return bool(self.bleeding_risk)

    def bleeding_class(self, edition: str, region: str = "") -> str:
        """ASRA bleeding-risk class for this procedure ("" when it is not a procedure)."""
        classes = self.bleeding_risk.get(edition) or next(iter(self.bleeding_risk.values()), {})
        return classes.get(region, classes.get("default", "")) if classes else ""


@dataclass(frozen=True)
class TreatmentCatalogue:
    version: int
    categories: ChoiceList
    phases: tuple[str, ...]
    choices: Mapping[str, ChoiceList]
    steroids: tuple[Steroid, ...]
    treatments: tuple[Treatment, ...]
    patient_texts: Mapping[str, str] = field(default_factory=dict)  # shared patient wording, by code
    blood_thinner_classes: tuple[str, ...] = ()  # medication classes a procedure's hold plan is about
    detail_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # number/levels wording, by key
    choice_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # list -> code -> patient words
    patient_phases: Mapping[str, str] = field(default_factory=dict)  # a phase's name -> what the patient reads

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreatmentCatalogue:
        def choice_list(name: str, items: list[Mapping[str, Any]]) -> ChoiceList:
            return ChoiceList(name, tuple(Choice(i["code"], i["label"]) for i in items))

        choices = {name: choice_list(name, items) for name, items in data["choices"].items()}
        steroids = tuple(
            Steroid(s["code"], s["label"], bool(s["particulate"]), float(s["mpe_factor"]))
            for s in data["steroids"]["items"]
        )
        shared = {code: str(item["text"]) for code, item in data.get("patient_texts", {}).items()}
        treatments = tuple(_treatment(raw, choices, shared) for raw in data["treatments"])
        return cls(
            int(data["version"]),
            choice_list("category", data["categories"]),
            tuple(data["phases"]),
            choices,
            steroids,
            treatments,
            shared,
            tuple(data.get("blood_thinner_classes", ())),
            _detail_words(data),
            _choice_words(data),
            {str(k): str(v) for k, v in data.get("patient_phases", {}).get("names", {}).items()},
        )

    @cached_property
    def _by_code(self) -> dict[str, Treatment]:
        return {t.code: t for t in self.treatments}

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def get(self, code: str) -> Treatment | None:
        return self._by_code.get(code)

    @cached_property
    def current(self) -> tuple[Treatment, ...]:
        """The treatments offered for a new plan item: all but the retired ones (which stored plans keep)."""
        return tuple(t for t in self.treatments if not t.retired)

    def __getitem__(self, code: str) -> Treatment:
        return self._by_code[code]

    @cached_property
    def steroid_treatments(self) -> tuple[str, ...]:
        """Codes of the injections that may carry a steroid (they count toward the yearly steroid total)."""
        return tuple(t.code for t in self.treatments if t.steroid)

    def steroid(self, code: str) -> Steroid | None:
        return next((s for s in self.steroids if s.code == code), None)

    def search(self, text: str) -> tuple[Treatment, ...]:
        """Treatments offered for a new plan whose code, label, patient name or category match every word."""
        words = fold(text).split()
        if not words:
            return self.current
        result = []
        for treatment in self.current:
            haystack = fold(
                " ".join(
                    (treatment.code.replace("_", " "), treatment.label, treatment.patient.name, treatment.category)
                )
            )
            if all(word in haystack for word in words):
                result.append(treatment)
        return tuple(result)


def _shared(code: str, text: str, shared: Mapping[str, str]) -> str:
    """A patient text with each `{CODE}` of a shared wording (one wording, one place) written out."""
    for key in re.findall(r"\{([A-Z_]+)\}", text):
        if key not in shared:
            raise ValueError(f"{code}: unknown shared patient text {{{key}}}")
        text = text.replace("{" + key + "}", shared[key])
    return text


def _treatment(raw: Mapping[str, Any], choices: Mapping[str, ChoiceList], shared: Mapping[str, str]) -> Treatment:
    details = []
    for d in raw["details"]:
        if d["kind"] not in DETAIL_KINDS:
            raise ValueError(f"{raw['code']}.{d['key']}: unknown detail kind {d['kind']!r}")
        if d.get("choices") and d["choices"] not in choices:
            raise ValueError(f"{raw['code']}.{d['key']}: unknown choice list {d['choices']!r}")
        details.append(
            DetailField(
                key=d["key"],
                label=d["label"],
                kind=d["kind"],
                choices=d.get("choices", ""),
                required=bool(d.get("required")),
                low=d.get("min"),
                high=d.get("max"),
                unit=d.get("unit", ""),
                integer=bool(d.get("integer")),
                drug_class=d.get("drug_class", ""),
                drugs=tuple(d.get("drugs", ())),
            )
        )
    for classes in raw.get("bleeding_risk", {}).values():
        for value in classes.values():
            if value not in BLEEDING_CLASSES:
                raise ValueError(f"{raw['code']}: unknown bleeding class {value!r}")
    patient = {k: _shared(raw["code"], v, shared) if isinstance(v, str) else v for k, v in raw["patient"].items()}
    return Treatment(
        code=raw["code"],
        category=raw["category"],
        label=raw["label"],
        patient=PatientText(patient["name"], patient["what"], patient["expect"], patient["prepare"], patient["risks"]),
        details=tuple(details),
        default_phase=int(raw.get("default_phase", 1)),
        sources=tuple(raw["sources"]),
        prerequisites=tuple(raw.get("prerequisites", ())),
        cpt=tuple(CptCode(c["code"], c["label"], bool(c.get("unconfirmed"))) for c in raw.get("cpt", ())),
        bleeding_risk={k: dict(v) for k, v in raw.get("bleeding_risk", {}).items()},
        steroid=bool(raw.get("steroid")),
        neuraxial=bool(raw.get("neuraxial")),
        drug_class=raw.get("drug_class", ""),
        drug=raw.get("drug", ""),
        medicine_change=_shared(raw["code"], raw.get("medicine_change", ""), shared),
        retired=bool(raw.get("retired")),
        patient_details=tuple(tuple(sentence) for sentence in raw["patient"].get("details", ())),
    )


def _detail_words(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """How a number or the levels of a plan item read on the patient's copy: by detail key, the wording for
    a count ("1", "2"...) or for any count ("n", with `{n}`)."""
    wording = data.get("patient_details", {})
    return {key: dict(forms) for key, forms in wording.get("words", {}).items()}


def _choice_words(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The patient's words for the choices of each list (a choice's `patient`), where the list has them."""
    return {
        name: {item["code"]: item["patient"] for item in items if item.get("patient")}
        for name, items in data["choices"].items()
    }
