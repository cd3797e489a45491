"""Finding a treatment in the catalogue by what a clinician types: its name, an abbreviation, a synonym, a drug.

The words come from the catalogue (code, label, the patient's name of it, its category), the medication list
(drug names and classes) and `resources/clinical/catalogue_search.json` (abbreviations such as PT, TFESI or
MBB, synonyms such as "physio", US brand names). A drug found leads to each current medication treatment that
offers it, with that drug chosen. Matching ignores case, accents, hyphens and spaces inside a term ("TF-ESI"
is "TFESI"); hits are ranked exact, then prefix, then word prefix, then substring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from fbss_desktop.core.medications import Drug, MedicationList
from fbss_desktop.core.text import fold
from fbss_desktop.core.treatments import Treatment, TreatmentCatalogue

TERM_KINDS = ("abbreviations", "synonyms", "brands")
MIN_SUBSTRING = 4  # shorter text matches only from the start of a word ("esi" is not inside "analgesic")


class Match(IntEnum):
    """How well a term matches the text typed, best first."""

    EXACT = 0
    PREFIX = 1
    WORD_PREFIX = 2
    SUBSTRING = 3
    SCATTERED = 4  # each word typed matches one of the entry's terms, no term matches them all


class Via(IntEnum):
    """What matched: the treatment's own words come before a drug's, a drug's before its class's."""

    TREATMENT = 0
    DRUG = 1
    DRUG_CLASS = 2


@dataclass(frozen=True)
class Terms:
    """The extra search words of one treatment, drug or drug class, and the sources they come from."""

    abbreviations: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    presets: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # term -> details it means

    @classmethod
    def from_dict(cls, where: str, raw: Mapping[str, Any], sources: Mapping[str, str]) -> Terms:
        unknown = set(raw) - {*TERM_KINDS, "sources", "presets"}
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        cited = tuple(raw.get("sources", ()))
        if not cited:
            raise ValueError(f"{where}: no sources")
        if missing := [s for s in cited if s not in sources]:
            raise ValueError(f"{where}: unknown sources {missing}")
        lists = {kind: tuple(str(t) for t in raw.get(kind, ())) for kind in TERM_KINDS}
        if blank := [t for terms in lists.values() for t in terms if not fold(t)]:
            raise ValueError(f"{where}: terms with no letter or digit {blank}")
        presets = {fold(str(t)): {str(k): str(v) for k, v in d.items()} for t, d in (raw.get("presets") or {}).items()}
        if stray := [t for t in presets if not any(fold(x) == t for terms in lists.values() for x in terms)]:
            raise ValueError(f"{where}: presets for terms it does not list {stray}")
        return cls(lists["abbreviations"], lists["synonyms"], lists["brands"], cited, presets)


@dataclass(frozen=True)
class SearchTerms:
    """catalogue_search.json: extra words by treatment code, drug code and drug class."""

    version: int
    sources: Mapping[str, str]
    treatments: Mapping[str, Terms]
    drugs: Mapping[str, Terms]
    drug_classes: Mapping[str, Terms]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchTerms:
        sources = {str(k): str(v) for k, v in data["sources"].items()}

        def section(name: str) -> dict[str, Terms]:
            return {code: Terms.from_dict(f"{name}.{code}", raw, sources) for code, raw in data[name].items()}

        return cls(int(data["version"]), sources, section("treatments"), section("drugs"), section("drug_classes"))

    def check(self, catalogue: TreatmentCatalogue, drugs: MedicationList) -> None:
        """Refuse a code the catalogue or the medication list does not know."""
        classes = {c for d in drugs.drugs for c in d.classes}
        unknown = (
            [f"treatments.{c}" for c in self.treatments if c not in catalogue]
            + [f"drugs.{c}" for c in self.drugs if drugs.drug(c) is None]
            + [f"drug_classes.{c}" for c in self.drug_classes if c not in classes]
        )
        if unknown:
            raise ValueError(f"catalogue search terms for unknown codes: {unknown}")


@dataclass(frozen=True)
class Hit:
    """One line of the search's answer: a treatment, or a drug under the treatment that offers it."""

    treatment: str
    match: Match
    via: Via
    term: str  # the term that matched, as written ("Neurontin", "TFESI", "Gabapentin")
    kind: str = ""  # "brands", "abbreviations", "synonyms" or "" for a name
    drug: str = ""
    drug_label: str = ""
    preset: Mapping[str, str] = field(default_factory=dict)  # what the term itself says ("TFESI": transforaminal)

    @property
    def rank(self) -> tuple[Match, Via]:
        return self.match, self.via

    @property
    def details(self) -> dict[str, str]:
        """The details a plan item added from this hit starts with: the drug found, chosen, or what the term
        typed says ("TFESI" is a transforaminal ESI)."""
        return {**self.preset, **({"drug": self.drug} if self.drug else {})}


@dataclass(frozen=True)
class _Key:
    """A term or a query folded for matching: words, and the same without spaces (for "tf-esi", "SI joint")."""

    text: str
    words: tuple[str, ...]
    compact: str

    @classmethod
    def of(cls, text: str) -> _Key:
        folded = fold(text)
        return cls(folded, tuple(folded.split()), folded.replace(" ", ""))


@dataclass(frozen=True)
class _Term:
    key: _Key
    written: str
    via: Via
    kind: str
    preset: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Entry:
    treatment: Treatment
    order: int
    terms: tuple[_Term, ...]
    drug: Drug | None = None
    listed: int = 0  # where the catalogue lists it: a trial before its implant, as care goes


def match(query: str, term: str) -> Match | None:
    """How `term` matches `query` (both as typed), or None."""
    return _match(_Key.of(query), _Key.of(term))


def _match(query: _Key, term: _Key) -> Match | None:
    if query.text == term.text or query.compact == term.compact:
        return Match.EXACT
    if term.text.startswith(query.text) or term.compact.startswith(query.compact):
        return Match.PREFIX
    if all(any(w.startswith(q) for w in term.words) for q in query.words):
        return Match.WORD_PREFIX
    if len(query.compact) >= MIN_SUBSTRING and (query.text in term.text or query.compact in term.compact):
        return Match.SUBSTRING
    return None


def _word_found(word: str, terms: tuple[_Term, ...]) -> bool:
    return any(_match(_Key.of(word), t.key) is not None for t in terms)


def offered_drugs(treatment: Treatment, drugs: MedicationList) -> tuple[Drug, ...]:
    """The current drugs a plan item of `treatment` may be given (its drug detail's class or list)."""
    spec = treatment.detail("drug")
    if spec is None:
        return ()
    return tuple(d for d in drugs.current if (spec.drug_class and spec.drug_class in d.classes) or d.code in spec.drugs)


class CatalogueSearch:
    """The current treatments and the drugs they offer, searchable by every word in `SearchTerms`."""

    def __init__(self, terms: SearchTerms, catalogue: TreatmentCatalogue, drugs: MedicationList) -> None:
        terms.check(catalogue, drugs)
        order = {c.code: i for i, c in enumerate(catalogue.categories.items)}
        entries: list[_Entry] = []
        for listed, treatment in enumerate(catalogue.current):
            own = _treatment_terms(treatment, catalogue, terms)
            fixed = drugs.drug(treatment.drug) if treatment.drug else None
            if fixed is not None:  # naloxone's kit: its drug's words find the treatment itself
                own += _drug_terms(fixed, terms)
            position = order.get(treatment.category, len(order))
            entries.append(_Entry(treatment, position, own, listed=listed))
            entries.extend(
                _Entry(treatment, position, _drug_terms(drug, terms), drug, listed)
                for drug in offered_drugs(treatment, drugs)
            )
        self._entries = tuple(entries)

    def find(self, text: str) -> tuple[Hit, ...]:
        """The treatments (and drugs under them) that `text` matches, best first; every treatment for no text."""
        query = _Key.of(text)
        if not query.words:
            return tuple(
                Hit(e.treatment.code, Match.EXACT, Via.TREATMENT, e.treatment.label)
                for e in sorted(self._entries, key=lambda e: (e.order, e.treatment.label))
                if e.drug is None
            )
        found: list[tuple[Hit, _Entry]] = []
        for entry in self._entries:
            hit = _best(query, entry)
            if hit is not None:
                found.append((hit, entry))
        found.sort(key=lambda f: (f[0].rank, f[1].order, f[1].listed, f[0].drug_label))
        return tuple(hit for hit, _entry in found)


def _best(query: _Key, entry: _Entry) -> Hit | None:
    drug, label = (entry.drug.code, entry.drug.label) if entry.drug else ("", "")
    best: Hit | None = None
    for term in entry.terms:
        how = _match(query, term.key)
        if how is not None and (best is None or (how, term.via) < best.rank):
            best = Hit(entry.treatment.code, how, term.via, term.written, term.kind, drug, label, term.preset)
    if best is None and len(query.words) > 1 and all(_word_found(w, entry.terms) for w in query.words):
        via = min(t.via for t in entry.terms)
        best = Hit(entry.treatment.code, Match.SCATTERED, via, " ".join(query.words), "", drug, label)
    return best


def _listed(terms: Terms | None, via: Via) -> tuple[_Term, ...]:
    if terms is None:
        return ()
    return tuple(
        _Term(_Key.of(t), t, via, kind, terms.presets.get(fold(t), {}))
        for kind in TERM_KINDS
        for t in getattr(terms, kind)
    )


def _treatment_terms(treatment: Treatment, catalogue: TreatmentCatalogue, terms: SearchTerms) -> tuple[_Term, ...]:
    names = (
        treatment.label,
        treatment.patient.name,
        treatment.code.replace("_", " "),
        catalogue.categories.label(treatment.category),
        treatment.category,
    )
    named = tuple(_Term(_Key.of(n), n, Via.TREATMENT, "") for n in names)
    return named + _listed(terms.treatments.get(treatment.code), Via.TREATMENT)


def _drug_terms(drug: Drug, terms: SearchTerms) -> tuple[_Term, ...]:
    named = tuple(_Term(_Key.of(n), drug.label, Via.DRUG, "") for n in (drug.label, drug.code.replace("_", " ")))
    classes: tuple[_Term, ...] = ()
    for code in drug.classes:
        classes += (_Term(_Key.of(code), code, Via.DRUG_CLASS, ""),)
        classes += _listed(terms.drug_classes.get(code), Via.DRUG_CLASS)
    return named + _listed(terms.drugs.get(drug.code), Via.DRUG) + classes
