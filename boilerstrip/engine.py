"""The detection engine: ``analyze(text, options) -> Result`` and ``clean(text, options) -> str``.

Pure: text in, result out; no files, no terminal. Decisions come in two stages (the rules are
in :mod:`boilerstrip.rules`).

1. Each paragraph on its own (cached per text): a strong match of a known notice, or a known
   consent-control or interface label standing alone.
2. In context, repeated until nothing changes (so that ``clean`` is idempotent): dense consent
   vocabulary that addresses the reader, at an edge of the text or beside a removed banner;
   short consent lines inside a run of banner paragraphs; the same notice repeated in other
   languages beside a removed one (the multilingual block); in a batch, repetition.

Every removal carries :class:`Evidence` a person can check.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from .corpus import Entry, check_unique_ids, packaged_entries
from .matching import LabelIndex, NoticeMatcher
from .repetition import Repetition
from .result import (BANNER_RULES, NOTICE_RULES, REMOVE, Evidence, Paragraph, Paragraphs, Position, Result,
                     Rule, Verdict)
from .rules import (MAX_NOTICE_CHARS, SHORT_WORDS, STRONG_MATCH, SUPPORT_MATCH, _compute_features, _Doc,
                    _edge, _Features, _inert, _standalone, _with_language, decide_in_context,
                    keep_headings, settle_headings)
from .scorecard import Score, Scorecard
from .signals import score_in_context, scored
from .text import Span, Spans, normalize, segment
from .textmodel import ContentModel
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    from .prebuilt import Prebuilt

__all__ = ["analyze", "clean", "Options", "Corpus", "Result", "Paragraph", "Evidence", "Rule",
           "Verdict", "Position", "BANNER_RULES", "NOTICE_RULES", "STRONG_MATCH", "SUPPORT_MATCH"]


class Corpus:
    """The corpus compiled for matching: labels, notice templates and vocabulary.

    Each part is made when a decision first needs it (a text without notice vocabulary needs
    only the vocabulary's screen and the labels). The packaged corpus takes its parts from the
    prebuilt file shipped with it when that file is fresh (:mod:`boilerstrip.prebuilt`), and
    reads its records only if something asks for them; any other corpus compiles its parts
    from its records.
    """

    def __init__(self, entries: Iterable[Entry], content_model: ContentModel | None = None) -> None:
        self._entries: tuple[Entry, ...] | None = tuple(entries)
        self._content_model = content_model
        check_unique_ids(self._entries)
        self._prebuilt: Prebuilt | None = None
        # Per-paragraph features are a pure function of (normalised text, corpus): caching them
        # here speeds up batches without making one document's result depend on another's.
        self._features: dict[str, _Features] = {}

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every record of the corpus (the packaged ones are read on first use)."""
        if self._entries is None:
            self._entries = packaged_entries()
        return self._entries

    def _part(self, cls, name: str):
        """Part ``name`` of class ``cls``: from the prebuilt state, else compiled from the records."""
        if self._prebuilt is not None:
            return cls.from_state(self._prebuilt.state(name))
        return cls(self.entries)

    @cached_property
    def labels(self) -> LabelIndex:
        """Interface and consent-control labels (made on first use)."""
        return self._part(LabelIndex, "labels")

    @cached_property
    def notices(self) -> NoticeMatcher:
        """Notice templates (made on first use)."""
        return self._part(NoticeMatcher, "notices")

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Consent vocabulary (made on first use)."""
        return self._part(Vocabulary, "vocabulary")

    def prepare(self) -> None:
        """Make every part, and load the content model, now: a process about to fork workers
        does it once for all of them."""
        self.labels.prepare()
        self.vocabulary.prepare()
        self.notices.prepare()
        self.content_model.prepare()
        self._prebuilt = None  # every part is made: the prebuilt file's bytes can go

    @property
    def content_model(self) -> ContentModel:
        """The n-gram content model (the packaged one unless given; loaded on first use)."""
        if self._content_model is None:
            self._content_model = ContentModel.packaged(self._prebuilt)
        return self._content_model

    _default: "Corpus | None" = None

    @classmethod
    def packaged(cls) -> "Corpus":
        """The corpus shipped with boilerstrip (made once per process, each part on first use).
        Its record ids are checked by the test suite, not at start-up."""
        if cls._default is None:
            cls._default = cls._from_package()
        return cls._default

    @classmethod
    def _from_package(cls) -> "Corpus":
        """A new packaged corpus: parts from the prebuilt file when it is fresh, else compiled
        from the packaged records (read on first need)."""
        from . import prebuilt

        corpus = cls(())
        corpus._entries, corpus._prebuilt = None, prebuilt.load()
        return corpus

    @classmethod
    def with_extra(cls, extra: Sequence[Entry]) -> "Corpus":
        """The packaged corpus plus user records (compiled once per process and set)."""
        if not extra:
            return cls.packaged()
        return _with_extra(tuple(extra))

    def features(self, raw: str) -> "_Features":
        """Everything a paragraph says on its own (cached per text: a pure function of it).

        Only paragraphs that could be boilerplate are cached (short lines, notice
        vocabulary): those are the ones that repeat across a batch; article paragraphs are
        unique and would only fill memory.
        """
        if len(raw) > MAX_NOTICE_CHARS:
            return _inert(raw)  # a 50 MB line is not tokenised: no banner is that long
        found = self._features.get(raw)
        if found is None:
            found = _compute_features(self, normalize(raw), raw)
            h = found.hits
            if found.words <= SHORT_WORDS or h.specific > 0:
                if len(self._features) >= FEATURE_CACHE_SIZE:
                    self._features.clear()
                self._features[raw] = found
        return found


@lru_cache(maxsize=4)
def _with_extra(extra: tuple[Entry, ...]) -> Corpus:
    return Corpus((*packaged_entries(), *extra))


FEATURE_CACHE_SIZE = 20_000
#: At most this many re-analyses of a cleaned text whose paragraphs were re-segmented.
SETTLE_PASSES = 2


@dataclass(frozen=True, slots=True)
class Options:
    """How to analyse a text. Every field has a safe default.

    keep_chrome: keep interface lines ("Share", "Text size:"); remove only consent text.
    corpus: the compiled corpus to use; None means the packaged one.
    detect_languages: identify the language of removed paragraphs for the report (costs a
        langdetect call per distinct removed paragraph; decisions never depend on it).
    scorecard: the weights that turn signals into verdicts; None means the packaged one.
    """

    keep_chrome: bool = False
    corpus: Corpus | None = None
    detect_languages: bool = True
    scorecard: Scorecard | None = None


def analyze(text: str, options: Options = Options(), repetition: Repetition | None = None) -> Result:
    """Decide, for every paragraph of ``text``, whether it is boilerplate, and why.

    ``repetition`` holds the paragraph counts of the batch the text belongs to (see
    :mod:`boilerstrip.repetition`); without it, only single-document evidence is used.
    """
    return _settle(_analyze_once(text, options, repetition), options, repetition)


def _settle(result: Result, options: Options, repetition: Repetition | None) -> Result:
    """Make ``clean`` idempotent when removals change how the rest is segmented.

    Removing a line can change whether the lines left in its block read as one hard-wrapped
    paragraph. When the cleaned text does not split into exactly the kept paragraphs, it is
    analysed again, and what that finds in merged paragraphs is removed from the input too.
    """
    for _ in range(SETTLE_PASSES):
        if not result.removed:
            return result  # the output is the input: it segments the same way
        owners, pos = [], 0
        starts, text_ends = result.paragraphs.spans.starts, result.paragraphs.spans.text_ends
        for a, b, index in result._output_ranges():
            if index is not None:
                owners.append((pos, pos + text_ends[index] - starts[index], index))
            pos += b - a
        out = result.cleaned()
        _, _, spans = segment(out)
        if list(zip(spans.starts, spans.text_ends)) == [(a, b) for a, b, _ in owners]:
            return result
        found: dict[int, Evidence] = {}
        for q in _analyze_once(out, options, repetition).removed:
            for a, b, index in owners:
                if a >= q.span.start and b <= q.span.text_end:
                    found[index] = q.evidence[0]
        if not found:
            return result
        result = Result(result.text, result.layout, result.head, result.paragraphs.with_removed(found))
    return result


def _analyze_once(text: str, options: Options, repetition: Repetition | None) -> Result:
    layout, head, spans = segment(text)
    doc = _rules_doc(text, spans, options, repetition)
    card = options.scorecard or Scorecard.packaged()
    scores: dict[int, Score] = {}
    # Rules to their fixpoint, then a scorecard pass over what they kept; repeated while the
    # scorecard removes something (the rules may then see a banner they could not before) or
    # a label kept as a heading is removed again (see rules.settle_headings).
    while score_in_context(doc, card, scores) or settle_headings(doc):
        decide_in_context(doc)
    verdicts = bytearray(len(spans))  # KEEP (0) for each
    evidence: dict[int, tuple[Evidence, ...]] = {}
    for i, ev in enumerate(doc.reason):
        if ev is not None:
            verdicts[i] = REMOVE
            evidence[i] = (_with_language(doc, i, ev),)
    return Result(text, layout, head, Paragraphs(spans, bytes(verdicts), evidence, scores, _edge(len(spans))))


def _rules_doc(text: str, spans: Spans, options: Options, repetition: Repetition | None) -> _Doc:
    """A working document with the rules applied to their fixpoint (no scorecard yet)."""
    corpus = options.corpus or Corpus.packaged()
    doc = _Doc(text, spans, corpus, options, repetition)
    for i in range(len(spans)):
        doc.decide(i, _standalone(doc, i))
    keep_headings(doc)
    decide_in_context(doc)
    return doc


def signal_table(text: str, options: Options = Options(), repetition: Repetition | None = None
                 ) -> list[tuple[Span, bool, dict[str, float] | None]]:
    """For fitting the scorecard (``benchmarks/fit.py``): every paragraph's span, whether the
    rules removed it, and its signals as the first scorecard pass sees them (None when the
    rules removed it or it is no candidate: ``score_in_context`` never scores those)."""
    _, _, spans = segment(text)
    doc = _rules_doc(text, spans, options, repetition)
    table: list[tuple[Span, bool, dict[str, float] | None]] = [
        (s, doc.reason[i] is not None, None) for i, s in enumerate(spans)]
    for i, _, named in scored(doc):
        table[i] = (spans[i], False, named)
    return table


def clean(text: str, options: Options = Options(), repetition: Repetition | None = None) -> str:
    """``text`` without its boilerplate paragraphs."""
    return analyze(text, options, repetition).cleaned()
