"""Text handling: decoding that never loses a byte, paragraph segmentation, normalisation.

Everything here is pure and works on spans (offsets into the one input string) so that a
document is held once; paragraph texts are sliced only when a rule needs them.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Iterator, Sequence, overload

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
# Full stops and question marks of other scripts too: Arabic and Urdu (؟ ۔), Armenian (։),
# Ethiopic (። ፧), Devanagari and Bengali (। ॥), Burmese (။), CJK full-width forms.
_SENTENCE_END = re.compile(r"[.!?:;\"'”’»)\]…。！？；：」』؟۔։።፧।॥။]\s*$")
# Word characters, plus the combining marks that Python's \w leaves out: the vowel signs of
# Devanagari, Bengali, Thai, Sinhala, Khmer ... are part of words. The optional points of
# Hebrew and Arabic (vowels, tanwin) are dropped: most text is written without them.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0900-\u0963\u0966-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
#: Runs of word characters: normalize joins them with single spaces (the same text as
#: replacing each run of anything else by a space and stripping the ends, a quarter faster).
_WORD_RUN = re.compile(rf"[\w{_MARKS}]+")
#: Hebrew and Arabic points (one character class, no alternation: four times as fast as
#: with the dotted i's alternative). normalize first drops the dot that case folding leaves
#: after a Turkish capital İ ("İzin" is "izin"): str.replace("i\u0307", "i") before the class
#: is removed reads the same preceding character as a look-behind would.
_POINTS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
#: ASCII text's normalisation in one table: capitals to small letters, every character but a
#: letter or a digit (``_`` too) to a space; then spaces are folded (same result as the regex).
_ASCII_FOLD = str.maketrans({c: (chr(c).lower() if chr(c).isupper() else " ") for c in range(128)
                             if not chr(c).isalnum()} | {c: chr(c).lower() for c in range(65, 91)})
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


class Spans(Sequence[Span]):
    """The spans of one text's paragraphs, in compact columns: four ``array('q')`` of
    offsets into the text (``starts``, ``text_ends``, ``ends``, ``line_ends``; 32 bytes a
    paragraph) instead of one :class:`Span` object each. Reading an item builds its
    :class:`Span`; code that walks many paragraphs reads the columns."""

    __slots__ = ("starts", "text_ends", "ends", "line_ends")

    def __init__(self) -> None:
        self.starts, self.text_ends, self.ends, self.line_ends = array("q"), array("q"), array("q"), array("q")

    def append(self, start: int, text_end: int, end: int, line_end: int) -> None:
        """Add the next paragraph's span (offsets in characters of the text)."""
        self.starts.append(start)
        self.text_ends.append(text_end)
        self.ends.append(end)
        self.line_ends.append(line_end)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, i: int) -> Span: ...
    @overload
    def __getitem__(self, i: slice) -> list[Span]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.starts)))]
        return Span(self.starts[i], self.text_ends[i], self.ends[i], self.line_ends[i])

    def __iter__(self) -> Iterator[Span]:
        return map(Span, self.starts, self.text_ends, self.ends, self.line_ends)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spans):
            return (self.starts, self.text_ends, self.ends, self.line_ends) == (
                other.starts, other.text_ends, other.ends, other.line_ends)
        if isinstance(other, (list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the equal tuple's (a Result stays hashable)

    def __repr__(self) -> str:
        return f"Spans({list(self)!r})"


def decode(data: bytes) -> str:
    """Decode UTF-8 bytes so that :func:`encode` gives back exactly the same bytes."""
    return data.decode("utf-8", ERRORS)


def encode(text: str) -> bytes:
    """Inverse of :func:`decode`."""
    return text.encode("utf-8", ERRORS)


def _is_wrapped(text: str, starts: array, content_ends: array, lo: int, hi: int) -> bool:
    """Whether the block's lines ``lo:hi`` (at least two; their offsets in ``starts`` and
    ``content_ends``, line endings excluded) are one hard-wrapped paragraph (else one
    paragraph a line).

    A greedy wrapper breaks a line only when the next word would not fit, so in wrapped text
    every line but the last, plus the next line's first word, is longer than the widest line.
    One-paragraph-per-line text rarely has that shape, and ends nearly every line with a
    sentence; with only two lines, the shape proves nothing and punctuation decides.
    """
    last = hi - 1  # the lines lo:last are the inner ones
    width = 0
    for j in range(lo, last):
        n = content_ends[j] - starts[j]
        if n < WRAP_MIN_LINE or n > WRAP_MAX_LINE:
            return False
        if n > width:
            width = n
    if content_ends[last] - starts[last] > width + WRAP_LAST_LINE_SLACK:
        return False  # a wrapper never leaves its last line longer than the others
    for j in range(lo, last):
        next_word = text[starts[j + 1] : content_ends[j + 1]].split(None, 1)
        if next_word and content_ends[j] - starts[j] + 1 + len(next_word[0]) <= width:
            return False
    ends = sum(1 for j in range(lo, last) if _SENTENCE_END.search(text, starts[j], content_ends[j]))
    inner = last - lo
    if inner >= 2:
        return ends < WRAP_MAX_SENTENCE_END_SHARE * inner
    return ends == 0 or text[starts[lo + 1] : content_ends[lo + 1]].lstrip()[:1].islower()


def segment(text: str) -> tuple[Layout, int, Spans]:
    """Split ``text`` into paragraphs.

    Returns the layout, the length of the head (a byte-order mark and blank lines before the
    first paragraph, always kept) and the paragraph spans. The head and the spans tile the
    text exactly: ``text[:head] + "".join(text[s.start:s.end] for s in spans) == text``.
    Lines are visited once, without copying them (a 50 MB line is not sliced); the lines of
    the current block are held in three ``array('q')`` (start, end of content, end with the
    line ending), 24 bytes a line: a file of a million lines without a blank one is one block.
    """
    head = 1 if text.startswith("\ufeff") else 0
    spans = Spans()
    add = spans.append
    bs, bce, be = array("q"), array("q"), array("q")  # the current block's lines
    first = _NON_BLANK.search(text, head)
    layout = Layout.BLOCKS if first and _BLANK_LINE.search(text, first.start()) else Layout.LINES
    blank_end = -1  # end of the blank lines after the current block, if any

    def flush(trail_end: int) -> None:
        nb = len(bs)
        # Short lines opening a block ("Share", a subhead) are paragraphs of their own, so
        # that whether the rest is wrapped does not depend on them (removing them must not
        # change how the rest is split: clean is idempotent).
        k = 0
        while k < nb - 1 and bce[k] - bs[k] < WRAP_MIN_LINE:
            add(bs[k], bce[k], be[k], be[k])
            k += 1
        # The rest is lines k:nb. A wrapped paragraph may be followed, in the same block, by
        # short lines (buttons): take the longest wrapped run of lines whose remaining lines
        # are all short. The same test runs whatever the layout, so that removing every blank
        # line (with the paragraphs that owned them) cannot change how the remaining lines
        # are split.
        wrapped = 0
        rest = n = nb - k
        while n > 1 and rest - n <= WRAP_TRAILING_SHORT:
            if _is_wrapped(text, bs, bce, k, k + n):
                wrapped = n
                break
            if bce[k + n - 1] - bs[k + n - 1] >= WRAP_MIN_LINE:
                break  # the lines after a wrapped run must all be short
            n -= 1
        if wrapped:
            last = k + wrapped - 1
            add(bs[k], bce[last], trail_end if wrapped == rest else be[last], be[last])
        for j in range(k + wrapped, nb):
            add(bs[j], bce[j], trail_end if j == nb - 1 else be[j], be[j])
        del bs[:], bce[:], be[:]

    for m in _LINE.finditer(text, head):
        s, e = m.span()
        ce = e
        while ce > s and text[ce - 1] in "\r\n":
            ce -= 1
        if _NON_BLANK.search(text, s, ce) is None:
            if bs:
                blank_end = e
            elif not spans:
                head = e  # blank lines before the first paragraph
            else:
                blank_end = e
            continue
        if bs and blank_end >= 0:
            flush(blank_end)
        blank_end = -1
        bs.append(s)
        bce.append(ce)
        be.append(e)
    if bs:
        flush(blank_end if blank_end >= 0 else be[-1])
    return layout, head, spans


def normalize(text: str) -> str:
    """Matching key: NFKC, case-folded, Hebrew and Arabic points (and the dot a folded Turkish
    "İ" keeps) dropped, punctuation and spacing folded to single spaces."""
    if text.isascii():  # the same result, faster: NFKC and the points change no ASCII text
        return " ".join(text.translate(_ASCII_FOLD).split())
    text = unicodedata.normalize("NFKC", text).casefold()
    if "\u0307" in text:
        text = text.replace("i\u0307", "i")
    return " ".join(_WORD_RUN.findall(_POINTS.sub("", text).replace("_", " ")))


def unspaced_share(text: str) -> float:
    """The share (0-1) of the text's letters written in a script without spaces between words
    (see _SUBSTRING_SCRIPT); 0 for a text without letters."""
    letters = sum(1 for ch in text if ch.isalpha())
    return len(char_class(_SUBSTRING_SCRIPT).findall(text)) / letters if letters else 0.0


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
