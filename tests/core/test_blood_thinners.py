"""One blood-thinner wording for every procedure, in the catalogue and in the handouts, and no hold time on
file that is "not established" when the ASRA 2018 pain table gives one."""

from __future__ import annotations

import copy
import json
import re

import pytest

from fbss_desktop.core.readability import TARGET_GRADE, reading_grade
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.paths import resource
from fbss_desktop.services.catalogues import handouts, reference_tables, treatment_catalogue

# The old sentence told the patient to stop a blood thinner and, in the same breath, only if the prescriber
# agreed; it said nothing about restarting or about stents.
OLD = re.compile(
    r"only if the doctor who prescribed|if the doctor who prescribed it agrees|must be stopped for some days"
    r"|stop a blood thinner for some days|stop blood thinners for some days",
    re.IGNORECASE,
)


def wording() -> str:
    return treatment_catalogue().patient_texts["BLOOD_THINNERS"]


def procedures() -> list[str]:
    """Procedures with a bleeding-risk class, and operations."""
    return [t.code for t in treatment_catalogue().treatments if t.is_procedure or t.category == "surgery"]


def test_the_wording_says_what_to_tell_never_stop_alone_plan_with_the_prescriber_and_restart():
    text = wording().lower()
    for point in ("every medicine", "aspirin", "clopidogrel", "ibuprofen", "fish oil", "never stop", "stent"):
        assert point in text, point
    assert "stroke" in text and "doctor who prescribed it" in text and "start it again" in text
    assert reading_grade(wording()) <= TARGET_GRADE


def test_the_procedures_include_the_injections_the_stimulator_and_the_operations():
    assert {"ESI", "MEDIAL_BRANCH_BLOCK", "RFA", "SIJ_INJECTION", "SCS_TRIAL", "SCS_IMPLANT"} <= set(procedures())
    assert {"TRIGGER_POINT_INJECTION", "REVISION_SURGERY", "NERVE_DECOMPRESSION"} <= set(procedures())


@pytest.mark.parametrize("code", procedures())
def test_every_procedure_handout_gives_the_one_wording_under_how_to_get_ready(code):
    handout = handouts().get(code)
    assert handout is not None
    (ready,) = [s for s in handout.sections if s.heading == "How to get ready"]
    assert wording() in ready.bullets


@pytest.mark.parametrize("code", procedures())
def test_every_procedure_in_the_catalogue_gives_the_one_wording_to_prepare(code):
    assert wording() in treatment_catalogue()[code].patient.prepare


def test_no_patient_text_keeps_the_old_contradictory_sentence():
    found = []
    for handout in handouts().handouts.values():
        for section in handout.sections:
            found.extend((handout.code, t) for t in (*section.paragraphs, *section.bullets) if OLD.search(t))
    for treatment in treatment_catalogue().treatments:
        p = treatment.patient
        found.extend((treatment.code, t) for t in (p.what, p.expect, p.prepare, p.risks) if OLD.search(t))
    assert found == []


def test_a_catalogue_naming_an_unknown_shared_text_is_refused():
    data = json.loads(resource("clinical", "treatments.json").read_text("utf-8"))
    broken = copy.deepcopy(data)
    broken["treatments"][0]["patient"]["prepare"] = "{NO_SUCH_TEXT}"
    with pytest.raises(ValueError, match="unknown shared patient text"):
        TreatmentCatalogue.from_dict(broken)


def test_the_hold_table_never_says_not_established_and_points_to_the_asra_table_instead():
    raw = resource("rules", "antithrombotics.json").read_text("utf-8")
    assert "not established" not in raw.lower()
    assert "clinicalpainadvisor" not in raw  # a commercial summary, superseded by the primary citation
    holds = reference_tables().holds
    for drug in ("dabigatran", "edoxaban"):
        for risk in ("high", "intermediate", "low", "restart"):
            assert "see the ASRA 2018 table" in holds[drug][risk], (drug, risk)


def test_values_from_another_source_are_flagged_and_cite_the_primary_the_reference_names():
    holds = reference_tables().holds
    for drug in ("apixaban", "rivaroxaban"):
        assert holds[drug]["unconfirmed"] and "10.1097/AAP.0000000000000763" in holds[drug]["source"]
    for drug in ("clopidogrel", "prasugrel", "ticagrelor", "dabigatran", "edoxaban"):
        assert holds[drug]["unconfirmed"], drug
