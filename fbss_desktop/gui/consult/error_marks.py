"""The consult editor's sections, and how a refused save is shown: each wrong field marked with its message,
each section with a count of its problems."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QWidget

from fbss_desktop.gui.consult.fields import Form
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.plan_builder import PlanBuilder
from fbss_desktop.gui.widgets.field_errors import INVALID_STYLE

SECTIONS = (
    "History",
    "Medications and allergies",
    "Examination",
    "Imaging and tests",
    "Questionnaires",
    "Assessment",
    "Plan",
)
HISTORY, MEDICATIONS, EXAM, STUDIES, QUESTIONNAIRES, ASSESSMENT, PLAN = range(len(SECTIONS))
_MEDICATION_PATHS = (
    "history.medications",
    "history.allergies",
    "history.no_known_allergies",
    "history.medicine_history",
)


def section_of(path: str) -> int | None:
    """The section that shows an error at `path` (None: the header)."""
    if path.startswith(_MEDICATION_PATHS):
        return MEDICATIONS
    head = path.split(".", 1)[0].split("[", 1)[0]
    return {
        "history": HISTORY,
        "exam": EXAM,
        "studies": STUDIES,
        "questionnaires": QUESTIONNAIRES,
        "assessment": ASSESSMENT,
        "plan": PLAN,
    }.get(head)


def clear_marks(form: Form, plan_builder: PlanBuilder, nav: QListWidget) -> None:
    """Every field and section as it is without a problem."""
    for field in form.fields.values():
        if isinstance(field, RecordListField):
            field.clear_errors()
        else:
            field.widget.setStyleSheet("")
            field.widget.setToolTip("")
    plan_builder.clear_errors()
    for i, title in enumerate(SECTIONS):
        nav.item(i).setText(f"{i + 1}  {title}")


def mark_errors(
    form: Form, plan_builder: PlanBuilder, nav: QListWidget, errors: dict[str, str]
) -> tuple[int | None, QWidget | None]:
    """Mark each wrong field and count the problems of each section; the section and the widget to go to
    first."""
    per_section: dict[int | None, int] = {}
    first_widget: QWidget | None = None
    first_section: int | None = None
    lists: dict[str, dict[str, str]] = {}
    plan_errors = {p: m for p, m in errors.items() if p == "plan" or p.startswith("plan.")}
    if plan_errors:
        per_section[PLAN] = len(plan_errors)
        nav.setCurrentRow(PLAN)
        first_widget = plan_builder.show_errors(plan_errors)
        first_section = PLAN
    for path, message in errors.items():
        if path in plan_errors:
            continue
        section = section_of(path)
        per_section[section] = per_section.get(section, 0) + 1
        field = form.widget_for(path)
        if field is None:
            continue
        if isinstance(field, RecordListField):
            lists.setdefault(field.path, {})[path[len(field.path) :]] = message
            target: QWidget = field.view
        else:
            field.widget.setStyleSheet(INVALID_STYLE)
            field.widget.setToolTip(message)
            target = field.widget
        if first_widget is None or first_section == PLAN:
            first_widget, first_section = target, section
    for list_path, list_errors in lists.items():
        field = form.fields[list_path]
        assert isinstance(field, RecordListField)
        field.show_errors(list_errors)
    for section, count in per_section.items():
        if section is not None:
            nav.item(section).setText(f"⚠ {section + 1}  {SECTIONS[section]} ({count})")
    return first_section, first_widget
