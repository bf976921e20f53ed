"""Big tables of plain data stored in buckets, each unpacked when a look-up first needs it.

A prebuilt file (:mod:`boilerstrip.prebuilt`) holds some of its items this way: a run that
looks up a few keys (one small file) unpacks the few buckets holding them, not the whole
table; a run that keeps looking things up (a batch) soon unpacks the rest at once
(:data:`FULL_AFTER`). A table reads as the plain data it was packed from (a dict, or a tuple),
equal to it, so what is made from it is what the plain data makes.

- :class:`PackedMap`: a dict with non-empty string keys, in buckets by the keys' first two
  characters (:func:`bucket_of`): a look-up by n-grams or words names its buckets cheaply.
- :class:`PackedSeq`: a tuple, in chunks of :data:`SEQ_CHUNK` items.

Pure: bytes in, objects out (``marshal``: for trusted data only, as the prebuilt file is).
"""

from __future__ import annotations

import marshal
from array import array
from typing import Any, Iterable, Iterator, Mapping, Sequence

#: A map is stored in about one bucket per this many keys (a power of two buckets) ...
MAP_BUCKET_KEYS = 64
#: ... each key in the bucket its first two characters name (see bucket_of).
#: A sequence is stored in chunks of this many items.
SEQ_CHUNK = 64
#: After this many look-ups that unpacked something, a table unpacks everything left.
FULL_AFTER = 64

#: How a packed table is stored: the header's length (4 bytes, little-endian), the header
#: (marshal: ``(KIND, offsets, size)``: ``offsets`` the bytes of an ``array('q')`` holding
#: where each bucket's marshal blob starts after the header, and where the last one ends;
#: ``size`` the number of keys or items), then the buckets' blobs, in order.
MAP, SEQ = "packed-map", "packed-seq"


def bucket_of(key: str, buckets: int) -> int:
    """The bucket of a map of ``buckets`` buckets (a power of two) that holds ``key``: by
    its first two characters (every process, every run the same; PackedMap.having computes
    the same inline)."""
    return (ord(key[0]) * 1031 + ord(key[1])) & (buckets - 1) if len(key) > 1 else ord(key) & (buckets - 1)


def _stored(kind: str, blobs: list[bytes], size: int) -> bytes:
    offsets = array("q", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    header = marshal.dumps((kind, offsets.tobytes(), size))
    return b"".join([len(header).to_bytes(4, "little"), header, *blobs])


def pack_map(mapping: Mapping[str, Any]) -> bytes:
    """``mapping`` (string keys, none empty) as a packed map (each bucket's keys in the
    mapping's order)."""
    buckets = 1
    while buckets * MAP_BUCKET_KEYS < len(mapping):
        buckets *= 2
    parts: list[dict[str, Any]] = [{} for _ in range(buckets)]
    for key, value in mapping.items():
        parts[bucket_of(key, buckets)][key] = value
    return _stored(MAP, [marshal.dumps(part) for part in parts], len(mapping))


def pack_seq(items: Sequence[Any]) -> bytes:
    """``items`` as a packed sequence."""
    return _stored(SEQ, [marshal.dumps(tuple(items[k : k + SEQ_CHUNK])) for k in range(0, len(items), SEQ_CHUNK)],
                   len(items))


def table(stored: memoryview) -> "PackedMap | PackedSeq":
    """The table that ``stored`` (the bytes :func:`pack_map` or :func:`pack_seq` made) holds;
    its buckets are read from ``stored`` (not copied) as look-ups need them. Raises ValueError
    for bytes that are no packed table."""
    end = 4 + int.from_bytes(stored[:4], "little")
    try:
        kind, raw, size = marshal.loads(stored[4:end])
        offsets = array("q", raw)
    except (EOFError, TypeError, ValueError) as exc:
        raise ValueError(f"not a packed table: {exc}") from None
    if kind not in (MAP, SEQ) or not offsets or offsets[-1] > len(stored) - end:
        raise ValueError("not a packed table")
    return (PackedMap if kind == MAP else PackedSeq)(offsets, stored[end:], size)


class PackedMap(Mapping[str, Any]):
    """A dict unpacked bucket by bucket. :meth:`having` is the fast path: it unpacks the
    buckets of the named keys and returns the dict of everything unpacked so far (a plain dict,
    to read in a loop)."""

    __slots__ = ("_offsets", "_packed", "_blob", "_size", "_loaded", "_calls")

    def __init__(self, offsets: array, blob: memoryview, size: int) -> None:
        self._offsets, self._blob, self._size, self._loaded, self._calls = offsets, blob, size, {}, 0
        self._packed: set[int] | None = set(range(len(offsets) - 1)) or None  # buckets not unpacked yet

    def _unpack(self, k: int) -> None:
        self._packed.discard(k)
        self._loaded.update(marshal.loads(self._blob[self._offsets[k] : self._offsets[k + 1]]))
        if not self._packed:
            self._packed = self._blob = None

    @property
    def unpacked(self) -> bool:
        """Whether every bucket is unpacked (what :meth:`having` returns is then the whole
        dict, for good)."""
        return self._packed is None

    def whole(self) -> dict[str, Any]:
        """Every key unpacked: the plain dict (unpacking what is left)."""
        if self._packed is not None:
            for k in sorted(self._packed):
                self._unpack(k)
        return self._loaded

    def having(self, keys: Iterable[str]) -> dict[str, Any]:
        """The unpacked dict, holding (at least) every one of ``keys`` that the table has."""
        packed = self._packed
        if packed is None:
            return self._loaded
        self._calls += 1
        if self._calls > FULL_AFTER:
            return self.whole()
        mask = len(self._offsets) - 2  # buckets - 1 (see bucket_of)
        for k in packed.intersection({(ord(key[0]) * 1031 + ord(key[1])) & mask if len(key) > 1
                                      else ord(key) & mask for key in keys if key}):
            self._unpack(k)
        return self._loaded

    def __getitem__(self, key: str) -> Any:
        return self.having((key,))[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.having((key,)).get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self.having((key,))

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        return self._size

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self.whole() == (other.whole() if isinstance(other, PackedMap) else dict(other.items()))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedMap({self._size} keys, {0 if self._packed is None else len(self._packed)} buckets packed)"


class PackedSeq(Sequence[Any]):
    """A tuple unpacked chunk by chunk; equal to the tuple it was packed from."""

    __slots__ = ("_offsets", "_blob", "_size", "_chunks", "_unpacked")

    def __init__(self, offsets: array, blob: memoryview, size: int) -> None:
        self._offsets, self._blob, self._size = offsets, blob, size
        self._chunks: list[tuple | None] = [None] * (len(offsets) - 1)
        self._unpacked = 0

    def _chunk(self, k: int) -> tuple:
        chunk = self._chunks[k]
        if chunk is None:
            chunk = self._chunks[k] = marshal.loads(self._blob[self._offsets[k] : self._offsets[k + 1]])
            self._unpacked += 1
            if self._unpacked == len(self._chunks):
                self._blob = None
        return chunk

    def whole(self) -> tuple:
        """Every item, as the plain tuple."""
        return tuple(item for k in range(len(self._chunks)) for item in self._chunk(k))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self.whole()[i]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError("packed sequence index out of range")
        return self._chunk(i // SEQ_CHUNK)[i % SEQ_CHUNK]

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        for k in range(len(self._chunks)):
            yield from self._chunk(k)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedSeq):
            return self.whole() == other.whole()
        if isinstance(other, tuple):
            return self.whole() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PackedSeq({self._size} items)"
