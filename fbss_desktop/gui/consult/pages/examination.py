"""The Examination page: general findings, motor and sensation by side, reflexes and nerve tension signs,
sacroiliac tests, tenderness and Waddell signs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from fbss_desktop.core.vocabulary import ChoiceList, Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import ChoiceField, Field, Form, TextField, YesNoField
from fbss_desktop.gui.consult.pages.helpers import (
    declared,
    declared_range,
    declared_spin,
    form_grid,
    group,
    hint,
    page,
    quick,
    set_all,
    yes_no_grid,
)
from fbss_desktop.gui.consult.pages.reflow import side_by_side

SIDES = (("left", "Left"), ("right", "Right"))


def _sided_holder() -> tuple[QWidget, QGridLayout]:
    """A grid with "Left" and "Right" column headers, for findings examined on both sides."""
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    for c, (_, title) in enumerate(SIDES):
        header = QLabel(title)
        header.setStyleSheet("font-weight: 600;")
        grid.addWidget(header, 0, c + 1)
    return holder, grid


def _sided_grid(
    form: Form, base: str, choices: ChoiceList, make: Callable[[str], Field]
) -> tuple[QWidget, list[Field]]:
    holder, grid = _sided_holder()
    fields = []
    for r, choice in enumerate(choices.items, start=1):
        grid.addWidget(QLabel(choice.label), r, 0)
        for c, (side, _) in enumerate(SIDES):
            field = form.add(make(f"{base}.{choice.code}.{side}"))
            grid.addWidget(field.widget, r, c + 1)
            fields.append(field)
    grid.setColumnStretch(len(SIDES) + 1, 1)  # the room right of the sides
    return holder, fields


def _sided_row(form: Form, rows: list[tuple[str, str, Callable[[str], Field]]]) -> QWidget:
    holder, grid = _sided_holder()
    for r, (label, base, make) in enumerate(rows, start=1):
        grid.addWidget(QLabel(label), r, 0)
        for c, (side, _) in enumerate(SIDES):
            grid.addWidget(form.add(make(f"{base}.{side}")).widget, r, c + 1)
    grid.setColumnStretch(len(SIDES) + 1, 1)
    return holder


def exam_page(form: Form, v: Vocabulary) -> tuple[QWidget, QLabel, QLabel]:
    p = "exam."
    general = form_grid(
        [
            declared(form, v, p + "incision"),
            declared(form, v, p + "temperature_c"),
            declared(form, v, p + "gait"),
        ],
        columns=metrics.RECORD_FORM_COLUMNS,
    )
    weakest, strongest = declared_range(p + "motor")
    motor, motor_fields = _sided_grid(form, p + "motor", v["myotome"], declared_spin(p + "motor"))
    sensation, sensation_fields = _sided_grid(
        form, p + "sensation", v["dermatome"], lambda path: ChoiceField(path, v["sensation"])
    )

    def reflex(path: str) -> Field:
        return ChoiceField(path, v["reflex_grade"])

    reflex_rows = [(c.label + " reflex", f"{p}reflexes.{c.code}", reflex) for c in v["reflex"].items]
    tests = _sided_row(
        form,
        [
            *reflex_rows,
            ("Babinski (upgoing toe)", p + "babinski", YesNoField),
            ("Straight-leg raise", p + "slr", YesNoField),
            ("SLR angle (°)", p + "slr_angle", declared_spin(p + "slr_angle")),
            ("Crossed SLR", p + "crossed_slr", YesNoField),
            ("Femoral stretch", p + "femoral_stretch", YesNoField),
        ],
    )
    reflex_fields = [form.fields[f"{base}.{side}"] for _, base, _ in reflex_rows for side, _ in SIDES]
    sij, sij_fields = yes_no_grid(form, p + "sij_tests", v["sij_test"])
    sij_count = QLabel()
    sij_count.setObjectName("exam:sij_count")
    tender, _ = yes_no_grid(form, p + "tenderness", v["tenderness"])
    waddell, _ = yes_no_grid(form, p + "waddell", v["waddell"], columns=1)
    waddell_count = QLabel()
    waddell_count.setObjectName("exam:waddell_count")
    all_strong = quick(f"All {strongest}/{strongest}", set_all(motor_fields, strongest), "exam.motor:all5")
    motor_box = group(f"Motor (MRC {weakest}-{strongest})", motor, all_strong)
    normal = [*sensation_fields, *reflex_fields]

    def all_normal() -> None:
        for field in sensation_fields:
            field.set("normal")
        for field in reflex_fields:
            field.set("2")
        for field in normal:
            field.edited.emit()

    sensation_box = group(
        "Sensation", sensation, quick("All normal (with reflexes 2+)", all_normal, "exam.sensation:normal")
    )
    neuro = side_by_side(motor_box, sensation_box)  # one above the other where the page is narrow
    return (
        page(
            group("General", general),
            neuro,
            group("Reflexes, nerve tension and long-tract signs", tests),
            group(
                "Sacroiliac provocation tests",
                hint(v["sij_test"].why),
                sij,
                sij_count,
            ),
            group("Tenderness", tender),
            group(
                "Waddell signs",
                hint(
                    "Three or more positive categories point to distress and illness behaviour. "
                    "They do not show malingering and must not be read that way."
                ),
                waddell,
                waddell_count,
            ),
            group("Notes", form.add(TextField(p + "notes", multiline=True)).widget),
        ),
        sij_count,
        waddell_count,
    )
