"""The consult editor's sections, each a page of bound fields laid out for quick clicking and typing.

The pages live one module each in `gui/consult/pages/` (history, medications, examination, studies,
questionnaires, assessment) with what they share in `pages/helpers.py`; this module gathers them under
their long-standing names, so `sections.history_page(...)` and `from ...sections import quick` still work.
"""

from __future__ import annotations

from fbss_desktop.gui.consult.pages.assessment import assessment_page
from fbss_desktop.gui.consult.pages.examination import SIDES, exam_page
from fbss_desktop.gui.consult.pages.helpers import (
    declared,
    group,
    hint,
    page,
    quick,
    set_all,
    surgery_choices,
    yes_no_grid,
)
from fbss_desktop.gui.consult.pages.history import history_page
from fbss_desktop.gui.consult.pages.medications import medications_page
from fbss_desktop.gui.consult.pages.questionnaires import questionnaires_page
from fbss_desktop.gui.consult.pages.studies import studies_page

__all__ = [
    "SIDES",
    "assessment_page",
    "declared",
    "exam_page",
    "group",
    "hint",
    "history_page",
    "medications_page",
    "page",
    "questionnaires_page",
    "quick",
    "set_all",
    "studies_page",
    "surgery_choices",
    "yes_no_grid",
]
