"""The History page: surgery and course, pain, red flags, comorbidities, devices, social history, earlier
procedures and notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from fbss_desktop.core.vocabulary import Vocabulary
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import ChoiceField, CodesField, Field, Form, NumberField, TextField
from fbss_desktop.gui.consult.lists import RecordListField
from fbss_desktop.gui.consult.pages.helpers import (
    check_grid,
    declared,
    form_grid,
    group,
    hint,
    page,
    quick,
    set_all,
    yes_no_grid,
)
from fbss_desktop.gui.consult.regions import of as region_view
from fbss_desktop.gui.consult.study_fields import LevelsField


def history_page(form: Form, v: Vocabulary, surgeries: list[tuple[int, str]]) -> QWidget:
    p = "history."
    f: dict[str, Any] = {}

    def add(field: Field) -> QWidget:
        f[field.path] = form.add(field)
        return field.widget

    def row(key: str) -> tuple[str, QWidget]:
        return declared(form, v, p + key)

    course = form_grid(
        [
            ("Index surgery", add(ChoiceField(p + "index_surgery_id", surgeries, empty="— not linked —"))),
            row("spine_operations"),
            row("course"),
            row("recurrence_weeks"),
            row("pain_duration_months"),
        ],
        columns=metrics.FORM_COLUMNS,
    )
    regions = region_view(form)

    def scores(region: str, keys: tuple[str, ...]) -> QWidget:
        grid = form_grid([row(key) for key in keys], columns=metrics.FORM_COLUMNS)
        return regions.part(region, grid, [form.fields[p + key] for key in keys])

    lumbar = scores(
        "lumbar", ("back_nrs_now", "back_nrs_average", "leg_nrs_now", "leg_nrs_average", "leg_share_percent")
    )
    cervical = scores(
        "cervical", ("neck_nrs_now", "neck_nrs_average", "arm_nrs_now", "arm_nrs_average", "arm_share_percent")
    )
    nrs = form_grid([row("side"), row("numbness"), row("weakness")], columns=metrics.FORM_COLUMNS)
    locations = check_grid(
        add(CodesField(p + "pain_locations", v["pain_location"], columns=metrics.PAIN_LOCATION_COLUMNS)),
        metrics.PAIN_LOCATION_COLUMNS,
    )
    neuropathic = check_grid(
        add(CodesField(p + "neuropathic", v["neuropathic"], columns=metrics.CHOICE_COLUMNS)), metrics.CHOICE_COLUMNS
    )

    flags, flag_fields = yes_no_grid(form, p + "red_flags", v["red_flag"])
    comorbid, comorbid_fields = yes_no_grid(form, p + "comorbidities", v["comorbidity"])
    labs = form_grid(
        [
            row("hba1c_percent"),
            row("egfr"),
            row("creatinine_mg_dl"),
            row("weight_kg"),
        ],
        columns=metrics.DENSE_FORM_COLUMNS,
    )
    devices, device_fields = yes_no_grid(form, p + "devices", v["device"], columns=metrics.CHOICE_COLUMNS)
    social = form_grid(
        [
            row("smoking"),
            row("alcohol"),
            row("substance_use"),
            row("prior_overdose"),
            row("work_status"),
            row("litigation"),
            row("compensation_claim"),
        ],
        columns=metrics.FORM_COLUMNS,
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
        lambda row: form_grid(
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
            columns=metrics.DENSE_FORM_COLUMNS,
        ),
        noun="procedure",
        required="procedure",
    )
    form.add(procedures)
    notes = add(TextField(p + "notes", multiline=True, placeholder="History in your own words"))
    return page(
        group("Surgery and course", course),
        group(
            "Pain", lumbar, cervical, nrs, QLabel("Where"), locations, QLabel("Neuropathic descriptors"), neuropathic
        ),
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
