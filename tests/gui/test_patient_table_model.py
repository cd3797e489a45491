import datetime as dt

from PySide6.QtCore import Qt

from fbss_desktop.core.patients import PatientSummary, Sex
from fbss_desktop.gui.models.patient_table import COL_DOB, COL_MRN, COL_NAME, PatientIdRole, PatientTableModel


def summaries(start, count):
    return [
        PatientSummary(i, f"M{i}", f"Family{i}", "Given", dt.date(1960, 1, 1) + dt.timedelta(days=i), Sex.FEMALE)
        for i in range(start, start + count)
    ]


def test_model_passes_qt_model_tester_with_rows(qtmodeltester):
    model = PatientTableModel()
    model.set_search("")
    model.add_page(model.generation, summaries(0, 5), None)
    qtmodeltester.check(model)


def test_a_search_asks_for_the_first_page_and_shows_it(qtbot):
    model = PatientTableModel()
    with qtbot.waitSignal(model.page_requested) as request:
        model.set_search("zo")
    text, cursor, generation = request.args
    assert (text, cursor) == ("zo", None)
    model.add_page(generation, summaries(0, 3), "next")
    assert model.rowCount() == 3
    assert model.data(model.index(1, COL_NAME)) == "Family1, Given"
    assert model.data(model.index(1, COL_MRN)) == "M1"
    assert model.data(model.index(1, COL_DOB)) == "1960-01-02"
    assert model.data(model.index(1, COL_NAME), PatientIdRole) == 1
    assert model.headerData(COL_DOB, Qt.Orientation.Horizontal) == "Date of birth"


def test_more_rows_are_fetched_only_when_the_view_asks_and_one_page_at_a_time(qtbot):
    model = PatientTableModel()
    model.set_search("")
    model.add_page(model.generation, summaries(0, 100), "cursor-1")
    assert model.canFetchMore()
    with qtbot.waitSignal(model.page_requested) as request:
        model.fetchMore()
    assert request.args[1] == "cursor-1"
    assert not model.canFetchMore()  # a page is on its way
    model.add_page(model.generation, summaries(100, 20), None)
    assert model.rowCount() == 120 and not model.canFetchMore()


def test_a_late_page_of_an_older_search_is_dropped(qtbot):
    model = PatientTableModel()
    model.set_search("a")
    old = model.generation
    model.set_search("ab")
    model.add_page(old, summaries(0, 5), None)
    assert model.rowCount() == 0
    model.add_page(model.generation, summaries(10, 2), None)
    assert [model.patient_at(r).id for r in range(2)] == [10, 11]
