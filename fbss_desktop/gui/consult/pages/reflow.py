"""Grids that reflow: a form's label/field pairs, check boxes or side-by-side boxes take as many columns as the
page's width holds, up to the number the form asks for. On a 1366×768 laptop a page takes fewer columns and
grows downwards; it never scrolls sideways.

A grid is laid out again only when its width changes the number of columns that fit. The width a column needs
is read from its cells' size hints; a word-wrapped label counts as wide as metrics.WRAPPED_LABEL_WIDTH at most,
since it can wrap to that.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLayoutItem, QStyle, QWidget

from fbss_desktop.gui import metrics


class Stretch(Enum):
    """Where a reflowing grid's spare width goes."""

    TRAILING = "trailing"  # to an empty column after the last (a form's pairs keep their natural widths)
    LABELS = "labels"  # to each pair's first cell (a yes/no question's label, beside its buttons)
    EVEN = "even"  # to every column alike (check boxes; boxes side by side)


class Reflow(QObject):
    """Keeps `holder`'s grid at the most columns (of `span` cells each, at most `columns`) its width holds."""

    def __init__(self, holder: QWidget, *, columns: int, span: int, stretch: Stretch) -> None:
        super().__init__(holder)
        layout = holder.layout()
        assert isinstance(layout, QGridLayout), "only a grid reflows"
        self.holder, self.grid = holder, layout
        self.most, self.span, self.stretch = max(columns, 1), max(span, 1), stretch

        def position(index: int) -> tuple[int, int]:
            where: Any = layout.getItemPosition(index)  # (row, column, rows, columns); typed as object
            return int(where[0]), int(where[1])

        items = sorted(range(layout.count()), key=position)
        self.cells: list[tuple[QWidget, Qt.AlignmentFlag]] = [
            (widget, item.alignment())
            for i in items
            if (item := layout.itemAt(i)) is not None and (widget := _widget(item)) is not None
        ]
        self.columns = 0
        self.arrange(self.most)
        holder.installEventFilter(self)
        # A page in a scroll area is squeezed to its minimum height, and a wrapped label's minimum is one line:
        # each keeps the height of every line it wraps to at the width it is given ("…incontinence)" was cut).
        self.wrapped = [w for w, _ in self.cells if isinstance(w, QLabel) and w.wordWrap()]
        for label in self.wrapped:
            label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.holder and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.arrange(self.fitting(self.holder.contentsRect().width()))
        elif event.type() == QEvent.Type.Resize and isinstance(watched, QLabel) and watched in self.wrapped:
            needed = watched.heightForWidth(watched.width())
            if needed > 0 and watched.minimumHeight() != needed:
                watched.setMinimumHeight(needed)
        return False

    def spacing(self) -> int:
        spacing = self.grid.horizontalSpacing()
        if spacing < 0:
            spacing = self.holder.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return max(spacing, 0)

    def column_width(self) -> int:
        """The width one column of pairs needs: each cell of a pair as wide as the widest in its place."""
        widths = [0] * self.span
        for i, (widget, _) in enumerate(self.cells):
            widths[i % self.span] = max(widths[i % self.span], _width(widget))
        return sum(widths) + self.spacing() * (self.span - 1)

    def fitting(self, width: int) -> int:
        """How many columns `width` holds (one at the least)."""
        step = self.column_width() + self.spacing()
        return max(1, min(self.most, (width + self.spacing()) // max(step, 1)))

    def arrange(self, columns: int) -> None:
        self.holder.setMinimumWidth(max(metrics.REFLOW_MIN_WIDTH, self.column_width()))
        if columns == self.columns:
            return
        self.columns = columns
        grid = self.grid
        for widget, _ in self.cells:
            grid.removeWidget(widget)
        for i, (widget, alignment) in enumerate(self.cells):
            pair, place = divmod(i, self.span)
            row, column = divmod(pair, columns)
            grid.addWidget(widget, row, column * self.span + place, alignment)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        if self.stretch is Stretch.TRAILING:
            grid.setColumnStretch(columns * self.span, 1)
        else:
            step = self.span if self.stretch is Stretch.LABELS else 1
            for column in range(0, columns * self.span, step):
                grid.setColumnStretch(column, 1)
        grid.invalidate()


def reflowing(
    holder: QWidget, columns: int, *, span: int = metrics.PAIR_SPAN, stretch: Stretch = Stretch.TRAILING
) -> QWidget:
    """`holder` (a widget laid out by a grid of `columns` columns, `span` cells each), made to reflow."""
    Reflow(holder, columns=columns, span=span, stretch=stretch)
    return holder


def side_by_side(*widgets: QWidget) -> QWidget:
    """`widgets` beside each other where the page is wide enough, else one above the other."""
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    for column, widget in enumerate(widgets):
        grid.addWidget(widget, 0, column)
    return reflowing(holder, len(widgets), span=1, stretch=Stretch.EVEN)


def _widget(item: QLayoutItem) -> QWidget | None:
    widget = item.widget()
    return widget if isinstance(widget, QWidget) else None


def _width(widget: QWidget) -> int:
    hint = max(widget.sizeHint().width(), widget.minimumWidth())
    if isinstance(widget, QLabel) and widget.wordWrap():
        return min(hint, metrics.WRAPPED_LABEL_WIDTH)
    return hint
