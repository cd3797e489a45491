"""A letter as a PDF, read back: on the letterhead, addressed, its sections as edited (an empty one left out,
typed markup printed as typed), the criteria's sources set small, the fonts embedded, a draft marked DRAFT."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from fbss_desktop.core.letters import Criterion, LetterDocument, LetterKind, LetterSection, PrintedHead
from fbss_desktop.documents.letter_pdf import render_letter_pdf
from tests.documents.test_summary_pdf import unembedded_fonts

HEAD = PrintedHead("Riverside Spine & Pain", "200 Harbor Way", "(555) 010-2000", "", "Núñez, Zoë · born 1968-03-14")


def _document(**overrides):
    values = dict(
        kind=LetterKind.NECESSITY_SCS,
        date=dt.date(2026, 11, 21),
        recipient=("Medical Director", "Acme Health Plan", "PO Box 100"),
        salutation="To the medical reviewer,",
        subject="Re: Zoë Núñez (born March 14, 1968, MRN 004512): request for spinal cord stimulation",
        sections=(
            LetterSection("opening", "", "I am writing to ask you to authorize a trial <b>now</b> & soon."),
            LetterSection("questions", "Questions for you", "   "),
            LetterSection(
                "criteria",
                "Coverage criteria",
                "Met: Chronic pain for at least 6 months. Source: NICE TA159\n"
                "Not documented: Psychological evaluation on file. Source: CMS NCD 160.7",
            ),
        ),
        closing="Yours sincerely,",
        signer="Dr. Amara Osei, MD",
        criteria=(Criterion("SCS-NCD-PSYCH", "Psychological evaluation on file", "CMS NCD 160.7", None),),
    )
    values.update(overrides)
    return LetterDocument(**values)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_printed_letter_reads_back_addressed_on_the_letterhead_with_its_edited_sections(tmp_path):
    pdf = render_letter_pdf(_document(), HEAD, draft=False, invariant=True)
    text = _text(pdf)
    for expected in (
        "Riverside Spine & Pain",
        "November 21, 2026",
        "Acme Health Plan",
        "Re: Zoë Núñez",
        "To the medical reviewer,",
        "trial <b>now</b> & soon",  # typed markup prints as typed
        "Not documented: Psychological evaluation on file.",
        "Source: CMS NCD 160.7",
        "Dr. Amara Osei, MD",
        "Núñez, Zoë · born 1968-03-14",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert "Questions for you" not in text  # an empty section is left out, heading and all
    assert "DRAFT" not in text
    assert unembedded_fonts(pdf, tmp_path) == []
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "Medical necessity: spinal cord stimulation, 2026-11-21"  # no patient name in it


def test_a_draft_letter_says_draft_on_every_page():
    long = LetterSection("history", "History", "\n".join(f"Line {n} of a long history." for n in range(120)))
    pdf = render_letter_pdf(_document(sections=(long,)), HEAD, draft=True, invariant=True)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1
    assert all("DRAFT" in page for page in pages)
