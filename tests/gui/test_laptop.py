"""Every screen on a 1366×768 laptop: the consult editor's buttons on the screen, no section scrolling
sideways, the plan's details with room to read, the main window inside the screen, the outcome chart's axes
numbered and its legend naming each line, and Ctrl+W closing any editor."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shiboken6
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QGraphicsTextItem, QGroupBox, QMessageBox, QScrollArea, QTabWidget, QWidget

from fbss_desktop.core.outcomes import Trend, TrendPoint
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.editor import PLAN, QUESTIONNAIRES
from fbss_desktop.gui.consult.plan_items import COL_DETAILS
from fbss_desktop.gui.screen import FRAME_HEIGHT, FRAME_WIDTH, fitting, place
from fbss_desktop.gui.widgets.patient_panel import trend_summary
from tests.gui.conftest import activate, click, click_row, click_tab, go_to, type_text

LAPTOP = QRect(0, 0, 1366, 768)
TEXT_ITEM = 8  # QGraphicsTextItem.Type
PAIR = 2


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def open_a_consult(qtbot, window, status: str = "", *, with_plan: bool = False):
    """Open (Enter on its row) the first demo consult of `status` (whose plan has items, if asked)."""
    for row in range(window.patient_model.rowCount()):
        click_row(qtbot, window.patient_view, row)
        model = window.panel.consult_model
        for consult_row in range(model.rowCount()):
            consult = model.row_object(consult_row)
            if not status or consult.status == status:
                click_row(qtbot, window.panel.consult_view, consult_row)
                qtbot.keyClick(window.panel.consult_view, Qt.Key.Key_Return)
                editor = window.editors[consult.id]
                qtbot.addWidget(editor)
                if not with_plan or editor.plan_builder.items_model.rowCount():
                    return editor
    raise AssertionError("no consult")


def laptop_editor(qtbot, window, status: str = ""):
    """A consult's editor sized as the app sizes it on a 1366×768 laptop."""
    editor = open_a_consult(qtbot, window, status)
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=LAPTOP)
    qtbot.waitUntil(lambda: editor.size() == fitting(*metrics.CONSULT_WINDOW_SIZE, free=LAPTOP))
    return editor


def test_the_consult_editors_buttons_stay_on_a_laptop_screen_even_with_a_long_message(open_window, qtbot):
    window = open_window(demo=6)
    editor = laptop_editor(qtbot, window, "draft")
    free = LAPTOP.adjusted(0, 0, -FRAME_WIDTH, -FRAME_HEIGHT)
    type_text(qtbot, editor.form.fields["consult_date"].widget, "not a date " * 30)
    click(qtbot, editor.save_button)
    assert editor.problems.text().startswith("Not saved")
    for problem in (editor.problems.text(), "Not saved: " + "a refusal that explains itself at length " * 40):
        editor.problems.setText(problem)  # the longest message a refused save can bring
        qtbot.wait(50)
        assert free.contains(editor.frameGeometry().topLeft())
        assert editor.width() <= free.width() and editor.height() <= free.height(), editor.size()
        buttons = [editor.save_button, editor.sign_button, editor.finalize_button, editor.print_button]
        for button in [*buttons, editor.close_button]:
            if button.isVisibleTo(editor):
                where = QRect(button.mapTo(editor, QPoint(0, 0)), button.size())
                assert editor.rect().contains(where), button.text()
    assert editor.close_button.isVisibleTo(editor) and editor.save_button.isVisibleTo(editor)


def scroll_areas(page: QWidget) -> list[QScrollArea]:
    return [page] if isinstance(page, QScrollArea) else page.findChildren(QScrollArea)


def test_no_consult_section_scrolls_sideways_on_a_laptop(open_window, qtbot):
    window = open_window(demo=6)
    editor = laptop_editor(qtbot, window)
    for section in range(editor.pages.count()):
        go_to(qtbot, editor, section)
        page = editor.pages.currentWidget()
        tabs = page if isinstance(page, QTabWidget) else None
        for tab in range(tabs.count() if tabs else 1):
            if tabs and not tabs.isTabVisible(tab):
                continue  # the other region's questionnaire (the NDI of a lumbar consult)
            if tabs:
                click_tab(qtbot, tabs, tab)
            qtbot.wait(20)
            for area in scroll_areas(tabs.currentWidget() if tabs else page):
                if area.isVisible():
                    bar = area.horizontalScrollBar()
                    assert not bar.isVisible() or bar.maximum() == 0, (section, tab, area.objectName())
                    inner = area.widget()
                    assert inner is None or inner.width() <= area.viewport().width(), (section, tab)


@pytest.mark.parametrize("screen", [LAPTOP, QRect(0, 0, 1920, 1080)])
def test_the_plan_shows_its_details_with_room_and_several_goals(open_window, qtbot, screen):
    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window, with_plan=True)
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=screen)
    go_to(qtbot, editor, PLAN)
    builder = editor.plan_builder
    qtbot.wait(50)
    assert builder.items_view.columnWidth(COL_DETAILS) >= metrics.PLAN_DETAILS_MIN_WIDTH
    assert builder.item_editor.width() >= metrics.PLAN_DETAILS_MIN_WIDTH
    goals = builder.goals.view
    rows_shown = (goals.viewport().height()) / goals.verticalHeader().defaultSectionSize()
    assert rows_shown >= metrics.GOALS_MIN_ROWS
    items = builder.items_view
    two_lines = metrics.PLAN_ITEM_LINES * items.fontMetrics().lineSpacing()
    assert items.viewport().height() >= two_lines * metrics.PLAN_ITEMS_MIN_ROWS  # four items, read whole
    for box in builder.findChildren(QGroupBox):  # no box's title cut short
        assert box.fontMetrics().horizontalAdvance(box.title()) < box.width(), box.title()


def test_ctrl_w_closes_a_signed_consults_editor(open_window, qtbot):
    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window, "signed")
    assert editor.amend_button.isVisibleTo(editor)  # signed: read-only until amended
    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert editor not in window.editors.values()


def test_the_main_window_fits_the_laptop_screen(open_window, qtbot):
    window = open_window()
    place(window, *metrics.MAIN_WINDOW_SIZE, free=LAPTOP)
    free = LAPTOP.adjusted(0, 0, -FRAME_WIDTH, -FRAME_HEIGHT)
    assert free.contains(QRect(window.pos(), window.size()))
    assert window.minimumSizeHint().height() <= free.height()


def axis_texts(chart) -> list[str]:
    """The text the chart draws (axis numbers and titles, legend): a number with no room shows as "..."."""
    texts = []
    for item in chart.scene().items():
        if item.type() == TEXT_ITEM:
            text_item = item.toGraphicsObject()  # a QGraphicsTextItem is a QGraphicsObject: its own type
            if not isinstance(text_item, QGraphicsTextItem):
                text_item = shiboken6.wrapInstance(shiboken6.getCppPointer(item)[0], QGraphicsTextItem)
            texts.append(text_item.toPlainText())
    return texts


def test_the_outcome_chart_numbers_its_axes_and_names_every_line_on_a_laptop(open_window, qtbot):
    window = open_window(demo=6)
    place(window, *metrics.MAIN_WINDOW_SIZE, free=LAPTOP)
    for row in range(window.patient_model.rowCount()):
        click_row(qtbot, window.patient_view, row)
        if window.panel.chart is not None and len(window.panel.chart.mcid_lines) >= PAIR:
            break
    chart = window.panel.chart
    assert window.panel.trend_box.isVisibleTo(window)
    for size in (chart.size(), chart.minimumSize()):
        chart.resize(size)
        qtbot.wait(50)
        texts = axis_texts(chart)
        numbers = [t for t in texts if t.strip().isdigit()]
        assert len(numbers) >= PAIR * PAIR, texts  # at least both ends of both value axes
        assert not [t for t in texts if "..." in t or "…" in t], texts
        dates = [t for t in texts if re.fullmatch(r"[A-Z][a-z]{2} \d+", t)]
        assert dates and all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", t) for t in dates), texts  # "Aug 26" is a day
    legend = chart.legend_entries()
    assert len(legend) == len(chart.series_points) + len(chart.mcid_lines) == len(set(legend)), legend


def test_a_worsening_is_called_worse():
    points = (
        TrendPoint(dt.date(2026, 1, 5), 1, 4, 3, 20.0),
        TrendPoint(dt.date(2026, 4, 5), 2, 7, 4, 20.0),
    )
    summary = trend_summary(Trend(points, mcid_nrs=2, mcid_odi=10))
    assert "Back pain (NRS): 4 → 7, worse by at least the minimal important change (2)" in summary
    assert "Leg pain (NRS): 3 → 4, worse (2)" in summary
    assert "ODI (%): 20% → 20%, no change (10)" in summary


def test_the_selected_items_details_keep_room_on_a_laptop(open_window, qtbot):
    """The walkthrough found the details editor 60 px tall at 1366x768: a required detail went unseen."""
    window = open_window(demo=6)
    editor = laptop_editor(qtbot, window, "draft")
    go_to(qtbot, editor, PLAN)
    scroll = editor.plan_builder.item_editor.parentWidget().parentWidget()
    qtbot.waitUntil(lambda: scroll.isVisible())
    assert scroll.height() >= metrics.ITEM_EDITOR_MIN_HEIGHT


def test_the_studies_table_fits_the_laptop_width_and_cuts_long_findings_short(open_window, qtbot):
    """The walkthrough found the studies table scrolling sideways at 1366 and 1920, its After column off-screen."""
    from fbss_desktop.gui.consult.editor import STUDIES

    window = open_window(demo=6)
    editor = laptop_editor(qtbot, window, "draft")
    studies = editor.form.fields["studies"]
    studies.set(
        [
            {
                "kind": "mri_with_gad",
                "performed": "2026-10-01",
                "levels": ["L3-L4", "L4-L5", "L5-S1"],
                "findings": [{"code": "adjacent_segment_degeneration", "level": "L3-L4"}] * 6,
            },
        ]
    )
    go_to(qtbot, editor, STUDIES)
    qtbot.waitUntil(lambda: studies.view.isVisible())
    assert not studies.view.horizontalScrollBar().isVisible()


@pytest.mark.parametrize(("screen", "most_lines"), [(LAPTOP, 2), (QRect(0, 0, 1920, 1080), 1)])
def test_phq9_answers_wrap_into_two_lines_on_a_laptop_and_one_on_a_wide_screen(open_window, qtbot, screen, most_lines):
    """Side by side when they fit, wrapped like words when they do not: never one answer a line (nine items
    that took three screens to scroll through on a laptop)."""
    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window)
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=screen)
    go_to(qtbot, editor, QUESTIONNAIRES)
    tabs = editor.pages.currentWidget()
    assert isinstance(tabs, QTabWidget)
    click_tab(qtbot, tabs, next(i for i in range(tabs.count()) if tabs.tabText(i).startswith("PHQ-9")))
    qtbot.wait(50)
    field = editor.form.fields["questionnaires.phq9"]
    for row in field.rows:
        tops = {button.geometry().top() for button in row.buttons.values()}
        assert len(tops) <= most_lines, (row.objectName(), sorted(tops))
        assert all(row.rect().contains(b.geometry()) for b in row.buttons.values())  # none cut off


def darkest(widget: QWidget) -> int:
    image = widget.grab().toImage()
    return min(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height()))


def test_a_signed_consults_answers_read_as_dark_as_a_drafts(open_window, qtbot):
    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window, "signed")
    go_to(qtbot, editor, QUESTIONNAIRES)
    field = next(f for f in editor.form.fields.values() if any(r.value() is not None for r in getattr(f, "rows", ())))
    chosen = next(b for row in field.rows for b in row.buttons.values() if b.isChecked())
    other = next(b for row in field.rows for b in row.buttons.values() if not b.isChecked())
    assert not chosen.isEnabled()  # read-only, and yet:
    assert darkest(chosen) < 60 and darkest(other) < 90, (darkest(chosen), darkest(other))
    assert darkest(field.result) < 90


def test_a_medicine_added_reads_whole_in_its_list_on_a_laptop(open_window, qtbot, tmp_path):
    """The walk saw 'Gabap… 30…': the columns kept the widths of their labels from when the list was empty."""
    from fbss_desktop.gui.consult.editor import MEDICATIONS
    from tests.gui.test_consult_editor import add_medication, patient_window, start_consult

    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=LAPTOP)
    go_to(qtbot, editor, MEDICATIONS)
    add_medication(qtbot, editor, "Gabapentin", "300", "3")
    view = editor.form.fields["history.medications"].view
    qtbot.waitUntil(lambda: view.model().rowCount() == 1)
    last = view.model().columnCount() - 1  # the note takes what is left, cut short if it must
    for column in range(last):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column), view.model().headerData(
            column, Qt.Orientation.Horizontal
        )


def test_every_wrapped_question_shows_all_its_lines_on_a_laptop(open_window, qtbot):
    """The walk saw "New or worse bladder problems (retention, loss of the urge, …" cut after two lines."""
    from PySide6.QtWidgets import QLabel

    from fbss_desktop.gui.consult.editor import HISTORY

    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window, "draft")
    narrow = QRect(0, 0, 1024, 700)  # narrower than a laptop: the longest questions wrap to three lines
    place(editor, *metrics.CONSULT_WINDOW_SIZE, free=narrow)
    qtbot.waitUntil(lambda: editor.size() == fitting(*metrics.CONSULT_WINDOW_SIZE, free=narrow))
    go_to(qtbot, editor, HISTORY)
    qtbot.wait(50)
    page = editor.pages.currentWidget()
    labels = [w for w in page.findChildren(QLabel) if w.wordWrap() and w.isVisible() and w.text()]
    assert any("bladder" in w.text() for w in labels)
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_a_signed_consults_buttons_look_as_unavailable_as_they_are(open_window, qtbot):
    from PySide6.QtGui import QPalette

    window = open_window(demo=6)
    editor = open_a_consult(qtbot, window, "signed")
    add = editor.form.fields["history.medications"].add_button
    assert not add.isEnabled()
    palette = add.palette()
    group, role = QPalette.ColorGroup, QPalette.ColorRole.ButtonText
    assert palette.color(group.Disabled, role) != palette.color(group.Active, role)  # greyed, as Qt greys it
