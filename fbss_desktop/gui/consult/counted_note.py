"""A multi-line note that counts its characters against the limit the consult schema sets for it ("7,950 /
8,000" under the text, a warning near the limit), so a long note is not first refused at save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from fbss_desktop.core import consult_schema
from fbss_desktop.core.fields import NOTE_MAX
from fbss_desktop.core.list_schema import ROWS
from fbss_desktop.gui import metrics

COUNT_STYLE = "color: #666; font-size: 8pt;"
COUNT_WARNING_STYLE = "color: #b03a2e; font-size: 8pt; font-weight: 600;"


def text_limit(path: str, *, multiline: bool) -> int:
    """The most characters the consult schema lets the field at `path` hold (0: no counter). A row's field is
    named by its key ("report"), found under the record that declares it; a note the schema does not name
    takes the consult's long-text limit."""
    probes = [path] + [f"{record}.{path}" for record in ROWS]
    for probe in probes:
        try:
            limit = consult_schema.spec(probe).limit
        except KeyError:
            continue
        if limit:
            return limit
    return NOTE_MAX if multiline else 0


def count_text(count: int, limit: int) -> str:
    """ "7,950 / 8,000", and how far over when past the limit."""
    over = count - limit
    return f"{count:,} / {limit:,}" + (f" — {over:,} too many" if over > 0 else "")


class CountedNote(QPlainTextEdit):
    """A multi-line note that shows how many characters it holds against its limit, under the text (inside
    the box, so the page's layout is unchanged), turning to a warning near the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.counter = QLabel(self)
        self.counter.setObjectName("characterCount")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setViewportMargins(0, 0, 0, self.counter.sizeHint().height())
        self.textChanged.connect(self._count)
        self._count()

    def _count(self) -> None:
        count = len(self.toPlainText())
        self.counter.setText(count_text(count, self.limit) if count else "")
        near = count >= self.limit * metrics.TEXT_LIMIT_WARNING_SHARE
        self.counter.setStyleSheet(COUNT_WARNING_STYLE if near else COUNT_STYLE)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        inside = self.contentsRect()
        height = self.counter.sizeHint().height()
        self.counter.setGeometry(inside.left(), inside.bottom() - height + 1, inside.width(), height)
