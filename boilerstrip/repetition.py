"""Cross-document repetition: how many documents of a batch contain each paragraph.

Built in a first pass over the whole batch (so no decision depends on file order). That pass
must cost little more than reading the files, so it works on raw lines: each non-blank line's
bytes, spacing folded and ASCII case folded, hashed to 8 bytes. A paragraph's count is then
the smallest count of its lines (a hard-wrapped paragraph repeats only if all its lines do).
Memory holds hashes, not texts or a Python object per key: during the pass, one 8-byte key in
an array per (document, distinct line) (:class:`KeyTally`); after it, only the hashes seen in at
least ``min_repeat`` documents, as sorted arrays of keys and counts (:class:`HashCounts`,
12 bytes an entry). Pure: no I/O.

Site-aware counting (records that carry a URL, see :mod:`boilerstrip.sites`): each document
may be added with its site (registrable domain). Its lines are then also counted under 8-byte
keys that hash (site, line) together, in a second counter of the same kind, and the site's
page count is kept. :meth:`Repetition.count` with ``site=`` answers "on how many pages of this
site", and :meth:`Repetition.for_site` gives a view whose plain ``count(raw)`` answers that, so
the engine can use it unchanged: ``analyze(text, options, repetition.for_site(site))``. The rule
this serves: a paragraph on ``min_repeat`` pages of one site is evidence of boilerplate; wire
copy syndicated across different sites appears once per site and so is not.
Memory: 8-byte keys only; after freezing, the repeated (site, line) keys and one page count
per site.
"""

from __future__ import annotations

import codecs
import hashlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Iterable, Iterator

#: Default for ``--min-repeat``: a paragraph in this many documents is repeated.
MIN_REPEAT = 3

#: Encoding error handler for hashing: like ``surrogateescape`` (a byte that was not UTF-8
#: hashes as itself), and lone surrogates that came from JSON escapes (``"\ud800"`` in a
#: record) hash as their ``surrogatepass`` bytes instead of failing. Called only on errors.
HASH_ERRORS = "boilerstrip-hash"


def _hash_errors(exc: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = bytearray()
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(code - 0xDC00)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out), exc.end


codecs.register_error(HASH_ERRORS, _hash_errors)


def line_hash(line: bytes) -> int:
    """A stable 64-bit hash of one line, spacing and ASCII case folded (same in every process)."""
    key = b" ".join(line.split()).lower()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def site_key(site: str) -> int:
    """A stable 64-bit key for a site name (its page count is kept under it)."""
    return int.from_bytes(hashlib.blake2b(site.encode("utf-8", HASH_ERRORS), digest_size=8,
                                          person=b"bs-site").digest(), "big")


def site_line_hash(site: str, line: int) -> int:
    """The 8-byte key of line hash ``line`` on site ``site`` (stable across processes)."""
    h = hashlib.blake2b(site.encode("utf-8", HASH_ERRORS), digest_size=8, person=b"bs-site-line")
    h.update(line.to_bytes(8, "big"))
    return int.from_bytes(h.digest(), "big")


def document_hashes(text: str) -> set[int]:
    """The distinct line hashes of one decoded document (blank lines and a BOM ignored)."""
    data = text.lstrip("\ufeff").encode("utf-8", HASH_ERRORS)
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    return {line_hash(line) for line in lines if line.strip()}


#: Occurrences are kept in this many arrays, by the top bits of their key, so that freezing
#: builds the transient table of one part at a time (1/16 of the distinct keys).
PARTS = 16
_PART_SHIFT = 64 - (PARTS.bit_length() - 1)


class KeyTally:
    """Occurrences of 8-byte keys, compactly: one ``array('Q')`` per part (8 bytes a key, no
    Python object per key). Counted only when frozen (:meth:`counted`)."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts = [array("Q") for _ in range(PARTS)]

    def add(self, keys: Iterable[int]) -> None:
        parts = self.parts
        for key in keys:
            parts[key >> _PART_SHIFT].append(key)

    def extend(self, other: "KeyTally") -> None:
        for mine, theirs in zip(self.parts, other.parts):
            mine.extend(theirs)

    def __len__(self) -> int:
        return sum(map(len, self.parts))

    def __iter__(self) -> Iterator[int]:
        for part in self.parts:
            yield from part

    def counted(self, min_count: int) -> "HashCounts":
        """The keys that occur at least ``min_count`` times, with their counts."""
        keys, values = array("Q"), array("I")
        for part in self.parts:  # parts hold ascending key ranges: the result stays sorted
            kept = sorted((k, n) for k, n in Counter(part).items() if n >= min_count)
            keys.extend(k for k, _ in kept)
            values.extend(n for _, n in kept)
        return HashCounts(keys, values)

    def __reduce__(self):
        return (_tally, (self.parts,))


def _tally(parts: list[array]) -> KeyTally:
    tally = KeyTally()
    tally.parts = parts
    return tally


class HashCounts(Mapping):
    """A read-only ``{key: count}`` over two arrays: ascending 8-byte keys (``array('Q')``)
    and their counts (``array('I')``); look-ups by bisection. 12 bytes an entry instead of a
    dict's hundred or so; pickles as two byte strings."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: array | None = None, values: array | None = None) -> None:
        self._keys = keys if keys is not None else array("Q")
        self._values = values if values is not None else array("I")

    @classmethod
    def from_items(cls, items: Iterable[tuple[int, int]]) -> "HashCounts":
        pairs = sorted(items)
        keys, values = array("Q", (k for k, _ in pairs)), array("I", (n for _, n in pairs))
        if any(a == b for a, b in zip(keys, keys[1:])):
            raise ValueError("duplicate keys")
        return cls(keys, values)

    def __getitem__(self, key: int) -> int:
        i = bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return self._values[i]
        raise KeyError(key)

    def get(self, key: int, default=None):
        keys = self._keys
        i = bisect_left(keys, key)
        return self._values[i] if i < len(keys) and keys[i] == key else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.get(key) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def items(self):
        return zip(self._keys, self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HashCounts):
            return self._keys == other._keys and self._values == other._values
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"HashCounts({len(self)} keys)"

    def __reduce__(self):
        return (HashCounts, (self._keys, self._values))


class Counts:
    """Accumulates per-document hash sets during the first pass.

    Holds 8-byte keys in arrays (:class:`KeyTally`: one entry per document a line occurs in),
    never texts or a Python object per key; :meth:`freeze` counts them one part at a time.
    Counts are sums, so the order of :meth:`add` calls does not matter, and two ``Counts``
    built on parts of a batch :meth:`merge` into the counts of the whole (the workers of a
    batch, and a map-reduce: :mod:`boilerstrip.dask`). Picklable.
    """

    def __init__(self) -> None:
        self.docs = 0
        self._keys = KeyTally()
        self._site_keys = KeyTally()  # site_line_hash of each (site, line) of each page
        self._site_docs: Counter[int] = Counter()  # site_key -> pages of that site

    def add(self, hashes: Iterable[int], site: str | None = None) -> None:
        """Count one document: ``hashes`` is its *set* of line hashes
        (:func:`document_hashes`); ``site`` its site, or None when unknown."""
        self.docs += 1
        if site is None:
            self._keys.add(hashes)
            return
        hashes = tuple(hashes)
        self._keys.add(hashes)
        self._site_docs[site_key(site)] += 1
        self._site_keys.add(site_line_hash(site, h) for h in hashes)

    def add_text(self, text: str, site: str | None = None) -> None:
        """Count one decoded document (see :meth:`add`)."""
        self.add(document_hashes(text), site)

    def merge(self, other: "Counts") -> "Counts":
        """Add ``other``'s counts into these (in place) and return self."""
        self.docs += other.docs
        self._keys.extend(other._keys)
        self._site_keys.extend(other._site_keys)
        self._site_docs.update(other._site_docs)
        return self

    def split(self, n: int) -> list["Counts"]:
        """These counts in ``n`` disjoint parts by key (``key % n``), so that each part can be
        merged and frozen on its own machine; the document and page totals go with part 0.
        Freezing each merged part and :meth:`Repetition.combine` of the results gives what
        freezing the whole would."""
        parts = [Counts() for _ in range(n)]
        parts[0].docs = self.docs
        parts[0]._site_docs = Counter(self._site_docs)
        for attr in ("_keys", "_site_keys"):
            for key in getattr(self, attr):
                getattr(parts[key % n], attr).add((key,))
        return parts

    def freeze(self, min_repeat: int = MIN_REPEAT) -> "Repetition":
        return Repetition(docs=self.docs, min_repeat=min_repeat, counts=self._keys.counted(min_repeat),
                          site_counts=self._site_keys.counted(min_repeat), site_docs=dict(self._site_docs))


def _paragraph_hashes(raw: str) -> list[int]:
    data = raw.encode("utf-8", HASH_ERRORS).replace(b"\r", b"\n")
    return [line_hash(line) for line in data.split(b"\n") if line.strip()]


@dataclass(frozen=True)
class Repetition:
    """Document counts of the lines that repeat across a batch.

    ``counts``: line hash -> documents of the batch (only those >= ``min_repeat``).
    ``site_counts``: :func:`site_line_hash` -> pages of that site (only those >= ``min_repeat``);
    ``site_docs``: :func:`site_key` -> pages of that site. Both empty when no document was
    counted with a site. ``counts`` and ``site_counts`` are :class:`HashCounts` when frozen
    from :class:`Counts` (any mapping works).
    """

    docs: int
    min_repeat: int = MIN_REPEAT
    counts: Mapping[int, int] = field(default_factory=HashCounts)
    site_counts: Mapping[int, int] = field(default_factory=HashCounts)
    site_docs: dict[int, int] = field(default_factory=dict)

    def count(self, raw: str, site: str | None = None) -> int:
        """In how many documents of the batch the paragraph ``raw`` occurs: the smallest
        count of its lines (0 when below ``min_repeat``). With ``site``: on how many pages of
        that site (0 for a site never counted)."""
        table = self.counts if site is None else self.site_counts
        if not table:
            return 0
        hashes = _paragraph_hashes(raw)
        if site is not None:
            hashes = [site_line_hash(site, h) for h in hashes]
        found = [table.get(h, 0) for h in hashes]
        return min(found) if found else 0

    def pages(self, site: str) -> int:
        """How many documents of the batch were counted with site ``site``."""
        return self.site_docs.get(site_key(site), 0)

    def for_site(self, site: str | None) -> "Repetition":
        """The counts a document of ``site`` is judged with: a view whose ``count(raw)`` is
        the per-site count and whose ``docs`` is the site's page count. ``site=None`` (no
        URL) gives the batch-wide counts (self). The view shares the tables (no copy)."""
        if site is None:
            return self
        return _SiteView(docs=self.pages(site), min_repeat=self.min_repeat,
                         counts=self.site_counts, site_counts=self.site_counts,
                         site_docs=self.site_docs, site=site)

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_repeat: int = MIN_REPEAT) -> "Repetition":
        counts = Counts()
        for text in texts:
            counts.add(document_hashes(text))
        return counts.freeze(min_repeat)

    @classmethod
    def combine(cls, parts: Iterable["Repetition"]) -> "Repetition":
        """One Repetition from the frozen parts of :meth:`Counts.split` (disjoint keys)."""
        parts = list(parts)
        min_repeat = parts[0].min_repeat
        if any(part.min_repeat != min_repeat for part in parts):
            raise ValueError("parts frozen with different min_repeat")
        site_docs: dict[int, int] = {}
        for part in parts:
            site_docs.update(part.site_docs)
        return Repetition(sum(part.docs for part in parts), min_repeat,
                          HashCounts.from_items(kv for part in parts for kv in part.counts.items()),
                          HashCounts.from_items(kv for part in parts for kv in part.site_counts.items()),
                          site_docs)

    @classmethod
    def from_documents(cls, documents: Iterable[tuple[str | None, str]],
                       min_repeat: int = MIN_REPEAT) -> "Repetition":
        """Counts over ``(site, text)`` pairs: batch-wide and, for sites that are not None,
        per site."""
        counts = Counts()
        for site, text in documents:
            counts.add(document_hashes(text), site)
        return counts.freeze(min_repeat)


@dataclass(frozen=True)
class _SiteView(Repetition):
    """:meth:`Repetition.for_site`: ``count(raw)`` answers for one site."""

    site: str = ""

    def count(self, raw: str, site: str | None = None) -> int:
        return Repetition.count(self, raw, self.site if site is None else site)

    def for_site(self, site: str | None) -> Repetition:
        raise TypeError("already a per-site view")
