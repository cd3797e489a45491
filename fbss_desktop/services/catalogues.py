"""Clinical catalogues read from resources/ (no database, so the GUI may load them at start-up)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.surgeries import SurgeryCatalogue
from fbss_desktop.paths import resource

if TYPE_CHECKING:  # the consult catalogues load with the consult editor, not at start-up
    from fbss_desktop.core.catalogue_search import CatalogueSearch
    from fbss_desktop.core.drug_cautions import CautionLibrary
    from fbss_desktop.core.handouts import HandoutLibrary
    from fbss_desktop.core.medications import MedicationList
    from fbss_desktop.core.procedures import ProcedureCatalogue
    from fbss_desktop.core.questionnaires import Instrument
    from fbss_desktop.core.treatments import TreatmentCatalogue
    from fbss_desktop.core.vocabulary import Vocabulary
    from fbss_desktop.core.warning_signs import SignLibrary
    from fbss_desktop.rules.case import ReferenceTables
    from fbss_desktop.rules.ruleset import RuleSet

INSTRUMENTS = ("odi", "phq9", "gad7", "ort", "startback", "paindetect", "ndi")


def _load(*parts: str) -> Any:
    with resource(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def surgery_catalogue() -> SurgeryCatalogue:
    return SurgeryCatalogue.from_dict(_load("clinical", "spine_surgery.json"))


@cache
def vocabulary() -> Vocabulary:
    from fbss_desktop.core.vocabulary import Vocabulary

    return Vocabulary.from_dict(_load("clinical", "consult_vocabulary.json"))


@cache
def medication_list() -> MedicationList:
    from fbss_desktop.core.medications import MedicationList

    return MedicationList.from_dict(_load("clinical", "medications.json"))


@cache
def instruments() -> dict[str, Instrument]:
    """The scored questionnaires, in the order the consult shows them."""
    from fbss_desktop.core.questionnaires import Instrument

    return {code: Instrument.from_dict(_load("questionnaires", f"{code}.json")) for code in INSTRUMENTS}


@cache
def treatment_catalogue() -> TreatmentCatalogue:
    from fbss_desktop.core.treatments import TreatmentCatalogue

    return TreatmentCatalogue.from_dict(_load("clinical", "treatments.json"))


@cache
def procedure_catalogue() -> ProcedureCatalogue:
    from fbss_desktop.core.procedures import ProcedureCatalogue

    return ProcedureCatalogue.from_dict(_load("clinical", "procedures.json"))


@cache
def reference_tables() -> ReferenceTables:
    from fbss_desktop.rules.case import ReferenceTables

    return ReferenceTables.from_data(
        vocabulary=vocabulary(),
        medications=medication_list(),
        catalogue=treatment_catalogue(),
        instruments=instruments(),
        antithrombotics=_load("rules", "antithrombotics.json"),
        renal_dosing=_load("rules", "renal_dosing.json"),
        procedure_allergens=_load("clinical", "procedure_allergens.json"),
    )


@cache
def decision_rules() -> RuleSet:
    """The decision-support rules, checked against the facts and catalogues as they load."""
    from fbss_desktop.rules.ruleset import load_rules

    return load_rules(_load("rules", "decision_rules.json"), reference_tables())


@cache
def handouts() -> HandoutLibrary:
    """Every patient handout in resources/handouts/."""
    from fbss_desktop.core.handouts import HandoutLibrary

    folder = resource("handouts")
    return HandoutLibrary.from_dicts(
        (json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.iterdir()) if path.suffix == ".json"),
        warning_signs(),
    )


@cache
def warning_signs() -> SignLibrary:
    """Every warning sign a patient reads, each with its one level of urgency."""
    from fbss_desktop.core.warning_signs import SignLibrary

    return SignLibrary.from_dict(_load("clinical", "warning_signs.json"))


@cache
def diagnosis_explanations() -> dict[str, str]:
    """Each pain generator explained in plain words, for the patient's plan."""
    return dict(_load("clinical", "diagnosis_explanations.json")["generators"])


@cache
def drug_cautions() -> CautionLibrary:
    """What a patient is told to be careful of for each drug, with the sources, checked against the signs."""
    from fbss_desktop.core.drug_cautions import CautionLibrary

    return CautionLibrary.from_dict(_load("clinical", "drug_cautions.json"), warning_signs())


@cache
def catalogue_search() -> CatalogueSearch:
    """The treatment catalogue searchable by names, abbreviations, synonyms and drugs (catalogue_search.json)."""
    from fbss_desktop.core.catalogue_search import CatalogueSearch, SearchTerms

    terms = SearchTerms.from_dict(_load("clinical", "catalogue_search.json"))
    return CatalogueSearch(terms, treatment_catalogue(), medication_list())


class Catalogues:
    """The clinical resources the screens show (each read once and cached), reached as `clinic.catalogues`."""

    surgeries = staticmethod(surgery_catalogue)
    vocabulary = staticmethod(vocabulary)
    medications = staticmethod(medication_list)
    instruments = staticmethod(instruments)
    treatments = staticmethod(treatment_catalogue)
    catalogue_search = staticmethod(catalogue_search)
    procedures = staticmethod(procedure_catalogue)
