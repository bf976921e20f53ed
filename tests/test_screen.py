"""The fast reject (``Vocabulary.may_notice``): sound (never hides a term of any family but
reader address, the site naming itself and reporting verbs from a long paragraph) and useful
(rejects ordinary article prose); the label-row screen (``LabelIndex._lookup_row``) finds what
the dynamic programme alone finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from boilerstrip.corpus import Entry, Kind, packaged_entries
from boilerstrip.engine import Corpus
from boilerstrip.matching import LabelIndex
from boilerstrip.text import normalize, word_count
from boilerstrip.vocabulary import INFIX_MAX_WORDS, INFIX_MIN_CHARS, WORDS, Vocabulary

VOCABULARY = Corpus.packaged().vocabulary
FILLER = "the council met on tuesday and the mayor said that the budget would be ready by spring " * 2
TERM_WORDS = sorted({w.rstrip("*") + suffix for e in packaged_entries() if e.kind is Kind.TERM
                     for w in e.text.split() for suffix in ("", "s", "en")})


def _screened_families(norm: str) -> bool:
    """Whether ``hits`` finds a term the screen must see (any family but reader address, the
    site naming itself and reporting verbs)."""
    return any(family not in ("address", "site", "report") for family in VOCABULARY.hits(norm).counts)


def _long(text: str) -> str:
    norm = normalize(f"{FILLER} {text} {FILLER}")
    assert word_count(norm) > INFIX_MAX_WORDS
    return norm


def test_every_packaged_text_with_a_term_passes_the_screen():
    for entry in packaged_entries():
        norm = _long(entry.text)
        if _screened_families(norm):
            assert VOCABULARY.may_notice(norm), entry.id


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TERM_WORDS + FILLER.split()), min_size=INFIX_MAX_WORDS + 1, max_size=60))
def test_the_screen_never_hides_a_term(words):
    norm = normalize(" ".join(words))
    if word_count(norm) > INFIX_MAX_WORDS and _screened_families(norm):
        assert VOCABULARY.may_notice(norm)


def test_article_prose_is_rejected():
    prose = [
        "The council met on Tuesday evening and voted, after a long debate, to rebuild the old bridge "
        "over the river before the spring floods arrive, the mayor told reporters outside the town hall.",
        "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss noch vor dem "
        "Frühjahrshochwasser neu zu bauen, sagte der Bürgermeister vor dem Rathaus.",
        "Le conseil municipal a décidé mardi de reconstruire le vieux pont avant les crues du "
        "printemps, a déclaré le maire devant l'hôtel de ville.",
    ]
    for text in prose:
        norm = normalize(text)
        assert VOCABULARY.hits(norm).notice == 0
        assert not VOCABULARY.may_notice(norm)


def test_where_a_term_may_stand():
    def term(text: str, family: str = "consent") -> Entry:
        return Entry(text, Kind.TERM, family, "en", text, "test")

    vocab = Vocabulary([term("track*"), term("cookie"), term("data protection", "context"),
                        term("your", "address")])
    assert vocab.may_notice(_long("tracking"))  # a prefix term at a word's start
    assert not vocab.may_notice(_long("racetrack"))  # ... not inside a word
    assert not vocab.may_notice(_long("cookies"))  # an exact term is a whole word
    assert vocab.may_notice(_long("cookie"))
    assert vocab.may_notice(_long("data protection"))  # a phrase, whole
    assert not vocab.may_notice(_long("data and protection"))
    assert not vocab.may_notice(_long("your"))  # reader address is not notice vocabulary


def test_text_of_few_tokens_always_passes_the_screen():
    # In an unspaced script a paragraph is "long" by word count (three characters a word) but
    # has few tokens, and hits() looks for consent stems inside them: the screen must let it by.
    text = normalize("昨天下午，我们在新开的面包店里买了很多东西和水果，妈妈还买了一盒cookies给弟弟当作生日礼物，大家都很开心地回家了")
    assert word_count(text) > INFIX_MAX_WORDS
    if _screened_families(text):
        assert VOCABULARY.may_notice(text)
    assert VOCABULARY.may_notice(text)


def test_reporting_verbs_alone_do_not_make_a_candidate():
    """Reporting verbs mark journalism; they are read only in paragraphs that are candidates
    anyway, so a long paragraph whose only term is "said" is screened out."""
    norm = _long("the minister said so")
    assert VOCABULARY.hits(norm).count("report") >= 1
    assert not VOCABULARY.may_notice(norm)


# --- the reporting-verb screen (``Vocabulary.may_report``): the same guarantee for ``report``

REPORT_WORDS = sorted({w.rstrip("*") + suffix for e in packaged_entries() if e.kind is Kind.TERM
                       and e.family == "report" for w in e.text.split() for suffix in ("", "s", "en", "e")})


def test_every_packaged_reporting_verb_passes_its_screen():
    for entry in packaged_entries():
        for norm in (normalize(entry.text), _long(entry.text)):
            if VOCABULARY.hits(norm).count("report"):
                assert VOCABULARY.may_report(norm), entry.id


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(REPORT_WORDS + TERM_WORDS[::7] + FILLER.split()), min_size=1, max_size=60))
def test_the_report_screen_never_hides_a_reporting_verb(words):
    norm = normalize(" ".join(words))
    if VOCABULARY.hits(norm).count("report"):
        assert VOCABULARY.may_report(norm)


def test_the_report_screen_rejects_prose_without_reporting_verbs():
    norm = normalize("The council met on Tuesday evening and voted, after a long debate, to rebuild the old "
                     "bridge over the river before the spring floods arrive.")
    assert VOCABULARY.hits(norm).count("report") == 0
    assert not VOCABULARY.may_report(norm)
    assert VOCABULARY.may_report(normalize("the minister said so"))


# --- the label-row screen (LabelIndex._lookup_row) ------------------------------------------------

LABELS = Corpus.packaged().labels
LABEL_WORDS = sorted({w for key in LABELS._exact for w in key.split(" ")})[::7]


class _Unscreened(dict):
    """Row words that let every line through the screen (the dynamic programme alone)."""

    def get(self, key, default=None):
        return 1


def _unscreened_row(norm: str):
    plain = LabelIndex(())
    plain._exact, plain._entries, plain._row_words = LABELS._exact, LABELS._entries, _Unscreened()
    return plain._lookup_row(norm)


SHORT_KEYS = sorted(k for k in LABELS._exact if len(k.split(" ")) <= 3)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SHORT_KEYS), st.sampled_from(LABEL_WORDS + FILLER.split())),
                min_size=1, max_size=10))
def test_the_row_screen_never_hides_a_row(parts):
    norm = normalize(" ".join(parts))
    assert LABELS._lookup_row(norm) == _unscreened_row(norm)


def test_the_row_screen_finds_rows_of_packaged_labels_and_rejects_prose():
    keys = sorted(LABELS._exact)
    for k in range(0, len(keys) - 3, 97):
        norm = " ".join(keys[k : k + 3])
        assert LABELS._lookup_row(norm) == _unscreened_row(norm)
    assert LABELS._lookup_row("terms of use privacy notice cookie policy contact us") is not None
    # At the screen's bounds: three labels, covering exactly ROW_MIN_COVER of the words.
    assert LABELS._lookup_row("share print email council").score == 75.0
    assert LABELS._lookup_row("share print council email council") is None
    for norm in ("the council met on tuesday and the mayor said that the budget would be ready",
                 "der stadtrat hat am dienstag beschlossen die alte brücke neu zu bauen"):
        assert LABELS._lookup_row(norm) is None
        starts = sum(LABELS._words().get(w, 0) for w in norm.split())
        assert starts < 3 or sum(w in LABELS._words() for w in norm.split()) < 0.75 * len(norm.split())


# --- fuzzy label look-ups among keys of a possible length (LabelIndex._fuzzy_keys) -----------------

def test_fuzzy_label_lookups_among_keys_of_a_possible_length_find_what_all_keys_give():
    import random

    from rapidfuzz import fuzz, process

    from boilerstrip.matching import LABEL_FUZZY_CUTOFF, LABEL_FUZZY_MAX_CHARS, LABEL_FUZZY_MIN_CHARS

    keys = sorted(LABELS._exact)
    rng = random.Random(10)
    found = 0
    for _ in range(3000):
        line = list(rng.choice(keys))
        for _ in range(rng.randint(0, 5)):  # damage: letters dropped and added, a second label
            where = rng.randint(0, len(line))
            roll = rng.random()
            if roll < 0.4 and line:
                del line[min(where, len(line) - 1)]
            elif roll < 0.8:
                line.insert(where, rng.choice("abcdefghijklmnopqrstuvwxyz éü"))
            else:
                line += [" ", *rng.choice(keys)]
        norm = "".join(line).strip()
        if not LABEL_FUZZY_MIN_CHARS <= len(norm) <= LABEL_FUZZY_MAX_CHARS:
            continue
        best = process.extractOne(norm, keys, scorer=fuzz.ratio, score_cutoff=LABEL_FUZZY_CUTOFF)
        among = process.extractOne(norm, LABELS._fuzzy_keys(len(norm)), scorer=fuzz.ratio,
                                   score_cutoff=LABEL_FUZZY_CUTOFF)
        assert (best and best[:2]) == (among and among[:2]), norm
        found += best is not None
    assert found > 300  # the sample does reach labels


def test_fuzzy_keys_by_length_are_the_keys_a_test_of_each_key_keeps():
    # _fuzzy_keys tests the length bound once per length and merges those lengths' keys back
    # into sorted order: the same list, in the same order, as testing every sorted key (what
    # it did before), for every size a fuzzy look-up asks for and some it never does.
    from boilerstrip.matching import LABEL_FUZZY_CUTOFF, LABEL_FUZZY_MAX_CHARS, LABEL_FUZZY_MIN_CHARS

    keys, bound = sorted(LABELS._exact), LABEL_FUZZY_CUTOFF - 0.5
    for size in [*range(LABEL_FUZZY_MIN_CHARS, LABEL_FUZZY_MAX_CHARS + 1), 1, 2, 5, 120]:
        expected = [k for k in keys if 200 * min(size, len(k)) >= bound * (size + len(k))]
        assert LABELS._fuzzy_keys(size) == expected, size
    assert len(LABELS._fuzzy_keys(20)) > 1000


# --- term look-ups in hits: ranked candidates, consent stems by automaton ---------------------

def _reference_best(vocab: Vocabulary, tokens: list[str], i: int):
    """The term hits counted at ``tokens[i]`` before it ranked candidates: every candidate
    tested in turn, a longer one that matches replacing the best so far."""
    best = None
    for term in vocab._candidates(tokens[i]):
        if (best is None or len(term[WORDS]) > len(best[WORDS])) and vocab._matches(term, tokens, i):
            best = term
    return best


def _term_texts() -> list[str]:
    """Normalised texts full of terms: the corpus's records, the fixtures' paragraphs, and
    word salads of term words (phrases and their first words next to each other)."""
    import random

    from tests.fixture_cases import CASES_DIR, load_cases

    texts = [normalize(e.text) for e in packaged_entries()][::3]
    texts += [normalize(p["text"]) for folder in ("cases", "privacy")
              for case in load_cases(CASES_DIR.parent / folder) for p in case.paragraphs]
    rng = random.Random(4)
    words = [w for e in packaged_entries() if e.kind is Kind.TERM for w in normalize(e.text.replace("*", "")).split()]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    return texts


def test_ranked_candidates_pick_the_term_testing_every_candidate_picks():
    # hits takes the first candidate that matches in _ranked's order (longest phrase first):
    # the same term as testing them all, at every word of texts made to hold phrases.
    vocab = VOCABULARY
    checked = phrases = 0
    for norm in _term_texts():
        vocab.hits(norm)  # reads the look-up tables' buckets of these words
        tokens = norm.split()
        for i in range(len(tokens)):
            ranked = next((t for t in vocab._ranked(tokens[i]) if vocab._matches(t, tokens, i)), None)
            assert ranked is _reference_best(vocab, tokens, i), (norm, i)
            checked += ranked is not None
            phrases += ranked is not None and len(ranked[WORDS]) > 1
    assert checked > 20_000 and phrases > 2_000


def test_consent_stems_found_by_automaton_are_the_first_a_test_of_each_finds():
    # The first stem in the infix table's order that a word holds (not the first in the
    # word): an Aho-Corasick pass against testing each stem in turn.
    vocab = VOCABULARY
    vocab.hits("cookies")  # makes the look-up tables
    stems = [stem for stem, _ in vocab._infix]
    assert len(stems) > 50
    words = [w for norm in _term_texts() for w in norm.split() if len(w) > INFIX_MIN_CHARS]
    words += [f"x{a}{b}y" for a, b in zip(stems, reversed(stems))] + [f"{b}{a}" for a, b in zip(stems, stems[1:])]
    found = 0
    for word in words:
        reference = next((term for stem, term in vocab._infix if stem in word), None)
        assert vocab._infix_term(word) is reference, word
        found += reference is not None
    assert found > 200
