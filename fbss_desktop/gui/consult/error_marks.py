"""The consult editor's sections, and how a refused save is shown: each wrong field marked with its message
under it, each section with a count of its problems, the first wrong field scrolled to; a mark goes as soon as
its field reads right."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QScrollArea, QTabWidget, QWidget

from fbss_desktop.gui.consult.fields import Field, Form
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.plan_builder import PlanBuilder
from fbss_desktop.gui.widgets.field_errors import clear_message, show_message

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
            clear_message(field.widget)
    form.marked = {}
    plan_builder.clear_errors()
    count_sections(nav, {})


def mark_errors(
    form: Form, plan_builder: PlanBuilder, nav: QListWidget, errors: dict[str, str]
) -> tuple[int | None, QWidget | None]:
    """Mark each wrong field and count the problems of each section; the section and the widget to go to
    first."""
    first_widget: QWidget | None = None
    first_section: int | None = None
    form.marked = dict(errors)
    lists: dict[str, dict[str, str]] = {}
    plan_errors = {p: m for p, m in errors.items() if p == "plan" or p.startswith("plan.")}
    if plan_errors:
        nav.setCurrentRow(PLAN)
        first_widget = plan_builder.show_errors(plan_errors)
        first_section = PLAN
    for path, message in errors.items():
        if path in plan_errors:
            continue
        section = section_of(path)
        field = form.widget_for(path)
        if field is None:
            continue
        if isinstance(field, RecordListField):
            lists.setdefault(field.path, {})[path[len(field.path) :]] = message
            target: QWidget = field.view
        else:
            show_message(field.widget, message)
            target = field.widget
        if first_widget is None or first_section == PLAN:
            first_widget, first_section = target, section
    for list_path, list_errors in lists.items():
        field = form.fields[list_path]
        assert isinstance(field, RecordListField)
        field.show_errors(list_errors)
    count_sections(nav, errors)
    return first_section, first_widget


def count_sections(nav: QListWidget, errors: Mapping[str, str]) -> None:
    """Each section's title, with a ⚠ and the count of its problems when it has any."""
    per_section: dict[int, int] = {}
    for path in errors:
        section = PLAN if path == "plan" or path.startswith("plan.") else section_of(path)
        if section is not None:
            per_section[section] = per_section.get(section, 0) + 1
    for i, title in enumerate(SECTIONS):
        count = per_section.get(i)
        nav.item(i).setText(f"⚠ {i + 1}  {title} ({count})" if count else f"{i + 1}  {title}")


def recheck(form: Form, nav: QListWidget, field: Field, problems: Mapping[str, str] | None) -> None:
    """`field` was edited after a refused save: its mark goes when the consult no longer has a problem there
    (`problems`: the consult's problems as it reads now; None when it cannot be read here, and an edit clears
    the mark), or says the problem it has now."""
    if isinstance(field, RecordListField):
        return  # a list's marks go with its row's, when the row is updated
    own = [path for path in form.marked if form.widget_for(path) is field]
    for path in own:
        del form.marked[path]
    now = {} if problems is None else {p: m for p, m in problems.items() if form.widget_for(p) is field}
    if now:
        form.marked.update(now)
        show_message(field.widget, next(iter(now.values())))
    else:
        clear_message(field.widget)
    count_sections(nav, form.marked)


def reveal(widget: QWidget) -> None:
    """Bring `widget` into view (its tab chosen, each scroll area around it scrolled to it) and focus it."""
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QTabWidget):
            for i in range(ancestor.count()):
                page = ancestor.widget(i)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    ancestor.setCurrentIndex(i)
        ancestor = ancestor.parentWidget()
    ancestor = widget.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QScrollArea):
            inner = ancestor.widget()
            layout = inner.layout() if inner is not None else None
            if layout is not None:
                layout.activate()  # the page just shown: its fields' places are known
            ancestor.ensureWidgetVisible(widget)
        ancestor = ancestor.parentWidget()
    focusable = [widget, *widget.findChildren(QWidget)]
    target = next((w for w in focusable if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()), widget)
    target.setFocus()
