"""Every field of the consult editor survives save, reopen, case-file export and import.

A fidelity test over `editor.form.fields`, so a widget added to the editor is covered without touching this
file: each field gets a valid value that differs from what a blank consult shows, chosen by the field's class
(a field of a class this test does not know fails it). The values are put in with `Field.set` (then `edited`
is emitted, as the editor's own quick buttons do): driving over 200 inputs by mouse would test the widgets,
which the other GUI tests do, rather than the round trip. Everything else goes as a person works: list rows
are added with their Add button, the consult is saved with Ctrl+S, closed, and reopened from the patient
panel. The patient's case file is then exported, written to disk, read back and imported into a fresh
database.

"No known allergies" and a listed allergy exclude each other, so two consults are filled: the second ticks
"no known allergies" and lists none, and uses other choices, so each field holds a value other than the
blank consult's in at least one of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.gui.consult.editor import ConsultEditor, section_of
from fbss_desktop.gui.consult.fields import (
    CheckField,
    ChoiceField,
    CodesField,
    Field,
    NumberField,
    SpinField,
    TextField,
    YesNoField,
)
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.questionnaire_field import QuestionnaireField
from fbss_desktop.gui.consult.regions import RegionCodesField
from fbss_desktop.gui.consult.study_fields import FindingsField, LabsField, LevelsField
from fbss_desktop.services import catalogues
from fbss_desktop.services.casefile import read_case_file
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.gui.conftest import activate, click, click_row, find_patient, go_to

MRN = "EVERY-1"
MIN_FIELDS = 100

# Values the field's class cannot tell: dates typed as text, numbers whose range only the core knows, and
# choices another field depends on. Paths inside a list's row are written "list[].key".
DATES = {
    "history.prior_procedures[].performed": "2026-03",
    "studies[].performed": "2026-10-02",
}
NUMBERS: dict[str, int | float] = {
    "history.recurrence_weeks": 16,
    "history.pain_duration_months": 30,
    "history.hba1c_percent": 7.2,
    "history.egfr": 48.5,
    "history.creatinine_mg_dl": 1.15,
    "history.weight_kg": 71.5,
    "history.medications[].dose": 7.5,
    "history.medications[].per_day": 3,
    "history.prior_procedures[].relief_percent": 60,
    "history.prior_procedures[].relief_weeks": 10,
    "history.prior_procedures[].steroid_mpe_mg": 80.5,
    "exam.temperature_c": 37.4,
}
DEFAULT_NUMBER = 12  # a new number field starts here; a save it refuses names the field and the reason
FIXED: dict[str, Any] = {
    "history.spine_operations": 3,  # not fewer than the two operations on record
    "history.course": "improved_then_recurred",  # the only course that allows weeks until the pain came back
    "history.medications[].unit": "mcg",  # a patch (mcg/h) has no "times a day"
}
# The two consults: their dates, a shift of the choices, and the values that exclude each other.
CONSULTS: tuple[dict[str, Any], ...] = (
    {"consult_date": "2026-11-20", "shift": 0, "fixed": {"history.no_known_allergies": False}},
    {
        "consult_date": "2026-11-19",
        "shift": 1,
        "fixed": {"history.no_known_allergies": True, "history.allergies": []},
    },
)

# Paths (as the failure names them) that a known defect of the app loses or changes, each with its cause; the
# test fails on any other loss, and on a path listed here that is no longer lost. None today.
KNOWN_LOST: set[str] = set()


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A question nobody answers would block the run: unless a test says otherwise, discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


# --- choosing values ----------------------------------------------------------------------------------------
def pick(options: list[Any], n: int, avoid: Any = None) -> Any:
    """The n-th option (cycling), skipping the one the field shows now, so the value is never the default."""
    usable = [o for o in options if o != avoid] or options
    assert usable, "a field with nothing to choose"
    return usable[n % len(usable)]


class Filler:
    """Gives each field a valid value that differs from the blank consult's, varied from field to field."""

    def __init__(self, editor: ConsultEditor, shift: int, fixed: Mapping[str, Any], patient_sex: str) -> None:
        self.editor = editor
        self.shift = shift
        self.fixed = {**FIXED, **fixed}
        self.patient_sex = patient_sex
        self.labs = catalogues.vocabulary()["lab_test"]

    def value_for(self, path: str, field: Field, n: int) -> Any:
        """The value to give `field` (`path` is its generic path, `n` its place in the form plus the shift)."""
        current = field.get()
        if path in self.fixed:
            return self.fixed[path]
        if isinstance(field, YesNoField):
            return n % 2 == 0  # both answers, so "no" is seen to survive as well as "yes"
        if isinstance(field, CheckField):
            return True
        if isinstance(field, SpinField):
            low, high = field.box.declared
            return pick(list(range(low, high + 1)), n, current)  # 0 included: a falsy value must survive too
        if isinstance(field, NumberField):
            return NUMBERS.get(path, DEFAULT_NUMBER)
        if isinstance(field, TextField):
            if path in DATES:
                return DATES[path]
            if path == "consult_date":
                raise AssertionError("the consult date is given per consult")
            if field.text_widget.inherits("QPlainTextEdit"):
                return f"Zoë Ñúñez {path} {n}\nsecond line: 50% better, <b>not</b> bold & “quoted”"
            return f"Zoë {path} #{n}"
        if isinstance(field, ChoiceField):
            options = [field.combo.itemData(i) for i in range(1, field.combo.count())]
            return pick(options, n, current)
        if isinstance(field, CodesField | RegionCodesField):
            codes = list(field.boxes)
            first = pick(codes, n)
            second = pick(codes, n + 1, first)
            return [code for code in codes if code in (first, second)]  # in the list's own order
        if isinstance(field, LevelsField):
            return ["L4-L5", "L5-S1"]
        if isinstance(field, FindingsField):
            codes = list(field.checks.boxes)
            levels = field.levels.get()
            assert levels, f"{path}: the study's levels are set before its findings"
            return [
                {"level": levels[0], "finding": pick(codes, n)},
                {"level": levels[-1], "finding": pick(codes, n + 1)},
                {"level": "", "finding": pick(codes, n + 2)},
            ]
        if isinstance(field, LabsField):
            values = []
            for code in field.edits:
                extra = self.labs.get(code).extra
                values.append({"test": code, "value": round(extra["min"] + (extra["max"] - extra["min"]) / 3, 1)})
            return values
        if isinstance(field, QuestionnaireField):
            instrument = field.instrument
            versions = [code for code, _label in instrument.versions]
            value: dict[str, Any] = {
                "version": versions[-1] if versions else instrument.version,
                "answers": [item.options[(n + i) % len(item.options)].value for i, item in enumerate(instrument.items)],
            }
            if instrument.sex_specific:
                value["scored_as"] = "M" if self.patient_sex == "F" else "F"  # not the patient's own
            return value
        raise AssertionError(f"{path}: no value for a {type(field).__name__}; teach this test that field class")

    def fill(self, qtbot) -> tuple[dict[str, Any], set[str]]:
        """Fill every field; the values the editor now holds by path, and the paths whose value was changed."""
        editor = self.editor
        expected: dict[str, Any] = {}
        changed: set[str] = set()
        wrong: list[str] = []
        for place, (path, field) in enumerate(editor.form.fields.items()):
            before = field.get()
            if isinstance(field, RecordListField):
                row = self.fill_row(qtbot, path, field, place + self.shift)
                value = [] if row is None else [row]
            else:
                value = self.value_for(path, field, place + self.shift)
                field.set(value)
                field.edited.emit()  # as the editor's quick buttons do after setting a field
            got = field.get()
            if not holds(got, value):
                wrong.append(f"{path}: set {value!r}, the field gives {got!r}")
            expected[path] = got
            if got != before:
                changed.add(path)
        assert not wrong, "fields that do not take a valid value:\n" + "\n".join(wrong)
        return expected, changed

    def fill_row(self, qtbot, path: str, field: RecordListField, n: int) -> dict[str, Any] | None:
        """Fill the list's row editor in every sub-field and add the row with its Add button."""
        if path in self.fixed:
            field.set(self.fixed[path])
            return None
        section = section_of(path)
        assert section is not None, path
        go_to(qtbot, self.editor, section)
        sub_fields = field.row_form.fields
        later = [key for key, sub in sub_fields.items() if isinstance(sub, FindingsField)]
        for place, key in enumerate([k for k in sub_fields if k not in later] + later):
            sub = sub_fields[key]
            sub.set(self.value_for(f"{path}[].{key}", sub, n + place))
            sub.edited.emit()
        row = field.row_form.document()
        missing = sorted(set(sub_fields) - set(row))
        assert not missing, f"{path}: the row editor leaves out {missing}"
        click(qtbot, field.add_button)
        assert field.get() == [row], f"{path}: Add gave {field.get()!r}, expected the row {row!r}"
        return row


# --- comparing ---------------------------------------------------------------------------------------------
MISSING = "<missing>"


def differences(path: str, expected: Any, actual: Any) -> dict[str, str]:
    """Path -> what happened, for each value of `expected` that `actual` does not hold. A stored record may add
    keys (computed totals, defaults such as a lab's unit) but may not drop or change any; list items are
    compared one by one, so a loss inside a list row is named at its own path ("studies[0].labs[3].value")."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        found: dict[str, str] = {}
        for key, value in expected.items():
            found |= differences(f"{path}.{key}", value, actual.get(key, MISSING))
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            missing = [item for item in expected if not any(holds(got, item) for got in actual)]
            return {path: f"expected {len(expected)} items, got {len(actual)}; not kept: {missing!r}"}
        found = {}
        for i, (want, got) in enumerate(zip(expected, actual, strict=True)):
            found |= differences(f"{path}[{i}]", want, got)
        return found
    same = actual is expected if isinstance(expected, bool) or isinstance(actual, bool) else actual == expected
    return {} if same else {path: f"expected {expected!r}, got {actual!r}"}


def holds(actual: Any, expected: Any) -> bool:
    return not differences("", expected, actual)


def at(document: Mapping[str, Any], path: str) -> Any:
    node: Any = document
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return MISSING
        node = node[key]
    return node


def lost(expected: Mapping[str, Any], actual: Callable[[str], Any]) -> dict[str, str]:
    """Path -> what happened, for every expected value that `actual(path)` does not hold."""
    found: dict[str, str] = {}
    for path, value in expected.items():
        found |= differences(path, value, actual(path))
    return found


def report(problems: Mapping[str, Mapping[str, str]]) -> None:
    """Fail with every value lost or changed, stage by stage, leaving out the known losses (and failing on a
    known loss that no longer happens, so KNOWN_LOST shrinks with its fix)."""
    seen = {path for found in problems.values() for path in found}
    lines = [
        f"  {where}: {path}: {message}"
        for where, found in problems.items()
        for path, message in sorted(found.items())
        if path not in KNOWN_LOST
    ]
    assert not lines, f"{len(lines)} value(s) lost or changed:\n" + "\n".join(lines)
    assert KNOWN_LOST <= seen, f"no longer lost, take them out of KNOWN_LOST: {sorted(KNOWN_LOST - seen)}"


def translated(value: Any, key: str, ids: Mapping[str, Mapping[Any, Any]]) -> Any:
    """`value` with database ids of surgeries and clinicians replaced by those of the importing database."""
    if isinstance(value, Mapping):
        return {k: translated(v, k, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [translated(v, key, ids) for v in value]
    if value is not None and key.endswith("surgery_id"):
        return ids["surgery"].get(value, f"<surgery {value} has no match in the importing database>")
    if value is not None and key == "clinician_id":
        return ids["clinician"].get(value, f"<clinician {value} has no match in the importing database>")
    return value


# --- the window -----------------------------------------------------------------------------------------------
def open_patient(open_window, qtbot, tmp_path):
    """A clinic with clinicians, and a patient with two operations, open in the patient panel."""
    window = open_window(demo=1, recovery_dir=tmp_path / "recovery")
    clinic = window.clinic
    patient, _ = clinic.patients.save(
        PatientInput(mrn=MRN, family_name="Núñez-Łukasiewicz", given_names="Zoë", date_of_birth="1968-03-14", sex="F")
    )
    for performed, procedure in (("2019-05", "DISCECTOMY"), ("2024-02-12", "DISCECTOMY")):
        clinic.patients.save_surgery(
            SurgeryInput(patient_id=patient.id, performed=performed, procedure=procedure, levels="L4-L5")
        )
    find_patient(qtbot, window, MRN)
    return window, patient


@pytest.fixture
def editors():
    """The editors the test opens; one still open at the end is closed. (qtbot does not hold them: an editor
    deletes itself when closed, and qtbot would close a deleted one again after a failure.)"""
    opened: list[ConsultEditor] = []
    yield opened
    for editor in opened:
        if shiboken6.isValid(editor) and editor.isVisible():
            editor.close()


def new_consult(window, editors) -> ConsultEditor:
    before = set(window.editors.values())
    window.panel.blank_action.trigger()  # New consult ▸ Start blank
    (editor,) = set(window.editors.values()) - before
    editors.append(editor)
    return editor


def reopen(window, qtbot, editors, consult_id: int) -> ConsultEditor:
    """Select the consult in the patient panel and press Open consult."""
    view = window.panel.consult_view
    for row in range(view.model().rowCount()):
        click_row(qtbot, view, row)
        if window.panel.selected_consult().id == consult_id:
            break
    click(qtbot, window.panel.open_consult)
    editor = window.editors[consult_id]
    editors.append(editor)
    return editor


def save_with_ctrl_s(qtbot, window, editor: ConsultEditor, patient_id: int) -> int:
    assert editor.dirty
    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    if editor.consult_id is None or editor.dirty:
        try:
            window.clinic.consults.check(patient_id, {k: v for k, v in editor.document().items() if k != "plan"})
            why: Any = editor.problems.text()
        except ValidationError as exc:
            why = exc.errors
        pytest.fail(f"the filled consult was not saved: {why}")
    return editor.consult_id


def test_every_field_survives_save_reopen_export_and_import(open_window, qtbot, tmp_path, editors):
    window, patient = open_patient(open_window, qtbot, tmp_path)
    clinic = window.clinic
    saved: list[dict[str, Any]] = []  # each consult's values by path
    problems: dict[str, dict[str, str]] = {}  # where -> path -> what happened
    changed_somewhere: set[str] = set()

    for consult in CONSULTS:
        day = consult["consult_date"]
        editor = new_consult(window, editors)
        filler = Filler(editor, consult["shift"], {"consult_date": day, **consult["fixed"]}, patient.sex.value)
        expected, changed = filler.fill(qtbot)
        saved.append(expected)
        changed_somewhere |= changed
        consult_id = save_with_ctrl_s(qtbot, window, editor, patient.id)

        # (1) in the stored document, in the editor (which shows the consult as saved), and in an editor
        # opened afresh from the patient panel
        stored = clinic.consults.open(consult_id).document
        problems[f"stored consult of {day}"] = lost(expected, lambda p, d=stored: at(d, p))
        problems[f"editor after saving {day}"] = lost(expected, lambda p, e=editor: e.form.fields[p].get())
        click(qtbot, editor.close_button)
        assert consult_id not in window.editors
        again = reopen(window, qtbot, editors, consult_id)
        assert set(again.form.fields) == set(expected)
        problems[f"reopened editor of {day}"] = lost(expected, lambda p, e=again: e.form.fields[p].get())
        assert not again.dirty
        click(qtbot, again.close_button)

    paths = set().union(*saved)
    assert len(paths) >= MIN_FIELDS, f"only {len(paths)} fields were filled; the form was not found whole"
    never = sorted(paths - changed_somewhere)
    assert not never, f"fields left at the blank consult's value in every consult: {never}"

    # (2) through the patient's case file, into a fresh database
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(clinic.case_files.export(MRN), ensure_ascii=False, indent=1), "utf-8")
    case = read_case_file(case_path)
    # The storage layer has one database at a time: read what the comparison needs before opening the other.
    surgeries_here = clinic.patients.open(patient.id).surgeries
    clinicians_here = clinic.setup.clinicians(active_only=False)
    other = Clinic.open(f"sqlite:///{tmp_path}/imported.sqlite3", backup_dir=None, today=lambda: TODAY)
    try:
        imported = other.case_files.add(case, name=case_path.name)[0].patient
        record = other.patients.open(imported.id)
        ids = {
            "surgery": {
                s.id: t.id
                for s in surgeries_here
                for t in record.surgeries
                if (str(s.performed), s.procedure) == (str(t.performed), t.procedure)
            },
            "clinician": {
                c.id: d.id
                for c in clinicians_here
                for d in other.setup.clinicians(active_only=False)
                if c.full_name == d.full_name
            },
        }
        assert len(ids["surgery"]) == len(surgeries_here), "the imported surgeries are not the exported ones"
        by_date = {str(c.consult_date): c.id for c in record.consults}
        assert sorted(by_date) == sorted(e["consult_date"] for e in saved)
        for expected in saved:
            day = expected["consult_date"]
            document = other.consults.open(by_date[day]).document
            wanted = {p: translated(v, p.rsplit(".", 1)[-1], ids) for p, v in expected.items()}
            problems[f"imported consult of {day}"] = lost(wanted, lambda p, d=document: at(d, p))
    finally:
        other.close()
    report(problems)


def test_a_decimal_reopens_with_every_digit_it_was_saved_with(open_window, qtbot, tmp_path, editors):
    """Reopening puts each stored value back with `Field.set` (Form.load): a typed decimal must come back whole."""
    window, _ = open_patient(open_window, qtbot, tmp_path)
    editor = new_consult(window, editors)
    fields = dict(editor.form.fields)
    for path, field in editor.form.fields.items():
        if isinstance(field, RecordListField):
            fields |= {f"{path}[].{key}": sub for key, sub in field.row_form.fields.items()}
    changed = []
    for path, field in fields.items():
        if isinstance(field, NumberField):
            value: Any = 12500.25
        elif isinstance(field, LabsField):
            value = [{"test": code, "value": 123.4567} for code in field.edits]
        else:
            continue
        field.set(value)
        if field.get() != value:
            changed.append(f"{path}: set {value!r}, shows {field.get()!r}")
    assert not changed, "decimals changed on reopening:\n" + "\n".join(changed)
