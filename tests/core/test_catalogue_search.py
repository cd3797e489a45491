"""Catalogue search: names, abbreviations, synonyms, brand names and drug classes find treatments, ranked exact,
prefix, word prefix, then substring; case, accents and hyphens ignored; the search words are data with sources."""

from __future__ import annotations

import copy
import json

import pytest

from fbss_desktop.core.catalogue_search import CatalogueSearch, Match, SearchTerms, Via, match, offered_drugs
from fbss_desktop.paths import resource
from fbss_desktop.services.catalogues import catalogue_search, medication_list, treatment_catalogue


def raw_terms() -> dict:
    return json.loads(resource("clinical", "catalogue_search.json").read_text("utf-8"))


def found(text: str) -> list[tuple[str, str]]:
    return [(h.treatment, h.drug) for h in catalogue_search().find(text)]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("gabapentin", ("NEUROPATHIC_AGENT", "gabapentin")),
        ("GABAPENTIN", ("NEUROPATHIC_AGENT", "gabapentin")),
        ("dulox", ("NEUROPATHIC_AGENT", "duloxetine")),
        ("Cymbalta", ("NEUROPATHIC_AGENT", "duloxetine")),
        ("antidep", ("NEUROPATHIC_AGENT", "")),
        ("PT", ("PHYSICAL_THERAPY", "")),
        ("physio", ("PHYSICAL_THERAPY", "")),
        ("Physio-thérapy", ("PHYSICAL_THERAPY", "")),  # case, accents and hyphens ignored
        ("ESI", ("ESI", "")),
        ("TFESI", ("ESI", "")),
        ("TF-ESI", ("ESI", "")),
        ("ilesi", ("ESI", "")),
        ("epidural", ("ESI", "")),
        ("MBB", ("MEDIAL_BRANCH_BLOCK", "")),
        ("RFA", ("RFA", "")),
        ("rhizotomy", ("RFA", "")),
        ("TPI", ("TRIGGER_POINT_INJECTION", "")),
        ("SIJ", ("SIJ_INJECTION", "")),
        ("si-joint", ("SIJ_INJECTION", "")),
        ("CBT", ("PAIN_PSYCHOLOGY", "")),
        ("NSAID", ("NSAID", "")),
        ("SNRI", ("NEUROPATHIC_AGENT", "")),
        ("TCA", ("NEUROPATHIC_AGENT", "")),
        ("Narcan", ("NALOXONE", "")),  # the kit's one drug: its words find the kit itself
    ],
)
def test_what_a_clinician_types_finds_the_treatment_first(typed, first):
    assert found(typed)[0] == first


def test_a_drug_leads_to_each_treatment_that_offers_it_with_the_drug_chosen():
    hits = catalogue_search().find("oxycodone")
    assert {(h.treatment, h.drug) for h in hits} == {("OPIOID", "oxycodone"), ("OPIOID_TAPER", "oxycodone")}
    assert all(h.details == {"drug": "oxycodone"} and h.drug_label == "Oxycodone" for h in hits)


def test_a_class_finds_the_drugs_a_plan_can_offer_and_only_those():
    drugs = {d for t, d in found("antidep") if d}
    assert drugs == {"duloxetine", "amitriptyline", "nortriptyline"}  # no sertraline: no treatment offers it
    assert found("antidep").index(("NEUROPATHIC_AGENT", "")) == 0
    assert {d for t, d in found("SNRI") if d} == {"duloxetine"}  # venlafaxine is listed, but no plan offers it


def test_exact_and_prefix_rank_before_word_prefix_and_substring():
    # equal matches as the catalogue lists them: the trial before its implant, as care goes
    assert [t for t, _ in found("SCS")] == ["SCS_TRIAL", "SCS_IMPLANT", "PSYCH_EVALUATION"]
    ranks = [h.rank for h in catalogue_search().find("heat")]
    assert ranks == sorted(ranks) and ranks[0] == (Match.PREFIX, Via.TREATMENT)
    gabapentin = catalogue_search().find("gabapentin")
    assert gabapentin[0].rank == (Match.EXACT, Via.DRUG)
    assert [h.drug for h in gabapentin] == ["gabapentin", "", "pregabalin"]  # then the class "gabapentinoid"


def test_short_text_is_not_found_inside_a_word():
    assert found("ESI") == [("ESI", "")]  # not analgESIc, not DuragESIc
    assert found("pt") == [("PHYSICAL_THERAPY", "")]
    assert match("codone", "oxycodone") is Match.SUBSTRING
    assert match("one", "oxycodone") is None


@pytest.mark.parametrize(
    ("query", "term", "expected"),
    [
        ("tfesi", "TFESI", Match.EXACT),
        ("TF-ESI", "TFESI", Match.EXACT),
        ("si joint", "SI-joint", Match.EXACT),
        ("Paracétamol", "paracetamol", Match.EXACT),
        ("radio", "Radiofrequency ablation", Match.PREFIX),
        ("abla", "Radiofrequency ablation", Match.WORD_PREFIX),
        ("steroid inj", "Epidural steroid injection", Match.WORD_PREFIX),
        ("frequen", "Radiofrequency ablation", Match.SUBSTRING),
        ("knee", "Radiofrequency ablation", None),
    ],
)
def test_match(query, term, expected):
    assert match(query, term) is expected


def test_words_spread_over_an_entry_still_find_it():
    assert ("ESI", "") in found("transforaminal epidural steroid")
    hit = next(h for h in catalogue_search().find("caudal steroid") if h.treatment == "ESI")
    assert hit.match is Match.SCATTERED


def test_nothing_typed_lists_every_current_treatment_once_in_category_order():
    catalogue = treatment_catalogue()
    hits = catalogue_search().find("  ")
    assert sorted(h.treatment for h in hits) == sorted(t.code for t in catalogue.current)
    order = [c.code for c in catalogue.categories.items]
    positions = [order.index(catalogue[h.treatment].category) for h in hits]
    assert positions == sorted(positions) and not any(h.drug for h in hits)


def test_retired_treatments_and_drugs_are_not_offered():
    raw = json.loads(resource("clinical", "treatments.json").read_text("utf-8"))
    for treatment in raw["treatments"]:
        if treatment["code"] == "PHYSICAL_THERAPY":
            treatment["retired"] = True
    meds = json.loads(resource("clinical", "medications.json").read_text("utf-8"))
    for drug in meds["drugs"]:
        if drug["code"] == "gabapentin":
            drug["retired"] = True
    from fbss_desktop.core.medications import MedicationList
    from fbss_desktop.core.treatments import TreatmentCatalogue

    search = CatalogueSearch(
        SearchTerms.from_dict(raw_terms()), TreatmentCatalogue.from_dict(raw), MedicationList.from_dict(meds)
    )
    assert search.find("PT") == ()
    assert [h.drug for h in search.find("gabapentin") if h.drug] == ["pregabalin"]  # by its class only


def test_offered_drugs_follow_the_treatments_drug_detail():
    catalogue, drugs = treatment_catalogue(), medication_list()
    assert {d.code for d in offered_drugs(catalogue["NEUROPATHIC_AGENT"], drugs)} == {
        "gabapentin",
        "pregabalin",
        "duloxetine",
        "nortriptyline",
        "amitriptyline",
    }
    assert all("nsaid" in d.classes for d in offered_drugs(catalogue["NSAID"], drugs))
    assert offered_drugs(catalogue["ESI"], drugs) == ()


def test_the_search_words_are_data_with_sources_for_known_codes():
    data = raw_terms()
    for section in ("treatments", "drugs", "drug_classes"):
        for code, entry in data[section].items():
            assert entry["sources"] and set(entry["sources"]) <= set(data["sources"]), f"{section}.{code}"
    SearchTerms.from_dict(data).check(treatment_catalogue(), medication_list())
    for abbreviation in ("PT", "ESI", "TFESI", "ILESI", "MBB", "RFA", "SCS", "TPI", "SIJ", "CBT", "NSAID", "SNRI"):
        assert any(abbreviation in e.get("abbreviations", ()) for e in data["treatments"].values()), abbreviation


@pytest.mark.parametrize(
    ("section", "change", "problem"),
    [
        ("treatments", {"NOT_A_TREATMENT": {"synonyms": ["x"], "sources": ["MESH"]}}, "treatments.NOT_A_TREATMENT"),
        ("drugs", {"not_a_drug": {"brands": ["X"], "sources": ["DAILYMED"]}}, "drugs.not_a_drug"),
        ("drug_classes", {"not_a_class": {"synonyms": ["x"], "sources": ["MESH"]}}, "drug_classes.not_a_class"),
    ],
)
def test_a_code_nobody_knows_is_refused(section, change, problem):
    data = copy.deepcopy(raw_terms())
    data[section].update(change)
    with pytest.raises(ValueError, match=problem):
        CatalogueSearch(SearchTerms.from_dict(data), treatment_catalogue(), medication_list())


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"synonyms": ["physio"]}, "no sources"),
        ({"synonyms": ["physio"], "sources": ["NOBODY"]}, "unknown sources"),
        ({"synonym": ["physio"], "sources": ["MESH"]}, "unknown keys"),
        ({"synonyms": ["--"], "sources": ["MESH"]}, "no letter or digit"),
    ],
)
def test_an_entry_without_sources_or_with_unknown_keys_is_refused(entry, problem):
    data = copy.deepcopy(raw_terms())
    data["treatments"]["PHYSICAL_THERAPY"] = entry
    with pytest.raises(ValueError, match=problem):
        SearchTerms.from_dict(data)
