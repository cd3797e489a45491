"""The patient's plan PDF read back with pypdf: every section, the footer on every page, fonts, metadata,
escaping, Unicode names, long plans and both paper sizes."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.documents.plan_pdf import render_plan_pdf
from fbss_desktop.services import printing
from tests.scenarios import ESI, SCENARIOS

ITEMS = [
    {
        "key": "i1",
        "treatment": "PHYSICAL_THERAPY",
        "phase": 1,
        "details": {"sessions_per_week": 2, "weeks": 8},
        "reason": "Stronger back, more confidence moving",
    },
    {
        "key": "i2",
        "treatment": "NEUROPATHIC_AGENT",
        "phase": 1,
        "details": {"drug": "pregabalin", "dose": 75, "per_day": 2, "titration": "75 mg at night for a week"},
    },
    {
        **ESI,
        "key": "i3",
        "details": {
            **ESI["details"],
            "antithrombotic_hold": "Stop apixaban 3 days before; restart the day after",
            "prescriber_agreed": "yes",
        },
    },
]


def saved_plan(clinic, *, family="Ortega", given="Lucía", items=ITEMS, note="", visits=2, mrn="PDF-1"):
    patient, _ = clinic.patients.save(
        PatientInput(mrn=mrn, family_name=family, given_names=given, date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    for n in range(visits - 1):
        earlier = SCENARIOS["apixaban_esi"](surgery.id)
        earlier["consult_date"] = f"2026-0{3 + 2 * n}-10"
        earlier["plan"] = {"items": [], "follow_up_weeks": 6}
        clinic.consults.save(patient.id, earlier)
    document = SCENARIOS["apixaban_esi"](surgery.id)
    document["plan"] = {
        "items": items,
        "goals": [{"kind": "pain", "text": "Walk the dog again", "measure": "leg_nrs", "target": 4, "due_weeks": 12}],
        "follow_up_weeks": 6,
        "note": note,
    }
    draft, _ = clinic.consults.save(patient.id, document)
    return draft


def acknowledged(clinic, draft):
    """The draft with every blocking finding acknowledged with a reason, as a clinician must before the
    patient's copy of a draft prints."""
    draft = clinic.consults.open(draft.consult_id)  # with the rules' view of the patient
    evaluation = clinic.consults.evaluate_document(draft.basis, draft.document)
    plan = dict(draft.document["plan"])
    plan["acknowledgements"] = [
        *plan.get("acknowledgements", []),
        *(
            {
                "rule": f.rule,
                "rule_version": f.version,
                "item": f.item or "",
                "severity": "block",
                "reason": "Discussed with the patient and the team",
                "clinician": "Dr. Helena Marsh, MD",
                "at": "2026-11-20T10:00:00",
            }
            for f in evaluation.unacknowledged_blocks
        ),
    ]
    saved, _ = clinic.consults.save(
        draft.patient.id,
        {**draft.document, "plan": plan},
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
    )
    return saved


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, with line breaks and runs of spaces made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_every_section_is_present_and_codes_stay_out(clinic):
    draft = saved_plan(clinic)
    pdf = printing.render_plan_pdf(clinic, draft.consult_id, invariant=True)
    text = "\n".join(pages_text(pdf))
    for heading in (
        "Your treatment plan, November 20, 2026",
        "What is going on",
        "Your goals",
        "Walk the dog again, with leg pain at 4 out of 10 or less, within 12 weeks",
        "Your plan, step by step",
        "Step 1: Therapy, medicines and support",
        "Step 2: Injections and other procedures",
        "Why we chose it",
        "What to expect",
        "How to get ready",
        "Your blood thinner plan, agreed with the doctor who prescribed it: Stop apixaban 3 days before",
        "Risks to know",
        "Your medicines",
        "Pregabalin",
        "Go to the emergency room now if",
        "Your next visit",
        "January 1, 2027",
        "How you are doing",
        "About your treatments",
        "Epidural steroid injection",
    ):
        assert heading in text, heading
    for code in ("M96.1", "M54.16", "R16B", "apixaban_esi", "G89"):
        assert code not in text


def test_the_footer_is_on_every_page_with_page_x_of_y(clinic):
    draft = saved_plan(clinic)
    pages = pages_text(printing.render_plan_pdf(clinic, draft.consult_id))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Lucía Ortega · born March 14, 1968" in page and "Plan of November 20, 2026" in page


def test_fonts_are_embedded_and_metadata_set(clinic):
    draft = saved_plan(clinic)
    reader = PdfReader(io.BytesIO(printing.render_plan_pdf(clinic, draft.consult_id)))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                fonts.add(str(font["/BaseFont"]))
    assert any("DejaVuSans" in f for f in fonts)
    meta = reader.metadata
    assert meta.title == "Your treatment plan, November 20, 2026"
    assert meta.subject == "Treatment plan for Lucía Ortega" and meta.author
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


@pytest.mark.parametrize(
    ("family", "given"), [("Núñez-Łukasiewicz", "Zoë"), ("Παπαδόπουλος", "Ιωάννης"), ("Nguyễn", "Thị Ánh")]
)
def test_any_name_prints(clinic, family, given):
    draft = saved_plan(clinic, family=family, given=given, visits=1)
    first = pages_text(printing.render_plan_pdf(clinic, draft.consult_id))[0]
    assert f"{given} {family}" in first  # as the patient says it, on their own copy


def test_user_text_is_escaped(clinic):
    draft = saved_plan(clinic, note="Take <b>two</b> & call if <worse>", visits=1)
    text = " ".join(pages_text(printing.render_plan_pdf(clinic, draft.consult_id)))
    assert "Take <b>two</b> & call if <worse>" in text


def test_a_long_plan_flows_over_pages_with_nothing_lost(clinic):
    items = [
        {"key": f"i{n}", "treatment": code, "phase": 1 + n % 3, "reason": f"Reason number {n}. " * 6}
        for n, code in enumerate(
            [
                "PHYSICAL_THERAPY",
                "PAIN_PSYCHOLOGY",
                "NSAID",
                "MUSCLE_RELAXANT",
                "OPIOID_TAPER",
                "NALOXONE",
                "MEDIAL_BRANCH_BLOCK",
                "RFA",
                "SIJ_INJECTION",
                "TRIGGER_POINT_INJECTION",
                "BRACE",
                "HEAT_COLD",
                "PSYCH_EVALUATION",
                "SCS_TRIAL",
                "REFERRAL",
                "IMAGING",
            ],
            start=1,
        )
    ]
    draft = acknowledged(clinic, saved_plan(clinic, items=items, note="A long note. " * 150))
    pages = pages_text(printing.render_plan_pdf(clinic, draft.consult_id))
    text = " ".join(pages)
    assert len(pages) >= 8
    for n in range(1, 17):
        assert f"Reason number {n}." in text
    # A note that runs over a page break has the page's footer and the next page's header inside it.
    body = [re.sub(r"^.*?· Treatment plan for Lucía Ortega ", "", p) for p in pages]
    body = [re.sub(r"Lucía Ortega · born [\d-]+ Plan of [\d-]+ Page \d+ of \d+$", "", p) for p in body]
    assert " ".join(" ".join(body).split()).count("A long note.") == 150
    assert all(re.search(r"Page \d+ of \d+", page) for page in pages)


def test_letter_and_a4(clinic):
    draft = saved_plan(clinic, visits=1)
    plan = printing.plan_print(clinic, draft.consult_id)
    letter = PdfReader(io.BytesIO(render_plan_pdf(plan, paper="letter"))).pages[0].mediabox
    a4 = PdfReader(io.BytesIO(render_plan_pdf(plan, paper="a4"))).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_the_same_plan_prints_the_same(clinic):
    draft = saved_plan(clinic)
    plan = printing.plan_print(clinic, draft.consult_id)
    assert render_plan_pdf(plan, invariant=True) == render_plan_pdf(plan, invariant=True)
    assert render_plan_pdf(plan, invariant=True) != render_plan_pdf(replace(plan, note="Changed"), invariant=True)


def test_one_visit_has_no_chart_and_done_items_are_left_out(clinic):
    items = [*ITEMS, {"key": "i9", "treatment": "BRACE", "phase": 1, "status": "stopped"}]
    draft = saved_plan(clinic, items=items, visits=1)
    text = " ".join(pages_text(printing.render_plan_pdf(clinic, draft.consult_id)))
    assert "How you are doing" not in text and "Back brace" not in text


def test_the_letterhead_carries_the_clinic_logo_and_a_missing_logo_is_left_out(clinic, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (31, 78, 121)).save(logo)
    draft = saved_plan(clinic, visits=1)
    clinic.settings.save_one("clinic.logo", str(logo))
    first = PdfReader(io.BytesIO(printing.render_plan_pdf(clinic, draft.consult_id))).pages[0]
    assert any(name.startswith("/FormX") or name.startswith("/Im") for name in first["/Resources"].get("/XObject", {}))
    clinic.settings.save_one("clinic.logo", str(tmp_path / "gone.png"))
    assert "Your treatment plan" in pages_text(printing.render_plan_pdf(clinic, draft.consult_id))[0]


def test_a_draft_that_decision_support_stops_is_not_printed_for_the_patient(clinic):
    from fbss_desktop.core.errors import DomainError

    draft = saved_plan(clinic, items=[{"key": "i1", "treatment": "SCS_TRIAL", "phase": 2}], mrn="STOP-1")
    with pytest.raises(DomainError, match="blocking finding"):
        printing.render_plan_pdf(clinic, draft.consult_id)
    assert pages_text(printing.render_plan_pdf(clinic, acknowledged(clinic, draft).consult_id))


def test_a_blood_thinner_hold_prints_only_once_the_prescriber_agreed(clinic):
    """A hold not yet agreed with the prescriber is not printed as an order: the patient keeps taking the
    blood thinner until called (stopping a DOAC early raises the risk of clots: boxed warning)."""
    pending = [
        {**ESI, "key": "i1", "details": {**ESI["details"], "antithrombotic_hold": "Stop apixaban 3 days before"}},
        {"key": "i2", "treatment": "SCS_TRIAL", "phase": 2},  # no hold written at all
    ]
    draft = acknowledged(clinic, saved_plan(clinic, items=pending, mrn="HOLD-1"))
    text = " ".join(pages_text(printing.render_plan_pdf(clinic, draft.consult_id)))
    assert "Stop apixaban 3 days before" not in text
    # The scenario's patient takes apixaban: both procedures tell her to keep taking it until called.
    assert text.count("Keep taking Apixaban as usual for now.") == 2


def test_the_signs_that_need_the_clinic_say_what_to_do_when_it_is_closed(clinic):
    draft = saved_plan(clinic, mrn="HOURS-1")
    text = " ".join(pages_text(printing.render_plan_pdf(clinic, draft.consult_id)))
    assert "Call us today if If we are closed, go to an urgent care clinic." in text  # the default
    clinic.settings.save_one("clinic.after_hours", "If we are closed, call the on-call doctor at (555) 010-9999.")
    text = " ".join(pages_text(printing.render_plan_pdf(clinic, draft.consult_id)))
    assert "call the on-call doctor at (555) 010-9999." in text and "urgent care" not in text
