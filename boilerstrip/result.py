"""What an analysis says: verdicts, rules, evidence, and the result of one text.

Plain data (frozen dataclasses and enums), shared by the engine, the rules and the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterator

from .text import Layout, Span


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
        owed: tuple[int, int] | None = None  # a removed paragraph's blank lines
        may_owe = False  # the last kept paragraph ended without blank lines of its own
        last_kept = max((p.index for p in self.paragraphs if not p.removed), default=-1)
        for p in self.paragraphs:
            s = p.span
            if p.removed:
                if may_owe and owed is None and s.end > s.line_end:
                    owed = (s.line_end, s.end)
                continue
            if owed is not None:
                yield owed[0], owed[1], None
                owed = None
            if p.index == last_kept and p.index < len(self.paragraphs) - 1:
                # Only removed paragraphs follow: the output ends as the input ends, with a
                # line ending if the input has one and without the separator to them.
                yield s.start, s.line_end if self.text.endswith(("\n", "\r")) else s.text_end, p.index
                return
            yield s.start, s.end, p.index
            may_owe = s.end == s.line_end

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
                    "score": None if p.score is None else round(p.score, 2),
                    "contributions": [[k, round(v, 2)] for k, v in p.contributions[:5]],
                }
                for p in self.removed
            ],
        }
