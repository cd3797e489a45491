"""Scoring of every instrument against worked examples from the clinical reference, missing items and bounds."""

from __future__ import annotations

import pytest

from fbss_desktop.core.questionnaires import Response, ResponseError, score
from fbss_desktop.services.catalogues import instruments

INSTRUMENTS = instruments()


def scored(code: str, answers: list[int | None], *, version: str | None = None, sex: str | None = None):
    instrument = INSTRUMENTS[code]
    return score(instrument, Response(code, version or instrument.version, tuple(answers), sex))


# --- ODI: sum / (5 x answered) x 100, a missing section lowers the denominator by 5 -------------------------
def test_odi_all_sections_answered_divides_by_fifty():
    result = scored("odi", [3, 2, 3, 2, 3, 2, 2, 2, 2, 2])  # 23 points
    assert result.total == 46.0
    assert result.band == "Severe disability"


def test_odi_one_missing_section_divides_by_forty_five():
    result = scored("odi", [3, 2, 3, 2, 3, 2, 2, None, 2, 1])  # 20 points over 9 sections
    assert result.total == pytest.approx(44.4)
    assert (result.answered, result.of) == (9, 10)


def test_odi_refuses_to_score_with_more_missing_sections_than_allowed():
    result = scored("odi", [3, 2, 3, 2, 3, 2, 2, None, None, None])
    assert result.total is None
    assert "7 of 10 sections answered" in result.problem


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0] * 10, 0.0, "Minimal disability"),
        ([1] * 10, 20.0, "Minimal disability"),
        ([1] * 9 + [2], 22.0, "Moderate disability"),
        ([4] * 10, 80.0, "Crippled"),
        ([5] * 10, 100.0, "Bed-bound or exaggerating"),
    ],
)
def test_odi_bounds_and_bands(answers, total, band):
    result = scored("odi", answers)
    assert (result.total, result.band) == (total, band)


def test_odi_modified_version_is_accepted_and_labels_the_eighth_section():
    odi = INSTRUMENTS["odi"]
    assert scored("odi", [2] * 10, version="odi-modified").total == 40.0
    assert odi.items[7].label_for("odi-modified") == "Employment / homemaking"
    assert odi.items[7].label_for("odi-2.1a") == "Sex life"


def test_odi_rejects_a_section_score_above_five():
    with pytest.raises(ResponseError) as caught:
        scored("odi", [6] + [0] * 9)
    assert caught.value.item == "pain_intensity"


def test_unknown_version_is_refused():
    with pytest.raises(ResponseError, match="unknown ODI version"):
        scored("odi", [0] * 10, version="odi-9")


# --- PHQ-9 and GAD-7: sums with bands; PHQ-9 item 9 alerts whatever the total ----------------------------------
@pytest.mark.parametrize(
    ("total_answers", "band"),
    [
        ([0] * 9, "Minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], "Minimal"),
        ([1] * 5 + [0] * 4, "Mild"),
        ([1, 1, 2, 2, 1, 1, 1, 1, 0], "Moderate"),
        ([2] * 7 + [1, 1], "Moderately severe"),
        ([3] * 9, "Severe"),
    ],
)
def test_phq9_bands(total_answers, band):
    assert scored("phq9", total_answers).band == band


def test_phq9_item_nine_above_zero_raises_an_alert_even_with_a_minimal_total():
    result = scored("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result.total == 1 and result.band == "Minimal"
    assert [a.item for a in result.alerts] == ["self_harm"]
    assert "same-day" in result.alerts[0].message


def test_phq9_item_nine_alerts_even_when_the_rest_is_unanswered():
    result = scored("phq9", [None] * 8 + [2])
    assert result.total is None and result.alerts


def test_phq9_with_a_missing_item_is_not_scored():
    result = scored("phq9", [1] * 8 + [None])
    assert result.total is None
    assert result.problem == "8 of 9 items answered; all are needed"


def test_gad7_sum_and_bands():
    assert (scored("gad7", [2] * 7).total, scored("gad7", [2] * 7).band) == (14, "Moderate")
    assert scored("gad7", [3] * 7).total == 21
    assert scored("gad7", [1] * 5 + [0, 0]).band == "Mild"


# --- ORT: sex-specific weights -------------------------------------------------------------------------------
def test_ort_weights_differ_by_sex():
    # family alcohol, personal prescription misuse, age 16-45, depression
    answers = [1, 0, 0, 0, 0, 1, 1, 0, 0, 1]
    female, male = scored("ort", answers, sex="F"), scored("ort", answers, sex="M")
    assert (female.total, female.band) == (8, "High risk")
    assert (male.total, male.band) == (10, "High risk")


def test_ort_preadolescent_abuse_scores_for_female_patients_only():
    answers = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert scored("ort", answers, sex="F").total == 3
    assert scored("ort", answers, sex="M").total == 0


def test_ort_maximum_is_26_for_both_sexes_and_bands_at_4_and_8():
    assert scored("ort", [1] * 10, sex="F").total == 26
    assert scored("ort", [1] * 10, sex="M").total == 26
    assert scored("ort", [0, 0, 0, 1, 0, 0, 0, 0, 0, 0], sex="M").band == "Low risk"  # 3
    assert scored("ort", [0, 0, 0, 0, 1, 0, 0, 0, 0, 0], sex="M").band == "Moderate risk"  # 4
    assert scored("ort", [0, 0, 0, 0, 0, 0, 1, 0, 1, 0], sex="F").band == "Low risk"  # 3


def test_ort_without_a_sex_to_score_as_says_so():
    result = scored("ort", [0] * 10)
    assert result.total is None and "female or male" in result.problem


# --- STarT Back: total and psychosocial subscale (last five items) ------------------------------------------
def test_startback_low_risk_when_total_is_three_or_less():
    result = scored("startback", [1, 1, 1, 0, 0, 0, 0, 0, 2])  # item 9 "moderately" scores 0
    assert (result.total, result.band_code) == (3, "low")


def test_startback_medium_when_total_four_or_more_and_subscale_three_or_less():
    result = scored("startback", [1, 1, 1, 1, 1, 1, 1, 0, 0])
    assert (result.total, result.subscales["psychosocial"], result.band_code) == (7, 3, "medium")


def test_startback_high_when_subscale_four_or_more():
    result = scored("startback", [0, 0, 0, 0, 1, 1, 1, 0, 3])  # "very much" scores 1
    assert (result.total, result.subscales["psychosocial"], result.band_code) == (4, 4, "high")


def test_startback_bothersomeness_scores_only_very_much_or_extremely():
    for value, points in [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)]:
        assert scored("startback", [0] * 8 + [value]).total == points


# --- painDETECT: -1 to 38, bands at 12 and 19 -------------------------------------------------------------------
def test_paindetect_minimum_and_maximum():
    assert scored("paindetect", [0] * 7 + [1, 0]).total == -1
    assert scored("paindetect", [5] * 7 + [2, 1]).total == 38


@pytest.mark.parametrize(
    ("sensory", "band"),
    [
        ([2, 2, 2, 2, 2, 1, 1], "Neuropathic component unlikely"),  # 12
        ([2, 2, 2, 2, 2, 2, 1], "Uncertain"),  # 13
        ([3, 3, 3, 3, 3, 2, 1], "Neuropathic component likely"),
    ],  # 18 + radiating 2 - 1 course = 19
)
def test_paindetect_bands(sensory, band):
    course, radiating = (0, 0) if sum(sensory) < 18 else (1, 1)
    assert scored("paindetect", sensory + [course, radiating]).band == band


def test_paindetect_total_of_nineteen_is_likely():
    result = scored("paindetect", [3, 3, 3, 3, 3, 2, 1, 1, 1])
    assert result.total == 19


def test_response_with_the_wrong_number_of_items_is_refused():
    with pytest.raises(ResponseError, match="has 7 items"):
        scored("gad7", [0] * 6)


def test_the_ort_age_band_is_derived_from_the_questionnaire_file_not_from_code():
    from fbss_desktop.core.questionnaires import derived_answers
    from fbss_desktop.services.catalogues import instruments

    ort = instruments()["ort"]
    assert derived_answers(ort, age=30) == {"age_16_45": 1}
    assert derived_answers(ort, age=45) == {"age_16_45": 1}
    assert derived_answers(ort, age=46) == {"age_16_45": 0}
    assert derived_answers(instruments()["odi"], age=30) == {}


def test_startback_bands_in_the_file_give_every_possible_score_exactly_one_band():
    from fbss_desktop.services.catalogues import instruments

    bands = instruments()["startback"].bands
    for total in range(10):
        for psychosocial in range(min(total, 5) + 1):
            holding = [b.code for b in bands if b.holds(total, {"psychosocial": psychosocial})]
            assert len(holding) == 1, (total, psychosocial, holding)
