"""Custom flowables: the warning box, the closing kept with what precedes it, the signature line, escaped
paragraphs (the outcome chart: trend_chart.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import NullActionFlowable

from fbss_desktop.documents.fonts import REGULAR
from fbss_desktop.documents.styles import ACCENT, INK, MUTED, RULE, WARNING, styles


def text(value: str, style: str = "body") -> Paragraph:
    """A paragraph of user or catalogue text: escaped, so "<b>" or "&" print as typed."""
    return Paragraph(escape(value).replace("\n", "<br/>"), styles()[style])


def bullets(values: Sequence[str], style: str = "bullet") -> list[Paragraph]:
    return [Paragraph(escape(v), styles()[style], bulletText="•") for v in values]


def labelled(label: str, value: str) -> Paragraph:
    """ "<b>Label:</b> value", the value escaped."""
    return Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles()["body"])


def warning_box(title: str, items: Sequence[str], intro: str = "") -> Flowable:
    """A framed box of warning signs: the warning signs every plan carries."""
    return WarningBox(title, tuple(items), intro)


class WarningBox(Flowable):
    """A framed, tinted box: a title, an optional line under it, then bullets. A box that does not fit where
    it falls splits between bullets, never leaving its title with fewer than `least` of them, and its second
    part repeats the title marked "(continued)", so a long list never pushes a whole page of space ahead."""

    PAD_X, PAD_Y, BORDER = 8.0, 6.0, 1.4

    def __init__(self, title: str, items: tuple[str, ...], intro: str = "", *, continued: bool = False) -> None:
        super().__init__()
        self.title, self.items, self.intro, self.continued = title, items, intro, continued
        heading = f"{title} (continued)" if continued else title
        self._head: list[Paragraph] = [Paragraph(escape(heading), styles()["warning_title"])]
        if intro and not continued:
            self._head.append(text(intro))
        self._bullets = bullets(items, "warning")
        self._heights: list[float] = []

    def _measure(self, width: float) -> list[float]:
        """Each paragraph's height with the space after it (the last one's space is the padding's)."""
        inner = width - 2 * self.PAD_X
        return [p.wrap(inner, 1e6)[1] + p.getSpaceAfter() for p in (*self._head, *self._bullets)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        self._heights = self._measure(availWidth)
        self.height = sum(self._heights) + 2 * self.PAD_Y
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        heights = self._measure(availWidth)
        head, used, fit = len(self._head), 2 * self.PAD_Y + sum(heights[: len(self._head)]), 0
        for height in heights[head:]:
            if used + height > availHeight:
                break
            used, fit = used + height, fit + 1
        least = min(2, len(self.items))
        if fit < least or fit >= len(self.items):
            return []  # too little room for the title and its first signs: the whole box moves on
        if len(self.items) - fit < 2 and fit > least:
            fit -= 1  # never one sign alone under "(continued)"
        return [
            WarningBox(self.title, self.items[:fit], self.intro, continued=self.continued),
            WarningBox(self.title, self.items[fit:], self.intro, continued=True),
        ]

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#fdf2f0"))
        canvas.setStrokeColor(WARNING)
        canvas.setLineWidth(self.BORDER)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canvas.restoreState()
        y = self.height - self.PAD_Y
        for paragraph, height in zip((*self._head, *self._bullets), self._heights, strict=True):
            y -= height
            paragraph.drawOn(canvas, self.PAD_X, y + paragraph.getSpaceAfter())


def _height(flowable: Flowable, width: float, room: float) -> float:
    return float(flowable.wrap(width, room)[1]) + flowable.getSpaceBefore() + flowable.getSpaceAfter()


class KeepStart(Flowable):
    """Headings kept with the first lines of what follows them (reportlab's keepWithNext keeps a heading
    with all of the next flowable, which leaves half a page empty before a long list): the whole block stays
    here when it fits; when it does not, it starts here only if `least` points are left and the first
    flowable of `body` fits or splits in the room under the headings, else on the next page."""

    def __init__(self, head: Sequence[Flowable], body: Sequence[Flowable], least: float) -> None:
        super().__init__()
        self.head, self.body, self.least = list(head), list(body), least

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return availWidth, 0xFFFFFF  # always asked to split, as reportlab's KeepTogether is

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        here: list[Flowable] = [NullActionFlowable(), *self.head, *self.body]
        if getattr(getattr(self, "_frame", None), "_atTop", False):
            return here  # a fresh page cannot do better
        heads = sum(_height(f, availWidth, availHeight) for f in self.head)
        if heads + sum(_height(f, availWidth, availHeight) for f in self.body) <= availHeight:
            return here
        if availHeight < self.least or heads >= availHeight:
            return []
        if not self.body:
            return here
        first, room = self.body[0], availHeight - heads - self.body[0].getSpaceBefore()
        if _height(first, availWidth, room) <= room or first.split(availWidth, room):
            return here
        return []


class KeepEnd(Flowable):
    """`before` (paragraphs, boxes) followed by `closing` (the next visit and the signature, a handout's last
    section), laid out so the closing never starts a page alone: when all does not fit, `before` breaks so
    that at least `tail` points of it go over with the closing. A closing taller than `most` simply flows."""

    def __init__(
        self, before: Sequence[Flowable], closing: Sequence[Flowable], tail: float, most: float = 80 * mm
    ) -> None:
        super().__init__()
        self.before, self.closing, self.tail, self.most = list(before), list(closing), tail, most

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        return availWidth, 0xFFFFFF  # always asked to split, as reportlab's KeepTogether is

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        heights = [_height(f, availWidth, availHeight) for f in self.before]
        closing = sum(_height(f, availWidth, availHeight) for f in self.closing)
        if sum(heights) + closing <= availHeight or closing > self.most:
            return [NullActionFlowable(), *self.before, *self.closing]
        limit, used = min(availHeight, sum(heights) - self.tail), 0.0
        placed: list[Flowable] = []
        rest: list[Flowable] = []
        for index, (flowable, height) in enumerate(zip(self.before, heights, strict=True)):
            if used + height <= limit:
                placed.append(flowable)
                used += height
                continue
            parts = flowable.split(availWidth, limit - used) if limit - used > 0 else []
            if len(parts) == 2:  # it breaks: its first lines stay here
                placed.append(parts[0])
                rest = [parts[1], *self.before[index + 1 :]]
            else:
                rest = self.before[index:]
            break
        while placed and _is_heading(placed[-1]):
            rest.insert(0, placed.pop())  # a heading goes over with the lines under it
        if placed:
            return [NullActionFlowable(), *placed, KeepEnd(rest, self.closing, self.tail, self.most)]
        if getattr(getattr(self, "_frame", None), "_atTop", False):
            return [NullActionFlowable(), *self.before, *self.closing]  # a fresh page cannot do better
        return []  # too little of `before` is left: it moves on with the closing


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2", "label")


def data_table(
    head: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *, row_height: float | None = None
) -> Table:
    """A table whose header (if any) repeats on each page and whose rows never split across pages.
    `row_height`: the body rows' height (a form's rows, tall enough to write in by hand)."""
    s = styles()
    data = [[Paragraph(escape(h), s["cell_head"]) for h in head]] if head else []
    data += [[Paragraph(escape(c), s["cell"]) for c in row] for row in rows]
    heights = None if row_height is None else [None] * (1 if head else 0) + [row_height] * len(rows)
    table = Table(data, colWidths=list(widths), rowHeights=heights, repeatRows=1 if head else 0, splitByRow=1)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), REGULAR),  # the cell's own font: Helvetica unless set, and never embedded
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1 if head else 0), (-1, -1), [colors.white, colors.HexColor("#f4f6f6")]),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if head:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    table.setStyle(TableStyle(commands))
    return table


class SignatureLine(Flowable):
    """A line to sign on, with the clinician's name under it."""

    def __init__(self, name: str, width: float = 80 * mm) -> None:
        super().__init__()
        self.name, self.width, self.height = name, width, 18 * mm

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(INK)
        canvas.line(0, 8 * mm, self.width, 8 * mm)
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(0, 4 * mm, self.name)
        canvas.drawRightString(self.width + 60 * mm, 4 * mm, "Date: ____________________")
