"""No page of the patient's copy is left mostly empty: headings keep only the first lines of what follows,
long boxes split, and the next visit with the signature goes over with the last lines before it. Measured
from the text's positions on each page of the walkthrough's plan, a draft plan and every demo plan."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from fbss_desktop.documents.templates import FOOTER, MARGIN
from fbss_desktop.services import printing
from tests.documents.test_patient_copy_words import DEMO_COUNT
from tests.documents.test_plan_pdf import acknowledged, saved_plan
from tests.documents.walkthrough import save_walkthrough

MIN_USED = 0.6  # a page but the last of the plan and of the copy is at least 60% used, foot to head
MIN_PLAN_END = 0.3  # the plan's last page holds more than the next visit and the signature
BOTTOM = FOOTER + 4 * 72 / 25.4  # the frame's foot (templates.document)


def page_use(pdf: bytes) -> list[tuple[float, str]]:
    """Each page's used share of the frame's height (from its top to the lowest line of text in it) and its
    text; the header, footer and draft watermark are not counted."""
    result = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        top = float(page.mediabox.height) - MARGIN
        lows: list[float] = []
        words: list[str] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and BOTTOM - 2 < y < top - 1 and size < 60:  # noqa: B023 - used at once
                lows.append(y)  # noqa: B023
                words.append(text)  # noqa: B023

        page.extract_text(visitor_text=visit)
        result.append(((top - min(lows)) / (top - BOTTOM) if lows else 0.0, "".join(words)))
    return result


def empty_pages(pdf: bytes) -> list[tuple[int, float]]:
    """The pages (1-based) that use too little of their height."""
    pages = page_use(pdf)
    handouts = [n for n, (_, text) in enumerate(pages) if "About your treatments" in text]
    plan_end = handouts[0] - 1 if handouts else len(pages) - 1
    short = []
    for n, (used, _) in enumerate(pages):
        least = MIN_PLAN_END if n == plan_end else 0.0 if n == len(pages) - 1 else MIN_USED
        if used < least:
            short.append((n + 1, round(used, 2)))
    return short


def test_the_walkthrough_plan_leaves_no_page_mostly_empty(sqlite_clinic):
    draft = acknowledged(sqlite_clinic, save_walkthrough(sqlite_clinic))
    assert empty_pages(printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)) == []


@pytest.mark.parametrize("note", ["", "A long note. " * 150])
def test_a_draft_plan_leaves_no_page_mostly_empty(sqlite_clinic, note):
    draft = saved_plan(sqlite_clinic, note=note)
    pdf = printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)
    assert empty_pages(pdf) == []
    last = page_use(pdf)[-1][1]
    assert "Call us today if" not in last or "Go to the emergency room now if" in last  # never alone


def test_no_demo_plan_leaves_a_page_mostly_empty(sqlite_clinic):
    sqlite_clinic.demo.load(DEMO_COUNT, seed=2026)
    short, printed = {}, 0
    for patient_id in range(1, DEMO_COUNT + 1):
        for summary in sqlite_clinic.patients.open(patient_id).consults:
            draft = sqlite_clinic.consults.open(summary.id)
            if draft.plan_id is None:
                continue
            try:
                pdf = printing.render_plan_pdf(sqlite_clinic, draft.consult_id, invariant=True)
            except Exception as exc:  # a draft with blocks waiting is refused, as it must be
                assert "blocking finding" in str(exc)
                continue
            printed += 1
            if found := empty_pages(pdf):
                short[(patient_id, summary.id)] = found
    assert printed >= DEMO_COUNT
    assert short == {}
