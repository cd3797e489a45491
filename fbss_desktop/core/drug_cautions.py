"""What a patient reads about one drug: the "be careful" text of the medicines table and the cautions of
the handout, for the drug actually chosen rather than for its class.

Read from `resources/clinical/drug_cautions.json`. Each caution is written once, with its primary source;
a drug lists the cautions and warning signs that apply to it. A class handout keeps only what is true for
every drug of the class, and the plan adds the chosen drug's cautions when it is composed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.handouts import HandoutSection
from fbss_desktop.core.warning_signs import SignLibrary


@dataclass(frozen=True)
class Caution:
    code: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class DrugCautions:
    """The cautions of one drug (a code of the medication list)."""

    drug: str
    be_careful: str  # short, for the medicines table
    cautions: tuple[Caution, ...]
    signs: tuple[str, ...]  # warning-sign codes

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source for caution in self.cautions for source in caution.sources))

    def section(self, label: str) -> HandoutSection:
        """The handout section for this drug, headed with the name the patient knows it by."""
        return HandoutSection(f"Be careful with {label}", (), tuple(c.text for c in self.cautions))


@dataclass(frozen=True)
class KeptWording:
    """What the medicines table says of a medicine the patient keeps taking that has no cautions here."""

    what_for: str
    be_careful: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CautionLibrary:
    drugs: Mapping[str, DrugCautions]
    cautions: Mapping[str, Caution]
    last_reviewed: str = ""
    kept_by_class: Mapping[str, KeptWording] = field(default_factory=dict)
    kept_default: KeptWording | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], signs: SignLibrary | None = None) -> CautionLibrary:
        """Raises ValueError for a caution without a source, a drug without text, or an unknown code."""
        cautions: dict[str, Caution] = {}
        for code, item in data["cautions"].items():
            if not item.get("sources") or not item.get("text"):
                raise ValueError(f"the caution {code} has no text or no source")
            cautions[code] = Caution(code, item["text"], tuple(item["sources"]))
        drugs: dict[str, DrugCautions] = {}
        for drug, item in data["drugs"].items():
            unknown = [c for c in item["cautions"] if c not in cautions]
            if unknown:
                raise ValueError(f"the drug {drug} names unknown cautions {', '.join(unknown)}")
            if not item.get("be_careful") or not item["cautions"]:
                raise ValueError(f"the drug {drug} has no 'be careful' text or no caution")
            entry_signs = tuple(item.get("signs", ()))
            if signs is not None:
                signs.check_codes(entry_signs)
            drugs[drug] = DrugCautions(
                drug, item["be_careful"], tuple(cautions[c] for c in item["cautions"]), entry_signs
            )
        kept = data.get("kept", {})
        return cls(
            drugs,
            cautions,
            data.get("last_reviewed", ""),
            {name: _kept_wording(f"kept class {name}", item) for name, item in kept.get("classes", {}).items()},
            _kept_wording("kept default", kept["default"]) if "default" in kept else None,
        )

    def get(self, drug: str) -> DrugCautions | None:
        return self.drugs.get(drug)

    def kept(self, classes: Iterable[str]) -> KeptWording | None:
        """The words for a kept medicine of these classes: the first class that has some, else the default."""
        return next((self.kept_by_class[c] for c in classes if c in self.kept_by_class), self.kept_default)


def _kept_wording(name: str, item: Mapping[str, Any]) -> KeptWording:
    if not item.get("for") or not item.get("be_careful") or not item.get("sources"):
        raise ValueError(f"the {name} wording needs 'for', 'be_careful' and sources")
    return KeptWording(item["for"], item["be_careful"], tuple(item["sources"]))
