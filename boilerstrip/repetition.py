"""Cross-document repetition: how many documents of a batch contain each paragraph.

Built in a first pass over the whole batch (so no decision depends on file order). That pass
must cost little more than reading the files, so it works on raw lines: each non-blank line's
bytes, spacing folded and ASCII case folded, hashed to 8 bytes. A paragraph's count is then
the smallest count of its lines (a hard-wrapped paragraph repeats only if all its lines do).
Memory holds hashes, not texts, and after the pass only the hashes seen in at least
``min_repeat`` documents are kept. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .text import ERRORS

#: Default for ``--min-repeat``: a paragraph in this many documents is repeated.
MIN_REPEAT = 3


def line_hash(line: bytes) -> int:
    """A stable 64-bit hash of one line, spacing and ASCII case folded (same in every process)."""
    key = b" ".join(line.split()).lower()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def document_hashes(text: str) -> set[int]:
    """The distinct line hashes of one decoded document (blank lines and a BOM ignored)."""
    data = text.lstrip("\ufeff").encode("utf-8", ERRORS)
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    return {line_hash(line) for line in lines if line.strip()}


class Counts:
    """Accumulates per-document hash sets during the first pass."""

    def __init__(self) -> None:
        self.docs = 0
        self._counter: Counter[int] = Counter()

    def add(self, hashes: Iterable[int]) -> None:
        self.docs += 1
        self._counter.update(hashes)

    def freeze(self, min_repeat: int = MIN_REPEAT) -> "Repetition":
        kept = {h: n for h, n in self._counter.items() if n >= min_repeat}
        return Repetition(docs=self.docs, min_repeat=min_repeat, counts=kept)


@dataclass(frozen=True)
class Repetition:
    """Document counts of the lines that repeat across a batch."""

    docs: int
    min_repeat: int = MIN_REPEAT
    counts: dict[int, int] = field(default_factory=dict)

    def count(self, raw: str) -> int:
        """In how many documents of the batch the paragraph ``raw`` occurs: the smallest
        count of its lines (0 when below ``min_repeat``)."""
        if not self.counts:
            return 0
        data = raw.encode("utf-8", ERRORS).replace(b"\r", b"\n")
        found = [self.counts.get(line_hash(line), 0) for line in data.split(b"\n") if line.strip()]
        return min(found) if found else 0

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_repeat: int = MIN_REPEAT) -> "Repetition":
        counts = Counts()
        for text in texts:
            counts.add(document_hashes(text))
        return counts.freeze(min_repeat)
