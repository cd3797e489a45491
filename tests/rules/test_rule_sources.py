"""The sources each rule shows the clinician: primary ones, and secondary ones only where they say so.

clinical-reference.md was corrected on 2026-12-03 to cite primary sources; a fact with no primary source is
marked there "SOURCE: secondary only", and the app must show that mark beside the source.
"""

from __future__ import annotations

import re

import pytest

from fbss_desktop.services.catalogues import decision_rules

SECONDARY = "SOURCE: secondary only — "
UNCONFIRMED = "UNCONFIRMED — "

# Hosts the rules cited before the source upgrade that are blogs, vendor pages, answer sites or copies of
# other texts. They may appear only behind the secondary-only mark.
NON_PRIMARY_HOSTS = (
    "kloxxado.com",  # naloxone vendor blog
    "droracle.ai",
    "calcipedia.org",
    "agentbeck.bot",
    "physiohub.io",
    "pdfcoffee.com",
    "spoonfulsugar.wordpress.com",
    "verity.backworkai.com",
    "tomesphere.com",
    "getleadinsights.com",
    "vibore.com",
    "druglib.com",
    "fpnotebook.com",
    "medscape.com",
    "mirahealth.care",
    "pabau.com",
    "aspenphysio.co.uk",
    "iosteopathy.org",
    "arabpsychology.com",
    "physio-pedia.com",
    "clinicalpainadvisor.com",
    "medicalbag.com",
    "automatedworldhealth.com",
    "yumpu.com",
    "backtolifepaincenter.com",
    "bibliotheek.ehb.be",
    "lynnwebstermd.com",
    "palliativecare.org.nz",
    "heyneurosurgeon.co.uk",
    "painnewsnetwork.org",
    "painscale.com",
    "guideline-genius.com",
    "medilib.ir",
)

# Rules whose section 5 row, or the section 3/4 fact the rule relies on, is marked "SOURCE: secondary only".
SECONDARY_ONLY_RULES = (
    "R01",  # 4 cauda equina: wording beyond the 4-hour MRI and 200 mL residual
    "R05",  # 4 malignancy: the 0.7% to 9% figures
    "R07",  # 5.7 same-day review for PHQ-9 item 9 is local practice
    "R09",  # 5.9 early post-operative MRI
    "R16B",  # 3.12 anticoagulant hold values (neuraxial guideline read only in a copy)
    "R24",  # 5.24 eviCore profile
    "R24B",
    "R24C",
    "R43",  # 5.43 the 10%-per-month taper rate
    "R46B",  # 3.1 tricyclic (amitriptyline) Beers wording
    "R47",  # 5.47 "not designed to deny opioids"
    "R51",  # 5.51 the documentation point
)

# Rules resting on a fact the reference marks UNCONFIRMED.
UNCONFIRMED_RULES = ("R03C", "R10", "R28", "R28B")

RULES = {rule.id: rule for rule in decision_rules()}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_source(rule_id: str) -> None:
    sources = RULES[rule_id].sources
    assert sources and all(s.strip() for s in sources)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_no_non_primary_source_without_the_secondary_mark(rule_id: str) -> None:
    unmarked = [
        s for s in RULES[rule_id].sources if not s.startswith(SECONDARY) and any(h in s for h in NON_PRIMARY_HOSTS)
    ]
    assert unmarked == []


@pytest.mark.parametrize("rule_id", SECONDARY_ONLY_RULES)
def test_secondary_only_rules_say_so(rule_id: str) -> None:
    assert any(s.startswith(SECONDARY) and len(s) > len(SECONDARY) for s in RULES[rule_id].sources)


@pytest.mark.parametrize("rule_id", UNCONFIRMED_RULES)
def test_unconfirmed_rules_say_so(rule_id: str) -> None:
    assert any(s.startswith(UNCONFIRMED) for s in RULES[rule_id].sources)


def test_the_marks_are_spelt_one_way() -> None:
    odd = [
        (rule.id, s)
        for rule in RULES.values()
        for s in rule.sources
        if ("secondary only" in s.lower() and not s.startswith(SECONDARY))
        or (s.upper().startswith("UNCONFIRMED") and not s.startswith(UNCONFIRMED))
    ]
    assert odd == []


def test_the_lists_name_real_rules() -> None:
    assert set(SECONDARY_ONLY_RULES + UNCONFIRMED_RULES) <= set(RULES)


def test_every_source_names_what_it_is() -> None:
    # A bare link tells the clinician nothing about what stands behind it: each source is a citation first.
    bare = [(rule.id, s) for rule in RULES.values() for s in rule.sources if s.startswith("http")]
    assert bare == []


# What a primary source looks like (issue 16 part 8). With a link, the link is the guideline, regulator, payer,
# journal or the paper's own repository (PRIMARY_HOSTS). Without one, the citation names a paper (doi, PMID,
# "Author et al., Journal year" or "Journal year;volume"), a regulator or payer (FDA, CMS LCD/NCD, a Medicare
# contractor, CDC, HHS, NIH, the EU SmPC, NICE guidance, GIRFT, NHS Evidence-Based Interventions), a guideline body
# or its society (ACR, ASRA, AGS Beers, the Congress of Neurological Surgeons, the Spine Intervention Society, a
# Royal College), a code set (ICD-10-CM), a trial registry or the device's labelling. Anything else is an
# aggregator, a copy, a library proxy or a blog until the rule marks it "SOURCE: secondary only — ".
PRIMARY_HOSTS = (
    "acr.org",  # ACR Appropriateness Criteria
    "radiologyinfo.org",  # the ACR/RSNA patient site (the reference: secondary-acceptable)
    "ajnr.org",
    "fda.gov",
    "cms.gov",
    "palmettogba.com",  # a Medicare contractor
    "cdc.gov",
    "hhs.gov",
    "nih.gov",  # PubMed, PubMed Central, NINDS common data elements
    "ec.europa.eu",
    "nice.org.uk",
    "gettingitrightfirsttime.co.uk",
    "aomrc.org.uk",  # NHS Evidence-Based Interventions
    "rcemlearning.co.uk",  # the Royal College of Emergency Medicine
    "asra.com",
    "cns.org",
    "spinalinjection.org",
    "neuromodfound.org",  # hosts the full text of North 2007 (Pain Med)
    "journals.lww.com",
    "rapm.bmj.com",
    "linkinghub.elsevier.com",
    "biomedcentral.com",
    "jkns.or.kr",
    "livrepository.liverpool.ac.uk",  # the accepted manuscript of Eldabe 2023
    "researchinformation.amsterdamumc.org",  # the university's record of van de Minkelis 2024
    "github.com/cqframework",  # the VSAC value set in the CDS for chronic pain IG
)
URL = re.compile(r"https?://(?:www\.)?(\S+?)(?:[,;)]|\s|$)")
PRIMARY = re.compile(
    r"doi:10\.|\bPMID \d|pmc\.ncbi\.nlm\.nih\.gov|pubmed\.ncbi\.nlm\.nih\.gov|et al\.,? .*\b(19|20)\d\d"
    r"|\b(19|20)\d\d;\d|\bFDA\b|\bCMS (LCD|NCD)\b|Medicare contractor|\bCDC\b|\bHHS\b|\bNIH\b|EU SmPC"
    r"|\bNICE (NG|TA)\d|GIRFT|NHS Evidence-Based Interventions|\bACR\b|\bASRA\b|AGS Beers"
    r"|Congress of Neurological Surgeons|Spine Intervention Society|Royal College|ICD-10-CM|ISRCTN\d"
    r"|[Dd]evice label"
)


def is_primary(source: str) -> bool:
    link = URL.search(source)
    if link:
        return any(link[1].split("/")[0].endswith(h) or link[1].startswith(h) for h in PRIMARY_HOSTS)
    return bool(PRIMARY.search(source))


def source_problems(sources: tuple[str, ...]) -> list[str]:
    """Why a rule's sources fall short: a source neither primary nor marked, or no primary source and no mark."""
    marked = [s for s in sources if s.startswith((SECONDARY, UNCONFIRMED))]
    unmarked = [s for s in sources if s not in marked]
    problems = [f"not a primary source and not marked secondary only: {s}" for s in unmarked if not is_primary(s)]
    if not marked and not any(is_primary(s) for s in unmarked):
        problems.append("no primary source, and the rule does not say it has only secondary ones")
    return problems


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_cites_a_primary_source_or_says_it_has_none(rule_id: str) -> None:
    assert source_problems(RULES[rule_id].sources) == []


@pytest.mark.parametrize(
    "sources",
    [
        ("Back pain answers, https://some-aggregator.example/back-pain",),
        ("NICE NG59 summary, https://some-aggregator.example/ng59",),  # names a guideline but is not it
        ("Narouze 2018 as adapted by a library copy, https://library-proxy.example/uptodate/108918",),
    ],
)
def test_a_rule_citing_only_an_aggregator_without_saying_so_is_caught(sources: tuple[str, ...]) -> None:
    assert source_problems(sources)
    assert source_problems((f"{SECONDARY}{sources[0]}",)) == []  # marked: the clinician knows what it is
