"""Fuzzy matching against the corpus (the one module that talks to rapidfuzz).

A paragraph is compared with a notice template only after a cheap screen: the two must share
enough distinctive words (an inverted index over the templates) and have compatible lengths.
Labels are looked up exactly after normalisation, then fuzzily among labels of similar length.

Scorers and cut-offs:
- ``fuzz.ratio`` (normalised Indel similarity, 0-100) on the whole normalised texts: tolerant
  of re-wrapping (normalisation folds spacing), a changed word (a few points) and a site name
  in the slot (the slot is removed from the template, so the name costs only its length).
- ``fuzz.partial_ratio_alignment`` when the paragraph is shorter than the template: a
  truncated banner ("…") is a prefix of it; the best window must start near the template's
  beginning, so a sentence quoted from the middle of a banner does not count as the banner.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from .corpus import SITE_SLOT, Entry, Kind
from .text import normalize, substring_script

#: Words shorter than this are too common to screen templates with.
SCREEN_MIN_WORD = 4
#: A template is scored only if the paragraph shares this share of its screening words ...
SCREEN_MIN_SHARED = 0.3
#: ... and at least this many.
SCREEN_MIN_WORDS = 3
#: How many screened templates are scored with rapidfuzz, best screens first.
SCREEN_TOP = 6
#: A paragraph shorter than this share of a template is not that template, even truncated.
TRUNCATED_MIN_SHARE = 0.3
#: Minimum normalised length for the truncation scorer.
TRUNCATED_MIN_CHARS = 60
#: A truncated banner's best window must start within this share of the template.
TRUNCATED_MAX_OFFSET = 0.15
#: Longer than template + this share + site slack: another text, however similar its words.
LONGER_MAX_SHARE = 0.6
SITE_SLACK_CHARS = 60
#: Fuzzy label matching: only for short lines, and only close variants.
LABEL_FUZZY_MAX_CHARS = 60
#: Shorter labels must match exactly ("Share" is not "Shares", "Close" is not "Closed").
LABEL_FUZZY_MIN_CHARS = 10
LABEL_FUZZY_CUTOFF = 90.0


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float  # 0-100


@dataclass(frozen=True, slots=True)
class _Template:
    entry: Entry
    norm: str
    words: frozenset[str]


def _screen_words(norm: str) -> set[str]:
    if substring_script(norm):
        compact = norm.replace(" ", "")
        words = {compact[i : i + 2] for i in range(len(compact) - 1)}
        return words | {w for w in norm.split() if len(w) >= SCREEN_MIN_WORD}
    return {w for w in norm.split() if len(w) >= SCREEN_MIN_WORD}


class NoticeMatcher:
    """Finds the notice template a paragraph is a (possibly damaged) copy of."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._templates: list[_Template] = []
        self._index: dict[str, list[int]] = {}
        for entry in entries:
            if entry.kind is not Kind.NOTICE:
                continue
            norm = normalize(entry.text.replace(SITE_SLOT, " "))
            words = frozenset(_screen_words(norm))
            for word in words:
                self._index.setdefault(word, []).append(len(self._templates))
            self._templates.append(_Template(entry, norm, words))

    def __len__(self) -> int:
        return len(self._templates)

    def _screen(self, norm: str) -> list[int]:
        words = _screen_words(norm)
        if len(words) < SCREEN_MIN_WORDS:
            return []
        shared: Counter[int] = Counter()
        for word in words:
            for i in self._index.get(word, ()):
                shared[i] += 1
        picked = []
        for i, n in shared.items():
            t = self._templates[i]
            if n < SCREEN_MIN_WORDS or n < SCREEN_MIN_SHARED * min(len(words), len(t.words)):
                continue
            if len(norm) < TRUNCATED_MIN_SHARE * len(t.norm):
                continue
            if len(norm) > len(t.norm) * (1 + LONGER_MAX_SHARE) + SITE_SLACK_CHARS:
                continue
            picked.append((n / len(t.words), i))
        picked.sort(key=lambda p: (-p[0], p[1]))
        return [i for _, i in picked[:SCREEN_TOP]]

    @staticmethod
    def score(norm: str, template: str) -> float:
        """Similarity of a normalised paragraph to a normalised template, 0-100."""
        best = fuzz.ratio(norm, template)
        if len(norm) < len(template) and len(norm) >= TRUNCATED_MIN_CHARS:
            al = fuzz.partial_ratio_alignment(norm, template)
            if al is not None and al.dest_start <= TRUNCATED_MAX_OFFSET * len(template):
                best = max(best, al.score)
        return best

    def best(self, norm: str, cutoff: float = 0.0) -> Match | None:
        """The best-scoring template at or above ``cutoff``, or None. Ties go to the lower id."""
        found: Match | None = None
        for i in self._screen(norm):
            t = self._templates[i]
            s = self.score(norm, t.norm)
            if s >= cutoff and (found is None or s > found.score or (s == found.score and t.entry.id < found.entry.id)):
                found = Match(t.entry, s)
        return found


class LabelIndex:
    """Standalone interface and consent-control lines, looked up whole."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._exact: dict[str, Entry] = {}
        for entry in entries:
            if entry.kind is Kind.LABEL:
                key = normalize(entry.text)
                if key:
                    # consent_control wins over chrome for the same text; then the lower id.
                    old = self._exact.get(key)
                    if old is None or (entry.family, entry.id) < (old.family, old.id):
                        self._exact[key] = entry
        self._keys = sorted(self._exact)

    def __len__(self) -> int:
        return len(self._exact)

    def lookup(self, norm: str) -> Match | None:
        """Exact match of a normalised line, else a close variant of a label of similar length."""
        entry = self._exact.get(norm)
        if entry is not None:
            return Match(entry, 100.0)
        if not LABEL_FUZZY_MIN_CHARS <= len(norm) <= LABEL_FUZZY_MAX_CHARS:
            return None
        found = process.extractOne(
            norm, self._keys, scorer=fuzz.ratio, score_cutoff=LABEL_FUZZY_CUTOFF
        )
        if found is None:
            return None
        return Match(self._exact[found[0]], found[1])
