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

rapidfuzz is imported by the functions that call it: a run over text without notice
vocabulary compares nothing, and its start-up does not pay for the import.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain, repeat
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from .corpus import SITE_SLOT, Entry, Kind, Rows, entry_row, row_entry
from .packed import PackedMap
from .text import normalize, substring_script

#: Words shorter than this are too common to screen templates with.
SCREEN_MIN_WORD = 4
#: A template is scored only if the paragraph shares this share of its screening words ...
SCREEN_MIN_SHARED = 0.3
#: ... and at least this many.
SCREEN_MIN_WORDS = 3
#: Screening words found in more than this share of templates are not indexed ...
SCREEN_MAX_SHARE = 0.05
#: ... unless the corpus is so small that this many postings is still selective.
SCREEN_MIN_POSTINGS = 20
#: How many screened templates are scored with rapidfuzz, best screens first.
SCREEN_TOP = 4
#: A paragraph shorter than this share of a template is not that template, even truncated.
TRUNCATED_MIN_SHARE = 0.3
#: Minimum normalised length for the truncation scorer.
TRUNCATED_MIN_CHARS = 60
#: The truncation scorer runs only for paragraphs shorter than this share of the template.
TRUNCATED_MAX_SHARE = 0.9
#: A truncated banner's best window must start within this share of the template.
TRUNCATED_MAX_OFFSET = 0.15
#: Longer than template + this share + site slack: another text, however similar its words.
LONGER_MAX_SHARE = 0.6
SITE_SLACK_CHARS = 60
#: A site name is at most this long; the words around the slot (this many characters on each
#: side) must be found at least this well to cut the name out before scoring.
SITE_MAX_CHARS = 80
SLOT_ANCHOR_CHARS = 24
SLOT_ANCHOR_CUTOFF = 85.0
#: Fuzzy label matching: only for short lines, and only close variants.
LABEL_FUZZY_MAX_CHARS = 60
#: "Label: items" lines: the items after a chrome label's colon are at most this long.
LABEL_ITEMS_MAX_CHARS = 120
#: A row of labels with no separator between them (a page footer's links flattened into one
#: line: "Terms of use Privacy notice Cookie policy Contact us") is chrome when at least
#: ROW_MIN_LABELS labels of at most ROW_LABEL_MAX_WORDS words each cover at least
#: ROW_MIN_COVER of its words. (Hand-set: three labels in a row cover a sentence of
#: journalism nowhere on the fixtures or the devset's tune part.)
ROW_MIN_LABELS = 3
#: ... or exactly two labels covering every word ("Accept all Reject all", "Performance
#: cookies 33 partners can use this purpose").
ROW_PAIR = 2
ROW_LABEL_MAX_WORDS = 8
ROW_MIN_COVER = 0.75
#: Shorter labels must match exactly ("Share" is not "Shares", "Close" is not "Closed").
LABEL_FUZZY_MIN_CHARS = 10
LABEL_FUZZY_CUTOFF = 90.0


PERFECT = 99.5
#: Calls to rapidfuzz scorers, for the benchmark (never read by decisions).
CALLS: Counter[str] = Counter()
_NUMBER = re.compile(r"\d")
_SEPARATORS = re.compile(r"\s+[·•|/]\s+|\s*[·•|]\s*")
_SENTENCE = re.compile(r"[.!?]\s+\w|[.!?]$")
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])|/")


def _row(labels: int, covered: int, words: int) -> bool:
    """Whether ``labels`` labels covering ``covered`` of a line's ``words`` words make a row
    (ROW_MIN_LABELS covering ROW_MIN_COVER, or ROW_PAIR covering every word); also the
    screen's test, with the words that may begin a label for ``labels``."""
    return labels >= ROW_PAIR and covered >= ROW_MIN_COVER * words and (labels >= ROW_MIN_LABELS or covered == words)


def _without_numbers(norm: str) -> str:
    """A normalised line without its numbers ("comments 12" is "comments"), also those written
    against a word with letters outside ASCII, as Chinese, Japanese and Korean sites print
    them ("3분 읽기" is "분 읽기", "コメント12件" is "コメント件"; "ö3" is "ö" too), while ASCII
    names keep theirs ("F1", "G7")."""
    if not _NUMBER.search(norm):
        return norm
    words = (w if w.isascii() else _NUMBER.sub("", w) for w in norm.split() if not w.isdigit())
    return " ".join(w for w in words if w)


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    score: float  # 0-100


@dataclass(frozen=True, slots=True)
class _Template:
    entry: Entry
    norm: str
    words: frozenset[str]
    before: str  # normalised text just before the {site} slot ("" if none)
    after: str  # normalised text just after it


def _excise_site(norm: str, before: str, after: str) -> str | None:
    """The paragraph without the site's name, located between the slot's neighbours."""
    from rapidfuzz import fuzz

    left = fuzz.partial_ratio_alignment(before, norm) if before else None
    right = fuzz.partial_ratio_alignment(after, norm) if after else None
    if left is not None and left.score < SLOT_ANCHOR_CUTOFF:
        left = None
    if right is not None and right.score < SLOT_ANCHOR_CUTOFF:
        right = None
    if left is None and right is None:
        return None
    cut_from = left.dest_end if left is not None else 0
    cut_to = right.dest_start if right is not None else None
    if cut_to is None:
        # The banner was cut off after the site name (or the name ends the text).
        gap = len(norm) - cut_from
        return norm[:cut_from] if 0 < gap <= SITE_MAX_CHARS else None
    if not 0 <= cut_to - cut_from <= SITE_MAX_CHARS:
        return None
    return (norm[:cut_from] + " " + norm[cut_to:]).strip()


def _screen_words(norm: str) -> set[str]:
    if substring_script(norm):
        compact = norm.replace(" ", "")
        words = {compact[i : i + 2] for i in range(len(compact) - 1)}
        return words | {w for w in norm.split() if len(w) >= SCREEN_MIN_WORD}
    return {w for w in norm.split() if len(w) >= SCREEN_MIN_WORD}


class NoticeMatcher:
    """Finds the notice template a paragraph is a (possibly damaged) copy of.

    State (:meth:`state`, :meth:`from_state`; see :mod:`boilerstrip.prebuilt`): ``templates``
    (entry row, normalised text, screening words sorted, slot neighbours), ``index`` (the
    screening index) and ``sizes`` (each template's number of screening words and normalised
    length, one after the other: what the screen reads of every template it counts). A
    template is made from its row when a look-up first scores it, and the index read for the
    words a look-up has (both may be packed tables of a prebuilt file, see
    :mod:`boilerstrip.packed`).
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._templates: list[_Template | None] = []
        self._rows: Sequence[tuple] | None = None  # the templates' rows, when made from a state
        self._index: Mapping[str, list[int]] = {}
        for entry in entries:
            if entry.kind is not Kind.NOTICE:
                continue
            norm = normalize(entry.text.replace(SITE_SLOT, " "))
            words = frozenset(_screen_words(norm))
            for word in words:
                self._index.setdefault(word, []).append(len(self._templates))
            before = after = ""
            if SITE_SLOT in entry.text:
                head, tail = entry.text.split(SITE_SLOT, 1)
                before = normalize(head)[-SLOT_ANCHOR_CHARS:].strip()
                after = normalize(tail)[:SLOT_ANCHOR_CHARS].strip()
            self._templates.append(_Template(entry, norm, words, before, after))
        # Words in many templates ("cookies", "partners") do not tell templates apart: they
        # only lengthen the screen, so they are left out of the index. "Many" is a share of
        # the templates that could hold the word: those in scripts written without spaces
        # (whose screening words are character pairs) and the others are counted apart, so
        # that adding templates in one kind does not change the limit for the other's words.
        unspaced = sum(1 for t in self._templates if substring_script(t.norm))
        limits = {kind: max(SCREEN_MIN_POSTINGS, SCREEN_MAX_SHARE * n)
                  for kind, n in ((True, unspaced), (False, len(self._templates) - unspaced))}
        self._index = {w: ids for w, ids in self._index.items() if len(ids) <= limits[substring_script(w)]}
        self._sizes = tuple(n for t in self._templates for n in (len(t.words), len(t.norm)))

    def state(self) -> dict[str, Any]:
        """The matcher as plain data, the same whatever the hash seed (rebuilt by
        :meth:`from_state`)."""
        templates = tuple(self._rows) if self._rows is not None else tuple(
            (entry_row(t.entry), t.norm, tuple(sorted(t.words)), t.before, t.after) for t in self._templates)
        return {"templates": templates, "index": dict(sorted(self._index.items())), "sizes": self._sizes}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> "NoticeMatcher":
        """The matcher whose :meth:`state` is ``state`` (templates made when first scored)."""
        matcher = cls(())
        matcher._sizes = state["sizes"]
        matcher._rows = state["templates"]
        matcher._templates = [None] * (len(matcher._sizes) // 2)
        matcher._index = state["index"]
        return matcher

    def prepare(self) -> None:
        """Make every template and read the whole index now (before forking workers)."""
        for i in range(len(self._templates)):
            self._template(i)
        if isinstance(self._index, PackedMap):
            self._index = self._index.whole()

    def _template(self, i: int) -> _Template:
        t = self._templates[i]
        if t is None:
            row, norm, words, before, after = self._rows[i]
            t = self._templates[i] = _Template(row_entry(row), norm, frozenset(words), before, after)
        return t

    def _screen(self, norm: str) -> list[int]:
        words = _screen_words(norm)
        if len(words) < SCREEN_MIN_WORDS:
            return []
        index = self._index
        if isinstance(index, PackedMap):
            index = index.having(words)
            if self._index.unpacked:  # every bucket read: the plain dict from now on
                self._index = index
        # Templates by the number of screening words they share (counted in C).
        shared: Counter[int] = Counter(chain.from_iterable(map(index.get, words, repeat(()))))
        picked = []
        sizes = self._sizes
        # Most templates share fewer than SCREEN_MIN_WORDS words: dropped in one comprehension.
        for i, n in [(i, n) for i, n in shared.items() if n >= SCREEN_MIN_WORDS]:
            n_words, size = sizes[2 * i], sizes[2 * i + 1]  # the template's screening words, length
            if n < SCREEN_MIN_SHARED * min(len(words), n_words):
                continue
            if len(norm) < TRUNCATED_MIN_SHARE * size:
                continue
            if len(norm) > size * (1 + LONGER_MAX_SHARE) + SITE_SLACK_CHARS:
                continue
            # Shared words over all screening words of both (a Jaccard share, in which words
            # left out of the index count as not shared): a short template no longer outranks
            # the long one a cut-off paragraph was taken from.
            picked.append((n / (len(words) + n_words - n), i))
        picked.sort(key=lambda p: (-p[0], p[1]))
        return [i for _, i in picked[:SCREEN_TOP]]

    @staticmethod
    def score(norm: str, template: str, truncatable: bool = True, cutoff: float = 0.0) -> float:
        """Similarity of a normalised paragraph to a normalised template, 0-100 (0 when below
        ``cutoff``, which lets rapidfuzz stop early)."""
        from rapidfuzz import fuzz

        best = fuzz.ratio(norm, template, score_cutoff=cutoff)
        if best < PERFECT and truncatable and len(norm) < TRUNCATED_MAX_SHARE * len(template):
            al = fuzz.partial_ratio_alignment(norm, template, score_cutoff=max(cutoff, best))
            if al is not None and al.dest_start <= TRUNCATED_MAX_OFFSET * len(template):
                best = max(best, al.score)
        return best

    def best(self, norm: str, cutoff: float = 0.0, truncated: bool = True) -> Match | None:
        """The best-scoring template at or above ``cutoff``, or None. Ties go to the lower id.

        ``truncated``: the paragraph may be a cut-off banner (it does not end a sentence), so
        it is also compared with the templates' beginnings.
        """
        found: Match | None = None
        truncatable = truncated and len(norm) >= TRUNCATED_MIN_CHARS
        for i in self._screen(norm):
            CALLS["fuzzy"] += 1
            t = self._template(i)
            s = self.score(norm, t.norm, truncatable, cutoff)
            if (t.before or t.after) and s < PERFECT:
                excised = _excise_site(norm, t.before, t.after)
                if excised:
                    s = max(s, self.score(excised, t.norm, truncatable, cutoff))
            if s >= cutoff and (found is None or s > found.score or (s == found.score and t.entry.id < found.entry.id)):
                found = Match(t.entry, s)
        return found


def similarity(a: str, b: str) -> float:
    """Normalised Indel similarity of two strings, 0-100 (``fuzz.ratio``); 0 for two empty ones."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) if a or b else 0.0


def _label_rank(entry: Entry) -> tuple[int, str]:
    return (0 if entry.family == "consent_control" else 1, entry.id)


class LabelIndex:
    """Standalone interface and consent-control lines, looked up whole.

    State (:meth:`state`, :meth:`from_state`; see :mod:`boilerstrip.prebuilt`): ``keys``, the
    normalised label texts, each with the position of its entry; ``entries``, those entries
    as rows (read from a prebuilt state only when a look-up finds a label); and ``row_words``,
    every word of a key, 1 if it begins one, else 0 (see :meth:`_lookup_row`).
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        # normalised text -> position in self._entries (a packed table from a prebuilt state
        # until it is unpacked whole: see _key)
        self._exact: Mapping[str, int] = {}
        self._entries: list[Entry] | Rows = []
        for entry in entries:
            if entry.kind is Kind.LABEL:
                key = normalize(entry.text)
                if key:
                    # consent_control wins over chrome for the same text; then the lower id.
                    i = self._exact.get(key)
                    if i is None:
                        self._exact[key] = len(self._entries)
                        self._entries.append(entry)
                    elif _label_rank(entry) < _label_rank(self._entries[i]):
                        self._entries[i] = entry
        self._keys: dict[int, list[str]] | None = None  # the sorted keys by length (see _fuzzy_keys), made on first use
        self._by_size: dict[int, list[str]] = {}  # see _fuzzy_keys
        self._row_words: dict[str, int] | None = None  # see _words; made on first use
        self._row_state: Mapping[str, Any] | None = None  # a prebuilt state holding them

    def state(self) -> dict[str, Any]:
        """The index as plain data (rebuilt by :meth:`from_state`)."""
        entries = self._entries
        rows = tuple(entries.rows) if isinstance(entries, Rows) else tuple(entry_row(e) for e in entries)
        return {"keys": dict(self._exact), "entries": rows, "row_words": dict(self._words())}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> "LabelIndex":
        """The index whose :meth:`state` is ``state``."""
        index = cls(())
        index._exact, index._entries = state["keys"], Rows(lambda: state["entries"])
        index._row_state = state
        return index

    def prepare(self) -> None:
        """Make what look-ups would make on first use (before forking workers)."""
        if isinstance(self._exact, PackedMap):
            self._exact = self._exact.whole()
        if self._keys is None:
            self._keys = self._keys_by_length()
        if isinstance(self._entries, Rows):
            self._entries.unpack()
        if isinstance(self._words(), PackedMap):
            self._row_words = self._row_words.whole()

    def _words(self) -> dict[str, int]:
        """Every word of a label key (split at spaces, as look-ups join words), 1 if it begins
        a key, else 0; in sorted order (the same state whatever the hash seed)."""
        if self._row_words is None:
            if self._row_state is not None:
                self._row_words = self._row_state["row_words"]
            else:
                found: dict[str, int] = {}
                for key in self._exact:
                    first, *rest = key.split(" ")
                    found[first] = 1
                    for w in rest:
                        found.setdefault(w, 0)
                self._row_words = dict(sorted(found.items()))
        return self._row_words

    def _keys_by_length(self) -> dict[int, list[str]]:
        """Every key, sorted, in one list per length (see _fuzzy_keys)."""
        found: dict[int, list[str]] = {}
        for key in sorted(self._exact):
            found.setdefault(len(key), []).append(key)
        return found

    def _fuzzy_keys(self, size: int) -> list[str]:
        """The sorted keys that a line of ``size`` characters can match at LABEL_FUZZY_CUTOFF:
        ``fuzz.ratio`` is 100 x (1 - Indel distance / total length), and the distance is at
        least the difference of the lengths, so a key too much shorter or longer cannot
        (half a point of slack for rounding). extractOne returns the first best key: over
        these keys, in the same order, it returns what it returns over all of them.

        The bound reads only a key's length: it is tested once per length, and the sorted
        keys of the lengths that pass are merged back into sorted order (``sorted`` merges
        the sorted runs), the list a test of every key gives (``tests/test_screen.py``)."""
        found = self._by_size.get(size)
        if found is None:
            if self._keys is None:
                self._keys = self._keys_by_length()
            bound = LABEL_FUZZY_CUTOFF - 0.5
            found = self._by_size[size] = sorted(chain.from_iterable(
                keys for n, keys in self._keys.items() if 200 * min(size, n) >= bound * (size + n)))
        return found

    def _key(self, key: str) -> int | None:
        """The position of the entry whose normalised text is ``key``, or None."""
        exact = self._exact
        if isinstance(exact, PackedMap):  # a packed table: the bucket of ``key`` is read
            found = exact.having((key,))
            if exact.unpacked:
                self._exact = found
            return found.get(key)
        return exact.get(key)

    def _entry(self, key: str) -> Entry | None:
        i = self._key(key)
        return None if i is None else self._entries[i]


    def _lookup_parts(self, raw: str) -> Match | None:
        """Several labels on one line ("Accept all · Tout accepter · Alle akzeptieren"), or a
        chrome label followed by its items ("Share: Facebook · X", "Tags: Balaton, drought")."""
        parts = [normalize(p) for p in _SEPARATORS.split(raw)]
        parts = [p for p in parts if p]
        if len(parts) >= 2:
            found = [self._key(p) for p in parts]
            hits = [self._entries[i] for i in found if i is not None]
            if len(hits) * 2 >= len(parts):
                return Match(min(hits, key=_label_rank), 100.0 * len(hits) / len(parts))
        head, colon, tail = raw.partition(":")  # not "：": "评论：" heads a Chinese op-ed's headline
        if colon and tail.strip() and len(tail) <= LABEL_ITEMS_MAX_CHARS:
            entry = self._entry(normalize(head))
            if entry is not None and entry.family == "chrome" and not _SENTENCE.search(tail):
                return Match(entry, 100.0 * len(head) / len(raw))
        return None

    def _lookup_row(self, norm: str) -> Match | None:
        """Labels one after another without separators (see ROW_MIN_LABELS): the split of the
        words into labels and other words that covers the most words, found by dynamic
        programming over word positions (at most ROW_LABEL_MAX_WORDS look-ups a word)."""
        words = norm.split()
        n = len(words)
        if n < ROW_PAIR:
            return None
        # An exact screen first: a label found at word k has words[k] as its first word and
        # covers only words of labels; without ROW_MIN_LABELS such first words, or with too
        # few label words to cover ROW_MIN_COVER, no split can be a row.
        row_words = self._row_words if self._row_words is not None else self._words()
        if isinstance(row_words, PackedMap):  # a packed table: the buckets of these words are read
            found = row_words.having(words)
            if row_words.unpacked:
                self._row_words = found
            row_words = found
        starts = covered = 0
        for w in words:
            flag = row_words.get(w)
            if flag is not None:
                starts += flag
                covered += 1
        if not _row(starts, covered, n):
            return None
        # best[k]: (words covered, labels) of the best split of the first k words, and the
        # label entries of that split.
        best: list[tuple[int, int, tuple[Entry, ...]]] = [(0, 0, ())] + [(-1, 0, ())] * n
        for k in range(n):
            covered, count, hits = best[k]
            if best[k + 1][:2] < (covered, count):
                best[k + 1] = (covered, count, hits)  # word k is no label's
            for size in range(1, min(ROW_LABEL_MAX_WORDS, n - k) + 1):
                entry = self._entry(" ".join(words[k : k + size]))
                if entry is not None and best[k + size][:2] < (covered + size, count + 1):
                    best[k + size] = (covered + size, count + 1, hits + (entry,))
        covered, count, hits = best[n]
        if not _row(count, covered, n):
            return None
        return Match(min(hits, key=_label_rank), 100.0 * covered / n)

    def lookup(self, norm: str, raw: str | None = None, fuzzy: bool = True) -> Match | None:
        """Exact match of a normalised line, else a close variant of a label of similar length
        (only if ``fuzzy``). Numbers are ignored: "Comments (12)" is the label "Comments".
        """
        norm = _without_numbers(norm)
        entry = self._entry(norm)
        if entry is not None:
            return Match(entry, 100.0)
        found = self._lookup_parts(raw) if raw is not None else None
        if found is None:
            if raw is not None and _GLUED.search(raw):
                # Links glued together ("Privacy PolicyTerms of Use"): a word boundary at
                # each lower-to-upper case change and at each slash.
                norm = _without_numbers(normalize(_GLUED.sub(" ", raw)))
            found = self._lookup_row(norm)
        if found is not None:
            return found
        if not fuzzy or not LABEL_FUZZY_MIN_CHARS <= len(norm) <= LABEL_FUZZY_MAX_CHARS:
            return None
        from rapidfuzz import fuzz, process

        CALLS["fuzzy"] += 1
        found = process.extractOne(
            norm, self._fuzzy_keys(len(norm)), scorer=fuzz.ratio, score_cutoff=LABEL_FUZZY_CUTOFF
        )
        if found is None:
            return None
        return Match(self._entry(found[0]), found[1])
