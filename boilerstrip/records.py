"""JSON Lines records in and out: the corpus-builder's format (Dolma, datatrove).

One JSON object per line, such as ``{"id": "…", "text": "…", "metadata": {"url": "…"}}``.
Everything streams: a file is read line by line and each output line is written before the
next input line is read, so memory does not grow with the number of records (only with the
longest line).

- **Compression by extension**, for input and output alike: ``.gz`` (standard library gzip),
  ``.zst`` / ``.zstd`` (the ``zstandard`` package), anything else plain.
- **Malformed lines are never dropped**: a line that is not UTF-8, not JSON, not an object,
  or has no string text field comes out of :func:`iter_records` as a :class:`Malformed` item
  with its file, line number, reason and exact bytes; :func:`process_records` passes it
  through unchanged, or a caller sends it to a rejects file (:func:`write_records`).
- **Other fields stay byte-identical**: the cleaned text is spliced into the original line in
  place of the old string value (found by a JSON-aware scan of the top-level object); nothing
  else of the line is re-serialised. A record whose text loses nothing is written back as the
  very same bytes.
- **Attributes, Dolma-style**: one line per output record,
  ``{"id": <id>, "attributes": {"boilerstrip__<rule>": [[start, end, score], …], …}}`` with
  one key per rule (empty lists included, so the schema is fixed). ``start``/``end`` are
  character offsets (Unicode code points, Python ``str`` indices) into the record's
  *original* text; ``[start, end)`` is everything the removed paragraph owns: its lines, its
  line ending and the blank lines after it. ``score`` is the evidence score of that rule
  (0–100 similarity for matches; vocabulary density × 100; documents for ``repeated``).

Library-level API (the command line is wired separately)::

    from boilerstrip.records import read_records, process_records, write_records
    items = read_records("data.jsonl.zst")
    write_records(process_records(items, options, repetition), "out.jsonl.gz",
                  attributes="attrs.jsonl.gz", rejects="rejects.jsonl")
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from .engine import Options, Result, analyze
from .files import TMP_SUFFIX, InputError, os_reason
from .repetition import MIN_REPEAT, Counts, Repetition
from .result import Rule
from .sites import site_of

#: Default names of the record fields.
TEXT_FIELD = "text"
ID_FIELD = "id"
#: Where a record's URL is looked for, in order (dotted paths into nested objects).
URL_FIELDS = ("url", "metadata.url")
#: Prefix of the attribute names (Dolma's ``<tagger>__<attribute>``).
ATTRIBUTE_PREFIX = "boilerstrip__"

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


#: A record file cannot be opened, read or written: the library's one input error, so the
#: command line reports it like any other (``str()`` is ``<path>: <what happened>``).
RecordsError = InputError


@dataclass(frozen=True, slots=True)
class Malformed:
    """A line that is not a usable record: kept byte for byte so it can be written out
    unchanged or to a rejects file. ``line`` counts from 1; ``raw`` has no line ending."""

    file: str
    line: int
    reason: str
    raw: bytes
    newline: bytes = b"\n"  # the line's ending: b"\n", b"\r\n" or b"" (last line)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Record:
    """One well-formed record.

    ``raw`` is the line without its ending (``newline``); ``source`` the decoded line (the
    same characters); ``span`` the ``[start, end)`` character range, in ``source``, of the
    text field's JSON string value including its quotes; ``text`` that value decoded;
    ``fields`` the whole parsed object (the text field included).
    """

    file: str
    line: int
    raw: bytes
    newline: bytes
    source: str
    span: tuple[int, int]
    text: str
    fields: dict[str, Any]
    id_field: str = ID_FIELD

    @property
    def id(self) -> Any:
        """The id field's value (any JSON value), or None when absent."""
        return self.fields.get(self.id_field)

    def url(self, paths: Iterable[str] = URL_FIELDS) -> str | None:
        """The first string found at one of the dotted ``paths`` (``"metadata.url"``)."""
        for path in paths:
            value: Any = self.fields
            for part in path.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str) and value:
                return value
        return None

    def site(self, paths: Iterable[str] = URL_FIELDS) -> str | None:
        """The registrable domain of the record's URL (:func:`boilerstrip.sites.site_of`)."""
        return site_of(self.url(paths))

    def with_text(self, text: str) -> bytes:
        """The line (without its ending) with the text value replaced by ``text``; every
        other byte unchanged. The new value is escaped like the old one: ASCII-only
        (``\\uXXXX``) when the old value was, raw UTF-8 otherwise."""
        if text == self.text:
            return self.raw
        a, b = self.span
        ascii_only = self.source[a:b].isascii()
        value = json.dumps(text, ensure_ascii=ascii_only)
        try:
            return (self.source[:a] + value + self.source[b:]).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (legal escaped JSON) cannot be raw UTF-8
            value = json.dumps(text, ensure_ascii=True)
            return (self.source[:a] + value + self.source[b:]).encode("utf-8")


# --- opening files ---------------------------------------------------------------------------

def compression_of(path: str | os.PathLike) -> str | None:
    """``"gzip"``, ``"zstd"`` or None (plain), from the file name's extension."""
    name = os.fspath(path).lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith((".zst", ".zstd")):
        return "zstd"
    return None


def open_input(path: str | os.PathLike) -> IO[bytes]:
    """A binary, buffered, decompressing stream over a record file (``-``: standard input,
    plain). Raises :class:`RecordsError` for a missing file, a directory, a FIFO or device."""
    return _open(os.fspath(path))[0]


def _open(name: str) -> tuple[IO[bytes], IO[bytes] | None]:
    """The decompressing stream and the file under it (None for standard input)."""
    if name == "-":
        return sys.stdin.buffer, None
    try:
        st = os.stat(name)
        if stat.S_ISDIR(st.st_mode):
            raise RecordsError(name, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise RecordsError(name, "not a regular file (FIFO, socket or device); not read")
        kind = compression_of(name)
        if kind == "gzip":
            gz = gzip.open(name, "rb")  # owns (and closes) the file
            return gz, gz.fileobj
        fh = open(name, "rb")
    except OSError as exc:
        raise RecordsError(name, os_reason(exc)) from None
    if kind == "zstd":
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(fh, closefd=True)), fh
    return fh, fh


class _Compressor:
    """Streaming compression of output bytes, chosen by extension."""

    def __init__(self, kind: str | None, level: int | None) -> None:
        self.kind = kind
        if kind == "gzip":
            import zlib

            self._obj = zlib.compressobj(6 if level is None else level, zlib.DEFLATED, 31)
        elif kind == "zstd":
            import zstandard

            self._obj = zstandard.ZstdCompressor(level=3 if level is None else level).compressobj()

    def compress(self, data: bytes) -> bytes:
        return data if self.kind is None else self._obj.compress(data)

    def flush(self) -> bytes:
        return b"" if self.kind is None else self._obj.flush()


class Output:
    """A record output file written atomically and compressed by its extension.

    Use as a context manager: bytes go to a temporary file beside ``path``; on a clean exit
    the compressed stream is finished and the temporary file renamed to ``path``; on an
    exception it is removed and ``path`` is untouched. ``-`` writes plain to standard output.
    Raises :class:`RecordsError` naming ``path`` when it cannot be written.
    """

    BUFFER = 1 << 20

    def __init__(self, path: str | os.PathLike, level: int | None = None) -> None:
        self.path = os.fspath(path)
        self._stdout = self.path == "-"
        self._comp = _Compressor(None if self._stdout else compression_of(self.path), level)
        self._buf: list[bytes] = []
        self._size = 0
        self._fh: IO[bytes] | None = None
        self._tmp: str | None = None

    def __enter__(self) -> "Output":
        if self._stdout:
            self._fh = sys.stdout.buffer
            return self
        target = Path(self.path)
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=TMP_SUFFIX,
                                             dir=target.parent if str(target.parent) else ".")
        except OSError as exc:
            raise RecordsError(self.path, f"cannot write: {os_reason(exc)}") from None
        self._fh = os.fdopen(fd, "wb")
        return self

    def write(self, data: bytes) -> None:
        self._buf.append(data)
        self._size += len(data)
        if self._size >= self.BUFFER:
            self._drain()

    def _drain(self) -> None:
        if self._buf:
            chunk = self._comp.compress(b"".join(self._buf))
            self._buf, self._size = [], 0
            if chunk:
                self._fh.write(chunk)

    def __exit__(self, kind, exc, tb) -> None:
        if self._stdout:
            if kind is None:
                self._drain()
                self._fh.flush()
            return
        try:
            if kind is None:
                self._drain()
                self._fh.write(self._comp.flush())
            self._fh.close()
            if kind is None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self._tmp, 0o666 & ~umask)
                os.replace(self._tmp, self.path)
                self._tmp = None
        except OSError as err:
            raise RecordsError(self.path, f"cannot write: {os_reason(err)}") from None
        finally:
            if self._tmp is not None:
                try:
                    os.unlink(self._tmp)
                except OSError:
                    pass


# --- reading ---------------------------------------------------------------------------------

def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def _scan_object(s: str, start: int, text_field: str) -> tuple[dict, tuple[int, int] | None]:
    """Parse the top-level JSON object in ``s`` from ``start``; return it and the span of the
    (last) ``text_field`` value. Raises ValueError with a reason."""
    i = _skip_ws(s, start)
    if i >= len(s) or s[i] != "{":
        # Valid JSON that is not an object gets its own reason.
        try:
            _DECODER.raw_decode(s, i)
        except ValueError:
            raise ValueError("not valid JSON") from None
        raise ValueError("not a JSON object")
    obj: dict = {}
    span = None
    i = _skip_ws(s, i + 1)
    if i < len(s) and s[i] == "}":
        i += 1
    else:
        while True:
            if i >= len(s) or s[i] != '"':
                raise ValueError("not valid JSON (expected a key)")
            key, i = json.decoder.scanstring(s, i + 1)
            i = _skip_ws(s, i)
            if i >= len(s) or s[i] != ":":
                raise ValueError("not valid JSON (expected ':')")
            i = _skip_ws(s, i + 1)
            value, end = _DECODER.raw_decode(s, i)
            obj[key] = value
            if key == text_field:
                span = (i, end)
            i = _skip_ws(s, end)
            if i < len(s) and s[i] == ",":
                i = _skip_ws(s, i + 1)
                continue
            if i < len(s) and s[i] == "}":
                i += 1
                break
            raise ValueError("not valid JSON (expected ',' or '}')")
    if _skip_ws(s, i) != len(s):
        raise ValueError("not valid JSON (extra data after the object)")
    return obj, span


def parse_line(raw: bytes, file: str, line: int, newline: bytes = b"\n",
               text_field: str = TEXT_FIELD, id_field: str = ID_FIELD) -> Record | Malformed:
    """One line (without its ending) as a :class:`Record`, or a :class:`Malformed` saying why."""
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Malformed(file, line, f"not valid UTF-8 (byte {exc.start + 1})", raw, newline)
    start = 1 if line == 1 and source.startswith("\ufeff") else 0
    try:
        fields, span = _scan_object(source, start, text_field)
    except (ValueError, RecursionError) as exc:
        reason = str(exc) if str(exc).startswith("not ") else "not valid JSON"
        return Malformed(file, line, reason, raw, newline)
    if span is None:
        return Malformed(file, line, f"no '{text_field}' field", raw, newline)
    text = fields.get(text_field)
    if not isinstance(text, str):
        return Malformed(file, line, f"'{text_field}' is not a string", raw, newline)
    return Record(file, line, raw, newline, source, span, text, fields, id_field)


def iter_records(stream: Iterable[bytes], file: str, text_field: str = TEXT_FIELD,
                 id_field: str = ID_FIELD, start: int = 1) -> Iterator[Record | Malformed]:
    """Records of a binary stream (or any iterable of lines as bytes), lazily, in order, one
    item per line, numbered from ``start``. Blank lines (only spaces) are :class:`Malformed`
    too ("blank line"): nothing is dropped silently."""
    for number, chunk in enumerate(stream, start):
        if chunk.endswith(b"\r\n"):
            raw, newline = chunk[:-2], b"\r\n"
        elif chunk.endswith(b"\n"):
            raw, newline = chunk[:-1], b"\n"
        else:
            raw, newline = chunk, b""
        if not raw.strip():
            yield Malformed(file, number, "blank line", raw, newline)
            continue
        yield parse_line(raw, file, number, newline, text_field, id_field)


def read_records(path: str | os.PathLike, text_field: str = TEXT_FIELD, id_field: str = ID_FIELD,
                 progress: Callable[[int], None] | None = None) -> Iterator[Record | Malformed]:
    """Records of a file (decompressed by extension; ``-`` is standard input), lazily.

    The file is opened on first iteration and closed when the iteration ends. ``progress``,
    when given, is called after each line with the bytes of the *file* read so far (compressed
    bytes for compressed input, read ahead by up to a buffer; never called for standard input):
    compare with ``os.path.getsize`` for a progress bar and an ETA. Raises
    :class:`RecordsError` when the file cannot be opened or read (truncated or corrupt
    compression).
    """
    name = os.fspath(path)
    fh, raw = _open(name)
    try:
        for item in iter_records(fh, name, text_field, id_field):
            yield item
            if progress is not None and raw is not None:
                progress(raw.tell())
    except (OSError, EOFError) as exc:
        raise RecordsError(name, f"cannot read: {exc}") from None
    except Exception as exc:  # zstandard.ZstdError is not an OSError
        if type(exc).__name__ != "ZstdError":
            raise
        raise RecordsError(name, f"cannot read: {exc}") from None
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


# --- cleaning --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Processed:
    """What :func:`process_records` made of one input line.

    ``line``: the output line with its ending (bytes; the input's line unchanged for a
    malformed line or a record with nothing removed). ``attributes``: the attributes line
    with ending, or None for a malformed line. ``result``: the analysis, None for a malformed
    line. ``item``: the input item.
    """

    item: Record | Malformed
    line: bytes
    attributes: bytes | None
    result: Result | None

    @property
    def malformed(self) -> bool:
        return isinstance(self.item, Malformed)


def attributes_of(result: Result) -> dict[str, list[list]]:
    """Dolma-style attributes of one analysis: ``{"boilerstrip__<rule>": [[start, end, score],
    …]}`` for every rule (empty lists included), spans in characters of the original text."""
    out: dict[str, list[list]] = {ATTRIBUTE_PREFIX + rule.value: [] for rule in Rule}
    for p in result.removed:
        e = p.evidence[0]
        out[ATTRIBUTE_PREFIX + e.rule.value].append([p.span.start, p.span.end, round(e.score, 3)])
    return out


def attributes_line(record_id: Any, attributes: dict[str, list[list]], newline: bytes = b"\n") -> bytes:
    """One attributes line: ``{"id": …, "attributes": {…}}`` (compact JSON, UTF-8; an id with
    a lone surrogate goes out escaped)."""
    value = {"id": record_id, "attributes": attributes}
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + newline
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("utf-8") + newline


def _judging(repetition: Repetition | None, record: Record, url_fields: Iterable[str]) -> Repetition | None:
    if repetition is None or not repetition.site_docs:
        return repetition
    return repetition.for_site(record.site(url_fields))


@dataclass
class Stats:
    """Running totals of a :func:`process_records` run (update as items stream by)."""

    records: int = 0
    malformed: int = 0
    changed: int = 0  # records with at least one paragraph removed
    paragraphs: int = 0
    removed: Counter = field(default_factory=Counter)  # rule -> paragraphs removed
    bytes_in: int = 0  # uncompressed input bytes, line endings included

    def add(self, other: "Stats") -> None:
        """Add another run's totals to these."""
        self.records += other.records
        self.malformed += other.malformed
        self.changed += other.changed
        self.paragraphs += other.paragraphs
        self.removed.update(other.removed)
        self.bytes_in += other.bytes_in


def process_records(items: Iterable[Record | Malformed], options: Options = Options(),
                    repetition: Repetition | None = None, url_fields: Iterable[str] = URL_FIELDS,
                    stats: Stats | None = None) -> Iterator[Processed]:
    """Clean each record's text; pass malformed lines through. Lazy, in input order.

    ``repetition`` comes from :func:`count_records` over the same batch (None: single-document
    evidence only, like ``--no-repeat``). When it holds per-site counts, a record with a URL
    (``url_fields``) is judged with its site's counts, one without with the batch-wide ones.
    ``stats``, when given, is updated as items go by.
    """
    url_fields = tuple(url_fields)
    for item in items:
        if stats is not None:
            stats.bytes_in += len(item.raw) + len(item.newline)
        if isinstance(item, Malformed):
            if stats is not None:
                stats.malformed += 1
            yield Processed(item, item.raw + item.newline, None, None)
            continue
        result = analyze(item.text, options, _judging(repetition, item, url_fields))
        removed = result.removed
        line = item.with_text(result.cleaned()) if removed else item.raw
        if stats is not None:
            stats.records += 1
            stats.paragraphs += len(result.paragraphs)
            stats.changed += bool(removed)
            stats.removed.update(p.evidence[0].rule.value for p in removed)
        newline = item.newline or b"\n"
        yield Processed(item, line + item.newline, attributes_line(item.id, attributes_of(result), newline),
                        result)


def clean_records(records: Iterable[Record | Malformed | bytes], options: Options = Options(),
                  repetition: Repetition | None = None, text_field: str = TEXT_FIELD,
                  id_field: str = ID_FIELD) -> Iterator[bytes]:
    """Output lines (bytes, with their endings): each record with its text field cleaned and
    every other byte unchanged; malformed lines unchanged.

    ``records`` are items of :func:`read_records` / :func:`iter_records`, or raw lines
    (``bytes``, with or without their endings), which are parsed here with ``text_field`` and
    ``id_field`` (file name ``"<lines>"``, lines numbered from 1).
    """
    def items() -> Iterator[Record | Malformed]:
        for number, item in enumerate(records, 1):
            if isinstance(item, (bytes, bytearray)):
                yield from iter_records([bytes(item)], "<lines>", text_field, id_field, start=number)
            else:
                yield item

    for done in process_records(items(), options, repetition):
        yield done.line


def output_lines(processed: Iterable[Processed], attributes: "Output | None" = None,
                 rejects: "Output | None" = None) -> Iterator[bytes]:
    """The output lines of ``processed``, in order, while each item's attributes line and
    rejected line are written to ``attributes`` and ``rejects`` (when given) as it goes by
    (routing as :func:`write_records` describes)."""
    for done in processed:
        if done.malformed:
            if rejects is not None:
                rejects.write(done.line)
                continue
            if attributes is not None:
                attributes.write(attributes_line(None, {}, done.item.newline or b"\n"))
        elif attributes is not None:
            attributes.write(done.attributes)
        yield done.line


def compressed(chunks: Iterable[bytes], path: str | os.PathLike, level: int | None = None,
               buffer: int = 1 << 20) -> Iterator[bytes]:
    """``chunks`` compressed by the extension of ``path`` (plain when it has none), in
    pieces of about ``buffer`` input bytes: a stream to hand to a writer."""
    comp = _Compressor(None if os.fspath(path) == "-" else compression_of(path), level)
    pending: list[bytes] = []
    size = 0
    for chunk in chunks:
        pending.append(chunk)
        size += len(chunk)
        if size >= buffer:
            out = comp.compress(b"".join(pending))
            pending, size = [], 0
            if out:
                yield out
    out = comp.compress(b"".join(pending)) + comp.flush()
    if out:
        yield out


def write_records(processed: Iterable[Processed], output: str | os.PathLike,
                  attributes: str | os.PathLike | None = None,
                  rejects: str | os.PathLike | None = None) -> None:
    """Write processed items to ``output`` (and optionally ``attributes``, ``rejects``), each
    atomically and compressed by its extension.

    Without ``rejects``, malformed lines stay in ``output`` unchanged and get an attributes
    line ``{"id": null, "attributes": {}}`` so that both files stay aligned line by line;
    with it, they go to ``rejects`` (unchanged) and to neither of the others.
    """
    from contextlib import ExitStack

    with ExitStack() as stack:
        out = stack.enter_context(Output(output))
        attrs = stack.enter_context(Output(attributes)) if attributes is not None else None
        rej = stack.enter_context(Output(rejects)) if rejects is not None else None
        for line in output_lines(processed, attrs, rej):
            out.write(line)


# --- the first pass --------------------------------------------------------------------------

def count_records(items: Iterable[Record | Malformed], counts: Counts | None = None,
                  sites: bool = True, url_fields: Iterable[str] = URL_FIELDS) -> Counts:
    """First pass: add every record's text to ``counts`` (a new :class:`Counts` when None),
    with its site when ``sites`` is true and the record has a URL. Malformed lines are
    skipped. Call ``.freeze(min_repeat)`` on the result once every file is counted."""
    counts = Counts() if counts is None else counts
    url_fields = tuple(url_fields)
    for item in items:
        if isinstance(item, Record):
            counts.add_text(item.text, item.site(url_fields) if sites else None)
    return counts


def repetition_of(paths: Iterable[str | os.PathLike], min_repeat: int = MIN_REPEAT,
                  text_field: str = TEXT_FIELD, sites: bool = True,
                  url_fields: Iterable[str] = URL_FIELDS) -> Repetition:
    """Counts over every record of ``paths`` (first pass), frozen."""
    counts = Counts()
    for path in paths:
        count_records(read_records(path, text_field), counts, sites, url_fields)
    return counts.freeze(min_repeat)


class Documents:
    """The ``(site, text)`` pairs of every well-formed record of ``paths``, re-iterable (each
    iteration reads the files again, streaming): what :func:`boilerstrip.learn.learn` and
    :meth:`Repetition.from_documents` take. ``sites=False`` gives None for every site."""

    def __init__(self, paths: Iterable[str | os.PathLike], text_field: str = TEXT_FIELD,
                 sites: bool = True, url_fields: Iterable[str] = URL_FIELDS) -> None:
        self.paths = [os.fspath(p) for p in paths]
        self.text_field, self.sites, self.url_fields = text_field, sites, tuple(url_fields)

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        for path in self.paths:
            for item in read_records(path, self.text_field):
                if isinstance(item, Record):
                    yield (item.site(self.url_fields) if self.sites else None), item.text


def clean_file(source: str | os.PathLike, output: str | os.PathLike, options: Options = Options(),
               repetition: Repetition | None = None, text_field: str = TEXT_FIELD,
               id_field: str = ID_FIELD, attributes: str | os.PathLike | None = None,
               rejects: str | os.PathLike | None = None, url_fields: Iterable[str] = URL_FIELDS) -> Stats:
    """Second pass for one record file: read, clean and write (see :func:`write_records`);
    returns the run's :class:`Stats`."""
    stats = Stats()
    items = read_records(source, text_field, id_field)
    write_records(process_records(items, options, repetition, url_fields, stats), output,
                  attributes, rejects)
    return stats
