"""Language identification: the compact profiles hold exactly what langdetect's loader makes."""

from __future__ import annotations

from array import array

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from boilerstrip import langid


def test_compact_profiles_equal_langdetects_own():
    """Same languages in the same order, the same n-grams, the same probabilities (exactly):
    so every detection gives what langdetect's own factory would give."""
    langs, rows = langid._load_profiles(PROFILES_DIRECTORY)
    theirs = DetectorFactory()
    theirs.load_profile(PROFILES_DIRECTORY)
    assert langs == theirs.langlist
    assert rows.keys() == theirs.word_lang_prob_map.keys()
    for word, row in rows.items():
        assert isinstance(row, array) and row.typecode == "d"
        assert row.tolist() == theirs.word_lang_prob_map[word]


def test_detection_is_seeded_and_uses_the_compact_profiles():
    text = "the city council voted on tuesday to extend the tram line to the northern suburbs"
    assert isinstance(next(iter(langid._get_factory().word_lang_prob_map.values())), array)
    first = langid.detect(text)
    langid.detect.cache_clear()
    assert langid.detect(text) == first and first.code == "en"


def test_detectable_names_the_languages_detection_can_answer():
    assert langid.detectable("et") and langid.detectable("zh") and langid.detectable("en")
    assert not langid.detectable("hy") and not langid.detectable("ka") and not langid.detectable("sr")


def test_a_lone_term_of_a_language_detection_does_not_know_is_kept():
    """An Armenian line is read as some other language by detection, which has no Armenian:
    its one term ("տվյալներ", data) stays a term, so the line can be matched as a notice."""
    from boilerstrip.engine import Corpus

    line = "Ձեր տվյալները կարող են օգտագործվել մեր ծառայությունները բարելավելու համար։"
    assert Corpus.packaged().features(line).hits.count("context") == 1
