"""The consult editor's sections, each a page of bound fields laid out for quick clicking and typing.

The choice lists come from the consult vocabulary in resources/, so a new red-flag question or finding
appears here without code changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core import consult_schema
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.vocabulary import ChoiceList, Vocabulary
from fbss_desktop.gui.consult.fields import (
    CheckField,
    ChoiceField,
    CodesField,
    Field,
    Form,
    NumberField,
    RetiredYesNoField,
    SpinField,
    TextField,
    YesNoField,
    grid_of,
)
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.questionnaire_field import QuestionnaireField
from fbss_desktop.gui.consult.study_fields import FindingsField, LabsField, LevelsField

SIDES = (("left", "Left"), ("right", "Right"))


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


def yes_no_grid(form: Form, base: str, choices: ChoiceList, *, columns: int = 2) -> tuple[QWidget, list[YesNoField]]:
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(12)
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
        grid.addWidget(label, r, c * 2)
        grid.addWidget(field.widget, r, c * 2 + 1)
        if not choice.retired:
            fields.append(field)
    for c in range(columns):
        grid.setColumnStretch(c * 2, 1)
    return holder, fields


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


# --- History -----------------------------------------------------------------------------------------
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


def history_page(form: Form, v: Vocabulary, surgeries: list[tuple[int, str]]) -> QWidget:
    p = "history."
    f: dict[str, Any] = {}

    def add(field: Field) -> QWidget:
        f[field.path] = form.add(field)
        return field.widget

    def row(key: str) -> tuple[str, QWidget]:
        return declared(form, v, p + key)

    course = grid_of(
        [
            ("Index surgery", add(ChoiceField(p + "index_surgery_id", surgeries, empty="— not linked —"))),
            row("spine_operations"),
            row("course"),
            row("recurrence_weeks"),
            row("pain_duration_months"),
        ],
        columns=2,
    )
    nrs = grid_of(
        [
            row("back_nrs_now"),
            row("back_nrs_average"),
            row("leg_nrs_now"),
            row("leg_nrs_average"),
            row("leg_share_percent"),
            row("side"),
            row("numbness"),
            row("weakness"),
        ],
        columns=2,
    )
    locations = add(CodesField(p + "pain_locations", v["pain_location"], columns=5))
    neuropathic = add(CodesField(p + "neuropathic", v["neuropathic"], columns=3))

    flags, flag_fields = yes_no_grid(form, p + "red_flags", v["red_flag"])
    comorbid, comorbid_fields = yes_no_grid(form, p + "comorbidities", v["comorbidity"])
    labs = grid_of(
        [
            row("hba1c_percent"),
            row("egfr"),
            row("creatinine_mg_dl"),
            row("weight_kg"),
        ],
        columns=4,
    )
    devices, device_fields = yes_no_grid(form, p + "devices", v["device"], columns=3)
    social = grid_of(
        [
            row("smoking"),
            row("alcohol"),
            row("substance_use"),
            row("prior_overdose"),
            row("work_status"),
            row("litigation"),
            row("compensation_claim"),
        ],
        columns=2,
    )
    procedures = RecordListField(
        p + "prior_procedures",
        [
            ("Procedure", lambda r: v["prior_procedure"].label(r.get("procedure", ""))),
            ("Date", lambda r: str(r.get("performed", ""))),
            (
                "Region / levels",
                lambda r: " ".join(
                    filter(
                        None,
                        [
                            v["region"].label(r.get("region", "")) if r.get("region") else "",
                            ", ".join(r.get("levels") or []),
                        ],
                    )
                ),
            ),
            ("Side", lambda r: v["side"].label(r.get("side", "")) if r.get("side") else ""),
            ("Relief", lambda r: _relief(r)),
        ],
        lambda row: grid_of(
            [
                ("Procedure", row.add(ChoiceField("procedure", v["prior_procedure"])).widget),
                ("Date", row.add(TextField("performed", placeholder="YYYY-MM")).widget),
                ("Region", row.add(ChoiceField("region", v["region"])).widget),
                ("Levels", row.add(LevelsField("levels")).widget),
                ("Side", row.add(ChoiceField("side", v["side"])).widget),
                ("Relief (%)", row.add(NumberField("relief_percent")).widget),
                ("For (weeks)", row.add(NumberField("relief_weeks")).widget),
                ("Steroid (mg MPE)", row.add(NumberField("steroid_mpe_mg")).widget),
                ("Note", row.add(TextField("note")).widget),
            ],
            columns=4,
        ),
        noun="procedure",
        required="procedure",
    )
    form.add(procedures)
    notes = add(TextField(p + "notes", multiline=True, placeholder="History in your own words"))
    return page(
        group("Surgery and course", course),
        group("Pain", nrs, QLabel("Where"), locations, QLabel("Neuropathic descriptors"), neuropathic),
        group(
            "Red flags",
            hint("Unanswered questions stay unanswered: decision support asks for them rather than assuming no."),
            flags,
            quick("All answered no", set_all(flag_fields, False), "history.red_flags:all_no"),
        ),
        group(
            "Comorbidities",
            comorbid,
            quick("None of these", set_all(comorbid_fields, False), "history.comorbidities:all_no"),
            labs,
        ),
        group("Implanted devices", devices, quick("None", set_all(device_fields, False), "history.devices:all_no")),
        group("Substance use, work and claims", social),
        group("Earlier procedures (injections, blocks, ablation, stimulator trial, psychology)", procedures.widget),
        group("Notes", notes),
    )


def _relief(row: dict[str, Any]) -> str:
    percent, weeks = row.get("relief_percent"), row.get("relief_weeks")
    if percent in (None, ""):
        return ""
    return f"{percent}%" + (f" for {weeks} wk" if weeks not in (None, "") else "")


# --- Medications and allergies ------------------------------------------------------------------------------
def medications_page(form: Form, v: Vocabulary, drug_names: list[str]) -> tuple[QWidget, QLabel]:
    from PySide6.QtWidgets import QCompleter

    classes = v["medication_class"]

    def med_editor(row: Form) -> QWidget:
        name = row.add(TextField("name", placeholder="Type a drug name"))
        completer = QCompleter(drug_names)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        name.widget.setCompleter(completer)  # type: ignore[attr-defined]
        unit = ChoiceField("unit", [(u, u) for u in ("mg", "mcg", "g", "mL", "mcg/h", "units", "puffs", "drops")])
        unit.combo.setItemText(0, "unit")
        fields = grid_of(
            [
                ("Medicine", name.widget),
                ("Dose", row.add(NumberField("dose")).widget),
                ("Unit", row.add(unit).widget),
                ("Times a day", row.add(NumberField("per_day")).widget),
                ("As needed", row.add(CheckField("as_needed", "")).widget),
                ("Note", row.add(TextField("note")).widget),
            ],
            columns=3,
        )
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(fields)
        layout.addWidget(hint("Listed drugs get their class automatically; for others tick the class."))
        layout.addWidget(row.add(CodesField("classes", classes, columns=6)).widget)
        return holder

    medications = RecordListField(
        "history.medications",
        [
            ("Medicine", lambda r: str(r.get("name", ""))),
            ("Dose", lambda r: f"{_num(r.get('dose'))} {r.get('unit') or ''}".strip()),
            ("How often", _how_often),
            ("Class", lambda r: ", ".join(classes.label(c) for c in r.get("classes") or [])),
            ("Note", lambda r: str(r.get("note", ""))),
        ],
        med_editor,
        noun="medicine",
        required="name",
    )
    form.add(medications)
    mme = QLabel()
    mme.setObjectName("history:mme")
    mme.setStyleSheet("font-weight: 600;")
    allergies = RecordListField(
        "history.allergies",
        [
            ("Substance", lambda r: v["allergen"].label(r.get("substance", ""))),
            ("Kind", lambda r: v["reaction_kind"].label(r.get("kind", "allergy"))),
            ("Reaction", lambda r: str(r.get("reaction", ""))),
        ],
        lambda row: grid_of(
            [
                ("Substance", row.add(ChoiceField("substance", v["allergen"])).widget),
                ("Kind", row.add(ChoiceField("kind", v["reaction_kind"])).widget),
                ("Reaction", row.add(TextField("reaction")).widget),
            ],
            columns=3,
        ),
        noun="allergy",
        required="substance",
    )
    form.add(allergies)
    none_known = form.add(CheckField("history.no_known_allergies", "No known allergies"))
    recent, recent_fields = yes_no_grid(form, "history.medicine_history", v["medicine_history"], columns=1)
    return page(
        group("Current medications", medications.widget, mme),
        group(
            "Recent medicine history (asked at every visit)",
            recent,
            quick("None of these", set_all(recent_fields, False), "history.medicine_history:all_no"),
        ),
        group("Allergies and intolerances", none_known.widget, allergies.widget),
    ), mme


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value or "")


def _how_often(row: dict[str, Any]) -> str:
    text = f"{_num(row.get('per_day'))}× a day" if row.get("per_day") not in (None, "") else ""
    return f"{text}, as needed" if row.get("as_needed") and text else "as needed" if row.get("as_needed") else text


# --- Examination -----------------------------------------------------------------------------------------------
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
    grid.setColumnStretch(3, 1)
    return holder, fields


def _sided_row(form: Form, rows: list[tuple[str, str, Callable[[str], Field]]]) -> QWidget:
    holder, grid = _sided_holder()
    for r, (label, base, make) in enumerate(rows, start=1):
        grid.addWidget(QLabel(label), r, 0)
        for c, (side, _) in enumerate(SIDES):
            grid.addWidget(form.add(make(f"{base}.{side}")).widget, r, c + 1)
    grid.setColumnStretch(3, 1)
    return holder


def exam_page(form: Form, v: Vocabulary) -> tuple[QWidget, QLabel, QLabel]:
    p = "exam."
    general = grid_of(
        [
            declared(form, v, p + "incision"),
            declared(form, v, p + "temperature_c"),
            declared(form, v, p + "gait"),
        ],
        columns=3,
    )
    motor, motor_fields = _sided_grid(form, p + "motor", v["myotome"], lambda path: SpinField(path, 0, 5))
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
            ("SLR angle (°)", p + "slr_angle", lambda path: SpinField(path, 0, 90, suffix="°")),
            ("Crossed SLR", p + "crossed_slr", YesNoField),
            ("Femoral stretch", p + "femoral_stretch", YesNoField),
        ],
    )
    reflex_fields = [form.fields[f"{base}.{side}"] for _, base, _ in reflex_rows for side, _ in SIDES]
    sij, sij_fields = yes_no_grid(form, p + "sij_tests", v["sij_test"], columns=2)
    sij_count = QLabel()
    sij_count.setObjectName("exam:sij_count")
    tender, _ = yes_no_grid(form, p + "tenderness", v["tenderness"], columns=2)
    waddell, _ = yes_no_grid(form, p + "waddell", v["waddell"], columns=1)
    waddell_count = QLabel()
    waddell_count.setObjectName("exam:waddell_count")
    neuro = QWidget()
    row = QHBoxLayout(neuro)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(group("Motor (MRC 0-5)", motor, quick("All 5/5", set_all(motor_fields, 5), "exam.motor:all5")))
    normal = [*sensation_fields, *reflex_fields]

    def all_normal() -> None:
        for field in sensation_fields:
            field.set("normal")
        for field in reflex_fields:
            field.set("2")
        for field in normal:
            field.edited.emit()

    row.addWidget(
        group("Sensation", sensation, quick("All normal (with reflexes 2+)", all_normal, "exam.sensation:normal"))
    )
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


# --- Imaging and tests ------------------------------------------------------------------------------------------
def studies_page(form: Form, v: Vocabulary, surgeries: list[tuple[int, str]]) -> QWidget:
    surgery_labels = dict(surgeries)

    def editor(row: Form) -> QWidget:
        levels = LevelsField("levels")
        row.add(levels)
        findings = FindingsField("findings", v["finding"], levels)
        top = grid_of(
            [
                ("Study", row.add(ChoiceField("kind", v["study_type"])).widget),
                ("Date", row.add(TextField("performed", placeholder="YYYY-MM-DD")).widget),
                ("After surgery", row.add(ChoiceField("follows_surgery_id", surgeries, empty="—")).widget),
                ("Levels", levels.widget),
            ],
            columns=2,
        )
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(row.add(findings).widget)
        layout.addWidget(QLabel("Lab values (leave empty if not done)"))
        layout.addWidget(row.add(LabsField("labs", v["lab_test"])).widget)
        layout.addWidget(row.add(TextField("report", multiline=True, placeholder="Report text")).widget)
        return holder

    studies = RecordListField(
        "studies",
        [
            ("Study", lambda r: v["study_type"].label(r.get("kind", ""))),
            ("Date", lambda r: str(r.get("performed", ""))),
            ("Levels", lambda r: ", ".join(r.get("levels") or [])),
            ("Findings", lambda r: _findings(r, v)),
            ("After", lambda r: surgery_labels.get(r.get("follows_surgery_id") or 0, "")),
        ],
        editor,
        noun="study",
        required="kind",
    )
    form.add(studies)
    return page(
        group(
            "Imaging and tests",
            hint(
                "After spine surgery, contrast MRI tells recurrent disc (no central enhancement) from scar "
                "(enhances); fine-cut CT shows whether a fusion has healed. MRI in the first month is hard to read."
            ),
            studies.widget,
        )
    )


def _findings(row: dict[str, Any], v: Vocabulary) -> str:
    parts = [
        f"{f.get('level') or ''} {v['finding'].label(f.get('finding', '')).lower()}".strip()
        for f in row.get("findings") or []
    ]
    labs = [f"{v['lab_test'].label(lab.get('test', ''))} {_num(lab.get('value'))}" for lab in row.get("labs") or []]
    return "; ".join(parts + labs)


# --- Questionnaires and assessment ------------------------------------------------------------------------------
def questionnaires_page(
    form: Form, instruments: dict[str, Instrument], patient_sex: str
) -> tuple[QTabWidget, dict[str, QuestionnaireField]]:
    tabs = QTabWidget()
    tabs.setObjectName("questionnaireTabs")
    fields = {}
    for code, instrument in instruments.items():
        field = QuestionnaireField(instrument, patient_sex=patient_sex)
        form.add(field)
        area = page(field.widget)
        tabs.addTab(area, instrument.name)
        fields[code] = field

        unit = "%" if instrument.method == "percent_of_answered" else ""

        def retitle(result: Any, index: int = tabs.count() - 1, name: str = instrument.name, unit: str = unit) -> None:
            total = result.total
            text = name if total is None else f"{name} {total:g}{unit}"
            tabs.setTabText(index, ("⚠ " if result.alerts else "") + text)

        field.scored.connect(retitle)
    return tabs, fields


def assessment_page(form: Form, v: Vocabulary) -> QWidget:
    p = "assessment."
    generators = CodesField(p + "generators", v["pain_generator"], columns=2)
    for code, box in generators.boxes.items():
        choice = v["pain_generator"].get(code)
        if choice is not None:
            box.setToolTip(f"Cause group: {choice.extra.get('group', '')}")
    icd = v["icd10"]
    codes = CodesField(p + "icd10", icd, columns=2)
    for code, box in codes.boxes.items():
        choice = icd.get(code)
        if choice is not None:
            box.setText(f"{code}  {choice.label}" + ("  (unconfirmed)" if choice.extra.get("unconfirmed") else ""))
    pain_type = grid_of([("Pain type", form.add(ChoiceField(p + "pain_type", v["pain_type"])).widget)])
    return page(
        group("Likely pain generators", form.add(generators).widget),
        group("Pain type", pain_type),
        group(
            "ICD-10-CM codes",
            hint("M96.1 needs the chart to link the pain to the earlier operation (the index surgery)."),
            form.add(codes).widget,
        ),
        group("Assessment note", form.add(TextField(p + "note", multiline=True)).widget),
    )
