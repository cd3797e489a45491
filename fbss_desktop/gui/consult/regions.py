"""What the consult editor shows for the region a consult is about: a lumbar consult's back and leg scores,
straight-leg raise, L2-S1 examination, sacroiliac tests and ODI; a cervical consult's neck and arm scores,
Spurling test, C5-T1 examination and NDI.

The pages tag their region-only parts here (`part`, `tab`); the editor's region field (history.region) decides
which show. A part of the other region that holds a value still shows, so nothing a consult recorded is ever
hidden (history is read as it was written); a part only hides, it never clears. A consult stored without a
region reads as lumbar, as core reads it (`consult_record.region_of`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout, QWidget

from fbss_desktop.core.consult_record import region_of
from fbss_desktop.core.vocabulary import ChoiceList
from fbss_desktop.gui.consult.fields import CodesField, Field, Form
from fbss_desktop.gui.consult.pages.reflow import Stretch, reflowing

REGION_PATH = "history.region"


def _recorded(field: Field) -> bool:
    return field.get() not in (None, "", [], {})


class RegionView:
    """The region-only parts of one editor's pages, shown or hidden by the consult's region."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.parts: list[tuple[str, QWidget, tuple[Field, ...]]] = []
        self.tabs: list[tuple[str, QTabWidget, QWidget, tuple[Field, ...]]] = []
        form.field_edited.connect(lambda field: self.refresh() if field.path == REGION_PATH else None)

    @property
    def region(self) -> str:
        field = self.form.fields.get(REGION_PATH)
        return region_of(str(field.get() or "")) if field is not None else region_of("")

    def part(self, region: str, widget: QWidget, fields: Iterable[Field] = ()) -> QWidget:
        """`widget` shows for a consult about `region`, or while one of `fields` holds a value."""
        self.parts.append((region, widget, tuple(fields)))
        return widget

    def tab(self, region: str, tabs: QTabWidget, page: QWidget, fields: Iterable[Field] = ()) -> None:
        """The tab holding `page` shows for a consult about `region`, or while one of `fields` holds a value."""
        self.tabs.append((region, tabs, page, tuple(fields)))

    def refresh(self) -> None:
        region = self.region
        for own, widget, fields in self.parts:
            widget.setVisible(own == region or any(_recorded(f) for f in fields))
        for own, tabs, page, fields in self.tabs:
            tabs.setTabVisible(tabs.indexOf(page), own == region or any(_recorded(f) for f in fields))


def of(form: Form) -> RegionView:
    """The form's region view (made on first use, kept on the form: it lives as long as the editor)."""
    view = getattr(form, "region_view", None)
    if not isinstance(view, RegionView):
        view = RegionView(form)
        form.region_view = view  # type: ignore[attr-defined]  # a Form is a Python object; the view rides on it
    return view


class RegionCodesField(Field):
    """One list of codes (the ICD-10-CM codes) as a check grid of the codes for every region, then one grid per
    region's own codes; each region's grid is a part of the region view."""

    def __init__(self, form: Form, path: str, choices: ChoiceList, regions: Sequence[str], *, columns: int) -> None:
        holder = QWidget()
        super().__init__(path, holder)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grids: list[CodesField] = []
        self.boxes: dict[str, QCheckBox] = {}
        self.order = choices.codes
        for region in ("", *regions):
            items = tuple(c for c in choices.items if c.extra.get("region", "") == region)
            grid = CodesField(path, ChoiceList(choices.name, items), columns=columns)
            grid.widget.setObjectName(f"{path}:{region or 'every region'}")
            grid.edited.connect(self.edited)
            self.grids.append(grid)
            self.boxes.update(grid.boxes)
            widget = reflowing(grid.widget, columns, span=1, stretch=Stretch.EVEN)
            layout.addWidget(of(form).part(region, widget, [grid]) if region else widget)
        self.boxes = {code: self.boxes[code] for code in self.order}  # the list's own order, as `get` gives

    def get(self) -> list[str]:
        chosen = {code for grid in self.grids for code in grid.get()}
        return [code for code in self.order if code in chosen]

    def set(self, value: object) -> None:
        for grid in self.grids:
            grid.set(value)
