"""Handouts alone as a PDF: the ones of a patient's plan, or any handout the front desk picks."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from fbss_desktop.core.handouts import Handout
from fbss_desktop.core.plan_print import Letterhead
from fbss_desktop.documents.plan_pdf import handout_story
from fbss_desktop.documents.templates import page_text, render


def render_handouts_pdf(
    handouts: Sequence[Handout],
    letterhead: Letterhead,
    *,
    patient_name: str = "",
    date_of_birth: str = "",
    paper: str = "letter",
    invariant: bool = False,
) -> bytes:
    """The handouts one after the other; the footer names the patient when they are printed for one."""
    title = handouts[0].title if len(handouts) == 1 else "About your treatments"
    page = page_text(
        letterhead,
        header=title,
        footer_left=f"{patient_name} · born {date_of_birth}" if patient_name else "Patient information",
        footer_right=letterhead.phone,
    )
    story: list[Flowable] = []
    for handout in handouts:
        story.extend(handout_story(handout))
        story.append(Spacer(1, 4 * mm))
    return render(
        story,
        page,
        paper=paper,
        title=title,
        author=letterhead.name or "FBSS Desktop",
        subject=title,
        invariant=invariant,
    )
