"""The packaged corpus compiled ahead of time, shipped as package data.

Compiling the packaged corpus (reading 17,000 records, normalising every label and term,
merging the vocabulary, indexing the notices) costs several times what cleaning a small file
does. ``boilerstrip/data/corpus-prebuilt.bin`` holds the result: the state of each compiled
part (``labels``: :class:`~boilerstrip.matching.LabelIndex`, ``notices``:
:class:`~boilerstrip.matching.NoticeMatcher`, ``vocabulary``:
:class:`~boilerstrip.vocabulary.Vocabulary`), which :class:`~boilerstrip.engine.Corpus`
makes the part from when a decision first needs that part, and the content model's
(``content_model``: :class:`~boilerstrip.textmodel.ContentModel`, its weights read from
``content-model-v1.json.gz``). A state is a mapping of named items of plain data (its
``state()``); each item is stored apart and unpacked when the part first reads it (a run
over plain article text reads the label keys and the screen's needles, not the label records
nor the vocabulary's terms), and the biggest items (:data:`PACKED`) are stored as packed
tables (:mod:`boilerstrip.packed`), unpacked bucket by bucket as look-ups need them (a small
file with a banner reads a fifth of the content model's weights and a few notices). A part
made from its state is the part that compiling makes (``tests/test_prebuilt.py`` compares
them).

It is used only when its key is this installation's (:func:`key`): a SHA-256 of the packaged
corpus files, of the data files parts are made from (:data:`DATA`) and of the modules whose
code compiles them (:data:`SOURCES`, this one included), the boilerstrip version, and Python's bytecode tag, marshal format and Unicode
database (normalisation depends on it). Libraries are not in the key: the state is plain
Python data that our code made (the vocabulary's Aho-Corasick automaton is built from it at
run time). A missing, stale or damaged file is ignored: the corpus is then compiled from its
files, as without the file (same results, slower start). Nothing is written at run time.

After changing the packaged corpus or one of :data:`SOURCES`, write the file again with
``python -m boilerstrip.prebuilt`` (the test suite fails until then). Another Python version
than the one that wrote it (its bytecode tag is in the key) compiles instead.

Format: ``MAGIC``, the header's length (4 bytes, little-endian), the header (marshal:
``{"key": key(), "parts": {part: {item: (offset, length)}}}``, offsets after the header),
then one marshal blob per item (a packed table's blob holds its buckets' blobs). marshal is used because it is the fastest loader of plain data in the
standard library; it is for trusted data only, which this file, shipped inside the package
like the code, is.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import unicodedata
from typing import Any, Iterator, Mapping

from .corpus import packaged_files
from .files import package_data, package_view
from .packed import pack_map, pack_seq, table

FILE = "corpus-prebuilt.bin"
MAGIC = b"BSPREBUILT2\n"
#: The parts, by the names Corpus asks for (and the content model's, ContentModel.packaged).
PARTS = ("labels", "notices", "vocabulary", "content_model")
#: The modules whose code turns the corpus files and the model into parts (their source is in
#: the key).
SOURCES = ("corpus.py", "matching.py", "packed.py", "prebuilt.py", "text.py", "textmodel.py", "vocabulary.py")
#: The data files besides the corpus's that parts are made from (their bytes are in the key).
DATA = ("content-model-v1.json.gz",)
#: Items stored as packed tables (boilerstrip.packed): unpacked bucket by bucket as look-ups
#: need them, so that a small run reads a few buckets of them, not all.
PACKED = {("labels", "keys"): pack_map, ("labels", "entries"): pack_seq, ("labels", "row_words"): pack_map,
          ("notices", "templates"): pack_seq, ("notices", "index"): pack_map, ("vocabulary", "exact"): pack_map,
          ("vocabulary", "prefix_key"): pack_map, ("content_model", "weights"): pack_map}


def key() -> dict[str, str | int] | None:
    """What the prebuilt file must have been made from to be used here; None when the
    packaged files cannot be read (the file is then never used)."""
    from . import __version__  # not at import: the package imports this module first

    digest = hashlib.sha256()
    try:
        for parts in [*(("corpus", name) for name in packaged_files()), *(("data", name) for name in DATA),
                      *((name,) for name in SOURCES)]:
            data = package_data(*parts)
            digest.update(f"{'/'.join(parts)}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    return {"sources": digest.hexdigest(), "boilerstrip": __version__, "python": sys.implementation.cache_tag or "",
            "marshal": marshal.version, "unicode": unicodedata.unidata_version}


class State(Mapping[str, Any]):
    """One part's state in a prebuilt file: each item is unpacked on first access (once all
    are, the file's bytes are no longer held for it); an item stored as a packed table
    (:data:`PACKED`) reads as a :class:`~boilerstrip.packed.PackedMap` or
    :class:`~boilerstrip.packed.PackedSeq`, equal to the plain item."""

    def __init__(self, blobs: memoryview, items: dict[str, tuple[int, int]], part: str = "") -> None:
        self._blobs: memoryview | None = blobs
        self._items, self._unpacked, self._part = items, {}, part

    def __getitem__(self, item: str) -> Any:
        if item not in self._unpacked:
            offset, length = self._items[item]
            blob = self._blobs[offset : offset + length]
            self._unpacked[item] = table(blob) if (self._part, item) in PACKED else marshal.loads(blob)
            if len(self._unpacked) == len(self._items):
                self._blobs = None
        return self._unpacked[item]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class Prebuilt:
    """The parts' states in a prebuilt file (made by :func:`load`)."""

    def __init__(self, blobs: memoryview, parts: dict[str, dict[str, tuple[int, int]]]) -> None:
        self._blobs, self._parts = blobs, parts

    def state(self, part: str) -> State:
        """The state of ``part`` (one of :data:`PARTS`), for that class's ``from_state``."""
        return State(self._blobs, self._parts[part], part)


def _spans_fit(parts: object, size: int) -> bool:
    """Whether the header's table holds every part, each item a span inside the blobs."""
    return isinstance(parts, dict) and set(parts) == set(PARTS) and all(
        isinstance(items, dict) and all(isinstance(span, tuple) and len(span) == 2 and 0 <= span[0]
                                        and 0 <= span[1] and span[0] + span[1] <= size for span in items.values())
        for items in parts.values())


def load(raw: bytes | None = None) -> Prebuilt | None:
    """The packaged prebuilt file (or ``raw``, the bytes of one), if it is whole and its key is
    this installation's; None otherwise (then the corpus is compiled from its files)."""
    if raw is None:
        try:
            raw = package_view("data", FILE)
        except (OSError, ValueError):
            return None
    data = memoryview(raw)
    start = len(MAGIC) + 4
    if data[: len(MAGIC)] != MAGIC or len(data) < start:
        return None
    end = start + int.from_bytes(data[len(MAGIC) : start], "little")
    try:
        header = marshal.loads(data[start:end])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(header, dict) or not _spans_fit(header.get("parts"), len(data) - end):
        return None
    if header.get("key") != key():
        return None
    return Prebuilt(data[end:], header["parts"])


def build(states: dict[str, Mapping[str, Any]], made_from: dict | None = None) -> bytes:
    """The bytes of a prebuilt file holding ``states`` (a state for each of :data:`PARTS`),
    under ``made_from`` (default: this installation's :func:`key`)."""
    blobs, parts, offset = [], {}, 0
    for name in PARTS:
        parts[name] = {}
        for item, value in states[name].items():
            packer = PACKED.get((name, item))
            blob = marshal.dumps(value) if packer is None else packer(value)
            parts[name][item] = (offset, len(blob))
            blobs.append(blob)
            offset += len(blob)
    header = marshal.dumps({"key": key() if made_from is None else made_from, "parts": parts})
    return b"".join([MAGIC, len(header).to_bytes(4, "little"), header, *blobs])


def compiled_states() -> dict[str, object]:
    """The state of every part, compiled now from the packaged corpus files."""
    from .corpus import packaged_entries
    from .matching import LabelIndex, NoticeMatcher
    from .textmodel import ContentModel
    from .vocabulary import Vocabulary

    entries = packaged_entries()
    return {"labels": LabelIndex(entries).state(), "notices": NoticeMatcher(entries).state(),
            "vocabulary": Vocabulary(entries).state(), "content_model": ContentModel.from_file().state()}


def main() -> int:
    """Write the packaged prebuilt file anew (``python -m boilerstrip.prebuilt``)."""
    from .files import write_atomic

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", FILE)
    data = build(compiled_states())
    write_atomic(path, data)
    print(f"wrote {path} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
