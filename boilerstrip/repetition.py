"""Cross-document repetition: how many documents of a batch contain each paragraph.

Built in a first pass over the whole batch (so no decision depends on file order), from
8-byte hashes of normalised paragraphs: memory holds hashes, not texts, and after the pass
only the hashes seen in at least ``min_repeat`` documents are kept. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .text import normalize, segment

#: Default for ``--min-repeat``: a paragraph in this many documents is repeated.
MIN_REPEAT = 3


def paragraph_hash(norm: str) -> int:
    """A stable 64-bit hash of a normalised paragraph (the same in every process)."""
    data = norm.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def document_hashes(text: str) -> set[int]:
    """The distinct paragraph hashes of one document (empty paragraphs ignored)."""
    _, _, spans = segment(text)
    out = set()
    for s in spans:
        norm = normalize(text[s.start : s.text_end])
        if norm:
            out.add(paragraph_hash(norm))
    return out


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
    """Document counts of the paragraphs that repeat across a batch."""

    docs: int
    min_repeat: int = MIN_REPEAT
    counts: dict[int, int] = field(default_factory=dict)

    def count(self, norm: str) -> int:
        return self.counts.get(paragraph_hash(norm), 0) if self.counts else 0

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_repeat: int = MIN_REPEAT) -> "Repetition":
        counts = Counts()
        for text in texts:
            counts.add(document_hashes(text))
        return counts.freeze(min_repeat)
