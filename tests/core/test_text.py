from fbss_desktop.core.text import fold, prefix_upper_bound, sentence, words


def test_fold_strips_accents_and_case_so_zoe_matches_zoe_with_diaeresis():
    assert fold("Zoë") == "zoe"
    assert fold("ÑÚÑEZ") == "nunez"


def test_fold_maps_letters_unicode_does_not_decompose():
    assert fold("Łukasiewicz") == "lukasiewicz"
    assert fold("Øyvind Dæhlie") == "oyvind daehlie"
    assert fold("Groß") == "gross"


def test_fold_keeps_non_latin_scripts_lowercased_without_accents():
    # casefold also turns final sigma into sigma, so a typed "ς" or "σ" finds the same name
    assert fold("Ιωάννης Παπαδόπουλος") == "ιωαννησ παπαδοπουλοσ"
    assert fold("ιωαννης") == fold("ΙΩΆΝΝΗΣ")


def test_fold_turns_punctuation_runs_into_single_spaces():
    assert fold("  Núñez-Łukasiewicz,  O'Brien ") == "nunez lukasiewicz o brien"


def test_words_are_folded_ordered_and_unique():
    assert words("Smith-Jones", "Mary Anne Smith") == ["smith", "jones", "mary", "anne"]


def test_prefix_upper_bound_is_next_string_after_every_extension():
    bound = prefix_upper_bound("zo")
    assert bound == "zp"
    assert "zo" < "zoellner" < bound
    assert not ("zp" < bound)


def test_sentence_capitalises_and_ends_with_a_full_stop():
    assert sentence("a date is required") == "A date is required."
    assert sentence("Done.") == "Done."
