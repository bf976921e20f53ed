"""Text handling: decoding that never loses a byte, paragraph segmentation, normalisation.

Everything here is pure and works on spans (offsets into the one input string) so that a
document is held once; paragraph texts are sliced only when a rule needs them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache

#: Bytes that cannot be decoded as UTF-8 are carried as lone surrogates and written back as
#: the same bytes (PEP 383), so kept text survives a round trip exactly.
ERRORS = "surrogateescape"

#: A block line no longer than this, followed by more lines, may be a hard-wrapped line.
WRAP_MAX_LINE = 160
#: Lines shorter than this inside a block are not hard-wrapped prose: the block is a list of
#: one-line paragraphs (buttons, subheads, datelines).
WRAP_MIN_LINE = 30
#: At most this many short lines (buttons) may follow a wrapped paragraph in its block.
WRAP_TRAILING_SHORT = 8
#: The last line of a wrapped paragraph is at most this much longer than the widest other
#: line (trailing spaces, a wrapper that counts differently).
WRAP_LAST_LINE_SLACK = 4
#: A block is hard-wrapped prose when fewer than this share of its non-final lines end a
#: sentence; one-paragraph-per-line text ends nearly every line with punctuation.
WRAP_MAX_SENTENCE_END_SHARE = 0.5

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_SENTENCE_END = re.compile(r"[.!?:;\"'”’»)\]…。！？」』]\s*$")
# Word characters, plus the combining marks that Python's \w leaves out: the vowel signs of
# Devanagari, Bengali, Thai, Sinhala, Khmer ... are part of words. The optional points of
# Hebrew and Arabic (vowels, tanwin) are dropped: most text is written without them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0900-\u0963\u0966-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
_NON_WORD = re.compile(rf"(?:[^\w{_MARKS}]|_)+")
_POINTS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_NON_BLANK = re.compile(r"\S")
#: A line break followed by a line of nothing but spaces (or the end of the text).
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n)|[^\S\r\n]+$)")
#: Han, kana, Thai, Lao, Myanmar and Khmer: written without spaces between words.
_UNSPACED = r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
#: Those and Hangul: vocabulary is matched as substrings (Korean glues particles on).
_SUBSTRING_SCRIPT = r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"


@cache
def char_class(pattern: str) -> re.Pattern[str]:
    """``pattern``, a character class of whole scripts (``_UNSPACED``), compiled once, on first
    use: a class of 40,000 code points takes milliseconds to compile, which a run that never
    meets those scripts (ASCII text, for a start) need not pay at start-up."""
    return re.compile(pattern)


class Layout(str, Enum):
    """How a document separates its paragraphs."""

    LINES = "lines"  # one paragraph per line, no blank lines
    BLOCKS = "blocks"  # paragraphs separated by blank lines, maybe hard-wrapped


@dataclass(frozen=True, slots=True)
class Span:
    """A paragraph's place in the text.

    ``start:end`` is everything the paragraph owns, including its line ending and the blank
    lines after it, so that concatenating spans rebuilds the input; ``start:text_end`` is the
    paragraph's visible text (its lines, without the final line ending); ``line_end:end`` is
    the separator (blank lines) after it, empty inside a block.
    """

    start: int
    text_end: int
    end: int
    line_end: int


def decode(data: bytes) -> str:
    """Decode UTF-8 bytes so that :func:`encode` gives back exactly the same bytes."""
    return data.decode("utf-8", ERRORS)


def encode(text: str) -> bytes:
    """Inverse of :func:`decode`."""
    return text.encode("utf-8", ERRORS)


def _is_wrapped(text: str, block: list[tuple[int, int, int]]) -> bool:
    """Whether a multi-line block is one hard-wrapped paragraph (else one paragraph a line).

    A greedy wrapper breaks a line only when the next word would not fit, so in wrapped text
    every line but the last, plus the next line's first word, is longer than the widest line.
    One-paragraph-per-line text rarely has that shape, and ends nearly every line with a
    sentence; with only two lines, the shape proves nothing and punctuation decides.
    """
    inner = block[:-1]
    lengths = [ce - s for s, ce, _ in inner]
    if min(lengths) < WRAP_MIN_LINE or max(lengths) > WRAP_MAX_LINE:
        return False
    width = max(lengths)
    s, ce, _ = block[-1]
    if ce - s > width + WRAP_LAST_LINE_SLACK:
        return False  # a wrapper never leaves its last line longer than the others
    for (s, ce, _), (ns, nce, _) in zip(inner, block[1:]):
        next_word = text[ns:nce].split(None, 1)
        if next_word and ce - s + 1 + len(next_word[0]) <= width:
            return False
    ends = sum(1 for s, ce, _ in inner if _SENTENCE_END.search(text, s, ce))
    if len(inner) >= 2:
        return ends < WRAP_MAX_SENTENCE_END_SHARE * len(inner)
    s, ce, _ = inner[0]
    ns, nce, _ = block[1]
    return ends == 0 or text[ns:nce].lstrip()[:1].islower()


def segment(text: str) -> tuple[Layout, int, list[Span]]:
    """Split ``text`` into paragraphs.

    Returns the layout, the length of the head (a byte-order mark and blank lines before the
    first paragraph, always kept) and the paragraph spans. The head and the spans tile the
    text exactly: ``text[:head] + "".join(text[s.start:s.end] for s in spans) == text``.
    Lines are visited once, without copying them (a 50 MB line is not sliced).
    """
    head = 1 if text.startswith("\ufeff") else 0
    spans: list[Span] = []
    block: list[tuple[int, int, int]] = []
    first = _NON_BLANK.search(text, head)
    layout = Layout.BLOCKS if first and _BLANK_LINE.search(text, first.start()) else Layout.LINES
    blank_end = -1  # end of the blank lines after the current block, if any

    def flush(trail_end: int) -> None:
        # Short lines opening a block ("Share", a subhead) are paragraphs of their own, so
        # that whether the rest is wrapped does not depend on them (removing them must not
        # change how the rest is split: clean is idempotent).
        k = 0
        while k < len(block) - 1 and block[k][1] - block[k][0] < WRAP_MIN_LINE:
            spans.append(Span(block[k][0], block[k][1], block[k][2], block[k][2]))
            k += 1
        rest = block[k:]
        # A wrapped paragraph may be followed, in the same block, by short lines (buttons):
        # take the longest wrapped run of lines whose remaining lines are all short. The same
        # test runs whatever the layout, so that removing every blank line (with the
        # paragraphs that owned them) cannot change how the remaining lines are split.
        wrapped = 0
        n = len(rest)
        while n > 1 and len(rest) - n <= WRAP_TRAILING_SHORT:
            if _is_wrapped(text, rest[:n]):
                wrapped = n
                break
            s, ce, _ = rest[n - 1]
            if ce - s >= WRAP_MIN_LINE:
                break  # the lines after a wrapped run must all be short
            n -= 1
        if wrapped:
            last = rest[wrapped - 1]
            spans.append(Span(rest[0][0], last[1], trail_end if wrapped == len(rest) else last[2], last[2]))
        for j in range(wrapped, len(rest)):
            s, ce, e = rest[j]
            spans.append(Span(s, ce, trail_end if j == len(rest) - 1 else e, e))
        block.clear()

    for m in _LINE.finditer(text, head):
        s, e = m.span()
        ce = e
        while ce > s and text[ce - 1] in "\r\n":
            ce -= 1
        if _NON_BLANK.search(text, s, ce) is None:
            if block:
                blank_end = e
            elif not spans:
                head = e  # blank lines before the first paragraph
            else:
                blank_end = e
            continue
        if block and blank_end >= 0:
            flush(blank_end)
        blank_end = -1
        block.append((s, ce, e))
    if block:
        flush(blank_end if blank_end >= 0 else block[-1][2])
    return layout, head, spans


def normalize(text: str) -> str:
    """Matching key: NFKC, case-folded, Hebrew and Arabic points dropped, punctuation and
    spacing folded to single spaces."""
    if text.isascii():  # the same result, faster: NFKC and the points change no ASCII text
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = _POINTS.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _NON_WORD.sub(" ", text).strip()


def substring_script(text: str) -> bool:
    """Whether the text uses a script whose vocabulary matches as substrings (see _SUBSTRING_SCRIPT)."""
    return not text.isascii() and char_class(_SUBSTRING_SCRIPT).search(text) is not None


def word_count(normalized: str) -> int:
    """Words in normalised text; in scripts without spaces (_UNSPACED), three characters count as a word."""
    if normalized.isascii():
        return len(normalized.split())
    pattern = char_class(_UNSPACED)
    unspaced = len(pattern.findall(normalized))
    if not unspaced:
        return len(normalized.split())
    return (unspaced + 2) // 3 + len(pattern.sub(" ", normalized).split())
