"""The content model (boilerstrip.textmodel): journalism in every language of the corpus reads
as article text, the corpus's own notices as boilerplate."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from itertools import repeat

from hypothesis import given, settings
from hypothesis import strategies as st

from boilerstrip.corpus import Kind, packaged_entries
from boilerstrip.rules import NGRAM_NOTICE
from boilerstrip.text import normalize
from boilerstrip.textmodel import LOGIT_CLIP, MAX_CHARS, NGRAM_SIZES, ContentModel, ngrams
from tests.fixture_cases import CASES_DIR, load_cases

#: Languages written in scripts of their own, whose journalism the model once barely knew
#: (mean logit of fixtures/news paragraphs +0.7 to +1.9 before fixtures/prose was fitted on).
SCRIPTS_OF_THEIR_OWN = {"fa", "ur", "hi", "bn", "he", "zh", "ja", "th", "ko", "ar"}


def _news_logits() -> dict[str, list[float]]:
    """Logits of the article paragraphs of fixtures/news (never fitted on) of 8+ words, by
    language (the second part of each case's name)."""
    model, found = ContentModel.packaged(), defaultdict(list)
    for case in load_cases(CASES_DIR.parent / "news"):
        lang = case.name.split("-")[1]
        for p in case.paragraphs:
            norm = normalize(p["text"])
            if p["label"] == "article" and (len(norm.split()) >= 8 or len(norm) >= 40):
                found[lang].append(model.logit(norm))
    return found


def test_journalism_in_scripts_of_their_own_reads_as_article_text():
    found = _news_logits()
    assert SCRIPTS_OF_THEIR_OWN <= set(found)
    means = {lang: statistics.mean(found[lang]) for lang in SCRIPTS_OF_THEIR_OWN}
    assert max(means.values()) < 0.75, means


def test_the_corpus_notices_in_those_languages_still_read_as_boilerplate():
    # Above the rules' NGRAM_NOTICE bound (0), each of them, and well above that language's
    # journalism on average.
    model, found = ContentModel.packaged(), defaultdict(list)
    for e in packaged_entries():
        if e.kind is Kind.NOTICE and e.lang in SCRIPTS_OF_THEIR_OWN:
            found[e.lang].append(model.logit(normalize(e.text)))
    news = _news_logits()
    assert len(found) >= 6 and min(min(v) for v in found.values()) > NGRAM_NOTICE
    # The gap is over the notices the model was fitted on: notices-short.jsonl (stop 17) came
    # after its last fit (a refit with them gained nothing, see the README) and is checked
    # by the bound above only.
    fitted = defaultdict(list)
    for e in packaged_entries():
        if e.kind is Kind.NOTICE and e.lang in SCRIPTS_OF_THEIR_OWN and not e.id.startswith("cshort."):
            fitted[e.lang].append(model.logit(normalize(e.text)))
    gaps = {lang: statistics.mean(v) - statistics.mean(news[lang]) for lang, v in fitted.items()}
    assert min(gaps.values()) > 0.5, gaps


def test_articles_about_consent_read_as_article_text_and_their_banners_do_not():
    # fixtures/privacy (never fitted on): the long paragraphs of articles about cookies and
    # consent, and of the banners above and below them. Mean article logit -0.80 before
    # fixtures/prose/about-consent was fitted on, -0.98 after; every banner paragraph stays
    # above NGRAM_NOTICE.
    model, articles, banners = ContentModel.packaged(), [], []
    for case in load_cases(CASES_DIR.parent / "privacy"):
        for p in case.paragraphs:
            norm = normalize(p["text"])
            if len(norm.split()) >= 12 or len(norm) >= 60:
                (articles if p["label"] == "article" else banners).append(model.logit(norm))
    assert len(articles) > 500 and len(banners) > 40
    assert statistics.mean(articles) < -0.9
    assert min(banners) > NGRAM_NOTICE


def _reference_ngrams(norm: str) -> set[str]:
    """The n-grams as the module docstring defines them: every slice of NGRAM_SIZES
    characters of the padded text (what ngrams made before its faster path)."""
    s = f" {norm[:MAX_CHARS]} "
    return {s[i : i + n] for n in NGRAM_SIZES for i in range(len(s) - n + 1)}


def _reference_logit(model: ContentModel, norm: str) -> float:
    """The logit by its formula over the n-gram set (what ContentModel.logit computed before
    it summed the n-grams of each size apart)."""
    if not norm:
        return -LOGIT_CLIP
    grams = _reference_ngrams(norm)
    total = math.fsum(map(model.weights.get, grams, repeat(0.0)))
    return max(-LOGIT_CLIP, min(LOGIT_CLIP, model.bias + total / math.sqrt(len(grams))))


_GRAM_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from("ab c\u00e9\u4e2d\u6587\U0001f600 "), max_size=40),
    st.builds(lambda a, n: a * n, st.text(min_size=1, max_size=3), st.integers(200, 400)),  # past MAX_CHARS
)


@settings(max_examples=500, deadline=None)
@given(_GRAM_TEXT)
def test_ngrams_take_a_faster_path_to_the_same_set(text):
    assert ngrams(text) == _reference_ngrams(text)


def test_logits_are_those_of_the_formula_bit_for_bit():
    # Summed as three sets (one per n-gram size) rather than one: fsum is exact, the same
    # float. Over the fixtures' paragraphs (every language of the corpus, short and long,
    # some longer than MAX_CHARS) and the corpus's notices.
    model = ContentModel.packaged()
    texts = [p["text"] for folder in ("cases", "news", "privacy")
             for case in load_cases(CASES_DIR.parent / folder) for p in case.paragraphs]
    texts += [e.text for e in packaged_entries() if e.kind is Kind.NOTICE][::7]
    texts += ["", "a", "ab", "abc", "x" * (MAX_CHARS + 50), " ".join(texts[:40])]
    assert any(len(normalize(t)) > MAX_CHARS for t in texts)
    for text in texts:
        norm = normalize(text)
        assert model.logit(norm) == _reference_logit(model, norm), norm
