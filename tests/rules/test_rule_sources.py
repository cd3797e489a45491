"""The sources each rule shows the clinician: primary ones, and secondary ones only where they say so.

clinical-reference.md was corrected on 2026-12-03 to cite primary sources; a fact with no primary source is
marked there "SOURCE: secondary only", and the app must show that mark beside the source.
"""

from __future__ import annotations

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
    "R46",  # 3.1 tricyclic (amitriptyline) Beers wording
    "R47",  # 5.47 "not designed to deny opioids"
    "R51",  # 5.51 the documentation point
)

# Rules resting on a fact the reference marks UNCONFIRMED.
UNCONFIRMED_RULES = ("R10", "R28")

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
