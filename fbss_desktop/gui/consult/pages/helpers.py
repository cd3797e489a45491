"""What the consult pages share: the page, group and hint layout, forms and yes/no grids that reflow to the
page's width (reflow.py), their quick buttons, fields declared in core/consult_schema.py, and the
index-surgery choices."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core import consult_schema
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.vocabulary import ChoiceList, Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import (
    ChoiceField,
    Field,
    Form,
    NumberField,
    RetiredYesNoField,
    SpinField,
    YesNoField,
    grid_of,
)
from fbss_desktop.gui.consult.pages.reflow import Stretch, reflowing


def page(*boxes: QWidget) -> QScrollArea:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for box in boxes:
        layout.addWidget(box)
    layout.addStretch(1)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


def form_grid(rows: Iterable[tuple[str, QWidget]], columns: int) -> QWidget:
    """Label/field pairs, `columns` pairs on a line where the page is wide enough, fewer where it is not."""
    return reflowing(grid_of(rows, columns), columns)


def check_grid(codes: QWidget, columns: int) -> QWidget:
    """A CodesField's check boxes (built in `columns` columns), in fewer columns where the page is narrow."""
    return reflowing(codes, columns, span=1, stretch=Stretch.EVEN)


def group(title: str, *content: QWidget | Any) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for item in content:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    return box


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555; font-size: 9pt;")
    return label


def yes_no_grid(
    form: Form, base: str, choices: ChoiceList, *, columns: int = metrics.LONG_CHOICE_COLUMNS
) -> tuple[QWidget, list[YesNoField]]:
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(metrics.YES_NO_SPACING)
    fields = []
    # A retired code is never offered, but an answer a stored consult holds under it is shown (marked
    # retired) and kept on save; "None of these" sets only the current questions.
    for i, choice in enumerate(choices.items):
        label = QLabel(choice.label + (" (retired)" if choice.retired else ""))
        label.setWordWrap(True)
        path = f"{base}.{choice.code}"
        field = form.add(RetiredYesNoField(path, label) if choice.retired else YesNoField(path))
        assert isinstance(field, YesNoField)
        r, c = divmod(i, columns)
        label.setBuddy(field.yes)
        grid.addWidget(label, r, c * metrics.PAIR_SPAN)
        grid.addWidget(field.widget, r, c * metrics.PAIR_SPAN + 1)
        if not choice.retired:
            fields.append(field)
    return reflowing(holder, columns, stretch=Stretch.LABELS), fields


def set_all(fields: Sequence[Field], value: Any) -> Callable[[], None]:
    def apply() -> None:
        for field in fields:
            field.set(value)
            field.edited.emit()

    return apply


def quick(text: str, action: Callable[[], None], name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    button.clicked.connect(action)
    return button


def surgery_choices(surgeries: Sequence[Surgery], catalogue: SurgeryCatalogue) -> list[tuple[int, str]]:
    return [
        (s.id, f"{s.performed}  {catalogue.procedure_label(s.procedure)}  {', '.join(s.levels)}")
        for s in reversed(surgeries)
        if s.id is not None
    ]


def declared(form: Form, v: Vocabulary, path: str) -> tuple[str, QWidget]:
    """The caption and widget of a field declared in core/consult_schema.py: its label, unit, range and
    choice list come from there, so the screen, the reader and the case file agree."""
    s = consult_schema.spec(path)
    field: Field
    if s.kind == "yes_no":
        field = YesNoField(path)
    elif s.choices:  # a choice list (a custom field with one too, as the course after surgery)
        field = ChoiceField(path, v[s.choices])
    elif s.spin and s.low is not None and s.high is not None:
        suffix = f" {s.unit}" if s.unit else ""
        field = SpinField(path, int(s.low), int(s.high), suffix=suffix)
        field.box.setSingleStep(s.step)
    else:
        field = NumberField(path)
    form.add(field)
    return (s.label if s.spin and s.unit else s.caption), field.widget


def declared_range(spec_path: str) -> tuple[int, int]:
    """The whole-number range a field declares in core/consult_schema.py (the MRC grade, an angle)."""
    s = consult_schema.spec(spec_path)
    if s.low is None or s.high is None:
        raise ValueError(f"{spec_path} declares no range")
    return int(s.low), int(s.high)


def declared_spin(spec_path: str) -> Callable[[str], Field]:
    """Spin boxes for each side or code of a field declared in core/consult_schema.py (the MRC grade of each
    myotome, the straight-leg-raise angle of each leg), with its range and unit from there."""
    low, high = declared_range(spec_path)
    unit = consult_schema.spec(spec_path).unit
    return lambda path: SpinField(path, low, high, suffix=unit)


def number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value or "")
