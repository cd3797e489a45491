"""The clinician summary of a fully filled consult, read back from the PDF: every section in words, the notes
and report texts, no internal code; a draft marked DRAFT on every page; every font embedded."""

from __future__ import annotations

import functools
import re
import subprocess

import pytest

from fbss_desktop.core import summary_print as summary_module
from fbss_desktop.documents.handout_pdf import render_handouts_pdf
from fbss_desktop.services import catalogues, printing
from tests.documents.test_plan_pdf import ITEMS, pages_text, saved_plan
from tests.scenarios import finalized_scenario

HISTORY_NOTE = "Pain worse on sitting; walks 200 m; sleeps 4 hours."
EXAM_NOTE = "Guarded forward flexion; tender over the left L5 facet."
REPORT = "Non-enhancing recurrent left paracentral L4-L5 disc with enhancing peridural scar."
EMG = "Chronic left L5 radiculopathy with active denervation in tibialis anterior."


@pytest.fixture
def named(monkeypatch):
    """The summary built with the questionnaires' and drugs' names, as services/printing.py should pass them."""
    build = functools.partial(
        summary_module.build_summary, instruments=catalogues.instruments(), drugs=catalogues.medication_list()
    )
    monkeypatch.setattr(printing, "build_summary", build)


def full_consult(clinic):
    draft = saved_plan(clinic, items=ITEMS)
    document = dict(clinic.consults.open(draft.consult_id).document)
    # "past": the vocabulary's own label "None" would read like a Python None below
    document["history"] = {**document["history"], "notes": HISTORY_NOTE, "substance_use": "past"}
    document["exam"] = {**document["exam"], "notes": EXAM_NOTE}
    document["studies"] = [
        *document["studies"],
        {"kind": "emg_ncs", "performed": "2026-10-15", "report": EMG},
    ]
    document["questionnaires"] = {
        **document["questionnaires"],
        "startback": {"answers": [1, 1, 0, 1, 1, 0, 1, 1, 3]},
    }
    saved, _ = clinic.consults.save(
        draft.patient.id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
    )
    return saved


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def unembedded_fonts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]
    return [row[0] for row in rows if row[-5] != "yes"]  # columns: ... emb sub uni object ID


def test_the_summary_of_a_full_consult_says_everything_in_words(clinic, named, tmp_path):
    consult = full_consult(clinic)
    text = pdf_text(printing.render_summary_pdf(clinic, consult.consult_id, invariant=True), tmp_path)
    for words in (
        HISTORY_NOTE,
        EXAM_NOTE,
        REPORT,
        EMG,
        "Off work because of pain",  # work status
        "L5 dorsum of foot: left reduced, right normal",  # sensation
        "Ankle (S1): left 1+ reduced",  # reflexes
        "Straight leg raise angle",
        "Left 40°",
        "Antalgic",  # gait
        "Iodinated contrast: allergy, hives",
        "Epidural steroid injection, 2026-03",
        "Oxycodone, 10 mg, 3 times a day",
        "PHQ-9",
        "Recurrent or residual disc herniation",
        "Medicine: Pregabalin. Target dose: 75 mg. Times a day: 2",
        "Levels: L4-L5",
        "Leg pain (0-10) 4 or less, within 12 weeks",
        "In 6 weeks",
        "Decision support",
    ):
        assert words in text, words
    for token in ("['", "[]", "{'", "i1 ", "i1/", "i2 ", "None", "True", "False", "leg_nrs", "PHQ9", "STARTBACK"):
        assert token not in text, token
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.search(r"\b[a-z]+_[a-z_]+\b", text)
    assert not re.search(r"\d+\.0\b", text)  # "dose 60.0"


def test_a_draft_summary_is_marked_on_every_page_and_a_final_one_is_not(clinic, named):
    consult = full_consult(clinic)
    pages = pages_text(printing.render_summary_pdf(clinic, consult.consult_id))
    assert len(pages) >= 2 and all("DRAFT" in page for page in pages)
    clinic.demo.load(1)
    _patient, final = finalized_scenario(clinic, "apixaban_esi", mrn="FINAL-1")
    assert not any("DRAFT" in page for page in pages_text(printing.render_summary_pdf(clinic, final.consult_id)))


def test_a_long_note_flows_over_pages(clinic, named):
    consult = full_consult(clinic)
    document = dict(clinic.consults.open(consult.consult_id).document)
    document["exam"] = {**document["exam"], "notes": "Long examination sentence. " * 280}
    saved, _ = clinic.consults.save(
        consult.patient.id,
        document,
        consult_id=consult.consult_id,
        row_version=consult.row_version,
        plan_id=consult.plan_id,
        plan_row_version=consult.plan_row_version,
    )
    pages = pages_text(printing.render_summary_pdf(clinic, saved.consult_id))
    body = [re.sub(r"^.*?Consult summary for Ortega, Lucía ", "", p) for p in pages]  # the header
    body = [re.sub(r"Ortega, Lucía · born [\d-]+ Consult of [\d-]+ Page \d+ of \d+$", "", p) for p in body]
    text = " ".join(" ".join(body).split())
    assert text.count("Long examination sentence.") == 280


def test_every_font_of_the_plan_the_summary_and_the_handouts_is_embedded(clinic, tmp_path):
    draft = saved_plan(clinic)
    summary = printing.render_summary_pdf(clinic, draft.consult_id)
    handouts = printing.render_handouts_pdf(clinic, ["ESI", "PHYSICAL_THERAPY"])
    letterhead = printing.letterhead(clinic.settings.values())
    alone = render_handouts_pdf([catalogues.handouts().get("ESI")], letterhead)
    assert unembedded_fonts(summary, tmp_path) == []
    assert unembedded_fonts(handouts, tmp_path) == []
    assert unembedded_fonts(alone, tmp_path) == []
    assert unembedded_fonts(printing.render_plan_pdf(clinic, draft.consult_id), tmp_path) == []
