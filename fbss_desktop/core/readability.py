"""Reading grade of patient-facing text (Flesch-Kincaid grade level, via textstat).

Patient texts aim at grade 8 or below: what the plan PDF and the handouts say must be readable by most
adults. The grade is an estimate from sentence and word length; it is shown to the clinician beside the
texts they write and held by a test for every shipped handout.
"""

from __future__ import annotations

import textstat

TARGET_GRADE = 8.0


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text` (0 for empty text)."""
    if not text.strip():
        return 0.0
    return float(textstat.flesch_kincaid_grade(text))
