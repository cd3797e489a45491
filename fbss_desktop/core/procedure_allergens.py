"""Which of a patient's recorded allergies matter for a planned treatment, in the patient's words.

Read from `resources/clinical/procedure_allergens.json`: what each treatment uses (contrast, local
anaesthetic, steroid, latex...) as allergen codes of the consult vocabulary, and how the patient's copy
names them. The plan prints one line under a treatment that uses something the patient reacts to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.consult_record import Allergy
from fbss_desktop.core.plans import PlanItem

ANY = "*"


@dataclass(frozen=True)
class AllergenTable:
    text: str  # the line, with {allergens}
    names: Mapping[str, str]  # allergen code -> the patient's words
    uses: Mapping[str, tuple[str, ...]]  # treatment -> allergen codes it always uses
    when: Mapping[str, Mapping[str, Mapping[str, tuple[str, ...]]]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AllergenTable:
        """Raises ValueError for an allergen with no patient wording or a table without sources."""
        names = dict(data["allergens"])
        uses: dict[str, tuple[str, ...]] = {}
        when: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
        for treatment, entry in data["treatments"].items():
            uses[treatment] = tuple(entry.get("uses", ()))
            when[treatment] = {
                key: {value: tuple(codes) for value, codes in values.items()}
                for key, values in entry.get("when", {}).items()
            }
            named = [*uses[treatment], *(c for v in when[treatment].values() for cs in v.values() for c in cs)]
            unknown = [c for c in named if c not in names]
            if unknown:
                raise ValueError(f"{treatment}: no patient wording for the allergens {', '.join(unknown)}")
        if not data.get("sources"):
            raise ValueError("the procedure allergen table has no source")
        return cls(str(data["text"]), names, uses, when, tuple(data["sources"]))

    def used_by(self, item: PlanItem) -> tuple[str, ...]:
        """The allergen codes this plan item may use."""
        codes = list(self.uses.get(item.treatment, ()))
        for key, values in self.when.get(item.treatment, {}).items():
            value = item.details.get(key)
            if value is None or value == "":
                continue
            codes.extend(values.get(str(value), values.get(ANY, ())))
        return tuple(dict.fromkeys(codes))

    def line(self, item: PlanItem, allergies: Iterable[Allergy]) -> str:
        """The reminder for this item, or "" when none of the patient's allergies matter for it."""
        used = self.used_by(item)
        hits = [self.names[a] for a in dict.fromkeys(x.substance for x in allergies) if a in used]
        if not hits:
            return ""
        said = ", ".join(hits[:-1]) + (" or " if len(hits) > 1 else "") + hits[-1]
        return self.text.format(allergens=said)
