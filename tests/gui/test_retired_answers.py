"""An answer a stored consult holds under a retired question is shown, marked retired, and kept on save; a
retired question is never asked anew, and "None of these" leaves it alone."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from fbss_desktop.core.vocabulary import Choice, ChoiceList
from fbss_desktop.gui.consult.fields import Form
from fbss_desktop.gui.consult.sections import quick, set_all, yes_no_grid
from tests.gui.conftest import click

CHOICES = ChoiceList(
    "comorbidity",
    (Choice("diabetes", "Diabetes"), Choice("old_question", "An old question", {"retired": True})),
)


KEEP: list[QWidget] = []  # the pages stay alive for the test's length


def grid(qtbot, stored: dict) -> tuple[Form, QWidget, QPushButton]:
    form = Form()
    holder, fields = yes_no_grid(form, "history.comorbidities", CHOICES)
    none = quick("None of these", set_all(fields, False), "none")
    page = QWidget()
    holder.setParent(page)
    none.setParent(page)
    qtbot.addWidget(page)
    KEEP.append(page)
    page.show()
    form.load({"history": {"comorbidities": stored}})
    return form, holder, none


def labels(holder: QWidget) -> list[str]:
    return [label.text() for label in holder.findChildren(QLabel) if label.isVisible()]


def test_a_stored_answer_under_a_retired_question_is_shown_and_kept(qtbot):
    form, holder, none = grid(qtbot, {"diabetes": True, "old_question": True})
    assert labels(holder) == ["Diabetes", "An old question (retired)"]
    click(qtbot, none)  # "None of these" answers the current questions only
    assert form.document()["history"]["comorbidities"] == {"diabetes": False, "old_question": True}


def test_a_retired_question_with_no_stored_answer_is_not_asked(qtbot):
    form, holder, _ = grid(qtbot, {"diabetes": True})
    assert labels(holder) == ["Diabetes"]
    assert "old_question" not in form.document()["history"]["comorbidities"]
