"""The instruction sheet as a PDF, read back: its dates and parts, the patient on every page with "Page x of y",
the embedded font, the metadata, and two pages at most for a patient on apixaban with diabetes."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from fbss_desktop.core.instruction_sheet import build_sheet
from fbss_desktop.documents.instructions_pdf import render_instructions_pdf
from tests.core.test_procedure_instructions import AGREED, LETTERHEAD, instructions, texts, thinner


def render(*thinners, **changes) -> PdfReader:
    sheet = build_sheet(
        instructions(*thinners, **changes),
        texts(),
        letterhead=LETTERHEAD,
        patient_name="Lucía Ortega",
        date_of_birth=dt.date(1968, 3, 14),
    )
    return PdfReader(io.BytesIO(render_instructions_pdf(sheet, invariant=True)))


def words(reader: PdfReader) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_the_apixaban_sheet_reads_back_with_its_dates_and_parts():
    reader = render(thinner("Apixaban", "apixaban", **AGREED), diabetes=True, contrast_allergy=True)
    text = words(reader)
    for part in ("Getting ready for your procedure", "Epidural steroid injection", "Wednesday, March 10, 2027"):
        assert part in text
    assert "Take your last dose on Saturday, March 6, 2027." in text
    assert "Start it again on Thursday, March 11, 2027, at 9:00 AM or later." in text
    assert "If you have diabetes" in text and "Your allergies" in text
    assert len(reader.pages) <= 2


def test_every_page_names_the_patient_and_counts_the_pages():
    reader = render(thinner("Warfarin", "warfarin", **AGREED), diabetes=True, contrast_allergy=True, note="x " * 400)
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        assert "Lucía Ortega" in text and f"Page {number} of {total}" in text


def test_the_font_is_embedded_and_the_metadata_names_the_sheet():
    reader = render()
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert fonts and all("DejaVu" in name for name in fonts)
    assert reader.metadata is not None and reader.metadata.title.startswith("Getting ready for your procedure")
