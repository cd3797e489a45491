"""The sacroiliac provocation cluster, applied from the vocabulary's data (Laslett 2005)."""

from __future__ import annotations

import pytest

from fbss_desktop.core.consult_document import parse_consult
from fbss_desktop.core.consult_dump import dump_consult
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.sacroiliac import ClusterRule, sij_cluster
from fbss_desktop.services.catalogues import vocabulary
from tests.core.consult_fixtures import context, full_document

CORE = ("distraction", "thigh_thrust", "compression", "sacral_thrust")


def sij_list():
    return vocabulary()["sij_test"]


def positive(*codes: str, negative: tuple[str, ...] = ()) -> dict[str, bool]:
    return {code: True for code in codes} | {code: False for code in negative}


def test_the_rule_and_its_source_are_data():
    rule = ClusterRule.of(sij_list())
    assert rule.any_of == CORE
    assert "Laslett" in rule.source and "10.1016/j.math.2005.01.003" in rule.source
    assert "Laslett" in sij_list().source


def test_six_tests_are_offered_and_the_single_gaenslen_is_retired_not_deleted():
    choices = sij_list()
    assert [c.code for c in choices.current] == [*CORE, "gaenslen_left", "gaenslen_right"]
    assert "gaenslen" in choices and choices.get("gaenslen").retired
    assert choices.label("gaenslen") == "Gaenslen (side not recorded)"


@pytest.mark.parametrize(
    ("tests", "count", "cluster"),
    [
        (positive("distraction", "gaenslen_left", "gaenslen_right"), 3, True),  # Gaenslen counts on each side
        (positive("thigh_thrust", "sacral_thrust"), 2, True),  # any 2 of the 4 core tests
        (positive("compression", "gaenslen_right", negative=("distraction",)), 2, False),  # one is Gaenslen
        (positive("gaenslen_left", "gaenslen_right", negative=CORE), 2, False),
        (positive("distraction", negative=("thigh_thrust",)), 1, False),
        (positive(*CORE, "gaenslen_left", "gaenslen_right"), 6, True),
        (positive("gaenslen", "distraction", negative=("thigh_thrust",)), 2, False),  # retired code counts once
        (positive("gaenslen", "distraction", "gaenslen_left"), 3, True),
    ],
)
def test_the_cluster(tests, count, cluster):
    result = sij_cluster(tests, sij_list())
    assert (result.positive, result.of, result.cluster_positive) == (count, 6, cluster)


def test_the_words_say_the_count_and_why_the_cluster_is_positive():
    choices = sij_list()
    assert sij_cluster(positive("distraction", "gaenslen_left", "gaenslen_right"), choices).text() == (
        "3 of 6 positive (positive cluster)"
    )
    assert sij_cluster(positive("distraction", "thigh_thrust"), choices).text() == (
        "2 of 6 positive (positive cluster: 2 of distraction, thigh thrust, compression, sacral thrust)"
    )
    assert sij_cluster(positive("distraction", negative=("compression",)), choices).text() == "1 of 6 positive"
    nothing = sij_cluster({}, choices)
    assert nothing.cluster_positive is None and nothing.text() == "not recorded"


def test_a_stored_consult_with_the_retired_gaenslen_is_read_and_shown_labelled():
    document = full_document()
    document["exam"]["sij_tests"] = {"distraction": True, "compression": True, "gaenslen": True}
    record = parse_consult(document, patient_id=1, context=context())
    assert record.exam.sij_tests == {"distraction": True, "compression": True, "gaenslen": True}
    assert record.exam.sij_positive == 3 and record.exam.sij_cluster_positive is True
    assert record.exam.sij_cluster is not None
    assert record.exam.sij_cluster.details() == (
        "3 of 6 positive (positive cluster): Distraction; Compression; Gaenslen (side not recorded)"
    )
    dumped = dump_consult(record)
    assert dumped["exam"]["sij_tests"]["gaenslen"] is True  # kept as it was written
    assert dumped["exam"]["sij_positive"] == 3
    assert dumped["exam"]["sij_cluster_positive"] is True
    assert dumped["exam"]["sij_cluster"] == "3 of 6 positive (positive cluster)"
    assert parse_consult(dumped, patient_id=1, context=context()) == record


def test_an_unknown_test_is_still_refused():
    document = full_document()
    document["exam"]["sij_tests"] = {"gaenslen_middle": True}
    with pytest.raises(ValidationError) as caught:
        parse_consult(document, patient_id=1, context=context())
    assert "exam.sij_tests.gaenslen_middle" in caught.value.errors
