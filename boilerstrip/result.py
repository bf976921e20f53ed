"""What an analysis says: verdicts, rules, evidence, and the result of one text.

Plain data (frozen dataclasses and enums), shared by the engine, the rules and the reports. A
:class:`Result` holds its paragraphs in compact columns (:class:`Paragraphs`: spans as
integers, verdicts as one-byte codes, evidence and scores only for the paragraphs that have
them) and builds a :class:`Paragraph` object only when one is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence, overload

from .text import Layout, Span, Spans

if TYPE_CHECKING:
    from .scorecard import Score


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
    SCORECARD = "scorecard"


#: Rules whose paragraphs are consent notices: they anchor runs and multilingual blocks.
BANNER_RULES = frozenset(
    {Rule.CORPUS_MATCH, Rule.CONSENT_CONTROL, Rule.CONSENT_VOCABULARY, Rule.BANNER_RUN,
     Rule.MULTILINGUAL_BLOCK, Rule.SCORECARD}
)
NOTICE_RULES = frozenset({Rule.CORPUS_MATCH, Rule.CONSENT_VOCABULARY, Rule.MULTILINGUAL_BLOCK,
                          Rule.SCORECARD})


class Position(str, Enum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


def position(i: int, n: int, edge: int) -> Position:
    """Where paragraph ``i`` of ``n`` sits: among the first ``edge`` paragraphs, the last
    ``edge``, or between."""
    if i < edge:
        return Position.TOP
    if i >= n - edge:
        return Position.BOTTOM
    return Position.MIDDLE


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


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph's place, verdict and evidence."""

    index: int
    span: Span
    verdict: Verdict
    position: Position
    evidence: tuple[Evidence, ...] = ()
    #: The scorecard's score (log-odds, nats; see boilerstrip.scorecard), None when the rules
    #: decided before the scorecard looked at it.
    score: float | None = None
    #: The scorecard's signed contributions ``(signal, weight x value)``, largest first.
    contributions: tuple[tuple[str, float], ...] = ()

    @property
    def removed(self) -> bool:
        return self.verdict is Verdict.REMOVE


#: The verdict codes of :attr:`Paragraphs.verdicts` (one byte a paragraph).
KEEP, REMOVE = 0, 1
_VERDICTS = (Verdict.KEEP, Verdict.REMOVE)


class Paragraphs(Sequence[Paragraph]):
    """Every paragraph of one analysed text, in order, held in compact columns; reading an
    item builds its :class:`Paragraph` (equal to the one an object per paragraph would hold).

    - ``spans``: :class:`~boilerstrip.text.Spans`, four 8-byte offsets a paragraph;
    - ``verdicts``: one byte a paragraph, :data:`KEEP` or :data:`REMOVE`;
    - ``evidence``: the evidence of each removed paragraph, by index (kept ones have none);
    - ``scores``: the scorecard's :class:`~boilerstrip.scorecard.Score` of each paragraph it
      scored, by index (the others have score None and no contributions);
    - ``edge``: how many paragraphs at each end are at the top or the bottom (see
      :func:`position`).

    About 33 bytes a paragraph beside the text, plus the entries of the two mappings; the
    columns are never changed once the result is made (:meth:`with_removed` makes new ones).
    """

    __slots__ = ("spans", "verdicts", "evidence", "scores", "edge")

    def __init__(self, spans: Spans, verdicts: bytes, evidence: Mapping[int, tuple[Evidence, ...]],
                 scores: Mapping[int, "Score"], edge: int) -> None:
        if len(verdicts) != len(spans):
            raise ValueError(f"{len(verdicts)} verdicts for {len(spans)} spans")
        self.spans, self.verdicts, self.evidence, self.scores, self.edge = spans, verdicts, evidence, scores, edge

    def paragraph(self, i: int) -> Paragraph:
        """Paragraph ``i`` (0-based, non-negative) as an object."""
        s = self.scores.get(i)
        return Paragraph(i, self.spans[i], _VERDICTS[self.verdicts[i]], position(i, len(self.verdicts), self.edge),
                         self.evidence.get(i, ()), None if s is None else s.total, () if s is None else s.contributions)

    def __len__(self) -> int:
        return len(self.verdicts)

    @overload
    def __getitem__(self, i: int) -> Paragraph: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Paragraph, ...]: ...

    def __getitem__(self, i):
        n = len(self.verdicts)
        if isinstance(i, slice):
            return tuple(map(self.paragraph, range(*i.indices(n))))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("paragraph index out of range")
        return self.paragraph(i)

    def __iter__(self) -> Iterator[Paragraph]:
        return map(self.paragraph, range(len(self.verdicts)))

    def removed_indexes(self) -> Iterator[int]:
        """The indexes of the removed paragraphs, in order."""
        v = self.verdicts
        i = v.find(REMOVE)
        while i >= 0:
            yield i
            i = v.find(REMOVE, i + 1)

    def with_removed(self, found: Mapping[int, Evidence]) -> "Paragraphs":
        """These paragraphs with those of ``found`` removed, each with that one evidence and
        no score (the spans are shared, not copied)."""
        verdicts = bytearray(self.verdicts)
        evidence = dict(self.evidence)
        scores = {i: s for i, s in self.scores.items() if i not in found}
        for i, e in found.items():
            verdicts[i] = REMOVE
            evidence[i] = (e,)
        return Paragraphs(self.spans, bytes(verdicts), evidence, scores, self.edge)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Paragraphs, tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the equal tuple's (a Result stays hashable)

    def __repr__(self) -> str:
        return f"Paragraphs({tuple(self)!r})"


@dataclass(frozen=True, slots=True)
class Result:
    """The analysis of one text. Spans index into :attr:`text` (held once, never copied);
    :attr:`paragraphs` holds them in compact columns (see :class:`Paragraphs`)."""

    text: str
    layout: Layout
    head: int
    paragraphs: Paragraphs

    def paragraph_text(self, p: Paragraph) -> str:
        return self.text[p.span.start : p.span.text_end]

    def cleaned(self) -> str:
        """The input without the removed paragraphs; kept bytes unchanged."""
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The cleaned text as consecutive slices of the input (for streaming a big output
        without building it in memory)."""
        start = end = 0
        for a, b, _ in self._output_ranges():
            if a != end:
                if end > start:
                    yield self.text[start:end]
                start = a
            end = b
        if end > start:
            yield self.text[start:end]

    def _output_ranges(self) -> Iterator[tuple[int, int, int | None]]:
        """The input ranges the output is made of, in order: ``(start, end, index)`` with the
        index of the kept paragraph, or None for the head or a separator.

        Block boundaries between kept paragraphs survive: when the blank lines separating two
        kept paragraphs belonged to a removed one, that separator is kept, so that the output
        has the same paragraphs as the input (and cleaning it again removes nothing more).
        """
        if self.head:
            yield 0, self.head, None
        ps = self.paragraphs
        verdicts, spans = ps.verdicts, ps.spans
        starts, text_ends, ends, line_ends = spans.starts, spans.text_ends, spans.ends, spans.line_ends
        n = len(verdicts)
        owed: tuple[int, int] | None = None  # a removed paragraph's blank lines
        may_owe = False  # the last kept paragraph ended without blank lines of its own
        last_kept = verdicts.rfind(KEEP)
        for i in range(n):
            if verdicts[i] == REMOVE:
                if may_owe and owed is None and ends[i] > line_ends[i]:
                    owed = (line_ends[i], ends[i])
                continue
            if owed is not None:
                yield owed[0], owed[1], None
                owed = None
            if i == last_kept and i < n - 1:
                # Only removed paragraphs follow: the output ends as the input ends, with a
                # line ending if the input has one and without the separator to them.
                yield starts[i], line_ends[i] if self.text.endswith(("\n", "\r")) else text_ends[i], i
                return
            yield starts[i], ends[i], i
            may_owe = ends[i] == line_ends[i]

    @property
    def removed(self) -> tuple[Paragraph, ...]:
        ps = self.paragraphs
        return tuple(map(ps.paragraph, ps.removed_indexes()))

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
                    "score": None if p.score is None else round(p.score, 2),
                    "contributions": [[k, round(v, 2)] for k, v in p.contributions[:5]],
                }
                for p in self.removed
            ],
        }
