"""Signals: graded measurements of one paragraph in its context, for the scorecard.

:func:`signals` turns what the detectors measured (the content model's logit, the corpus
similarity, consent vocabulary, the paragraph's shape, its place among the kept paragraphs,
its neighbours) into named numbers. (Batch repetition is the ``repeated`` rule's.) It decides nothing: the scorecard
(:mod:`boilerstrip.scorecard`) weighs them, and :func:`score_in_context` applies the verdicts
of one pass at once (each pass reads a frozen view of the previous one).

Every signal, its unit and range:

================  ==========================================================================
ngram             content model logit of the paragraph (-8..8; see boilerstrip.textmodel)
ngram_pos         max(ngram, 0)
similarity        best corpus notice similarity / 100 when >= 0.5, else 0
consent           log(1 + consent terms)
context           log(1 + context terms)
action            log(1 + action terms)
address           log(1 + reader-address terms outside long quotations)
density           notice terms / words (0..1+)
words             log(1 + words)
short             1 for at most 4 words
question          1 when it ends with a question mark
sentence          1 when it ends a sentence (. ! ? and their CJK forms)
quoted            1 when it holds a long quotation
digits            1 when it holds a digit
nb_ngram          the larger content-model logit of the nearest kept paragraph on each side
beside_removed    1 when the paragraph right before or after it (input order) is removed
beside_banner     1 when a removed banner paragraph is next to it (through short lines)
ngram_beside      ngram_pos x beside_removed
edge              1 within the first or last EDGE_PARAGRAPHS kept paragraphs
extreme           1 for the first or last kept paragraph (or long paragraph)
ngram_edge        ngram_pos x edge
outside           1 for a short line before the first or after the last long paragraph
topical           1 when the kept text is about consent (see rules._topical)
ngram_topical     ngram_pos x topical
================  ==========================================================================
"""

from __future__ import annotations

import math
import re
from typing import Iterator

from .result import Evidence, Rule
from .rules import (_ENDS_STATEMENT, EDGE_LINE_MAX_WORDS, SHORT_WORDS, _Doc, _reported, _Where, above_byline,
                    contexts, leads_report)
from .scorecard import Score, Scorecard
from .textmodel import LOGIT_CLIP

_QUESTION = re.compile(r"[?？]\s*$")
_SENTENCE = re.compile(r"[.!?。！？]\s*$")
_DIGIT = re.compile(r"\d")
#: A paragraph longer than this many words in a text about consent (reporting on it, or an
#: explainer addressing the reader) is journalism unless it is close to a known notice
#: (VETO_SIMILARITY): the scorecard never removes it. A hand-set rule, clearer than a weight.
VETO_MIN_WORDS = SHORT_WORDS
VETO_SIMILARITY = 70.0


def signals(doc: _Doc, i: int, where: _Where) -> dict[str, float]:
    """The named signals of paragraph ``i`` (see the module docstring for each one)."""
    f = doc.features[i]
    h = f.hits
    raw = doc.raw(i)
    ngram_pos = max(f.ngram, 0.0)
    n = doc.n
    beside_removed = float((i > 0 and doc.reason[i - 1] is not None)
                           or (i + 1 < n and doc.reason[i + 1] is not None))
    nb = [doc.features[j].ngram for j in (where.prev_kept, where.next_kept) if j is not None]
    edge, topical = float(where.edge), float(where.topical)
    return {
        "ngram": f.ngram,
        "ngram_pos": ngram_pos,
        "similarity": f.similarity / 100.0,
        "consent": math.log1p(h.count("consent")),
        "context": math.log1p(h.count("context")),
        "action": math.log1p(h.count("action")),
        "address": math.log1p(doc.address(i)),
        "density": h.notice / max(f.words, 1),
        "words": math.log1p(f.words),
        "short": float(f.words <= EDGE_LINE_MAX_WORDS + 1),
        "question": float(_QUESTION.search(raw) is not None),
        "sentence": float(_SENTENCE.search(raw) is not None),
        "quoted": float(doc.quoted(i)),
        "digits": float(_DIGIT.search(raw) is not None),
        "nb_ngram": max(nb) if nb else -LOGIT_CLIP,
        "beside_removed": beside_removed,
        "beside_banner": float(where.beside),
        "ngram_beside": ngram_pos * beside_removed,
        "edge": edge,
        "extreme": float(where.extreme),
        "ngram_edge": ngram_pos * edge,
        "outside": float(where.outside),
        "topical": topical,
        "ngram_topical": ngram_pos * topical,
    }


def scored(doc: _Doc) -> Iterator[tuple[int, _Where, dict[str, float]]]:
    """The kept paragraphs the scorecard scores, with their context and signals: only the
    candidates (a long paragraph without notice vocabulary is proven harmless, never scored)."""
    for i, where in contexts(doc):
        if doc.features[i].norm is not None:
            yield i, where, signals(doc, i, where)


def vetoed(doc: _Doc, i: int, where: _Where) -> bool:
    """Hand-set rules that keep journalism whatever the score: a long paragraph in a text
    about consent (see VETO_MIN_WORDS); reported speech (a reporting verb: "said", "sagte")
    not close to a known notice (VETO_SIMILARITY); a heading there (a short line with no action term,
    no full stop, text below it); a headline about consent (a short line with
    notice vocabulary, no full stop, right above a paragraph that reports, or above a byline).

    Like every signal, a veto reads only the kept paragraphs, never the removed ones: a
    veto that lapsed when its neighbours were removed would make ``clean`` not idempotent."""
    f = doc.features[i]
    if where.topical and f.words > VETO_MIN_WORDS and f.similarity < VETO_SIMILARITY:
        return True
    if _reported(doc, i) and f.similarity < VETO_SIMILARITY:
        return True  # reported speech ("the regulator said …") not close to a known notice
    if where.topical and f.words <= SHORT_WORDS and f.hits.count("action") == 0 and where.next_kept is not None \
            and not _ENDS_STATEMENT.search(doc.raw(i)):
        return True  # a heading of a text about consent
    return f.words <= SHORT_WORDS and f.hits.notice >= 1 and (leads_report(doc, i, where)
                                                               or above_byline(doc, i, where))


def score_in_context(doc: _Doc, card: Scorecard, scores: dict[int, Score]) -> bool:
    """One scorecard pass over the kept paragraphs: score each (into ``scores``), then remove
    at once those at or above the threshold that no veto keeps. Returns whether any was."""
    found: dict[int, tuple[Evidence, _Where]] = {}
    for i, where, named in scored(doc):
        s = card.score(named)
        scores[i] = s
        if s.total >= card.threshold and not vetoed(doc, i, where):
            h = doc.features[i].hits
            top = ", ".join(f"{k} {v:+.1f}" for k, v in s.top())
            found[i] = (Evidence(Rule.SCORECARD, s.total, f"signals add up to {s.total:+.1f} "
                                 f"(threshold {card.threshold:+.1f}): {top}", None, None,
                                 h.language), where)
    for i, (ev, where) in found.items():
        doc.decide_in_place(i, ev, where)  # a guide's title scored away below the buttons anchors no intro
    return bool(found)
