"""The detection engine: ``analyze(text, options) -> Result`` and ``clean(text, options) -> str``.

Pure: text in, result out; no files, no terminal. Decisions come in two stages.

1. Each paragraph on its own (cached per normalised text): a strong match of a known notice,
   or a known consent-control or interface label standing alone.
2. In context, repeated until nothing changes (so that ``clean`` is idempotent): dense consent
   vocabulary that addresses the reader, at an edge of the text or beside a removed banner;
   short consent lines inside a run of banner paragraphs; and the same notice repeated in
   other languages beside a removed one (the multilingual block).

Every removal carries :class:`Evidence` a person can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Sequence

from . import langid
from .corpus import Entry, check_unique_ids, packaged_entries
from .matching import LabelIndex, Match, NoticeMatcher
from .text import Layout, Span, normalize, segment, word_count
from .vocabulary import Hits, Vocabulary

# --- thresholds (named so that docs and tests can cite them) -----------------------------
#: A notice match at or above this score removes a paragraph on its own.
STRONG_MATCH = 82.0
#: A notice match at or above this score is supporting evidence.
SUPPORT_MATCH = 70.0
#: Paragraphs of at most this many words are "short" (labels, buttons, purpose titles).
SHORT_WORDS = 16
#: How many kept paragraphs from either end count as the edge of the text.
EDGE_PARAGRAPHS = 2
#: Consent vocabulary: distinct consent terms, reader address and the share of the
#: paragraph's words that are consent/context/action vocabulary, at the edge ...
VOCAB_EDGE_CONSENT = 2
VOCAB_EDGE_DENSITY = 0.12
#: ... and in the middle of the text, where journalism about privacy lives.
VOCAB_MIDDLE_CONSENT = 3
VOCAB_MIDDLE_DENSITY = 0.18
#: Multilingual block: a neighbour's length within this factor of the banner's ...
BLOCK_LENGTH_FACTOR = 2.5
#: ... sharing at least this many distinctive words (site name, "cookies", "multimedia" ...).
BLOCK_SHARED_WORDS = 2
BLOCK_SHARED_MIN_LEN = 4
#: Quoted speech longer than this is the speaker's, not the page's: its "we"/"you" does not
#: count as the page addressing the reader.
QUOTE_MIN_CHARS = 20

_QUOTED = re.compile(
    r"“[^”]{%d,}”|\"[^\"]{%d,}\"|«[^»]{%d,}»|„[^“”]{%d,}[“”]|「[^」]{%d,}」"
    % ((QUOTE_MIN_CHARS,) * 5)
)


class Verdict(str, Enum):
    KEEP = "keep"
    REMOVE = "remove"


class Rule(str, Enum):
    """Why a paragraph was removed."""

    CORPUS_MATCH = "corpus_match"
    CONSENT_CONTROL = "consent_control"
    CHROME = "chrome"
    CONSENT_VOCABULARY = "consent_vocabulary"
    BANNER_RUN = "banner_run"
    MULTILINGUAL_BLOCK = "multilingual_block"
    REPEATED = "repeated"


#: Rules whose paragraphs are consent notices: they anchor runs and multilingual blocks.
BANNER_RULES = frozenset(
    {Rule.CORPUS_MATCH, Rule.CONSENT_CONTROL, Rule.CONSENT_VOCABULARY, Rule.BANNER_RUN,
     Rule.MULTILINGUAL_BLOCK}
)
NOTICE_RULES = frozenset({Rule.CORPUS_MATCH, Rule.CONSENT_VOCABULARY, Rule.MULTILINGUAL_BLOCK})


class Position(str, Enum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason to remove a paragraph."""

    rule: Rule
    score: float  # 0-100 for matches; vocabulary density x 100; documents for "repeated"
    detail: str = ""
    entry_id: str | None = None
    family: str | None = None
    lang: str | None = None
    lang_confidence: float | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule.value,
            "score": round(self.score, 1),
            "detail": self.detail,
            "entry_id": self.entry_id,
            "family": self.family,
            "lang": self.lang,
            "lang_confidence": self.lang_confidence,
        }


class Corpus:
    """The corpus compiled for matching: labels, notice templates and vocabulary."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)
        check_unique_ids(self.entries)
        self.labels = LabelIndex(self.entries)
        self.notices = NoticeMatcher(self.entries)
        self.vocabulary = Vocabulary(self.entries)
        # Per-paragraph features are a pure function of (normalised text, corpus): caching them
        # here speeds up batches without making one document's result depend on another's.
        self._features: dict[str, _Features] = {}

    _default: "Corpus | None" = None

    @classmethod
    def packaged(cls) -> "Corpus":
        """The corpus shipped with boilerstrip (compiled once per process)."""
        if cls._default is None:
            cls._default = cls(packaged_entries())
        return cls._default

    @classmethod
    def with_extra(cls, extra: Sequence[Entry]) -> "Corpus":
        """The packaged corpus plus user records."""
        if not extra:
            return cls.packaged()
        return cls((*packaged_entries(), *extra))

    def features(self, norm: str) -> "_Features":
        found = self._features.get(norm)
        if found is None:
            if len(self._features) > FEATURE_CACHE_SIZE:
                self._features.clear()
            found = self._features[norm] = _compute_features(self, norm)
        return found


FEATURE_CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Options:
    """How to analyse a text. Every field has a safe default.

    keep_chrome: keep interface lines ("Share", "Text size:"); remove only consent text.
    corpus: the compiled corpus to use; None means the packaged one.
    detect_languages: identify the language of removed paragraphs for the report (costs a
        langdetect call per distinct removed paragraph; decisions never depend on it).
    """

    keep_chrome: bool = False
    corpus: Corpus | None = None
    detect_languages: bool = True


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph's place, verdict and evidence."""

    index: int
    span: Span
    verdict: Verdict
    position: Position
    evidence: tuple[Evidence, ...] = ()

    @property
    def removed(self) -> bool:
        return self.verdict is Verdict.REMOVE

    @property
    def reason(self) -> Evidence | None:
        return self.evidence[0] if self.evidence else None


@dataclass(frozen=True, slots=True)
class Result:
    """The analysis of one text. Spans index into :attr:`text` (held once, never copied)."""

    text: str
    layout: Layout
    head: int
    paragraphs: tuple[Paragraph, ...]

    def paragraph_text(self, p: Paragraph) -> str:
        return self.text[p.span.start : p.span.text_end]

    def cleaned(self) -> str:
        """The input without the removed paragraphs; kept bytes unchanged."""
        kept = [self.text[: self.head]]
        kept.extend(self.text[p.span.start : p.span.end] for p in self.paragraphs if not p.removed)
        return "".join(kept)

    @property
    def removed(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.removed)

    def to_dict(self) -> dict:
        return {
            "layout": self.layout.value,
            "paragraphs": len(self.paragraphs),
            "removed": [
                {
                    "index": p.index,
                    "start": p.span.start,
                    "end": p.span.end,
                    "position": p.position.value,
                    "text": self.paragraph_text(p),
                    "evidence": [e.to_dict() for e in p.evidence],
                }
                for p in self.removed
            ],
        }


@dataclass(frozen=True, slots=True)
class _Features:
    norm: str
    words: int
    hits: Hits
    label: Match | None
    notice: Match | None


def _compute_features(corpus: Corpus, norm: str) -> _Features:
    words = word_count(norm)
    hits = corpus.vocabulary.hits(norm)
    label = corpus.labels.lookup(norm) if words <= SHORT_WORDS else None
    notice = None
    if hits.count("consent") + hits.count("context") + hits.count("action") >= 1 or words > SHORT_WORDS:
        notice = corpus.notices.best(norm, SUPPORT_MATCH)
    return _Features(norm, words, hits, label, notice)


def _density(hits: Hits, words: int) -> float:
    return (hits.count("consent") + hits.count("context") + hits.count("action")) / max(words, 1)


class _Doc:
    """Mutable working state of one analysis."""

    def __init__(self, text: str, spans: list[Span], corpus: Corpus, options: Options) -> None:
        self.text, self.spans, self.corpus, self.options = text, spans, corpus, options
        self.features = [corpus.features(normalize(text[s.start : s.text_end])) for s in spans]
        self.reason: list[Evidence | None] = [None] * len(spans)
        self._unquoted_address: dict[int, int] = {}

    def raw(self, i: int) -> str:
        return self.text[self.spans[i].start : self.spans[i].text_end]

    def address(self, i: int) -> int:
        """Reader-address terms outside long quotations (a quoted "we" is the speaker's)."""
        if i not in self._unquoted_address:
            raw = self.raw(i)
            if _QUOTED.search(raw):
                hits = self.corpus.vocabulary.hits(normalize(_QUOTED.sub(" ", raw)))
                self._unquoted_address[i] = hits.count("address")
            else:
                self._unquoted_address[i] = self.features[i].hits.count("address")
        return self._unquoted_address[i]

    def is_banner(self, i: int) -> bool:
        r = self.reason[i]
        return r is not None and r.rule in BANNER_RULES

    def is_notice(self, i: int) -> bool:
        r = self.reason[i]
        return r is not None and r.rule in NOTICE_RULES

    def banner_neighbours(self, i: int) -> list[int]:
        """Removed banner paragraphs next to ``i``, looking through removed chrome."""
        out = []
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(self.spans) and self.reason[j] is not None:
                if self.is_banner(j):
                    out.append(j)
                    break
                j += step
        return out


def _standalone(doc: _Doc, i: int) -> Evidence | None:
    f = doc.features[i]
    if f.label is not None:
        e = f.label.entry
        if e.family == "chrome":
            if doc.options.keep_chrome:
                return None
            return Evidence(Rule.CHROME, f.label.score, "interface label standing alone",
                            e.id, e.family, e.lang)
        return Evidence(Rule.CONSENT_CONTROL, f.label.score, "consent button or link standing alone",
                        e.id, e.family, e.lang)
    if f.notice is not None and f.notice.score >= STRONG_MATCH:
        e = f.notice.entry
        return Evidence(Rule.CORPUS_MATCH, f.notice.score, "close copy of a known notice",
                        e.id, e.family, e.lang)
    return None


def _vocabulary(doc: _Doc, i: int, edge: bool, beside_banner: bool) -> Evidence | None:
    f = doc.features[i]
    consent = f.hits.n_distinct("consent")
    density = _density(f.hits, f.words)
    supported = f.notice is not None  # a weaker corpus match (>= SUPPORT_MATCH)
    if f.words <= SHORT_WORDS:
        return None  # short lines need a run (see _run)
    if doc.address(i) < 1 and not supported:
        return None
    if edge or beside_banner:
        ok = consent >= VOCAB_EDGE_CONSENT and density >= VOCAB_EDGE_DENSITY
        ok = ok or (supported and consent >= 1)
    else:
        ok = consent >= VOCAB_MIDDLE_CONSENT and density >= VOCAB_MIDDLE_DENSITY
        ok = ok or (supported and consent >= 2 and density >= VOCAB_EDGE_DENSITY)
    if not ok:
        return None
    where = "beside a banner" if beside_banner else ("at the edge" if edge else "mid-text")
    detail = (f"{consent} consent terms, reader addressed, {density:.0%} notice vocabulary, {where}")
    m = f.notice
    return Evidence(Rule.CONSENT_VOCABULARY, density * 100, detail,
                    m.entry.id if m else None, m.entry.family if m else None,
                    f.hits.langs[0] if f.hits.langs else None)


def _run(doc: _Doc, i: int) -> Evidence | None:
    """A short consent line (button, purpose title, heading) inside a banner run."""
    f = doc.features[i]
    if f.words > SHORT_WORDS or not doc.banner_neighbours(i):
        return None
    h = f.hits
    if h.count("consent") + h.count("action") >= 1 or h.n_distinct("context") >= 2 or (
        h.count("context") >= 1 and doc.address(i) >= 1
    ):
        return Evidence(Rule.BANNER_RUN, 100.0 * _density(h, f.words),
                        "short consent line inside a banner", None, None,
                        h.langs[0] if h.langs else None)
    return None


def _distinct_words(norm: str) -> set[str]:
    return {w for w in norm.split() if len(w) >= BLOCK_SHARED_MIN_LEN}


def _block(doc: _Doc, i: int) -> Evidence | None:
    """The same notice as a neighbouring banner, in another language."""
    f = doc.features[i]
    if f.words <= SHORT_WORDS:
        return None
    for j in doc.banner_neighbours(i):
        if not doc.is_notice(j):
            continue
        g = doc.features[j]
        a, b = len(f.norm), len(g.norm)
        if not (b / BLOCK_LENGTH_FACTOR <= a <= b * BLOCK_LENGTH_FACTOR):
            continue
        shared = _distinct_words(f.norm) & _distinct_words(g.norm)
        if len(shared) < BLOCK_SHARED_WORDS:
            continue
        li, lj = langid.detect(f.norm), langid.detect(g.norm)
        if not (li.known and lj.known) or li.code == lj.code:
            continue
        detail = (f"same notice as paragraph {j + 1} in another language "
                  f"({lj.code}→{li.code}; shared: {', '.join(sorted(shared)[:5])})")
        return Evidence(Rule.MULTILINGUAL_BLOCK, 100.0 * len(shared) / max(len(_distinct_words(f.norm)), 1),
                        detail, None, None, li.code, li.confidence)
    return None


def _decide_in_context(doc: _Doc) -> None:
    changed = True
    while changed:
        changed = False
        kept = [i for i, r in enumerate(doc.reason) if r is None]
        n = len(kept)
        for k, i in enumerate(kept):
            if doc.reason[i] is not None:
                continue
            beside = bool(doc.banner_neighbours(i))
            edge = k < EDGE_PARAGRAPHS or k >= n - EDGE_PARAGRAPHS
            ev = _vocabulary(doc, i, edge, beside) or _run(doc, i) or _block(doc, i)
            if ev is not None:
                doc.reason[i] = ev
                changed = True


def _position(i: int, n: int) -> Position:
    if i < max(EDGE_PARAGRAPHS, n // 5):
        return Position.TOP
    if i >= n - max(EDGE_PARAGRAPHS, n // 5):
        return Position.BOTTOM
    return Position.MIDDLE


def _with_language(doc: _Doc, i: int, ev: Evidence) -> Evidence:
    if ev.lang_confidence is not None or not doc.options.detect_languages:
        return ev
    lang = langid.detect(doc.features[i].norm)
    if not lang.known:
        return ev
    return Evidence(ev.rule, ev.score, ev.detail, ev.entry_id, ev.family, lang.code, lang.confidence)


def analyze(text: str, options: Options = Options()) -> Result:
    """Decide, for every paragraph of ``text``, whether it is boilerplate, and why."""
    corpus = options.corpus or Corpus.packaged()
    layout, head, spans = segment(text)
    doc = _Doc(text, spans, corpus, options)
    for i in range(len(spans)):
        doc.reason[i] = _standalone(doc, i)
    _decide_in_context(doc)
    n = len(spans)
    paragraphs = []
    for i, span in enumerate(spans):
        ev = doc.reason[i]
        if ev is None:
            paragraphs.append(Paragraph(i, span, Verdict.KEEP, _position(i, n)))
        else:
            paragraphs.append(Paragraph(i, span, Verdict.REMOVE, _position(i, n),
                                        (_with_language(doc, i, ev),)))
    return Result(text, layout, head, tuple(paragraphs))


def clean(text: str, options: Options = Options()) -> str:
    """``text`` without its boilerplate paragraphs."""
    return analyze(text, options).cleaned()
