"""The Examination page: general findings, motor and sensation by side, reflexes and nerve tension signs,
sacroiliac tests, tenderness and Waddell signs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

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
from fbss_desktop.gui.consult.regions import of as region_view

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
    form: Form, base: str, choices: ChoiceList, make: Callable[[str], Field], region: str
) -> tuple[QWidget, list[Field]]:
    """A row per code of `choices` that applies to `region` (the L2-S1 or C5-T1 myotomes), left and right."""
    holder, grid = _sided_holder()
    fields = []
    for r, choice in enumerate(choices.of_region(region), start=1):
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


def _column(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
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
    regions = region_view(form)

    def reflex(path: str) -> Field:
        return ChoiceField(path, v["reflex_grade"])

    def nerves(region: str, tension: list[tuple[str, str, Callable[[str], Field]]]) -> tuple[QWidget, ...]:
        """A region's motor and sensation grids (each with its quick button) and its reflexes and nerve tension
        signs, each a part of the region view."""
        motor, motor_fields = _sided_grid(form, p + "motor", v["myotome"], declared_spin(p + "motor"), region)
        sensation, sensation_fields = _sided_grid(
            form, p + "sensation", v["dermatome"], lambda path: ChoiceField(path, v["sensation"]), region
        )
        reflexes = [(c.label + " reflex", f"{p}reflexes.{c.code}", reflex) for c in v["reflex"].of_region(region)]
        tests = _sided_row(form, [*reflexes, *tension])
        reflex_fields = [form.fields[f"{base}.{side}"] for _, base, _ in reflexes for side, _ in SIDES]
        tension_fields = [form.fields[f"{base}.{side}"] for _, base, _ in tension for side, _ in SIDES]
        tag = "" if region == "lumbar" else f":{region}"  # the lumbar buttons keep the names they always had
        all_strong = quick(f"All {strongest}/{strongest}", set_all(motor_fields, strongest), f"exam.motor:all5{tag}")
        normal = [*sensation_fields, *reflex_fields]

        def all_normal() -> None:
            for field in sensation_fields:
                field.set("normal")
            for field in reflex_fields:
                field.set("2")
            for field in normal:
                field.edited.emit()

        normal_button = quick("All normal (with reflexes 2+)", all_normal, f"exam.sensation:normal{tag}")
        return (
            regions.part(region, _column(motor, all_strong), motor_fields),
            regions.part(region, _column(sensation, normal_button), sensation_fields),
            regions.part(region, tests, [*reflex_fields, *tension_fields]),
        )

    leg_motor, leg_sensation, leg_tests = nerves(
        "lumbar",
        [
            ("Straight-leg raise", p + "slr", YesNoField),
            ("SLR angle (°)", p + "slr_angle", declared_spin(p + "slr_angle")),
            ("Crossed SLR", p + "crossed_slr", YesNoField),
            ("Femoral stretch", p + "femoral_stretch", YesNoField),
        ],
    )
    arm_motor, arm_sensation, arm_tests = nerves("cervical", [("Spurling test", p + "spurling", YesNoField)])
    long_tract = _sided_row(form, [("Babinski (upgoing toe)", p + "babinski", YesNoField)])
    sij, sij_fields = yes_no_grid(form, p + "sij_tests", v["sij_test"])
    sij_count = QLabel()
    sij_count.setObjectName("exam:sij_count")
    tender, _ = yes_no_grid(form, p + "tenderness", v["tenderness"])
    waddell, waddell_fields = yes_no_grid(form, p + "waddell", v["waddell"], columns=1)
    waddell_count = QLabel()
    waddell_count.setObjectName("exam:waddell_count")
    motor_box = group(f"Motor (MRC {weakest}-{strongest})", leg_motor, arm_motor)
    sensation_box = group("Sensation", leg_sensation, arm_sensation)
    neuro = side_by_side(motor_box, sensation_box)  # one above the other where the page is narrow
    sij_box = group("Sacroiliac provocation tests", hint(v["sij_test"].why), sij, sij_count)
    waddell_box = group(
        "Waddell signs",
        hint(
            "Three or more positive categories point to distress and illness behaviour. "
            "They do not show malingering and must not be read that way."
        ),
        waddell,
        waddell_count,
    )
    return (
        page(
            group("General", general),
            neuro,
            group("Reflexes, nerve tension and long-tract signs", leg_tests, arm_tests, long_tract),
            regions.part("lumbar", sij_box, sij_fields),  # the sacroiliac joint and Waddell's signs: low back
            group("Tenderness", tender),
            regions.part("lumbar", waddell_box, waddell_fields),
            group("Notes", form.add(TextField(p + "notes", multiline=True)).widget),
        ),
        sij_count,
        waddell_count,
    )
